"""GET /api/v1/changes on a real portal, on SQLite and PostgreSQL: scoped to the caller,
ordered by version, paged, with its epoch, and reset when the cursor is ahead."""

from __future__ import annotations

import uuid

from support.portal import S1, S2, S3, World, judge, submit, submittable

from assessor_app.portal.server.assignments import assign, unassign
from assessor_app.portal.server.db import write_session
from assessor_app.portal.server.portal import open_portal
from assessor_app.portal.server.versions import start_new_epoch


def _ids(changes: list[dict[str, object]], kind: str) -> list[object]:
    return [c["submission_id"] for c in changes if c["type"] == kind]


def test_feed_holds_only_the_callers_own_assignments(db_world: World) -> None:
    a, b, lead = (db_world.as_(n) for n in ("assessorA", "assessorB", "lead1"))
    assert sorted(_ids(a.all_changes(), "assignment")) == sorted([S1, S2])
    assert _ids(b.all_changes(), "assignment") == [S1]
    lead_rows = lead.all_changes()
    assert _ids(lead_rows, "assignment") == [S1]
    assert lead_rows[0]["role"] == "lead"
    assert all(S3 not in str(c) for c in a.all_changes() + b.all_changes() + lead_rows)
    assert db_world.as_("admin1").all_changes() == []


def test_assignment_entry_describes_the_signed_bundle(db_world: World) -> None:
    a = db_world.as_("assessorA")
    entry = next(c for c in a.all_changes() if c["submission_id"] == S2)
    assert entry["type"] == "assignment"
    assert entry["state"] == "open" and entry["role"] == "assessor"
    assert entry["due"] == "2026-12-24"  # set on assignment, over the manifest's date
    assert entry["credential"] == {
        "id": "cred-test",
        "title": "Test Credential",
        "version": "2026.1",
    }
    assert set(entry["bundle"]) == {"size", "sha256"}
    shared = next(c for c in a.all_changes() if c["submission_id"] == S1)
    assert shared["due"] == "2026-12-15"  # the manifest's


def test_feed_only_holds_the_callers_own_judgments(db_world: World) -> None:
    a, b = db_world.as_("assessorA"), db_world.as_("assessorB")
    a.ops(judge(S1, "eo1.1", "N", "A's own words."))
    b.ops(judge(S1, "eo1.1", "P", "B's own words."))
    a_rows = [c for c in a.all_changes() if c["type"] == "judgment"]
    b_rows = [c for c in b.all_changes() if c["type"] == "judgment"]
    assert [(r["level"], r["comment"]) for r in a_rows] == [("N", "A's own words.")]
    assert [(r["level"], r["comment"]) for r in b_rows] == [("P", "B's own words.")]


def test_changes_are_ordered_and_paged_from_a_cursor(db_world: World) -> None:
    a = db_world.as_("assessorA")
    a.ops(*submittable(S1))
    a.ops(submit(S1))
    everything = a.changes(0)
    versions = [c["version"] for c in everything["changes"]]
    assert versions == sorted(versions)
    assert everything["cursor"] == versions[-1] and everything["more"] is False
    paged: list[dict[str, object]] = []
    cursor, pages = 0, 0
    while True:
        page = a.changes(cursor, limit=2)
        paged += page["changes"]
        pages += 1
        assert page["cursor"] >= cursor
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert paged == everything["changes"]
    assert pages >= 4
    # nothing new: the same cursor back, no changes
    assert a.changes(cursor) == {**everything, "cursor": cursor, "changes": [], "more": False}


def test_epoch_is_present_and_changes_after_a_restore(db_world: World) -> None:
    a = db_world.as_("assessorA")
    first = a.changes(0)["epoch"]
    uuid.UUID(first)
    with open_portal(db_world.config) as portal, write_session(portal.engine) as session:
        start_new_epoch(session)
    second = a.changes(0)["epoch"]
    assert second != first


def test_cursor_ahead_of_the_portal_answers_reset(db_world: World) -> None:
    a = db_world.as_("assessorA")
    answer = a.changes(10_000)
    assert answer["reset"] is True and answer["changes"] == [] and answer["cursor"] == 0
    assert a.changes(0)["reset"] is False


def test_revocation_reaches_the_feed_and_locks_the_assignment(db_world: World) -> None:
    a = db_world.as_("assessorA")
    applied = a.ops(judge(S2, "eo1.1", "P", "Kept after revocation."))[0]
    cursor = a.changes(0)["cursor"]
    with open_portal(db_world.config) as portal:
        unassign(portal, S2, "assessorA", reason="reassigned")
    news = a.changes(cursor)["changes"]
    assert [c["type"] for c in news] == ["assignment", "revoked"]
    assert news[0]["state"] == "revoked" and news[1]["reason"] == "reassigned"
    assert news[0]["version"] == news[1]["version"]
    locked = a.ops(judge(S2, "eo1.1", "N", "Too late.", base=applied["version"]))[0]
    assert locked == {**locked, "status": "locked", "message": "revoked on the portal"}
    assert a.request("GET", f"/api/v1/bundles/{S2}").status_code == 404
    # the person's own judgment is still theirs in a pull from zero
    assert any(c.get("comment") == "Kept after revocation." for c in a.all_changes())
    # and assigning again reopens it
    with open_portal(db_world.config) as portal:
        assign(portal, S2, "assessorA")
    assert (
        next(c for c in reversed(a.all_changes()) if c["type"] == "assignment")["state"] == "open"
    )
