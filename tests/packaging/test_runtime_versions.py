"""``runtime_versions()`` and ``assessor-app --version``: the real libraries' versions, without
starting Qt's GUI, and what is said when libVLC is missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pymupdf
import PySide6
import pytest
from PySide6.QtCore import qVersion

from assessor_app import APP_NAME, __version__
from assessor_app.cli import main
from assessor_app.runtime_versions import LIBVLC_MISSING, runtime_versions
from assessor_app.ui.viewers.vlc_runtime import install_hint, libvlc_version

ROOT = Path(__file__).resolve().parents[2]


def _headless_env() -> dict[str, str]:
    """This environment without any display: a GUI started by mistake would abort."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env["PYTHONPATH"] = str(ROOT)
    return env


def test_runtime_versions_report_the_loaded_libraries() -> None:
    versions = runtime_versions()
    assert list(versions) == [APP_NAME, "Python", "PySide6", "Qt", "PyMuPDF", "MuPDF", "libVLC"]
    assert versions[APP_NAME] == __version__
    assert versions["Python"] == ".".join(map(str, sys.version_info[:3]))
    assert versions["PySide6"] == PySide6.__version__
    assert versions["Qt"] == qVersion()
    assert versions["PyMuPDF"] == pymupdf.VersionBind
    assert versions["MuPDF"] == pymupdf.VersionFitz
    assert versions["libVLC"] == (libvlc_version() or LIBVLC_MISSING)


def test_version_prints_every_component_without_a_display() -> None:
    probe = (
        "import sys\n"
        "from assessor_app.cli import main\n"
        "code = main(['--version'])\n"
        "gui = sorted(m for m in sys.modules if m in ('PySide6.QtGui', 'PySide6.QtWidgets'))\n"
        "print('gui modules:', gui)\n"
        "raise SystemExit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env=_headless_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    expected = runtime_versions()
    for name, value in expected.items():
        assert f"{name}: {value}" in lines
    assert "gui modules: []" in lines


def test_version_says_to_install_vlc_when_libvlc_is_missing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A None entry makes ``import vlc`` fail with ImportError, as without python-vlc.
    monkeypatch.setitem(sys.modules, "vlc", None)
    assert runtime_versions()["libVLC"] == LIBVLC_MISSING
    assert main(["--version"]) == 0
    out = capsys.readouterr().out
    assert "libVLC: not found — install VLC" in out.splitlines()
    assert install_hint() in out


def test_smoke_test_flag_is_hidden_from_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "--version" in out
    assert "--smoke-test" not in out


def test_smoke_test_opens_the_main_window_on_a_new_workspace(tmp_path: Path) -> None:
    env = _headless_env()
    env["QT_QPA_PLATFORM"] = "offscreen"
    data = tmp_path / "workspace"
    done = subprocess.run(
        [sys.executable, "-m", "assessor_app", "--smoke-test", "--data-dir", str(data)],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("smoke ok (main window painted, workspace opened")
    assert (data / "workspace.sqlite3").is_file()  # created and migrated by the real start-up
    assert (data / "window-state.ini").is_file()  # written by the window's normal close


def test_smoke_test_fails_loudly_on_an_unusable_workspace(tmp_path: Path) -> None:
    env = _headless_env()
    env["QT_QPA_PLATFORM"] = "offscreen"
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("a file where the workspace folder should be\n")
    done = subprocess.run(
        [sys.executable, "-m", "assessor_app", "--smoke-test", "--data-dir", str(not_a_folder)],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "smoke ok" not in done.stdout
    assert "smoke FAILED: " in done.stderr
    assert "cannot be opened" in done.stderr
