"""The main window: the queue, and the scoring view of the submission being worked on.

The window title only ever shows the opaque submission code. Geometry and splitter state
persist between runs; the status bar says where the work is (on this computer, how many
changes have not reached the portal yet) and when it was last saved.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QStackedWidget,
    QWidget,
)

from assessor_app import APP_NAME, __version__
from assessor_app.ui import shortcuts
from assessor_app.ui.queue_view import QueueView
from assessor_app.ui.sync.sync_ui import SyncUi
from assessor_app.ui.tasks import run_in_background
from assessor_app.workspace import Workspace

if TYPE_CHECKING:  # imported when a submission is opened: PyMuPDF and libVLC load then
    from assessor_app.ui.scoring.scoring_view import ScoringView
    from assessor_app.ui.scoring.session import ScoringSession

STATUS_REFRESH_MS = 5000


class MainWindow(QMainWindow):
    def __init__(
        self,
        workspace: Workspace,
        settings: QSettings,
        *,
        demo: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.settings = settings
        self.demo = demo
        self.scoring: ScoringView | None = None
        self.setObjectName("mainWindow")
        self.setAccessibleName(APP_NAME)

        self.queue = QueueView(self)
        self.queue.open_requested.connect(self.open_submission)
        self.queue.import_requested.connect(self.import_bundle_dialog)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.queue)
        self.setCentralWidget(self.pages)

        self.sync_ui = SyncUi(workspace, self)
        self.sync_ui.queue_changed.connect(self._sync_changed_work)
        self.sync_ui.bundle_removed.connect(self._bundle_removed)
        self._build_status_bar()
        self._build_menus()
        self._bind_scoring_keys()
        self._update_title()
        self.refresh_queue()
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_REFRESH_MS)
        self._status_timer.timeout.connect(self.refresh_status)
        self._status_timer.start()
        self.restore_window_state()

    # --- building ------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.connection_label = QLabel(self)
        self.connection_label.setAccessibleName("Connection")
        self.pending_label = QLabel(self)
        self.pending_label.setAccessibleName("Changes not yet sent")
        self.saved_label = QLabel(self)
        self.saved_label.setAccessibleName("Last saved")
        bar.addPermanentWidget(self.saved_label)
        bar.addPermanentWidget(self.pending_label)
        bar.addPermanentWidget(self.connection_label)
        bar.addPermanentWidget(self.sync_ui.status)
        # The sync item says how many changes wait and whether the portal is reachable.
        self.pending_label.setVisible(False)
        self.connection_label.setVisible(self.demo)
        self.refresh_status()

    def _action(
        self, text: str, keys: tuple[str, ...], slot: object, menu_name: str = ""
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        file_menu.addAction(
            self._action("&Import bundle file…", ("Ctrl+I",), self.import_bundle_dialog)
        )
        self.back_action = self._action("&Back to queue", ("Alt+Left", "Ctrl+W"), self.show_queue)
        file_menu.addAction(self.back_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", ("Ctrl+Q",), self.close))

        self.edit_menu = menus.addMenu("&Edit")
        self.undo_action = self._action("&Undo", ("Ctrl+Z",), self._undo)
        self.redo_action = self._action("&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), self._redo)
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)

        score_menu = menus.addMenu("&Scoring")
        score_menu.addAction(
            self._action("&Next detail", ("Ctrl+Down", "Ctrl+J"), lambda: self._step(1))
        )
        score_menu.addAction(
            self._action("&Previous detail", ("Ctrl+Up", "Ctrl+K"), lambda: self._step(-1))
        )
        score_menu.addAction(self._action("Next &unjudged", ("Ctrl+Return",), self._next_unjudged))
        score_menu.addSeparator()
        score_menu.addAction(self._action("&Write feedback", ("Ctrl+E",), self._focus_feedback))
        score_menu.addAction(self._action("Clear &level", ("Ctrl+Backspace",), self._clear_level))
        score_menu.addSeparator()
        score_menu.addAction(self._action("&Submit scores…", ("Ctrl+Shift+S",), self._submit))

        view_menu = menus.addMenu("&View")
        view_menu.addAction(self._action("Cycle &focus between panes", ("F6",), self._cycle_focus))
        view_menu.addAction(self._action("Focus &detail list", ("Ctrl+L",), self._focus_list))

        menus.addMenu(self.sync_ui.menu)
        self.addActions(self.sync_ui.actions())

        help_menu = menus.addMenu("&Help")
        help_menu.addAction(self._action("&Keyboard shortcuts", ("F1", "?"), self.show_shortcuts))
        help_menu.addAction(self._action("&About", (), self.show_about))
        self._update_actions()

    def _bind_scoring_keys(self) -> None:
        for i in range(9):
            shortcuts.bind(self, shortcuts.level_keys(i), lambda i=i: self._select_level(i))
            shortcuts.bind(self, shortcuts.citation_keys(i), lambda i=i: self._open_citation(i))

    # --- queue ---------------------------------------------------------------------------
    def refresh_queue(self, select: str | None = None) -> None:
        self.queue.set_submissions(self.workspace.submissions(), select=select)

    def show_queue(self) -> None:
        if self.scoring is not None:
            current = self.scoring.session.submission_id
            self._close_scoring()
            self.refresh_queue(select=current)
        self.pages.setCurrentWidget(self.queue)
        self.queue.setFocus()
        self._update_title()
        self._update_actions()

    def _sync_changed_work(self) -> None:
        self.refresh_queue()
        self.refresh_status()

    def _bundle_removed(self, submission_id: str) -> None:
        if self.scoring is not None and self.scoring.session.submission_id == submission_id:
            self.show_queue()

    def import_bundle_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import submission bundles", str(Path.home()), "Submission bundles (*.zip)"
        )
        if paths:
            self.import_bundles([Path(p) for p in paths])

    def import_bundles(self, paths: list[Path]) -> None:
        progress = QProgressDialog("Verifying and importing bundles…", "", 0, 0, self)
        progress.setWindowTitle("Import")
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def work() -> tuple[list[str], list[str]]:
            imported: list[str] = []
            failed: list[str] = []
            for path in paths:
                try:
                    imported.append(self.workspace.import_bundle(path))
                except Exception as exc:  # noqa: BLE001 - reported per file below
                    failed.append(f"{path.name}: {exc}")
            return imported, failed

        def done(result: tuple[list[str], list[str]]) -> None:
            progress.close()
            imported, failed = result
            self.refresh_queue(select=imported[-1] if imported else None)
            self.refresh_status()
            if failed:
                QMessageBox.warning(
                    self,
                    "Some bundles were not imported",
                    "Nothing from these files was kept:\n\n" + "\n".join(failed),
                )
            elif imported:
                self.statusBar().showMessage(f"Imported {len(imported)} submission(s)", 5000)

        def failed(message: str) -> None:
            progress.close()
            QMessageBox.warning(self, "Import failed", message)

        run_in_background(work, done, failed)

    # --- scoring -------------------------------------------------------------------------
    def open_submission(self, submission_id: str) -> None:
        from assessor_app.ui.scoring.scoring_view import ScoringView
        from assessor_app.ui.scoring.session import ScoringSession

        self._close_scoring()
        session = ScoringSession(self.workspace, submission_id)
        session.saved.connect(self._saved)
        session.error.connect(self._session_error)
        session.result_changed.connect(self._result_changed)
        session.undo_stack.canUndoChanged.connect(self._undo_state_changed)
        session.undo_stack.canRedoChanged.connect(self._undo_state_changed)
        self.scoring = ScoringView(session, self)
        session.setParent(self.scoring)  # the session lives and dies with its view
        self.scoring.restore_splitters(
            self.settings.value("scoring/readingSplitter"),
            self.settings.value("scoring/outerSplitter"),
        )
        self.pages.addWidget(self.scoring)
        self.pages.setCurrentWidget(self.scoring)
        self.scoring.rubric.focus_list()
        self._update_title()
        self._update_actions()

    def _close_scoring(self) -> None:
        if self.scoring is None:
            return
        reading, outer = self.scoring.splitter_state()
        self.settings.setValue("scoring/readingSplitter", reading)
        self.settings.setValue("scoring/outerSplitter", outer)
        session = self.scoring.session
        self.scoring.close_session()
        for signal in (session.undo_stack.canUndoChanged, session.undo_stack.canRedoChanged):
            signal.disconnect(self._undo_state_changed)
        session.result_changed.disconnect(self._result_changed)
        self.pages.removeWidget(self.scoring)
        self.scoring.deleteLater()
        self.scoring = None

    def _result_changed(self, _result: object) -> None:
        self.refresh_status()

    def _undo_state_changed(self, _available: bool) -> None:
        self._update_actions()

    def _session(self) -> ScoringSession | None:
        return self.scoring.session if self.scoring is not None else None

    def _undo(self) -> None:
        if (s := self._session()) is not None:
            s.flush_feedback()
            s.undo_stack.undo()

    def _redo(self) -> None:
        if (s := self._session()) is not None:
            s.undo_stack.redo()

    def _step(self, delta: int) -> None:
        if (s := self._session()) is not None:
            s.step_target(delta)

    def _next_unjudged(self) -> None:
        if (s := self._session()) is not None:
            s.next_unjudged()

    def _select_level(self, index: int) -> None:
        if self.scoring is not None:
            self.scoring.rubric.select_level(index)

    def _open_citation(self, index: int) -> None:
        if self.scoring is not None:
            self.scoring.rubric.open_citation(index)

    def _focus_feedback(self) -> None:
        if self.scoring is not None:
            self.scoring.rubric.focus_feedback()

    def _focus_list(self) -> None:
        if self.scoring is not None:
            self.scoring.rubric.focus_list()

    def _clear_level(self) -> None:
        if (s := self._session()) is not None:
            s.clear_level(s.current_target)

    def _submit(self) -> None:
        if self.scoring is not None:
            self.scoring.rubric.submit()

    def _cycle_focus(self) -> None:
        if self.scoring is not None:
            self.scoring.cycle_focus()

    # --- status, title, dialogs ----------------------------------------------------------
    def _saved(self, message: str) -> None:
        self.saved_label.setText(message)
        self.refresh_status()

    def _session_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)

    def refresh_status(self) -> None:
        pending = self.workspace.pending_changes()
        self.pending_label.setText(
            "Nothing waiting to sync"
            if pending == 0
            else f"{pending} change{'s' if pending != 1 else ''} waiting to sync"
        )
        self.connection_label.setText("Demo portal on this computer" if self.demo else "")
        self.sync_ui.controller.refresh_overview()

    def _update_title(self) -> None:
        if self.scoring is not None:
            self.setWindowTitle(f"{self.scoring.session.submission_id} — {APP_NAME}")
        else:
            self.setWindowTitle(APP_NAME + (" (demo)" if self.demo else ""))

    def _update_actions(self) -> None:
        session = self._session()
        self.back_action.setEnabled(session is not None)
        self.undo_action.setEnabled(session is not None and session.undo_stack.canUndo())
        self.redo_action.setEnabled(session is not None and session.undo_stack.canRedo())

    def show_shortcuts(self) -> None:
        shortcuts.ShortcutSheet(self).exec()

    def show_about(self) -> None:
        import pymupdf
        from PySide6.QtCore import qVersion

        from assessor_app.ui.viewers.vlc_runtime import libvlc_version

        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Blind, offline scoring of micro-credential submissions.</p>"
            f"<p>Qt {qVersion()} · MuPDF {pymupdf.version[1]} · "
            f"libVLC {libvlc_version() or 'not found'}</p>",
        )

    def sync_on_start(self) -> None:
        """Sync once right after start-up when signed in (offline, it just says so)."""
        if self.workspace.sync_state() is not None:
            QTimer.singleShot(0, self.sync_ui.sync_now)

    # --- persistence ---------------------------------------------------------------------
    def restore_window_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.sync_ui.shutdown()
        self._close_scoring()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)
