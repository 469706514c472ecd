"""Putting one exact frame on screen with libVLC 3 while paused, and knowing when it is there.

libVLC 3 decodes a precise seek from the key frame before the target and, while paused, lets
its decoder output one picture: the first at or after the target. What can go wrong was
measured with videos whose pictures spell their frame number (tests/support/media_files.py),
reading the frame back from the screen:

* Right after a pause the video output keeps showing the pictures it had queued for a while,
  and a seek made then is often never shown at all (20 to 30 wrong frames in 100). So a
  landing that follows playback first waits :data:`PAUSE_SETTLE_MS`, then seeks *twice*; the
  second seek starts from a settled pause.
* libVLC has no "frame displayed" event. It reports the end of the seek's buffering (a
  ``Buffering`` event of 100 % after the seek's own 0 %), but while paused that can come
  before the decoder has produced the picture. So the landing then asks for a snapshot (16 x 12
  pixels, written to the null device). libVLC serves it when its video output next renders a
  picture (a paused output re-renders every 80 ms), and after the seek's flush that picture
  can only be the new one; with nothing to render it gives up after half a second. A quick
  answer is therefore the proof that the frame is on screen.
* If there is no answer within :data:`PROBE_LIMIT_MS` the seek is made once more.
* Within the last moments of a file libVLC may never report the end of buffering, so there the
  wait for it is bounded by the decode times seen on this file's earlier seeks.

With the short read-ahead set in :mod:`vlc_runtime`, 150 landings mixing citations, frame
steps and playback, and 48 alternating between the last second and the rest of the file, all
showed the right frame. libVLC's ``next_frame()`` is not used: it leaves the reported time at 0
and makes the next play jump ahead.

Buffering events are matched by their libVLC-thread timestamp, so one still queued from an
earlier seek is never taken for the current one.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from assessor_app.ui.tasks import run_in_background

log = logging.getLogger(__name__)

PAUSE_SETTLE_MS = 300  # after a pause, before the first seek
PROBE_LIMIT_MS = 250  # a rendered picture answers the snapshot within ~80 ms
SNAPSHOT_TIMEOUT_S = 0.5  # libVLC 3 gives up on a snapshot after this long
NEAR_END_MS = 500  # within this of the end, libVLC may send no end-of-buffering after a seek
BUFFERING_LIMIT_MS = 4000  # give up waiting for a seek's end-of-buffering
DEFAULT_SEEK_COST_S = 0.15
PROBE_SIZE = (16, 12)


class Phase(Enum):
    SETTLING = "settling"  # waiting for a pause to settle
    SEEKING = "seeking"  # waiting for the end of a seek's buffering
    PROBING = "probing"  # waiting for the video output to render a picture
    DONE = "done"


@dataclass
class Landing:
    target_ms: int  # what was asked for (a citation's time)
    seek_ms: int  # the first millisecond of its frame, given to libVLC
    finishing_range: int | None = None  # the end of a played range, reported when landed
    seeks_left: int = 1
    phase: Phase = Phase.SEEKING
    issued_at: float = 0.0  # time.monotonic() of the last set_time
    buffering_started: bool = False
    timed_out: bool = False  # libVLC never reported the end of a seek's buffering
    stalled: bool = False  # a probe went unanswered and the seek was made again
    rendered: bool = False  # a snapshot proved a picture was rendered after the seek
    probes: int = 0  # snapshots asked for; only the latest one's answer counts


class FrameLander(QObject):
    """Runs one landing at a time on a paused ``vlc.MediaPlayer``; ``landed`` when done."""

    landed = Signal(object)  # Landing

    def __init__(self, player: Any, *, probe: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._player = player
        self._probe_enabled = probe
        self._landing: Landing | None = None
        self._length_ms: int | None = None
        self._costs: list[float] = []  # seconds from set_time to end of buffering
        self._pool = QThreadPool(self)  # snapshots block: never on the GUI thread
        self._pool.setMaxThreadCount(1)
        self._settle = self._timer(self._after_settle)
        self._limit = self._timer(self._after_limit)
        self._probe_limit = self._timer(self._after_probe_limit)

    def _timer(self, slot: Any) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(slot)
        return timer

    @property
    def current(self) -> Landing | None:
        return self._landing

    def set_probe(self, enabled: bool) -> None:
        """Probe with snapshots only where libVLC renders pictures (video in a window)."""
        self._probe_enabled = enabled

    def land(self, landing: Landing, length_ms: int | None, *, after_playback: bool) -> None:
        """Start ``landing``; the player must already be paused at rate 1."""
        self.cancel()
        self._landing = landing
        self._length_ms = length_ms
        if after_playback:
            landing.seeks_left = 2
            landing.phase = Phase.SETTLING
            self._settle.start(PAUSE_SETTLE_MS)
        else:
            self._seek()

    def cancel(self) -> None:
        self._landing = None
        for timer in (self._settle, self._limit, self._probe_limit):
            timer.stop()

    def close(self) -> None:
        """Stop, and wait for a snapshot in progress (libVLC bounds it to half a second)."""
        self.cancel()
        self._pool.waitForDone(2000)
        self._player = None

    # --- seeking --------------------------------------------------------------------------
    def _after_settle(self) -> None:
        if self._landing is not None and self._landing.phase is Phase.SETTLING:
            self._seek()

    def _seek(self) -> None:
        landing = self._landing
        if landing is None or self._player is None:
            return
        landing.phase = Phase.SEEKING
        landing.seeks_left -= 1
        landing.buffering_started = False
        landing.issued_at = time.monotonic()
        log.debug("seek to %d ms (%d more)", landing.seek_ms, landing.seeks_left)
        self._player.set_time(landing.seek_ms)
        self._limit.start(self._wait_ms(landing.seek_ms))

    def on_buffering(self, percent: float, at: float) -> None:
        landing = self._landing
        if landing is None or landing.phase is not Phase.SEEKING or at < landing.issued_at:
            return
        if percent < 100.0:
            landing.buffering_started = True
        elif landing.buffering_started:
            self._costs.append(at - landing.issued_at)
            del self._costs[:-16]
            self._limit.stop()
            self._seeked()

    def _wait_ms(self, seek_ms: int) -> int:
        if self._near_end(seek_ms):
            typical = max(self._costs[-8:], default=DEFAULT_SEEK_COST_S)
            return int(min(1500, max(150, 2000 * typical)))
        return BUFFERING_LIMIT_MS

    def _near_end(self, seek_ms: int) -> bool:
        return self._length_ms is not None and seek_ms >= self._length_ms - NEAR_END_MS

    def _after_limit(self) -> None:
        landing = self._landing
        if landing is None or landing.phase is not Phase.SEEKING:
            return
        if not self._near_end(landing.seek_ms):
            log.warning("libVLC did not finish the seek to %d ms in time", landing.seek_ms)
        landing.timed_out = True
        self._seeked()

    def _seeked(self) -> None:
        landing = self._landing
        if landing is None:
            return
        if landing.seeks_left > 0:
            self._seek()
        elif self._probe_enabled:
            self._probe()
        else:
            self._finish()

    # --- probing --------------------------------------------------------------------------
    def _probe(self) -> None:
        landing = self._landing
        player = self._player
        if landing is None or player is None:
            return
        landing.phase = Phase.PROBING
        landing.probes += 1
        probe = landing.probes
        log.debug("probing after the seek to %d ms", landing.seek_ms)
        width, height = PROBE_SIZE

        def snapshot() -> float:
            # libVLC returns 0 either way; what tells is how long it took (see module doc).
            started = time.monotonic()
            player.video_take_snapshot(0, os.devnull, width, height)
            return time.monotonic() - started

        run_in_background(
            snapshot,
            lambda elapsed: self._probed(landing, probe, elapsed),
            lambda message: self._probe_failed(landing, message),
            pool=self._pool,
        )
        self._probe_limit.start(PROBE_LIMIT_MS)

    def _after_probe_limit(self) -> None:
        landing = self._landing
        if landing is None or landing.phase is not Phase.PROBING or landing.stalled:
            return
        log.info("no picture rendered after the seek to %d ms: seeking again", landing.seek_ms)
        landing.stalled = True
        landing.seeks_left = 1
        self._seek()

    def _probed(self, landing: Landing, probe: int, elapsed: object) -> None:
        if landing is not self._landing or probe != landing.probes:
            return  # a cancelled landing, or a probe superseded by a seek made again
        if landing.phase is not Phase.PROBING:
            return
        seconds = float(elapsed) if isinstance(elapsed, float) else SNAPSHOT_TIMEOUT_S
        landing.rendered = seconds < SNAPSHOT_TIMEOUT_S * 0.9
        log.debug("probe answered in %.0f ms for %d ms", seconds * 1000, landing.seek_ms)
        if not landing.rendered:
            log.warning("libVLC rendered no picture after the seek to %d ms", landing.seek_ms)
        self._finish()

    def _probe_failed(self, landing: Landing, message: str) -> None:
        log.error("snapshot probe failed: %s", message)
        if landing is self._landing and landing.phase is Phase.PROBING:
            self._finish()

    def _finish(self) -> None:
        landing = self._landing
        if landing is None:
            return
        self._probe_limit.stop()
        landing.phase = Phase.DONE
        self._landing = None
        self.landed.emit(landing)
