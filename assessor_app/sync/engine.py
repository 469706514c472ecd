"""One sync run: push the outbox, pull the change feed, download the bundles.

:meth:`SyncEngine.run` does, in order:

1. **push**: the workspace's sendable ops (:meth:`Workspace.pending_ops`) in batches of at most
   500, each batch marked as attempted before it is sent and its answers recorded in one
   transaction afterwards; a ``413`` splits the batch. Rounds repeat until nothing is sendable
   (an op made on top of another goes once the first is answered);
2. **pull**: ``changes?since=<cursor>`` until ``more`` is false, each page applied in one
   transaction with the cursor; an epoch change or a reset re-pulls from 0 (and the ops the
   re-pull finds missing on the portal are pushed in a second push);
3. **downloads**: every assigned bundle not here yet, with overall progress.

Crash safety comes from the parts: ops carry their op id (a replay returns the stored result),
the cursor moves in the same transaction as the changes it covers, and downloads resume. A run
that stops half-way, for any reason, is simply run again.

Qt-free: the UI runs it on a worker thread and passes a cancel event and a progress callback.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from assessor_app.errors import (
    BundleError,
    DownloadError,
    PortalProtocolError,
    PortalRequestError,
    SyncCancelledError,
    SyncError,
    WorkspaceError,
)
from assessor_app.storage.sync_store import BundleStatus, PendingOp
from assessor_app.sync.client import PayloadTooLargeError, PortalClient
from assessor_app.sync.downloads import DEFAULT_STALL_TIMEOUT, BundleDownloader
from assessor_app.sync.protocol import MAX_OPS_PER_REQUEST
from assessor_app.workspace import Workspace

log = logging.getLogger(__name__)

MAX_RESTARTS = 2  # epoch changes / resets accepted in one run before calling the portal broken
MAX_PUSH_ROUNDS = 10_000


@dataclass(frozen=True)
class SyncProgress:
    """Where a run is. ``phase``: ``"push"``, ``"pull"`` or ``"download"``."""

    phase: str
    bundles_done: int = 0
    bundles_total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0
    current: str | None = None  # the submission being downloaded


ProgressFn = Callable[[SyncProgress], None]


@dataclass(frozen=True)
class SyncReport:
    """What a run did, and what is left for the person."""

    sent: int  # ops sent (replays included)
    acked: int  # ops the portal acknowledged
    applied: int  # feed changes applied
    conflicts: int  # unresolved conflicts now (the person chooses)
    not_accepted: int  # changes the portal refused, kept and shown
    pending: int  # ops still waiting to be sent (e.g. held behind a conflict)
    downloaded: int  # bundles downloaded and imported
    download_failures: tuple[tuple[str, str], ...] = field(default=())  # (submission, why)
    bundles_left: int = 0
    revoked_unacknowledged: int = 0
    resynced: bool = False  # the portal was restored (epoch change) or asked for a reset

    @property
    def up_to_date(self) -> bool:
        return not (
            self.conflicts
            or self.not_accepted
            or self.pending
            or self.download_failures
            or self.bundles_left
        )

    def reason(self) -> str:
        """One line: why the workspace is not up to date (empty when it is)."""
        parts = []
        if self.conflicts:
            parts.append(f"{self.conflicts} conflict(s) to resolve")
        if self.not_accepted:
            parts.append(f"{self.not_accepted} change(s) not accepted by the portal")
        if self.pending:
            parts.append(f"{self.pending} change(s) not sent yet")
        if self.download_failures:
            parts.append(f"{len(self.download_failures)} bundle download(s) failed")
        if self.bundles_left:
            parts.append(f"{self.bundles_left} bundle(s) not downloaded")
        return "; ".join(parts)


class SyncEngine:
    """Runs syncs of one workspace with one portal client."""

    def __init__(
        self,
        workspace: Workspace,
        client: PortalClient,
        *,
        batch_size: int = MAX_OPS_PER_REQUEST,
        page_limit: int = 500,
        stall_timeout: float = DEFAULT_STALL_TIMEOUT,
        download_attempts: int = 4,
    ) -> None:
        if not 1 <= batch_size <= MAX_OPS_PER_REQUEST:
            raise ValueError(f"batch_size must be 1..{MAX_OPS_PER_REQUEST}")
        self.workspace = workspace
        self.client = client
        self.batch_size = batch_size
        self.page_limit = page_limit
        self.downloader = BundleDownloader(
            client, workspace, stall_timeout=stall_timeout, attempts=download_attempts
        )
        self._sent = 0
        self._acked = 0

    def run(
        self,
        progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
    ) -> SyncReport:
        """One full sync. Raises the client's errors (unreachable, not signed in, protocol,
        cancelled) after recording them as the workspace's last sync error."""
        previous_cancel = self.client.cancel
        if cancel is not None:
            self.client.cancel = cancel
        try:
            return self._run(progress, cancel)
        finally:
            self.client.cancel = previous_cancel

    def _run(self, progress: ProgressFn | None, cancel: threading.Event | None) -> SyncReport:
        self._sent = self._acked = 0
        try:
            self._push(progress)
            applied, resynced = self._pull(progress)
            if self.workspace.pending_ops(1):
                self._push(progress)
            downloaded, failures = self._download(progress, cancel)
        except SyncCancelledError:
            raise
        except SyncError as error:
            self.workspace.record_sync_outcome(str(error))
            raise
        overview = self.workspace.sync_overview()
        report = SyncReport(
            sent=self._sent,
            acked=self._acked,
            applied=applied,
            conflicts=overview.conflicts,
            not_accepted=overview.not_accepted,
            pending=overview.pending_ops,
            downloaded=downloaded,
            download_failures=tuple(failures),
            bundles_left=overview.bundles_to_download,
            revoked_unacknowledged=overview.revoked_unacknowledged,
            resynced=resynced,
        )
        self.workspace.record_sync_outcome(None)
        return report

    # -- push ------------------------------------------------------------------------------------
    def _push(self, progress: ProgressFn | None) -> None:
        for _round in range(MAX_PUSH_ROUNDS):
            self.client.check_cancelled()
            ops = self.workspace.pending_ops(self.batch_size)
            if not ops:
                return
            if progress is not None:
                progress(SyncProgress("push"))
            self._send(ops)
        raise PortalProtocolError("The outbox did not drain; please report this.")

    def _send(self, ops: Sequence[PendingOp]) -> None:
        self.workspace.mark_ops_sent([op.op_id for op in ops])
        try:
            results = self.client.push_ops([op.wire for op in ops])
        except PayloadTooLargeError:
            if len(ops) == 1:
                raise PortalRequestError(
                    f"The portal refused one change as too large (op {ops[0].op_id}); it is "
                    "kept in the outbox."
                ) from None
            half = len(ops) // 2
            self._send(ops[:half])
            self._send(ops[half:])
            return
        self._sent += len(ops)
        recorded = self.workspace.record_op_results(results)
        self._acked += recorded.acked

    # -- pull ------------------------------------------------------------------------------------
    def _pull(self, progress: ProgressFn | None) -> tuple[int, bool]:
        state = self.workspace.sync_state()
        if state is None:  # pragma: no cover - apply_changes would refuse too
            raise PortalRequestError("This workspace is not signed in to a portal.")
        since = state.cursor
        applied = restarts = 0
        resynced = state.resync
        while True:
            self.client.check_cancelled()
            if progress is not None:
                progress(SyncProgress("pull"))
            page = self.client.changes(since, self.page_limit)
            result = self.workspace.apply_changes(
                page.changes, page.epoch, page.cursor, more=page.more, reset=page.reset
            )
            if result.restarted:
                restarts += 1
                resynced = True
                if restarts > MAX_RESTARTS:
                    raise PortalProtocolError(
                        "The portal keeps restarting its change feed (epoch or reset); "
                        "try again later."
                    )
                log.info("change feed restarted (epoch %s, reset %s)", page.epoch, page.reset)
                since = 0
                continue
            applied += result.applied
            if not page.more:
                return applied, resynced
            if page.cursor <= since:
                raise PortalProtocolError(
                    "The portal's change feed did not move forward; try again later."
                )
            since = page.cursor

    # -- downloads -------------------------------------------------------------------------------
    def _download(
        self, progress: ProgressFn | None, cancel: threading.Event | None
    ) -> tuple[int, list[tuple[str, str]]]:
        todo = self.workspace.bundles_to_download()
        total_bytes = sum(a.bundle_size for a in todo)
        done_bytes = 0
        downloaded = 0
        failures: list[tuple[str, str]] = []
        for index, a in enumerate(todo):
            self.client.check_cancelled()

            def report(
                done: int,
                _total: int,
                index: int = index,
                sid: str = a.submission_id,
                before: int = done_bytes,
            ) -> None:
                if progress is not None:
                    progress(
                        SyncProgress("download", index, len(todo), before + done, total_bytes, sid)
                    )

            self.workspace.set_bundle_status(a.submission_id, BundleStatus.DOWNLOADING)
            try:
                self.downloader.download(a, progress=report, cancel=cancel)
            except (DownloadError, BundleError, WorkspaceError) as error:
                log.warning("bundle %s: %s", a.submission_id, error)
                self.workspace.set_bundle_status(a.submission_id, BundleStatus.FAILED, str(error))
                failures.append((a.submission_id, str(error)))
            except BaseException:
                self.workspace.set_bundle_status(a.submission_id, BundleStatus.PENDING)
                raise
            else:
                downloaded += 1
            done_bytes += a.bundle_size
            if progress is not None:
                progress(
                    SyncProgress("download", index + 1, len(todo), done_bytes, total_bytes, None)
                )
        return downloaded, failures
