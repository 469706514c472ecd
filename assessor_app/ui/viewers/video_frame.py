"""The picture area of the media viewer: a native window for libVLC, or a message in its place.

libVLC draws into a native window of its own making inside the one it is given, so the surface
needs a real window handle (``WA_NativeWindow``) without forcing its ancestors to become native
too (``WA_DontCreateNativeAncestors``). Qt may destroy and recreate that handle (reparenting, a
screen change), so the surface reports both: a new id to bind, and the moment before the old
one goes, when libVLC must let go of it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPlatformSurfaceEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStackedWidget, QWidget

_MESSAGE_STYLE = "QLabel { background: #202124; color: #e8eaed; padding: 24px; font-size: 11pt; }"


class VideoSurface(QWidget):
    """A black native window that libVLC paints into."""

    window_created = Signal(int)  # a (new) native window id to hand to libVLC
    window_going = Signal()  # the native window is about to be destroyed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors)
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 90)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName("Video picture")
        self._watched: QObject | None = None

    def native_id(self) -> int:
        """The native window id, creating the window if needed."""
        win_id = int(self.winId())
        self._watch_window()
        return win_id

    def _watch_window(self) -> None:
        handle = self.windowHandle()
        if handle is not None and handle is not self._watched:
            handle.installEventFilter(self)
            self._watched = handle

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched and event.type() == QEvent.Type.PlatformSurface:
            assert isinstance(event, QPlatformSurfaceEvent)
            if (
                event.surfaceEventType()
                == QPlatformSurfaceEvent.SurfaceEventType.SurfaceAboutToBeDestroyed
            ):
                self.window_going.emit()
        return False

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WinIdChange:
            handled = super().event(event)
            self._watch_window()
            if self.internalWinId():
                self.window_created.emit(int(self.internalWinId()))
            return handled
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor(Qt.GlobalColor.black))


class VideoFrame(QStackedWidget):
    """Shows the native video surface, or a message (no display, no libVLC, audio only)."""

    def __init__(self, embed: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.surface: VideoSurface | None = VideoSurface(self) if embed else None
        self.message = QLabel(self)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setStyleSheet(_MESSAGE_STYLE)
        self.message.setAccessibleName("Video message")
        self.message.setMinimumSize(160, 90)
        if self.surface is not None:
            self.addWidget(self.surface)
        self.addWidget(self.message)

    def show_video(self) -> bool:
        """Show the video surface; False when there is none (no embedding possible)."""
        if self.surface is None:
            return False
        self.setCurrentWidget(self.surface)
        return True

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setAccessibleDescription(text)
        self.setCurrentWidget(self.message)

    def message_text(self) -> str | None:
        """The message shown, or None while the video surface is shown."""
        return self.message.text() if self.currentWidget() is self.message else None
