"""The one-folder PyInstaller build, end to end: build from the spec, then run
packaging/smoke.sh on the result. A few minutes, so only with ASSESSOR_BUILD_TEST=1 (CI builds
through packaging/build.sh and runs smoke.sh itself)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("ASSESSOR_BUILD_TEST") != "1",
        reason="builds the package for minutes; set ASSESSOR_BUILD_TEST=1",
    ),
]


def test_built_app_starts_and_syncs_the_demo(tmp_path: Path) -> None:
    dist, work = tmp_path / "dist", tmp_path / "work"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            str(ROOT / "packaging" / "assessor_app.spec"),
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-4000:]
    program = dist / "assessor-app" / ("assessor-app.exe" if os.name == "nt" else "assessor-app")
    assert program.is_file()
    internal = dist / "assessor-app" / "_internal"
    # What the app reads at run time is in the package, at the paths the code expects...
    assert (internal / "assessor_app" / "bundle" / "manifest.schema.json").is_file()
    assert (internal / "assessor_app" / "storage" / "migrations" / "env.py").is_file()
    assert list((internal / "assessor_app" / "storage" / "migrations" / "versions").glob("0*.py"))
    assert list((internal / "assessor_app" / "_resources" / "icons").glob("*.svg"))
    assert list((internal / "assessor_app" / "_resources" / "media").glob("*.webm"))
    # ...and what it must not carry is not: the portal's PostgreSQL driver, test tools, a
    # partial libVLC without its plugins.
    for unwanted in ("psycopg", "psycopg_binary", "pytest", "_pytest", "hypothesis"):
        assert not (internal / unwanted).exists(), unwanted
    assert not list(internal.glob("libvlc*")), "libVLC must come whole (vlc/) or from the system"

    smoke = subprocess.run(
        ["bash", str(ROOT / "packaging" / "smoke.sh"), str(program)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert smoke.returncode == 0, smoke.stdout[-4000:] + smoke.stderr[-4000:]
    assert "smoke ok" in smoke.stdout
    assert "smoke.sh: passed" in smoke.stdout
