"""Identity reports reach the submission's lead and nobody else; the lead replaces an
assessor (``reassign``) with its effects and every refusal; ``GET /api/v1/assessors``."""

from __future__ import annotations

from typing import Any

from lead_world import add_people, judge_and_submit, last_assignment, of_type
from support.portal import S1, S2, World, judge, new_id

from assessor_app.portal.server.assignments import assign, unassign
from assessor_app.portal.server.db import User, write_session
from assessor_app.portal.server.portal import open_portal

WHERE = "Portfolio: School data review p. 3"
NOTE = "Quillfeather-9071 appears in the page footer"


def report(sid: str, where: str = WHERE, note: str = NOTE) -> dict[str, Any]:
    return {"op_id": new_id(), "kind": "report_identity", "submission_id": sid,
            "where": where, "note": note}  # fmt: skip


def reassign(sid: str, from_user: str, to_user: str) -> dict[str, Any]:
    return {"op_id": new_id(), "kind": "reassign", "submission_id": sid,
            "from_user": from_user, "to_user": to_user}  # fmt: skip


def test_an_identity_report_reaches_only_the_lead(db_world: World) -> None:
    b, lead = db_world.as_("assessorB"), db_world.as_("lead1")
    cursor = lead.changes(0)["cursor"]
    filed = b.op(report(S1))
    assert filed["status"] == "applied" and isinstance(filed["version"], int)
    news = lead.changes(cursor)["changes"]
    assert len(news) == 1
    entry = news[0]
    assert entry == {
        "type": "identity_report", "version": filed["version"], "submission_id": S1,
        "report_id": entry["report_id"], "reporter": "assessorB", "where": WHERE,
        "note": NOTE, "reported_at": entry["reported_at"], "state": "open",
    }  # fmt: skip
    assert entry["reported_at"].endswith("Z")
    for name in ("assessorA", "assessorB", "admin1"):
        api = db_world.as_(name)
        seen = b"".join(
            [api.request("GET", "/api/v1/changes", params={"since": s}).content
             for s in range(0, filed["version"] + 1)]
        )  # fmt: skip
        assert b"Quillfeather" not in seen and b"identity_report" not in seen, name
    # a replay answers the stored result and files nothing new
    op = report(S1, note="once")
    first = b.op(op)
    assert b.op(op) == first
    assert len(of_type(lead.all_changes(), "identity_report")) == 2


def test_who_may_file_an_identity_report(world: World) -> None:
    a, lead, admin = world.as_("assessorA"), world.as_("lead1"), world.as_("admin1")
    assert a.op(report(S2))["status"] == "applied"  # A's own, with no lead: stored, unseen
    judge_and_submit(world, "assessorA")
    assert a.op(report(S1))["status"] == "applied"  # submitted: still allowed
    for api, sid in ((lead, S1), (admin, S1), (world.as_("assessorB"), S2)):
        answer = api.op(report(sid))
        assert answer["status"] == "forbidden", answer
    with open_portal(world.config) as portal:
        unassign(portal, S2, "assessorA")
    assert a.op(report(S2))["status"] == "forbidden"
    for bad, why in (
        (report(S1, where="x" * 501), "500"),
        (report(S1, note="y" * 5001), "5,000"),
        (report(S1, where=" ", note=""), "needs where"),
        ({**report(S1), "note": 7}, "note must be a string"),
    ):
        answer = a.op(bad)
        assert answer["status"] == "invalid" and why in answer["message"], answer
    # a lead assigned later gets the submission's reports, however far its cursor is
    with open_portal(world.config) as portal:
        assign(portal, S2, "lead1")
    lead_feed = lead.all_changes()
    assert [r["where"] for r in of_type(lead_feed, "identity_report", S2)] == [WHERE]


def test_reassign_effects(db_world: World) -> None:
    add_people(db_world, ("assessorC", "assessor"))
    judge_and_submit(db_world, "assessorA")
    b, lead = db_world.as_("assessorB"), db_world.as_("lead1")
    assert b.op(judge(S1, "eo1.1", "N", "B's draft."))["status"] == "applied"
    filed = b.op(report(S1))
    b_cursor = b.changes(0)["cursor"]
    lead_cursor = lead.changes(0)["cursor"]
    answer = lead.op(reassign(S1, "assessorB", "assessorC"))
    assert answer["status"] == "applied"
    # B: revoked, with the lead's reason; further work is locked
    news = b.changes(b_cursor)["changes"]
    assert [c["type"] for c in news] == ["assignment", "revoked"]
    assert news[1]["reason"] == "reassigned by the lead"
    assert b.op(judge(S1, "eo1.2", "N", "late"))["status"] == "locked"
    assert b.request("GET", f"/api/v1/bundles/{S1}").status_code == 404
    # C: an open assessor assignment due as the submission
    c_entry = last_assignment(db_world.as_("assessorC").all_changes())
    assert (c_entry["state"], c_entry["role"], c_entry["due"]) == ("open", "assessor", "2026-12-15")
    assert c_entry["released"] is False
    # the lead: B's report resolved (a new version); nothing of the scores yet
    lead_news = lead.changes(lead_cursor)["changes"]
    resolved = of_type(lead_news, "identity_report")
    assert [(r["state"], r["reporter"]) for r in resolved] == [("resolved", "assessorB")]
    assert resolved[0]["version"] > filed["version"]
    assert answer["version"] == max(c["version"] for c in lead_news)
    assert db_world.as_("assessorC").op(judge(S1, "eo1.1", "P"))["status"] == "applied"
    # and the assessors now listed for the lead
    names = lead.request("GET", "/api/v1/assessors").json()
    assert names == {"assessors": [{"name": n} for n in ("assessorA", "assessorB", "assessorC")]}


def test_reassign_refusals(world: World) -> None:
    add_people(world, ("assessorC", "assessor"), ("assessorD", "assessor"), ("lead2", "lead"))
    with open_portal(world.config) as portal, write_session(portal.engine) as session:
        user = session.query(User).filter(User.name == "assessorD").one()
        user.disabled = True
    lead, a = world.as_("lead1"), world.as_("assessorA")
    cases = [
        (a, reassign(S1, "assessorB", "assessorC"), "forbidden", "only the submission's lead"),
        (world.as_("lead2"), reassign(S1, "assessorB", "assessorC"), "forbidden", "not assigned"),
        (lead, reassign(S2, "assessorA", "assessorC"), "forbidden", "not assigned"),
        (lead, reassign(S1, "assessorC", "assessorB"), "invalid", "not an assessor of"),
        (lead, reassign(S1, "nobody", "assessorC"), "invalid", "not an assessor of"),
        (lead, reassign(S1, "lead1", "assessorC"), "invalid", "not an assessor of"),
        (lead, reassign(S1, "assessorB", "assessorA"), "invalid", "already assigned"),
        (lead, reassign(S1, "assessorB", "assessorD"), "invalid", "not an enabled assessor"),
        (lead, reassign(S1, "assessorB", "lead2"), "invalid", "not an enabled assessor"),
        (lead, reassign(S1, "assessorB", "ghost"), "invalid", "not an enabled assessor"),
        (lead, reassign(S1, "assessorB", "assessorB"), "invalid", "the same person"),
        (lead, {**reassign(S1, "assessorB", "x"), "to_user": "no spaces"}, "invalid", "user name"),
    ]
    for api, op, status, words in cases:
        answer = api.op(op)
        assert answer["status"] == status and words in answer["message"], (op, answer)
    # nothing changed: both assessors still hold S1
    for name in ("assessorA", "assessorB"):
        assert last_assignment(world.as_(name).all_changes())["state"] == "open"
    # a revoked lead may not
    with open_portal(world.config) as portal:
        unassign(portal, S1, "lead1")
    assert lead.op(reassign(S1, "assessorB", "assessorC"))["status"] == "forbidden"
    with open_portal(world.config) as portal:
        assign(portal, S1, "lead1")
    # a reassigned person can be brought back, which reopens their old assignment
    assert lead.op(reassign(S1, "assessorB", "assessorC"))["status"] == "applied"
    assert lead.op(reassign(S1, "assessorC", "assessorB"))["status"] == "applied"
    assert last_assignment(world.as_("assessorB").all_changes())["state"] == "open"
    assert last_assignment(world.as_("assessorC").all_changes())["state"] == "revoked"


def test_assessors_endpoint_is_for_leads_and_admins(world: World) -> None:
    expected = {"assessors": [{"name": "assessorA"}, {"name": "assessorB"}]}
    for name, status in (("lead1", 200), ("admin1", 200), ("assessorA", 403),
                         ("assessorB", 403), ("anonymous", 401)):  # fmt: skip
        response = world.as_(name).request("GET", "/api/v1/assessors")
        assert response.status_code == status, name
        if status == 200:
            assert response.json() == expected
        else:
            assert set(response.json()) == {"error", "message"}
            assert b"assessorB" not in response.content
