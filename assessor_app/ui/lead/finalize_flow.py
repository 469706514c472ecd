"""The foot of the reconcile panel: the lead's progress, the final result, and Finalize.

Finalizing asks at most two things of the lead, as submitting does in scoring: what is still
missing (every target needs a final level, every needed rationale and feedback must be
written; then nothing happens), or whether they are sure (it cannot be undone). Then the
session submits, which for a lead assignment is the final decision (``Workspace.submit``).
The banner above the panel says when nothing can be decided: before the scores are released,
and after finalizing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from assessor_app.domain.decision import Result, Status
from assessor_app.ui.lead.reconciliation import WAITING_TEXT, Reconciliation
from assessor_app.ui.scoring.submit_flow import Dialogs, blockers_text, result_text
from assessor_app.ui.scoring.tones import Tones, css

FINALIZED_BANNER = "Finalized — the final result is recorded and can no longer change."
WAITING_BANNER = (
    f"{WAITING_TEXT}. You can read the submission now; their scores appear here, and "
    "deciding opens, once both have submitted and the portal released them to you."
)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class FinalizeFooter(QWidget):
    finalized = Signal()

    def __init__(
        self, reconciliation: Reconciliation, dialogs: Dialogs, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._rec = reconciliation
        self._session = reconciliation.session
        self.dialogs = dialogs

        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setAccessibleName("Reconciliation state")
        font = QFont(self.font())
        font.setBold(True)
        self.banner.setFont(font)

        self.progress_label = QLabel()
        self.progress_label.setAccessibleDescription("Your decisions so far")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(self.fontMetrics().height())
        self.progress.setAccessibleName("Reconciliation progress")
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setAccessibleDescription("Final result under the program's rule")
        self.result_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.finalize_button = QPushButton("&Finalize…")
        self.finalize_button.setAccessibleName("Finalize the result")
        self.finalize_button.setAccessibleDescription(
            "Records the final result of this submission (Ctrl+Enter). It cannot be changed "
            "afterwards."
        )
        self.finalize_button.setToolTip("Finalize the result of this submission (Ctrl+Enter)")
        self.finalize_button.clicked.connect(self.finalize)

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(self.fontMetrics().averageCharWidth() * 2)
        grid.addWidget(self.progress_label, 0, 0)
        grid.addWidget(self.progress, 0, 1)
        grid.addWidget(self.result_label, 1, 0, 1, 2)
        grid.addWidget(self.finalize_button, 0, 2, 2, 1, Qt.AlignmentFlag.AlignVCenter)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)

        self._session.result_changed.connect(self.refresh)
        self._session.judgment_changed.connect(self.refresh)
        self._session.locked_changed.connect(self.refresh)
        reconciliation.reloaded.connect(self.refresh)
        self.refresh()

    # --- public ---------------------------------------------------------------------------
    def refresh(self, *_args: object) -> None:
        rec, session = self._rec, self._session
        self._restyle()
        result: Result = session.result()
        total = len(session.rubric.target_ids())
        decided = rec.decided()
        parts = [f"{decided} of {total} decided"]
        if rec.released:
            parts.append(_plural(rec.disagreement_count(), "disagreement", "disagreements"))
            needed = sum(1 for t in session.rubric.target_ids() if rec.rationale_missing(t))
            if needed:
                parts.append(_plural(needed, "rationale", "rationales") + " to write")
        self.progress_label.setText(" · ".join(parts))
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(decided)
        self.progress.setAccessibleDescription(parts[0])
        self.result_label.setText(f"Final result: {result_text(result, session.rubric)}")
        tone = {
            Status.EARNED: self._tones.proficient,
            Status.NOT_YET: self._tones.not_yet,
        }.get(result.status, self._tones.muted)
        self.result_label.setStyleSheet(f"color: {css(tone)}; font-weight: bold;")

        if session.locked:
            self.banner.setText(FINALIZED_BANNER)
        elif not rec.released:
            self.banner.setText(WAITING_BANNER)
        self.banner.setVisible(rec.read_only)
        self.finalize_button.setVisible(not session.locked)
        self.finalize_button.setEnabled(not rec.read_only)

    def finalize(self) -> bool:
        """Run the finalize flow; True when the result was finalized."""
        rec, session = self._rec, self._session
        if rec.read_only:
            return False
        blockers = rec.finalize_blockers()
        if blockers:
            self.dialogs.inform(
                "Not ready to finalize",
                "These must be done before you can finalize:\n\n" + blockers_text(blockers),
            )
            return False
        outcome = result_text(session.result(), session.rubric)
        question = (
            f"Finalize {session.submission_id}? The final result is “{outcome}”. "
            "It cannot be changed afterwards."
        )
        if not self.dialogs.confirm("Finalize the result", question):
            return False
        if not session.submit():
            return False  # the session reported why on its error signal
        self.finalized.emit()
        return True

    # --- style ----------------------------------------------------------------------------
    def _restyle(self) -> None:
        self._tones = Tones.of(self.palette())
        pad = self.fontMetrics().height() // 3
        accent = self._tones.proficient if self._session.locked else self._tones.warning
        self.banner.setStyleSheet(
            f"background: {css(self._tones.tint(accent, self.palette(), 0.2))};"
            f" border: 1px solid {css(accent)}; border-radius: 4px; padding: {pad}px;"
        )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "banner"):
            self.refresh()
