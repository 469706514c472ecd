"""Identity exposed: an assessor's report, and the lead's list of reports with "Reassign…".

* :class:`ReportIdentityDialog` — an assessor tells the lead that the submission reveals who
  the candidate is. "Where" is prefilled from what the assessor is looking at (the artifact
  and page or time, or the narrative part); the note says what kind of detail it is, never
  the detail itself. ``Workspace.report_identity`` queues it for the portal.
* :class:`IdentityReportsDialog` — the reports sent to this lead (and any filed here), open
  ones first; "Reassign…" replaces the reporting assessor.
* :class:`ReassignDialog` — the lead chooses whom to replace (the reporter's assignment is
  proposed) and who takes over, typed or chosen from the portal's list of assessors when one
  is given. ``Workspace.reassign`` queues it; the portal checks both names at the next sync.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assessor_app.domain.model import ArtifactKind, format_timestamp
from assessor_app.errors import AssessorError
from assessor_app.sync.protocol import (
    MAX_REPORT_NOTE_CHARS,
    MAX_REPORT_WHERE_CHARS,
    ReportState,
)
from assessor_app.ui.scoring.tones import Tones, css
from assessor_app.ui.tasks import run_in_background
from assessor_app.workspace import IdentityReport, Workspace

AssessorNames = Callable[[], Sequence[str]]  # the portal's enabled assessors; may raise


def portal_assessor_names(workspace: Workspace) -> AssessorNames:
    """The list from the portal this workspace is signed in to (``GET /api/v1/assessors``),
    with the token from the keyring; one quick try, as a person is waiting for it."""

    def fetch() -> list[str]:
        from assessor_app.sync.client import RetryPolicy
        from assessor_app.sync.session import open_client

        retry = RetryPolicy(max_attempts=1)
        with open_client(workspace, retry=retry, sign_in_hint="sign in under Sync") as client:
            return client.assessors()

    return fetch


REPORT_INTRO = (
    "Tell the lead that this submission shows who the candidate is, so it can be given to "
    "another assessor. Say where it is; do not write the name or any other identifying detail "
    "here."
)
REPORTS_EMPTY = "No identity reports."


def where_text(view: object) -> str:
    """Where the assessor is looking, in the contract's words: "Portfolio: <artifact> p. 3",
    "Portfolio: <artifact> at 01:12", or "Narrative: <part title>".

    ``view`` is a scoring or reconcile view (``narrative``, ``artifacts``, ``session``).
    """
    narrative = getattr(view, "narrative", None)
    artifacts = getattr(view, "artifacts", None)
    session = getattr(view, "session", None)
    if session is None:
        return ""
    focus = view.focusWidget() if isinstance(view, QWidget) else None
    in_narrative = narrative is not None and focus is not None and narrative.isAncestorOf(focus)
    artifact = artifacts.current_artifact() if artifacts is not None else None
    if artifacts is not None and artifact is not None and not in_narrative:
        position = artifacts.position()
        if artifact.kind is ArtifactKind.PDF:
            page = position.get("page")
            return (
                f"Portfolio: {artifact.title} p. {page}" if page else f"Portfolio: {artifact.title}"
            )
        if artifact.kind.is_timed:
            time_ms = position.get("time_ms")
            at = format_timestamp(time_ms) if isinstance(time_ms, int) else ""
            return f"Portfolio: {artifact.title} at {at}" if at else f"Portfolio: {artifact.title}"
        return f"Portfolio: {artifact.title}"
    part_id = narrative.current_part_id() if narrative is not None else None
    part = next((p for p in session.rubric.parts if p.id == part_id), None)
    return f"Narrative: {part.title}" if part is not None else "Narrative"


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName("Error")
    tones = Tones.of(parent.palette())
    label.setStyleSheet(f"color: {css(tones.error)};")
    label.setVisible(False)
    return label


class ReportIdentityDialog(QDialog):
    reported = Signal(str)  # submission id

    def __init__(
        self,
        workspace: Workspace,
        submission_id: str,
        where: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.submission_id = submission_id
        self.setWindowTitle(f"Report identity exposed — {submission_id}")
        self.setAccessibleName("Report identity exposed")

        self.intro = intro = QLabel(REPORT_INTRO)
        intro.setWordWrap(True)
        self.where = QLineEdit(where[:MAX_REPORT_WHERE_CHARS])
        self.where.setMaxLength(MAX_REPORT_WHERE_CHARS)
        self.where.setAccessibleName("Where in the submission")
        self.where.setPlaceholderText("e.g. Portfolio: School data review p. 3")
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setAccessibleName("Note for the lead")
        self.note.setPlaceholderText(
            "What kind of detail it is (a name in a letterhead, a face in the video…), "
            "not the detail itself."
        )
        self.note.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        where_label = QLabel("&Where:")
        where_label.setBuddy(self.where)
        note_label = QLabel("&Note:")
        note_label.setBuddy(self.note)
        form = QFormLayout()
        form.addRow(where_label, self.where)
        form.addRow(note_label, self.note)
        self.error = _error_label(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.report_button = self.buttons.addButton(
            "&Report to the lead", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.report_button.setAccessibleName("Report to the lead")
        self.report_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.sizeHint().height())

    def accept(self) -> None:
        where, note = self.where.text().strip(), self.note.toPlainText().strip()
        if not where:
            self._fail("Say where in the submission the identity shows.")
            return
        if len(note) > MAX_REPORT_NOTE_CHARS:
            self._fail(
                f"The note is at most {MAX_REPORT_NOTE_CHARS:,} characters; "
                f"this one has {len(note):,}."
            )
            return
        try:
            self.workspace.report_identity(self.submission_id, where, note)
        except AssessorError as exc:
            self._fail(str(exc))
            return
        self.reported.emit(self.submission_id)
        super().accept()

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)


class IdentityReportsDialog(QDialog):
    """The lead's list of identity reports; "Reassign…" on an open one."""

    reassigned = Signal(str)  # submission id

    COLUMNS = ("Submission", "Reported by", "Where", "Note", "Reported", "State")

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        *,
        assessor_names: AssessorNames | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.assessor_names = assessor_names
        self._reports: list[IdentityReport] = []
        self.setWindowTitle("Identity reports")
        self.setAccessibleName("Identity reports")

        intro = QLabel(
            "Assessors report here when a submission shows who the candidate is. Give the "
            "submission to another assessor with Reassign; the report is resolved when the "
            "portal has made the change."
        )
        intro.setWordWrap(True)
        self.open_only = QCheckBox("&Open reports only")
        self.open_only.setChecked(True)
        self.open_only.setAccessibleName("Show open reports only")
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.setAccessibleName("Identity reports")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(REPORTS_EMPTY)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reassign_button = QPushButton("&Reassign…")
        self.reassign_button.setAccessibleName("Reassign the submission")
        self.reassign_button.setToolTip("Give the selected submission to another assessor")
        refresh = QPushButton("Re&fresh")
        refresh.setAccessibleName("Refresh the list")
        close = QPushButton("Close")
        close.setAccessibleName("Close")

        buttons = QHBoxLayout()
        buttons.addWidget(self.reassign_button)
        buttons.addStretch(1)
        buttons.addWidget(refresh)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.open_only)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)

        self.open_only.toggled.connect(lambda _on: self.refresh())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.reassign())
        self.reassign_button.clicked.connect(self.reassign)
        refresh.clicked.connect(self.refresh)
        close.clicked.connect(self.close)
        width = self.fontMetrics().averageCharWidth()
        self.resize(width * 140, self.fontMetrics().height() * 26)
        self.refresh()

    def refresh(self) -> None:
        reports = self.workspace.identity_reports()
        if self.open_only.isChecked():
            reports = [r for r in reports if r.state == ReportState.OPEN]
        reports.sort(key=lambda r: (r.state != ReportState.OPEN, r.reported_at, r.id))
        self._reports = reports
        self.table.setRowCount(len(reports))
        for row, report in enumerate(reports):
            cells = (
                report.submission_id,
                "you" if report.mine else report.reporter,
                report.where,
                report.note,
                report.reported_at[:16].replace("T", " "),
                "Open" if report.state == ReportState.OPEN else "Resolved",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(reports))
        self.empty.setVisible(not reports)
        if reports:
            self.table.selectRow(0)
        self._update_buttons()

    def reports(self) -> list[IdentityReport]:
        return list(self._reports)

    def selected(self) -> IdentityReport | None:
        rows = self.table.selectionModel().selectedRows()
        return self._reports[rows[0].row()] if rows else None

    def _can_reassign(self, report: IdentityReport | None) -> bool:
        if report is None or report.mine or report.state != ReportState.OPEN:
            return False
        try:
            return self.workspace.role(report.submission_id) == "lead"
        except AssessorError:
            return False

    def _update_buttons(self) -> None:
        self.reassign_button.setEnabled(self._can_reassign(self.selected()))

    def reassign(self) -> ReassignDialog | None:
        report = self.selected()
        if not self._can_reassign(report):
            return None
        assert report is not None
        dialog = ReassignDialog(
            self.workspace,
            report.submission_id,
            report.reporter,
            self,
            assessor_names=self.assessor_names,
        )
        dialog.reassigned.connect(self._reassigned)
        dialog.open()
        return dialog

    def _reassigned(self, submission_id: str) -> None:
        self.reassigned.emit(submission_id)
        self.refresh()


NO_LIST = (
    "Type the portal user name of the assessor who takes over (this workstation has no list "
    "of assessors to choose from)."
)


class ReassignDialog(QDialog):
    reassigned = Signal(str)  # submission id
    names_listed = Signal()  # the portal's list arrived (or could not be fetched)

    def __init__(
        self,
        workspace: Workspace,
        submission_id: str,
        from_user: str = "",
        parent: QWidget | None = None,
        *,
        assessor_names: AssessorNames | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.submission_id = submission_id
        self.setWindowTitle(f"Reassign — {submission_id}")
        self.setAccessibleName("Reassign an assessor")

        current = self._current_assessors(from_user)
        self.from_user = QComboBox()
        self.from_user.setEditable(True)
        self.from_user.addItems(current)
        self.from_user.setCurrentText(from_user or (current[0] if current else ""))
        self.from_user.setAccessibleName("Assessor to replace")
        self.to_user = QComboBox()
        self.to_user.setEditable(True)
        self.to_user.setAccessibleName("Assessor who takes over")
        line = self.to_user.lineEdit()
        if line is not None:
            line.setPlaceholderText("user name on the portal")
        self._current = current
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.source.setAccessibleName("Where the names come from")
        if assessor_names is None:
            self.source.setText(NO_LIST)
        else:  # the portal answers in the background; typing works meanwhile
            self.source.setText("Fetching the list of assessors from the portal…")
            run_in_background(assessor_names, self._listed, self._not_listed)

        intro = QLabel(
            f"The chosen assessor's assignment on {submission_id} is withdrawn and given to "
            "another assessor, who scores it from the start. Open identity reports of the "
            "replaced assessor on it are resolved. The portal checks both names at the next "
            "sync; if it refuses, the change is listed under Sync → Not accepted."
        )
        intro.setWordWrap(True)
        from_label = QLabel("&Replace:")
        from_label.setBuddy(self.from_user)
        to_label = QLabel("&By:")
        to_label.setBuddy(self.to_user)
        form = QFormLayout()
        form.addRow(from_label, self.from_user)
        form.addRow(to_label, self.to_user)
        self.error = _error_label(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.reassign_button = self.buttons.addButton(
            "&Reassign", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.reassign_button.setAccessibleName("Reassign")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.source)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.sizeHint().height())
        self.to_user.setFocus()

    def _current_assessors(self, reporter: str) -> list[str]:
        names = [reporter] if reporter else []
        try:
            scores = self.workspace.blind_scores(self.submission_id)
            reports = self.workspace.identity_reports(self.submission_id)
        except AssessorError:
            return names
        if scores is not None:
            names += [s.assessor for s in scores]
        names += [r.reporter for r in reports if not r.mine and r.reporter]
        return list(dict.fromkeys(names))

    def _listed(self, names: Sequence[str]) -> None:
        offered = sorted((n for n in names if n not in self._current), key=str.casefold)
        typed = self.to_user.currentText()
        self.to_user.addItems(offered)
        self.to_user.setCurrentText(typed)
        self.source.setText(
            f"{len(offered)} assessor{'s' if len(offered) != 1 else ''} from the portal; you "
            "can also type a name."
        )
        self.names_listed.emit()

    def _not_listed(self, message: str) -> None:
        self.source.setText(
            f"Type the user name: the list of assessors could not be fetched ({message})."
        )
        self.names_listed.emit()

    def accept(self) -> None:
        from_user = self.from_user.currentText().strip()
        to_user = self.to_user.currentText().strip()
        if not from_user:
            self._fail("Choose the assessor to replace.")
            return
        if not to_user:
            self._fail("Type or choose the assessor who takes over.")
            return
        try:
            self.workspace.reassign(self.submission_id, from_user, to_user)
        except AssessorError as exc:
            self._fail(str(exc))
            return
        self.reassigned.emit(self.submission_id)
        super().accept()

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)
