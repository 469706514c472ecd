"""The Linux desktop entry and AppStream metadata agree with the app (id, icon, version,
command) and pass the freedesktop validators."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

import pytest

from assessor_app import APP_ID, APP_NAME, __version__

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
ICON = ROOT / "resources" / "icons" / f"{APP_ID}.svg"


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def _console_script() -> str:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    (name,) = [n for n, target in scripts.items() if target == "assessor_app.cli:main"]
    return str(name)


def _validator(tool: str, package: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs {tool} (apt-get install {package})")
        pytest.skip(f"needs {tool} (apt-get install {package})")
    return path


def test_desktop_entry_names_the_app_its_icon_and_command() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == APP_NAME
    assert entry["Icon"] == APP_ID == DESKTOP.name.removesuffix(".desktop")
    assert entry["Exec"].split()[0] == _console_script() == "assessor-app"
    assert entry["Terminal"] == "false"
    assert "Education" in entry["Categories"].split(";")


def test_icon_exists_and_is_svg() -> None:
    assert ICON.is_file()
    root = ET.parse(ICON).getroot()
    assert root.tag.endswith("svg")


def test_metainfo_agrees_with_the_app() -> None:
    component = ET.parse(METAINFO).getroot()
    assert component.get("type") == "desktop-application"
    assert component.findtext("id") == APP_ID
    assert component.findtext("name") == APP_NAME
    assert component.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert component.findtext("icon[@type='stock']") == APP_ID
    assert component.findtext("provides/binary") == _console_script()
    assert component.find("content_rating[@type='oars-1.1']") is not None
    releases = component.findall("releases/release")
    assert releases, "the metainfo lists no release"
    assert releases[0].get("version") == __version__  # newest first


def test_screenshot_placeholder_is_documented() -> None:
    component = ET.parse(METAINFO).getroot()
    url = component.findtext("screenshots/screenshot/image") or ""
    parsed = urlparse(url)
    assert parsed.scheme == "https"
    # A reserved documentation domain, so it can never point at someone else's site...
    assert parsed.hostname is not None and parsed.hostname.endswith(".example")
    # ...standing for a screenshot that exists, and said to be a placeholder.
    assert (ROOT / "docs" / "screenshots" / Path(parsed.path).name).is_file()
    readme = (ROOT / "packaging" / "README.md").read_text("utf-8")
    assert url in readme
    assert "placeholder" in readme.lower()


def test_desktop_file_validate_accepts_the_entry() -> None:
    tool = _validator("desktop-file-validate", "desktop-file-utils")
    done = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in (done.stdout + done.stderr).lower()


def test_appstreamcli_validates_the_metainfo() -> None:
    tool = _validator("appstreamcli", "appstream")
    done = subprocess.run(
        [tool, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
