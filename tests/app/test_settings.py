"""The settings file: typed values, a version, atomic writes, and clear handling of a file that
is corrupt or was written by a newer version. Real files in the test's own config folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from assessor_app.settings import (
    SETTINGS_VERSION,
    Settings,
    SettingsError,
    SettingsStore,
    load_settings,
    save_settings,
    settings_path,
)


def test_the_file_lives_in_the_users_config_folder() -> None:
    path = settings_path()
    assert path.name == "settings.json"
    assert path.is_relative_to(Path(os.environ["XDG_CONFIG_HOME"]))


def test_missing_file_gives_defaults_and_the_first_change_writes_it(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "settings.json"
    store = SettingsStore.load(path)
    assert store.settings == Settings()
    assert store.problem is None and store.writable
    assert not path.exists()
    store.update(font_size=13, sync_interval_minutes=15, shortcuts={"sync_now": "Ctrl+R"})
    on_disk = json.loads(path.read_text())
    assert on_disk["version"] == SETTINGS_VERSION
    assert on_disk["font_size"] == 13
    assert on_disk["shortcuts"] == {"sync_now": "Ctrl+R"}
    again = load_settings(path)
    assert again.problem is None
    assert again.settings == store.settings
    assert again.settings.sync_interval_ms == 15 * 60_000


def test_a_write_leaves_no_temporary_file_behind(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(purge_after_days=3), path)
    save_settings(Settings(purge_after_days=4), path)
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]
    assert json.loads(path.read_text())["purge_after_days"] == 4


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe garbage",
        b"[1, 2, 3]",
        json.dumps({"font_size": 12}).encode(),  # no version
        json.dumps({"version": 1, "video_output": "teletext"}).encode(),
        json.dumps({"version": 1, "sync_interval_minutes": "often"}).encode(),
        json.dumps({"version": 1, "purge_after_days": -1}).encode(),
        json.dumps({"version": 1, "shortcuts": {"sync_now": 5}}).encode(),
    ],
)
def test_a_corrupt_file_is_kept_aside_and_the_defaults_are_used(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert loaded.writable
    assert loaded.problem is not None
    assert "settings.json.corrupt" in loaded.problem and "defaults" in loaded.problem
    assert not path.exists()
    assert (tmp_path / "settings.json.corrupt").read_bytes() == content


def test_a_second_corrupt_file_does_not_overwrite_the_first_kept_one(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("first")
    load_settings(path)
    path.write_text("second")
    load_settings(path)
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept[0] == "settings.json.corrupt" and kept[1].startswith("settings.json.corrupt-")
    assert {(tmp_path / k).read_text() for k in kept} == {"first", "second"}


def test_a_newer_version_is_read_as_far_as_understood_and_never_overwritten(
    tmp_path: Path,
) -> None:
    path = tmp_path / "settings.json"
    newer = {"version": SETTINGS_VERSION + 1, "font_size": 14, "colour_theme": "sepia"}
    path.write_text(json.dumps(newer))
    store = SettingsStore.load(path)
    assert store.settings.font_size == 14
    assert not store.writable
    assert store.problem is not None and "newer version" in store.problem
    store.update(font_size=18)
    assert store.settings.font_size == 18  # for this run
    assert json.loads(path.read_text()) == newer  # the newer version's file is untouched


def test_invalid_values_are_refused_with_their_name(tmp_path: Path) -> None:
    store = SettingsStore.load(tmp_path / "settings.json")
    with pytest.raises(SettingsError, match="font_size"):
        store.update(font_size=200)
    with pytest.raises(SettingsError, match="video_output"):
        store.update(video_output="wayland")
    assert store.settings == Settings()
    assert not (tmp_path / "settings.json").exists()


def test_the_chosen_workspace_folder_is_read_without_touching_the_file(tmp_path: Path) -> None:
    from assessor_app.settings import configured_data_dir

    path = tmp_path / "settings.json"
    assert configured_data_dir(path) is None
    save_settings(Settings(data_dir="~/assessor-work"), path)
    assert configured_data_dir(path) == Path("~/assessor-work").expanduser()
    path.write_text("{broken")
    assert configured_data_dir(path) is None
    assert path.read_text() == "{broken"  # left for the app to report and set aside
