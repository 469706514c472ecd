"""The model of sync in the desktop app: runs :class:`~assessor_app.sync.engine.SyncEngine` off
the GUI thread and tells the views what happens.

:class:`SyncController` owns at most one sync at a time. ``sync_now()`` starts one on a worker
thread (with a :class:`threading.Event` that ``cancel()`` sets); a timer starts one every few
minutes while the workspace is signed in. Views subscribe to its signals, all emitted on the
GUI thread: ``state_changed(str)`` (a :class:`SyncActivity` value), ``progress(SyncProgress)``,
``finished(SyncReport)``, ``failed(str)`` (a message a person can act on), ``cancelled()`` and
``overview_changed(SyncOverview)`` (the counts the status bar shows).

Threads and the workspace
-------------------------
The worker calls the :class:`~assessor_app.workspace.Workspace` while the assessor keeps judging
on the GUI thread. That is safe, and this is why:

- every public ``Workspace`` method takes the workspace's internal ``RLock`` for its whole
  transaction, and its engine is made with ``check_same_thread=False``, so calls from the two
  threads are serialised, one complete transaction after another (never interleaved inside
  SQLite, never two writers at once);
- the engine never holds that lock across network I/O: each step (read the sendable ops, count
  an attempt, record the answers, apply a feed page, mark a bundle) is one short transaction, and
  bundles are downloaded and extracted outside it;
- the sync rules are written for edits between those steps (:mod:`assessor_app.storage
  .sync_store`): a judgment made while its row's op is on the wire gets a new op that builds on
  the version the portal answers; a feed page never overwrites a row with an unanswered op.

So a GUI write at most waits for one short sync transaction to commit. The network side is a
plain daemon thread per run rather than a ``QThreadPool`` task: closing the app must not wait for
an HTTP request that is still in flight (``shutdown()`` cancels, waits a few seconds, and the
workspace's lock lets a late worker call fail cleanly once the workspace is closed).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from assessor_app.errors import (
    AssessorError,
    NotSignedInError,
    PortalUnreachableError,
    SyncCancelledError,
)
from assessor_app.sync.client import SIGN_IN_AGAIN, RetryPolicy
from assessor_app.sync.downloads import DEFAULT_STALL_TIMEOUT
from assessor_app.sync.engine import SyncEngine, SyncProgress, SyncReport
from assessor_app.sync.session import open_client
from assessor_app.workspace import SyncOverview, Workspace

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_MS = 5 * 60 * 1000
PROGRESS_MIN_INTERVAL_S = 0.1  # at most ten progress updates a second reach the GUI
SHUTDOWN_WAIT_S = 5.0
SIGN_IN_HINT = "choose Sync ▸ Sign in to a portal…"


class SyncActivity(StrEnum):
    IDLE = "idle"  # signed in, no sync running (the last one succeeded or was cancelled)
    SYNCING = "syncing"
    OFFLINE = "offline"  # the last sync could not reach the portal
    ERROR = "error"  # the last sync stopped for another reason (see ``last_error``)
    SIGNED_OUT = "signed_out"  # never signed in, or the portal no longer accepts the token


@dataclass(frozen=True)
class _Outcome:
    report: SyncReport | None = None
    error: BaseException | None = None


class _ProgressThrottle:
    """Passes on every change of phase or finished bundle, other updates at most every
    ``min_interval`` seconds (byte counts arrive many times a second)."""

    def __init__(
        self,
        emit: Callable[[SyncProgress], None],
        min_interval: float = PROGRESS_MIN_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._emit = emit
        self._min_interval = min_interval
        self._clock = clock
        self._key: tuple[str, int, bool] | None = None
        self._last = 0.0

    def __call__(self, p: SyncProgress) -> None:
        now = self._clock()
        key = (p.phase, p.bundles_done, p.current is None)
        if key != self._key or now - self._last >= self._min_interval:
            self._key, self._last = key, now
            self._emit(p)


def _explain(error: BaseException) -> tuple[SyncActivity, str]:
    """The state a failed sync leaves, and what to tell the person."""
    if isinstance(error, NotSignedInError):
        return SyncActivity.SIGNED_OUT, str(error).replace(SIGN_IN_AGAIN, SIGN_IN_HINT)
    if isinstance(error, PortalUnreachableError):
        return SyncActivity.OFFLINE, str(error)
    if isinstance(error, AssessorError):
        return SyncActivity.ERROR, str(error)
    return SyncActivity.ERROR, (
        f"Sync stopped because of an unexpected {type(error).__name__}: {error}. Everything "
        "saved on this computer is kept; please report this."
    )


class SyncController(QObject):
    """Runs syncs of one workspace; see the module's documentation."""

    state_changed = Signal(str)
    progress = Signal(object)  # SyncProgress
    finished = Signal(object)  # SyncReport
    failed = Signal(str)
    cancelled = Signal()
    overview_changed = Signal(object)  # SyncOverview

    # From the worker thread to this object (which lives on the GUI thread): always queued.
    _progress_from_worker = Signal(object)
    _outcome_from_worker = Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        *,
        interval_ms: int = DEFAULT_INTERVAL_MS,
        stall_timeout: float = DEFAULT_STALL_TIMEOUT,
        retry: RetryPolicy | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._stall_timeout = stall_timeout
        self._retry = retry
        self._thread: threading.Thread | None = None
        self._cancel: threading.Event | None = None
        self._overview = workspace.sync_overview()
        self._state = SyncActivity.IDLE if self._overview.signed_in else SyncActivity.SIGNED_OUT
        self.last_report: SyncReport | None = None
        self.last_error: str | None = None
        self.last_progress: SyncProgress | None = None
        queued = Qt.ConnectionType.QueuedConnection
        self._progress_from_worker.connect(self._on_progress, queued)
        self._outcome_from_worker.connect(self._on_outcome, queued)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._auto_sync)
        self.set_interval(interval_ms)

    # -- what views read ---------------------------------------------------------------------
    @property
    def state(self) -> SyncActivity:
        return self._state

    @property
    def overview(self) -> SyncOverview:
        return self._overview

    @property
    def running(self) -> bool:
        """A sync was started and its outcome has not been delivered yet."""
        return self._thread is not None

    @property
    def cancelling(self) -> bool:
        """The running sync was asked to stop and has not reported back yet."""
        return self._cancel is not None and self._cancel.is_set()

    @property
    def interval_ms(self) -> int:
        return self._timer.interval() if self._timer.isActive() else 0

    # -- commands ------------------------------------------------------------------------------
    def sync_now(self) -> bool:
        """Start a sync; False (and nothing started) when one is running or nobody signed in."""
        if self.running:
            return False
        if self._workspace.sync_state() is None:
            self.refresh_overview()
            self._fail(
                SyncActivity.SIGNED_OUT,
                f"This workspace is not signed in to a portal; {SIGN_IN_HINT}.",
            )
            return False
        cancel = threading.Event()
        self._cancel = cancel
        self.last_progress = None
        self._thread = threading.Thread(target=self._work, args=(cancel,), name="sync", daemon=True)
        self._set_state(SyncActivity.SYNCING)
        self._thread.start()
        return True

    def cancel(self) -> None:
        """Ask the running sync to stop; it reports ``cancelled`` when it has (what it did so
        far is kept, and the next sync carries on from there)."""
        if self._cancel is not None:
            self._cancel.set()

    def set_interval(self, interval_ms: int) -> None:
        """Sync automatically every ``interval_ms`` while signed in; 0 turns it off."""
        if interval_ms <= 0:
            self._timer.stop()
        else:
            self._timer.start(interval_ms)

    def signed_in(self) -> None:
        """The person signed in (again): leave ``signed_out`` and refresh the counts."""
        self.refresh_overview()
        if not self.running:
            self.last_error = None
            self._set_state(SyncActivity.IDLE)

    def refresh_overview(self) -> SyncOverview:
        """Read the sync counts again (after judging, resolving a conflict, ...)."""
        overview = self._workspace.sync_overview()
        if overview != self._overview:
            self._overview = overview
            self.overview_changed.emit(overview)
        if not overview.signed_in and not self.running:
            self._set_state(SyncActivity.SIGNED_OUT)
        return overview

    def shutdown(self, wait_s: float = SHUTDOWN_WAIT_S) -> bool:
        """Stop the timer, cancel a running sync and wait up to ``wait_s`` for it to end.
        True when no sync thread is left running."""
        self._timer.stop()
        self.cancel()
        thread = self._thread
        if thread is None:
            return True
        thread.join(wait_s)
        if thread.is_alive():
            log.warning("the sync did not stop within %.0f s; leaving it behind", wait_s)
            return False
        return True

    # -- the worker ------------------------------------------------------------------------------
    def _work(self, cancel: threading.Event) -> None:
        """On the worker thread: one sync, and always exactly one outcome reported back."""
        outcome = _Outcome(error=RuntimeError("the sync thread stopped without an answer"))
        try:
            with open_client(
                self._workspace, cancel=cancel, retry=self._retry, sign_in_hint=SIGN_IN_HINT
            ) as client:
                engine = SyncEngine(self._workspace, client, stall_timeout=self._stall_timeout)
                throttle = _ProgressThrottle(self._progress_from_worker.emit)
                outcome = _Outcome(report=engine.run(progress=throttle, cancel=cancel))
        except AssessorError as exc:
            outcome = _Outcome(error=exc)
        except Exception as exc:
            log.exception("sync failed unexpectedly")
            outcome = _Outcome(error=exc)
        finally:
            try:
                self._outcome_from_worker.emit(outcome)
            except RuntimeError:  # the controller is gone (the app is closing): nobody to tell
                log.info("sync ended after the window closed: %s", outcome.error or "done")

    # -- back on the GUI thread ------------------------------------------------------------------
    @Slot(object)
    def _on_progress(self, p: SyncProgress) -> None:
        if self.running:
            self.last_progress = p
            self.progress.emit(p)

    @Slot(object)
    def _on_outcome(self, outcome: _Outcome) -> None:
        self._thread = None
        self._cancel = None
        self.refresh_overview()
        if outcome.report is not None:
            self.last_report = outcome.report
            self.last_error = None
            self._set_state(SyncActivity.IDLE)
            self.finished.emit(outcome.report)
            return
        error = outcome.error
        assert error is not None
        if isinstance(error, SyncCancelledError):
            self._set_state(SyncActivity.IDLE)
            self.cancelled.emit()
            return
        self._fail(*_explain(error))

    def _auto_sync(self) -> None:
        if self.running or self._state is SyncActivity.SIGNED_OUT:
            return
        if self._workspace.sync_state() is not None:
            self.sync_now()

    def _fail(self, state: SyncActivity, message: str) -> None:
        self.last_error = message
        self._set_state(state)
        self.failed.emit(message)

    def _set_state(self, state: SyncActivity) -> None:
        if state is not self._state:
            self._state = state
            self.state_changed.emit(state.value)
