"""The model every pane of an open submission shares.

A :class:`ScoringSession` owns the open submission, the assessor's judgments (as saved in the
workspace), the current judgment target, and an undo stack. Panes receive the session and
subscribe to its signals; the session never knows a pane. Every change goes through
``Workspace.judge`` at once, so what a pane shows as saved *is* saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from assessor_app.domain.decision import (
    Result,
    narrative_word_counts,
    overall_result,
    submit_blockers,
)
from assessor_app.domain.model import Citation, Manifest, Rubric
from assessor_app.errors import AssessorError
from assessor_app.workspace import Judgment, OpenSubmission, Workspace

FEEDBACK_SAVE_DELAY_MS = 400


@dataclass(frozen=True)
class JudgmentState:
    """What a target holds at one moment: None level means unjudged. ``rationale`` is a
    lead's reason for the final level (always "" for an assessor)."""

    level: str | None
    comment: str
    rationale: str = ""


class _JudgmentCommand(QUndoCommand):
    """One judgment change. Consecutive feedback edits of one target merge into one step."""

    _FEEDBACK_ID = 7301

    def __init__(
        self,
        session: ScoringSession,
        target_id: str,
        before: JudgmentState,
        after: JudgmentState,
        text: str,
        *,
        mergeable: bool,
    ) -> None:
        super().__init__(text)
        self._session = session
        self.target_id = target_id
        self.before = before
        self.after = after
        self._mergeable = mergeable
        self._first_redo = True

    def id(self) -> int:
        return self._FEEDBACK_ID if self._mergeable else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _JudgmentCommand) or other.target_id != self.target_id:
            return False
        if self.after.level != other.after.level:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        if self._first_redo:  # the change was already applied by the session
            self._first_redo = False
            return
        self._session._apply(self.target_id, self.after)

    def undo(self) -> None:
        self._session._apply(self.target_id, self.before)


class ScoringSession(QObject):
    judgment_changed = Signal(str)  # target id
    current_target_changed = Signal(str)
    citation_requested = Signal(object)  # Citation
    result_changed = Signal(object)  # decision.Result
    locked_changed = Signal(bool)
    saved = Signal(str)  # a short human status: "Saved 14:02:11"
    error = Signal(str)

    def __init__(
        self, workspace: Workspace, submission_id: str, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.submission_id = submission_id
        self.submission: OpenSubmission = workspace.submission(submission_id)
        self._judgments: dict[str, Judgment] = workspace.judgments(submission_id)
        self.word_counts = narrative_word_counts(self.submission.manifest)
        targets = self.rubric.target_ids()
        self._current = targets[0] if targets else ""
        self.undo_stack = QUndoStack(self)
        self._pending_feedback: dict[str, str] = {}
        self._pending_rationale: dict[str, str] = {}
        self._feedback_timer = QTimer(self)
        self._feedback_timer.setSingleShot(True)
        self._feedback_timer.setInterval(FEEDBACK_SAVE_DELAY_MS)
        self._feedback_timer.timeout.connect(self.flush_feedback)

    # --- what the panes read --------------------------------------------------------------
    @property
    def manifest(self) -> Manifest:
        return self.submission.manifest

    @property
    def rubric(self) -> Rubric:
        return self.submission.manifest.rubric

    @property
    def locked(self) -> bool:
        return self.submission.locked

    def judgment(self, target_id: str) -> Judgment | None:
        return self._judgments.get(target_id)

    def state(self, target_id: str) -> JudgmentState:
        pending = self._pending_feedback.get(target_id)
        reason = self._pending_rationale.get(target_id)
        j = self._judgments.get(target_id)
        if j is None:
            return JudgmentState(None, pending or "", reason or "")
        return JudgmentState(
            j.level,
            pending if pending is not None else j.comment,
            reason if reason is not None else j.rationale,
        )

    def _decision_input(self) -> dict[str, tuple[str | None, str]]:
        return {t: (j.level, self.state(t).comment) for t, j in self._judgments.items()}

    def result(self) -> Result:
        """The program's rule over what is saved, word minimums included."""
        return overall_result(self.rubric, self._decision_input(), word_counts=self.word_counts)

    def submit_blockers(self) -> list[str]:
        """Why Submit would be refused now (the same rule ``Workspace.submit`` applies)."""
        return submit_blockers(self.rubric, self._decision_input(), word_counts=self.word_counts)

    @property
    def current_target(self) -> str:
        return self._current

    # --- navigation -----------------------------------------------------------------------
    def set_current_target(self, target_id: str) -> None:
        if target_id == self._current or target_id not in self.rubric.target_ids():
            return
        self.flush_feedback()
        self._current = target_id
        self.current_target_changed.emit(target_id)

    def step_target(self, delta: int) -> None:
        targets = self.rubric.target_ids()
        if not targets:
            return
        index = targets.index(self._current) if self._current in targets else 0
        self.set_current_target(targets[max(0, min(len(targets) - 1, index + delta))])

    def next_unjudged(self) -> None:
        targets = self.rubric.target_ids()
        start = targets.index(self._current) + 1 if self._current in targets else 0
        for target in (*targets[start:], *targets[:start]):
            if target not in self._judgments:
                self.set_current_target(target)
                return

    def request_citation(self, citation: Citation) -> None:
        self.citation_requested.emit(citation)

    # --- changes --------------------------------------------------------------------------
    def set_level(self, target_id: str, level: str) -> None:
        before = self.state(target_id)
        if before.level == level:
            return
        after = replace(before, level=level)
        label = self.rubric.level(level)
        text = f"Set {self.rubric.target_label(target_id)} to {label.label if label else level}"
        self._change(target_id, before, after, text, mergeable=False)

    def clear_level(self, target_id: str) -> None:
        before = self.state(target_id)
        if before.level is None:
            return
        self._change(
            target_id,
            before,
            JudgmentState(None, before.comment),
            f"Clear {self.rubric.target_label(target_id)}",
            mergeable=False,
        )

    def set_feedback(self, target_id: str, text: str) -> None:
        """Feedback typed in a box: saved after a short pause (and on every navigation)."""
        if self.state(target_id).comment == text:
            return
        self._pending_feedback[target_id] = text
        self._feedback_timer.start()

    def set_rationale(self, target_id: str, text: str) -> None:
        """A lead's rationale typed in a box: saved like feedback (after a pause, on navigation)."""
        if self.state(target_id).rationale == text:
            return
        self._pending_rationale[target_id] = text
        self._feedback_timer.start()

    def judge(
        self,
        target_id: str,
        level: str,
        comment: str,
        rationale: str | None = None,
        *,
        text: str = "",
    ) -> None:
        """Set level and feedback (and the rationale, unless None) as one undoable step."""
        self.flush_feedback()
        before = self.state(target_id)
        after = JudgmentState(level, comment, before.rationale if rationale is None else rationale)
        if after == before:
            return
        label = self.rubric.target_label(target_id)
        self._change(target_id, before, after, text or f"Judge {label}", mergeable=False)

    def flush_feedback(self) -> None:
        """Save typed feedback and rationale now (each target's edits are one undo step)."""
        self._feedback_timer.stop()
        pending, self._pending_feedback = self._pending_feedback, {}
        reasons, self._pending_rationale = self._pending_rationale, {}
        for target_id in dict.fromkeys([*pending, *reasons]):
            j = self._judgments.get(target_id)
            if j is None:
                continue
            before = JudgmentState(j.level, j.comment, j.rationale)
            after = JudgmentState(
                j.level, pending.get(target_id, j.comment), reasons.get(target_id, j.rationale)
            )
            if after == before:
                continue
            what = "feedback" if after.comment != before.comment else "rationale"
            self._change(
                target_id,
                before,
                after,
                f"Edit {what} on {self.rubric.target_label(target_id)}",
                mergeable=True,
            )

    def _change(
        self,
        target_id: str,
        before: JudgmentState,
        after: JudgmentState,
        text: str,
        *,
        mergeable: bool,
    ) -> None:
        if self._apply(target_id, after):
            self.undo_stack.push(
                _JudgmentCommand(self, target_id, before, after, text, mergeable=mergeable)
            )

    def _apply(self, target_id: str, state: JudgmentState) -> bool:
        def write() -> None:
            if state.level is None:
                self.workspace.clear_judgment(self.submission_id, target_id)
                self._judgments.pop(target_id, None)
            else:
                self._judgments[target_id] = self.workspace.judge(
                    self.submission_id,
                    target_id,
                    state.level,
                    state.comment,
                    rationale=state.rationale,
                )

        if not self._guard(write):
            return False
        self.judgment_changed.emit(target_id)
        self.result_changed.emit(self.result())
        return True

    def submit(self) -> bool:
        self.flush_feedback()

        def write() -> None:
            self.workspace.submit(self.submission_id)
            self.submission = self.workspace.submission(self.submission_id)

        if not self._guard(write):
            return False
        self.undo_stack.clear()
        self.locked_changed.emit(True)
        return True

    def save_position(self, position: dict[str, object]) -> None:
        self._guard(lambda: self.workspace.save_position(self.submission_id, position), quiet=True)

    def _guard(self, action: Callable[[], None], *, quiet: bool = False) -> bool:
        try:
            action()
        except AssessorError as exc:
            self.error.emit(str(exc))
            return False
        if not quiet:
            from datetime import datetime

            self.saved.emit(f"Saved {datetime.now().strftime('%H:%M:%S')}")
        return True

    def close(self) -> None:
        self.flush_feedback()
