"""A lead assessor's reconciliation of two blind scorings of one submission.

Two assessors score a submission independently. Once both have submitted, their scores are
released to the lead (:class:`BlindScores`, one per assessor), who sets the final level of
every target (each judged part, then each detail; ``Rubric.target_ids()``) with the feedback
the candidate will read and, where needed, a rationale for the record.

The rules, all here:

* Two assessors **agree** on a target when both gave it the same level (a missing judgment
  or a judgment without a level never agrees with anything). Every other target is a
  **disagreement** the lead must decide (:func:`disagreements`).
* A **rationale** is needed when the assessors disagreed, or when the lead's final level
  differs from both of theirs (:func:`rationale_required`). A rationale counts only if it has
  at least one word, by the same word rule as feedback.
* The lead may not finalize while a target has no final level or lacks a needed rationale
  (:func:`reconcile_blockers`). The ordinary submit rules (feedback for every level below
  proficient, word minimums) are ``decision.submit_blockers``; the two lists are meant to be
  shown together.
* The rationale explains the decision to other assessors and auditors; it is never part of
  the candidate's feedback (:func:`assemble_feedback`).

Final judgments are passed as a mapping ``target id -> (level code, feedback, rationale)``;
a missing entry, an empty level code or None means "no final level yet". Entries for ids
that are not targets of the rubric are ignored, as in ``decision``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from assessor_app.domain.model import Rubric
from assessor_app.domain.wordcount import count_words

__all__ = [
    "BlindJudgment",
    "BlindScores",
    "DetailComparison",
    "FinalJudgments",
    "assemble_feedback",
    "compare",
    "disagreements",
    "has_rationale",
    "rationale_required",
    "reconcile_blockers",
]

FinalJudgments = Mapping[str, tuple[str | None, str, str]]
"""target id -> (level code, feedback, rationale); an empty or None level means none yet."""


@dataclass(frozen=True)
class BlindJudgment:
    """One assessor's judgment of one target as released to the lead."""

    level: str | None
    comment: str
    updated_at: str = ""  # ISO 8601, when the assessor last changed it


@dataclass(frozen=True)
class BlindScores:
    """Everything one assessor submitted for a submission: target id -> judgment."""

    assessor: str
    submitted_at: str | None
    judgments: Mapping[str, BlindJudgment] = field(hash=False)


@dataclass(frozen=True)
class DetailComparison:
    """The two assessors' judgments of one target side by side (None: not judged)."""

    target_id: str
    label: str
    a: BlindJudgment | None
    b: BlindJudgment | None

    @property
    def agree(self) -> bool:
        """Both gave this target a level, and the same one."""
        level_a = _level(self.a.level) if self.a is not None else None
        level_b = _level(self.b.level) if self.b is not None else None
        return level_a is not None and level_a == level_b


def _level(code: str | None) -> str | None:
    """An empty level code means "no level", as everywhere in the domain."""
    return code or None


def has_rationale(text: str) -> bool:
    """A rationale counts only if it has at least one word (blank, "-" or "." do not)."""
    return count_words(text) > 0


def compare(rubric: Rubric, a: BlindScores, b: BlindScores) -> list[DetailComparison]:
    """One comparison per target of ``rubric``, in reading order (judged parts, then details).

    Judgments for ids that are not targets of the rubric are left out.
    """
    return [
        DetailComparison(
            target_id,
            rubric.target_label(target_id),
            a.judgments.get(target_id),
            b.judgments.get(target_id),
        )
        for target_id in rubric.target_ids()
    ]


def disagreements(rubric: Rubric, a: BlindScores, b: BlindScores) -> int:
    """How many targets the two assessors did not agree on (a missing level counts)."""
    return sum(1 for c in compare(rubric, a, b) if not c.agree)


def rationale_required(level_a: str | None, level_b: str | None, final_level: str | None) -> bool:
    """Whether the lead must explain the final level of a target.

    True when the assessors' levels differ (one missing counts as different), or when the
    lead's final level differs from both of them. While the lead has not set a final level
    (None or ""), only the first condition applies: the need is known from the assessors'
    disagreement alone, and a missing final level is reported on its own by
    :func:`reconcile_blockers`.
    """
    level_a, level_b, final = _level(level_a), _level(level_b), _level(final_level)
    if level_a != level_b:
        return True
    return final is not None and final != level_a


def reconcile_blockers(
    rubric: Rubric, a: BlindScores, b: BlindScores, final: FinalJudgments
) -> list[str]:
    """Why the lead cannot finalize yet, in reading order; empty when nothing is missing.

    For each target, up to two lines: "<label>: no final level" when the lead has not set a
    level, and "rationale needed: <label>" when :func:`rationale_required` holds and the
    rationale has no word in it. Both can appear for one target, so the lead learns
    everything at once. A final level code the rubric does not have is reported as
    "<label>: final level “X” is not a level of this rubric". Lines name targets by
    ``rubric.target_label`` and never quote feedback or rationale, like
    ``decision.submit_blockers``.
    """
    targets = rubric.target_ids()
    if not targets:
        return ["The rubric has nothing to judge"]
    blockers = []
    for comparison in compare(rubric, a, b):
        label = comparison.label
        code, _feedback, rationale = final.get(comparison.target_id, (None, "", ""))
        code = _level(code)
        if code is None:
            blockers.append(f"{label}: no final level")
        elif rubric.level(code) is None:
            blockers.append(f"{label}: final level “{code}” is not a level of this rubric")
        level_a = comparison.a.level if comparison.a is not None else None
        level_b = comparison.b.level if comparison.b is not None else None
        if rationale_required(level_a, level_b, code) and not has_rationale(rationale):
            blockers.append(f"rationale needed: {label}")
    return blockers


def assemble_feedback(rubric: Rubric, final: FinalJudgments) -> list[tuple[str, str]]:
    """The candidate's feedback for the report: (label, feedback) in reading order.

    Only targets whose feedback has at least one word are listed, with surrounding white
    space removed. Rationales are never included: they are for the record, not the
    candidate.
    """
    assembled = []
    for target_id in rubric.target_ids():
        entry = final.get(target_id)
        if entry is None:
            continue
        feedback = entry[1].strip()
        if count_words(feedback) > 0:
            assembled.append((rubric.target_label(target_id), feedback))
    return assembled
