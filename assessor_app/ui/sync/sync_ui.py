"""Sync's pieces put together for the main window: the controller, the status-bar item, the
"Sync" menu (Sync now F5, Sign in, Conflicts, Not accepted, the panel) and the dialogs, opened
on demand. The window adds ``status`` to its status bar and ``menu`` to its menu bar, and
listens to ``queue_changed`` (refresh the queue) and ``bundle_removed(submission_id)``."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QWidget

from assessor_app.sync.engine import SyncReport
from assessor_app.sync.session import SignedIn
from assessor_app.ui.sync.conflicts_dialog import ConflictsDialog
from assessor_app.ui.sync.not_accepted_dialog import NotAcceptedDialog
from assessor_app.ui.sync.revoked_list import Confirm, ask
from assessor_app.ui.sync.sign_in_dialog import SignInDialog
from assessor_app.ui.sync.sync_controller import DEFAULT_INTERVAL_MS, SyncController
from assessor_app.ui.sync.sync_panel import SyncPanel
from assessor_app.ui.sync.sync_status import SyncStatusButton
from assessor_app.workspace import SyncOverview, Workspace


def _show(dialog: QDialog) -> None:
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()


class SyncUi(QObject):
    queue_changed = Signal()  # submissions or their statuses may have changed
    bundle_removed = Signal(str)  # a withdrawn submission's files were removed

    def __init__(
        self,
        workspace: Workspace,
        window: QWidget,
        *,
        interval_ms: int = DEFAULT_INTERVAL_MS,
        confirm: Confirm = ask,
    ) -> None:
        super().__init__(window)
        self.workspace = workspace
        self.window = window
        self.confirm = confirm
        self.controller = SyncController(workspace, interval_ms=interval_ms, parent=self)
        self.status = SyncStatusButton(self.controller, window)
        self.status.open_requested.connect(self.show_panel)
        self.panel: SyncPanel | None = None
        self.sign_in_dialog: SignInDialog | None = None
        self.conflicts_dialog: ConflictsDialog | None = None
        self.not_accepted_dialog: NotAcceptedDialog | None = None

        self.sync_action = self._action("&Sync now", "F5", self.sync_now)
        self.sign_in_action = self._action("Sign &in to a portal…", "", self.show_sign_in)
        self.conflicts_action = self._action("&Conflicts…", "", self.show_conflicts)
        self.not_accepted_action = self._action("&Not accepted…", "", self.show_not_accepted)
        self.panel_action = self._action("Sync &status…", "", self.show_panel)
        self.menu = QMenu("S&ync", window)
        self.menu.addAction(self.sync_action)
        self.menu.addSeparator()
        self.menu.addAction(self.conflicts_action)
        self.menu.addAction(self.not_accepted_action)
        self.menu.addAction(self.panel_action)
        self.menu.addSeparator()
        self.menu.addAction(self.sign_in_action)

        self.controller.finished.connect(self._synced)
        self.controller.state_changed.connect(self._update_actions)
        self.controller.overview_changed.connect(self._update_actions)
        self._update_actions()

    def actions(self) -> list[QAction]:
        """The menu's actions, for the window to register (so F5 works anywhere in it)."""
        return [
            self.sync_action,
            self.sign_in_action,
            self.conflicts_action,
            self.not_accepted_action,
            self.panel_action,
        ]

    def _action(self, text: str, key: str, slot: object) -> QAction:
        action = QAction(text, self.window)
        if key:
            action.setShortcut(QKeySequence(key))
        action.triggered.connect(slot)
        return action

    # -- opening things -------------------------------------------------------------------------
    def sync_now(self) -> None:
        """F5: sync; when nobody is signed in, ask to sign in; while syncing, show the panel."""
        if self.controller.running:
            self.show_panel()
        elif not self.controller.refresh_overview().signed_in:
            self.show_sign_in()
        else:
            self.controller.sync_now()

    def show_panel(self) -> SyncPanel:
        if self.panel is None:
            self.panel = SyncPanel(
                self.controller, self.workspace, self.window, confirm=self.confirm
            )
            self.panel.sign_in_requested.connect(self.show_sign_in)
            self.panel.conflicts_requested.connect(self.show_conflicts)
            self.panel.not_accepted_requested.connect(self.show_not_accepted)
            self.panel.revocation_acknowledged.connect(self._revocation_acknowledged)
        self.controller.refresh_overview()
        self.panel.refresh()
        _show(self.panel)
        return self.panel

    def show_sign_in(self) -> SignInDialog:
        if self.sign_in_dialog is not None and self.sign_in_dialog.busy:
            _show(self.sign_in_dialog)
            return self.sign_in_dialog
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.deleteLater()  # a fresh form: nothing typed before lingers
        dialog = SignInDialog(self.workspace, self.window)
        dialog.signed_in.connect(self._signed_in)
        self.sign_in_dialog = dialog
        dialog.open()
        return dialog

    def show_conflicts(self) -> ConflictsDialog:
        if self.conflicts_dialog is None:
            self.conflicts_dialog = ConflictsDialog(self.workspace, self.window)
            self.conflicts_dialog.resolved.connect(self._conflict_resolved)
        else:
            self.conflicts_dialog.refresh()
        _show(self.conflicts_dialog)
        return self.conflicts_dialog

    def show_not_accepted(self) -> NotAcceptedDialog:
        if self.not_accepted_dialog is None:
            self.not_accepted_dialog = NotAcceptedDialog(self.workspace, self.window)
        else:
            self.not_accepted_dialog.refresh()
        _show(self.not_accepted_dialog)
        return self.not_accepted_dialog

    # -- reacting ---------------------------------------------------------------------------------
    def _signed_in(self, _result: SignedIn) -> None:
        self.controller.signed_in()
        self.controller.sync_now()  # bring the assignments in right away

    def _synced(self, report: SyncReport) -> None:
        if report.downloaded or report.applied or report.sent:
            self.queue_changed.emit()
        for dialog in (self.conflicts_dialog, self.not_accepted_dialog):
            if dialog is not None and dialog.isVisible():
                dialog.refresh()

    def _conflict_resolved(self, _submission_id: str) -> None:
        self.controller.refresh_overview()
        self.queue_changed.emit()

    def _revocation_acknowledged(self, submission_id: str) -> None:
        self.bundle_removed.emit(submission_id)
        self.queue_changed.emit()

    def _update_actions(self, *_args: object) -> None:
        overview: SyncOverview = self.controller.overview
        self.conflicts_action.setEnabled(overview.conflicts > 0)
        self.not_accepted_action.setEnabled(overview.not_accepted > 0)

    def shutdown(self) -> None:
        """Cancel a running sync and wait briefly (the window is closing)."""
        self.controller.shutdown()
        for dialog in (
            self.panel,
            self.sign_in_dialog,
            self.conflicts_dialog,
            self.not_accepted_dialog,
        ):
            if dialog is not None:
                dialog.close()
