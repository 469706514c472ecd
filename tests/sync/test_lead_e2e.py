"""End to end, issue #5: two assessors score a demo submission blind, the lead reconciles and
finalizes it, and an identity report reaches the lead, who reassigns.

The real demo portal on loopback (``start_portal_in_thread``), real workspaces, the real OS
keyring, and the ``assessor-app`` CLI for signing in and syncing, as a person would. What
reached the portal is read with ``assessor-portal scores --json``. Blindness is checked on the
bytes of each assessor's SQLite files: the other assessor's comments are never there.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.e2e_portal import Harness, Run
from support.secret_service import require_secret_service

from assessor_app.domain.model import Rubric
from assessor_app.errors import (
    IncompleteSubmissionError,
    PortalRequestError,
    ScoresNotReleasedError,
)
from assessor_app.sync import credentials
from assessor_app.sync.client import PortalClient
from assessor_app.sync.protocol import ReportState
from assessor_app.workspace import SubmissionStatus

pytestmark = pytest.mark.slow

NEW_ASSESSOR = "assessor3"
NEW_PASSWORD = "assessor3-takes-over-2026"


class World(Harness):
    """The shared end-to-end harness, where a failed sign-in or sync stops the test at once,
    plus what this test reads of the portal and the devices."""

    def login(self, ws: str, user: str, password: str = "demo") -> Run:
        run = super().login(ws, user, password)
        assert run.rc == 0, run.err
        return run

    def sync(self, ws: str) -> Run:
        run = super().sync(ws)
        assert run.rc == 0, run.err + run.out
        return run

    def assignment(self, user: str, sid: str) -> dict[str, Any]:
        found: list[dict[str, Any]] = [
            a
            for a in self.scores()["assignments"]
            if a["user"] == user and a["submission_id"] == sid
        ]
        assert len(found) == 1, found
        return found[0]

    def db_bytes(self, ws: str) -> bytes:
        """Every byte of the workspace database, its WAL included."""
        files = sorted(self.ws_dir(ws).glob("workspace.sqlite3*"))
        assert files
        return b"".join(p.read_bytes() for p in files if p.is_file())


@pytest.fixture
def world(tmp_path: Path, demo_template: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    require_secret_service()
    w = World(tmp_path, demo_template, monkeypatch)
    try:
        yield w
    finally:
        w.close()


def _levels(rubric: Rubric) -> tuple[str, str]:
    good = next(lv.code for lv in rubric.levels if lv.proficient)
    bad = next(lv.code for lv in rubric.levels if not lv.proficient)
    return good, bad


def test_two_assessors_a_lead_a_final_result_and_a_reassignment(world: World) -> None:
    marker_a = f"A-only-{uuid.uuid4().hex}"
    marker_b = f"B-only-{uuid.uuid4().hex}"
    where = f"Portfolio: p. 3 header {uuid.uuid4().hex[:8]}"
    for name, user in (("a", "assessor1"), ("b", "assessor2"), ("lead", "lead1")):
        world.login(name, user)
        world.sync(name)

    with world.open("a") as ws:
        sid, sid2 = sorted(s.id for s in ws.submissions())[:2]
        rubric = ws.submission(sid).manifest.rubric
    good, bad = _levels(rubric)
    targets = rubric.target_ids()
    details = [d.id for d in rubric.details()]
    b_good = set(details[:2])  # B finds two details proficient; A finds none

    # Assessor A: "not yet" everywhere, with feedback; submits.
    with world.open("a") as ws:
        assert ws.role(sid) == "assessor"
        for t in targets:
            ws.judge(sid, t, bad, f"{marker_a} {t}")
        ws.submit(sid)
    world.sync("a")
    with world.open("lead") as ws:  # one submit is no release
        assert ws.role(sid) == "lead"
        with pytest.raises(ScoresNotReleasedError):
            ws.judge(sid, targets[0], bad, "too early")
    world.sync("lead")
    with world.open("lead") as ws:
        assert ws.blind_scores(sid) is None
        assert ws.reconcile_blockers(sid) == ["the assessors' scores are not released yet"]

    # Assessor B differs on two details; submits: the portal releases both to the lead.
    with world.open("b") as ws:
        for t in targets:
            if t in b_good:
                ws.judge(sid, t, good, f"{marker_b} {t}")
            else:
                ws.judge(sid, t, bad, f"{marker_b} {t}")
        ws.submit(sid)
    world.sync("b")
    assert world.assignment("lead1", sid)["released_at"] is not None

    world.sync("lead")
    with world.open("lead") as ws:
        scores = ws.blind_scores(sid)
        assert scores is not None
        a_scores, b_scores = scores
        assert (a_scores.assessor, b_scores.assessor) == ("assessor1", "assessor2")
        assert {t: j.level for t, j in a_scores.judgments.items()} == dict.fromkeys(targets, bad)
        assert b_scores.judgments[details[0]].comment == f"{marker_b} {details[0]}"
        summary = next(s for s in ws.submissions() if s.id == sid)
        assert (summary.role, summary.released, summary.disagreements) == ("lead", True, 2)
        records = ws.agreement_records()
        assert [(r.target_id, r.level_a, r.level_b) for r in records if r.submission_id == sid] == [
            (t, bad, good if t in b_good else bad) for t in targets
        ]

        # The lead follows B on the first detail, A on the second: both need a rationale.
        for t in targets:
            level = good if t == details[0] else bad
            feedback = "" if level == good else f"Lead's feedback on {t}."
            ws.judge(sid, t, level, feedback)
        with pytest.raises(IncompleteSubmissionError) as info:
            ws.submit(sid)
        assert info.value.missing == details[:2]
        ws.judge(sid, details[0], good, "", rationale="B cites the page that shows it.")
        ws.judge(sid, details[1], bad, f"Lead's feedback on {details[1]}.", rationale="A: no.")
        assert ws.reconcile_blockers(sid) == []
        ws.submit(sid)
    world.sync("lead")

    lead_row = world.assignment("lead1", sid)
    assert lead_row["state"] == "submitted"
    [result] = [r for r in world.scores()["results"] if r["submission_id"] == sid]
    assert result["lead"] == "lead1" and result["result"] == "not_yet"
    assert result["levels"][details[0]] == good and result["levels"][details[1]] == bad
    on_portal = {
        j["target_id"]: j["rationale"]
        for j in world.scores()["judgments"]
        if j["user"] == "lead1" and j["submission_id"] == sid
    }
    assert on_portal[details[0]] == "B cites the page that shows it."
    with world.open("lead") as ws:
        assert next(s for s in ws.submissions() if s.id == sid).status is (
            SubmissionStatus.SUBMITTED
        )

    # An identity report on the second submission reaches the lead, who reassigns.
    with world.open("a") as ws:
        ws.report_identity(sid2, where, "The school's name is in the header.")
    world.sync("a")
    world.sync("lead")
    with world.open("lead") as ws:
        [report] = ws.identity_reports(sid2)
        assert (report.reporter, report.where, report.state, report.mine) == (
            "assessor1",
            where,
            ReportState.OPEN,
            False,
        )
        assert next(s for s in ws.submissions() if s.id == sid2).open_identity_reports == 1
    run = world.portal(
        "users", "add", NEW_ASSESSOR, "--role", "assessor", "--password-stdin", stdin=NEW_PASSWORD
    )
    assert run.rc == 0, run.err
    with PortalClient(world.url, credentials.load_token(world.url, "lead1")) as client:
        assert client.assessors() == ["assessor1", "assessor2", NEW_ASSESSOR]
    with (
        PortalClient(world.url, credentials.load_token(world.url, "assessor2")) as client,
        pytest.raises(PortalRequestError, match="Only leads and administrators"),
    ):
        client.assessors()
    with world.open("lead") as ws:
        ws.reassign(sid2, report.reporter, NEW_ASSESSOR)
    world.sync("lead")
    with world.open("lead") as ws:
        [report] = ws.identity_reports(sid2)
        assert report.state is ReportState.RESOLVED
        assert ws.not_accepted() == []
    assert world.assignment("assessor1", sid2)["state"] == "revoked"
    assert world.assignment("assessor1", sid2)["reason"] == "reassigned by the lead"
    assert world.assignment(NEW_ASSESSOR, sid2)["state"] == "open"

    world.sync("a")
    with world.open("a") as ws:
        assert next(s for s in ws.submissions() if s.id == sid2).status is SubmissionStatus.REVOKED
    world.login("c", NEW_ASSESSOR, NEW_PASSWORD)
    world.sync("c")
    with world.open("c") as ws:
        assert [s.id for s in ws.submissions()] == [sid2]
        assert ws.blind_scores(sid2) is None

    # Blind to the end: each assessor's device never held the other's words, nor the report
    # (the reporter's own copy aside); the lead's holds both.
    world.sync("b")
    a_bytes, b_bytes, c_bytes = world.db_bytes("a"), world.db_bytes("b"), world.db_bytes("c")
    assert marker_b.encode() not in a_bytes
    assert marker_a.encode() not in b_bytes
    assert where.encode() not in b_bytes and where.encode() not in c_bytes
    assert marker_a.encode() not in c_bytes and marker_b.encode() not in c_bytes
    lead_bytes = world.db_bytes("lead")
    assert marker_a.encode() in lead_bytes and marker_b.encode() in lead_bytes
