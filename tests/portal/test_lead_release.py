"""Releasing the two blind scores to the lead, on a real portal: the lead sees nothing before
both assessors submitted and both afterwards; the assessors' feeds and answers are the same,
byte for byte, whether or not the other submitted and whether or not the scores were
released; the lead may not judge before the release; a reassignment withdraws it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lead_world import (
    A_WORDS,
    B_WORDS,
    C_WORDS,
    LEVELS,
    add_people,
    blind_ops,
    judge_and_submit,
    last_assignment,
    lead_judge,
    of_type,
)
from support.portal import S1, S2, World, clear, copy_world, judge, new_id, serve_world, submit

from assessor_app.portal.server import PortalConfig
from assessor_app.portal.server.assignments import assign, unassign
from assessor_app.portal.server.portal import open_portal

NOT_RELEASED = "the assessors' scores are not released yet"


@contextmanager
def fresh_world(template: PortalConfig, where: Path) -> Iterator[World]:
    where.mkdir()
    worlds = serve_world(copy_world(template, where, None))
    try:
        yield next(worlds)
    finally:
        worlds.close()


def _feed_bytes(api: Any) -> list[bytes]:
    """Everything an assessor's feed answers: from 0, in pages of one, and from each cursor."""
    out = [api.request("GET", "/api/v1/changes", params={"since": 0}).content]
    cursor = 0
    while True:
        page = api.request("GET", "/api/v1/changes", params={"since": cursor, "limit": 1})
        out.append(page.content)
        data = page.json()
        cursor = data["cursor"]
        if not data["more"]:
            break
    return out


def _lead_due(world: World) -> None:
    with open_portal(world.config) as portal:  # takes one version, keeps the lead
        assert assign(portal, S1, "lead1", due="2027-01-29").changed


def _no_lead(world: World) -> None:
    with open_portal(world.config) as portal:  # takes one version, removes the lead
        unassign(portal, S1, "lead1")


def test_assessors_see_the_same_bytes_whether_or_not_the_other_submitted_or_released(
    tmp_path: Path, sqlite_template: PortalConfig
) -> None:
    a_ops, b_ops = blind_ops("assessorA"), blind_ops("assessorB")
    a_submit, b_submit = submit(S1), submit(S1)
    a_next = judge(S2, "eo1.1", "P", "A's other submission")
    b_edit = judge(S1, "eo2.1", "P", f"{B_WORDS} edited instead of submitting", base=0)

    def run(name: str, prelude: Callable[[World], None], b_submits: bool) -> dict[str, Any]:
        with fresh_world(sqlite_template, tmp_path / name) as world:
            a, b = world.as_("assessorA"), world.as_("assessorB")
            prelude(world)
            a_answers = [a.post_ops(*a_ops).content]
            b_results = b.ops(*b_ops)
            if b_submits:
                b_last = b.post_ops(b_submit).content
            else:  # the same number of versions, without submitting
                b_edit["base_version"] = b_results[-1]["version"]
                b_last = b.post_ops(b_edit).content
            a_answers.append(a.post_ops(a_submit).content)
            # A's next version shows no gap: a release takes no version of its own
            a_answers.append(a.post_ops(a_next).content)
            lead = world.as_("lead1").all_changes() if prelude is _lead_due else []
            return {
                "a": a_answers + _feed_bytes(a),
                "b": [b_last, *_feed_bytes(b)],
                "lead": lead,
            }

    b_not_submitted = run("no-submit", _lead_due, b_submits=False)
    released = run("released", _lead_due, b_submits=True)
    no_lead = run("no-lead", _no_lead, b_submits=True)

    # A: identical whether B submitted or not, and whether the scores were released or not
    assert released["a"] == b_not_submitted["a"] == no_lead["a"]
    # B: identical whether the scores were released (lead present) or not (no lead)
    assert released["b"] == no_lead["b"]
    # and the release did happen in one world and not in the other
    assert last_assignment(released["lead"])["released"] is True
    assert of_type(released["lead"], "blind_scores")
    assert last_assignment(b_not_submitted["lead"])["released"] is False
    assert not of_type(b_not_submitted["lead"], "blind_scores")
    for world_bytes in released["a"]:
        assert B_WORDS.encode() not in world_bytes and b"assessorB" not in world_bytes
        assert b'released":true' not in world_bytes.replace(b" ", b"")


def test_lead_sees_nothing_before_both_submit_and_both_after(world: World) -> None:
    lead = world.as_("lead1")
    assert last_assignment(lead.all_changes())["released"] is False
    early = lead.op(lead_judge(S1, "eo1.1", "P", rationale="too early"))
    assert (early["status"], early["message"]) == ("locked", NOT_RELEASED)
    judge_and_submit(world, "assessorA")
    after_one = lead.all_changes()
    assert not of_type(after_one, "blind_scores")
    assert last_assignment(after_one)["released"] is False
    raw = b"".join(lead.raw)
    assert A_WORDS.encode() not in raw and b"assessorA" not in raw
    for op in (clear(S1, "eo1.1"), submit(S1)):
        assert lead.op(op)["status"] == "locked"
    cursor = lead.changes(0)["cursor"]

    b_answer = judge_and_submit(world, "assessorB")
    news = lead.changes(cursor)["changes"]
    assert [c["type"] for c in news] == ["assignment", "blind_scores"]
    entry, scores = news
    assert entry["released"] is True and entry["state"] == "open"
    # the release took the version of B's submit: it moved the counter for nobody
    assert scores["version"] == entry["version"] == b_answer["version"]
    assert [s["assessor"] for s in scores["scores"]] == ["assessorA", "assessorB"]
    for one in scores["scores"]:
        name = one["assessor"]
        assert one["submitted_at"].endswith("Z")
        assert [(j["target_id"], j["level"]) for j in one["judgments"]] == list(
            LEVELS[name].items()
        )
        assert all(j["comment"].startswith({"assessorA": A_WORDS, "assessorB": B_WORDS}[name])
                   for j in one["judgments"])  # fmt: skip
        assert all(j["updated_at"].endswith("Z") for j in one["judgments"])
    # a pull from zero sends the same: assignment, then blind_scores of the same version
    again = lead.all_changes()
    assert of_type(again, "blind_scores") == [scores]
    # now the lead may judge, with a rationale, and reads its own judgment back
    applied = lead.op(lead_judge(S1, "eo1.1", "N", "Show the minutes.", "Agree with B."))
    assert applied["status"] == "applied"
    mine = of_type(lead.changes(applied["version"] - 1)["changes"], "judgment")
    assert mine == [
        {"type": "judgment", "version": applied["version"], "submission_id": S1,
         "target_id": "eo1.1", "level": "N", "comment": "Show the minutes.",
         "rationale": "Agree with B."}
    ]  # fmt: skip
    # a stale edit from another device of the lead: the conflict shows the lead's rationale
    stale = lead.op(lead_judge(S1, "eo1.1", "P", "", "Agree with A.", base=0))
    assert stale["status"] == "conflict"
    assert stale["server"] == {
        "level": "N",
        "comment": "Show the minutes.",
        "rationale": "Agree with B.",
        "version": applied["version"],
    }
    # the assessors' own feeds say nothing of it
    for name in ("assessorA", "assessorB"):
        own = world.as_(name).all_changes()
        assert all(c["type"] in ("assignment", "judgment", "submitted") for c in own)
        assert all(c.get("released", False) is False for c in own)
        assert all(c.get("rationale", "") == "" for c in own)


def test_assigning_the_lead_after_both_submitted_releases_in_that_transaction(
    tmp_path: Path, sqlite_template: PortalConfig
) -> None:
    with fresh_world(sqlite_template, tmp_path / "late-lead") as world:
        with open_portal(world.config) as portal:
            unassign(portal, S1, "lead1")
        judge_and_submit(world, "assessorA")
        judge_and_submit(world, "assessorB")
        with open_portal(world.config) as portal:
            assert assign(portal, S1, "lead1").message == "assigned again"
        feed = world.as_("lead1").all_changes()
        entry = last_assignment(feed)
        assert entry["state"] == "open" and entry["released"] is True
        assert [c["type"] for c in feed if c["version"] == entry["version"]] == [
            "assignment",
            "blind_scores",
        ]


def test_reassigning_an_assessor_withdraws_the_release_until_two_submitted_again(
    world: World,
) -> None:
    add_people(world, ("assessorC", "assessor"))
    judge_and_submit(world, "assessorA")
    judge_and_submit(world, "assessorB")
    lead = world.as_("lead1")
    lead_op = lead.op(lead_judge(S1, "eo1.1", "N", "Minutes.", "B's reading holds."))
    assert lead_op["status"] == "applied"
    cursor = lead.changes(0)["cursor"]
    moved = lead.op(
        {"op_id": new_id(), "kind": "reassign", "submission_id": S1,
         "from_user": "assessorB", "to_user": "assessorC"}
    )  # fmt: skip
    assert moved["status"] == "applied"
    news = lead.changes(cursor)["changes"]
    assert [c["type"] for c in news] == ["assignment"]
    assert news[0]["released"] is False and news[0]["version"] == moved["version"]
    # the lead's own judgment stays, but nothing more until C has submitted
    refused = lead.op(lead_judge(S1, "eo1.2", "N", "x", "y"))
    assert refused["status"] == "locked" and refused["message"] == NOT_RELEASED
    judge_and_submit(world, "assessorC")
    back = lead.changes(news[0]["version"])["changes"]
    assert [c["type"] for c in back] == ["assignment", "blind_scores"]
    assert [s["assessor"] for s in back[1]["scores"]] == ["assessorA", "assessorC"]
    assert C_WORDS in back[1]["scores"][1]["judgments"][0]["comment"]
    assert B_WORDS not in str(back)
    everything = lead.all_changes()
    assert of_type(everything, "judgment")[0]["rationale"] == "B's reading holds."
    assert len(of_type(everything, "blind_scores")) == 1  # only the current pair


def test_unassigning_the_lead_or_an_assessor_withdraws_too(world: World) -> None:
    judge_and_submit(world, "assessorA")
    judge_and_submit(world, "assessorB")
    lead = world.as_("lead1")
    assert last_assignment(lead.all_changes())["released"] is True
    with open_portal(world.config) as portal:
        unassign(portal, S1, "assessorB", reason="conflict of interest")
    assert last_assignment(lead.all_changes())["released"] is False
    assert not of_type(lead.all_changes(), "blind_scores")
    with open_portal(world.config) as portal:
        assign(portal, S1, "assessorB")  # reopened: must submit again
    assert last_assignment(lead.all_changes())["released"] is False
    world.as_("assessorB").op(submit(S1))
    assert last_assignment(lead.all_changes())["released"] is True
    with open_portal(world.config) as portal:
        unassign(portal, S1, "lead1")
    revoked = lead.all_changes()
    assert last_assignment(revoked)["state"] == "revoked"
    assert last_assignment(revoked)["released"] is False
    assert not of_type(revoked, "blind_scores")
