"""Starting a libVLC input so that it can be paused and landed on straight away.

Two things were found to matter, both with libVLC 3 drawing into an X11 window:

* The input is started on the next turn of the event loop. A video output created while Qt is
  still laying out (and resizing) the window must rebuild its scaler for the new size while
  the decoder is still settling on its output format; that fails and nothing is shown.
* The input plays (muted) until the video output exists and has shown its first picture, then
  pauses. Pausing before that leaves libVLC unable to show a paused seek for a long while.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from assessor_app.ui.viewers.vlc_events import VlcEvents

FIRST_PICTURE_LIMIT_MS = 1500  # longest wait for libVLC's video output
FIRST_PICTURE_SETTLE_MS = 60  # from the video output's creation to pausing


@dataclass(frozen=True)
class MediaInfo:
    """What libVLC knows once the input runs."""

    length_ms: int | None
    has_video: bool
    fps: float | None  # None: no video, or a frame rate libVLC does not know


class InputStarter(QObject):
    """Starts the player's input; ``ready(MediaInfo)`` once it is paused and can be landed."""

    ready = Signal(object)  # MediaInfo
    failed = Signal(str)

    def __init__(self, player: Any, events: VlcEvents, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._player = player
        self._started_at = 0.0  # events stamped before this belong to an earlier input
        self._starting = False
        self._first_picture = QTimer(self)
        self._first_picture.setSingleShot(True)
        self._first_picture.timeout.connect(self._finish)
        events.playing.connect(self._on_playing)
        events.vout_changed.connect(self._on_vout)

    @property
    def starting(self) -> bool:
        return self._starting

    @property
    def started_at(self) -> float:
        return self._started_at

    def start(self) -> float:
        """Start (muted, at rate 1) on the next turn of the event loop; returns the stamp."""
        self._started_at = stamp = time.monotonic()
        self._starting = True
        self._first_picture.stop()
        QTimer.singleShot(0, lambda: self._play(stamp))
        return stamp

    def cancel(self) -> None:
        self._starting = False
        self._first_picture.stop()

    def close(self) -> None:
        self.cancel()
        self._player = None

    def _play(self, stamp: float) -> None:
        if self._player is None or not self._starting or stamp != self._started_at:
            return  # cancelled, or started again meanwhile
        self._player.audio_set_mute(True)  # until the assessor presses play
        self._player.set_rate(1.0)
        if self._player.play() != 0:
            self._starting = False
            self.failed.emit("libVLC could not start playing this file")

    def _on_playing(self, at: float) -> None:
        if not self._starting or at < self._started_at or self._player is None:
            return
        if self._player.video_get_track_count() > 0 and not self._player.has_vout():
            self._first_picture.start(FIRST_PICTURE_LIMIT_MS)  # play on until it shows
        else:
            self._finish()

    def _on_vout(self, at: float) -> None:
        if at >= self._started_at and self._first_picture.isActive():
            self._first_picture.start(FIRST_PICTURE_SETTLE_MS)

    def _finish(self) -> None:
        self._first_picture.stop()
        player = self._player
        if player is None or not self._starting:
            return
        self._starting = False
        player.set_pause(1)
        length = int(player.get_length())
        has_video = player.video_get_track_count() > 0
        fps = float(player.get_fps() or 0.0) if has_video else 0.0
        self.ready.emit(MediaInfo(length if length > 0 else None, has_video, fps or None))
