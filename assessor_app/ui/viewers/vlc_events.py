"""libVLC player events re-emitted as Qt signals.

libVLC calls event callbacks on its own threads, with its event lock held. The callbacks here
only read the event and emit a signal: the connection to the GUI-thread receivers is queued,
so every reaction (including ``stop()``, which would deadlock inside a callback) runs later on
the GUI thread. Each signal carries ``at``, the ``time.monotonic()`` of the callback, so a
receiver can tell an event that was still queued from before its last command.

A callback never raises into ctypes (which would only print and carry on): failures are logged.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class VlcEvents(QObject):
    """Subscribe to one ``vlc.MediaPlayer`` and re-emit what the viewer needs."""

    opening = Signal(float)
    playing = Signal(float)
    paused = Signal(float)
    stopped = Signal(float)
    end_reached = Signal(float)
    error = Signal(float)
    buffering = Signal(float, float)  # percent, at
    time_changed = Signal(int, float)  # ms, at
    length_changed = Signal(int, float)  # ms, at
    vout_changed = Signal(float)

    def __init__(self, vlc: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._vlc = vlc
        self._manager: Any = None  # python-vlc keeps the ctypes callbacks on this object
        self._attached: list[Any] = []

    def attach(self, player: Any) -> None:
        self.detach()
        kinds = self._vlc.EventType
        handlers: dict[Any, Callable[[Any], None]] = {
            kinds.MediaPlayerOpening: lambda ev: self.opening.emit(time.monotonic()),
            kinds.MediaPlayerPlaying: lambda ev: self.playing.emit(time.monotonic()),
            kinds.MediaPlayerPaused: lambda ev: self.paused.emit(time.monotonic()),
            kinds.MediaPlayerStopped: lambda ev: self.stopped.emit(time.monotonic()),
            kinds.MediaPlayerEndReached: lambda ev: self.end_reached.emit(time.monotonic()),
            kinds.MediaPlayerEncounteredError: lambda ev: self.error.emit(time.monotonic()),
            kinds.MediaPlayerBuffering: lambda ev: self.buffering.emit(
                float(ev.u.new_cache), time.monotonic()
            ),
            kinds.MediaPlayerTimeChanged: lambda ev: self.time_changed.emit(
                int(ev.u.new_time), time.monotonic()
            ),
            kinds.MediaPlayerLengthChanged: lambda ev: self.length_changed.emit(
                int(ev.u.new_length), time.monotonic()
            ),
            kinds.MediaPlayerVout: lambda ev: self.vout_changed.emit(time.monotonic()),
        }
        manager = player.event_manager()
        for kind, handler in handlers.items():
            if manager.event_attach(kind, _guarded(kind, handler)) == 0:
                self._attached.append(kind)
            else:
                log.error("could not subscribe to libVLC event %s", kind)
        self._manager = manager

    def detach(self) -> None:
        """Unsubscribe; libVLC waits for a callback in progress before this returns."""
        if self._manager is None:
            return
        for kind in self._attached:
            self._manager.event_detach(kind)
        self._attached.clear()
        self._manager = None


def _guarded(kind: Any, handler: Callable[[Any], None]) -> Callable[[Any], None]:
    def callback(event: Any) -> None:
        try:
            handler(event)
        except Exception:  # a callback must never raise into libVLC's thread
            log.exception("handling libVLC event %s failed", kind)

    return callback
