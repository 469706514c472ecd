"""Frame arithmetic and the playback clock of the media viewer (plain Python, no Qt, no VLC).

Times are integer milliseconds, as in citations and in libVLC's ``set_time``/``get_time``.

Frame ``i`` is shown from ``start_of(i) = floor(i * 1000 / fps)`` until the next frame starts;
:meth:`FrameGrid.index_at` is the exact inverse of that, so the frame number and the time the
viewer displays always agree. Seeking libVLC to ``start_of(i)`` makes it display frame ``i``:
its precise seek shows the first frame whose timestamp is at or after the target, and frame
``i - 1`` starts more than a millisecond earlier for any real frame rate.

libVLC 3 updates the playing time only about four times a second, so while playing the time
shown is extrapolated from the last update by :class:`PlaybackClock`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# libVLC's reported time is refreshed every ~250 ms; never extrapolate much past that.
MAX_EXTRAPOLATION_MS = 1500
# A later report this much behind the extrapolated time is a real jump (a seek), not jitter.
BACKWARD_JITTER_MS = 200


@dataclass(frozen=True)
class FrameGrid:
    """The frames of a video (``fps`` > 0) or, for audio, a millisecond timeline."""

    fps: float | None
    length_ms: int | None = None

    @property
    def has_frames(self) -> bool:
        return self.fps is not None and self.fps > 0

    @property
    def frame_ms(self) -> float | None:
        return 1000.0 / self.fps if self.fps else None

    def start_of(self, index: int) -> int:
        """The first millisecond of frame ``index`` (what to seek to for that frame)."""
        if not self.fps:
            return max(0, index)
        return max(0, math.floor(index * 1000.0 / self.fps + 1e-9))

    def index_at(self, ms: int) -> int:
        """The frame shown at ``ms``: the largest ``i`` with ``start_of(i) <= ms``."""
        if not self.fps:
            return max(0, ms)
        if ms < 0:
            return 0
        return max(0, math.ceil((ms + 1) * self.fps / 1000.0 - 1e-9) - 1)

    @property
    def last_index(self) -> int | None:
        """The last frame that starts before the end (None when the length is unknown).

        The container's length can exceed the video by a few milliseconds (an audio track
        that runs on), so a frame counts only when at least half of it fits.
        """
        if self.length_ms is None or self.length_ms <= 0:
            return None
        if not self.fps:
            return max(0, self.length_ms - 1)
        frame = 1000.0 / self.fps
        return max(0, self.index_at(max(0, round(self.length_ms - frame / 2))))

    def clamp_index(self, index: int) -> int:
        last = self.last_index
        index = max(0, index)
        return index if last is None else min(index, last)

    def snap(self, ms: int) -> int:
        """``ms`` moved to the start of its frame, clamped to the last frame."""
        return self.start_of(self.clamp_index(self.index_at(ms)))

    def is_past_end(self, ms: int) -> bool:
        return self.length_ms is not None and self.length_ms > 0 and ms > self.length_ms


class PlaybackClock:
    """Where playback is now, from libVLC's sparse time reports and the wall clock.

    ``at`` arguments are ``time.monotonic()`` seconds. While running, the time is the last
    report plus the elapsed wall time times the rate; what it returns never steps backwards by
    less than :data:`BACKWARD_JITTER_MS` (a late report is jitter, not a rewind).
    """

    def __init__(self) -> None:
        self._anchor_ms = 0
        self._anchor_at = 0.0
        self._rate = 1.0
        self._running = False
        self._last_shown = 0

    @property
    def running(self) -> bool:
        return self._running

    @property
    def rate(self) -> float:
        return self._rate

    def start(self, ms: int, at: float, rate: float) -> None:
        self._anchor_ms, self._anchor_at, self._rate = ms, at, rate
        self._running = True
        self._last_shown = ms

    def stop(self, ms: int) -> None:
        self._anchor_ms = ms
        self._running = False
        self._last_shown = ms

    def jump(self, ms: int, at: float) -> None:
        """A seek: the time is ``ms`` now, whatever was shown before."""
        self._anchor_ms, self._anchor_at = ms, at
        self._last_shown = ms

    def set_rate(self, rate: float, at: float) -> None:
        now = self.now(at)
        self._anchor_ms, self._anchor_at, self._rate = now, at, rate

    def observe(self, ms: int, at: float) -> None:
        """libVLC reported ``ms`` at ``at``."""
        self._anchor_ms, self._anchor_at = ms, at
        if not self._running:
            self._last_shown = ms

    def now(self, at: float) -> int:
        if not self._running:
            return self._anchor_ms
        elapsed = max(0.0, at - self._anchor_at) * 1000.0 * self._rate
        value = self._anchor_ms + round(min(elapsed, MAX_EXTRAPOLATION_MS * self._rate))
        if self._last_shown - BACKWARD_JITTER_MS < value < self._last_shown:
            return self._last_shown
        self._last_shown = value
        return value
