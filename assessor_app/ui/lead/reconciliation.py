"""The lead's side of an open submission: the two blind scores beside the lead's decisions.

A :class:`Reconciliation` wraps the :class:`ScoringSession` of a lead assignment. The session
holds the lead's own judgments (level, final feedback, rationale) and their undo stack; this
object adds what only a lead sees: the two assessors' released judgments
(``Workspace.blind_scores``), which targets they disagree on, where a rationale is required
(:func:`assessor_app.domain.reconcile.rationale_required`), accepting one side as the
decision, and why finalizing would be refused. Panes subscribe to the session's signals as in
scoring; :attr:`Reconciliation.reloaded` fires when the blind scores were read again.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QObject, Signal

from assessor_app.domain.reconcile import (
    BlindJudgment,
    BlindScores,
    DetailComparison,
    compare,
    has_rationale,
    rationale_required,
    reconcile_blockers,
)
from assessor_app.ui.scoring.session import ScoringSession

SIDES = ("A", "B")
WAITING_TEXT = "Waiting for both assessors to submit"


class Source(Enum):
    """Where the lead's current decision of a target came from."""

    NONE = "none"  # no decision yet
    A = "a"  # level and feedback as assessor A gave them
    B = "b"
    BOTH = "both"  # A and B gave the same level and feedback, and so does the lead
    OWN = "own"  # the lead's own level or feedback


class Reconciliation(QObject):
    reloaded = Signal()  # the blind scores were read again (released or withdrawn)

    def __init__(self, session: ScoringSession, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else session)
        self.session = session
        self._scores: tuple[BlindScores, BlindScores] | None = None
        self._comparisons: dict[str, DetailComparison] = {}
        self.reload()

    # --- the blind scores -----------------------------------------------------------------
    def reload(self) -> None:
        self._scores = self.session.workspace.blind_scores(self.session.submission_id)
        if self._scores is None:
            self._comparisons = {}
        else:
            a, b = self._scores
            self._comparisons = {c.target_id: c for c in compare(self.session.rubric, a, b)}
        self.reloaded.emit()

    @property
    def released(self) -> bool:
        return self._scores is not None

    @property
    def read_only(self) -> bool:
        """Nothing can be decided: not released yet, or already finalized."""
        return not self.released or self.session.locked

    def assessor(self, side: int) -> str:
        """The name the portal gives assessor A (0) or B (1), as the lead sees it."""
        return self._scores[side].assessor if self._scores is not None else SIDES[side]

    def side_title(self, side: int) -> str:
        return f"{SIDES[side]} · {self.assessor(side)}"

    def comparison(self, target_id: str) -> DetailComparison | None:
        return self._comparisons.get(target_id)

    def blind(self, target_id: str, side: int) -> BlindJudgment | None:
        comparison = self._comparisons.get(target_id)
        if comparison is None:
            return None
        return comparison.a if side == 0 else comparison.b

    def blind_level(self, target_id: str, side: int) -> str | None:
        judgment = self.blind(target_id, side)
        return (judgment.level or None) if judgment is not None else None

    def disagrees(self, target_id: str) -> bool:
        comparison = self._comparisons.get(target_id)
        return comparison is not None and not comparison.agree

    def disagreement_count(self) -> int:
        return sum(1 for c in self._comparisons.values() if not c.agree)

    def ordered_targets(self, *, disagreements_only: bool = False) -> list[str]:
        """Targets with disagreements first, each group in rubric order."""
        targets = list(self.session.rubric.target_ids())
        if not self.released:
            return [] if disagreements_only else targets
        split = [t for t in targets if self.disagrees(t)]
        if disagreements_only:
            return split
        return split + [t for t in targets if not self.disagrees(t)]

    # --- the lead's decision --------------------------------------------------------------
    def rationale_required(self, target_id: str) -> bool:
        if not self.released:
            return False
        return rationale_required(
            self.blind_level(target_id, 0),
            self.blind_level(target_id, 1),
            self.session.state(target_id).level,
        )

    def rationale_missing(self, target_id: str) -> bool:
        return self.rationale_required(target_id) and not has_rationale(
            self.session.state(target_id).rationale
        )

    def source(self, target_id: str) -> Source:
        state = self.session.state(target_id)
        if state.level is None:
            return Source.NONE
        same = [
            side
            for side in (0, 1)
            if (j := self.blind(target_id, side)) is not None
            and (j.level or None) == state.level
            and j.comment == state.comment
        ]
        if same == [0, 1]:
            return Source.BOTH
        if same == [0]:
            return Source.A
        if same == [1]:
            return Source.B
        return Source.OWN

    def can_accept(self, target_id: str, side: int) -> bool:
        return not self.read_only and self.blind_level(target_id, side) is not None

    def accept(self, target_id: str, side: int) -> bool:
        """Make assessor ``side``'s level and feedback the decision (one undo step)."""
        judgment = self.blind(target_id, side)
        if self.read_only or judgment is None or not judgment.level:
            return False
        label = self.session.rubric.target_label(target_id)
        self.session.judge(
            target_id,
            judgment.level,
            judgment.comment,
            text=f"Accept {SIDES[side]}'s judgment of {label}",
        )
        return self.session.state(target_id).level == judgment.level

    def decided(self) -> int:
        return sum(
            1 for t in self.session.rubric.target_ids() if self.session.state(t).level is not None
        )

    def final_input(self) -> dict[str, tuple[str | None, str, str]]:
        """target -> (level, feedback, rationale) as the session holds them now."""
        states = {t: self.session.state(t) for t in self.session.rubric.target_ids()}
        return {t: (s.level, s.comment, s.rationale) for t, s in states.items()}

    def finalize_blockers(self) -> list[str]:
        """Why Finalize would be refused now: the reconcile rules, then the submit rules.

        A target with no level is named once (the reconcile line); the session's submit rules
        add feedback and word-minimum problems.
        """
        self.session.flush_feedback()
        if self._scores is None:
            return [WAITING_TEXT]
        a, b = self._scores
        rubric = self.session.rubric
        found = reconcile_blockers(rubric, a, b, self.final_input())
        unjudged = {
            f"{rubric.target_label(t)}: not judged"
            for t in rubric.target_ids()
            if self.session.state(t).level is None
        }
        found += [line for line in self.session.submit_blockers() if line not in unjudged]
        return found
