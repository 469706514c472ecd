"""The status-bar item of sync: "Synced 14:02 · up to date", "Offline · 3 changes waiting",
"Syncing… 2/5 bundles", "Sign in needed", "2 conflicts". A flat button: clicking it (or Enter
when it has focus) opens the sync panel. It only shows what the controller says."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QToolButton, QWidget

from assessor_app.ui.sync.sync_controller import SyncController
from assessor_app.ui.sync.sync_text import StatusLine, Tone, status_line

TONE_COLORS = {
    Tone.NORMAL: QColor(60, 160, 90),
    Tone.BUSY: QColor(64, 120, 200),
    Tone.ATTENTION: QColor(215, 150, 30),
    Tone.PROBLEM: QColor(200, 70, 60),
}


def tone_icon(tone: Tone, size: int = 10) -> QIcon:
    """A filled dot in the tone's colour (the words carry the meaning; the dot is a hint)."""
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(TONE_COLORS[tone])
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


class SyncStatusButton(QToolButton):
    """Shows the sync state; emits ``open_requested`` when clicked."""

    open_requested = Signal()

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.line: StatusLine | None = None
        self.setObjectName("syncStatus")
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setIconSize(QSize(10, 10))
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName("Sync status")
        self.clicked.connect(self.open_requested)
        controller.state_changed.connect(self.refresh)
        controller.progress.connect(self.refresh)
        controller.overview_changed.connect(self.refresh)
        controller.failed.connect(self.refresh)
        self.refresh()

    def refresh(self, *_args: object) -> None:
        c = self.controller
        line = status_line(c.state.value, c.overview, c.last_progress, c.last_error)
        if line == self.line:
            return
        self.line = line
        self.setText(line.text)
        self.setIcon(tone_icon(line.tone))
        self.setToolTip(f"{line.detail}\nClick for details.")
        self.setAccessibleDescription(f"{line.text}. {line.detail}")
