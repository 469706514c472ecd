"""Identity exposed: the assessor's report and the lead's reassignment, through the real
dialogs on real workspaces (the feed applied through the real parser and store); what they
queue is read back from the outbox."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot
from support.bundles import write_sample_bundle
from support.lead_data import assignment_json, feed, identity_report_json, pin
from support.lead_workspace import LeadDevice, Released
from support.signed_bundles import new_key

from assessor_app.domain.model import Citation
from assessor_app.ui.lead.identity_dialogs import (
    NO_LIST,
    REPORTS_EMPTY,
    IdentityReportsDialog,
    ReassignDialog,
    ReportIdentityDialog,
    portal_assessor_names,
)
from assessor_app.ui.lead.lead_ui import LeadUi
from assessor_app.ui.lead.reconcile_view import ReconcileView
from assessor_app.ui.scoring.scoring_view import ScoringView
from assessor_app.ui.scoring.session import ScoringSession
from assessor_app.workspace import OutboxKind, Workspace

SID = "SUB-TEST-0001"
WAIT_MS = 5000

pytestmark = pytest.mark.gui


def queued(ws: Workspace, kind: OutboxKind) -> list[dict[str, object]]:
    return [e.payload for e in ws.outbox() if e.kind is kind]


# --- an assessor reports -----------------------------------------------------------------------
@pytest.fixture
def assessor_ws(tmp_path: Path, data_dir: Path) -> Iterator[Workspace]:
    """The sample on the device of ``assessor2``, assigned by the (pretend) portal."""
    with Workspace.open(data_dir) as ws:
        bundle = write_sample_bundle(tmp_path / "sample.zip", SID)
        ws.import_bundle(bundle)
        pin(ws, new_key(), "assessor2")
        feed(ws, [assignment_json(5, bundle=bundle, role="assessor")])
        yield ws


class Harness:
    """A window holding one open view, with a LeadUi wired to it as the main window does."""

    def __init__(self, qtbot: QtBot, ws: Workspace) -> None:
        self.window = QMainWindow()
        qtbot.addWidget(self.window)
        self.view: ScoringView | ReconcileView | None = None
        self.lead_ui = LeadUi(ws, self.window, current_view=lambda: self.view)
        self.ws = ws

    def open(self, qtbot: QtBot, submission_id: str = SID) -> ScoringView | ReconcileView:
        session = ScoringSession(self.ws, submission_id)
        view = self.lead_ui.view_for(session)
        assert isinstance(view, ScoringView | ReconcileView)
        session.setParent(view)
        self.window.setCentralWidget(view)
        self.window.resize(1400, 900)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.view = view
        return view

    def close(self) -> None:
        if self.view is not None:
            self.view.close_session()  # saves the position while the workspace is open
        self.window.close()


@pytest.fixture
def make_harness(qtbot: QtBot) -> Iterator[Callable[[Workspace], Harness]]:
    made: list[Harness] = []

    def make(ws: Workspace) -> Harness:
        made.append(Harness(qtbot, ws))
        return made[-1]

    yield make
    for h in made:
        h.close()


def test_the_report_is_prefilled_with_the_cited_page_and_queued(
    assessor_ws: Workspace, qtbot: QtBot, make_harness: Callable[[Workspace], Harness]
) -> None:
    harness = make_harness(assessor_ws)
    view = harness.open(qtbot)
    assert isinstance(view, ScoringView)
    view.session.request_citation(Citation("a1", page=3))
    qtbot.waitUntil(lambda: view.artifacts.position()["page"] == 3, timeout=WAIT_MS)
    harness.lead_ui.update_actions()
    assert harness.lead_ui.report_identity_action.isEnabled()

    dialog = harness.lead_ui.report_identity()
    assert isinstance(dialog, ReportIdentityDialog)
    qtbot.addWidget(dialog)
    assert dialog.where.text() == "Portfolio: Meeting agenda p. 3"
    assert "do not write the name" in dialog.intro.text()
    qtbot.keyClicks(dialog.note, "A signature block with a full name on the agenda.")
    with qtbot.waitSignal(dialog.reported, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.report_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    (report,) = assessor_ws.identity_reports(SID)
    assert (report.where, report.mine, report.reporter) == (
        "Portfolio: Meeting agenda p. 3",
        True,
        "assessor2",
    )
    (payload,) = queued(assessor_ws, OutboxKind.REPORT_IDENTITY)
    assert payload["where"] == "Portfolio: Meeting agenda p. 3"
    assert payload["note"] == "A signature block with a full name on the agenda."


def test_from_the_narrative_the_part_is_prefilled(
    assessor_ws: Workspace, qtbot: QtBot, make_harness: Callable[[Workspace], Harness]
) -> None:
    harness = make_harness(assessor_ws)
    view = harness.open(qtbot)
    view.narrative.show_part("part3")
    harness.window.activateWindow()
    view.narrative.setFocus()
    qtbot.waitUntil(lambda: view.narrative.isAncestorOf(view.focusWidget()), timeout=WAIT_MS)
    dialog = harness.lead_ui.report_identity()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.where.text() == "Narrative: Part 3 – Reflection"


def test_a_report_needs_a_place_and_stores_nothing_without_one(
    assessor_ws: Workspace, qtbot: QtBot
) -> None:
    dialog = ReportIdentityDialog(assessor_ws, SID, "")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.report_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible()
    assert dialog.error.text() == "Say where in the submission the identity shows."
    assert assessor_ws.identity_reports() == []
    assert queued(assessor_ws, OutboxKind.REPORT_IDENTITY) == []


# --- the lead reassigns ------------------------------------------------------------------------
@pytest.fixture
def lead_ws(tmp_path: Path, data_dir: Path) -> Iterator[Workspace]:
    """The sample on its lead's device, released, with assessor2's open report."""
    with Workspace.open(data_dir) as ws:
        device = LeadDevice(ws, tmp_path / "bundles", [SID])
        device.add([Released(SID)])
        feed(ws, [identity_report_json(40, 7, reporter="assessor2")])
        yield ws


def test_a_lead_cannot_report_but_sees_the_reports(
    lead_ws: Workspace, qtbot: QtBot, make_harness: Callable[[Workspace], Harness]
) -> None:
    harness = make_harness(lead_ws)
    view = harness.open(qtbot)
    assert isinstance(view, ReconcileView)
    harness.lead_ui.update_actions()
    assert not harness.lead_ui.report_identity_action.isEnabled()
    assert harness.lead_ui.report_identity() is None
    (summary,) = lead_ws.submissions()
    assert summary.open_identity_reports == 1


def test_the_lead_reassigns_the_reporter_to_an_assessor_from_the_list(
    lead_ws: Workspace, qtbot: QtBot
) -> None:
    portal_list = ["assessor1", "assessor2", "assessor3", "Ana"]  # as GET /assessors answers
    dialog = IdentityReportsDialog(lead_ws, assessor_names=lambda: portal_list)
    qtbot.addWidget(dialog)
    dialog.show()
    (report,) = dialog.reports()
    assert (report.reporter, report.where) == ("assessor2", "Portfolio: Meeting agenda p. 2")
    assert dialog.table.item(0, 1).text() == "assessor2"
    assert dialog.reassign_button.isEnabled()

    reassign = dialog.reassign()
    assert isinstance(reassign, ReassignDialog)
    qtbot.waitUntil(lambda: reassign.to_user.count() > 0, timeout=WAIT_MS)  # in the background
    assert reassign.from_user.currentText() == "assessor2"
    # The two assessors of the submission are not offered to take over.
    offered = [reassign.to_user.itemText(i) for i in range(reassign.to_user.count())]
    assert offered == ["Ana", "assessor3"]
    assert reassign.source.text().startswith("2 assessors from the portal")
    reassign.to_user.setCurrentText("assessor3")
    with qtbot.waitSignal(dialog.reassigned, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(reassign.reassign_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [SID]
    (payload,) = queued(lead_ws, OutboxKind.REASSIGN)
    assert (payload["from_user"], payload["to_user"]) == ("assessor2", "assessor3")


def test_without_a_list_the_lead_types_a_name_and_mistakes_are_explained(
    lead_ws: Workspace, qtbot: QtBot
) -> None:
    dialog = ReassignDialog(lead_ws, SID, "assessor2")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.to_user.count() == 0
    assert dialog.source.text() == NO_LIST
    dialog.to_user.setCurrentText("assessor2")
    qtbot.mouseClick(dialog.reassign_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible()
    assert "cannot be replaced by themselves" in dialog.error.text()
    assert queued(lead_ws, OutboxKind.REASSIGN) == []
    dialog.to_user.setCurrentText("assessor4")
    qtbot.mouseClick(dialog.reassign_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    (payload,) = queued(lead_ws, OutboxKind.REASSIGN)
    assert payload["to_user"] == "assessor4"


def test_resolved_reports_are_hidden_unless_asked_for(lead_ws: Workspace, qtbot: QtBot) -> None:
    feed(lead_ws, [identity_report_json(41, 7, reporter="assessor2", state="resolved")])
    dialog = IdentityReportsDialog(lead_ws)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.reports() == []
    assert dialog.empty.isVisible() and dialog.empty.text() == REPORTS_EMPTY
    dialog.open_only.setChecked(False)
    assert [r.state.value for r in dialog.reports()] == ["resolved"]
    assert dialog.table.item(0, 5).text() == "Resolved"
    assert not dialog.reassign_button.isEnabled()


def test_when_the_portal_cannot_be_asked_the_dialog_says_why(
    lead_ws: Workspace, qtbot: QtBot
) -> None:
    # Signed in (identity pinned) but no token in this test's keyring: open_client refuses.
    dialog = ReassignDialog(
        lead_ws, SID, "assessor2", assessor_names=portal_assessor_names(lead_ws)
    )
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.names_listed, timeout=WAIT_MS):
        dialog.show()
    assert dialog.source.text().startswith(
        "Type the user name: the list of assessors could not be fetched ("
    )
    assert dialog.to_user.count() == 0
