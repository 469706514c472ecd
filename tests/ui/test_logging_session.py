"""A real scoring session in the real main window, logging at DEBUG into the real log file,
with a bug that puts feedback and narrative text into an exception: the log file ends up with
the submission code and the error, and none of the candidate's text or the assessor's
feedback."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from support.bundles import write_sample_bundle

from assessor_app.logging_setup import PRIVACY, configure_logging, shutdown_logging
from assessor_app.ui.app import install_crash_dialog, settings_for
from assessor_app.ui.main_window import MainWindow
from assessor_app.workspace import Workspace

SID = "SUB-TEST-0001"
FEEDBACK = "Say how the staff agreed on the norms, and what you changed after the March meeting."


@pytest.mark.qt_no_exception_capture
def test_no_narrative_or_feedback_reaches_the_log(
    qtbot: QtBot, tmp_path: Path, data_dir: Path
) -> None:
    log_file = configure_logging(tmp_path / "logs", level=10)
    assert log_file is not None
    previous_hook = sys.excepthook
    install_crash_dialog()
    ws = Workspace.open(data_dir)
    try:
        ws.import_bundle(write_sample_bundle(tmp_path / "sample.zip", SID))
        window = MainWindow(ws, settings_for(data_dir))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=10_000)
        window.open_submission(SID)
        scoring = window.scoring
        assert scoring is not None
        session = scoring.session
        narrative = [s.text for p in session.manifest.narratives for s in p.sections]
        artifact = session.manifest.artifacts[0]

        # Judge from the keyboard and write feedback, as an assessor does.
        session.set_current_target("part3")
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # not yet
        window._focus_feedback()
        qtbot.keyClicks(QApplication.focusWidget(), FEEDBACK)
        session.flush_feedback()
        assert ws.judgments(SID)["part3"].comment == FEEDBACK

        # A bug: a slot that puts the feedback, a narrative and a file name in its error.
        def leaky_slot() -> None:
            raise ValueError(
                f"could not render {artifact.path} ({artifact.title}) for "
                f"{SID}: {FEEDBACK} / {narrative[-1]}"
            )

        seen: list[str] = []

        def close_dialog() -> None:
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                seen.append(box.text())
                box.accept()
            else:
                QTimer.singleShot(50, close_dialog)

        QTimer.singleShot(50, close_dialog)
        QTimer.singleShot(0, leaky_slot)
        qtbot.waitUntil(lambda: bool(seen), timeout=20_000)
        window.show_queue()
        window.close()
    finally:
        sys.excepthook = previous_hook
        ws.close()
        shutdown_logging()
        PRIVACY.forget_all()

    content = log_file.read_text(encoding="utf-8")
    assert "ValueError" in content and SID in content  # the error and the code are there
    for secret in (FEEDBACK, *narrative, artifact.title, artifact.path, "a1.pdf"):
        assert secret not in content, f"{secret!r} leaked into the log"
    # The crash dialog shows the cleaned message too.
    assert FEEDBACK not in seen[0] and "saved" in seen[0]
