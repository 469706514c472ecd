"""Exporting finalized results: the candidate's feedback report (PDF), the Open Badges
credential of an earned submission (JSON), and one CSV of every finalized submission.

The files are made by :mod:`assessor_app.results`; this module finds what to export in the
workspace (the lead's finalized submissions), proposes file names made of the opaque
submission code only, and asks where to save through an injectable chooser (tests pass a
function; the app shows a save dialog). Issuer details for Open Badges are asked once and
remembered in the settings.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from assessor_app.domain.model import Manifest
from assessor_app.results.final import FinalResult, final_result
from assessor_app.workspace import SubmissionStatus, SubmissionSummary, Workspace

ChoosePath = Callable[[str, Path, str], Path | None]  # (title, proposed path, filter)

ISSUER_KEYS = ("lead/issuer_id", "lead/issuer_name", "lead/evidence_base_url")


def safe_code(submission_id: str) -> str:
    """The submission code as a file-name part: ASCII letters, digits and ``._-`` only."""
    return "".join(
        ch if ch.isascii() and (ch.isalnum() or ch in "._-") else "_" for ch in submission_id
    )


def badge_file_name(submission_id: str) -> str:
    return f"badge-{safe_code(submission_id)}.json"


def csv_file_name(today: date) -> str:
    return f"finalized-results-{today.isoformat()}.csv"


def finalized(workspace: Workspace) -> list[SubmissionSummary]:
    """The lead's finalized submissions, by id."""
    rows = [
        s
        for s in workspace.submissions()
        if s.role == "lead" and s.status is SubmissionStatus.SUBMITTED
    ]
    return sorted(rows, key=lambda s: s.id)


def is_finalized(workspace: Workspace, submission_id: str) -> bool:
    return any(s.id == submission_id for s in finalized(workspace))


def final_of(workspace: Workspace, summary: SubmissionSummary) -> tuple[Manifest, FinalResult]:
    """The manifest and final result of a finalized submission.

    The finalize time is the submission's last change (``updated_at``): once finalized,
    nothing of it changes any more, so that is the moment of the lead's submit.
    """
    manifest = workspace.submission(summary.id).manifest
    judgments = {t: (j.level, j.comment) for t, j in workspace.judgments(summary.id).items()}
    return manifest, final_result(manifest, judgments, summary.updated_at)


def summary_of(workspace: Workspace, submission_id: str) -> SubmissionSummary | None:
    return next((s for s in finalized(workspace) if s.id == submission_id), None)


def ask_save_path(parent: QWidget | None) -> ChoosePath:
    """A chooser that shows the platform's save dialog."""

    def choose(title: str, proposed: Path, file_filter: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, str(proposed), file_filter)
        return Path(path) if path else None

    return choose


def default_folder() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()


@dataclass(frozen=True)
class Issuer:
    issuer_id: str
    issuer_name: str
    evidence_base_url: str

    @classmethod
    def load(cls, settings: QSettings | None) -> Issuer:
        if settings is None:
            return cls("", "", "")
        values = [str(settings.value(key, "") or "") for key in ISSUER_KEYS]
        return cls(*values)

    def save(self, settings: QSettings | None) -> None:
        if settings is None:
            return
        for key, value in zip(
            ISSUER_KEYS, (self.issuer_id, self.issuer_name, self.evidence_base_url), strict=True
        ):
            settings.setValue(key, value)


class IssuerDialog(QDialog):
    """Who issues the badge, and where the evidence will be published."""

    def __init__(self, issuer: Issuer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open Badges issuer")
        self.issuer_id = QLineEdit(issuer.issuer_id)
        self.issuer_id.setPlaceholderText("https://badges.example.org/issuers/leadership")
        self.issuer_id.setAccessibleName("Issuer id (a URL)")
        self.issuer_name = QLineEdit(issuer.issuer_name)
        self.issuer_name.setPlaceholderText("Leadership Micro-credential Program")
        self.issuer_name.setAccessibleName("Issuer name")
        self.evidence = QLineEdit(issuer.evidence_base_url)
        self.evidence.setPlaceholderText("https://evidence.example.org/portfolios/")
        self.evidence.setAccessibleName("Evidence base URL")
        intro = QLabel(
            "The credential is written unsigned: the issuer adds the recipient and signs it. "
            "Evidence links point to the cited pages and times under the evidence URL."
        )
        intro.setWordWrap(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        form = QFormLayout()
        form.addRow("Issuer &id:", self.issuer_id)
        form.addRow("Issuer &name:", self.issuer_name)
        form.addRow("&Evidence URL:", self.evidence)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.sizeHint().height())

    def issuer(self) -> Issuer:
        return Issuer(
            self.issuer_id.text().strip(),
            self.issuer_name.text().strip(),
            self.evidence.text().strip(),
        )


def write_badge(manifest: Manifest, final: FinalResult, issuer: Issuer, path: Path) -> Path:
    """The unsigned Open Badges credential of an earned ``final`` as JSON at ``path``."""
    from assessor_app.atomic_files import write_bytes_atomically
    from assessor_app.results.open_badges import achievement_credential

    document = achievement_credential(
        manifest,
        final,
        issuer_id=issuer.issuer_id,
        issuer_name=issuer.issuer_name,
        evidence_base_url=issuer.evidence_base_url,
    )
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return write_bytes_atomically(path, text.encode("utf-8"))


def write_report(manifest: Manifest, final: FinalResult, path: Path) -> Path:
    from assessor_app.results.feedback_report import write_feedback_report

    return write_feedback_report(manifest, final, path)


def write_csv(workspace: Workspace, path: Path) -> int:
    """Every finalized submission into one CSV; returns the number of data rows."""
    from assessor_app.results.csv_export import write_results_csv_file

    results = [final_of(workspace, summary) for summary in finalized(workspace)]
    return write_results_csv_file(results, path)


def report_file_name(final: FinalResult) -> str:
    """ "feedback-<code>.pdf": the results package's own name for the report."""
    from assessor_app.results.feedback_report import report_file_name as name

    return name(final)
