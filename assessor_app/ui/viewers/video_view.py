"""The video and audio viewer of the artifact pane, built on libVLC.

``show_citation`` is what assessors use most: it pauses on exactly the cited frame (see
:mod:`media_controller` for how), marks the cited range on the slider, and emits
``citation_shown`` once the frame is on screen. A citation past the end of the media is
refused with a visible warning instead of quietly playing something else.

Without libVLC the pane says what to install; without a window system that libVLC can draw
into (``offscreen``, Wayland) it says so in the picture area, and time, seeking and citations
still work because libVLC decodes with a dummy video output.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QSlider, QVBoxLayout, QWidget

from assessor_app.domain.model import format_timestamp
from assessor_app.ui.viewers.media_controller import MediaController, PlayerState
from assessor_app.ui.viewers.video_controls import CitationSlider, TransportBar
from assessor_app.ui.viewers.video_frame import VideoFrame
from assessor_app.ui.viewers.vlc_runtime import (
    Embedding,
    VlcRuntime,
    VlcUnavailable,
    no_embedding_reason,
    shared_runtime,
)

log = logging.getLogger(__name__)

SCRUB_INTERVAL_MS = 60  # at most one seek this often while the slider is dragged
TIME_SIGNAL_INTERVAL_S = 0.25  # ``time_changed`` while playing, at most this often
AUDIO_SUFFIXES = {".mp3", ".ogg", ".oga", ".opus", ".wav", ".flac", ".m4a", ".aac", ".wma"}
_WARNING_STYLE = (
    "QLabel { background: #fff4ce; color: #3b2e00; border: 1px solid #c19c00;"
    " border-radius: 3px; padding: 4px 8px; }"
)


class MediaViewer(QWidget):
    """Plays one video or audio artifact and lands on cited times."""

    citation_shown = Signal(int)  # the cited start, once its frame is on screen
    time_changed = Signal(int)  # the position, for "where the assessor left off"

    def __init__(
        self,
        parent: QWidget | None = None,
        runtime: VlcRuntime | VlcUnavailable | None = None,
    ) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Media viewer")
        runtime = shared_runtime() if runtime is None else runtime
        self._runtime = runtime
        self._embedding = runtime.embedding if isinstance(runtime, VlcRuntime) else Embedding.NONE
        self._title = ""
        self._path: Path | None = None
        self._duration_hint: int | None = None
        self._citation: tuple[int, int | None] | None = None
        self._awaiting: int | None = None  # cited start whose landing is awaited
        self._scrub_target: int | None = None
        self._resume_at: int | None = None  # position to restore after the window came back
        self._last_time_signal = 0.0

        self.frame = VideoFrame(self._embedding is not Embedding.NONE, self)
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(_WARNING_STYLE)
        self.warning.setAccessibleName("Citation warning")
        self.warning.hide()
        self.slider = CitationSlider(self)
        self.transport = TransportBar(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.frame, 1)
        layout.addWidget(self.warning)
        layout.addWidget(self.slider)
        layout.addWidget(self.transport)

        self.controller: MediaController | None = None
        if isinstance(runtime, VlcRuntime):
            self.controller = MediaController(runtime, self)
            self._connect_controller(self.controller)
            if self.frame.surface is not None:
                self.frame.surface.window_created.connect(self._on_window_created)
                self.frame.surface.window_going.connect(self._on_window_going)
            self.frame.show_message("No recording open.")
        else:
            self.frame.show_message(runtime.message)
        self._scrub_timer = QTimer(self)
        self._scrub_timer.setSingleShot(True)
        self._scrub_timer.timeout.connect(self._scrub_now)
        self.slider.sliderMoved.connect(self._on_slider_moved)
        self.slider.sliderReleased.connect(self._on_slider_released)
        self.slider.actionTriggered.connect(self._on_slider_action)
        self.transport.play_clicked.connect(self.toggle_play)
        self.transport.step_clicked.connect(self.step_frames)
        self.transport.speed_chosen.connect(self.set_speed)
        self.transport.range_clicked.connect(self.play_cited_range)
        self._shortcuts = [
            self._shortcut(Qt.Key.Key_Space, self.toggle_play),
            self._shortcut(Qt.Key.Key_Period, lambda: self.step_frames(1)),
            self._shortcut(Qt.Key.Key_Comma, lambda: self.step_frames(-1)),
        ]
        self._set_controls_enabled(False)

    def _shortcut(self, key: Qt.Key, slot: Callable[[], None]) -> QShortcut:
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        return shortcut

    def _connect_controller(self, controller: MediaController) -> None:
        controller.state_changed.connect(self._on_state)
        controller.time_changed.connect(self._on_time)
        controller.length_changed.connect(self._on_length)
        controller.media_ready.connect(self._on_media_ready)
        controller.landed.connect(self._on_landed)
        controller.failed.connect(self._on_failed)

    # --- public API -----------------------------------------------------------------------
    @property
    def player(self) -> object | None:
        """The ``vlc.MediaPlayer`` in use (None without libVLC or after :meth:`close`)."""
        return self.controller.player if self.controller is not None else None

    def open(self, path: Path, title: str, duration_ms: int | None = None) -> None:
        """Load ``path``; it shows its first frame, paused. ``duration_ms`` from the manifest."""
        self._title, self._path, self._duration_hint = title, path, duration_ms
        self.setAccessibleName(f"Media viewer: {title}")
        self._citation = self._awaiting = None
        self.slider.clear_band()
        self.transport.range_button.setEnabled(False)
        self._hide_warning()
        self._set_length(duration_ms)
        if self.controller is None:
            return  # the install message stays
        if not path.is_file():
            self.controller.close_media()
            self.frame.show_message(f"“{title}” is missing from this submission's files.")
            return
        self._show_picture_area(has_video=path.suffix.lower() not in AUDIO_SUFFIXES)
        self._bind_window()
        self.controller.open(path, duration_ms)
        self._set_controls_enabled(True)

    def show_citation(self, start_ms: int, end_ms: int | None = None) -> bool:
        """Pause on the frame at ``start_ms`` and mark the cited range.

        Returns False, with a visible warning, when ``start_ms`` is past the end of the media
        (or nothing can be played). A range whose end is past the end is shown up to the end,
        with a warning.
        """
        controller = self.controller
        if controller is None or controller.state in (PlayerState.EMPTY, PlayerState.FAILED):
            return False
        start_ms = max(0, start_ms)
        length = self._length()
        if length is not None and start_ms > length:
            self._citation = self._awaiting = None
            self.slider.clear_band()
            self.transport.range_button.setEnabled(False)
            self._show_warning(
                f"Cited {format_timestamp(start_ms)} but the {self._kind()} ends at "
                f"{format_timestamp(length)}."
            )
            return False
        self._hide_warning()
        if end_ms is not None and end_ms < start_ms:
            self._show_warning(
                f"The cited range ends ({format_timestamp(end_ms)}) before it starts; "
                f"showing {format_timestamp(start_ms)}."
            )
            end_ms = None
        elif end_ms is not None and length is not None and end_ms > length:
            self._show_warning(
                f"Cited up to {format_timestamp(end_ms)} but the {self._kind()} ends at "
                f"{format_timestamp(length)}; the range is shown up to the end."
            )
            end_ms = length
        self._citation = (start_ms, end_ms)
        self.slider.set_band(start_ms, end_ms)
        self.transport.range_button.setEnabled(end_ms is not None and end_ms > start_ms)
        self._awaiting = start_ms
        controller.land(start_ms)
        return True

    def play_cited_range(self) -> bool:
        """Play the cited range from its start and pause on its last frame."""
        if self.controller is None or self._citation is None:
            return False
        start, end = self._citation
        if end is None:
            return False
        self._awaiting = None
        self.controller.play_range(start, end)
        return True

    def play(self) -> None:
        if self.controller is not None:
            self._awaiting = None
            self.controller.play()

    def pause(self) -> None:
        if self.controller is not None:
            self.controller.pause()

    def toggle_play(self) -> None:
        if self.controller is not None:
            self._awaiting = None
            self.controller.toggle()

    def step_frames(self, frames: int) -> None:
        if self.controller is not None:
            self._awaiting = None
            self.controller.step(frames)

    def seek(self, time_ms: int) -> None:
        if self.controller is not None:
            self._awaiting = None
            self.controller.seek(time_ms)

    def set_speed(self, rate: float) -> None:
        if self.controller is not None:
            self.controller.set_rate(rate)
        self.transport.set_speed(rate)

    def position_ms(self) -> int | None:
        if self.controller is None or self.controller.state is PlayerState.EMPTY:
            return None
        return self.controller.position_ms()

    def length_ms(self) -> int | None:
        return self._length()

    def warning_text(self) -> str | None:
        return self.warning.text() if not self.warning.isHidden() else None

    def close_document(self) -> None:
        """Stop and unload the media (the viewer can open another)."""
        if self.controller is not None:
            self.controller.close_media()
            self.frame.show_message("No recording open.")
        self._path = None
        self._citation = self._awaiting = None
        self.slider.clear_band()
        self._set_controls_enabled(False)

    def close(self) -> bool:
        """Release libVLC's player (``set_media(None)``, unbind, ``release()``) and close."""
        if self.controller is not None:
            self.controller.close()
        self._path = None
        return super().close()

    # --- controller events ----------------------------------------------------------------
    def _on_state(self, state: PlayerState) -> None:
        self.transport.set_playing(state is PlayerState.PLAYING)

    def _on_time(self, ms: int) -> None:
        length = self._length()
        self.transport.set_time(ms, length)
        controller = self.controller
        if controller is not None and controller.grid.has_frames:
            self.transport.set_frame(controller.grid.index_at(ms))
        if not self.slider.isSliderDown():
            self.slider.blockSignals(True)
            self.slider.setValue(ms)
            self.slider.blockSignals(False)
        now = time.monotonic()
        playing = controller is not None and controller.state is PlayerState.PLAYING
        if not playing or now - self._last_time_signal >= TIME_SIGNAL_INTERVAL_S:
            self._last_time_signal = now
            self.time_changed.emit(ms)

    def _on_length(self, ms: int) -> None:
        self._set_length(ms)
        if self._awaiting is not None and self._awaiting > ms:
            late = self._awaiting
            self._awaiting = self._citation = None
            self.slider.clear_band()
            self.transport.range_button.setEnabled(False)
            self._show_warning(
                f"Cited {format_timestamp(late)} but the {self._kind()} ends at "
                f"{format_timestamp(ms)}."
            )

    def _on_media_ready(self, has_video: bool, fps: float) -> None:
        self._show_picture_area(has_video)
        self.transport.set_frames_available(has_video and fps > 0)
        if not has_video:
            self.transport.set_frame(None)

    def _on_landed(self, target_ms: int) -> None:
        if self._awaiting is not None and target_ms == self._awaiting:
            self._awaiting = None
            self.citation_shown.emit(target_ms)

    def _on_failed(self, message: str) -> None:
        self.frame.show_message(f"“{self._title}”: {message}")
        self._set_controls_enabled(False)

    # --- helpers --------------------------------------------------------------------------
    def _kind(self) -> str:
        controller = self.controller
        if controller is not None and controller.state not in (PlayerState.OPENING,):
            return "video" if controller.has_video else "recording"
        suffix = self._path.suffix.lower() if self._path is not None else ""
        return "recording" if suffix in AUDIO_SUFFIXES else "video"

    def _length(self) -> int | None:
        if self.controller is not None and self.controller.grid.length_ms:
            return self.controller.grid.length_ms
        return self._duration_hint

    def _set_length(self, length_ms: int | None) -> None:
        self.slider.setRange(0, max(0, length_ms or 0))
        self.transport.set_time(self.position_ms(), length_ms)

    def _show_picture_area(self, has_video: bool) -> None:
        if not has_video:
            self.frame.show_message(f"♪  {self._title}\n\nAudio recording")
        elif self._embedding is Embedding.NONE or not self.frame.show_video():
            platform = self._runtime.platform_name if isinstance(self._runtime, VlcRuntime) else ""
            self.frame.show_message(no_embedding_reason(platform))

    def _bind_window(self) -> None:
        surface = self.frame.surface
        if self.controller is not None and surface is not None:
            self.controller.bind_window(self._embedding, surface.native_id())

    def _on_window_created(self, win_id: int) -> None:
        if self.controller is None:
            return
        self.controller.bind_window(self._embedding, win_id)
        position, self._resume_at = self._resume_at, None
        if position is not None and self._path is not None:
            self.controller.open(self._path, self._duration_hint)  # reopen in the new window
            self.controller.land(position)

    def _on_window_going(self) -> None:
        controller = self.controller
        if controller is None or controller.player is None:
            return
        if self._path is not None and controller.state is not PlayerState.EMPTY:
            self._resume_at = controller.position_ms()
        controller.close_media()  # libVLC must not draw into a window that is going away
        controller.unbind_window()

    def _show_warning(self, text: str) -> None:
        self.warning.setText("⚠  " + text)
        self.warning.setAccessibleDescription(text)
        self.warning.show()

    def _hide_warning(self) -> None:
        self.warning.hide()
        self.warning.clear()

    def _set_controls_enabled(self, enabled: bool) -> None:
        for widget in (self.slider, self.transport):
            widget.setEnabled(enabled)

    def _on_slider_moved(self, value: int) -> None:
        self._scrub_target = value
        self.transport.set_time(value, self._length())
        if not self._scrub_timer.isActive():
            self._scrub_timer.start(SCRUB_INTERVAL_MS)

    def _scrub_now(self) -> None:
        if self._scrub_target is not None and self.controller is not None:
            target, self._scrub_target = self._scrub_target, None
            self._awaiting = None
            self.controller.seek(target, rough=True)

    def _on_slider_released(self) -> None:
        self._scrub_timer.stop()
        self._scrub_target = None
        self.seek(self.slider.value())

    def _on_slider_action(self, action: int) -> None:
        if action != QSlider.SliderAction.SliderMove.value:
            self.seek(self.slider.sliderPosition())
