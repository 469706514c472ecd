"""End to end: the real portal on loopback, real workspaces, the real keyring, the CLI.

Each test gets its own copy of a demo portal (assessor1, assessor2, lead1; password "demo";
five signed demo bundles assigned to everyone) served by ``start_portal_in_thread``, and signs
in and syncs with ``assessor-app`` exactly as a person would (``cli.main``). What reached the
portal is read with ``assessor-portal scores --json``.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from support.e2e_portal import Harness

from assessor_app.errors import SyncCancelledError
from assessor_app.storage.sync_store import OpState
from assessor_app.sync import credentials
from assessor_app.sync.client import PortalClient
from assessor_app.sync.engine import SyncEngine, SyncProgress
from assessor_app.workspace import SubmissionStatus, Workspace

pytestmark = pytest.mark.slow


def levels(ws: Workspace, submission_id: str) -> tuple[str, str]:
    """(a proficient level code, a not-yet level code) of the submission's rubric."""
    rubric = ws.submission(submission_id).manifest.rubric
    good = next(lv.code for lv in rubric.levels if lv.proficient)
    bad = next(lv.code for lv in rubric.levels if not lv.proficient)
    return good, bad


def targets(ws: Workspace, submission_id: str) -> tuple[str, ...]:
    return ws.submission(submission_id).manifest.rubric.target_ids()


def first_submission(ws: Workspace) -> str:
    return sorted(s.id for s in ws.submissions())[0]


def db_bytes(ws_dir: Path) -> bytes:
    return b"".join(p.read_bytes() for p in ws_dir.glob("workspace.sqlite3*") if p.is_file())


# --- the tests ------------------------------------------------------------------------------------
def test_two_assessors_and_a_lead_score_blind_and_each_score_arrives_once(h: Harness) -> None:
    for ws, user in (("a", "assessor1"), ("b", "assessor2"), ("lead", "lead1")):
        run = h.login(ws, user)
        assert run.rc == 0, run.err
        assert "Signed in" in run.out

    run = h.sync("a")
    assert run.rc == 0, run.err
    assert "downloaded 5/5 bundles" in run.err  # plain progress lines when not a terminal
    assert "Up to date." in run.out
    with h.open("a") as ws:
        assert len(ws.submissions()) == 5  # each one verified, signature included
        state = ws.sync_state()
        assert state is not None and state.username == "assessor1"
        assert not list(ws.downloads_dir.iterdir())
        sid = first_submission(ws)
        good, bad = levels(ws, sid)
        marker = f"A-only-{uuid.uuid4().hex}"
        all_targets = targets(ws, sid)
        # Offline: the portal is down while the assessor works.
        h.stop()
        for t in all_targets:
            ws.judge(sid, t, bad, f"{marker} {t}")
        ws.judge(sid, all_targets[0], bad, f"{marker} {all_targets[0]} (second thought)")
    run = h.sync("a")
    assert run.rc == 2
    assert "cannot be reached" in run.err and run.err.count("assessor-app:") == 1

    h.start()
    run = h.sync("a")
    assert run.rc == 0, run.err
    mine = h.judgments_of("assessor1", sid)
    assert sorted(j["target_id"] for j in mine) == sorted(all_targets)  # each exactly once
    by_target = {j["target_id"]: j for j in mine}
    assert by_target[all_targets[0]]["comment"] == f"{marker} {all_targets[0]} (second thought)"
    assert by_target[all_targets[1]]["comment"] == f"{marker} {all_targets[1]}"
    versions = {j["target_id"]: j["version"] for j in mine}
    assert h.sync("a").rc == 0  # again: nothing new is applied
    assert {j["target_id"]: j["version"] for j in h.judgments_of("assessor1", sid)} == versions

    # Submit locks, on both sides.
    with h.open("a") as ws:
        ws.submit(sid)
    assert h.sync("a").rc == 0
    [assignment] = [
        a
        for a in h.scores()["assignments"]
        if a["user"] == "assessor1" and a["submission_id"] == sid
    ]
    assert assignment["state"] == "submitted"
    with h.open("a") as ws:
        assert ws.submissions()[0].status is not None
        assert next(s for s in ws.submissions() if s.id == sid).status is SubmissionStatus.SUBMITTED
        assert ws.pending_changes() == 0

    # Assessor B works on the same submission and never receives A's scores.
    run = h.sync("b")
    assert run.rc == 0, run.err
    with h.open("b") as ws:
        assert ws.judgments(sid) == {}
        assert ws.outbox(include_acked=True) == []
        ws.judge(sid, all_targets[0], good, "B's own view")
    assert h.sync("b").rc == 0
    raw = sqlite3.connect(h.ws_dir("b") / "workspace.sqlite3")
    try:
        assert raw.execute("SELECT count(*) FROM portal_judgments").fetchone()[0] == 1
        rows = raw.execute("SELECT submission_id, target_id, comment FROM judgments").fetchall()
        assert rows == [(sid, all_targets[0], "B's own view")]
    finally:
        raw.close()
    assert marker.encode() not in db_bytes(h.ws_dir("b"))
    assert [j["comment"] for j in h.judgments_of("assessor2", sid)] == ["B's own view"]
    assert len(h.judgments_of("assessor1", sid)) == len(all_targets)  # untouched by B

    # The lead syncs too (assignments and bundles; no assessor's scores in its own rows).
    run = h.sync("lead")
    assert run.rc == 0, run.err
    with h.open("lead") as ws:
        assert ws.judgments(sid) == {}
    assert marker.encode() not in db_bytes(h.ws_dir("lead"))


def test_the_same_assessor_on_two_devices_gets_a_conflict_not_a_silent_overwrite(
    h: Harness,
) -> None:
    for ws in ("laptop", "desktop"):
        assert h.login(ws, "assessor1").rc == 0
        assert h.sync(ws).rc == 0
    with h.open("laptop") as ws:
        sid = first_submission(ws)
        good, bad = levels(ws, sid)
        t1, t2 = targets(ws, sid)[:2]
        ws.judge(sid, t1, good, "laptop says proficient")
        ws.judge(sid, t2, good, "laptop on t2")
    assert h.sync("laptop").rc == 0

    with h.open("desktop") as ws:  # has not synced since: still sees nothing on t1, t2
        ws.judge(sid, t1, bad, "desktop says not yet")
        ws.judge(sid, t2, bad, "desktop on t2")
    run = h.sync("desktop")
    assert run.rc == 1
    assert "2 conflict(s) to resolve" in run.err
    with h.open("desktop") as ws:
        conflicts = {c.target_id: c for c in ws.conflicts(sid)}
        assert (conflicts[t1].local_comment, conflicts[t1].server_comment) == (
            "desktop says not yet",
            "laptop says proficient",
        )
        assert next(s for s in ws.submissions() if s.id == sid).status is SubmissionStatus.CONFLICT
        ws.resolve_conflict(sid, t1, "mine")
        ws.resolve_conflict(sid, t2, "theirs")
        assert ws.judgments(sid)[t2].comment == "laptop on t2"
    run = h.sync("desktop")
    assert run.rc == 0, run.err
    on_portal = {j["target_id"]: j["comment"] for j in h.judgments_of("assessor1", sid)}
    assert on_portal == {t1: "desktop says not yet", t2: "laptop on t2"}

    assert h.sync("laptop").rc == 0
    with h.open("laptop") as ws:
        assert ws.judgments(sid)[t1].comment == "desktop says not yet"
        assert ws.conflicts() == []


def test_a_crash_between_send_and_record_replays_and_applies_once(h: Harness) -> None:
    assert h.login("a", "assessor1").rc == 0
    assert h.sync("a").rc == 0
    with h.open("a") as ws:
        sid = first_submission(ws)
        good, _bad = levels(ws, sid)
        t = targets(ws, sid)[0]
        ws.judge(sid, t, good, "sent once")
        state = ws.sync_state()
        assert state is not None
        token = credentials.load_token(state.server_url, state.username)
        ops = ws.pending_ops()
        ws.mark_ops_sent([o.op_id for o in ops])
        with PortalClient(h.url, token) as client:
            [result] = client.push_ops([o.wire for o in ops])
        # ...and the app dies here, before recording the answer.
    [first] = h.judgments_of("assessor1", sid)
    assert first["version"] == result.version

    run = h.sync("a")
    assert run.rc == 0, run.err
    assert h.judgments_of("assessor1", sid) == [first]  # replayed, not applied again
    with h.open("a") as ws:
        [entry] = ws.outbox(include_acked=True)
        assert entry.status is OpState.ACKED and entry.attempts == 2


def test_a_revoked_assignment_keeps_the_work_until_acknowledged(h: Harness) -> None:
    assert h.login("a", "assessor1").rc == 0
    assert h.sync("a").rc == 0
    with h.open("a") as ws:
        sid = first_submission(ws)
        good, _ = levels(ws, sid)
        t = targets(ws, sid)[0]
        ws.judge(sid, t, good, "my work")
        bundle_dir = ws.submission(sid).bundle_dir
    assert h.sync("a").rc == 0
    assert (
        h.portal("unassign", sid, "--from", "assessor1", "--reason", "conflict of interest").rc == 0
    )
    run = h.sync("a")
    assert run.rc == 0, run.err
    assert "withdrawn" in run.out
    with h.open("a") as ws:
        summary = next(s for s in ws.submissions() if s.id == sid)
        assert summary.status is SubmissionStatus.REVOKED
        [a] = [a for a in ws.assignments() if a.submission_id == sid]
        assert a.revoked_reason == "conflict of interest"
        assert bundle_dir.is_dir() and ws.judgments(sid)[t].comment == "my work"
        ws.acknowledge_revocation(sid)
        assert not bundle_dir.exists()
        assert ws.judgments(sid)[t].comment == "my work"
    assert h.sync("a").rc == 0  # the revoked bundle is not fetched again


def test_a_portal_restored_from_a_backup_gets_everything_back(h: Harness) -> None:
    assert h.login("a", "assessor1").rc == 0
    assert h.sync("a").rc == 0
    with h.open("a") as ws:
        sid = first_submission(ws)
        good, bad = levels(ws, sid)
        t1, t2, t3 = targets(ws, sid)[:3]
        ws.judge(sid, t1, good, "before the backup")
    assert h.sync("a").rc == 0
    h.stop()
    backup = h.root / "portal-backup"
    shutil.copytree(h.data, backup)
    h.start()
    with h.open("a") as ws:
        ws.judge(sid, t2, bad, "after the backup")
    assert h.sync("a").rc == 0
    with h.open("a") as ws:
        ws.judge(sid, t3, bad, "offline, never sent")

    # Disaster: the portal's disk is lost; the backup is restored and given a new epoch.
    h.stop()
    shutil.rmtree(h.data)
    shutil.copytree(backup, h.data)
    assert h.portal("new-epoch").rc == 0
    h.start()
    run = h.sync("a")
    assert run.rc == 0, run.err
    on_portal = {j["target_id"]: j["comment"] for j in h.judgments_of("assessor1", sid)}
    assert on_portal == {
        t1: "before the backup",
        t2: "after the backup",
        t3: "offline, never sent",
    }
    with h.open("a") as ws:
        assert ws.pending_changes() == 0 and ws.conflicts() == []


def test_the_token_is_only_in_the_keyring(h: Harness) -> None:
    password = f"pw-{uuid.uuid4().hex}"
    assert h.portal("users", "add", "assessor3", "--role", "assessor", "--password-stdin",
                    stdin=password).rc == 0  # fmt: skip
    assert h.portal("unassign", "MC-7K2Q-91PX", "--from", "assessor2").rc == 0
    assert h.portal("assign", "MC-7K2Q-91PX", "--to", "assessor3").rc == 0
    run = h.login("c", "assessor3", password)
    assert run.rc == 0, run.err
    token = credentials.load_token(h.url, "assessor3")
    assert token
    assert h.sync("c").rc == 0
    secrets = (token.encode(), password.encode())
    assert not any(s in (run.out + run.err).encode() for s in secrets)
    searched = 0
    roots = [h.ws_dir("c")] + [Path(os.environ[v]) for v in ("XDG_CONFIG_HOME", "XDG_DATA_HOME")]
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file():
                searched += 1
                data = path.read_bytes()
                assert not any(s in data for s in secrets), path
    assert searched > 3


def test_a_different_key_for_the_pinned_portal_is_refused(h: Harness) -> None:
    assert h.login("a", "assessor1").rc == 0
    h.stop()
    (h.data / "signing_key.pem").unlink()  # the portal comes back with a new key
    h.start()
    run = h.login("a", "assessor1")
    assert run.rc == 2
    assert "different signing key" in run.err and run.err.count("\n") == 1


def test_errors_exit_2_with_one_line(h: Harness) -> None:
    run = h.sync("nobody")
    assert run.rc == 2 and "not signed in" in run.err and run.err.count("\n") == 1
    run = h.login("a", "assessor1", "wrong")
    assert run.rc == 2 and "user name or password" in run.err
    with h.open("a") as ws:
        assert ws.sync_state() is None  # nothing pinned by a failed sign-in


def test_a_cancelled_sync_resumes_and_imports_each_bundle_once(h: Harness) -> None:
    assert h.login("a", "assessor1").rc == 0
    cancel = threading.Event()
    seen: list[SyncProgress] = []

    def progress(p: SyncProgress) -> None:
        seen.append(p)
        if p.phase == "download" and p.bundles_done >= 1:
            cancel.set()

    with h.open("a") as ws:
        state = ws.sync_state()
        assert state is not None
        token = credentials.load_token(state.server_url, state.username)
        with PortalClient(h.url, token) as client:
            with pytest.raises(SyncCancelledError):
                SyncEngine(ws, client).run(progress=progress, cancel=cancel)
            done_before = len(ws.submissions())
            assert 1 <= done_before < 5
            report = SyncEngine(ws, client).run()
        assert report.up_to_date and report.downloaded == 5 - done_before
        assert len(ws.submissions()) == 5
        totals = {p.bytes_total for p in seen if p.phase == "download"}
        assert len(totals) == 1  # one overall total across every bundle


def test_ctrl_c_cancels_a_sync_cleanly(h: Harness) -> None:
    assert h.login("a", "assessor1").rc == 0
    h.stop()  # the sync now waits between retries: Ctrl-C must not wait for it
    proc = subprocess.Popen(
        [sys.executable, "-m", "assessor_app", "--data-dir", str(h.ws_dir("a")), "sync"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        assert proc.stderr.readline().strip() == "receiving changes"
        started = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    assert time.monotonic() - started < 3
    assert "Sync cancelled" in err and "Traceback" not in err
    with h.open("a") as ws:
        assert ws.sync_state() is not None
