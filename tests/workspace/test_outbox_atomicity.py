"""A change and its outbox entry commit together or not at all."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event
from support.bundles import judge_all_submittable, sample_manifest

from assessor_app.workspace import SubmissionStatus, Workspace

SUBMISSION = sample_manifest().submission_id
TARGETS = ("part1", "part3", "eo1.1", "eo1.2", "eo2.1")


class OutboxInsertFailed(Exception):
    pass


@pytest.fixture
def failing_outbox(imported: Workspace) -> Iterator[None]:
    """Make the database driver fail on the outbox INSERT (after the judgment was written)."""
    statements: list[str] = []

    def before(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)
        if statement.lstrip().upper().startswith("INSERT INTO OUTBOX"):
            raise OutboxInsertFailed("injected")

    event.listen(imported.engine, "before_cursor_execute", before)
    yield
    event.remove(imported.engine, "before_cursor_execute", before)
    # The judgment's own write really ran before the failing insert.
    assert any(s.startswith(("INSERT INTO judgments", "UPDATE judgments")) for s in statements)


def test_a_new_judgment_is_not_kept_without_its_outbox_entry(
    imported: Workspace, failing_outbox: None
) -> None:
    with pytest.raises(OutboxInsertFailed):
        imported.judge(SUBMISSION, "eo1.1", "P")
    assert imported.judgments(SUBMISSION) == {}
    assert imported.pending_changes() == 0


def test_a_changed_judgment_keeps_its_old_value_without_its_outbox_entry(
    imported: Workspace,
) -> None:
    before = imported.judge(SUBMISSION, "eo1.1", "N", "first")

    def fail(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        if statement.startswith("INSERT INTO outbox"):
            raise OutboxInsertFailed("injected")

    event.listen(imported.engine, "before_cursor_execute", fail)
    try:
        with pytest.raises(OutboxInsertFailed):
            imported.judge(SUBMISSION, "eo1.1", "P", "second")
        with pytest.raises(OutboxInsertFailed):
            imported.clear_judgment(SUBMISSION, "eo1.1")
    finally:
        event.remove(imported.engine, "before_cursor_execute", fail)
    assert imported.judgments(SUBMISSION) == {"eo1.1": before}
    assert imported.pending_changes() == 1
    # And the workspace carries on normally afterwards.
    assert imported.judge(SUBMISSION, "eo1.1", "P", "second").revision == 2


def test_submit_is_not_kept_without_its_outbox_entry(imported: Workspace) -> None:
    judge_all_submittable(imported, SUBMISSION)

    def fail(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        if statement.startswith("INSERT INTO outbox"):
            raise OutboxInsertFailed("injected")

    event.listen(imported.engine, "before_cursor_execute", fail)
    try:
        with pytest.raises(OutboxInsertFailed):
            imported.submit(SUBMISSION)
    finally:
        event.remove(imported.engine, "before_cursor_execute", fail)
    assert imported.submissions()[0].status is SubmissionStatus.READY
    assert imported.submission(SUBMISSION).locked is False
    imported.judge(SUBMISSION, "eo1.1", "N", "still editable")
