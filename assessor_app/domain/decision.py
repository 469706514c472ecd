"""The program's decision rule: is the credential earned, not yet, or still being judged?

Every *target* of the rubric (each judged part, then each detail; ``Rubric.target_ids()``)
gets one judgment: a level code of the rubric and the feedback written for the candidate.
Judgments are passed as a mapping ``target id -> (level_code, feedback)``; a missing entry, an
empty level code or None means "not judged yet". The credential is earned only if every
target is judged with a level the rubric marks ``proficient``. Every judgment below
proficient needs feedback the candidate can act on (at least one word, see
:func:`has_feedback`), and submitting needs all of that (:func:`submit_blockers`).

The program also requires Parts 1 and 3 to meet their word minimums. When the caller passes
the narrative word counts (``word_counts``: part id -> count), a part below its minimum keeps
the credential from being earned, and judging such a part proficient blocks submission.
Without ``word_counts`` the minimum is left to the assessor's judgment of the part.

Levels always come from the rubric; nothing here knows a level code. Judgments for ids that
are not targets of the rubric (left over from another version, say) are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from assessor_app.domain.model import Level, Manifest, Rubric
from assessor_app.domain.wordcount import count_words, word_count_status

__all__ = [
    "Judgments",
    "Result",
    "Status",
    "has_feedback",
    "narrative_word_counts",
    "overall_result",
    "submit_blockers",
]

Judgments = Mapping[str, tuple[str | None, str]]
"""target id -> (level code, feedback); an empty or None level code means not judged."""


class Status(StrEnum):
    INCOMPLETE = "incomplete"  # something is not judged yet (or the rubric has no targets)
    EARNED = "earned"  # every target judged proficient (and every minimum met, when known)
    NOT_YET = "not_yet"  # everything judged, and at least one target is not proficient


@dataclass(frozen=True)
class Result:
    """The outcome of a set of judgments against a rubric. Tuples are in reading order."""

    status: Status
    judged: int  # targets with a level of this rubric
    total: int  # targets of the rubric
    unjudged: tuple[str, ...]  # no level, or a level code the rubric does not have
    not_proficient: tuple[str, ...]  # judged with a level that is not proficient
    missing_feedback: tuple[str, ...]  # not proficient, and no feedback with a word in it
    unknown_level: tuple[str, ...]  # the level code is not in the rubric (also in unjudged)
    below_minimum: tuple[str, ...]  # parts short of their word minimum (counts given)
    summary: str

    @property
    def earned(self) -> bool:
        return self.status is Status.EARNED

    @property
    def complete(self) -> bool:
        return self.status is not Status.INCOMPLETE


def narrative_word_counts(manifest: Manifest) -> dict[str, int]:
    """part id -> words the candidate wrote for it (every narrative part of the rubric)."""
    counts = {p.id: 0 for p in manifest.rubric.judged_parts()}
    for narrative in manifest.narratives:
        counts[narrative.part_id] = sum(count_words(s.text) for s in narrative.sections)
    return counts


def has_feedback(text: str) -> bool:
    """Feedback counts only if it has at least one word: blank or "-" or "." does not."""
    return count_words(text) > 0


@dataclass(frozen=True)
class _Assessed:
    target_id: str
    level: Level | None
    code: str | None  # as given, possibly not a level of the rubric
    feedback_ok: bool
    short: bool  # a part below its word minimum, when counts were given


def _assess(
    rubric: Rubric, judgments: Judgments, word_counts: Mapping[str, int] | None
) -> list[_Assessed]:
    minimums = {p.id: p.min_words for p in rubric.judged_parts() if p.min_words is not None}
    assessed = []
    for target_id in rubric.target_ids():
        code, feedback = judgments.get(target_id, ("", ""))
        level = rubric.level(code) if code else None
        minimum = minimums.get(target_id)
        count = None if word_counts is None else word_counts.get(target_id)
        short = minimum is not None and count is not None and count < minimum
        assessed.append(_Assessed(target_id, level, code, has_feedback(feedback), short))
    return assessed


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def overall_result(
    rubric: Rubric, judgments: Judgments, *, word_counts: Mapping[str, int] | None = None
) -> Result:
    """Apply the decision rule to ``judgments`` (target id -> (level code, feedback))."""
    assessed = _assess(rubric, judgments, word_counts)
    unjudged = tuple(a.target_id for a in assessed if a.level is None)
    unknown = tuple(a.target_id for a in assessed if a.level is None and a.code)
    not_proficient = tuple(
        a.target_id for a in assessed if a.level is not None and not a.level.proficient
    )
    missing_feedback = tuple(
        a.target_id
        for a in assessed
        if a.level is not None and not a.level.proficient and not a.feedback_ok
    )
    below_minimum = tuple(a.target_id for a in assessed if a.short)
    total = len(assessed)
    judged = total - len(unjudged)

    def notes(*, with_not_proficient: bool) -> str:
        found = []
        if with_not_proficient and not_proficient:
            found.append(f"{len(not_proficient)} not yet proficient")
        if missing_feedback:
            found.append(f"{len(missing_feedback)} without feedback")
        if below_minimum:
            found.append(f"{_plural(len(below_minimum), 'part', 'parts')} below the word minimum")
        return f" ({', '.join(found)})" if found else ""

    if total == 0:
        status, summary = Status.INCOMPLETE, "Nothing to judge: the rubric has no targets"
    elif unjudged:
        status = Status.INCOMPLETE
        summary = f"Incomplete — {judged} of {total} judged{notes(with_not_proficient=True)}"
    elif not_proficient:
        status = Status.NOT_YET
        summary = (
            f"Not yet — {len(not_proficient)} of {total} not proficient"
            f"{notes(with_not_proficient=False)}"
        )
    elif below_minimum:
        status = Status.NOT_YET
        count = _plural(len(below_minimum), "part", "parts")
        summary = f"Not yet — all {total} judged proficient, but {count} below the word minimum"
    else:
        status = Status.EARNED
        summary = f"Earned — all {total} proficient"
    return Result(
        status=status,
        judged=judged,
        total=total,
        unjudged=unjudged,
        not_proficient=not_proficient,
        missing_feedback=missing_feedback,
        unknown_level=unknown,
        below_minimum=below_minimum,
        summary=summary,
    )


def submit_blockers(
    rubric: Rubric, judgments: Judgments, *, word_counts: Mapping[str, int] | None = None
) -> list[str]:
    """Why these judgments cannot be submitted yet, one line per target in reading order.

    Empty when the submission can be submitted (earned or not yet, with feedback wherever
    it is needed). Lines name targets by ``rubric.target_label`` and never quote feedback.
    """
    assessed = _assess(rubric, judgments, word_counts)
    if not assessed:
        return ["The rubric has nothing to judge"]
    minimums = {p.id: p.min_words for p in rubric.parts}
    counts = word_counts or {}
    blockers = []
    for a in assessed:
        label = rubric.target_label(a.target_id)
        if a.level is None:
            if a.code:
                blockers.append(f"{label}: level “{a.code}” is not a level of this rubric")
            else:
                blockers.append(f"{label}: not judged")
        elif not a.level.proficient and not a.feedback_ok:
            blockers.append(f"{label}: “{a.level.label}” needs feedback the candidate can act on")
        elif a.level.proficient and a.short:
            status = word_count_status(counts[a.target_id], minimums[a.target_id])
            blockers.append(f"{label}: judged “{a.level.label}” but {status.text}")
    return blockers
