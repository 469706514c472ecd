"""The sync panel: where the work stands with the portal, the running sync with Cancel, the last
problem in plain words, the counts, withdrawn submissions, and the way to each next step
(Sync now, Sign in, Conflicts, Not accepted). A non-modal dialog over the controller: it only
shows what the controller and the workspace say, and asks the controller to act."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assessor_app.sync.engine import SyncProgress
from assessor_app.ui.sync.revoked_list import Confirm, RevokedList, ask
from assessor_app.ui.sync.sync_controller import SyncActivity, SyncController
from assessor_app.ui.sync.sync_status import tone_icon
from assessor_app.ui.sync.sync_text import (
    human_bytes,
    local_time,
    plural,
    problem_text,
    progress_text,
    state_title,
    status_line,
)
from assessor_app.workspace import Workspace

PROGRESS_STEPS = 1000


class SyncPanel(QDialog):
    sign_in_requested = Signal()
    conflicts_requested = Signal()
    not_accepted_requested = Signal()
    revocation_acknowledged = Signal(str)

    def __init__(
        self,
        controller: SyncController,
        workspace: Workspace,
        parent: QWidget | None = None,
        *,
        confirm: Confirm = ask,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.workspace = workspace
        self.setObjectName("syncPanel")
        self.setWindowTitle("Sync")
        self.setAccessibleName("Sync with the portal")
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 40)

        self.icon = QLabel(self)
        self.title = QLabel(self)
        self.title.setObjectName("syncTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAccessibleName("Sync state")
        heading = QHBoxLayout()
        heading.addWidget(self.icon)
        heading.addWidget(self.title, 1)
        self.portal = QLabel(self)
        self.portal.setWordWrap(True)
        self.portal.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.last_sync = QLabel(self)
        self.last_sync.setAccessibleName("Last sync")

        # The running sync.
        self.progress_box = QWidget(self)
        self.progress_label = QLabel(self.progress_box)
        self.progress_bar = QProgressBar(self.progress_box)
        self.progress_bar.setAccessibleName("Sync progress")
        self.progress_bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel", self.progress_box)
        self.cancel_button.setAccessibleName("Cancel the sync")
        self.cancel_button.clicked.connect(self._cancel)
        bar_row = QHBoxLayout()
        bar_row.addWidget(self.progress_bar, 1)
        bar_row.addWidget(self.cancel_button)
        progress_layout = QVBoxLayout(self.progress_box)
        progress_layout.setContentsMargins(0, 0, 0, 0)
        progress_layout.addWidget(self.progress_label)
        progress_layout.addLayout(bar_row)

        # The last problem, in the words of the error.
        self.problem = QLabel(self)
        self.problem.setObjectName("syncProblem")
        self.problem.setWordWrap(True)
        self.problem.setFrameShape(QFrame.Shape.StyledPanel)
        self.problem.setMargin(8)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.setAccessibleName("Last sync problem")

        # The counts.
        counts = QGroupBox("On this computer", self)
        form = QFormLayout(counts)
        self.count_labels: dict[str, QLabel] = {}
        for key, text in (
            ("pending", "Changes waiting to be sent"),
            ("conflicts", "Conflicts to resolve"),
            ("not_accepted", "Changes not accepted"),
            ("revoked", "Withdrawn submissions"),
            ("bundles", "Bundles to download"),
        ):
            value = QLabel(counts)
            value.setAccessibleName(text)
            form.addRow(text, value)
            self.count_labels[key] = value

        self.revoked = RevokedList(workspace, self, confirm=confirm)
        self.revoked.acknowledged.connect(self._acknowledged)

        # What to do next.
        self.sync_button = QPushButton("Sync now", self)
        self.sync_button.setDefault(True)
        self.sync_button.clicked.connect(controller.sync_now)
        self.sign_in_button = QPushButton("Sign in…", self)
        self.sign_in_button.clicked.connect(self.sign_in_requested)
        self.conflicts_button = QPushButton("Conflicts…", self)
        self.conflicts_button.clicked.connect(self.conflicts_requested)
        self.not_accepted_button = QPushButton("Not accepted…", self)
        self.not_accepted_button.clicked.connect(self.not_accepted_requested)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.close)
        actions = QHBoxLayout()
        for button in (
            self.sync_button,
            self.sign_in_button,
            self.conflicts_button,
            self.not_accepted_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.portal)
        layout.addWidget(self.last_sync)
        layout.addWidget(self.progress_box)
        layout.addWidget(self.problem)
        layout.addWidget(counts)
        layout.addWidget(self.revoked)
        layout.addStretch(1)
        layout.addLayout(actions)

        for signal in (
            controller.state_changed,
            controller.overview_changed,
            controller.failed,
            controller.finished,
            controller.cancelled,
        ):
            signal.connect(self.refresh)
        controller.progress.connect(self._show_progress)
        self.refresh()

    # -- showing ---------------------------------------------------------------------------------
    def refresh(self, *_args: object) -> None:
        c = self.controller
        o = c.overview
        state = c.state
        line = status_line(state.value, o, c.last_progress, c.last_error)
        self.icon.setPixmap(tone_icon(line.tone, 14).pixmap(14, 14))
        self.title.setText(state_title(state.value, o))
        if o.signed_in:
            self.portal.setText(f"Portal {o.server_url}, signed in as {o.username}")
        else:
            self.portal.setText("Not signed in to a portal. Your work is saved on this computer.")
        when = local_time(o.last_sync_at)
        self.last_sync.setText(f"Last successful sync: {when}" if when else "Not synced yet")

        syncing = state is SyncActivity.SYNCING
        self.progress_box.setVisible(syncing)
        if syncing:
            self._show_progress(c.last_progress)
        self.cancel_button.setEnabled(syncing and not c.cancelling)

        problem = self._problem_text()
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))

        failed = f", {o.bundles_failed} failed" if o.bundles_failed else ""
        for key, value, text, needs_you in (
            ("pending", o.pending_ops, str(o.pending_ops), False),
            ("conflicts", o.conflicts, str(o.conflicts), True),
            ("not_accepted", o.not_accepted, f"{o.not_accepted} (kept, never dropped)", True),
            ("revoked", o.revoked_unacknowledged, str(o.revoked_unacknowledged), True),
            (
                "bundles",
                o.bundles_to_download + o.bundles_failed,
                f"{o.bundles_to_download}{failed}",
                bool(o.bundles_failed),
            ),
        ):
            label = self.count_labels[key]
            label.setText(text if value else "0")
            font = label.font()
            font.setBold(bool(value) and needs_you)
            label.setFont(font)
        self.revoked.refresh()

        self.sync_button.setEnabled(not syncing and o.signed_in)
        self.sign_in_button.setText("Sign in again…" if o.signed_in else "Sign in…")
        self.conflicts_button.setEnabled(o.conflicts > 0)
        self.conflicts_button.setText(
            f"Conflicts ({o.conflicts})…" if o.conflicts else "Conflicts…"
        )
        self.not_accepted_button.setEnabled(o.not_accepted > 0)
        self.not_accepted_button.setText(
            f"Not accepted ({o.not_accepted})…" if o.not_accepted else "Not accepted…"
        )

    def _problem_text(self) -> str:
        c = self.controller
        state = c.state
        if state is SyncActivity.SYNCING:
            return ""
        parts = []
        if problem := problem_text(state.value, c.last_error or c.overview.last_error):
            parts.append(problem)
        report = c.last_report
        if state is SyncActivity.IDLE and report is not None and report.download_failures:
            failures = "; ".join(f"{sid}: {why}" for sid, why in report.download_failures)
            parts.append(
                f"{plural(len(report.download_failures), 'bundle')} could not be downloaded "
                f"({failures}). The next sync tries again."
            )
        return "\n\n".join(parts)

    def _show_progress(self, p: SyncProgress | None) -> None:
        if self.controller.state is not SyncActivity.SYNCING:
            return
        if self.controller.cancelling:
            self.progress_label.setText("Cancelling… what is done so far is kept.")
            return
        bar = self.progress_bar
        if p is not None and p.phase == "download" and p.bytes_total:
            bar.setRange(0, PROGRESS_STEPS)
            bar.setValue(min(PROGRESS_STEPS, PROGRESS_STEPS * p.bytes_done // p.bytes_total))
            text = (
                f"Downloading {progress_text(p)} · {human_bytes(p.bytes_done)} of "
                f"{human_bytes(p.bytes_total)}"
            )
        else:
            bar.setRange(0, 0)  # busy: sending or receiving changes
            text = progress_text(p).capitalize() + "…"
        self.progress_label.setText(text)
        bar.setAccessibleDescription(text)

    # -- acting ----------------------------------------------------------------------------------
    def _cancel(self) -> None:
        self.controller.cancel()
        self.cancel_button.setEnabled(False)
        self._show_progress(self.controller.last_progress)

    def _acknowledged(self, submission_id: str) -> None:
        self.controller.refresh_overview()
        self.revocation_acknowledged.emit(submission_id)
