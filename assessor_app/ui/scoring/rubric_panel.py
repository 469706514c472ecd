"""The rubric panel: where the assessor judges every part and detail of one submission.

Top to bottom: the list of everything to judge, the current target with the candidate's
evidence, the level buttons, the feedback box, and the footer with progress, the overall result
and Submit. Each piece receives the :class:`ScoringSession` and subscribes to it; this module
only lays them out, wires focus and shortcuts, and shows errors and the locked state.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from assessor_app.ui.scoring.detail_view import DetailView
from assessor_app.ui.scoring.feedback_editor import FeedbackEditor
from assessor_app.ui.scoring.level_buttons import LevelButtons
from assessor_app.ui.scoring.session import ScoringSession
from assessor_app.ui.scoring.submit_flow import Confirm, Dialogs, Inform, SubmitFooter
from assessor_app.ui.scoring.target_info import needs_feedback
from assessor_app.ui.scoring.target_list import TargetList
from assessor_app.ui.scoring.tones import Tones, css


class RubricPanel(QWidget):
    """Judge the targets of ``session``; ``confirm``/``inform`` replace the message boxes."""

    def __init__(
        self,
        session: ScoringSession,
        parent: QWidget | None = None,
        *,
        confirm: Confirm | None = None,
        inform: Inform | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("rubric_panel")
        self.setAccessibleName("Rubric")
        self.setAccessibleDescription("Judge every part and detail, then submit the scores")
        boxes = Dialogs.message_boxes(self)
        dialogs = Dialogs(confirm or boxes.confirm, inform or boxes.inform)

        self.target_list = TargetList(session)
        self.detail_view = DetailView(session)
        self.levels = LevelButtons(session)
        self.feedback = FeedbackEditor(session)
        self.footer = SubmitFooter(session, dialogs)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setAccessibleDescription("Error")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setVisible(False)

        self._detail_scroll = QScrollArea()
        self._detail_scroll.setWidget(self.detail_view)
        self._detail_scroll.setWidgetResizable(True)
        self._detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._detail_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._detail_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._detail_scroll.setAccessibleName("Current detail and evidence")

        self._sized = False
        self._build_layout()
        self._restyle_errors()
        self._update_tab_order()

        self.detail_view.citations_changed.connect(self._update_tab_order)
        self.detail_view.citations_changed.connect(self._scroll_detail_to_top)
        self.levels.level_chosen.connect(self._after_level_chosen)
        self.feedback.editor.textChanged.connect(self._refresh_current_row)
        session.error.connect(self.show_error)
        session.saved.connect(self._clear_error)
        session.locked_changed.connect(self.set_locked)
        self.set_locked(session.locked)

    def _build_layout(self) -> None:
        spacing = self.fontMetrics().height() // 2
        judge = QWidget()
        judge_layout = QVBoxLayout(judge)
        judge_layout.setContentsMargins(0, spacing // 2, 0, 0)
        judge_layout.setSpacing(spacing)
        judge_layout.addWidget(self._separator())
        judge_layout.addWidget(self.levels)
        judge_layout.addWidget(self.feedback, 1)

        # Three panes the assessor can resize: the list, the evidence, the judgment.
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.target_list)
        self.splitter.addWidget(self._detail_scroll)
        self.splitter.addWidget(judge)
        for index, stretch in enumerate((2, 4, 2)):
            self.splitter.setStretchFactor(index, stretch)
        self.target_list.setMinimumHeight(self.fontMetrics().height() * 5)
        self._detail_scroll.setMinimumHeight(self.fontMetrics().height() * 5)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(spacing, spacing, spacing, spacing)
        layout.setSpacing(spacing)
        layout.addWidget(self.footer.banner)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self._separator())
        layout.addWidget(self.footer)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._sized:
            return
        self._sized = True  # first show: list up to 35 %, judgment about 8 lines of feedback
        total = self.splitter.height()
        line = self.fontMetrics().lineSpacing()
        top = max(
            self.target_list.minimumHeight(),
            min(self.target_list.sizeHint().height(), int(total * 0.35)),
        )
        bottom = self.levels.sizeHint().height() + line * 11
        middle = max(self._detail_scroll.minimumHeight(), total - top - bottom)
        self.splitter.setSizes([top, middle, max(1, total - top - middle)])

    @staticmethod
    def _separator() -> QFrame:
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        line.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return line

    # --- keyboard slots (bound by the main window) ----------------------------------------
    @Slot(int, result=bool)
    def select_level(self, index: int) -> bool:
        """Judge the current target with the rubric's level ``index`` (0-based)."""
        return self.levels.choose(index)

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

    @Slot(result=bool)
    def submit(self) -> bool:
        """The Submit button's flow (blockers, confirmation, then the session submits)."""
        return self.footer.submit()

    # --- state ----------------------------------------------------------------------------
    @Slot(bool)
    def set_locked(self, locked: bool) -> None:
        self.levels.set_read_only(locked)
        self.feedback.set_read_only(locked)
        self.footer.set_locked(locked)
        self._update_tab_order()

    @Slot(str)
    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
        # What the buttons show must be what the session holds, also after a failed save.
        self.levels.refresh()

    def _clear_error(self, _status: str = "") -> None:
        self.error_label.clear()
        self.error_label.setVisible(False)

    def _after_level_chosen(self, _code: str) -> None:
        """A not-yet level with blank feedback: put the cursor where the work is."""
        if needs_feedback(self.session, self.session.current_target):
            self.feedback.focus()

    def _refresh_current_row(self) -> None:
        self.target_list.refresh_row(self.feedback.target)

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

    def _update_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.target_list,
            *self.detail_view.focus_widgets(),
            *self.levels.focus_widgets(),
            self.feedback.editor,
            self.footer.submit_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
