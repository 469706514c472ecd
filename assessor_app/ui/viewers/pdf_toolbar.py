"""The viewer's controls: page navigation, zoom, search; and the inline notice banner."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIntValidator, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStyle,
    QToolButton,
    QWidget,
)


def _button(text: str, name: str, tip: str, *, checkable: bool = False) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(name)
    button.setCheckable(checkable)
    button.setAutoRaise(True)
    return button


class PdfToolbar(QWidget):
    """Signals what the assessor asks for; the viewer sets what it shows."""

    page_entered = Signal(int)  # 1-based
    previous_page = Signal()
    next_page = Signal()
    zoom_in = Signal()
    zoom_out = Signal()
    fit_width = Signal()
    fit_page = Signal()
    thumbnails_toggled = Signal(bool)
    search_requested = Signal(str)
    search_next = Signal()
    search_previous = Signal()
    search_cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("PDF viewer toolbar")
        style = self.style()

        self.thumbnails_button = _button("Pages", "Show page list", "Show or hide the page list")
        self.thumbnails_button.setCheckable(True)
        self.thumbnails_button.setChecked(True)
        self.previous_button = _button("", "Previous page", "Previous page (Page Up)")
        self.previous_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
        self.next_button = _button("", "Next page", "Next page (Page Down)")
        self.next_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown))

        self.page_label = QLabel("Page")
        self.page_edit = QLineEdit()
        self.page_edit.setAccessibleName("Page number")
        self.page_edit.setToolTip("Type a page number and press Enter")
        self.page_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.page_edit.setFixedWidth(self.fontMetrics().horizontalAdvance("00000") + 12)
        self.page_validator = QIntValidator(1, 1, self.page_edit)
        self.page_edit.setValidator(self.page_validator)
        self.page_label.setBuddy(self.page_edit)
        self.count_label = QLabel("of 0")
        self.count_label.setAccessibleName("Page count")

        self.zoom_out_button = _button("−", "Zoom out", "Zoom out (Ctrl+−)")
        self.zoom_label = QLabel("100%")
        self.zoom_label.setAccessibleName("Zoom level")
        self.zoom_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000%"))
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_button = _button("+", "Zoom in", "Zoom in (Ctrl+=)")
        self.fit_width_button = _button("Fit width", "Fit width", "Fit the page width (Ctrl+0)")
        self.fit_width_button.setCheckable(True)
        self.fit_page_button = _button("Fit page", "Fit page", "Show whole pages")
        self.fit_page_button.setCheckable(True)

        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName("Find in document")
        self.search_edit.setPlaceholderText("Find in document (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        for clear in self.search_edit.findChildren(QToolButton):
            clear.setAccessibleName("Clear search")
        self.search_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 10 + 40)
        self.search_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.search_edit.setMaximumWidth(320)
        self.search_previous_button = _button("", "Previous match", "Previous match (Shift+F3)")
        self.search_previous_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
        self.search_next_button = _button("", "Next match", "Next match (F3 or Enter)")
        self.search_next_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown))
        self.search_status = QLabel("")
        self.search_status.setAccessibleName("Search result count")
        self.search_status.setMinimumWidth(self.fontMetrics().horizontalAdvance("000 of 000+"))
        # In a narrow pane the row may be cut at its right end rather than force the whole
        # window wider than a laptop screen; the find field shrinks first.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        row.setSpacing(4)
        for widget in (
            self.thumbnails_button,
            self.previous_button,
            self.next_button,
            self.page_label,
            self.page_edit,
            self.count_label,
        ):
            row.addWidget(widget)
        row.addSpacing(12)
        for widget in (
            self.zoom_out_button,
            self.zoom_label,
            self.zoom_in_button,
            self.fit_width_button,
            self.fit_page_button,
        ):
            row.addWidget(widget)
        row.addStretch(1)
        for widget in (
            self.search_edit,
            self.search_previous_button,
            self.search_next_button,
            self.search_status,
        ):
            row.addWidget(widget)

        self.thumbnails_button.toggled.connect(self.thumbnails_toggled)
        self.previous_button.clicked.connect(self.previous_page)
        self.next_button.clicked.connect(self.next_page)
        self.page_edit.returnPressed.connect(self._on_page_entered)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.fit_width_button.clicked.connect(self.fit_width)
        self.fit_page_button.clicked.connect(self.fit_page)
        self.search_edit.returnPressed.connect(self._on_search_return)
        self.search_edit.textChanged.connect(self._on_search_text)
        self.search_next_button.clicked.connect(self.search_next)
        self.search_previous_button.clicked.connect(self.search_previous)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search_edit)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self.search_edit.clear)
        self._searched_text = ""

    # -- what the viewer shows -------------------------------------------------------------
    def set_page_count(self, count: int) -> None:
        self.page_validator.setTop(max(1, count))
        self.count_label.setText(f"of {count}")
        self.page_edit.setAccessibleDescription(f"Page number, 1 to {count}")

    def set_current_page(self, page: int) -> None:
        if not self.page_edit.hasFocus():
            self.page_edit.setText(str(page))

    def set_zoom(self, zoom: float, fit: str | None) -> None:
        self.zoom_label.setText(f"{round(zoom * 100)}%")
        self.fit_width_button.setChecked(fit == "width")
        self.fit_page_button.setChecked(fit == "page")

    def set_search_status(self, text: str) -> None:
        self.search_status.setText(text)

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    # -- input ----------------------------------------------------------------------------
    def _on_page_entered(self) -> None:
        text = self.page_edit.text().strip()
        if text.isdigit():
            self.page_entered.emit(int(text))

    def _on_search_return(self) -> None:
        text = self.search_edit.text()
        if text.strip() and text == self._searched_text:
            self.search_next.emit()
        else:
            self._start_search(text)

    def _on_search_text(self, text: str) -> None:
        if not text.strip():
            self._searched_text = ""
            self.search_cleared.emit()

    def _start_search(self, text: str) -> None:
        self._searched_text = text
        if text.strip():
            self.search_requested.emit(text)
        else:
            self.search_cleared.emit()


class NoticeBanner(QFrame):
    """A one-line warning shown above the pages until dismissed or replaced."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfNoticeBanner")
        self.setAccessibleName("Viewer notice")
        self.setStyleSheet(
            "#pdfNoticeBanner { background: #fff3cd; border: 1px solid #e0a800;"
            " border-radius: 3px; } #pdfNoticeBanner QLabel { color: #533f03; }"
        )
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAccessibleName("Notice text")
        close = _button("✕", "Dismiss notice", "Dismiss")
        close.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 4, 4)
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size)
        )
        row.addWidget(icon)
        row.addWidget(self.label, 1)
        row.addWidget(close)
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.setAccessibleDescription(text)
        self.show()

    def text(self) -> str:
        """The notice shown, or "" when dismissed."""
        return "" if self.isHidden() else self.label.text()
