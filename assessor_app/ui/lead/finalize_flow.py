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
from PySide6.QtWidgets import QPushButton, QWidget

from assessor_app.domain.decision import Result
from assessor_app.ui.lead.reconciliation import WAITING_TEXT, Reconciliation
from assessor_app.ui.scoring.submit_flow import Dialogs, ProgressFooter, plural, result_text
from assessor_app.ui.scoring.tones import Tones

FINALIZED_BANNER = "Finalized — the final result is recorded and can no longer change."
WAITING_BANNER = (
    f"{WAITING_TEXT}. You can read the submission now; their scores appear here, and "
    "deciding opens, once both have submitted and the portal released them to you."
)


class FinalizeFooter(ProgressFooter):
    finalized = Signal()

    def __init__(
        self, reconciliation: Reconciliation, dialogs: Dialogs, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            dialogs,
            parent,
            progress_name="Reconciliation progress",
            progress_description="Your decisions so far",
            result_description="Final result under the program's rule",
        )
        self._rec = reconciliation
        self._session = reconciliation.session
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setAccessibleName("Reconciliation state")
        self.finalize_button = QPushButton("&Finalize…")
        self.finalize_button.setAccessibleName("Finalize the result")
        self.finalize_button.setAccessibleDescription(
            "Records the final result of this submission (Ctrl+Enter). It cannot be changed "
            "afterwards."
        )
        self.finalize_button.setToolTip("Finalize the result of this submission (Ctrl+Enter)")
        self.finalize_button.clicked.connect(self.finalize)
        self._lay_out(self.finalize_button)

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
            parts.append(plural(rec.disagreement_count(), "disagreement", "disagreements"))
            needed = sum(1 for t in session.rubric.target_ids() if rec.rationale_missing(t))
            if needed:
                parts.append(plural(needed, "rationale", "rationales") + " to write")
        self._show_progress(decided, total, " · ".join(parts), parts[0])
        self._show_result(result, f"Final result: {result_text(result, session.rubric)}")

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
        outcome = "" if blockers else result_text(session.result(), session.rubric)
        question = (
            f"Finalize {session.submission_id}? The final result is “{outcome}”. "
            "It cannot be changed afterwards."
        )
        if not self.dialogs.clear_to_go(
            blockers,
            not_ready=("Not ready to finalize", "These must be done before you can finalize:"),
            confirm=("Finalize the result", question),
        ):
            return False
        if not session.submit():
            return False  # the session reported why on its error signal
        self.finalized.emit()
        return True

    # --- style ----------------------------------------------------------------------------
    def _restyle(self) -> None:
        tones = Tones.of(self.palette())
        self._style_banner(tones.proficient if self._session.locked else tones.warning)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "finalize_button"):
            self.refresh()
