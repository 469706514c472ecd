"""``assessor-portal``: users, import, assign, scores, demo-setup and serve, each error one
line with exit code 2 and no traceback."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from support.portal import S1, S2, S3, judge

from assessor_app.portal.cli import main
from assessor_app.portal.server import (
    DemoPortal,
    PortalConfig,
    setup_demo_portal,
    start_portal_in_thread,
)
from assessor_app.portal.server.ops import apply_ops
from assessor_app.portal.server.portal import open_portal
from assessor_app.portal.server.users import find_user


def _run(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str = "") -> tuple[int, str, str]:
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(list(argv))
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_error(code: int, err: str, *needles: str) -> None:
    assert code == 2, err
    assert err.startswith("assessor-portal: error: "), err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err


def test_users_import_assign_and_scores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sample_bundles: dict[str, Path]
) -> None:
    data = str(tmp_path / "portal")
    for name, role in (
        ("ann", "assessor"),
        ("bo", "assessor"),
        ("cy", "assessor"),
        ("lee", "lead"),
    ):
        code, out, _ = _run(capsys, "users", "add", name, "--role", role, "--password-stdin",
                            "--data", data, stdin="pw-" + name + "\n")  # fmt: skip
        assert code == 0 and name in out
    code, _, err = _run(capsys, "users", "add", "ann", "--role", "lead", "--password-stdin",
                        "--data", data, stdin="x\n")  # fmt: skip
    _one_line_error(code, err, "already exists")
    code, _, err = _run(capsys, "users", "add", "dee", "--role", "assessor", "--password-stdin",
                        "--data", data, stdin="\n")  # fmt: skip
    _one_line_error(code, err, "empty")

    code, out, err = _run(capsys, "import", *map(str, sample_bundles.values()), "--data", data)
    assert code == 0, err
    lines = out.strip().splitlines()
    assert [line.split()[0] for line in lines] == [S1, S2, S3]
    assert all("imported" in line for line in lines)
    code, out, _ = _run(capsys, "import", str(sample_bundles[S1]), "--data", data)
    assert code == 0 and "already on the portal" in out
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK not really")
    code, out, err = _run(capsys, "import", str(broken), str(tmp_path / "missing.zip"),
                          "--data", data)  # fmt: skip
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 2 and "Traceback" not in err

    assert _run(capsys, "assign", S1, "--to", "ann", "--due", "2026-12-01", "--data", data)[0] == 0
    assert _run(capsys, "assign", S1, "--to", "bo", "--data", data)[0] == 0
    assert _run(capsys, "assign", S1, "--to", "lee", "--data", data)[0] == 0
    code, out, _ = _run(capsys, "assign", S1, "--to", "bo", "--data", data)
    assert code == 0 and "already assigned" in out
    code, _, err = _run(capsys, "assign", S1, "--to", "cy", "--data", data)
    _one_line_error(code, err, "already has two assessors", "ann", "bo")
    for argv, needle in (
        (("assign", S1, "--to", "nobody"), "no user 'nobody'"),
        (("assign", "SUB-NOPE-0000", "--to", "cy"), "import its bundle first"),
        (("assign", S2, "--to", "cy", "--due", "next week"), "not a date"),
        (("assign", S2, "--to", "cy", "--as", "lead"), "cannot be a lead"),
    ):
        _one_line_error(*_run(capsys, *argv, "--data", data)[::2], needle)
    assert _run(capsys, "unassign", S1, "--from", "bo", "--data", data)[0] == 0
    assert _run(capsys, "assign", S1, "--to", "cy", "--data", data)[0] == 0  # room again

    with open_portal(PortalConfig(data_dir=Path(data))) as portal:
        ann = find_user(portal, "ann")
        assert ann is not None
        apply_ops(portal, ann, [judge(S1, "eo1.1", "N", "Audit me.")])
    code, out, _ = _run(capsys, "scores", "--json", "--data", data)
    assert code == 0
    scores = json.loads(out)
    assert {(a["user"], a["state"]) for a in scores["assignments"]} == {
        ("ann", "open"),
        ("bo", "revoked"),
        ("cy", "open"),
        ("lee", "open"),
    }
    assert [(j["user"], j["level"], j["comment"]) for j in scores["judgments"]] == [
        ("ann", "N", "Audit me.")
    ]
    code, out, _ = _run(capsys, "new-epoch", "--data", data)
    assert code == 0 and "new epoch" in out


def test_unusable_database_and_data_folder_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _one_line_error(*_run(capsys, "scores", "--data", str(tmp_path), "--db", "nonsense://x")[::2])
    _one_line_error(
        *_run(
            capsys, "scores", "--data", str(tmp_path), "--db", "sqlite:///" + "/nonexistent/x/db"
        )[::2]
    )
    blocker = tmp_path / "file"
    blocker.write_text("x")
    _one_line_error(*_run(capsys, "scores", "--data", str(blocker))[::2], "not a folder")
    # a database that is not a portal's
    other = tmp_path / "other.sqlite3"
    import sqlite3

    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE users (x)")
    _one_line_error(
        *_run(capsys, "scores", "--data", str(tmp_path / "d"), "--db", f"sqlite:///{other}")[::2],
        "not made by this portal",
    )


def test_demo_setup_is_idempotent_and_serves_the_demo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "demo"
    code, out, err = _run(capsys, "demo-setup", "--data", str(data))
    assert code == 0, err
    assert "assessor1" in out and "lead1" in out
    demo = setup_demo_portal(data)  # again: nothing new
    assert isinstance(demo, DemoPortal)
    assert demo.passwords == {"assessor1": "demo", "assessor2": "demo", "lead1": "demo"}
    assert len(demo.submission_ids) == 5
    with open_portal(demo.config) as portal:
        from assessor_app.portal.server.scores import all_scores

        rows = all_scores(portal)["assignments"]
    assert len(rows) == 15
    assert {(r["user"], r["role"]) for r in rows} == {
        ("assessor1", "assessor"),
        ("assessor2", "assessor"),
        ("lead1", "lead"),
    }
    with start_portal_in_thread(demo.config) as running:
        token = httpx.post(
            f"{running.url}/api/v1/login", json={"username": "assessor1", "password": "demo"}
        ).json()["token"]
        feed = httpx.get(
            f"{running.url}/api/v1/changes", headers={"Authorization": f"Bearer {token}"}
        ).json()
    assert sorted(c["submission_id"] for c in feed["changes"]) == sorted(demo.submission_ids)


def test_serve_prints_the_url_and_serves_until_interrupted(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "assessor_app.portal", "serve", "--data", str(tmp_path / "p"),
         "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("Portal serving http://127.0.0.1:"), line
        url = line.split()[2].rstrip("/")
        response = httpx.post(f"{url}/api/v1/login", json={"username": "x", "password": "y"})
        assert response.status_code == 401
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert proc.returncode == 0
    assert proc.stderr is not None and "Traceback" not in proc.stderr.read()


def test_serve_on_a_taken_port_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        code, _, err = _run(capsys, "serve", "--data", str(tmp_path / "p"), "--port", port)
    _one_line_error(code, err, "cannot listen on 127.0.0.1:" + port)
