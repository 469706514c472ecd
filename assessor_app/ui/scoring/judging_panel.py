"""What the rubric panel (an assessor judging) and the reconcile panel (the lead deciding)
share: the error line, the evidence scroll area, separators and headings, sizing the vertical
splitter when first shown, and the slots the main window's keys call on either
(``open_citation``, ``focus_feedback``, ``focus_list``).

A subclass creates ``target_list``, ``detail_view``, ``levels``, ``feedback``, ``splitter``
and ``_detail_scroll``, lays them out with :attr:`error_label`, and says how the splitter is
first divided (:meth:`JudgingPanel._first_sizes`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QSplitter, QWidget

from assessor_app.ui.scoring.detail_view import DetailView
from assessor_app.ui.scoring.feedback_editor import FeedbackEditor
from assessor_app.ui.scoring.level_buttons import LevelButtons
from assessor_app.ui.scoring.session import ScoringSession
from assessor_app.ui.scoring.target_tree import TargetTree
from assessor_app.ui.scoring.tones import Tones, css


def scroll_area(widget: QWidget, name: str) -> QScrollArea:
    """``widget`` in a frameless area that scrolls vertically and takes no focus itself."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setAccessibleName(name)
    return area


def bold_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text)
    font = QFont(parent.font())
    font.setBold(True)
    label.setFont(font)
    return label


def separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    line.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return line


class JudgingPanel(QWidget):
    session: ScoringSession
    target_list: TargetTree
    detail_view: DetailView
    levels: LevelButtons
    feedback: FeedbackEditor
    splitter: QSplitter
    _detail_scroll: QScrollArea

    def __init__(self, session: ScoringSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setAccessibleDescription("Error")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setVisible(False)
        self._sized = False

    def _show_session_errors(self) -> None:
        """Show the session's errors, and clear them once it saves again."""
        self.session.error.connect(self.show_error)
        self.session.saved.connect(self._clear_error)

    # --- first show -----------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._sized:
            return
        self._sized = True
        self.splitter.setSizes(self._first_sizes(self.splitter.height()))

    def _first_sizes(self, total: int) -> list[int]:
        """The splitter's sizes when the panel is first shown ``total`` pixels high."""
        raise NotImplementedError

    def _list_height(self, total: int, share: float) -> int:
        """The list's first height: all its rows up to ``share`` of ``total``, at least its
        minimum."""
        return max(
            self.target_list.minimumHeight(),
            min(self.target_list.sizeHint().height(), int(total * share)),
        )

    # --- keyboard slots (bound by the main window) ----------------------------------------
    @Slot(int, result=bool)
    def open_citation(self, index: int) -> bool:
        """Open the current detail's citation ``index`` (0-based) in the viewer."""
        return self.detail_view.open_citation(index)

    @Slot(result=bool)
    def focus_feedback(self) -> bool:
        return self.feedback.focus()

    @Slot()
    def focus_list(self) -> None:
        self.target_list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- errors ---------------------------------------------------------------------------
    @Slot(str)
    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
        # What the buttons show must be what the session holds, also after a failed save.
        self.levels.refresh()

    def _clear_error(self, _status: str = "") -> None:
        self.error_label.clear()
        self.error_label.setVisible(False)

    def _scroll_detail_to_top(self) -> None:
        self._detail_scroll.verticalScrollBar().setValue(0)

    def _restyle_errors(self) -> None:
        tones = Tones.of(self.palette())
        pad = self.fontMetrics().height() // 4
        self.error_label.setStyleSheet(
            f"color: {css(tones.error)}; border: 1px solid {css(tones.error)};"
            f" border-radius: 4px; padding: {pad}px;"
        )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "error_label"):
            self._restyle_errors()
