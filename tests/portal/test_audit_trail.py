"""The audit trail: one hash-chained row per applied change, written with the change; the
database itself refuses UPDATE and DELETE (SQLite and PostgreSQL), and ``assessor-portal
audit --verify`` names the first row that does not hold once someone got around that."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any

import pytest
from lead_world import add_people, blind_ops, judge_and_submit, last_assignment, lead_judge
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from support.portal import S1, S2, World, clear, judge, new_id, submit

from assessor_app.portal.cli import main
from assessor_app.portal.server import ops as ops_module
from assessor_app.portal.server.assignments import unassign
from assessor_app.portal.server.audit import GENESIS_HASH, events, verify_chain
from assessor_app.portal.server.db import write_session
from assessor_app.portal.server.portal import open_portal
from assessor_app.portal.server.versions import start_new_epoch

SECRET = "Obsidian-meadow-4410"


def _rows(world: World, submission_id: str | None = None) -> list[dict[str, Any]]:
    with open_portal(world.config) as portal, write_session(portal.engine) as session:
        return [
            {
                "id": e.id, "at": e.at, "actor": e.actor, "action": e.action,
                "submission_id": e.submission_id, "target_id": e.target_id,
                "detail": json.loads(e.detail_json), "prev_hash": e.prev_hash, "hash": e.hash,
            }
            for e in events(session, submission_id)
        ]  # fmt: skip


def _every_kind_of_change(world: World) -> None:
    add_people(world, ("assessorC", "assessor"))
    a, b, lead = world.as_("assessorA"), world.as_("assessorB"), world.as_("lead1")
    first = a.op(judge(S2, "eo1.1", "N", f"{SECRET} in A's comment"))
    assert a.op(clear(S2, "eo1.1", base=first["version"]))["status"] == "applied"
    judge_and_submit(world, "assessorA")
    filed = b.op({"op_id": new_id(), "kind": "report_identity", "submission_id": S1,
                  "where": "Video 2 at 0:14", "note": f"{SECRET} on a badge"})  # fmt: skip
    assert filed["status"] == "applied"
    judge_and_submit(world, "assessorB")  # releases
    final = [
        lead_judge(S1, t, lv, "Write the reflection at its full length." if lv == "N" else "",
                   f"{SECRET} rationale" if t == "eo1.1" else "")
        for t, lv in (("part1", "P"), ("part3", "N"), ("eo1.1", "N"), ("eo1.2", "N"),
                      ("eo2.1", "P"))
    ]  # fmt: skip
    assert {r["status"] for r in lead.ops(*final)} == {"applied"}
    assert lead.op(submit(S1))["status"] == "applied"  # finalize
    with open_portal(world.config) as portal:
        unassign(portal, S2, "assessorA", reason="on leave")
        with write_session(portal.engine) as session:
            start_new_epoch(session)


def test_every_change_is_in_the_chain_with_its_actor(world: World) -> None:
    _every_kind_of_change(world)
    rows = _rows(world)
    assert [r["id"] for r in rows] == list(range(1, len(rows) + 1))
    # the template: three imports, then the assignments of S1 and S2
    assert [r["action"] for r in rows[:7]] == ["import"] * 3 + ["assign"] * 4
    later = [(r["actor"], r["action"], r["target_id"]) for r in rows[7:]]
    assert later[:3] == [
        ("assessorA", "judge", "eo1.1"),
        ("assessorA", "clear", "eo1.1"),
        ("assessorA", "judge", "part1"),
    ]
    actions = [action for _actor, action, _t in later]
    for action in ("report_identity", "submit", "release", "finalize", "unassign", "new-epoch"):
        assert action in actions, action
    assert ("portal", "release", None) in later
    assert ("lead1", "finalize", None) in later
    assert ("assessorB", "report_identity", None) in later
    assert later[-2:] == [("command-line", "unassign", None), ("command-line", "new-epoch", None)]
    # release comes right after the second submit, in its transaction
    submit_b = next(i for i, r in enumerate(rows) if r["action"] == "submit"
                    and r["actor"] == "assessorB")  # fmt: skip
    assert rows[submit_b + 1]["action"] == "release"
    assert rows[submit_b + 1]["detail"]["assessors"] == ["assessorA", "assessorB"]
    finalize = next(r for r in rows if r["action"] == "finalize")
    assert finalize["detail"]["result"] == "not_yet" and finalize["detail"]["disagreements"] == 1
    # words stay in their tables: the trail holds their digests
    assert SECRET not in json.dumps(rows)
    judged = rows[7]["detail"]
    assert judged["comment"] == {
        "chars": len(f"{SECRET} in A's comment"),
        "sha256": hashlib.sha256(f"{SECRET} in A's comment".encode()).hexdigest(),
    }
    # the documented formula, recomputed here
    prev = GENESIS_HASH
    for r in rows:
        body = {k: r[k] for k in ("id", "at", "actor", "action", "submission_id", "target_id",
                                  "detail")}  # fmt: skip
        canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        assert r["prev_hash"] == prev
        assert r["hash"] == hashlib.sha256((prev + canonical).encode("utf-8")).hexdigest()
        prev = r["hash"]
    only_s2 = _rows(world, S2)
    assert {r["submission_id"] for r in only_s2} == {S2}
    assert [r["action"] for r in only_s2] == ["import", "assign", "judge", "clear", "unassign"]


def test_the_cli_lists_and_verifies(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    _every_kind_of_change(world)
    data = str(world.config.data_dir)
    assert main(["audit", "--data", data, "--verify"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    count = len(_rows(world))
    assert out[0].startswith(f"audit trail intact: {count} events, last hash ")
    assert len(out) == 1
    assert main(["audit", "--data", data, "--submission", S2]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split("\t")[3] for line in lines] == [
        "import",
        "assign",
        "judge",
        "clear",
        "unassign",
    ]
    assert all(line.split("\t")[4] == S2 for line in lines)
    assert main(["audit", "--data", data]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == count


def _refused(world: World, statement: str) -> str:
    with (
        open_portal(world.config) as portal,
        pytest.raises(DBAPIError) as caught,
        portal.engine.begin() as conn,
    ):
        conn.execute(text(statement))
    return str(caught.value.orig)


def test_the_database_refuses_update_and_delete(db_world: World) -> None:
    """On SQLite and on PostgreSQL: the triggers, not the portal's code, say no."""
    db_world.as_("assessorA").op(judge(S1, "eo1.1", "P"))
    before = _rows(db_world)
    for statement in (
        "UPDATE audit_events SET actor = 'someone else' WHERE id = 8",
        "UPDATE audit_events SET hash = prev_hash",
        "DELETE FROM audit_events WHERE id = (SELECT MAX(id) FROM audit_events)",
        "DELETE FROM audit_events",
    ):
        assert "audit_events is append-only" in _refused(db_world, statement), statement
    if db_world.config.db_url is not None:  # PostgreSQL: TRUNCATE too
        assert "append-only" in _refused(db_world, "TRUNCATE audit_events")
    assert _rows(db_world) == before
    with open_portal(db_world.config) as portal, write_session(portal.engine) as session:
        assert verify_chain(session).intact


def _sqlite(world: World) -> sqlite3.Connection:
    return sqlite3.connect(world.config.data_dir / "portal.sqlite3")


def _verify(world: World, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["audit", "--data", str(world.config.data_dir), "--verify"])
    return code, capsys.readouterr().err


def test_verify_names_the_first_broken_row(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.as_("assessorA").ops(judge(S1, "eo1.1", "P"), judge(S1, "eo1.2", "P"))
    with _sqlite(world) as conn:  # someone with the file drops the triggers ...
        conn.execute("DROP TRIGGER audit_events_no_update")
        conn.execute("DROP TRIGGER audit_events_no_delete")
    code, err = _verify(world, capsys)
    assert code == 2 and "lacks audit_events_no_update, audit_events_no_delete" in err
    with _sqlite(world) as conn:  # ... and rewrites a judgment's level
        detail = conn.execute("SELECT detail_json FROM audit_events WHERE id = 8").fetchone()[0]
        conn.execute(
            "UPDATE audit_events SET detail_json = ? WHERE id = 8",
            (detail.replace('"level":"P"', '"level":"N"'),),
        )
    code, err = _verify(world, capsys)
    assert code == 2
    assert err.strip() == (
        "assessor-portal: error: the audit trail is broken at event #8: "
        "event #8 was changed (its hash differs)"
    )
    with _sqlite(world) as conn:  # put it back, then remove a row instead
        conn.execute("UPDATE audit_events SET detail_json = ? WHERE id = 8", (detail,))
        conn.execute("DELETE FROM audit_events WHERE id = 5")
    code, err = _verify(world, capsys)
    assert code == 2 and "event #5 is missing (the next row is #6)" in err
    with _sqlite(world) as conn:  # a forged row at the end, hashed on a made-up predecessor
        conn.execute(
            "INSERT INTO audit_events SELECT 5, at, actor, action, submission_id, target_id, "
            "detail_json, prev_hash, hash FROM audit_events WHERE id = 4"
        )
    code, err = _verify(world, capsys)
    assert code == 2 and "event #5 does not point at event #4" in err


def test_a_change_and_its_event_are_one_transaction(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A submit that fails after its change and its event were written (here: while
    releasing) keeps neither: the trail never tells of a change that did not happen."""
    a = world.as_("assessorA")
    assert {r["status"] for r in a.ops(*blind_ops("assessorA"))} == {"applied"}
    before = _rows(world)

    def broken(*_args: object) -> None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(ops_module, "refresh_release", broken)
    response = a.post_ops(submit(S1))
    assert response.status_code == 500
    assert _rows(world) == before
    assert last_assignment(a.all_changes())["state"] == "open"
    monkeypatch.undo()
    applied = a.op(submit(S1))
    assert applied["status"] == "applied"
    rows = _rows(world)
    assert [(r["action"], r["detail"]) for r in rows[len(before) :]] == [
        ("submit", {"version": applied["version"]})
    ]
