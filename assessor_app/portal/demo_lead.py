"""Demo work for a lead: submissions that two other assessors have already scored, blind.

``assessor-app --demo --demo-user lead1`` should open on something to reconcile, and
``--demo`` (as ``assessor1``) on untouched work. So the lead's ready work is separate: copies
of the demo submissions that meet their word minimums, under their own opaque codes, scored
and submitted by ``assessor3`` and ``assessor4`` through the portal's own op path (so the
release to the lead, the audit trail and the versions are the real ones, not hand-made rows).

Like real assessors, the two tend to agree because they read the same evidence: some
details are weak in the portfolio (both mostly say "not yet"), the rest strong (both mostly
say "proficient"), and each assessor also slips now and then on their own, the second a
little more strictly. That gives a disagreement on about one detail in six, each judgment
with written feedback that points at the candidate's own citation. All of it is a fixed
function of the submission and target ids, so every demo run looks the same.
"""

from __future__ import annotations

import dataclasses
import hashlib
import uuid
from collections.abc import Iterable

from assessor_app.domain.model import Manifest, Rubric
from assessor_app.portal.demo_content.spec import Submission

# Demo copies for the lead: (source submission, new opaque code). Only sources whose
# narratives meet the minimums, so "proficient" on every part is a legitimate judgment.
LEAD_COPIES = (
    ("MC-7K2Q-91PX", "MC-L2NW-35RB"),
    ("MC-7K2Q-91PX", "MC-L6QT-82HD"),
    ("MC-R8VA-20LC", "MC-L9FK-14MV"),
    ("MC-R8VA-20LC", "MC-LC3X-57JA"),
    ("MC-XT5B-07QG", "MC-LH8P-26SE"),
)
PAIR = ("assessor3", "assessor4")
# In 1/100: how many details are weak in the portfolio; how often an assessor still calls a
# weak detail proficient; how often each calls a strong detail "not yet".
WEAK_RATE = 18
WEAK_MISSED = 20
STRICTNESS = {"assessor3": 6, "assessor4": 11}

_PROFICIENT_FEEDBACK = (
    "The cited evidence ({cite}) shows this happening with real people, not only planned, "
    "and the explanation ties it to the detail's wording.",
    "Clear and specific: {cite} documents the practice and its effect, and the narrative "
    "explains why it was chosen.",
    "Strong evidence at {cite}; the candidate shows the routine in use and how it was "
    "adjusted after feedback.",
)
_NOT_YET_FEEDBACK = (
    "The evidence at {cite} describes the intention but does not show it in practice. Add a "
    "record of it in use (minutes, a clip, a follow-up) and say what changed as a result.",
    "{cite} shows a single occasion. The detail asks for a pattern over time: cite at least "
    "two dated instances and explain how you kept it going.",
    "The explanation is general and the citation ({cite}) does not point to the part of the "
    "artifact that shows this detail. Cite the exact page or time and walk the reader "
    "through it.",
)
_PART_FEEDBACK = "Meets the minimum length and answers every guiding prompt with specifics."


def lead_demo_submissions(sources: Iterable[Submission]) -> list[Submission]:
    """The demo copies the lead reconciles, made from the regular demo submissions."""
    by_id = {s.submission_id: s for s in sources}
    return [
        dataclasses.replace(by_id[source], submission_id=code, features=("lead-demo",))
        for source, code in LEAD_COPIES
        if source in by_id
    ]


def _roll(*parts: str) -> int:
    """A number in 0..99 fixed by ``parts``."""
    digest = hashlib.sha256("|".join(parts).encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100


def _cite(manifest: Manifest, target_id: str) -> str:
    evidence = manifest.evidence_for(target_id)
    if evidence is None or not evidence.citations:
        return "the cited artifact"
    citation = evidence.citations[0]
    artifact = manifest.artifact(citation.artifact_id)
    title = artifact.title if artifact is not None else citation.artifact_id
    return f"{title}, {citation.locator()}"


def _levels(rubric: Rubric) -> tuple[str, str]:
    """(a proficient level's code, a not-yet level's code) of the rubric."""
    proficient = next(level.code for level in rubric.levels if level.proficient)
    not_yet = next(level.code for level in rubric.levels if not level.proficient)
    return proficient, not_yet


def demo_judgments(manifest: Manifest, assessor: str) -> list[tuple[str, str, str]]:
    """(target id, level, feedback) for every target, as ``assessor`` would judge them."""
    rubric = manifest.rubric
    proficient, not_yet = _levels(rubric)
    detail_ids = {d.id for d in rubric.details()}
    out: list[tuple[str, str, str]] = []
    for target in rubric.target_ids():
        if target not in detail_ids:  # a judged narrative part: these copies all meet it
            out.append((target, proficient, _PART_FEEDBACK))
            continue
        weak = _roll(manifest.submission_id, target) < WEAK_RATE
        roll = _roll(manifest.submission_id, target, assessor)
        pick = _roll(manifest.submission_id, target, assessor, "text") % 3
        cite = _cite(manifest, target)
        says_not_yet = roll >= WEAK_MISSED if weak else roll < STRICTNESS.get(assessor, 8)
        if says_not_yet:
            out.append((target, not_yet, _NOT_YET_FEEDBACK[pick].format(cite=cite)))
        else:
            out.append((target, proficient, _PROFICIENT_FEEDBACK[pick].format(cite=cite)))
    return out


def judge_ops(manifest: Manifest, assessor: str) -> list[dict[str, object]]:
    """The ops ``assessor`` sends: one judge per target (on new rows: base 0), then submit.
    Op ids are fixed per demo row, so running the set-up again replays instead of adding."""

    def op_id(*parts: str) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, "assessor-demo:" + "|".join(parts)))

    sid = manifest.submission_id
    ops: list[dict[str, object]] = [
        {
            "op_id": op_id(sid, assessor, target),
            "kind": "judge",
            "submission_id": sid,
            "target_id": target,
            "level": level,
            "comment": feedback,
            "base_version": 0,
        }
        for target, level, feedback in demo_judgments(manifest, assessor)
    ]
    ops.append({"op_id": op_id(sid, assessor, "submit"), "kind": "submit", "submission_id": sid})
    return ops
