"""The lead assessor's pieces put together for the main window: the "Lead" menu (Agreement
dashboard…, Identity reports…, Export ▸ feedback report / Open Badges result / results CSV),
the "Report identity exposed…" action for an assessor's scoring view, and the view that
shows a submission (:meth:`LeadUi.view_for`: a :class:`ReconcileView` where this person is
the lead, else the ordinary :class:`ScoringView`). Dialogs are created on demand.

Install contract (what the main window adds):

1. ``self.lead_ui = LeadUi(workspace, self, settings=self.settings,
   current_view=lambda: self.scoring, selected_submission=self.queue.selected_id)``
2. ``menus.addMenu(self.lead_ui.menu)`` and ``self.addActions(self.lead_ui.actions())``;
   ``score_menu.addAction(self.lead_ui.report_identity_action)`` in the Scoring menu.
3. In ``open_submission``: ``self.scoring = self.lead_ui.view_for(session)`` instead of
   ``ScoringView(session, self)`` (then ``setParent``/``addWidget`` as before). A
   :class:`ReconcileView` offers everything the window uses of a scoring view.
4. ``self.lead_ui.queue_changed.connect(self.refresh_queue)`` and
   ``self.sync_ui.queue_changed.connect(self.lead_ui.refresh)`` (a sync may release scores,
   withdraw a release or bring identity reports; the open reconcile view and any open
   dialog read them again).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox, QWidget

from assessor_app.domain.model import Manifest
from assessor_app.errors import AssessorError
from assessor_app.results.final import FinalResult
from assessor_app.ui.lead import results_export as export
from assessor_app.ui.lead.agreement_dashboard import AgreementDashboard
from assessor_app.ui.lead.identity_dialogs import (
    AssessorNames,
    IdentityReportsDialog,
    ReportIdentityDialog,
    portal_assessor_names,
    where_text,
)
from assessor_app.ui.lead.results_export import ChoosePath, Issuer, IssuerDialog
from assessor_app.ui.scoring.session import ScoringSession
from assessor_app.ui.scoring.submit_flow import Inform
from assessor_app.workspace import SubmissionStatus, Workspace

ROLE_LEAD = "lead"
_RECONCILE_MODULE = "assessor_app.ui.lead.reconcile_view"


def _is_reconcile_view(view: object) -> bool:
    """Whether ``view`` is a ReconcileView, without importing that module (it brings the
    viewers and PyMuPDF, ~1 s, which the queue must not wait for): until it is imported,
    no view can be one."""
    module = sys.modules.get(_RECONCILE_MODULE)
    return module is not None and isinstance(view, module.ReconcileView)


def _show(dialog: QDialog) -> None:
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()


class LeadUi(QObject):
    queue_changed = Signal()  # a report, reassignment or export changed what the queue shows
    exported = Signal(object)  # Path of a file written

    def __init__(
        self,
        workspace: Workspace,
        window: QWidget,
        *,
        settings: QSettings | None = None,
        current_view: Callable[[], QWidget | None] = lambda: None,
        selected_submission: Callable[[], str | None] = lambda: None,
        assessor_names: AssessorNames | None = None,
        choose_path: ChoosePath | None = None,
        inform: Inform | None = None,
        ask_issuer: Callable[[Issuer], Issuer | None] | None = None,
    ) -> None:
        super().__init__(window)
        self.workspace = workspace
        self.window = window
        self.settings = settings
        self.current_view = current_view
        self.selected_submission = selected_submission
        # GET /api/v1/assessors through the signed-in portal client, unless given.
        self.assessor_names = assessor_names or portal_assessor_names(workspace)
        self.choose_path = choose_path or export.ask_save_path(window)
        self.inform = inform or self._message_box
        self.ask_issuer = ask_issuer or self._issuer_dialog
        self.dashboard: AgreementDashboard | None = None
        self.reports_dialog: IdentityReportsDialog | None = None

        self.dashboard_action = self._action("&Agreement dashboard…", self.show_dashboard)
        self.reports_action = self._action("&Identity reports…", self.show_reports)
        self.export_report_action = self._action(
            "Export feedback &report (PDF)…", self.export_report
        )
        self.export_badge_action = self._action(
            "Export Open &Badges result (JSON)…", self.export_badge
        )
        self.export_csv_action = self._action("Export results (&CSV)…", self.export_csv)
        self.report_identity_action = self._action(
            "Report identity e&xposed…", self.report_identity
        )
        self.report_identity_action.setToolTip(
            "Tell the lead that this submission shows who the candidate is"
        )

        self.menu = QMenu("&Lead", window)
        self.menu.addAction(self.dashboard_action)
        self.menu.addAction(self.reports_action)
        self.menu.addSeparator()
        self.export_menu = self.menu.addMenu("&Export")
        self.export_menu.addAction(self.export_report_action)
        self.export_menu.addAction(self.export_badge_action)
        self.export_menu.addSeparator()
        self.export_menu.addAction(self.export_csv_action)
        self.menu.aboutToShow.connect(self.update_actions)
        self.export_menu.aboutToShow.connect(self.update_actions)
        self.update_actions()

    def actions(self) -> list[QAction]:
        """Every action, for the window to register (keyboard access anywhere in it)."""
        return [
            self.dashboard_action,
            self.reports_action,
            self.export_report_action,
            self.export_badge_action,
            self.export_csv_action,
            self.report_identity_action,
        ]

    def _action(self, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    # --- the view of a submission ---------------------------------------------------------
    def view_for(self, session: ScoringSession) -> QWidget:
        """A :class:`ReconcileView` for a submission this person leads, else a ScoringView."""
        if self._role(session.submission_id) == ROLE_LEAD:
            from assessor_app.ui.lead.reconcile_view import ReconcileView  # PyMuPDF: lazily

            return ReconcileView(session, self.window)
        from assessor_app.ui.scoring.scoring_view import ScoringView

        return ScoringView(session, self.window)

    def _role(self, submission_id: str) -> str:
        try:
            return self.workspace.role(submission_id)
        except AssessorError:
            return "assessor"

    # --- what the actions work on ---------------------------------------------------------
    def current_submission(self) -> str | None:
        """The submission open in the window, else the one selected in the queue."""
        view = self.current_view()
        session = getattr(view, "session", None)
        if isinstance(session, ScoringSession):
            return session.submission_id
        return self.selected_submission()

    def update_actions(self) -> None:
        # The Lead menu is for people who lead something here; an assessor never sees it.
        leads = any(s.role == ROLE_LEAD for s in self.workspace.submissions())
        self.menu.menuAction().setVisible(leads)
        submission = self.current_submission()
        finalized = export.finalized(self.workspace)
        current = next((s for s in finalized if s.id == submission), None)
        self.export_report_action.setEnabled(current is not None)
        earned = False
        if current is not None:
            try:
                earned = export.final_of(self.workspace, current)[1].earned
            except (AssessorError, ValueError):
                earned = False
        self.export_badge_action.setEnabled(earned)
        self.export_badge_action.setToolTip(
            "" if earned else "Only for a finalized submission that earned the credential"
        )
        self.export_csv_action.setEnabled(bool(finalized))
        view = self.current_view()
        scoring_open = view is not None and not _is_reconcile_view(view)
        can_report = (
            scoring_open
            and submission is not None
            and self._role(submission) != ROLE_LEAD
            and self._status(submission) is not SubmissionStatus.REVOKED
        )
        self.report_identity_action.setEnabled(can_report)

    def _status(self, submission_id: str) -> SubmissionStatus | None:
        return next((s.status for s in self.workspace.submissions() if s.id == submission_id), None)

    # --- dialogs --------------------------------------------------------------------------
    def show_dashboard(self) -> AgreementDashboard:
        if self.dashboard is None:
            self.dashboard = AgreementDashboard(self.workspace, self.window)
        else:
            self.dashboard.reload()
        _show(self.dashboard)
        return self.dashboard

    def show_reports(self) -> IdentityReportsDialog:
        if self.reports_dialog is None:
            self.reports_dialog = IdentityReportsDialog(
                self.workspace, self.window, assessor_names=self.assessor_names
            )
            self.reports_dialog.reassigned.connect(lambda _sid: self.queue_changed.emit())
        else:
            self.reports_dialog.refresh()
        _show(self.reports_dialog)
        return self.reports_dialog

    def report_identity(self) -> ReportIdentityDialog | None:
        self.update_actions()
        if not self.report_identity_action.isEnabled():
            return None
        view = self.current_view()
        submission = self.current_submission()
        assert submission is not None
        dialog = ReportIdentityDialog(self.workspace, submission, where_text(view), self.window)
        dialog.reported.connect(self._reported)
        dialog.open()
        return dialog

    def _reported(self, _submission_id: str) -> None:
        self.queue_changed.emit()
        self._notify("Reported. The lead is told at the next sync.")

    def refresh(self) -> None:
        """After a sync: the open reconcile view, the dashboard and the reports read again."""
        view = self.current_view()
        if _is_reconcile_view(view):
            view.reload()
        if self.dashboard is not None and self.dashboard.isVisible():
            self.dashboard.reload()
        if self.reports_dialog is not None and self.reports_dialog.isVisible():
            self.reports_dialog.refresh()
        self.update_actions()

    # --- exports --------------------------------------------------------------------------
    def export_report(self) -> Path | None:
        found = self._finalized_current("export its feedback report")
        if found is None:
            return None
        manifest, final = found
        path = self.choose_path(
            "Export feedback report",
            export.default_folder() / export.report_file_name(final),
            "PDF documents (*.pdf)",
        )
        if path is None:
            return None
        return self._write(lambda: export.write_report(manifest, final, path), path)

    def export_badge(self) -> Path | None:
        found = self._finalized_current("export its Open Badges result")
        if found is None:
            return None
        manifest, final = found
        if not final.earned:
            self.inform(
                "Nothing to export",
                f"{final.submission_id} did not earn the credential; an Open Badges result "
                "is made for earned credentials only.",
            )
            return None
        issuer = self.ask_issuer(Issuer.load(self.settings))
        if issuer is None:
            return None
        path = self.choose_path(
            "Export Open Badges result",
            export.default_folder() / export.badge_file_name(final.submission_id),
            "Open Badges credential (*.json)",
        )
        if path is None:
            return None
        issuer.save(self.settings)
        return self._write(lambda: export.write_badge(manifest, final, issuer, path), path)

    def export_csv(self) -> Path | None:
        if not export.finalized(self.workspace):
            self.inform("Nothing to export", "No submission has been finalized yet.")
            return None
        path = self.choose_path(
            "Export results",
            export.default_folder() / export.csv_file_name(date.today()),
            "CSV files (*.csv)",
        )
        if path is None:
            return None
        return self._write(lambda: export.write_csv(self.workspace, path), path)

    def _finalized_current(self, what: str) -> tuple[Manifest, FinalResult] | None:
        submission = self.current_submission()
        summary = export.summary_of(self.workspace, submission) if submission else None
        if summary is None:
            self.inform(
                "Nothing to export",
                f"Open or select a submission you finalized as lead to {what}.",
            )
            return None
        try:
            return export.final_of(self.workspace, summary)
        except (AssessorError, ValueError) as exc:
            self.inform("Cannot export", str(exc))
            return None

    def _write(self, write: Callable[[], object], path: Path) -> Path | None:
        try:
            write()
        except (AssessorError, OSError, ValueError) as exc:
            self.inform("Export failed", f"{path.name} was not written: {exc}")
            return None
        self.exported.emit(path)
        self._notify(f"Exported {path.name}")
        return path

    # --- messages -------------------------------------------------------------------------
    def _message_box(self, title: str, text: str) -> None:
        QMessageBox.information(self.window, title, text)

    def _notify(self, text: str) -> None:
        status_bar = getattr(self.window, "statusBar", None)
        if callable(status_bar):
            status_bar().showMessage(text, 8000)

    def _issuer_dialog(self, issuer: Issuer) -> Issuer | None:
        dialog = IssuerDialog(issuer, self.window)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            chosen = dialog.issuer()
            if all((chosen.issuer_id, chosen.issuer_name, chosen.evidence_base_url)):
                return chosen
            dialog.error.setText("Fill in all three fields.")
            dialog.error.setVisible(True)
        return None

    def close_dialogs(self) -> None:
        for dialog in (self.dashboard, self.reports_dialog):
            if dialog is not None:
                dialog.close()
