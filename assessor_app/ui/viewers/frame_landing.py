"""Putting one exact frame on screen with libVLC 3 while paused, and knowing when it is there.

libVLC 3 decodes a precise seek from the key frame before the target and, while paused, lets
its decoder output one picture: the first at or after the target. What can go wrong was
measured with videos whose pictures spell their frame number (tests/support/media_files.py),
reading the frame back from the screen:

* Right after a pause the video output keeps showing the pictures it had queued for a while,
  and a seek made then is often never shown at all (20 to 30 wrong frames in 100). So a
  landing that follows playback first waits :data:`PAUSE_SETTLE_MS`, then seeks *twice*; the
  second seek starts from a settled pause.
* libVLC has no "frame displayed" event. The end of the seek's buffering (a ``Buffering``
  event of 100 % after the seek's own 0 %) can come before the decoder has even flushed the
  old picture. So the landing then probes what is rendered (:mod:`render_probe`) until the
  picture differs from the one shown before the seek. The output prepares a picture (and
  answers the probe) before it waits for the picture's display time, so one more probe is
  answered only once that picture is on screen: that is when the landing ends. A probe that
  finds nothing rendered, or only the old picture, for :data:`PROBE_LIMIT_MS` means the
  output stalled: the seek is made once more (pictures that really are identical, as in a
  still slide, end the same way).
* Within the last moments of a file (:data:`NEAR_END_MS`) a paused seek reads to the end of
  the file and libVLC never reports the end of its buffering; the wait for it is then bounded
  by the decode times seen on this file's earlier seeks. A second seek into that region while
  the input sits at the end of the file wedges libVLC (nothing shown, and ``stop()`` then
  takes five seconds), so there a landing seeks once, and a landing that follows one which
  ended at the end of the file first seeks well before the end.

libVLC's ``next_frame()`` is not used: it leaves the reported time at 0 and makes the next
play jump ahead. Buffering events are matched by their libVLC-thread timestamp, so one still
queued from an earlier seek is never taken for the current one.
"""

from __future__ import annotations

import logging
import time
import zlib
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from assessor_app.ui.viewers.render_probe import ProbeAnswer, RenderProbe

log = logging.getLogger(__name__)

PAUSE_SETTLE_MS = 300  # after a pause, before the first seek
PROBE_LIMIT_MS = 300  # the new picture should be rendered well within this
PROBE_AGAIN_MS = 15  # between probes that found no output or the old picture
SAME_RENDERS = 3  # renders looking like the old picture that mean "identical picture"
NEAR_END_MS = 500  # within this of the end, libVLC may send no end-of-buffering after a seek
BUFFERING_LIMIT_MS = 4000  # give up waiting for a seek's end-of-buffering
ESCAPE_MS = 1000  # how far before the end-of-file region an escaping seek goes
DEFAULT_SEEK_COST_S = 0.15


class Phase(Enum):
    SETTLING = "settling"  # waiting for a pause to settle
    SEEKING = "seeking"  # waiting for the end of a seek's buffering
    PROBING = "probing"  # waiting for the video output to render the new picture
    DONE = "done"


@dataclass
class Landing:
    target_ms: int  # what was asked for (a citation's time)
    seek_ms: int  # the first millisecond of its frame, given to libVLC
    finishing_range: int | None = None  # the end of a played range, reported when landed
    plan: list[int] = field(default_factory=list)  # seeks still to make, in order
    phase: Phase = Phase.SEEKING
    issued_at: float = 0.0  # time.monotonic() of the last set_time
    buffering_started: bool = False
    timed_out: bool = False  # libVLC never reported the end of a seek's buffering
    stalled: bool = False  # the probe limit passed and the seek was made again
    rendered: bool = False  # the probe saw the new picture rendered
    before: bytes | None = None  # thumbnail of the picture shown before the seek
    probe_token: int = 0  # the probe whose answer is awaited
    seen: bytes | None = None  # thumbnail of the new picture, once rendered
    same: int = 0  # renders that looked like the picture shown before the seek
    at_end_of_file: bool = False  # the last seek read to the end of the file


class FrameLander(QObject):
    """Runs one landing at a time on a paused ``vlc.MediaPlayer``; ``landed`` when done."""

    landed = Signal(object)  # Landing

    def __init__(self, player: Any, *, probe: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._player = player
        self._probe_enabled = probe
        self._probe = RenderProbe(player, self)
        self._probe.answered.connect(self._on_probe)
        self._landing: Landing | None = None
        self._length_ms: int | None = None
        self._shown: bytes | None = None  # thumbnail on screen, while nothing has played
        self._costs: list[float] = []  # seconds from set_time to end of buffering
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
        """Probe only where libVLC renders pictures (video in a window)."""
        self._probe_enabled = enabled

    def land(
        self,
        landing: Landing,
        length_ms: int | None,
        *,
        after_playback: bool,
        from_end_of_file: bool,
        picture: bool = True,
    ) -> None:
        """Start ``landing``; the player must already be paused at rate 1.

        ``after_playback``: the player played (or a seek stalled) since the last landing.
        ``from_end_of_file``: the last landing ended with the input at the end of the file.
        ``picture``: False for audio, where a paused seek only has to move the time (libVLC
        does not decode paused audio, so its buffering would never end).
        """
        self.cancel()
        self._landing = landing
        self._length_ms = length_ms
        target = landing.seek_ms
        if not picture:
            self._player.set_time(target)
            QTimer.singleShot(0, self._finish)
            return
        near_end = self._near_end(target)
        landing.plan = [target] if near_end or not after_playback else [target, target]
        if near_end and from_end_of_file and length_ms is not None:
            landing.plan.insert(0, max(0, length_ms - NEAR_END_MS - ESCAPE_MS))
        if after_playback:
            self._shown = None
            landing.phase = Phase.SETTLING
            if self._probe_enabled:  # what the paused output shows, to tell it from the new
                landing.probe_token = self._probe.ask()
            self._settle.start(PAUSE_SETTLE_MS)
        else:
            landing.before = self._shown
            self._seek()

    def cancel(self) -> None:
        self._landing = None
        for timer in (self._settle, self._limit, self._probe_limit):
            timer.stop()

    def close(self) -> None:
        """Stop, and wait for a snapshot in progress (libVLC bounds it to half a second)."""
        self.cancel()
        self._probe.close()
        self._player = None

    # --- seeking --------------------------------------------------------------------------
    def _after_settle(self) -> None:
        if self._landing is not None and self._landing.phase is Phase.SETTLING:
            self._seek()

    def _seek(self) -> None:
        landing = self._landing
        if landing is None or self._player is None or not landing.plan:
            return
        landing.phase = Phase.SEEKING
        position = landing.plan.pop(0)
        landing.buffering_started = False
        landing.timed_out = False
        landing.issued_at = time.monotonic()
        log.debug("seek to %d ms (%d more)", position, len(landing.plan))
        self._player.set_time(position)
        self._limit.start(self._wait_ms(position))

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
        if self._near_end(landing.seek_ms):
            landing.at_end_of_file = not landing.plan
        else:
            log.warning("libVLC did not finish the seek to %d ms in time", landing.seek_ms)
        landing.timed_out = True
        self._seeked()

    def _seeked(self) -> None:
        landing = self._landing
        if landing is None:
            return
        if landing.plan:
            self._seek()
        elif self._probe_enabled:
            landing.phase = Phase.PROBING
            self._probe_limit.start(PROBE_LIMIT_MS)
            self._ask(landing)
        else:
            self._finish()

    # --- probing --------------------------------------------------------------------------
    def _ask(self, landing: Landing) -> None:
        if landing is self._landing and landing.phase is Phase.PROBING:
            landing.probe_token = self._probe.ask()

    def _on_probe(self, token: int, answer: ProbeAnswer) -> None:
        landing = self._landing
        if landing is None or token != landing.probe_token:
            return  # a cancelled landing, or an answer no longer awaited
        log.debug(
            "probe %d (%s): %d in %.0f ms, %s (before %s, seen %s)",
            token,
            landing.phase.value,
            answer.code,
            answer.seconds * 1000,
            _digest(answer.thumbnail),
            _digest(landing.before),
            _digest(landing.seen),
        )
        if landing.phase is Phase.SETTLING:
            landing.before = answer.thumbnail if answer.rendered else None
            return
        if landing.phase is not Phase.PROBING:
            return
        if landing.seen is not None and answer.rendered:
            # The output renders again only once the picture it prepared (and answered the
            # previous probe with) has been put on screen: now it is there.
            landing.rendered = True
            self._shown = landing.seen
            log.debug(
                "on screen %.0f ms after the seek to %d ms",
                (time.monotonic() - landing.issued_at) * 1000,
                landing.seek_ms,
            )
            self._finish()
            return
        new = answer.rendered and (landing.before is None or answer.thumbnail != landing.before)
        if answer.rendered and not new:
            landing.same += 1
        # A paused output renders nothing between the seek's flush and the new picture, so
        # renders that keep looking like the old picture are the new one, just identical
        # (a still slide): after a few of them, or once the seek was made again, take it.
        same = landing.same >= SAME_RENDERS or (answer.rendered and landing.stalled)
        if new or same:
            landing.seen = answer.thumbnail
            self._probe_limit.stop()
            self._ask(landing)
        elif self._probe_limit.isActive():
            QTimer.singleShot(PROBE_AGAIN_MS, lambda: self._ask(landing))
        elif landing.stalled or self._near_end(landing.seek_ms):
            log.warning("libVLC rendered no new picture after the seek to %d ms", landing.seek_ms)
            self._shown = None
            self._finish()
        # else: _after_probe_limit makes the seek again

    def _after_probe_limit(self) -> None:
        landing = self._landing
        if landing is None or landing.phase is not Phase.PROBING:
            return
        if landing.stalled or self._near_end(landing.seek_ms):  # a 2nd seek there wedges
            self._ask(landing)  # one last look: its answer ends the landing
            return
        log.info("no new picture rendered after the seek to %d ms: seeking again", landing.seek_ms)
        landing.stalled = True
        landing.plan = [landing.seek_ms]
        self._seek()

    def _finish(self) -> None:
        landing = self._landing
        if landing is None:
            return
        self._probe_limit.stop()
        landing.phase = Phase.DONE
        self._landing = None
        self.landed.emit(landing)


def _digest(thumbnail: bytes | None) -> str:
    return "-" if thumbnail is None else f"{zlib.crc32(thumbnail):08x}"
