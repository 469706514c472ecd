"""Identity reports (an assessor's, and the ones a lead receives) and the lead's reassign."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from support.lead_data import assignment_json, feed, identity_report_json, pin
from support.sync_data import SUBMISSION

from assessor_app.errors import InvalidEntryError, RoleError, UnknownSubmissionError
from assessor_app.storage.sync_store import OpState
from assessor_app.sync.protocol import (
    MAX_REPORT_NOTE_CHARS,
    MAX_REPORT_WHERE_CHARS,
    OpResult,
    OpStatus,
    ReportState,
)
from assessor_app.workspace import OutboxKind, Workspace

WHERE = "Portfolio: Meeting agenda p. 2"
NOTE = "The letterhead names the school."


@pytest.fixture
def assessor(imported: Workspace, key: Ed25519PrivateKey, sample_bundle: Path) -> Workspace:
    pin(imported, key, "assessor2")
    feed(imported, [assignment_json(5, bundle=sample_bundle, role="assessor")])
    return imported


# --- an assessor files a report ------------------------------------------------------------------
def test_an_assessor_files_a_report_that_is_kept_and_queued(assessor: Workspace) -> None:
    assessor.report_identity(SUBMISSION, WHERE, NOTE)
    [report] = assessor.identity_reports()
    assert (report.submission_id, report.reporter, report.where, report.note) == (
        SUBMISSION,
        "assessor2",
        WHERE,
        NOTE,
    )
    assert report.mine is True and report.report_id is None
    assert report.state is ReportState.OPEN
    assert assessor.identity_reports(SUBMISSION) == [report]
    assert assessor.identity_reports("OTHER") == []
    assert assessor.submissions()[0].open_identity_reports == 1

    [entry] = assessor.outbox()
    assert entry.kind is OutboxKind.REPORT_IDENTITY and entry.target_id is None
    [op] = assessor.pending_ops()
    assert op.wire == {
        "op_id": entry.op_id,
        "kind": "report_identity",
        "submission_id": SUBMISSION,
        "where": WHERE,
        "note": NOTE,
    }
    recorded = assessor.record_op_results([OpResult(entry.op_id, OpStatus.APPLIED, version=44)])
    assert recorded.acked == 1
    assert assessor.pending_changes() == 0
    assert assessor.sync_overview().up_to_date


def test_a_report_goes_even_while_judgments_and_a_submit_wait(assessor: Workspace) -> None:
    assessor.judge(SUBMISSION, "eo1.1", "P")
    assessor.report_identity(SUBMISSION, WHERE, "")
    kinds = [op.kind for op in assessor.pending_ops()]
    assert kinds == ["judge", "report_identity"]


def test_a_refused_report_stays_in_the_not_accepted_list(assessor: Workspace) -> None:
    assessor.report_identity(SUBMISSION, WHERE, NOTE)
    [op] = assessor.pending_ops()
    assessor.record_op_results(
        [OpResult(op.op_id, OpStatus.FORBIDDEN, message="not assigned to you")]
    )
    [refused] = assessor.not_accepted()
    assert (refused.kind, refused.status, refused.message) == (
        "report_identity",
        OpState.FORBIDDEN,
        "not assigned to you",
    )
    assert assessor.identity_reports()[0].mine  # the person's record stays


@pytest.mark.parametrize(
    ("where", "note", "message"),
    [
        ("", NOTE, "cannot be empty"),
        ("   ", NOTE, "cannot be empty"),
        ("w" * (MAX_REPORT_WHERE_CHARS + 1), NOTE, "500"),
        (WHERE, "n" * (MAX_REPORT_NOTE_CHARS + 1), "5,000"),
    ],
)
def test_a_report_needs_a_place_and_fits_the_limits(
    assessor: Workspace, where: str, note: str, message: str
) -> None:
    with pytest.raises(InvalidEntryError, match=message):
        assessor.report_identity(SUBMISSION, where, note)
    assert assessor.identity_reports() == []
    assert assessor.outbox() == []


def test_reports_are_filed_on_known_open_submissions_only(
    assessor: Workspace, sample_bundle: Path
) -> None:
    with pytest.raises(UnknownSubmissionError):
        assessor.report_identity("NOPE-1", WHERE, NOTE)
    feed(assessor, [assignment_json(9, bundle=sample_bundle, role="assessor", state="revoked")])
    with pytest.raises(RoleError, match="withdrawn"):
        assessor.report_identity(SUBMISSION, WHERE, NOTE)
    assert assessor.outbox() == []


def test_a_lead_does_not_file_reports(lead: Workspace) -> None:
    with pytest.raises(RoleError, match="reassign"):
        lead.report_identity(SUBMISSION, WHERE, NOTE)


def test_a_report_from_a_file_import_is_queued_for_later(imported: Workspace) -> None:
    """Not signed in yet: the report waits in the outbox like any change."""
    imported.report_identity(SUBMISSION, WHERE, NOTE)
    assert imported.identity_reports()[0].reporter == ""
    assert [e.kind for e in imported.outbox()] == [OutboxKind.REPORT_IDENTITY]


# --- a lead receives them ------------------------------------------------------------------------
def test_a_lead_sees_the_reports_the_portal_sends_and_their_new_state(lead: Workspace) -> None:
    feed(lead, [identity_report_json(11, 7), identity_report_json(12, 8, reporter="assessor1")])
    reports = lead.identity_reports(SUBMISSION)
    assert [(r.report_id, r.reporter, r.mine) for r in reports] == [
        (7, "assessor2", False),
        (8, "assessor1", False),
    ]
    assert reports[0].where == "Portfolio: Meeting agenda p. 2"
    assert lead.submissions()[0].open_identity_reports == 2
    feed(lead, [identity_report_json(15, 7, state="resolved")])
    states = {r.report_id: r.state for r in lead.identity_reports()}
    assert states == {7: ReportState.RESOLVED, 8: ReportState.OPEN}
    assert len(lead.identity_reports()) == 2  # updated, not added
    assert lead.submissions()[0].open_identity_reports == 1


def test_a_restored_portal_sends_the_reports_again_and_old_ones_go(lead: Workspace) -> None:
    feed(lead, [identity_report_json(11, 7), identity_report_json(12, 8)])
    restart = feed(lead, [], epoch="e-2")
    assert restart.restarted
    feed(lead, [assignment_json(3), identity_report_json(4, 7)], epoch="e-2")
    assert [r.report_id for r in lead.identity_reports()] == [7]


def test_a_restored_portal_keeps_the_reports_filed_here(assessor: Workspace) -> None:
    assessor.report_identity(SUBMISSION, WHERE, NOTE)
    feed(assessor, [], epoch="e-2")
    assert [r.mine for r in assessor.identity_reports()] == [True]


# --- reassign ------------------------------------------------------------------------------------
def test_a_lead_reassigns_and_the_op_goes_to_the_portal(lead: Workspace) -> None:
    lead.reassign(SUBMISSION, "assessor2", " assessor3 ")
    [entry] = lead.outbox()
    assert entry.kind is OutboxKind.REASSIGN
    [op] = lead.pending_ops()
    assert op.wire == {
        "op_id": entry.op_id,
        "kind": "reassign",
        "submission_id": SUBMISSION,
        "from_user": "assessor2",
        "to_user": "assessor3",
    }
    lead.record_op_results(
        [OpResult(entry.op_id, OpStatus.INVALID, message="assessor3 is not an enabled assessor")]
    )
    [refused] = lead.not_accepted()
    assert refused.kind == "reassign" and "assessor3" in (refused.message or "")


def test_only_the_lead_reassigns(assessor: Workspace) -> None:
    with pytest.raises(RoleError, match="Only the lead"):
        assessor.reassign(SUBMISSION, "assessor1", "assessor3")
    assert assessor.outbox() == []


@pytest.mark.parametrize(
    ("from_user", "to_user", "message"),
    [("assessor2", "assessor2", "themselves"), ("", "assessor3", "cannot be empty")],
)
def test_a_reassign_names_two_people(
    lead: Workspace, from_user: str, to_user: str, message: str
) -> None:
    with pytest.raises(InvalidEntryError, match=message):
        lead.reassign(SUBMISSION, from_user, to_user)
    assert lead.outbox() == []
