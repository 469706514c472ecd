"""The transport controls of the media viewer: scrub slider with the cited range, buttons, time."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QColor, QFontDatabase, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QToolButton,
    QWidget,
)

from assessor_app.domain.model import format_timestamp

SPEEDS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
BAND_FILL = QColor(240, 160, 32, 200)
BAND_EDGE = QColor(138, 90, 0)
POINT_MARK_PX = 4  # width of the mark for a citation with no end


def time_text(position_ms: int | None, length_ms: int | None) -> str:
    """ "01:02.480 / 03:10.000"; dashes for what is not known yet."""
    pos = format_timestamp(position_ms, millis=True) if position_ms is not None else "--:--.---"
    end = format_timestamp(length_ms, millis=True) if length_ms is not None else "--:--.---"
    return f"{pos} / {end}"


class CitationSlider(QSlider):
    """A horizontal time slider (milliseconds) that paints the cited range as a band."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._band: tuple[int, int | None] | None = None
        self.setRange(0, 0)
        self.setSingleStep(1000)
        self.setPageStep(5000)
        self.setTracking(True)
        self.setMinimumHeight(22)
        self.setAccessibleName("Time")

    @property
    def band(self) -> tuple[int, int | None] | None:
        return self._band

    def set_band(self, start_ms: int, end_ms: int | None) -> None:
        self._band = (start_ms, end_ms)
        cited = format_timestamp(start_ms, millis=True)
        if end_ms is not None:
            cited += " to " + format_timestamp(end_ms, millis=True)
        self.setAccessibleDescription(f"Cited: {cited}")
        self.update()

    def clear_band(self) -> None:
        self._band = None
        self.setAccessibleDescription("")
        self.update()

    def band_rect(self) -> QRect | None:
        """Where the band is painted, in widget coordinates (None: nothing to paint)."""
        if self._band is None or self.maximum() <= self.minimum():
            return None
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        style = self.style()
        groove = style.subControlRect(
            QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, self
        )
        handle = style.subControlRect(
            QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, self
        )
        span = groove.width() - handle.width()  # the handle's centre travels this far

        def x_of(ms: int) -> int:
            value = min(max(ms, self.minimum()), self.maximum())
            offset = QStyle.sliderPositionFromValue(
                self.minimum(), self.maximum(), value, max(1, span)
            )
            return groove.x() + handle.width() // 2 + offset

        start, end = self._band
        left = x_of(start)
        right = x_of(end) if end is not None else left
        if right - left < POINT_MARK_PX:
            left, right = left - POINT_MARK_PX // 2, left + POINT_MARK_PX // 2
        height = min(self.height() - 2, max(10, groove.height() + 8))
        top = groove.center().y() - height // 2
        return QRect(left, top, right - left, height)

    def paintEvent(self, event: QPaintEvent) -> None:
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        painter = QPainter(self)
        style = self.style()
        option.subControls = QStyle.SubControl.SC_SliderGroove
        style.drawComplexControl(QStyle.ComplexControl.CC_Slider, option, painter, self)
        band = self.band_rect()
        if band is not None:  # amber, so it never reads as the played part of the groove
            painter.fillRect(band, BAND_FILL)
            painter.setPen(BAND_EDGE)
            painter.drawRect(band.adjusted(0, 0, -1, -1))
        option.subControls = QStyle.SubControl.SC_SliderHandle
        style.drawComplexControl(QStyle.ComplexControl.CC_Slider, option, painter, self)
        painter.end()


def _tool_button(parent: QWidget, icon: QStyle.StandardPixmap, name: str, tip: str) -> QToolButton:
    button = QToolButton(parent)
    button.setIcon(parent.style().standardIcon(icon))
    button.setAccessibleName(name)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    return button


class TransportBar(QWidget):
    """Frame back, play/pause, frame forward, time, frame number, speed, play cited range."""

    play_clicked = Signal()
    step_clicked = Signal(int)
    speed_chosen = Signal(float)
    range_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        sp = QStyle.StandardPixmap
        self.back_button = _tool_button(
            self, sp.SP_MediaSkipBackward, "Previous frame", "Previous frame (,)"
        )
        self.play_button = _tool_button(self, sp.SP_MediaPlay, "Play", "Play / pause (Space)")
        self.forward_button = _tool_button(
            self, sp.SP_MediaSkipForward, "Next frame", "Next frame (.)"
        )
        self.time_label = QLabel(time_text(None, None), self)
        self.time_label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.time_label.setAccessibleName("Current time")
        self.time_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.frame_label = QLabel("", self)
        self.frame_label.setAccessibleName("Frame number")
        self.speed_combo = QComboBox(self)
        self.speed_combo.setAccessibleName("Playback speed")
        self.speed_combo.setToolTip("Playback speed")
        for speed in SPEEDS:
            self.speed_combo.addItem(f"{speed:g}×", speed)
        self.speed_combo.setCurrentIndex(SPEEDS.index(1.0))
        self.range_button = QToolButton(self)
        self.range_button.setText("Play cited range")
        self.range_button.setAccessibleName("Play cited range")
        self.range_button.setToolTip("Play from the cited start and pause at the cited end")
        self.range_button.setEnabled(False)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.back_button, self.play_button, self.forward_button):
            layout.addWidget(widget)
        layout.addWidget(self.time_label)
        layout.addWidget(self.frame_label)
        layout.addStretch(1)
        layout.addWidget(self.range_button)
        layout.addWidget(self.speed_combo)

        self.back_button.clicked.connect(lambda: self.step_clicked.emit(-1))
        self.forward_button.clicked.connect(lambda: self.step_clicked.emit(1))
        self.play_button.clicked.connect(self.play_clicked)
        self.range_button.clicked.connect(self.range_clicked)
        self.speed_combo.activated.connect(self._speed_activated)

    def _speed_activated(self, index: int) -> None:
        self.speed_chosen.emit(float(self.speed_combo.itemData(index)))

    def set_playing(self, playing: bool) -> None:
        sp = QStyle.StandardPixmap
        icon = sp.SP_MediaPause if playing else sp.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setAccessibleName("Pause" if playing else "Play")

    def set_time(self, position_ms: int | None, length_ms: int | None) -> None:
        self.time_label.setText(time_text(position_ms, length_ms))

    def set_frame(self, index: int | None) -> None:
        self.frame_label.setText("" if index is None else f"frame {index}")

    def set_frames_available(self, available: bool) -> None:
        self.back_button.setEnabled(available)
        self.forward_button.setEnabled(available)
        self.frame_label.setVisible(available)

    def set_speed(self, speed: float) -> None:
        index = self.speed_combo.findData(speed)
        if index >= 0:
            self.speed_combo.setCurrentIndex(index)
