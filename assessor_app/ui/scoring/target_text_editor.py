"""A text box bound to one written field of the current target's judgment (the feedback for the
candidate, the lead's rationale), the shared part of :class:`FeedbackEditor` and
``RationaleEditor``.

It follows the session's current target, loads the target's saved (or pending) text without
counting that as typing, hands what is typed to the session, reloads when the judgment changes
underneath (undo, a decision), and can be made read-only. A subclass says which field it edits
(:meth:`_saved_text`, :meth:`_store_text`) and what it shows around the box
(:meth:`_refresh_state`, :meth:`_refresh_hints`), and calls :meth:`_connect` and :meth:`load`
once its own widgets exist.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSizePolicy, QWidget

from assessor_app.ui.scoring.session import ScoringSession


class TargetTextEditor(QWidget):
    # Where the cursor goes when another text is loaded: False keeps its offset (clamped).
    CURSOR_TO_END_ON_LOAD = False

    def __init__(
        self,
        session: ScoringSession,
        parent: QWidget | None = None,
        *,
        heading: str,
        editor_name: str,
        minimum_lines: int,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._target = session.current_target
        self._read_only = False
        self._loading = False

        self.heading = QLabel(heading)
        font = QFont(self.font())
        font.setBold(True)
        self.heading.setFont(font)
        self.editor = QPlainTextEdit()
        self.editor.setTabChangesFocus(True)
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.editor.setAccessibleName(editor_name)
        self.editor.setMinimumHeight(self.fontMetrics().lineSpacing() * minimum_lines)
        self.editor.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.heading.setBuddy(self.editor)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)

    def _connect(self) -> None:
        self.editor.textChanged.connect(self._on_text_changed)
        self._session.current_target_changed.connect(self.load)
        self._session.judgment_changed.connect(self._on_judgment_changed)

    # --- what a subclass supplies ---------------------------------------------------------
    def _saved_text(self, target_id: str) -> str:
        raise NotImplementedError

    def _store_text(self, target_id: str, text: str) -> None:
        raise NotImplementedError

    def _refresh_state(self) -> None:
        raise NotImplementedError

    def _refresh_hints(self) -> None:
        raise NotImplementedError

    # --- public ---------------------------------------------------------------------------
    @property
    def target(self) -> str:
        return self._target

    def text(self) -> str:
        return self.editor.toPlainText()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._refresh_state()

    def load(self, target_id: str) -> None:
        """Show ``target_id``'s text as saved (or pending) without telling the session."""
        self._target = target_id
        self._set_text(self._saved_text(target_id))
        self._refresh_state()

    def focus(self) -> bool:
        if not self.editor.isEnabled():
            return False
        self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.editor.moveCursor(QTextCursor.MoveOperation.End)
        return True

    # --- internals ------------------------------------------------------------------------
    def _set_text(self, text: str) -> None:
        if self.editor.toPlainText() == text:
            return
        self._loading = True
        try:
            position = self.editor.textCursor().position()
            self.editor.setPlainText(text)
            if self.CURSOR_TO_END_ON_LOAD:
                self.editor.moveCursor(QTextCursor.MoveOperation.End)
            else:
                cursor = self.editor.textCursor()
                cursor.setPosition(min(position, len(text)))
                self.editor.setTextCursor(cursor)
        finally:
            self._loading = False

    def _on_text_changed(self) -> None:
        self._refresh_hints()
        if self._loading or self._read_only:
            return
        self._store_text(self._target, self.editor.toPlainText())

    def _on_judgment_changed(self, target_id: str) -> None:
        if target_id != self._target:
            return
        self._set_text(self._saved_text(target_id))  # e.g. after undo
        self._refresh_state()
