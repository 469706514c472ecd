"""The artifact pane warns when an artifact's metadata still names a person: a real workspace,
a real bundle imported from a file (not stripped by a portal) and the real viewers."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from support.bundles import sample_manifest
from support.metadata_files import AUTHOR, OWNER, authored_pdf, clean_pdf, identity_jpeg

from assessor_app.bundle.writer import write_bundle
from assessor_app.domain.model import Artifact, ArtifactKind
from assessor_app.ui.scoring.artifact_pane import ArtifactPane
from assessor_app.ui.scoring.metadata_warning import ACCESSIBLE_NAME, MetadataWarning
from assessor_app.ui.scoring.session import ScoringSession
from assessor_app.workspace import Workspace

SID = "SUB-META-UI-01"
HOSTILE = "<b>Bold</b> &amp; <a href='x'>link</a>"


@pytest.fixture
def session(data_dir: Path, tmp_path: Path) -> Iterator[ScoringSession]:
    base = sample_manifest(SID)
    clean = Artifact("a2", "artifacts/a2.pdf", "Clean minutes", ArtifactKind.PDF,
                     "application/pdf", 0, "", page_count=2)  # fmt: skip
    photo = Artifact("p1", "artifacts/p1.jpg", "Photo", ArtifactKind.IMAGE, "image/jpeg", 0, "")
    manifest = dataclasses.replace(base, artifacts=(*base.artifacts, clean, photo))
    bundle = tmp_path / "bundle.zip"
    write_bundle(
        bundle,
        manifest,
        {
            "artifacts/a1.pdf": authored_pdf(tmp_path / "a1.pdf", pages=6),
            "artifacts/a2.pdf": clean_pdf(tmp_path / "a2.pdf"),
            "artifacts/p1.jpg": identity_jpeg()[0],
        },
    )
    workspace = Workspace.open(data_dir)
    scoring = ScoringSession(workspace, workspace.import_bundle(bundle))
    yield scoring
    scoring.close()
    workspace.close()


@pytest.mark.gui
def test_the_warning_names_the_author_and_goes_for_a_clean_artifact(
    session: ScoringSession, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    started = time.perf_counter()
    pane = ArtifactPane(session)  # opens the first artifact, the authored PDF
    opened_in = time.perf_counter() - started
    qtbot.addWidget(pane)
    pane.resize(900, 700)
    pane.show()
    qtbot.waitExposed(pane)

    warning = pane.metadata_warning
    assert warning.isVisible()
    assert warning.text() == (
        f"This document still carries author metadata: {AUTHOR}.  "
        "Report identity exposed if it names the candidate."
    )
    assert warning.accessibleName() == ACCESSIBLE_NAME == "Author metadata warning"
    assert warning.accessibleDescription() == warning.text()
    assert warning.focusPolicy() & Qt.FocusPolicy.TabFocus  # reachable from the keyboard
    assert warning.geometry().bottom() < pane.stack.geometry().top()  # above the viewer
    assert opened_in < 5

    pane.open_artifact("a2")
    assert not warning.isVisible() and warning.text() == ""

    pane.open_artifact("p1")
    assert warning.isVisible()
    assert warning.text().startswith(
        f"This image still carries author metadata: {AUTHOR}; (c) {AUTHOR}; {OWNER}."
    )

    # Back to the PDF: read once per artifact, shown again.
    pane.picker.setCurrentIndex(pane.picker.findData("a1"))
    assert pane.current_artifact() is not None and pane.current_artifact().id == "a1"  # type: ignore[union-attr]
    assert warning.isVisible() and AUTHOR in warning.text()

    # The names are shown to the assessor only: never written to a log.
    assert AUTHOR not in caplog.text and OWNER not in caplog.text
    pane.close_viewers()


@pytest.mark.gui
def test_untrusted_names_are_plain_text_and_many_are_summarised(qtbot: QtBot) -> None:
    warning = MetadataWarning()
    qtbot.addWidget(warning)
    warning.show_names(ArtifactKind.PDF, [HOSTILE, "Two", "Three", "Four", "Five"])
    warning.show()
    qtbot.waitExposed(warning)
    assert warning.textFormat() == Qt.TextFormat.PlainText
    assert warning.text().startswith(f"This document still carries author metadata: {HOSTILE}; ")
    assert "Two; Three and 2 more." in warning.text()
    QApplication.processEvents()
    warning.show_names(ArtifactKind.PDF, [])
    assert warning.isHidden()
