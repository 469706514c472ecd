"""A submission the lead reconciles: narrative | artifact | reconcile panel, side by side.

The reading panes are the scoring view's (:class:`NarrativePane`, :class:`ArtifactPane`, over
the same :class:`ScoringSession`), so citations open and positions restore exactly as they do
for an assessor. The right side is the :class:`ReconcilePanel` instead of the rubric panel.

The view offers what the main window uses of a scoring view (``session``, ``rubric`` with
the same slots, ``splitter_state``, ``restore_splitters``, ``cycle_focus``, ``save_position``,
``close_session``), so it can stand in for one. It also binds the lead's keys:

======================  ==========================================================
A / B                   accept assessor A's / B's judgment of the current target
1 … 9                   decide the level yourself (rubric order)
J / K, ↓ / ↑ (in list)  next / previous target, in the list's order
Ctrl+J / Ctrl+K         the same from anywhere in the view (also Ctrl+↓ / Ctrl+↑)
D                       "Disagreements only" on / off
Ctrl+Enter              finalize
Esc (in an editor)      back to the list
======================  ==========================================================

Plain keys act when the focus is not in a text field (typing there types). The Ctrl keys are
claimed before window shortcuts (``ShortcutOverride``), so the main window's "next unjudged"
(Ctrl+Enter) and rubric-order navigation do not fire inside this view.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QByteArray, QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QPlainTextEdit, QSplitter, QVBoxLayout, QWidget

from assessor_app.ui.lead.reconcile_panel import ReconcilePanel
from assessor_app.ui.lead.reconciliation import Reconciliation
from assessor_app.ui.scoring.artifact_pane import ArtifactPane
from assessor_app.ui.scoring.narrative_pane import NarrativePane
from assessor_app.ui.scoring.session import ScoringSession
from assessor_app.ui.scoring.submit_flow import Confirm, Inform

POSITION_SAVE_DELAY_MS = 800
_CTRL = Qt.KeyboardModifier.ControlModifier


class ReconcileView(QWidget):
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
        self.reconciliation = Reconciliation(session)
        self.setObjectName("reconcileView")
        self.setAccessibleName("Reconcile submission")
        self.narrative = NarrativePane(session, self)
        self.narrative.setAccessibleName("Narrative")
        self.artifacts = ArtifactPane(session, self)
        self.artifacts.setAccessibleName("Artifact viewer")
        self.rubric = ReconcilePanel(self.reconciliation, self, confirm=confirm, inform=inform)
        self.panel = self.rubric

        self.reading = QSplitter(Qt.Orientation.Horizontal, self)
        self.reading.setObjectName("readingSplitter")
        self.reading.addWidget(self.narrative)
        self.reading.addWidget(self.artifacts)
        self.reading.setStretchFactor(0, 2)
        self.reading.setStretchFactor(1, 3)
        self.outer = QSplitter(Qt.Orientation.Horizontal, self)
        self.outer.setObjectName("reconcileSplitter")
        self.outer.addWidget(self.reading)
        self.outer.addWidget(self.rubric)
        self.outer.setStretchFactor(0, 3)
        self.outer.setStretchFactor(1, 2)
        for splitter in (self.reading, self.outer):
            splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.outer)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(POSITION_SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_position)
        self.artifacts.position_changed.connect(self._save_timer.start)
        self.narrative.part_changed.connect(lambda _p: self._save_timer.start())
        session.current_target_changed.connect(lambda _t: self._save_timer.start())

        self._bind_keys()
        self.restore_position()
        self.artifacts.prefetch_cited_pages()

    # --- keys -----------------------------------------------------------------------------
    def _bind_keys(self) -> None:
        panel = self.rubric
        plain: list[tuple[str, Callable[[], object]]] = [
            ("A", lambda: panel.accept(0)),
            ("B", lambda: panel.accept(1)),
            ("J", lambda: panel.step(1)),
            ("K", lambda: panel.step(-1)),
            ("D", panel.toggle_disagreements_only),
        ]
        plain += [(str(i + 1), partial(panel.select_level, i)) for i in range(9)]
        self.shortcuts: list[QShortcut] = []
        for key, handler in plain:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(handler)
            self.shortcuts.append(shortcut)

    def _claimed(self, event: QKeyEvent) -> Callable[[], object] | None:
        """The action of a Ctrl key this view takes before any window shortcut."""
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers != _CTRL:
            return None
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return self.rubric.submit
        if key in (Qt.Key.Key_J, Qt.Key.Key_Down):
            return lambda: self.rubric.step(1)
        if key in (Qt.Key.Key_K, Qt.Key.Key_Up):
            return lambda: self.rubric.step(-1)
        return None

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._claimed(event) is not None
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self._claimed(event)
        if action is not None:
            action()
            event.accept()
            return
        focused = self.focusWidget()
        if (
            event.key() == Qt.Key.Key_Escape
            and isinstance(focused, QPlainTextEdit)
            and self.rubric.isAncestorOf(focused)
        ):
            self.rubric.focus_list()
            event.accept()
            return
        super().keyPressEvent(event)

    # --- where the lead left off ----------------------------------------------------------
    def position(self) -> dict[str, object]:
        return {
            "target": self.session.current_target,
            "part": self.narrative.current_part_id(),
            "narrative_scroll": self.narrative.scroll_fraction(),
            **self.artifacts.position(),
        }

    def save_position(self) -> None:
        self._save_timer.stop()
        self.session.save_position(self.position())

    def restore_position(self) -> None:
        position = self.session.workspace.position(self.session.submission_id)
        target = position.get("target")
        shown = self.rubric.target_list.target_ids()
        if isinstance(target, str) and target in shown:
            self.session.set_current_target(target)
        elif shown:  # a first visit: the first disagreement
            self.session.set_current_target(shown[0])
        part = position.get("part")
        if isinstance(part, str):
            self.narrative.show_part(part)
        scroll = position.get("narrative_scroll")
        if isinstance(scroll, float):
            QTimer.singleShot(0, lambda: self.narrative.set_scroll_fraction(scroll))
        self.artifacts.restore(position)

    def reload(self) -> None:
        """Read the blind scores again (after a sync brought a release or withdrew one)."""
        self.reconciliation.reload()

    # --- splitters ------------------------------------------------------------------------
    def splitter_state(self) -> tuple[QByteArray, QByteArray]:
        return self.reading.saveState(), self.outer.saveState()

    def restore_splitters(self, reading: QByteArray | None, outer: QByteArray | None) -> None:
        """The last layout, or the default: reading 3 (narrative 1, artifact 2), panel 2."""
        if not (reading and self.reading.restoreState(reading)):
            self.reading.setSizes([330, 600])
        if not (outer and self.outer.restoreState(outer)):
            self.outer.setSizes([900, 600])

    # --- focus cycling (F6) ---------------------------------------------------------------
    def cycle_focus(self) -> None:
        panes: list[QWidget] = [self.narrative, self.artifacts, self.rubric]
        focused = self.focusWidget()
        index = next(
            (
                i
                for i, pane in enumerate(panes)
                if focused is not None and pane.isAncestorOf(focused)
            ),
            -1,
        )
        target = panes[(index + 1) % len(panes)]
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not target.hasFocus():
            target.focusNextChild()

    def close_session(self) -> None:
        self.save_position()
        self.session.close()
        self.artifacts.close_viewers()
