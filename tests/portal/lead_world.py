"""Helpers of the lead-assessor tests: the two assessors' blind work on S1 (each with words
nobody else writes), a third assessor, the lead's judgments and a look at the audit trail.

The sample rubric has five targets (part1, part3, eo1.1, eo1.2, eo2.1); Part 3 is below its
word minimum, so it is judged "N" with feedback by everyone.
"""

from __future__ import annotations

from typing import Any

from support.portal import S1, World, judge, password_of, submit

from assessor_app.portal.server.portal import open_portal
from assessor_app.portal.server.users import add_user

A_WORDS = "Marmalade-orbit-5521"
B_WORDS = "Tangerine-vortex-8840"
C_WORDS = "Lilac-harbour-3307"
LEAD_WORDS = "Basalt-lantern-6619"

# assessor -> target -> level: A and B disagree on eo1.1 only
LEVELS = {
    "assessorA": {"part1": "P", "part3": "N", "eo1.1": "P", "eo1.2": "N", "eo2.1": "P"},
    "assessorB": {"part1": "P", "part3": "N", "eo1.1": "N", "eo1.2": "N", "eo2.1": "P"},
    "assessorC": {"part1": "P", "part3": "N", "eo1.1": "P", "eo1.2": "P", "eo2.1": "P"},
}
WORDS = {"assessorA": A_WORDS, "assessorB": B_WORDS, "assessorC": C_WORDS}


def blind_ops(name: str, sid: str = S1) -> list[dict[str, Any]]:
    """``name``'s submittable judgments of ``sid``, each comment carrying its words."""
    return [
        judge(sid, target, level, f"{WORDS[name]} on {target}: cite the agenda")
        for target, level in LEVELS[name].items()
    ]


def judge_and_submit(world: World, name: str, sid: str = S1) -> dict[str, Any]:
    api = world.as_(name)
    assert {r["status"] for r in api.ops(*blind_ops(name, sid))} == {"applied"}
    answer = api.op(submit(sid))
    assert answer["status"] == "applied", answer
    return answer


def add_people(world: World, *people: tuple[str, str]) -> None:
    """Add users (name, role) to the running portal's database."""
    with open_portal(world.config) as portal:
        for name, role in people:
            add_user(portal, name, role, password_of(name))


def lead_judge(
    sid: str, target: str, level: str, comment: str = "", rationale: str = "", base: int = 0
) -> dict[str, Any]:
    op = judge(sid, target, level, comment, base=base)
    op["rationale"] = rationale
    return op


def of_type(changes: list[dict[str, Any]], kind: str, sid: str = S1) -> list[dict[str, Any]]:
    return [c for c in changes if c["type"] == kind and c["submission_id"] == sid]


def last_assignment(changes: list[dict[str, Any]], sid: str = S1) -> dict[str, Any]:
    return of_type(changes, "assignment", sid)[-1]
