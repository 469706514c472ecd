"""Test set-up shared by every test.

Qt's platform is chosen before anything imports Qt: when an ``Xvfb`` binary is present the
suite starts its own virtual X server and runs on ``xcb``, so libvlc can draw into real native
windows; otherwise it runs ``offscreen`` and the tests marked ``gui`` are skipped (on CI, where
Xvfb is always installed, a missing Xvfb is an error instead).
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest


def _start_xvfb() -> str | None:
    xvfb = shutil.which("Xvfb")
    if xvfb is None or os.environ.get("ASSESSOR_TEST_OFFSCREEN"):
        return None
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        [xvfb, "-displayfd", str(write_fd), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        proc.kill()
        return None
    atexit.register(proc.terminate)
    return f":{number}"


_DISPLAY = _start_xvfb()
if _DISPLAY is not None:
    os.environ["DISPLAY"] = _DISPLAY
    os.environ["QT_QPA_PLATFORM"] = "xcb"
else:
    if os.environ.get("CI") == "true" and not os.environ.get("ASSESSOR_TEST_OFFSCREEN"):
        sys.exit("CI needs Xvfb for the real-window tests (apt-get install xvfb)")
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_ACCESSIBILITY", "0")

HAS_DISPLAY = _DISPLAY is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if HAS_DISPLAY:
        return
    skip = pytest.mark.skip(reason="needs Xvfb (a real X display) for native windows")
    for item in items:
        if "gui" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Settings, data, cache and logs of the app go to a fresh temp dir in every test."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        (home / sub).mkdir()
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("ASSESSOR_DATA_DIR", str(home / "data" / "assessor"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "workspace"
    path.mkdir()
    return path


@pytest.fixture
def repo_root() -> Iterator[Path]:
    yield Path(__file__).resolve().parent.parent
