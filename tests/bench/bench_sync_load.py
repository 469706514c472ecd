"""Benchmark: 200 assessors syncing judge ops at once, on SQLite and on PostgreSQL.

Run on demand:

    uv run pytest tests/bench/bench_sync_load.py -s --override-ini addopts=""

The portal runs in its own process (127.0.0.1, FAST argon2 cost). Assessors 2k and 2k+1
share submission k (a submission takes two assessors; judgments are per assessor, never in
conflict). Each assessor is a thread with its own httpx client speaking the protocol's JSON:
login, then BATCHES requests ``POST /api/v1/ops`` of one ``judge`` op per rubric target
(5 targets), each op changing the comment, with ``base_version`` from the previous answer, so
every op must come back ``applied``. 503/429 answers are retried as PortalClient does
(jittered exponential backoff, at least ``Retry-After``) but up to MAX_TRIES times; they are
counted and shown, with their message (the overload guard or a busy database). Afterwards the
portal's database is read: one ``ops`` row per op id, every one an applied result, and each
judgment holds the last op's comment.

Sizes: ASSESSORS (200) x BATCHES (10) x 5 ops = 10,000 ops per database.
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from support.bundles import write_sample_bundle
from support.portal_process import PortalProcess
from support.postgres import Cluster, why_unavailable

from assessor_app.portal.server import PasswordPolicy, PortalConfig
from assessor_app.portal.server.assignments import assign
from assessor_app.portal.server.bundles import import_bundle
from assessor_app.portal.server.db import Judgment, Op, User, read_session
from assessor_app.portal.server.portal import open_portal
from assessor_app.portal.server.users import add_user
from assessor_app.sync.client import RetryPolicy

pytestmark = pytest.mark.bench

ASSESSORS = int(os.environ.get("BENCH_ASSESSORS", "200"))
BATCHES = int(os.environ.get("BENCH_BATCHES", "10"))
TARGETS = ("part1", "part3", "eo1.1", "eo1.2", "eo2.1")


def sid_of(i: int) -> str:
    """A submission takes at most two assessors: assessors 2k and 2k+1 share submission k."""
    return f"SUB-LOAD-{i // 2:04d}"


FAST = PasswordPolicy(time_cost=1, memory_cost_kib=64, parallelism=1)
MAX_TRIES = 30  # per request, 503/429/connection errors
RETRY = RetryPolicy()  # the app's backoff; it gives up after RETRY.max_attempts (5)
RUN_TIMEOUT = 150.0  # seconds for the whole run of one database


def name_of(i: int) -> str:
    return f"load{i:04d}"


def password_of(i: int) -> str:
    return f"pw-load-{i:04d}-secret"


def populate(config: PortalConfig, tmp: Path) -> None:
    with open_portal(config) as portal:
        for i in range(0, ASSESSORS, 2):
            import_bundle(portal, write_sample_bundle(tmp / f"load{i}.zip", sid_of(i)))
        for i in range(ASSESSORS):
            add_user(portal, name_of(i), "assessor", password_of(i))
            assign(portal, sid_of(i), name_of(i))


@dataclass
class Stats:
    login_s: list[float] = field(default_factory=list)
    ops_s: list[float] = field(default_factory=list)  # one successful POST /ops each
    batch_s: list[float] = field(default_factory=list)  # incl. waits for retries
    busy: Counter[str] = field(default_factory=Counter)  # 503 messages: guard or database
    tries: Counter[int] = field(default_factory=Counter)  # attempts a request needed
    statuses: Counter[int] = field(default_factory=Counter)
    results: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    last_comments: dict[tuple[str, str], str] = field(default_factory=dict)
    op_ids: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _send(http: httpx.Client, stats: Stats, method: str, path: str, body: object) -> httpx.Response:
    """One request, retried on 503/429 (after Retry-After) and connection errors."""
    rng = random.Random()
    for attempt in range(1, MAX_TRIES + 1):
        start = time.perf_counter()
        try:
            response = http.request(method, path, json=body)
        except httpx.TransportError as error:
            with stats.lock:
                stats.statuses[-1] += 1
                stats.errors.append(f"{type(error).__name__}: {error}")
            time.sleep(RETRY.delay(attempt, rng))
            continue
        elapsed = time.perf_counter() - start
        with stats.lock:
            stats.statuses[response.status_code] += 1
            if response.status_code == 503:
                stats.busy[response.json().get("message", "?")] += 1
            if response.status_code == 200:
                (stats.ops_s if path.endswith("/ops") else stats.login_s).append(elapsed)
        if response.status_code in (429, 503):
            # as PortalClient.pause: jittered exponential backoff, at least Retry-After
            wait = RETRY.delay(attempt, rng)
            time.sleep(max(wait, float(response.headers.get("Retry-After", "1"))))
            continue
        with stats.lock:
            stats.tries[attempt] += 1
        return response
    raise RuntimeError(f"{method} {path}: still refused after {MAX_TRIES} tries")


def assessor(i: int, url: str, stats: Stats, barrier: threading.Barrier) -> None:
    name = name_of(i)
    with httpx.Client(base_url=url + "/api/v1", timeout=60) as http:
        try:
            barrier.wait(60)
            login = _send(
                http, stats, "POST", "/login",
                {"username": name, "password": password_of(i), "device": "bench"},
            )  # fmt: skip
            assert login.status_code == 200, login.text
            http.headers["Authorization"] = f"Bearer {login.json()['token']}"
            base = dict.fromkeys(TARGETS, 0)
            for b in range(BATCHES):
                ops = []
                for t in TARGETS:
                    op_id = str(uuid.uuid4())
                    ops.append({
                        "op_id": op_id, "kind": "judge", "submission_id": sid_of(i), "target_id": t,
                        "level": "P" if b % 2 else "N", "comment": f"{name} batch {b}",
                        "base_version": base[t],
                    })  # fmt: skip
                start = time.perf_counter()
                response = _send(http, stats, "POST", "/ops", {"ops": ops})
                elapsed = time.perf_counter() - start
                assert response.status_code == 200, response.text
                results = response.json()["results"]
                with stats.lock:
                    stats.batch_s.append(elapsed)
                    stats.op_ids.extend(op["op_id"] for op in ops)
                    for op, result in zip(ops, results, strict=True):
                        assert result["op_id"] == op["op_id"]
                        stats.results[result["status"]] += 1
                        if result["status"] in ("applied", "unchanged"):
                            base[op["target_id"]] = result["version"]
                for t in TARGETS:
                    stats.last_comments[(name, t)] = f"{name} batch {b}"
        except Exception as error:  # reported and asserted below
            with stats.lock:
                stats.errors.append(f"{name}: {type(error).__name__}: {error}")


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def run_load(tmp: Path, db_url: str | None, label: str) -> None:
    config = PortalConfig(data_dir=tmp / "portal", db_url=db_url, passwords=FAST)
    t0 = time.perf_counter()
    populate(config, tmp)
    setup_s = time.perf_counter() - t0
    proc = PortalProcess(config.data_dir, db_url)
    stats = Stats()
    barrier = threading.Barrier(ASSESSORS + 1)
    threads = [
        threading.Thread(target=assessor, args=(i, proc.url, stats, barrier), daemon=True)
        for i in range(ASSESSORS)
    ]
    try:
        for t in threads:
            t.start()
        barrier.wait(60)
        start = time.perf_counter()
        deadline = start + RUN_TIMEOUT
        for t in threads:
            t.join(max(0.0, deadline - time.perf_counter()))
        wall = time.perf_counter() - start
        alive = sum(t.is_alive() for t in threads)
    finally:
        proc.stop()

    # --- what the portal stored --------------------------------------------------------------
    expected_ops = ASSESSORS * BATCHES * len(TARGETS)
    with open_portal(config) as portal, read_session(portal.engine) as session:
        users = dict(
            session.execute(select(User.id, User.name).where(User.name.like("load%"))).all()
        )
        rows = session.execute(select(Op.op_id, Op.result_json).where(Op.user_id.in_(users)))
        stored = {op_id: json.loads(result)["status"] for op_id, result in rows}
        n_judgments = session.scalar(select(func.count()).select_from(Judgment))
        comments = [row[0] for row in session.execute(select(Judgment.comment))]
    sent = stats.op_ids
    duplicates = len(sent) - len(set(sent))
    missing = set(sent) - set(stored)
    applied_stored = sum(1 for s in stored.values() if s == "applied")
    wrong_final = sum(1 for c in comments if not c.endswith(f"batch {BATCHES - 1}"))

    ops_done = stats.results["applied"]
    print(f"\n== {label}: {ASSESSORS} assessors x {BATCHES} batches x {len(TARGETS)} ops "
          f"= {expected_ops:,} ops (setup {setup_s:.1f} s) ==")  # fmt: skip
    print(f"{'request':<28}{'count':>8}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for name, values in (
        ("POST /login (200)", stats.login_s),
        ("POST /ops (200, 1 try)", stats.ops_s),
        ("POST /ops batch incl. retry", stats.batch_s),
    ):
        print(
            f"{name:<28}{len(values):>8}{pct(values, 50) * 1e3:>9.1f}{pct(values, 90) * 1e3:>9.1f}"
            f"{pct(values, 99) * 1e3:>9.1f}{(max(values) if values else float('nan')) * 1e3:>9.1f}"
        )
    print(
        f"wall {wall:.1f} s (logins included); throughput {ops_done / wall:,.0f} ops/s, "
        f"{len(stats.batch_s) / wall:,.1f} op requests/s; threads still running: {alive}"
    )
    print(f"HTTP statuses seen (-1 = connection error): {dict(sorted(stats.statuses.items()))}")
    over = sum(n for k, n in stats.tries.items() if k > RETRY.max_attempts)
    print(
        f"attempts per request: {dict(sorted(stats.tries.items()))}; {over} requests needed "
        f"more than {RETRY.max_attempts} (PortalClient's default would have given up)"
    )
    for message, n in stats.busy.items():
        print(f"  503 x {n}: {message!r}")
    print(f"op results (client): {dict(stats.results)}")
    print(
        f"server: {len(stored):,} op rows ({applied_stored:,} applied) for {len(sent):,} ops "
        f"sent; missing {len(missing)}, duplicate ids {duplicates}; {n_judgments} judgments "
        f"(expected {ASSESSORS * len(TARGETS)}), {wrong_final} not holding the last op's value"
    )
    for line in stats.errors[:5]:
        print(f"  error: {line}")
    assert alive == 0, "some assessors did not finish in time"
    assert not [e for e in stats.errors if not e.startswith(("Remote", "Connect", "Read"))]
    assert len(sent) == expected_ops and not missing and duplicates == 0
    assert len(stored) == expected_ops and applied_stored == expected_ops
    assert stats.results["applied"] == expected_ops
    assert n_judgments == ASSESSORS * len(TARGETS) and wrong_final == 0


def test_load_sqlite(tmp_path: Path) -> None:
    run_load(tmp_path, None, "SQLite")


def test_load_postgresql(tmp_path: Path) -> None:
    reason = why_unavailable()
    if reason:
        pytest.skip(reason)
    cluster = Cluster()
    cluster.start()
    try:
        run_load(tmp_path, cluster.new_database(), "PostgreSQL")
    finally:
        cluster.stop()
