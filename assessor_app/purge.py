"""Removing the files of finished work, for assessors who travel with little disk space.

A submission's bundle files (``<data_dir>/bundles/<name>/``: the PDFs, recordings, images)
are deleted once the submission was **submitted and fully synced** for more than N days
(``purge_after_days`` in the settings, 14 by default; 0 turns it off). Fully synced means
every change of it was acknowledged by the portal: no change is waiting, in conflict or not
accepted. Everything of the assessor's own stays: judgments, feedback, the outbox history,
the place they left off, and the submission's manifest (so its rubric and status still show).

No schema change is needed for the mark: the submission's saved position (JSON, the
``positions`` table) gets a ``"purged_at"`` entry (UTC ISO time), and a submission counts
as purged when that entry is there **and** its bundle folder is gone. The mark is written
before the files are deleted, so a crash in between leaves files that the next run removes;
a crash after the deletion leaves a mark that says the truth. Runs at start and after each
sync (:func:`purge_synced_bundles`), off the GUI thread.

Should the portal reopen a purged submission, :func:`restore_reopened` asks sync to download
its bundle again (the same bundle restores its folder, see ``Workspace.import_bundle``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from assessor_app.errors import BundleMissingError, UnknownSubmissionError
from assessor_app.storage.sync_store import BundleStatus, OpState
from assessor_app.workspace import SubmissionStatus, Workspace, download_stem

log = logging.getLogger(__name__)

PURGED_KEY = "purged_at"
DEFAULT_PURGE_DAYS = 14
_DONE = frozenset({OpState.ACKED, OpState.SUPERSEDED})


@dataclass(frozen=True)
class PurgeReport:
    removed: tuple[str, ...]  # submission ids whose files were deleted in this run
    bytes_freed: int
    restored: tuple[str, ...] = ()  # purged submissions the portal reopened: downloaded again


def _parse(when: str) -> datetime:
    return datetime.fromisoformat(when.replace("Z", "+00:00"))


def _now() -> datetime:
    return datetime.now(UTC)


def _size_of(folder: os.PathLike[str] | str) -> int:
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            with contextlib.suppress(OSError):
                total += (Path(root) / name).lstat().st_size
    return total


def synced_since(workspace: Workspace) -> dict[str, datetime]:
    """Submitted submissions with every change acknowledged, and since when they have been so
    (the latest acknowledgement, or the last change when the portal submitted it)."""
    if workspace.sync_state() is None:
        return {}  # never signed in: nothing was ever synced
    submitted = {
        s.id: s.updated_at
        for s in workspace.submissions()
        if s.status is SubmissionStatus.SUBMITTED
    }
    since = {sid: _parse(when) for sid, when in submitted.items()}
    unfinished: set[str] = set()
    for entry in workspace.outbox(include_acked=True):
        if entry.submission_id not in since:
            continue
        if entry.status not in _DONE or (entry.status is OpState.ACKED and not entry.acked_at):
            unfinished.add(entry.submission_id)
        elif entry.acked_at:
            since[entry.submission_id] = max(since[entry.submission_id], _parse(entry.acked_at))
    return {sid: when for sid, when in since.items() if sid not in unfinished}


def is_purged(workspace: Workspace, submission_id: str) -> bool:
    """The files were removed by a purge (its mark is there and the folder is gone)."""
    if PURGED_KEY not in workspace.position(submission_id):
        return False
    try:
        workspace.submission(submission_id)
    except BundleMissingError:
        return True
    return False


def purged_ids(workspace: Workspace, candidates: Iterable[str] | None = None) -> set[str]:
    """The purged submissions among ``candidates`` (default: every submitted one)."""
    if workspace.sync_state() is None:
        return set()  # only synced work is ever purged
    if candidates is None:
        candidates = [
            s.id for s in workspace.submissions() if s.status is SubmissionStatus.SUBMITTED
        ]
    return {sid for sid in candidates if is_purged(workspace, sid)}


def _mark(workspace: Workspace, submission_id: str, when: datetime) -> None:
    position = workspace.position(submission_id)
    if PURGED_KEY not in position:
        stamp = when.isoformat(timespec="seconds").replace("+00:00", "Z")
        workspace.save_position(submission_id, {**position, PURGED_KEY: stamp})


def _unmark(workspace: Workspace, submission_id: str) -> None:
    position = workspace.position(submission_id)
    if position.pop(PURGED_KEY, None) is not None:
        workspace.save_position(submission_id, position)


def purge_synced_bundles(
    workspace: Workspace,
    days: int = DEFAULT_PURGE_DAYS,
    *,
    now: datetime | None = None,
    keep: Collection[str] = (),
) -> PurgeReport:
    """Delete the bundle files of submissions submitted and fully synced for more than
    ``days`` days; ``days`` 0 does nothing; ``keep`` (the submission open on screen) is left
    for a later run. Returns what was removed."""
    restored = restore_reopened(workspace)
    if days <= 0:
        return PurgeReport((), 0, restored)
    now = _now() if now is None else now
    limit = now - timedelta(days=days)
    removed: list[str] = []
    freed = 0
    for submission_id, since in sorted(synced_since(workspace).items()):
        if since > limit or submission_id in keep:
            continue
        try:
            folder = workspace.submission(submission_id).bundle_dir
        except BundleMissingError:
            _mark(workspace, submission_id, now)  # already gone (an earlier run, or by hand)
            continue
        _mark(workspace, submission_id, now)
        size = _size_of(folder)
        try:
            shutil.rmtree(folder)
        except OSError as exc:
            log.warning("could not remove the files of %s: %s", submission_id, exc)
            continue
        downloads = workspace.downloads_dir
        if downloads.is_dir():
            for leftover in downloads.glob(f"{download_stem(submission_id)}*"):
                leftover.unlink(missing_ok=True)
        removed.append(submission_id)
        freed += size
        log.info("removed the files of %s (submitted and synced since %s)", submission_id, since)
    return PurgeReport(tuple(removed), freed, restored)


def restore_reopened(workspace: Workspace) -> tuple[str, ...]:
    """Purged submissions that are open again on the portal (no longer submitted here): take
    the mark off and have the next sync download the bundle again."""
    if workspace.sync_state() is None:
        return ()  # never signed in: nothing was ever purged, nothing can be reopened
    reopened = []
    for summary in workspace.submissions():
        if summary.status is SubmissionStatus.SUBMITTED:
            continue
        if PURGED_KEY not in workspace.position(summary.id):
            continue
        try:
            workspace.submission(summary.id)
        except BundleMissingError:
            # Imported from a file (no assignment): the person imports it again.
            with contextlib.suppress(UnknownSubmissionError):
                workspace.set_bundle_status(summary.id, BundleStatus.PENDING)
            reopened.append(summary.id)
        _unmark(workspace, summary.id)
    return tuple(reopened)


def describe(report: PurgeReport) -> str:
    """A status-bar sentence, or "" when nothing happened."""
    parts = []
    if report.removed:
        megabytes = report.bytes_freed / 1_000_000
        parts.append(
            f"Removed the files of {len(report.removed)} submitted and synced submission(s), "
            f"{megabytes:.1f} MB freed; your judgments and feedback are kept"
        )
    if report.restored:
        parts.append(
            f"{len(report.restored)} reopened submission(s) will be downloaded again at the "
            "next sync"
        )
    return "; ".join(parts)
