"""Sync through injected network faults: a real portal behind :mod:`support.fault_proxy`,
a real workspace, the real SyncEngine. Every confirmed judgment must reach the portal exactly
once, whatever the network does; bundle downloads end verified or cleanly failed."""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from support.bundles import write_sample_bundle
from support.fault_proxy import Fault, FaultProxy
from support.portal import S1, S2, S3, TARGETS, copy_world, fast_config, password_of, populate

from assessor_app.errors import PortalProtocolError, SyncError
from assessor_app.portal.server import PortalConfig, RunningPortal, start_portal_in_thread
from assessor_app.sync.client import PortalClient, RetryPolicy
from assessor_app.sync.engine import SyncEngine, SyncReport
from assessor_app.workspace import Workspace

FAST_RETRY = RetryPolicy(max_attempts=4, base_delay=0.01, max_delay=0.05)
OPS = "/api/v1/ops"
CHANGES = "/api/v1/changes"
BUNDLES = "/api/v1/bundles/"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> PortalConfig:
    out = tmp_path_factory.mktemp("fault-bundles")
    bundles = {sid: write_sample_bundle(out / f"{sid}.zip", sid) for sid in (S1, S2, S3)}
    config = fast_config(tmp_path_factory.mktemp("fault-template") / "portal")
    populate(config, bundles)
    return config


@dataclass
class Rig:
    config: PortalConfig
    running: RunningPortal
    proxy: FaultProxy
    ws: Workspace
    client: PortalClient
    engine: SyncEngine
    baseline: int

    def sync(self) -> SyncReport:
        return self.engine.run()

    def db(self) -> sqlite3.Connection:
        return sqlite3.connect(self.config.data_dir / "portal.sqlite3")

    def counter(self) -> int:
        con = self.db()
        try:
            return int(con.execute("SELECT value FROM version_counter").fetchone()[0])
        finally:
            con.close()

    def server_ops(self) -> dict[str, dict[str, Any]]:
        con = self.db()
        try:
            rows = con.execute("SELECT op_id, result_json FROM ops").fetchall()
        finally:
            con.close()
        return {op_id: json.loads(result) for op_id, result in rows}

    def server_judgments(self, user: str = "assessorA") -> dict[tuple[str, str], tuple[Any, str]]:
        con = self.db()
        try:
            rows = con.execute(
                "SELECT a.submission_id, j.target_id, j.level, j.comment FROM judgments j "
                "JOIN assignments a ON a.id = j.assignment_id JOIN users u ON u.id = a.user_id "
                "WHERE u.name = ?",
                (user,),
            ).fetchall()
        finally:
            con.close()
        return {(sid, t): (level, comment) for sid, t, level, comment in rows}

    def local_judgments(self) -> dict[tuple[str, str], tuple[Any, str]]:
        out = {}
        for sid in (S1, S2):
            for t, j in self.ws.judgments(sid).items():
                if j.level is not None:
                    out[(sid, t)] = (j.level, j.comment)
        return out

    def assert_exactly_once(self) -> None:
        """Local equals the portal; every op of the outbox is stored once on the portal; the
        counter moved exactly once per applied op (no op applied twice)."""
        assert self.ws.pending_changes() == 0
        assert self.local_judgments() == self.server_judgments()
        stored = self.server_ops()
        entries = self.ws.outbox(include_acked=True)
        for entry in entries:
            if entry.acked_at is not None:
                assert entry.op_id in stored, entry
        applied = sum(1 for r in stored.values() if r.get("status") == "applied")
        assert self.counter() - self.baseline == applied


@pytest.fixture
def rig(tmp_path: Path, template: PortalConfig) -> Iterator[Rig]:
    config = copy_world(template, tmp_path, None)
    running = start_portal_in_thread(config)
    proxy = FaultProxy(running.url, stall=1.0)
    ws = Workspace.open(tmp_path / "ws")
    client = PortalClient(proxy.url, retry=FAST_RETRY, timeout=10)
    try:
        login = client.login("assessorA", password_of("assessorA"), "test-device")
        ws.set_sync_identity(
            proxy.url, login.username, login.portal_id, login.signing_key, login.epoch
        )
        engine = SyncEngine(ws, client, stall_timeout=0.4, download_attempts=4)
        r = Rig(config, running, proxy, ws, client, engine, 0)
        r.baseline = r.counter()
        yield r
    finally:
        client.close()
        ws.close()
        proxy.stop()
        running.stop()


def judge_offline(ws: Workspace, tag: str, n: int = 3, sid: str = S1) -> None:
    for i, t in enumerate(TARGETS[:n]):
        ws.judge(sid, t, "P" if i % 2 else "N", f"{tag} {t}")


def ready(rig: Rig) -> None:
    report = rig.sync()
    assert report.up_to_date, report.reason
    assert {s.id for s in rig.ws.submissions()} == {S1, S2}


# --- ops through each fault ------------------------------------------------------------------
@pytest.mark.parametrize(
    "fault",
    [Fault.RESET_BEFORE, Fault.RESET_AFTER, Fault.TRUNCATE, Fault.STALL, Fault.ERROR_500],
)
def test_each_fault_on_ops_still_applies_every_judgment_exactly_once(
    rig: Rig, fault: Fault
) -> None:
    ready(rig)
    judge_offline(rig.ws, f"offline-{fault}", n=4)
    rig.proxy.script(OPS, fault, fault)  # the first two tries fail, the third gets through
    report = rig.sync()
    assert report.up_to_date, report.reason
    assert len(rig.proxy.faults_seen(fault)) == 2
    rig.assert_exactly_once()
    if fault in (Fault.RESET_AFTER, Fault.TRUNCATE, Fault.STALL):
        # the portal applied the batch on the first try; the replays got the stored results
        assert rig.counter() - rig.baseline == 4
    assert rig.sync().up_to_date
    rig.assert_exactly_once()


def test_reset_after_forwarding_until_give_up_then_replay_answers_stored_result(rig: Rig) -> None:
    ready(rig)
    judge_offline(rig.ws, "given-up", n=2)
    rig.proxy.script(OPS, *[Fault.RESET_AFTER] * FAST_RETRY.max_attempts)
    with pytest.raises(SyncError) as caught:
        rig.sync()
    assert "\n" not in str(caught.value)
    assert rig.ws.pending_changes() == 2  # applied on the portal, but not known here: kept
    applied_once = rig.counter()
    assert applied_once - rig.baseline == 2
    report = rig.sync()  # no fault: the replay is answered by the stored result
    assert report.up_to_date, report.reason
    assert rig.counter() == applied_once
    rig.assert_exactly_once()


def test_retry_after_is_honoured(rig: Rig) -> None:
    ready(rig)
    judge_offline(rig.ws, "busy", n=2)
    rig.proxy.script(OPS, Fault.BUSY_503)
    report = rig.sync()
    assert report.up_to_date, report.reason
    ops = [e for e in rig.proxy.log if e.path.startswith(OPS)]
    assert [e.fault for e in ops[:2]] == [Fault.BUSY_503, Fault.PASS]
    assert ops[1].at - ops[0].at >= 1.0  # Retry-After: 1, although the backoff is ~10 ms
    rig.assert_exactly_once()


def test_garbage_answers_give_a_one_line_protocol_error_then_recover(rig: Rig) -> None:
    ready(rig)
    judge_offline(rig.ws, "garbage", n=2)
    rig.proxy.set_plan(lambda _i, _m, path: Fault.GARBAGE if path.startswith(OPS) else None)
    with pytest.raises(PortalProtocolError) as caught:
        rig.sync()
    message = str(caught.value)
    assert "\n" not in message and "unexpected" in message
    assert rig.ws.sync_state().last_error == message  # type: ignore[union-attr]
    assert rig.ws.pending_changes() == 2
    rig.proxy.clear()
    assert rig.sync().up_to_date
    rig.assert_exactly_once()


def test_garbage_change_feed_is_a_protocol_error(rig: Rig) -> None:
    rig.proxy.set_plan(lambda _i, _m, path: Fault.GARBAGE if path.startswith(CHANGES) else None)
    with pytest.raises(PortalProtocolError) as caught:
        rig.sync()
    assert "\n" not in str(caught.value)
    assert rig.ws.submissions() == []
    rig.proxy.clear()
    ready(rig)


# --- bundle downloads ------------------------------------------------------------------------
@pytest.mark.parametrize("fault", [Fault.TRUNCATE, Fault.STALL, Fault.RESET_AFTER])
def test_bundle_download_resumes_through_a_fault_and_ends_verified(rig: Rig, fault: Fault) -> None:
    rig.proxy.script(BUNDLES, fault)
    report = rig.sync()
    assert report.up_to_date, report.reason
    assert {s.id for s in rig.ws.submissions()} == {S1, S2}
    assert not list(rig.ws.downloads_dir.iterdir())  # no .part, .etag or .zip left
    gets = [e for e in rig.proxy.log if e.path.startswith(BUNDLES)]
    assert len(gets) == 3  # one failed, its retry, and the other bundle


@pytest.mark.parametrize("fault", [Fault.TRUNCATE, Fault.STALL])
def test_bundle_download_that_always_fails_imports_nothing_and_keeps_the_part(
    rig: Rig, fault: Fault
) -> None:
    rig.proxy.set_plan(lambda _i, _m, path: fault if path.startswith(BUNDLES) else None)
    try:
        report = rig.sync()
    except SyncError as error:
        assert "\n" not in str(error)
    else:
        assert not report.up_to_date
        assert report.download_failures
    assert rig.ws.submissions() == []  # nothing partial imported
    parts = list(rig.ws.downloads_dir.glob("*.part"))
    assert parts, "a failed transfer keeps its part for the next run"
    assert not list(rig.ws.downloads_dir.glob("*.zip"))
    rig.proxy.clear()
    ready(rig)
    assert not list(rig.ws.downloads_dir.iterdir())


# --- a seeded mix of faults across several syncs ------------------------------------------------
@pytest.mark.parametrize("seed", [1, 7, 42])
def test_a_seeded_mix_of_faults_over_several_syncs_converges_exactly_once(
    rig: Rig, seed: int
) -> None:
    rng = random.Random(seed)
    kinds = [
        Fault.PASS,
        Fault.PASS,
        Fault.RESET_BEFORE,
        Fault.RESET_AFTER,
        Fault.TRUNCATE,
        Fault.ERROR_500,
        Fault.GARBAGE,
    ]
    rig.proxy.stall = 0.3
    rig.proxy.set_plan(lambda _i, _m, _p: rng.choice([*kinds, Fault.STALL]))
    for attempt in range(6):
        for t in rng.sample(TARGETS, 2):
            sid = rng.choice([s.id for s in rig.ws.submissions()] or [None])
            if sid is not None:
                rig.ws.judge(sid, t, rng.choice("PN"), f"mix-{seed}-{attempt}-{t}")
        try:
            rig.sync()
        except SyncError as error:
            assert "\n" not in str(error)
        # never applied twice, even mid-faults
        stored = rig.server_ops()
        applied = sum(1 for r in stored.values() if r.get("status") == "applied")
        assert rig.counter() - rig.baseline == applied
    rig.proxy.clear()
    for _ in range(2):
        report = rig.sync()
        assert report.up_to_date, report.reason
    assert {s.id for s in rig.ws.submissions()} == {S1, S2}
    rig.assert_exactly_once()
    assert not list(rig.ws.downloads_dir.iterdir())
