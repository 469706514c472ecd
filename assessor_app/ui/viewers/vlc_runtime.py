"""Loading libVLC without ever taking the application down with it.

``import vlc`` can fail in several ways (python-vlc raises ImportError, OSError, NameError,
AttributeError or NotImplementedError depending on what is missing), and ``vlc.Instance()``
returns None when libVLC loads but finds no plugins (``libvlc5`` without ``vlc-plugin-base``).
:func:`load_vlc_runtime` turns every one of those into a :class:`VlcUnavailable` that says what
to install, so the video pane can show it while the rest of the application carries on.

How the instance is configured, and why:

* ``--no-xlib`` (X11 only): Qt has opened its Xlib connection long before libVLC loads, so
  libVLC's Xlib-based outputs and decoders (GLX, EGL-on-X11, VDPAU, VA-API/X11) would need an
  ``XInitThreads()`` that comes too late; with libX11 older than 1.8 (Ubuntu 22.04 and older)
  that is the classic "Xlib not initialized for threads" crash. Without Xlib, libVLC draws with
  its pure-XCB outputs (XVideo, else X11 shared memory), which are thread-safe by design.
* ``--vout=dummy`` when no window can be embedded (``offscreen``, Wayland): libVLC still
  decodes, so time, seeking and citations work, but it never opens a window of its own.
* ``--no-video-title-show``, ``--no-osd``, ``--no-snapshot-preview``: nothing drawn over the
  evidence (the title could also leak a file name into a blind assessment).
* ``--no-metadata-network-access``, ``--no-sub-autodetect-file``, ``--ignore-config``: offline,
  no stray files picked up, and a user's ``vlcrc`` cannot change what assessors see.
* ``--file-caching=100``: bundles are local files; a short read-ahead keeps paused seeks near
  the end of a file from running into it (see :mod:`frame_landing`).

Decoding is software only, set per media (``:avcodec-hw=none``, see :mod:`media_controller`):
hardware decoders are the usual source of green frames and driver crashes in an embedded
window, assessment videos are small, and libVLC 3 ignores that option on the instance.

Audio is left to libVLC's own choice of output (PulseAudio/PipeWire, ALSA, WASAPI, CoreAudio).
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from enum import Enum
from types import ModuleType
from typing import Any

log = logging.getLogger(__name__)

# Read-ahead for local files. libVLC's 300 ms default makes every paused seek in the last
# 300 ms of a file run into its end, where libVLC never finishes the seek's buffering.
FILE_CACHING_MS = 100

# python-vlc reports a missing or unusable libVLC with any of these.
_LOAD_ERRORS = (ImportError, OSError, AttributeError, NameError, NotImplementedError)

_COMMON_ARGS = (
    "--quiet",
    "--ignore-config",
    "--no-video-title-show",
    "--no-osd",
    "--no-snapshot-preview",
    "--no-metadata-network-access",
    "--no-sub-autodetect-file",
    f"--file-caching={FILE_CACHING_MS}",
)


class Embedding(Enum):
    """How a libVLC player is given a native window on this platform."""

    XWINDOW = "xwindow"  # X11 (Qt platform "xcb")
    HWND = "hwnd"  # Windows
    NSOBJECT = "nsobject"  # macOS (Qt platform "cocoa")
    NONE = "none"  # nothing to draw into: offscreen, minimal, Wayland, ...


def embedding_for(platform_name: str) -> Embedding:
    """The embedding that works under the Qt platform plugin ``platform_name``."""
    name = platform_name.lower()
    if name == "xcb":
        return Embedding.XWINDOW
    if name in ("windows", "direct2d"):
        return Embedding.HWND
    if name == "cocoa":
        return Embedding.NSOBJECT
    return Embedding.NONE


def bind_player_window(player: Any, embedding: Embedding, win_id: int | None) -> None:
    """Hand ``player`` the native window ``win_id`` (None: take it back)."""
    if embedding is Embedding.XWINDOW:
        player.set_xwindow(win_id or 0)
    elif embedding is Embedding.HWND:
        player.set_hwnd(win_id)
    elif embedding is Embedding.NSOBJECT:
        player.set_nsobject(win_id)


def no_embedding_reason(platform_name: str) -> str:
    """What the video area says when it cannot show pictures under ``platform_name``."""
    if platform_name.lower().startswith("wayland"):
        return (
            "Video preview is not available under Wayland: libVLC cannot draw into a Wayland "
            "window. Start the app with QT_QPA_PLATFORM=xcb (XWayland) to see the picture. "
            "Time, seeking and citations still work."
        )
    return "Video preview needs a display. Time, seeking and citations still work."


def install_hint(platform: str | None = None) -> str:
    """What to install for video and audio on ``platform`` (``sys.platform`` by default)."""
    platform = sys.platform if platform is None else platform
    if platform.startswith("linux") or platform.startswith("freebsd"):
        return (
            "Install libVLC and its plugins, e.g. on Debian or Ubuntu: "
            "sudo apt install libvlc5 vlc-plugin-base vlc-plugin-video-output "
            "(Fedora: sudo dnf install vlc-libs vlc-plugins-base; "
            "Arch: sudo pacman -S libvlc vlc-plugins-base)."
        )
    bits = "64-bit" if sys.maxsize > 2**32 else "32-bit"
    if platform == "darwin":
        return (
            "Install VLC 3 from https://www.videolan.org/ into /Applications "
            f"(the {bits} build matching this app's architecture), then restart the app."
        )
    if platform.startswith("win"):
        return (
            f"Install VLC 3 ({bits}, the same architecture as this app) from "
            "https://www.videolan.org/, then restart the app."
        )
    return "Install libVLC 3 (VLC media player 3.x) for this system, then restart the app."


@dataclass(frozen=True)
class VlcUnavailable:
    """libVLC could not be used; ``message`` is shown in place of the video."""

    reason: str
    hint: str = field(default_factory=install_hint)

    @property
    def message(self) -> str:
        return f"Video and audio cannot be played: {self.reason}.\n\n{self.hint}"


@dataclass(eq=False)
class VlcRuntime:
    """A loaded python-vlc module and one libVLC instance, shared by every player.

    Players are made with :meth:`new_player` and given back with :meth:`release_player`;
    :meth:`release` frees the instance once the last player is gone.
    """

    vlc: ModuleType
    instance: Any  # vlc.Instance; python-vlc has no type hints
    version: str
    embedding: Embedding
    platform_name: str
    args: tuple[str, ...]
    _players: int = 0
    _release_requested: bool = False
    _released: bool = False

    @property
    def can_embed(self) -> bool:
        return self.embedding is not Embedding.NONE

    @property
    def released(self) -> bool:
        return self._released

    def new_player(self) -> Any:
        """A new ``vlc.MediaPlayer`` with libVLC's own mouse and key handling off."""
        if self._released or self._release_requested:
            raise RuntimeError("the libVLC runtime has been released")
        player = self.instance.media_player_new()
        if player is None:
            raise RuntimeError("libVLC could not create a media player")
        self._players += 1
        player.video_set_mouse_input(False)
        player.video_set_key_input(False)
        return player

    def release_player(self, player: Any) -> None:
        """Release ``player`` (already stopped and unbound by its owner)."""
        player.release()
        self._players = max(0, self._players - 1)
        if self._release_requested and self._players == 0:
            self._release_instance()

    def new_media(self, path: str) -> Any:
        if self._released:
            raise RuntimeError("the libVLC runtime has been released")
        media = self.instance.media_new_path(path)
        if media is None:
            raise RuntimeError("libVLC could not create a media object")
        return media

    def release(self) -> None:
        """Release the instance now, or as soon as the last player has been released."""
        self._release_requested = True
        if self._players == 0:
            self._release_instance()

    def _release_instance(self) -> None:
        if not self._released:
            self._released = True
            self.instance.release()


def _import_vlc() -> ModuleType | VlcUnavailable:
    try:
        import vlc
    except _LOAD_ERRORS as exc:
        log.warning("python-vlc could not load libVLC: %s", exc)
        return VlcUnavailable(f"libVLC was not found ({type(exc).__name__}: {exc})")
    module: ModuleType = vlc
    return module


def _version_of(vlc: ModuleType) -> str | None:
    try:
        raw = vlc.libvlc_get_version()
    except _LOAD_ERRORS as exc:
        log.warning("libvlc_get_version failed: %s", exc)
        return None
    if isinstance(raw, bytes):
        return raw.decode("utf-8", "replace")
    return str(raw) if raw is not None else None


def libvlc_version() -> str | None:
    """The version string of the libVLC found on this system ("3.0.24 Vetinari"), or None."""
    vlc = _import_vlc()
    if isinstance(vlc, VlcUnavailable):
        return None
    return _version_of(vlc)


def instance_args(embedding: Embedding, platform: str | None = None) -> tuple[str, ...]:
    """The libVLC options for a process whose video embedding is ``embedding``."""
    platform = sys.platform if platform is None else platform
    args = list(_COMMON_ARGS)
    if platform.startswith("linux") or platform.startswith("freebsd"):
        args.append("--no-xlib")  # the option only exists in builds with X11 support
    if embedding is Embedding.NONE:
        args.append("--vout=dummy")
    return tuple(args)


def current_platform_name() -> str:
    """The Qt platform plugin in use, or "" before a QGuiApplication exists."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        return ""
    return QGuiApplication.platformName()


def load_vlc_runtime(platform_name: str | None = None) -> VlcRuntime | VlcUnavailable:
    """Load libVLC and create the instance for the Qt platform ``platform_name``.

    ``platform_name`` defaults to the running QGuiApplication's platform. Never raises for a
    missing or broken libVLC; the result says why it cannot be used.
    """
    vlc = _import_vlc()
    if isinstance(vlc, VlcUnavailable):
        return vlc
    version = _version_of(vlc)
    if version is None:
        return VlcUnavailable("the libVLC library found could not report its version")
    major = version.split(".", 1)[0]
    if major != "3":
        return VlcUnavailable(f"libVLC {version} was found, but this app needs libVLC 3")
    platform_name = current_platform_name() if platform_name is None else platform_name
    embedding = embedding_for(platform_name)
    args = instance_args(embedding)
    try:
        instance = vlc.Instance(list(args))
        if instance is None:
            # An option a stripped-down build does not know makes libvlc_new fail: retry with
            # the bare minimum before concluding the plugins are missing.
            log.warning("libVLC refused options %s; retrying with defaults", args)
            args = ("--quiet", "--vout=dummy") if embedding is Embedding.NONE else ("--quiet",)
            instance = vlc.Instance(list(args))
    except _LOAD_ERRORS as exc:
        log.warning("libVLC instance creation failed: %s", exc)
        return VlcUnavailable(f"libVLC {version} could not start ({exc})")
    if instance is None:
        return VlcUnavailable(f"libVLC {version} was found but its plugins are missing")
    log.info("libVLC %s ready (platform %r, options %s)", version, platform_name, args)
    return VlcRuntime(vlc, instance, version, embedding, platform_name, args)


_shared: VlcRuntime | VlcUnavailable | None = None


def shared_runtime() -> VlcRuntime | VlcUnavailable:
    """The process's libVLC runtime, loaded on first use and released when the app quits.

    libVLC is meant to be initialised once per process; viewers that are not handed a runtime
    explicitly share this one.
    """
    global _shared
    if _shared is None:
        _shared = load_vlc_runtime()
        if isinstance(_shared, VlcRuntime):
            from PySide6.QtCore import QCoreApplication

            app = QCoreApplication.instance()
            if app is not None:
                app.aboutToQuit.connect(_release_shared)
    return _shared


def _release_shared() -> None:
    global _shared
    runtime, _shared = _shared, None
    if isinstance(runtime, VlcRuntime):
        runtime.release()
