"""Every judgment the app reported as saved survives the app being killed at any moment.

A writer process judges in a loop and prints each judgment after ``judge()`` returned; it is
SIGKILLed at random moments. After each kill the workspace must open, pass
``integrity_check``, and hold every printed judgment (or a later one of the same target), each
with exactly one outbox entry per revision.

SIGKILL tests the app's side (transactions, commit before return, recovery at open). It cannot
test the disk's side of ``synchronous=FULL`` (a power cut); ``test_engine_pragmas`` checks the
setting itself.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest
import support
from support.bundles import sample_manifest
from support.judge_writer import level_for

from assessor_app.workspace import OutboxKind, Workspace

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "fork"), reason="the writer fork server needs fork()"),
]

SUBMISSION = sample_manifest().submission_id
LEVELS = [lv.code for lv in sample_manifest().rubric.levels]
KILLS = 30


def _seq(comment: str) -> int:
    assert comment.startswith("seq "), comment
    return int(comment.removeprefix("seq "))


def test_judgments_survive_sigkill(data_dir: Path, sample_bundle: Path) -> None:
    with Workspace.open(data_dir) as ws:
        ws.import_bundle(sample_bundle)
    seed = int(os.environ.get("CRASH_TEST_SEED", time.time_ns() % 1_000_000))
    rng = random.Random(seed)
    where = f"(seed {seed}; rerun with CRASH_TEST_SEED={seed})"

    tests_dir = Path(support.__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tests_dir), *sys.path])}
    server = subprocess.Popen(
        [sys.executable, "-m", "support.judge_writer"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )
    assert server.stdin is not None and server.stdout is not None
    confirmed: dict[str, tuple[int, int, str]] = {}  # target -> (revision, seq, level)
    printed_total = ahead = 0
    try:
        for kill in range(KILLS):
            server.stdin.write(f"{data_dir}\t{SUBMISSION}\t{kill * 1_000_000}\n".encode())
            server.stdin.flush()
            first = server.stdout.readline().decode()
            assert first.startswith("ready\t"), f"writer did not start: {first!r} {where}"
            pid = int(first.split("\t")[1])
            time.sleep(rng.uniform(0.05, 0.4))
            os.kill(pid, signal.SIGKILL)
            lines: list[str] = []
            while True:
                line = server.stdout.readline().decode()
                assert line, f"fork server died {where}"
                if line.startswith("exited\t"):
                    assert line.rstrip("\n").split("\t")[2] == "SIGKILL", f"{line!r} {where}"
                    break
                assert not line.startswith("error\t"), f"{line} {where}"
                lines.append(line)
            for line in lines:
                target, level, seq, revision = line.rstrip("\n").split("\t")
                confirmed[target] = (int(revision), int(seq), level)
            printed_total += len(lines)
            ahead += _check(data_dir, confirmed, f"after kill {kill + 1} {where}")
    finally:
        server.stdin.close()
        server.wait(timeout=30)
    print(
        f"\ncrash test: {KILLS} kills, {printed_total} judgments confirmed, "
        f"{ahead} kills landed between a commit and its report {where}"
    )
    assert printed_total >= KILLS, f"the writer hardly wrote anything {where}"


def _check(data_dir: Path, confirmed: dict[str, tuple[int, int, str]], where: str) -> int:
    """Check the workspace after a kill; return 1 when the judgment in flight was committed."""
    raw = sqlite3.connect(data_dir / "workspace.sqlite3")
    try:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)], where
    finally:
        raw.close()

    ahead = 0
    with Workspace.open(data_dir) as ws:
        judgments = ws.judgments(SUBMISSION)
        outbox = ws.outbox()
    for target, (revision, seq, level) in list(confirmed.items()):
        got = judgments.get(target)
        assert got is not None, f"{target} seq {seq} was reported saved but is gone {where}"
        assert got.revision >= revision, f"{target}: {got} older than revision {revision} {where}"
        if got.revision == revision:
            assert (_seq(got.comment), got.level) == (seq, level), f"{target} {where}"
        else:
            # Committed, then killed before the report: fine, and from now on the floor.
            assert _seq(got.comment) > seq, f"{target} {where}"
            confirmed[target] = (got.revision, _seq(got.comment), got.level)
            ahead += 1
    by_target: dict[str, list[dict[str, object]]] = defaultdict(list)
    for entry in outbox:
        assert entry.kind is OutboxKind.JUDGE, where
        assert entry.target_id is not None
        by_target[entry.target_id].append(entry.payload)
    assert set(by_target) == set(judgments), where
    for target, got in judgments.items():
        assert got.level == level_for(_seq(got.comment), LEVELS), f"{target} {where}"
        payloads = by_target[target]
        # One outbox entry per revision, in order, the last one carrying the current value.
        assert [p["revision"] for p in payloads] == list(range(1, got.revision + 1)), where
        assert (payloads[-1]["level"], payloads[-1]["comment"]) == (got.level, got.comment)
    assert [e.seq for e in outbox] == list(range(1, len(outbox) + 1)), where
    assert ahead <= 1, f"only the judgment in flight can be unreported {where}"
    return ahead
