"""A stateful property test of sync (SYNC.md, "How the anchors test it"): two devices of
assessorA and one of assessorB against a real portal (fresh per example, copied from a
template made once per module) behind the fault proxy. Rules: judge, sync, sync through a
dropped connection, crash (close without syncing, reopen from disk), resolve conflicts.

Invariants: every confirmed edit is on the portal or in its device's outbox; each op applied
at most once (the portal's counter moved once per stored ``applied`` result); after settling,
local equals the portal for every row; assessorB's workspace never holds assessorA's scores.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from support.bundles import write_sample_bundle
from support.fault_proxy import Fault, FaultProxy
from support.portal import S1, S2, S3, TARGETS, fast_config, password_of, populate

from assessor_app.errors import SyncError
from assessor_app.portal.server import PortalConfig, start_portal_in_thread
from assessor_app.sync.client import PortalClient, RetryPolicy
from assessor_app.sync.engine import SyncEngine
from assessor_app.workspace import Workspace

pytestmark = pytest.mark.slow

FAST_RETRY = RetryPolicy(max_attempts=2, base_delay=0.01, max_delay=0.02)
DEVICES = ("A1", "A2", "B")
USER = {"A1": "assessorA", "A2": "assessorA", "B": "assessorB"}
SUBS = {"A1": (S1, S2), "A2": (S1, S2), "B": (S1,)}

TEMPLATE: PortalConfig | None = None


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> PortalConfig:
    out = tmp_path_factory.mktemp("stateful-bundles")
    bundles = {sid: write_sample_bundle(out / f"{sid}.zip", sid) for sid in (S1, S2, S3)}
    config = fast_config(tmp_path_factory.mktemp("stateful-template") / "portal")
    populate(config, bundles)
    return config


def db_bytes(ws_dir: Path) -> bytes:
    return b"".join(p.read_bytes() for p in ws_dir.glob("workspace.sqlite3*") if p.is_file())


class Device:
    def __init__(self, name: str, root: Path, url: str) -> None:
        self.name = name
        self.user = USER[name]
        self.dir = root / name
        self.url = url
        self.ws = Workspace.open(self.dir)
        self.client = PortalClient(url, retry=FAST_RETRY, timeout=10)
        login = self.client.login(self.user, password_of(self.user), name)
        self.ws.set_sync_identity(
            url, login.username, login.portal_id, login.signing_key, login.epoch
        )
        self.engine = SyncEngine(self.ws, self.client, stall_timeout=2.0)

    def sync(self) -> bool:
        try:
            return self.engine.run().up_to_date
        except SyncError as error:
            assert "\n" not in str(error)
            return False

    def crash(self) -> None:
        self.ws.close()
        self.ws = Workspace.open(self.dir)
        self.engine = SyncEngine(self.ws, self.client, stall_timeout=2.0)

    def local(self) -> dict[tuple[str, str], tuple[Any, str]]:
        out = {}
        for sid in SUBS[self.name]:
            for t, j in self.ws.judgments(sid).items():
                if j.level is not None:
                    out[(sid, t)] = (j.level, j.comment)
        return out

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.close()
        with contextlib.suppress(Exception):
            self.ws.close()


class SyncMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        assert TEMPLATE is not None
        self.root = Path(tempfile.mkdtemp(prefix="sync-stateful-"))
        data = self.root / "portal"
        shutil.copytree(TEMPLATE.data_dir, data)
        self.config = fast_config(data)
        self.running = start_portal_in_thread(self.config)
        self.proxy = FaultProxy(self.running.url, stall=0.2)
        self.devices: dict[str, Device] = {}
        self.seen_ops: dict[str, set[str]] = {d: set() for d in DEVICES}
        self.counter_baseline = self.counter()
        self.n = 0

    @initialize()
    def sign_in_and_download(self) -> None:
        for name in DEVICES:
            self.devices[name] = Device(name, self.root, self.proxy.url)
            assert self.devices[name].sync()
            assert {s.id for s in self.devices[name].ws.submissions()} == set(SUBS[name])

    # -- portal views -------------------------------------------------------------------------
    def query(self, sql: str, *args: Any) -> list[Any]:
        con = sqlite3.connect(self.config.data_dir / "portal.sqlite3")
        try:
            return con.execute(sql, args).fetchall()
        finally:
            con.close()

    def counter(self) -> int:
        return int(self.query("SELECT value FROM version_counter")[0][0])

    def server(self, user: str) -> dict[tuple[str, str], tuple[Any, str]]:
        rows = self.query(
            "SELECT a.submission_id, j.target_id, j.level, j.comment FROM judgments j "
            "JOIN assignments a ON a.id = j.assignment_id JOIN users u ON u.id = a.user_id "
            "WHERE u.name = ? AND j.level IS NOT NULL",
            user,
        )
        return {(sid, t): (level, comment) for sid, t, level, comment in rows}

    def stored_ops(self) -> dict[str, dict[str, Any]]:
        return {op: json.loads(r) for op, r in self.query("SELECT op_id, result_json FROM ops")}

    # -- rules ----------------------------------------------------------------------------------
    @rule(
        device=st.sampled_from(DEVICES),
        sub=st.integers(0, 1),
        tid=st.sampled_from(TARGETS),
        level=st.sampled_from("PN"),
    )
    def judge(self, device: str, sub: int, tid: str, level: str) -> None:
        d = self.devices[device]
        sid = SUBS[device][sub % len(SUBS[device])]
        self.n += 1
        marker = "AMARK" if d.user == "assessorA" else "BMARK"
        d.ws.judge(sid, tid, level, f"{marker}-{device}-{self.n}")
        self.seen_ops[device] |= {e.op_id for e in d.ws.outbox(include_acked=True)}

    @rule(device=st.sampled_from(DEVICES))
    def sync(self, device: str) -> None:
        self.devices[device].sync()

    @rule(
        device=st.sampled_from(DEVICES),
        fault=st.sampled_from([Fault.RESET_AFTER, Fault.RESET_BEFORE, Fault.TRUNCATE]),
    )
    def sync_dropped(self, device: str, fault: Fault) -> None:
        self.proxy.set_plan(lambda _i, _m, path: fault if path.startswith("/api/v1/ops") else None)
        try:
            self.devices[device].sync()
        finally:
            self.proxy.clear()

    @rule(device=st.sampled_from(DEVICES))
    def crash(self, device: str) -> None:
        self.devices[device].crash()

    @precondition(lambda self: any(d.ws.conflicts() for d in self.devices.values()))
    @rule(device=st.sampled_from(DEVICES), keep=st.sampled_from(["mine", "theirs"]))
    def resolve(self, device: str, keep: str) -> None:
        d = self.devices[device]
        for c in d.ws.conflicts():
            d.ws.resolve_conflict(c.submission_id, c.target_id, keep)
        self.seen_ops[device] |= {e.op_id for e in d.ws.outbox(include_acked=True)}

    # -- invariants -----------------------------------------------------------------------------
    @invariant()
    def every_confirmed_edit_is_on_the_portal_or_in_the_outbox(self) -> None:
        if not self.devices:
            return
        stored = self.stored_ops()
        for name, d in self.devices.items():
            here = {e.op_id: e for e in d.ws.outbox(include_acked=True)}
            for op_id in self.seen_ops[name]:
                assert op_id in here, f"{name}: op {op_id} vanished from the outbox"
                entry = here[op_id]
                if entry.acked_at is not None:
                    assert op_id in stored, f"{name}: op {op_id} acknowledged, not on the portal"
            server = self.server(d.user)
            unanswered = {
                (e.submission_id, e.target_id) for e in d.ws.outbox() if e.target_id is not None
            }
            conflicted = {(c.submission_id, c.target_id) for c in d.ws.conflicts()}
            for key, value in d.local().items():
                assert server.get(key) == value or key in unanswered or key in conflicted, (
                    name,
                    key,
                    value,
                    server.get(key),
                )

    @invariant()
    def each_op_applied_at_most_once(self) -> None:
        applied = sum(1 for r in self.stored_ops().values() if r.get("status") == "applied")
        assert self.counter() - self.counter_baseline == applied

    @invariant()
    def blindness(self) -> None:
        if "B" in self.devices:
            assert b"AMARK" not in db_bytes(self.devices["B"].dir)
        for name in ("A1", "A2"):
            if name in self.devices:
                assert b"BMARK" not in db_bytes(self.devices[name].dir)

    # -- settle and compare ---------------------------------------------------------------------
    def teardown(self) -> None:
        try:
            if len(self.devices) == len(DEVICES):
                self.settle()
        finally:
            for d in self.devices.values():
                d.close()
            self.proxy.stop()
            self.running.stop()
            shutil.rmtree(self.root, ignore_errors=True)

    def settle(self) -> None:
        self.proxy.clear()
        for _round in range(4):
            for d in self.devices.values():
                d.sync()
                for c in d.ws.conflicts():
                    d.ws.resolve_conflict(c.submission_id, c.target_id, "theirs")
        for _round in range(2):
            for d in self.devices.values():
                assert d.sync(), d.ws.sync_state()
        for name, d in self.devices.items():
            assert d.ws.conflicts() == [], name
            assert d.ws.pending_changes() == 0, name
            assert d.local() == self.server(d.user), name
        self.each_op_applied_at_most_once()
        self.blindness()


def test_sync_state_machine(template: PortalConfig) -> None:
    global TEMPLATE
    TEMPLATE = template
    run_state_machine_as_test(
        SyncMachine,
        settings=settings(
            max_examples=15,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
