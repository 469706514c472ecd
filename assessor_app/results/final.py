"""The final result of a submission: the lead assessor's level and feedback per rubric target.

A :class:`FinalResult` is what every output of :mod:`assessor_app.results` is made from. It
holds only what the candidate and the program may see: the level and the feedback for each
target, the overall result and when the submission was finalized. The lead's rationale, the
two assessors' blind scores and who judged what stay out of it on purpose.

:func:`final_result` builds one from the lead's judgments and applies the program's decision
rule (:func:`assessor_app.domain.decision.overall_result`, word minimums included), refusing
judgments that could not have been submitted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Literal

from assessor_app.domain.decision import (
    Status,
    narrative_word_counts,
    overall_result,
    submit_blockers,
)
from assessor_app.domain.model import Credential, Manifest

__all__ = [
    "Decision",
    "FinalResult",
    "ResultValue",
    "check_matches",
    "final_result",
    "parse_finalized_at",
]

ResultValue = Literal["earned", "not_yet"]

_MAX_BLOCKER_LINES = 5


@dataclass(frozen=True)
class Decision:
    """The final judgment of one target: a level code of the rubric and feedback for the
    candidate (may be empty for a proficient target)."""

    level: str | None
    feedback: str


@dataclass(frozen=True)
class FinalResult:
    """One finalized submission. ``decisions`` maps target id -> :class:`Decision` and is
    read-only; ``finalized_at`` is an ISO 8601 date and time with a UTC offset."""

    submission_id: str
    credential: Credential
    result: ResultValue
    finalized_at: str
    decisions: Mapping[str, Decision] = field(hash=False)

    def __post_init__(self) -> None:
        if self.result not in ("earned", "not_yet"):
            raise ValueError(f"result must be 'earned' or 'not_yet', not {self.result!r}")
        parse_finalized_at(self.finalized_at)
        object.__setattr__(self, "decisions", MappingProxyType(dict(self.decisions)))

    @property
    def earned(self) -> bool:
        return self.result == "earned"


def parse_finalized_at(value: str) -> datetime:
    """``value`` as an aware datetime; ValueError when it is not ISO 8601 with an offset."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"finalized_at must be an ISO 8601 date and time, got {value!r}") from None
    if moment.tzinfo is None:
        raise ValueError(
            f"finalized_at must carry a UTC offset (e.g. 2026-11-20T10:00:00Z), got {value!r}"
        )
    return moment


def final_result(
    manifest: Manifest,
    judgments: Mapping[str, tuple[str | None, str]],
    finalized_at: str,
) -> FinalResult:
    """The final result of ``manifest``'s submission from the lead's ``judgments``
    (target id -> (level code, feedback)).

    The result is ``overall_result`` of the rubric with the narrative parts' word counts, so a
    part short of its minimum keeps the credential from being earned. Raises ValueError when
    the judgments could not be submitted (a target not judged, a level the rubric lacks, a
    "not yet" without feedback, a short part judged proficient), naming the targets. Ids that
    are not targets of the rubric are dropped.
    """
    rubric = manifest.rubric
    counts = narrative_word_counts(manifest)
    blockers = submit_blockers(rubric, judgments, word_counts=counts)
    if blockers:
        shown = blockers[:_MAX_BLOCKER_LINES]
        more = len(blockers) - len(shown)
        if more:
            shown.append(f"… and {more} more")
        raise ValueError(
            f"submission {manifest.submission_id} cannot be finalized:\n" + "\n".join(shown)
        )
    outcome = overall_result(rubric, judgments, word_counts=counts)
    if outcome.status is Status.INCOMPLETE:  # submit_blockers makes this unreachable
        raise ValueError(f"submission {manifest.submission_id}: {outcome.summary}")
    result: ResultValue = "earned" if outcome.status is Status.EARNED else "not_yet"
    decisions = {}
    for target_id in rubric.target_ids():
        level, feedback = judgments[target_id]
        decisions[target_id] = Decision(level or None, feedback)
    return FinalResult(
        submission_id=manifest.submission_id,
        credential=manifest.credential,
        result=result,
        finalized_at=finalized_at,
        decisions=decisions,
    )


def check_matches(manifest: Manifest, final: FinalResult) -> None:
    """ValueError unless ``final`` is the result of ``manifest``'s submission and credential."""
    if final.submission_id != manifest.submission_id:
        raise ValueError(
            f"the final result is for submission {final.submission_id}, "
            f"the manifest for {manifest.submission_id}"
        )
    ours, theirs = final.credential, manifest.credential
    if (ours.id, ours.version) != (theirs.id, theirs.version):
        raise ValueError(
            f"the final result is for credential {ours.id} version {ours.version}, "
            f"the manifest for {theirs.id} version {theirs.version}"
        )
