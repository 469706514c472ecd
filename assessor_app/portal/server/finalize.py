"""A lead's submit: the submission's final result.

The lead's own judgments must pass the ordinary submit rules
(:func:`assessor_app.domain.decision.submit_blockers`: every target judged, feedback for every
level below proficient, the word minimums) and the rationale rule of
:func:`assessor_app.domain.reconcile.rationale_required`: a target the two assessors judged
differently, or whose final level differs from both of theirs, needs a rationale with at least
one word (:func:`~assessor_app.domain.reconcile.has_rationale`). When they hold, the lead's
assignment is submitted and the result (:func:`~assessor_app.domain.decision.overall_result`,
word minimums included) is stored in ``results``, with its audit event, in the transaction of
the op.
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.domain.decision import (
    Status,
    narrative_word_counts,
    overall_result,
    submit_blockers,
)
from assessor_app.domain.model import Manifest
from assessor_app.domain.reconcile import has_rationale, rationale_required
from assessor_app.portal.server import audit
from assessor_app.portal.server.db import Assignment, FinalResultRow, Judgment, utc_now
from assessor_app.portal.server.release import released_scores
from assessor_app.portal.server.users import Caller
from assessor_app.portal.server.versions import next_version


class NotFinal(Exception):
    """The lead cannot finalize yet; ``lines`` say why, in reading order."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("; ".join(lines))
        self.lines = lines


def rationale_blockers(
    manifest: Manifest,
    levels_a: dict[str, str | None],
    levels_b: dict[str, str | None],
    final: dict[str, tuple[str | None, str, str]],
) -> list[str]:
    """ "rationale needed: <label>" for each target (reading order) that needs a rationale the
    lead did not write. Targets without a final level are left to ``submit_blockers``."""
    rubric = manifest.rubric
    lines = []
    for target in rubric.target_ids():
        level, _feedback, rationale = final.get(target, (None, "", ""))
        if not level:
            continue
        if rationale_required(levels_a.get(target), levels_b.get(target), level) and not (
            has_rationale(rationale)
        ):
            lines.append(f"rationale needed: {rubric.target_label(target)}")
    return lines


def finalize(session: Session, caller: Caller, lead: Assignment, manifest: Manifest) -> int:
    """Submit the lead's assignment (released, open) and store the final result; the new
    version. Raises :class:`NotFinal` with what is missing."""
    rubric = manifest.rubric
    final = {
        j.target_id: (j.level, j.comment, j.rationale)
        for j in session.scalars(select(Judgment).where(Judgment.assignment_id == lead.id))
    }
    judged = {target: (level, feedback) for target, (level, feedback, _r) in final.items()}
    counts = narrative_word_counts(manifest)
    lines = submit_blockers(rubric, judged, word_counts=counts)
    scores = released_scores(session, lead.submission_id, rubric.target_ids())
    if len(scores) != 2:  # the release guarantees two; never finalize without them
        raise NotFinal(["the assessors' scores are not released yet"])
    a, b = ({j.target_id: j.level for j in s.judgments} for s in scores)
    lines += rationale_blockers(manifest, a, b, final)
    if lines:
        raise NotFinal(lines)
    outcome = overall_result(rubric, judged, word_counts=counts)
    if outcome.status is Status.INCOMPLETE:  # submit_blockers makes this unreachable
        raise NotFinal([outcome.summary])
    result = "earned" if outcome.status is Status.EARNED else "not_yet"
    now = utc_now()
    lead.state = "submitted"
    lead.submitted_at = now
    lead.version = next_version(session)
    levels = {t: final[t][0] for t in rubric.target_ids()}
    feedback = {t: final[t][1] for t in rubric.target_ids()}
    row = session.get(FinalResultRow, lead.submission_id)
    if row is None:
        row = FinalResultRow(submission_id=lead.submission_id)
        session.add(row)
    row.lead = caller.name
    row.result = result
    row.levels_json = audit.canonical_json(levels)
    row.feedback_json = audit.canonical_json(feedback)
    row.finalized_at = now
    row.version = lead.version
    audit.record(
        session,
        actor=caller.name,
        action="finalize",
        submission_id=lead.submission_id,
        detail={
            "version": lead.version,
            "result": result,
            "levels": levels,
            "assessors": [s.assessor for s in scores],
            "disagreements": sum(1 for t in rubric.target_ids() if a.get(t) != b.get(t)),
        },
    )
    return lead.version


def stored_levels(row: FinalResultRow) -> dict[str, str]:
    levels: dict[str, str] = json.loads(row.levels_json)
    return levels
