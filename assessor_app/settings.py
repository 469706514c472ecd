"""The person's preferences: typed, versioned, and written atomically. No Qt here.

The file is JSON in the per-user config folder (``settings.json``; platformdirs decides where:
``~/.config/assessor-workstation`` on Linux). Window geometry is not here: it lives beside each
workspace (``window-state.ini``), so a demo never disturbs it.

What happens with a file that is not what this version wrote:

- **missing**: the defaults; the file is written on the first change;
- **not JSON, not an object, a value of the wrong type or out of range**: the file is renamed
  to ``settings.json.corrupt`` (kept for a look), the defaults are used, and
  :attr:`LoadedSettings.problem` says so;
- **written by a newer version** (its ``version`` is higher): what this version understands is
  used, the file is left exactly as it is, and changes made now last only until the app
  closes (writing would throw away what the newer version keeps there); ``problem`` says so.

Writes go to a temporary file in the same folder that is fsynced and renamed over the old
file, so a crash or a full disk leaves the old settings or the new ones, never half a file.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assessor_app.atomic_files import write_bytes_atomically

log = logging.getLogger(__name__)

SETTINGS_VERSION = 1
FILE_NAME = "settings.json"
APP_DIR_NAME = "assessor-workstation"

# How libVLC gets a window to draw video into (see ui/viewers/vlc_runtime.py):
# "auto": the platform's own way (X11 window, Windows HWND, macOS view; no picture under a
# pure Wayland session); "x11": start the app on X11 (XWayland on a Wayland desktop) so video
# is drawn there too. Both keep sound, time, seeking and citations.
VIDEO_OUTPUTS = ("auto", "x11")

SYNC_INTERVAL_RANGE = (0, 24 * 60)  # minutes; 0: sync only when asked (F5) and at start
FONT_SIZE_RANGE = (6, 32)  # points; None: the system's size
PURGE_DAYS_RANGE = (0, 3650)  # 0: never remove bundle files
MAX_SHORTCUT_LENGTH = 64


class SettingsError(ValueError):
    """A settings value is not one this version accepts (the message names it)."""


@dataclass(frozen=True)
class Settings:
    version: int = SETTINGS_VERSION
    data_dir: str | None = None  # the workspace folder; None: the per-user data folder
    sync_interval_minutes: int = 5
    video_output: str = "auto"
    font_size: int | None = None
    shortcuts: Mapping[str, str] = field(default_factory=dict)  # action id -> key sequence
    purge_after_days: int = 14
    welcome_done: bool = False

    def __post_init__(self) -> None:
        validate(self)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["shortcuts"] = dict(sorted(self.shortcuts.items()))
        return data

    @property
    def sync_interval_ms(self) -> int:
        return self.sync_interval_minutes * 60_000


def _int_in(name: str, value: object, bounds: tuple[int, int]) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise SettingsError(f"{name} must be a whole number, not {value!r}")
    low, high = bounds
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high}, not {value}")


def validate(s: Settings) -> None:
    """Raise :class:`SettingsError` naming the first value this version does not accept."""
    _int_in("version", s.version, (1, 1_000_000))
    if s.data_dir is not None and (not isinstance(s.data_dir, str) or not s.data_dir.strip()):
        raise SettingsError(f"data_dir must be a folder path or null, not {s.data_dir!r}")
    _int_in("sync_interval_minutes", s.sync_interval_minutes, SYNC_INTERVAL_RANGE)
    if s.video_output not in VIDEO_OUTPUTS:
        raise SettingsError(
            f"video_output must be one of {', '.join(VIDEO_OUTPUTS)}, not {s.video_output!r}"
        )
    if s.font_size is not None:
        _int_in("font_size", s.font_size, FONT_SIZE_RANGE)
    if not isinstance(s.shortcuts, Mapping):
        raise SettingsError("shortcuts must be an object of action: key sequence")
    for action, keys in s.shortcuts.items():
        if not isinstance(action, str) or not action:
            raise SettingsError(f"shortcuts: {action!r} is not an action name")
        if not isinstance(keys, str) or len(keys) > MAX_SHORTCUT_LENGTH:
            raise SettingsError(f"shortcuts: {action} has no usable key sequence ({keys!r})")
    _int_in("purge_after_days", s.purge_after_days, PURGE_DAYS_RANGE)
    if not isinstance(s.welcome_done, bool):
        raise SettingsError(f"welcome_done must be true or false, not {s.welcome_done!r}")


def from_json(data: object) -> Settings:
    """The settings in a parsed file; unknown keys are ignored (a newer version's extras)."""
    if not isinstance(data, dict):
        raise SettingsError("the file does not hold a JSON object")
    if "version" not in data:
        raise SettingsError("the file has no version")
    known = {f.name for f in fields(Settings)}
    values = {k: v for k, v in data.items() if k in known}
    if isinstance(values.get("shortcuts"), dict):
        values["shortcuts"] = dict(values["shortcuts"])
    try:
        return Settings(**values)
    except TypeError as exc:  # pragma: no cover - every field has a default
        raise SettingsError(str(exc)) from None


def settings_path() -> Path:
    """Where the settings file lives for this user."""
    from platformdirs import user_config_path

    return user_config_path(APP_DIR_NAME, appauthor=False) / FILE_NAME


@dataclass(frozen=True)
class LoadedSettings:
    settings: Settings
    path: Path
    writable: bool = True  # False when a newer version wrote the file
    problem: str | None = None  # what the person should be told, if anything


def _set_aside(path: Path) -> Path:
    aside = path.with_name(path.name + ".corrupt")
    if aside.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    path.replace(aside)
    return aside


def load_settings(path: Path | None = None) -> LoadedSettings:
    """Read the settings at ``path`` (default :func:`settings_path`); never raises for a bad
    file (see the module's documentation), only for an unreadable folder."""
    path = settings_path() if path is None else path
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return LoadedSettings(Settings(), path)
    try:
        data = json.loads(raw.decode("utf-8"))
        version = data.get("version") if isinstance(data, dict) else None
        number = isinstance(version, int) and not isinstance(version, bool)
        if number and isinstance(version, int) and version > SETTINGS_VERSION:
            known = from_json({**data, "version": SETTINGS_VERSION})
            message = (
                f"Your settings were saved by a newer version of the app (settings version "
                f"{version}; this one knows {SETTINGS_VERSION}). They are used as far as "
                "this version understands them and the file is left untouched: changes "
                "you make now last until the app closes."
            )
            log.warning("settings file %s has newer version %s; read-only", path, version)
            return LoadedSettings(known, path, writable=False, problem=message)
        settings = from_json(data)
    except (UnicodeDecodeError, json.JSONDecodeError, SettingsError) as exc:
        aside = _set_aside(path)
        message = (
            f"Your settings file could not be read ({exc}); the defaults are used. The old "
            f"file was kept as {aside.name} in {aside.parent}."
        )
        log.warning("settings file %s unusable (%s); kept as %s", path, exc, aside.name)
        return LoadedSettings(Settings(), path, problem=message)
    return LoadedSettings(settings, path)


def configured_data_dir(path: Path | None = None) -> Path | None:
    """The workspace folder the person chose, or None; reads without side effects (a bad
    file is dealt with, and reported, when the app loads its settings)."""
    path = settings_path() if path is None else path
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
        if isinstance(data, dict) and isinstance(data.get("version"), int):
            data = {**data, "version": min(data["version"], SETTINGS_VERSION)}
        chosen = from_json(data).data_dir
    except (OSError, ValueError):
        return None
    return Path(chosen).expanduser() if chosen else None


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write ``settings`` atomically: a temp file in the same folder, fsynced, renamed."""
    path = settings_path() if path is None else path
    text = json.dumps(settings.to_json(), indent=2, ensure_ascii=False) + "\n"
    write_bytes_atomically(path, text.encode("utf-8"), prefix=".settings-")


class SettingsStore:
    """The settings of this run: read once, changed with :meth:`update`, saved at each change
    (unless a newer version owns the file)."""

    def __init__(self, loaded: LoadedSettings) -> None:
        self._settings = loaded.settings
        self.path = loaded.path
        self.writable = loaded.writable
        self.problem = loaded.problem

    @classmethod
    def load(cls, path: Path | None = None) -> SettingsStore:
        return cls(load_settings(path))

    @property
    def settings(self) -> Settings:
        return self._settings

    def update(self, **changes: Any) -> Settings:
        """Apply ``changes`` (validated; raises :class:`SettingsError`) and save them."""
        updated = replace(self._settings, **changes)
        if self.writable:
            save_settings(updated, self.path)
        self._settings = updated
        return updated
