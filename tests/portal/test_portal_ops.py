"""POST /api/v1/ops against a real portal on loopback, on SQLite and on PostgreSQL: every
result status, idempotent replays, concurrent retries, and the request-level answers."""

from __future__ import annotations

import json
import threading

import httpx
import pytest
from support.portal import (
    GUESSED,
    S1,
    S2,
    S3,
    World,
    clear,
    judge,
    new_id,
    submit,
    submittable,
)

from assessor_app.portal.server import ops as ops_module
from assessor_app.portal.server.portal import open_portal
from assessor_app.portal.server.scores import all_scores


def _counter(world: World) -> int:
    with open_portal(world.config) as portal:
        return int(all_scores(portal)["version"])


def test_judge_applies_and_returns_the_new_version(db_world: World) -> None:
    a = db_world.as_("assessorA")
    before = _counter(db_world)
    result = a.op(judge(S1, "eo1.1", "P", "Clear evidence."))
    assert result["status"] == "applied"
    assert result["version"] == before + 1
    rows = [c for c in a.all_changes() if c["type"] == "judgment"]
    assert rows == [
        {
            "type": "judgment",
            "version": result["version"],
            "submission_id": S1,
            "target_id": "eo1.1",
            "level": "P",
            "comment": "Clear evidence.",
            "rationale": "",
        }
    ]


def test_unchanged_when_the_portal_already_holds_the_value(db_world: World) -> None:
    a = db_world.as_("assessorA")
    first = a.op(judge(S1, "eo1.1", "N", "Cite the minutes."))
    # another device of A sends the same value from an older base
    again = a.op(judge(S1, "eo1.1", "N", "Cite the minutes.", base=0))
    assert again == {"op_id": again["op_id"], "status": "unchanged", "version": first["version"]}
    # a clear of a row that was never judged is unchanged at version 0
    assert a.op(clear(S1, "eo2.1", base=0))["status"] == "unchanged"


def test_conflict_carries_the_server_value(db_world: World) -> None:
    a = db_world.as_("assessorA")
    first = a.op(judge(S1, "eo1.2", "N", "Needs the agenda."))
    stale = a.op(judge(S1, "eo1.2", "P", "Fine.", base=0))
    assert stale["status"] == "conflict"
    assert stale["server"] == {
        "level": "N",
        "comment": "Needs the agenda.",
        "version": first["version"],
    }
    # the person chooses: their value on the server's version as the base
    chosen = a.op(judge(S1, "eo1.2", "P", "Fine.", base=first["version"]))
    assert chosen["status"] == "applied" and chosen["version"] > first["version"]


def test_clear_applies_and_reaches_the_feed_as_a_null_level(db_world: World) -> None:
    a = db_world.as_("assessorA")
    first = a.op(judge(S1, "eo1.1", "P"))
    cleared = a.op(clear(S1, "eo1.1", base=first["version"]))
    assert cleared["status"] == "applied"
    feed = a.changes(since=first["version"])
    assert feed["changes"] == [
        {
            "type": "judgment",
            "version": cleared["version"],
            "submission_id": S1,
            "target_id": "eo1.1",
            "level": None,
            "comment": "",
            "rationale": "",
        }
    ]


def test_submit_needs_every_target_then_locks(db_world: World) -> None:
    a = db_world.as_("assessorA")
    early = a.op(submit(S1))
    assert early["status"] == "invalid"
    assert "not judged" in early["message"]
    # a not-yet without feedback blocks too
    ops = submittable(S1, comment="")
    assert all(r["status"] == "applied" for r in a.ops(*ops))
    blocked = a.op(submit(S1))
    assert blocked["status"] == "invalid" and "needs feedback" in blocked["message"]
    part3 = next(c for c in a.all_changes() if c.get("target_id") == "part3")
    a.op(judge(S1, "part3", "N", "Write the reflection at its full length.", base=part3["version"]))
    op = submit(S1)
    done = a.op(op)
    assert done["status"] == "applied"
    assert a.op(op) == done  # a replay answers the stored applied
    locked = a.op(judge(S1, "eo1.1", "N", "Changed my mind.", base=0))
    assert locked["status"] == "locked" and locked["message"] == "submitted on the portal"
    assert a.op(clear(S1, "eo1.1", base=0))["status"] == "locked"
    kinds = [c["type"] for c in a.all_changes() if c["submission_id"] == S1]
    assert kinds[-2:] == ["assignment", "submitted"]


def test_a_second_submit_with_a_new_op_id_is_unchanged(db_world: World) -> None:
    a = db_world.as_("assessorA")
    a.ops(*submittable(S1))
    done = a.op(submit(S1))
    other = a.op(submit(S1))
    assert other["status"] == "unchanged" and other["version"] == done["version"]


def test_forbidden_for_unassigned_and_unknown_submissions_alike(db_world: World) -> None:
    b = db_world.as_("assessorB")
    answers = b.ops(judge(S2, "eo1.1", "P"), judge(S3, "eo1.1", "P"), judge(GUESSED, "eo1.1", "P"))
    assert [r["status"] for r in answers] == ["forbidden"] * 3
    assert len({r["message"] for r in answers}) == 1
    assert b.op(submit(S2))["status"] == "forbidden"


def test_invalid_level_target_and_malformed_ops(db_world: World) -> None:
    a = db_world.as_("assessorA")
    bad_level, bad_target, no_uuid, no_kind, not_object, ok = a.ops(
        judge(S1, "eo1.1", "X"),
        judge(S1, "eo9.9", "P"),
        {**judge(S1, "eo1.1", "P"), "op_id": "not-a-uuid"},
        {"op_id": new_id(), "submission_id": S1},
        "judge everything",
        judge(S1, "eo1.1", "P"),
    )
    assert bad_level == {"op_id": bad_level["op_id"], "status": "invalid",
                         "message": "level 'X' is not in the rubric"}  # fmt: skip
    assert bad_target["status"] == "invalid" and "eo9.9" in bad_target["message"]
    assert no_uuid == {
        "op_id": "not-a-uuid",
        "status": "invalid",
        "message": "op_id must be a UUID",
    }
    assert no_kind["status"] == "invalid" and "kind" in no_kind["message"]
    assert not_object["status"] == "invalid" and not_object["op_id"] is None
    assert ok["status"] == "applied"  # one bad op never blocks the rest


def test_reused_op_id_with_another_payload_is_invalid(db_world: World) -> None:
    a = db_world.as_("assessorA")
    op = judge(S1, "eo1.1", "P")
    first = a.op(op)
    reused = a.op({**op, "level": "N", "comment": "Different."})
    assert reused == {"op_id": op["op_id"], "status": "invalid",
                      "message": "op id reused with a different payload"}  # fmt: skip
    assert a.op(op) == first
    # another person presenting the same op id learns nothing of the first one's result
    b = db_world.as_("assessorB")
    assert b.op(op)["status"] == "invalid"


def test_missing_base_version_answers_428_and_applies_nothing(db_world: World) -> None:
    a = db_world.as_("assessorA")
    before = _counter(db_world)
    response = a.post_ops(judge(S1, "eo1.1", "P"), judge(S1, "eo1.2", "P", base=None))
    assert response.status_code == 428
    assert response.json()["error"] == "precondition_required"
    assert _counter(db_world) == before
    assert [c for c in a.all_changes() if c["type"] == "judgment"] == []


def test_replay_returns_the_stored_result_and_applies_once(db_world: World) -> None:
    a = db_world.as_("assessorA")
    op = judge(S1, "eo1.1", "P", "Once.")
    first = a.op(op)
    after_first = _counter(db_world)
    for _ in range(3):
        assert a.op(op) == first
    # even after the row moved on, the replay answers what it answered then
    a.op(judge(S1, "eo1.1", "N", "Now not.", base=first["version"]))
    assert a.op(op) == first
    assert _counter(db_world) == after_first + 1
    # a replay inside one batch too
    twice = a.ops(op, op)
    assert twice == [first, first]


def test_two_concurrent_identical_ops_apply_once(db_world: World) -> None:
    a = db_world.as_("assessorA")
    before = _counter(db_world)
    ops = [judge(S1, "eo1.1", "P", "Raced.", op_id=new_id()) for _ in range(3)]
    barrier = threading.Barrier(6)
    answers: list[list[dict[str, object]]] = []
    errors: list[BaseException] = []

    def send() -> None:
        from support.portal import Api

        client = Api(db_world.url, a.token)
        try:
            barrier.wait(10)
            answers.append(client.ops(*ops))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            client.close()

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert len(answers) == 6
    assert all(answer == answers[0] for answer in answers)
    statuses = [r["status"] for r in answers[0]]
    assert statuses == ["applied", "unchanged", "unchanged"]
    assert _counter(db_world) == before + 1


def test_the_unique_op_id_is_the_backstop_when_a_lookup_misses(
    db_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two retries racing past the look-up: the second insert of the op id fails, its batch is
    rolled back and run again, and then answers the stored result."""
    a = db_world.as_("assessorA")
    op = judge(S1, "eo1.1", "P", "Once only.")
    first = a.op(op)
    after = _counter(db_world)
    real = ops_module._Batch.stored
    missed: list[str] = []

    def miss_once(self: ops_module._Batch, op_id: str) -> object:
        if not missed:
            missed.append(op_id)
            return None  # as if the other request had not committed yet
        return real(self, op_id)

    monkeypatch.setattr(ops_module._Batch, "stored", miss_once)
    other = judge(S1, "eo1.2", "P")
    replayed, applied = a.ops(op, other)
    assert replayed == first
    assert applied["status"] == "applied"
    assert a.op(other) == applied
    assert missed == [op["op_id"]]
    assert _counter(db_world) == after + 1  # only `other` applied, once


def test_hostile_strings_are_answered_not_crashed_on(db_world: World) -> None:
    """NUL characters and lone surrogates (legal in JSON, not in PostgreSQL text or UTF-8)."""
    a = db_world.as_("assessorA")
    nul, lone = "\x00", "\ud800"

    def post(path: str, body: object) -> httpx.Response:
        raw = json.dumps(body).encode("ascii")  # \u0000 and \ud800 escaped, as JSON allows
        headers = {"content-type": "application/json"}
        return a.request("POST", path, content=raw, headers=headers)

    ops = [
        judge(S1, "eo1.1", "N", f"bad {nul} comment"),
        judge(S1, "eo1.1", "N", f"bad {lone} comment"),
        {**judge(S1, "eo1.1", "P"), "op_id": lone},
        {**judge(S1, "eo1.1", "P"), "op_id": nul},
        judge(S1, f"eo1.1{nul}", "P"),
        judge(f"{S1}{lone}", "eo1.1", "P"),
        judge(S1, "eo1.1", f"P{nul}"),
    ]
    response = post("/api/v1/ops", {"ops": ops})
    assert response.status_code == 200, response.text
    answers = response.json()["results"]
    assert [r["status"] for r in answers] == ["invalid"] * len(ops)
    for name, password in ((f"assessorA{nul}", "x"), ("assessorA", lone), (lone, lone)):
        response = post("/api/v1/login", {"username": name, "password": password})
        assert response.status_code == 401, response.text
    response = post(
        "/api/v1/login",
        {"username": "assessorA", "password": "pw-assessorA-secret", "device": f"{nul}{lone}"},
    )
    assert response.status_code == 200
    for sid in (f"{S1}%00", "%ED%A0%80"):
        assert a.request("GET", f"/api/v1/bundles/{sid}").status_code == 404
