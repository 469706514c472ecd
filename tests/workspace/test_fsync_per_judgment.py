"""Durable when it returns: every judge() fsyncs the database's WAL before it returns.

The SIGKILL test cannot see this (a killed process loses nothing the kernel already has); a
power cut would. Under ``strace``, a writer marks the return of each ``judge()`` with an fsync
of a marker file; between two marks there must be an fsync of ``workspace.sqlite3-wal``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import support
from support.bundles import sample_manifest

from assessor_app.workspace import Workspace

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace"),
]

SUBMISSION = sample_manifest().submission_id
JUDGMENTS = 12

WRITER = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from assessor_app.workspace import Workspace

    data_dir, submission_id, marker, count = sys.argv[1:5]
    fd = os.open(marker, os.O_WRONLY | os.O_CREAT, 0o600)
    with Workspace.open(Path(data_dir)) as ws:
        os.fsync(fd)  # start
        for n in range(int(count)):
            ws.judge(submission_id, "eo1.1", "PN"[n % 2], f"comment {n}")
            os.fsync(fd)  # judge() has returned
    """
)


def test_each_judgment_is_fsynced_before_judge_returns(
    data_dir: Path, sample_bundle: Path, tmp_path: Path
) -> None:
    if subprocess.run(["strace", "-f", "-o", os.devnull, "true"], check=False).returncode:
        pytest.skip("strace cannot trace here (ptrace not permitted)")
    with Workspace.open(data_dir) as ws:
        ws.import_bundle(sample_bundle)
    marker = tmp_path / "returned.marker"
    trace = tmp_path / "trace.txt"
    tests_dir = Path(support.__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tests_dir), *sys.path])}
    subprocess.run(
        [
            "strace",
            "-f",
            "-y",
            "-e",
            "trace=fsync,fdatasync",
            "-o",
            str(trace),
            sys.executable,
            "-c",
            WRITER,
            str(data_dir),
            SUBMISSION,
            str(marker),
            str(JUDGMENTS),
        ],
        check=True,
        env=env,
        timeout=120,
    )
    events = []
    for line in trace.read_text().splitlines():
        match = re.search(r"(fsync|fdatasync)\(\d+<([^>]*)>\)\s+=\s+0", line)
        if match:
            path = match.group(2)
            if path == str(marker):
                events.append("mark")
            elif path.endswith("workspace.sqlite3-wal"):
                events.append("wal")
    start = events.index("mark")
    rounds = "".join("|" if e == "mark" else "w" for e in events[start + 1 :]).split("|")[:-1]
    assert len(rounds) == JUDGMENTS, events
    assert all("w" in r for r in rounds), f"a judge() returned without fsyncing the WAL: {rounds}"
