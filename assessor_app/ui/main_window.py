"""The main window: the queue, and the scoring view of the submission being worked on.

The window title only ever shows the opaque submission code. Geometry and splitter state
persist between runs; the status bar says where the work is (on this computer, how many
changes have not reached the portal yet) and when it was last saved.

The window can exist before its workspace does. The app shows it as an empty shell
("Opening workspace…"), and :meth:`MainWindow.open_workspace` opens the workspace on a worker
once the shell has painted, then :meth:`MainWindow.attach_workspace` fills it in: queue, sync
(its menu, status item and timer), status bar. Given a workspace at construction, it is
attached at once (tests and tools do this). On a first run the welcome page comes first
(:mod:`assessor_app.ui.welcome`).
"""

from __future__ import annotations

import importlib
import logging
import weakref
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QStackedWidget,
    QWidget,
)

from assessor_app import APP_NAME
from assessor_app.errors import BundleMissingError
from assessor_app.logging_setup import protect, protect_submission
from assessor_app.settings import LoadedSettings, Settings, SettingsStore, settings_path
from assessor_app.ui import shortcuts
from assessor_app.ui.app import apply_font_size
from assessor_app.ui.queue_view import QueueView
from assessor_app.ui.tasks import run_in_background
from assessor_app.ui.welcome.first_run import DemoHandle, FirstRun

if TYPE_CHECKING:  # loaded when needed: SQLAlchemy, httpx, PyMuPDF and libVLC come with these
    from assessor_app.purge import PurgeReport
    from assessor_app.ui.lead.lead_ui import LeadUi
    from assessor_app.ui.scoring.scoring_view import ScoringView
    from assessor_app.ui.scoring.session import ScoringSession
    from assessor_app.ui.sync.sync_ui import SyncUi
    from assessor_app.ui.welcome.welcome_page import WelcomePage
    from assessor_app.workspace import Workspace

log = logging.getLogger(__name__)

STATUS_REFRESH_MS = 5000
FIRST_PAINT_FALLBACK_MS = 1500  # open the workspace even if no paint event ever comes
OPENING_TEXT = "Opening workspace…"
PURGED_NOTE = "files removed (synced)"
WAIT_FOR_WORKERS_MS = 30_000


def _in_memory_settings() -> SettingsStore:
    """Settings for a window made without the app's (tests, tools): defaults, never saved."""
    return SettingsStore(
        LoadedSettings(Settings(welcome_done=True), settings_path(), writable=False)
    )


def _warm_imports() -> None:
    """On the opening worker: what attaching needs, so the GUI thread does not wait for it."""
    for name in ("assessor_app.sync.engine", "assessor_app.sync.session"):  # httpx, keyring
        importlib.import_module(name)


def _purge_quietly(workspace: Workspace, days: int, keep: frozenset[str]) -> PurgeReport | None:
    from assessor_app.purge import purge_synced_bundles

    try:
        return purge_synced_bundles(workspace, days, keep=keep)
    except Exception:  # a purge that fails must not stop the work: it runs again later
        log.exception("removing the files of synced submissions failed")
        return None


def _purged(workspace: Workspace) -> set[str]:
    from assessor_app.purge import purged_ids

    return purged_ids(workspace)


class MainWindow(QMainWindow):
    workspace_attached = Signal()
    open_failed = Signal(str)  # the workspace could not be opened; the message says why

    def __init__(
        self,
        workspace: Workspace | None,
        settings: QSettings,
        *,
        demo: bool = False,
        app_settings: SettingsStore | None = None,
        demo_starter: Callable[[], DemoHandle] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self.settings = settings
        self.app_settings = app_settings or _in_memory_settings()
        self.demo = demo
        self.demo_starter = demo_starter
        self.scoring: ScoringView | None = None
        self.sync_ui: SyncUi | None = None
        self.lead_ui: LeadUi | None = None
        self.actions_by_id: dict[str, QAction] = {}
        self._default_keys: dict[str, tuple[str, ...]] = {}
        self._owns_workspace = False
        self._pending_open: list[Workspace] = []
        self._purged: set[str] = set()
        self._painted = False
        self._after_paint: list[Callable[[], None]] = []
        self.closing = False
        self.first_run = FirstRun(self)
        self.setObjectName("mainWindow")
        self.setAccessibleName(APP_NAME)

        self.queue = QueueView(self)
        self.queue.open_requested.connect(self.open_submission)
        self.queue.import_requested.connect(self.import_bundle_dialog)
        self.opening_page = QLabel(OPENING_TEXT, self)
        self.opening_page.setObjectName("openingPage")
        self.opening_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.opening_page.setWordWrap(True)
        self.opening_page.setAccessibleName("Workspace status")
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.opening_page)
        self.pages.addWidget(self.queue)
        self.setCentralWidget(self.pages)

        self._build_status_bar()
        self._build_menus()
        self._bind_scoring_keys()
        self.apply_shortcut_overrides(self.app_settings.settings.shortcuts)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_REFRESH_MS)
        self._status_timer.timeout.connect(self.refresh_status)
        self.installEventFilter(self)
        self.restore_window_state()
        if workspace is not None:
            self.attach_workspace(workspace)
        else:
            self._update_title()
            self._update_actions()

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
        # The sync item (added with the workspace) says how many changes wait and whether
        # the portal is reachable.
        self.pending_label.setVisible(False)
        self.connection_label.setVisible(self.demo)

    def _action(
        self, action_id: str, text: str, keys: tuple[str, ...], slot: Callable[[], object]
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(action_id)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.triggered.connect(slot)
        self.addAction(action)
        self.actions_by_id[action_id] = action
        self._default_keys[action_id] = keys
        return action

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        self.import_action = self._action(
            "import_bundle", "&Import bundle file…", ("Ctrl+I",), self.import_bundle_dialog
        )
        file_menu.addAction(self.import_action)
        self.back_action = self._action(
            "back_to_queue", "&Back to queue", ("Alt+Left", "Ctrl+W"), self.show_queue
        )
        file_menu.addAction(self.back_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action("quit", "&Quit", ("Ctrl+Q",), self.close))

        self.edit_menu = menus.addMenu("&Edit")
        self.undo_action = self._action("undo", "&Undo", ("Ctrl+Z",), self._undo)
        self.redo_action = self._action("redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), self._redo)
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.edit_menu.addSeparator()
        self.preferences_action = self._action(
            "preferences", "&Preferences…", ("Ctrl+,",), self.show_preferences
        )
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.edit_menu.addAction(self.preferences_action)

        score_menu = self.score_menu = menus.addMenu("&Scoring")
        for action_id, text, keys, slot in (
            ("next_detail", "&Next detail", ("Ctrl+Down", "Ctrl+J"), lambda: self._step(1)),
            ("previous_detail", "&Previous detail", ("Ctrl+Up", "Ctrl+K"), lambda: self._step(-1)),
            ("next_unjudged", "Next &unjudged", ("Ctrl+Return",), self._next_unjudged),
        ):
            score_menu.addAction(self._action(action_id, text, keys, slot))
        score_menu.addSeparator()
        score_menu.addAction(
            self._action("write_feedback", "&Write feedback", ("Ctrl+E",), self._focus_feedback)
        )
        score_menu.addAction(
            self._action("clear_level", "Clear &level", ("Ctrl+Backspace",), self._clear_level)
        )
        score_menu.addSeparator()
        score_menu.addAction(
            self._action("submit", "&Submit scores…", ("Ctrl+Shift+S",), self._submit)
        )

        view_menu = menus.addMenu("&View")
        view_menu.addAction(
            self._action("cycle_focus", "Cycle &focus between panes", ("F6",), self._cycle_focus)
        )
        view_menu.addAction(
            self._action("focus_list", "Focus &detail list", ("Ctrl+L",), self._focus_list)
        )

        # The Sync menu goes in before Help when the workspace is attached; so does the
        # lead's menu (issue #5), with insert_menu().
        self.help_menu = menus.addMenu("&Help")
        self.help_menu.addAction(self._action("user_guide", "&User guide", (), self.show_guide))
        self.help_menu.addAction(
            self._action("shortcut_sheet", "&Keyboard shortcuts", ("F1", "?"), self.show_shortcuts)
        )
        self.help_menu.addSeparator()
        self.help_menu.addAction(
            self._action("open_log_folder", "Open &log folder", (), self.open_log_folder)
        )
        self.help_menu.addAction(self._action("about", "&About", (), self.show_about))

    def insert_menu(self, menu: QMenu) -> None:
        """Add ``menu`` to the menu bar just before Help."""
        self.menuBar().insertMenu(self.help_menu.menuAction(), menu)

    def _bind_scoring_keys(self) -> None:
        for i in range(9):
            shortcuts.bind(self, shortcuts.level_keys(i), partial(self._select_level, i))
            shortcuts.bind(self, shortcuts.citation_keys(i), partial(self._open_citation, i))

    # --- shortcuts the person changed ----------------------------------------------------
    def shortcut_actions(self) -> list[tuple[str, str, tuple[str, ...]]]:
        """(action id, menu text without "&", default keys) of every action whose keys the
        person may change in Preferences."""
        return [
            (action_id, action.text().replace("&", ""), self._default_keys[action_id])
            for action_id, action in self.actions_by_id.items()
        ]

    def apply_shortcut_overrides(self, overrides: dict[str, str] | object) -> None:
        chosen = dict(overrides) if isinstance(overrides, dict) else {}
        for action_id, action in self.actions_by_id.items():
            keys = chosen.get(action_id)
            if keys is None:
                action.setShortcuts([QKeySequence(k) for k in self._default_keys[action_id]])
            else:
                action.setShortcuts([QKeySequence(keys)] if keys else [])

    # --- the workspace -------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._run_after_paint)
        return super().eventFilter(watched, event)

    def _run_after_paint(self) -> None:
        waiting, self._after_paint = self._after_paint, []
        for action in waiting:
            action()

    def after_first_paint(self, action: Callable[[], None]) -> None:
        """Run ``action`` once the window has painted (at once when it already has)."""
        if self._painted:
            QTimer.singleShot(0, action)
            return
        self._after_paint.append(action)
        QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, self._run_after_paint)

    def open_workspace(
        self,
        data_dir: Path,
        *,
        sync_on_start: bool = False,
        welcome: bool = False,
        demo: bool | None = None,
    ) -> None:
        """Open the workspace in ``data_dir`` on a worker, after the first paint, and attach
        it. Emits ``open_failed(message)`` when it cannot be opened."""
        self.pages.setCurrentWidget(self.opening_page)
        self.opening_page.setText(OPENING_TEXT)
        self.statusBar().showMessage(OPENING_TEXT)
        days = self.app_settings.settings.purge_after_days
        pending = self._pending_open

        def work() -> tuple[Workspace, PurgeReport | None, set[str]]:
            from assessor_app.workspace import Workspace

            workspace = Workspace.open(data_dir)
            pending.append(workspace)
            _warm_imports()
            report = _purge_quietly(workspace, days, frozenset())
            return workspace, report, _purged(workspace)

        def done(result: tuple[Workspace, PurgeReport | None, set[str]]) -> None:
            workspace, report, purged = result
            if workspace in pending:
                pending.remove(workspace)
            if self.closing:
                workspace.close()
                return
            self.attach_workspace(workspace, owned=True, demo=demo, purged=purged)
            self._report_purge(report)
            if welcome and self.first_run.needed():
                self.first_run.show()
            elif sync_on_start:
                self.sync_on_start()
            if self.app_settings.problem:
                self.notify("Settings", self.app_settings.problem)
                self.app_settings.problem = None

        def failed(message: str) -> None:
            self.statusBar().clearMessage()
            self.opening_page.setText(f"The workspace cannot be opened.\n\n{message}")
            log.error("the workspace in %s cannot be opened: %s", data_dir, message)
            self.open_failed.emit(message)

        self.after_first_paint(lambda: run_in_background(work, done, failed))

    def attach_workspace(
        self,
        workspace: Workspace,
        *,
        owned: bool = False,
        demo: bool | None = None,
        purged: set[str] | None = None,
    ) -> None:
        """Show ``workspace`` in this window: queue, sync menu and status, timers. ``owned``:
        the window closes it at the end (it opened it); ``purged``: the submissions whose
        files were removed (read here when not given)."""
        from assessor_app.ui.sync.sync_ui import SyncUi

        self.workspace = workspace
        self._purged = _purged(workspace) if purged is None else purged
        self._owns_workspace = owned
        if demo is not None:
            self.demo = demo
        self.connection_label.setVisible(self.demo)
        self.sync_ui = SyncUi(
            workspace, self, interval_ms=self.app_settings.settings.sync_interval_ms
        )
        self.sync_ui.queue_changed.connect(self._sync_changed_work)
        self.sync_ui.bundle_removed.connect(self._bundle_removed)
        self.sync_ui.controller.finished.connect(self._purge_after_sync)
        self.statusBar().addPermanentWidget(self.sync_ui.status)
        self.sync_ui.status.show()
        self.insert_menu(self.sync_ui.menu)
        self.addActions(self.sync_ui.actions())
        self.actions_by_id["sync_now"] = self.sync_ui.sync_action
        self._default_keys["sync_now"] = ("F5",)
        self.apply_shortcut_overrides(self.app_settings.settings.shortcuts)
        self._attach_lead_ui(workspace)
        self.statusBar().clearMessage()
        self.pages.setCurrentWidget(self.queue)
        self.refresh_queue()
        self.refresh_status()
        self._status_timer.start()
        self._update_title()
        self._update_actions()
        self.queue.setFocus()
        self.workspace_attached.emit()

    def _attach_lead_ui(self, workspace: Workspace) -> None:
        """The lead's menu, the reconcile view and "Report identity exposed…" (see
        :mod:`assessor_app.ui.lead.lead_ui` for the contract)."""
        from assessor_app.ui.lead.lead_ui import LeadUi

        window = weakref.ref(self)  # no reference cycle: a closed window must be freed

        def current_view() -> QWidget | None:
            me = window()
            return None if me is None else me.scoring

        self.lead_ui = LeadUi(
            workspace,
            self,
            settings=self.settings,
            current_view=current_view,
            selected_submission=self.queue.selected_id,
        )
        self.lead_ui.queue_changed.connect(self.refresh_queue)
        if self.sync_ui is not None:
            self.sync_ui.queue_changed.connect(self.lead_ui.refresh)
        self._lead_separator = self.score_menu.addSeparator()
        self.score_menu.addAction(self.lead_ui.report_identity_action)
        self.insert_menu(self.lead_ui.menu)
        self.addActions(self.lead_ui.actions())

    def _detach_lead_ui(self) -> None:
        if self.lead_ui is None:
            return
        lead_ui, self.lead_ui = self.lead_ui, None
        lead_ui.close_dialogs()
        self.menuBar().removeAction(lead_ui.menu.menuAction())
        self.score_menu.removeAction(lead_ui.report_identity_action)
        self.score_menu.removeAction(self._lead_separator)
        for action in lead_ui.actions():
            self.removeAction(action)
        lead_ui.deleteLater()

    def detach_workspace(self) -> None:
        """Take the workspace out of the window (closing it when the window opened it)."""
        self._close_scoring()
        self._status_timer.stop()
        self._detach_lead_ui()
        if self.sync_ui is not None:
            sync_ui, self.sync_ui = self.sync_ui, None
            sync_ui.shutdown()
            self.menuBar().removeAction(sync_ui.menu.menuAction())
            for action in sync_ui.actions():
                self.removeAction(action)
            self.actions_by_id.pop("sync_now", None)
            self.statusBar().removeWidget(sync_ui.status)
            sync_ui.status.deleteLater()
            sync_ui.deleteLater()
        workspace, self.workspace = self.workspace, None
        if workspace is not None and self._owns_workspace:
            workspace.close()
        self._owns_workspace = False
        self._purged = set()
        self.queue.set_submissions([])

    def _release(self) -> None:
        """Wait for workers, then close the workspaces this window opened (the workspace
        lock is released for the next window or copy of the app)."""
        self.closing = True
        if self.sync_ui is not None:
            self.sync_ui.shutdown()
        QThreadPool.globalInstance().waitForDone(WAIT_FOR_WORKERS_MS)
        for workspace in list(self._pending_open):
            workspace.close()
        self._pending_open.clear()
        if self.workspace is not None and self._owns_workspace:
            self.workspace.close()

    def finish(self) -> None:
        """After the event loop: what closing left (a workspace still opening), and stop a
        demo this window started."""
        self._release()
        self.first_run.stop_demo()

    # --- first run (assessor_app.ui.welcome.first_run) ------------------------------------
    @property
    def welcome(self) -> WelcomePage | None:
        """The welcome page while it is shown."""
        return self.first_run.page

    def show_welcome(self) -> WelcomePage:
        return self.first_run.show()

    def start_demo(self) -> None:
        """ "Try the demo": switch this window to the built-in demo."""
        self.first_run.start_demo()

    # --- queue ---------------------------------------------------------------------------
    def refresh_queue(self, select: str | None = None) -> None:
        if self.workspace is None:
            return
        notes = {sid: PURGED_NOTE for sid in self._purged}
        self.queue.set_submissions(self.workspace.submissions(), select=select, notes=notes)

    def show_queue(self) -> None:
        if self.scoring is not None:
            current = self.scoring.session.submission_id
            self._close_scoring()
            self.refresh_queue(select=current)
        if self.workspace is not None and self.pages.currentWidget() is not self.welcome:
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

    def ask_bundle_paths(self) -> list[Path]:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import submission bundles", str(Path.home()), "Submission bundles (*.zip)"
        )
        return [Path(p) for p in paths]

    def import_bundle_dialog(self) -> None:
        if self.workspace is None:
            return
        paths = self.ask_bundle_paths()
        if paths:
            self.import_bundles(paths)

    def import_bundles(self, paths: list[Path]) -> None:
        workspace = self.workspace
        if workspace is None:
            return
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
                    imported.append(workspace.import_bundle(path))
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

    # --- removing the files of finished work ---------------------------------------------
    def _purge_after_sync(self, _report: object) -> None:
        workspace = self.workspace
        days = self.app_settings.settings.purge_after_days
        if workspace is None:
            return
        keep = frozenset({self.scoring.session.submission_id} if self.scoring else ())

        def work() -> tuple[PurgeReport | None, set[str]]:
            return _purge_quietly(workspace, days, keep), _purged(workspace)

        def done(result: tuple[PurgeReport | None, set[str]]) -> None:
            if self.workspace is not workspace:
                return
            report, purged = result
            changed = purged != self._purged
            self._purged = purged
            if changed:
                self.refresh_queue()
            self._report_purge(report)

        run_in_background(work, done, lambda message: log.warning("purge: %s", message))

    def _report_purge(self, report: PurgeReport | None) -> None:
        if report is None:
            return
        from assessor_app.purge import describe

        text = describe(report)
        if text:
            self.statusBar().showMessage(text, 15_000)

    # --- scoring -------------------------------------------------------------------------
    def open_submission(self, submission_id: str) -> None:
        from assessor_app.ui.scoring.scoring_view import ScoringView
        from assessor_app.ui.scoring.session import ScoringSession

        if self.workspace is None:
            return
        self._close_scoring()
        try:
            session = ScoringSession(self.workspace, submission_id)
        except BundleMissingError as exc:
            self._explain_missing_files(submission_id, str(exc))
            return
        protect_submission(session.manifest)
        protect(self._feedback_of(session, t) for t in session.rubric.target_ids())
        session.judgment_changed.connect(
            lambda target, s=session: protect([self._feedback_of(s, target)])
        )
        session.saved.connect(self._saved)
        session.error.connect(self._session_error)
        session.result_changed.connect(self._result_changed)
        session.undo_stack.canUndoChanged.connect(self._undo_state_changed)
        session.undo_stack.canRedoChanged.connect(self._undo_state_changed)
        self.scoring = (
            self.lead_ui.view_for(session)
            if self.lead_ui is not None
            else ScoringView(session, self)
        )
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

    @staticmethod
    def _feedback_of(session: ScoringSession, target_id: str) -> str:
        state = session.state(target_id)
        return "\n".join(text for text in (state.comment, getattr(state, "rationale", "")) if text)

    def _explain_missing_files(self, submission_id: str, message: str) -> None:
        if submission_id in self._purged:
            text = (
                f"The files of {submission_id} were removed from this computer to save space: "
                "it was submitted and the portal has had every judgment for more than "
                f"{self.app_settings.settings.purge_after_days} days. Your judgments and "
                "feedback are kept, here and on the portal."
            )
        else:
            text = message
        QMessageBox.information(self, f"{submission_id}: files not on this computer", text)

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

    def notify(self, title: str, text: str) -> QMessageBox:
        """A message that does not stop the window (closes with OK)."""
        box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def refresh_status(self) -> None:
        if self.workspace is None or self.workspace.closed:
            # Closed under the window (by its owner): stop polling it.
            self._status_timer.stop()
            return
        pending = self.workspace.pending_changes()
        self.pending_label.setText(
            "Nothing waiting to sync"
            if pending == 0
            else f"{pending} change{'s' if pending != 1 else ''} waiting to sync"
        )
        self.connection_label.setText("Demo portal on this computer" if self.demo else "")
        if self.sync_ui is not None:
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
        self.import_action.setEnabled(self.workspace is not None)
        if self.lead_ui is not None:
            self.lead_ui.update_actions()

    def show_shortcuts(self) -> None:
        shortcuts.ShortcutSheet(self).exec()

    def show_guide(self) -> None:
        from assessor_app.ui.help.user_guide import UserGuideDialog

        dialog = UserGuideDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def open_log_folder(self) -> None:
        from assessor_app.logging_setup import current_log_file, log_dir

        current = current_log_file()
        folder = current.parent if current is not None else log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.notify("Log folder", f"The log files are in {folder}.")

    def show_about(self) -> None:
        from assessor_app.ui.help.about import show_about

        show_about(self)

    def show_preferences(self) -> None:
        from assessor_app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.app_settings, self.shortcut_actions(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.applied.connect(self.apply_settings)
        dialog.open()

    def apply_settings(self, new: Settings, old: Settings) -> None:
        """Put changed preferences into effect (data folder and video output: next start)."""
        if new.font_size != old.font_size:
            apply_font_size(new.font_size)
        if new.sync_interval_minutes != old.sync_interval_minutes and self.sync_ui is not None:
            self.sync_ui.controller.set_interval(new.sync_interval_ms)
        if dict(new.shortcuts) != dict(old.shortcuts):
            self.apply_shortcut_overrides(new.shortcuts)

    def sync_on_start(self) -> None:
        """Sync once right after start-up when signed in (offline, it just says so)."""
        if self.workspace is None:
            self.workspace_attached.connect(
                self.sync_on_start, Qt.ConnectionType.SingleShotConnection
            )
            return
        if self.workspace.sync_state() is not None and self.sync_ui is not None:
            QTimer.singleShot(0, self.sync_ui.sync_now)

    # --- persistence ---------------------------------------------------------------------
    def restore_window_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing = True
        self._status_timer.stop()
        if self.sync_ui is not None:
            self.sync_ui.shutdown()
        self._close_scoring()
        if self.lead_ui is not None:
            self.lead_ui.close_dialogs()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)
        self._release()
