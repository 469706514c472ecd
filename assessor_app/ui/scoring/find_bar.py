"""Find in text: the bar, and the search that fills it.

:class:`FindBar` is only the controls and reports what the assessor asks for with signals;
:func:`find_all` searches the document's raw text with a literal regular expression (in C, so a
common word in a 20,000-word part is found at once); :class:`TextFinder` joins the two over a
text view: every match highlighted with extra selections, the current one stronger and
scrolled into view without disturbing the assessor's own selection.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QTextEdit,
    QToolButton,
    QWidget,
)

from assessor_app.ui.scoring.tones import Tones

MAX_MATCHES = 5000
LIVE_SEARCH_DELAY_MS = 120


def find_all(
    document: QTextDocument, text: str, *, case_sensitive: bool = False, limit: int = MAX_MATCHES
) -> list[tuple[int, int]]:
    """(start, end) document positions of every literal occurrence of ``text``, in order."""
    if not text:
        return []
    raw = document.toRawText()  # one character per document position
    flags = 0 if case_sensitive else re.IGNORECASE
    matches: list[tuple[int, int]] = []
    for m in re.finditer(re.escape(text), raw, flags):
        if m.end() > m.start():
            matches.append((m.start(), m.end()))
            if len(matches) >= limit:
                break
    return matches


def cursor_for(document: QTextDocument, span: tuple[int, int]) -> QTextCursor:
    cursor = QTextCursor(document)
    cursor.setPosition(span[0])
    cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
    return cursor


class FindBar(QWidget):
    """Query field, match count, previous / next, match case, close."""

    search_changed = Signal(str)
    next_requested = Signal()
    previous_requested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Find in text")
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Find in text")
        self.field.setAccessibleName("Find in text")
        self.field.setClearButtonEnabled(True)
        self.field.installEventFilter(self)

        self.status = QLabel(self)
        self.status.setAccessibleName("Matches")
        self.status.setMinimumWidth(self.fontMetrics().horizontalAdvance("5,000+ of 5,000+") + 6)

        style = self.style()
        self.previous = self._button("Previous match", "Previous match (Shift+Enter)")
        self.previous.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
        self.next = self._button("Next match", "Next match (Enter)")
        self.next.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown))
        self.case = self._button("Match case", "Match upper and lower case exactly")
        self.case.setText("Aa")
        self.case.setCheckable(True)
        self.close_button = self._button("Close find bar", "Close (Esc)")
        self.close_button.setText("✕")

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        self.field.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 16)
        self.field.setMaximumWidth(self.fontMetrics().horizontalAdvance("x") * 48)
        layout.addWidget(self.field, 1)
        for button in (self.previous, self.next, self.case):
            layout.addWidget(button)
        layout.addWidget(self.status)
        layout.addStretch(0)
        layout.addWidget(self.close_button)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(LIVE_SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._emit_search)
        self.field.textChanged.connect(lambda _t: self._timer.start())
        self.case.toggled.connect(lambda _c: self._emit_search())
        self.previous.clicked.connect(self.previous_requested)
        self.next.clicked.connect(self.next_requested)
        self.close_button.clicked.connect(self.close_bar)
        self.set_result(0, 0)

    def _button(self, name: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        return button

    # --- public ---------------------------------------------------------------------------
    def text(self) -> str:
        return self.field.text()

    def case_sensitive(self) -> bool:
        return self.case.isChecked()

    def open_with(self, text: str | None = None) -> None:
        if text is not None:
            self.field.blockSignals(True)
            self.field.setText(text)
            self.field.blockSignals(False)
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def close_bar(self) -> None:
        self._timer.stop()
        self.hide()
        self.closed.emit()

    def flush(self) -> None:
        """Run a pending live search now (Enter pressed before the pause ended)."""
        if self._timer.isActive():
            self._emit_search()

    def set_result(self, current: int, total: int, *, capped: bool = False) -> None:
        """``current`` is 1-based (0: none selected); shows "3 of 12" or "No matches"."""
        if not self.field.text():
            self.status.setText("")
            self.field.setStyleSheet("")
        elif total == 0:
            self.status.setText("No matches")
            self.field.setStyleSheet("")
        else:
            plus = "+" if capped else ""
            self.status.setText(
                f"{current:,} of {total:,}{plus}" if current else f"{total:,}{plus}"
            )
        self.status.setAccessibleDescription(self.status.text())
        self.previous.setEnabled(total > 0)
        self.next.setEnabled(total > 0)

    # --- internals ------------------------------------------------------------------------
    def _emit_search(self) -> None:
        self._timer.stop()
        self.search_changed.emit(self.field.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.field
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.flush()
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.previous_requested.emit()
                else:
                    self.next_requested.emit()
                return True
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)


class TextFinder(QObject):
    """Find in ``view`` driven by ``bar``; the view's document may be swapped (``refresh``)."""

    def __init__(self, view: QTextEdit, bar: FindBar) -> None:
        super().__init__(view)
        self.view = view
        self.bar = bar
        self._matches: list[tuple[int, int]] = []
        self._index = -1
        bar.search_changed.connect(self.search)
        bar.next_requested.connect(lambda: self.step(1))
        bar.previous_requested.connect(lambda: self.step(-1))
        bar.closed.connect(self._closed)

    def match_count(self) -> int:
        return len(self._matches)

    def current_match(self) -> int:
        """1-based index of the current match (0: none)."""
        return self._index + 1 if self._matches else 0

    def open(self) -> None:
        """Show the bar, seeded with the selected text when it is a short phrase."""
        selected = self.view.textCursor().selectedText()
        seed = selected if selected and "\u2029" not in selected and len(selected) < 80 else None
        self.bar.open_with(seed)
        if self.bar.text():
            self.search(self.bar.text())

    def search(self, text: str) -> int:
        """Find every match; the current one is the first at or below the top of the view."""
        document = self.view.document()
        self._matches = find_all(document, text, case_sensitive=self.bar.case_sensitive())
        self._index = -1
        if self._matches:
            top = self.view.cursorForPosition(self.view.viewport().rect().topLeft()).position()
            self._index = next((i for i, (s, _e) in enumerate(self._matches) if s >= top), 0)
        self._highlight()
        return len(self._matches)

    def step(self, delta: int) -> None:
        if not self._matches:
            if self.bar.text():
                self.search(self.bar.text())
            return
        self._index = (self._index + delta) % len(self._matches)
        self._highlight()

    def refresh(self) -> None:
        """The document changed: search it again if the bar is in use, else clear."""
        if self.bar.isVisible() and self.bar.text():
            self.search(self.bar.text())
        else:
            self.clear()

    def clear(self) -> None:
        self._matches = []
        self._index = -1
        self.view.setExtraSelections([])
        self.bar.set_result(0, 0)

    def _highlight(self) -> None:
        palette = self.view.palette()
        tones = Tones.of(palette)
        every = QTextCharFormat()
        every.setBackground(tones.tint(tones.warning, palette, 0.38))
        current = QTextCharFormat()
        current.setBackground(tones.warning)
        current.setForeground(tones.on_accent)
        document = self.view.document()
        selections = []
        for i, span in enumerate(self._matches):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor_for(document, span)
            selection.format = current if i == self._index else every
            selections.append(selection)
        self.view.setExtraSelections(selections)
        self.bar.set_result(
            self.current_match(), len(self._matches), capped=len(self._matches) >= MAX_MATCHES
        )
        if self._matches:
            self._reveal(cursor_for(document, self._matches[self._index]))

    def _reveal(self, cursor: QTextCursor) -> None:
        """Scroll the match into view (a third from the top) without moving the selection."""
        rect = self.view.cursorRect(cursor)
        viewport = self.view.viewport().rect()
        if viewport.top() + 8 <= rect.top() and rect.bottom() <= viewport.bottom() - 8:
            return
        bar = self.view.verticalScrollBar()
        bar.setValue(bar.value() + rect.top() - viewport.height() // 3)

    def _closed(self) -> None:
        if self._matches:
            # leave the found text selected, as a browser does, so Ctrl+C copies it
            self.view.setTextCursor(cursor_for(self.view.document(), self._matches[self._index]))
        self.clear()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
