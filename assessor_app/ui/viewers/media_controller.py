"""One libVLC player driven from the GUI thread: open, play, pause, land on a frame, play a range.

Landing on a frame is the heart of it: pause, rate 1 (below it a paused seek shows nothing for
seconds), seek precisely to the first millisecond of the frame (:class:`FrameGrid`), and let
:class:`FrameLander` confirm the picture is on screen before ``landed`` is emitted. While
*playing* a frame cannot be held, so a citation shown during playback pauses on it.

Pausing also lands: libVLC's own reported time is up to a quarter second stale, so a plain
pause would leave the time shown and the frame shown disagreeing. Stepping a frame back or
forward is a landing on the neighbouring frame rather than libVLC's ``next_frame()``, which
leaves the reported time at 0 and makes the next play jump ahead.

At the end of the file libVLC ends its input; the controller restarts it and lands on the last
frame, so the player is always either playing or paused on a known frame. Opening works the
same way (:mod:`media_opening`): play muted until the first picture is out, pause, and land
on the first frame or on a citation asked for meanwhile.
"""

from __future__ import annotations

import logging
import time
from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from assessor_app.ui.viewers.frame_landing import FrameLander, Landing
from assessor_app.ui.viewers.media_opening import InputStarter, MediaInfo
from assessor_app.ui.viewers.media_time import FrameGrid, PlaybackClock
from assessor_app.ui.viewers.vlc_events import VlcEvents
from assessor_app.ui.viewers.vlc_runtime import Embedding, VlcRuntime, bind_player_window

log = logging.getLogger(__name__)

TICK_MS = 15  # how often the playing time is refreshed and the range end checked
AUDIO_END_MARGIN_MS = 250  # audio holds this far before its end (a seek to the end ends it)


class PlayerState(Enum):
    EMPTY = "empty"  # no media
    OPENING = "opening"  # the input is starting; commands wait for it
    PAUSED = "paused"
    PLAYING = "playing"
    FAILED = "failed"  # libVLC could not play the file


class MediaController(QObject):
    """Drives one ``vlc.MediaPlayer``; the view only calls methods and listens to signals."""

    state_changed = Signal(object)  # PlayerState
    time_changed = Signal(int)  # the time of the frame shown (estimated while playing)
    length_changed = Signal(int)
    media_ready = Signal(bool, float)  # has video, frames per second (0: unknown)
    landed = Signal(int)  # the requested time, once its frame is on screen
    range_finished = Signal(int)  # end of a "play cited range", paused on its last frame
    failed = Signal(str)

    def __init__(self, runtime: VlcRuntime, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runtime = runtime
        self._player: Any = runtime.new_player()
        self._events = VlcEvents(runtime.vlc, self)
        self._events.attach(self._player)
        self._events.end_reached.connect(self._on_end_reached)
        self._events.error.connect(self._on_error)
        self._events.buffering.connect(self._on_buffering)
        self._events.time_changed.connect(self._on_time_changed)
        self._events.length_changed.connect(self._on_length_changed)
        self._starter = InputStarter(self._player, self._events, self)
        self._starter.ready.connect(self._input_ready)
        self._starter.failed.connect(self._fail)
        self._lander = FrameLander(self._player, probe=False, parent=self)
        self._lander.landed.connect(self._on_landed)
        self._bound = Embedding.NONE
        self._state = PlayerState.EMPTY
        self._grid = FrameGrid(None)
        self._has_video = False
        self._opened_at = 0.0  # events stamped before this belong to an earlier input
        self._position = 0  # the frame shown when paused (ms of its start)
        self._rate = 1.0
        self._clock = PlaybackClock()
        self._pending: tuple[int, int | None] | None = None  # landing asked for while opening
        self._play_after_landing = False
        self._range_end: int | None = None  # "play cited range": where to stop, as asked
        self._input_ended = False  # libVLC ended the input and it was not restarted
        self._restarted = False  # restarted after the end with no command since
        self._played = True  # playback ran since the last landing (a pause must settle)
        self._at_end_of_file = False  # the last landing left the input at the end of the file
        self._landed_ms: int | None = None  # the frame on screen, when no playback since
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick)

    # --- what the view reads --------------------------------------------------------------
    @property
    def player(self) -> Any:
        """The ``vlc.MediaPlayer`` (None after :meth:`close`)."""
        return self._player

    @property
    def state(self) -> PlayerState:
        return self._state

    @property
    def grid(self) -> FrameGrid:
        return self._grid

    @property
    def has_video(self) -> bool:
        return self._has_video

    @property
    def rate(self) -> float:
        return self._rate

    @property
    def is_landing(self) -> bool:
        return self._lander.current is not None or self._pending is not None

    def position_ms(self) -> int:
        if self._state is PlayerState.PLAYING:
            return self._clock.now(time.monotonic())
        return self._position

    # --- window ---------------------------------------------------------------------------
    def bind_window(self, embedding: Embedding, win_id: int) -> None:
        """Give libVLC the native window to draw into (before :meth:`open`)."""
        if self._player is not None:
            bind_player_window(self._player, embedding, win_id)
            self._bound = embedding

    def unbind_window(self) -> None:
        if self._player is not None:
            bind_player_window(self._player, self._bound, None)
        self._bound = Embedding.NONE
        self._lander.set_probe(False)

    # --- opening and closing --------------------------------------------------------------
    def open(self, path: Path, length_hint_ms: int | None = None) -> None:
        """Start loading ``path``; it ends paused on its first frame (or a pending landing)."""
        if self._player is None:
            return
        self._reset_commands()
        self._player.stop()
        media = self._runtime.new_media(str(path))
        # Software decoding: the instance-wide option does not reach libVLC 3's decoder, and
        # a hardware probe reconfigures the video output while it starts (see _start_input).
        media.add_option(":avcodec-hw=none")
        self._player.set_media(media)
        media.release()  # the player holds its own reference
        self._grid = FrameGrid(None, length_hint_ms)
        self._has_video = False
        self._position = 0
        self._restarted = False
        self._pending = (0, None)
        self._start_input()

    def close_media(self) -> None:
        """Stop and drop the media; the player stays for the next :meth:`open`."""
        if self._player is None:
            return
        self._reset_commands()
        self._player.stop()
        self._player.set_media(None)
        self._opened_at = time.monotonic()  # whatever libVLC still sends is stale
        self._grid = FrameGrid(None)
        self._has_video = False
        self._position = 0
        self._set_state(PlayerState.EMPTY)

    def close(self) -> None:
        """Tear down: stop, ``set_media(None)``, unbind the window, release the player."""
        if self._player is None:
            return
        self._lander.close()  # waits for a snapshot probe still running (at most 0.5 s)
        self._starter.close()
        self.close_media()
        self._events.detach()  # libVLC runs no callback of ours after this returns
        self.unbind_window()
        player, self._player = self._player, None
        self._runtime.release_player(player)

    # --- commands -------------------------------------------------------------------------
    def land(self, ms: int) -> None:
        """Pause on the frame shown at ``ms``; ``landed(ms)`` follows once it is on screen."""
        if self._usable():
            self._range_end = None
            self._play_after_landing = False
            self._land(ms)

    def play(self) -> None:
        if not self._usable() or self._state is PlayerState.PLAYING:
            return
        if self._input_ended:
            self._play_after_landing = True
            self._land(self._position)
        elif self.is_landing:
            self._play_after_landing = True
        elif self._at_end():
            self._play_after_landing = True  # at the end: play again from the start
            self._land(0)
        else:
            self._resume()

    def pause(self) -> None:
        self._play_after_landing = False
        self._range_end = None
        if self._state is PlayerState.PLAYING:
            self._land(self._clock.now(time.monotonic()))

    def toggle(self) -> None:
        if self._state is PlayerState.PLAYING or self._play_after_landing:
            self.pause()
        else:
            self.play()

    def step(self, frames: int) -> None:
        """Land ``frames`` frames after (negative: before) the frame shown."""
        if not self._has_video or not self._grid.has_frames:
            return
        landing = self._lander.current
        shown = landing.seek_ms if landing is not None else self.position_ms()
        target = self._grid.clamp_index(self._grid.index_at(shown) + frames)
        self.land(self._grid.start_of(target))

    def seek(self, ms: int, *, rough: bool = False) -> None:
        """Go to ``ms`` keeping the play state (paused: land on the frame).

        ``rough``: while the slider is dragged, paused: just seek, without confirming the
        frame (the landing on release does that).
        """
        if not self._usable():
            return
        ms = self._grid.snap(max(0, ms))
        if self._state is PlayerState.PLAYING:
            self._range_end = None
            self._player.set_time(ms)
            self._clock.jump(ms, time.monotonic())
            self.time_changed.emit(ms)
        elif rough and self._state is PlayerState.PAUSED and not self._input_ended:
            self._lander.cancel()
            self._played = True  # the next landing starts from an unsettled output
            self._landed_ms = None
            self._player.set_time(ms)
            self._position = ms
            self.time_changed.emit(ms)
        else:
            self.land(ms)

    def set_rate(self, rate: float) -> None:
        self._rate = rate
        if self._state is PlayerState.PLAYING and self._player is not None:
            self._player.set_rate(rate)
            self._clock.set_rate(rate, time.monotonic())

    def play_range(self, start_ms: int, end_ms: int) -> None:
        """Land on ``start_ms``, play, and pause on the frame of ``end_ms``."""
        if self._usable():
            self._land(start_ms)
            self._range_end = end_ms
            self._play_after_landing = True

    # --- internals: landing ---------------------------------------------------------------
    def _usable(self) -> bool:
        if self._player is None or self._state in (PlayerState.EMPTY, PlayerState.FAILED):
            return False
        self._restarted = False  # a command: a later end may restart the input again
        return True

    def _land(self, ms: int, finishing_range: int | None = None) -> None:
        if self._state is PlayerState.OPENING:
            self._pending = (ms, finishing_range)
            return
        if self._input_ended:  # libVLC ended the input: start it again, then land
            self._input_ended = False
            self._player.stop()
            self._pending = (ms, finishing_range)
            self._start_input()
            return
        if self._state is PlayerState.PLAYING:
            self._player.set_pause(1)
            self._tick.stop()
            self._clock.stop(self._clock.now(time.monotonic()))
            self._set_state(PlayerState.PAUSED)
        seek_ms = self._grid.snap(max(0, ms))
        landing = Landing(ms, seek_ms, finishing_range)
        self._position = seek_ms
        self.time_changed.emit(seek_ms)
        if seek_ms == self._landed_ms and not self._played and self._lander.current is None:
            landing.at_end_of_file = self._at_end_of_file
            QTimer.singleShot(0, lambda: self._on_landed(landing))  # already on screen
            return
        self._landed_ms = None
        self._player.set_pause(1)
        if self._player.get_rate() != 1.0:
            self._player.set_rate(1.0)  # below rate 1 a paused seek shows nothing for seconds
        # A landing still under way when the next one comes is treated like playback: its
        # seek may not have reached libVLC's output yet.
        unsettled = self._played or self._lander.current is not None
        self._lander.land(
            landing,
            self._grid.length_ms,
            after_playback=unsettled,
            from_end_of_file=self._at_end_of_file,
            picture=self._has_video,
        )

    def _on_landed(self, landing: Landing) -> None:
        if self._player is None:
            return
        # After a seek that stalled or ran into the end of the file, the next landing has to
        # settle like one after playback.
        self._played = landing.stalled
        self._at_end_of_file = landing.at_end_of_file
        self._landed_ms = landing.seek_ms
        reported = int(self._player.get_time())
        if self._grid.index_at(reported) != self._grid.index_at(landing.seek_ms):
            log.warning("player reports %d ms after landing on %d ms", reported, landing.seek_ms)
        self.landed.emit(landing.target_ms)
        if landing.finishing_range is not None:
            self.range_finished.emit(landing.finishing_range)
        if self._play_after_landing:
            self._play_after_landing = False
            self._resume()

    def _resume(self) -> None:
        self._played = True
        self._landed_ms = None
        self._player.set_rate(self._rate)
        self._player.audio_set_mute(False)
        self._player.play()
        self._clock.start(self._position, time.monotonic(), self._rate)
        self._set_state(PlayerState.PLAYING)
        self._tick.start()

    def _at_end(self) -> bool:
        length = self._grid.length_ms
        return length is not None and self._position >= self._end_position()

    def _end_position(self) -> int:
        """Where to hold at the end: the last frame, or a moment before the end of audio."""
        last = self._grid.last_index
        if last is None:
            return 0
        if self._grid.has_frames:
            return self._grid.start_of(last)
        return max(0, (self._grid.length_ms or 0) - AUDIO_END_MARGIN_MS)

    # --- internals: the input -------------------------------------------------------------
    def _start_input(self) -> None:
        self._played = True
        self._at_end_of_file = False
        self._landed_ms = None
        self._set_state(PlayerState.OPENING)
        self._opened_at = self._starter.start()

    def _input_ready(self, info: MediaInfo) -> None:
        if self._state is not PlayerState.OPENING or self._player is None:
            return
        length = info.length_ms or self._grid.length_ms
        if info.length_ms is not None and info.length_ms != self._grid.length_ms:
            self.length_changed.emit(info.length_ms)
        self._has_video = info.has_video
        self._grid = FrameGrid(info.fps, length)
        self._lander.set_probe(info.has_video and self._bound is not Embedding.NONE)
        self._set_state(PlayerState.PAUSED)
        self.media_ready.emit(info.has_video, info.fps or 0.0)
        pending, self._pending = self._pending, None
        ms, finishing = pending if pending is not None else (0, None)
        self._land(ms, finishing)

    def _on_buffering(self, percent: float, at: float) -> None:
        if at >= self._opened_at and self._state is not PlayerState.OPENING:
            self._lander.on_buffering(percent, at)

    def _on_end_reached(self, at: float) -> None:
        if at < self._opened_at or self._player is None:
            return
        if self._state in (PlayerState.EMPTY, PlayerState.FAILED):
            return
        landing = self._lander.current
        finishing = self._range_end
        if landing is not None and landing.finishing_range is not None:
            finishing = landing.finishing_range
        self._reset_commands()
        self._player.stop()  # on the GUI thread: never inside libVLC's callback
        if self._restarted:  # ended again before any command: stay, restart on demand
            log.info("input ended again right after a restart; waiting for a command")
            self._input_ended = True
            self._set_state(PlayerState.PAUSED)
            return
        self._restarted = True
        self._position = self._end_position()
        self._pending = (self._position, finishing)
        self._start_input()

    def _on_error(self, at: float) -> None:
        if at >= self._opened_at and self._state is not PlayerState.EMPTY:
            self._fail("This file could not be played: it is damaged or in a format libVLC lacks")

    def _on_time_changed(self, ms: int, at: float) -> None:
        if at < self._opened_at or self._state is not PlayerState.PLAYING:
            return
        if self._lander.current is None:
            self._clock.observe(ms, at)

    def _on_length_changed(self, ms: int, at: float) -> None:
        if at < self._opened_at or ms <= 0 or ms == self._grid.length_ms:
            return
        self._grid = FrameGrid(self._grid.fps, ms)
        self.length_changed.emit(ms)

    def _on_tick(self) -> None:
        if self._state is not PlayerState.PLAYING:
            self._tick.stop()
            return
        now = self._clock.now(time.monotonic())
        self._position = now
        self.time_changed.emit(now)
        end = self._range_end
        if end is not None and now >= self._grid.snap(end):
            self._range_end = None
            self._land(end, finishing_range=end)
        elif self._grid.has_frames and self._grid.last_index is not None and self._at_end():
            self._land(self._end_position())  # hold the last frame instead of ending

    def _fail(self, message: str) -> None:
        self._reset_commands()
        self._set_state(PlayerState.FAILED)
        self.failed.emit(message)

    def _reset_commands(self) -> None:
        self._tick.stop()
        self._starter.cancel()
        self._lander.cancel()
        self._pending = None
        self._play_after_landing = False
        self._range_end = None
        self._input_ended = False
        self._clock.stop(self._position)

    def _set_state(self, state: PlayerState) -> None:
        if state is not self._state:
            self._state = state
            self.state_changed.emit(state)
