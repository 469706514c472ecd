"""The workspace: what an assessor can do, as methods. The UI, the CLI and most tests use this.

A workspace is a folder::

    <data_dir>/workspace.sqlite3   judgments, outbox, positions, imported manifests (SQLite, WAL)
    <data_dir>/bundles/<name>/     each imported bundle, extracted and verified
    <data_dir>/backups/            copies of the database made before each schema upgrade
    <data_dir>/.lock               held while the workspace is open (one app at a time)

Guarantees:

- **A change is durable when its method returns.** ``judge``, ``clear_judgment``, ``submit``
  and ``save_position`` commit before returning, with ``synchronous=FULL`` in WAL mode (see
  :mod:`assessor_app.storage.engine`), so the change survives a crash of the app, of the OS, or
  a dead battery. If the method raised, nothing of it was stored.
- **Every change to a judgment has its outbox entry**, written in the same transaction
  (``judge``/``clear``/``submit`` ops with a fresh UUID4 ``op_id``); sync acknowledges them
  later. A repeated ``judge`` with the same level and comment changes nothing and queues nothing.
- **Bundles are extracted before their database row exists.** A crash in between leaves a folder
  that no row names; :meth:`Workspace.open` removes such folders and ``.staging-*`` leftovers.

Sync with the portal (``docs/sync-protocol.md``) goes through methods here as well, each one
transaction: the pinned identity (:meth:`Workspace.set_sync_identity`), the change feed
(:meth:`Workspace.apply_changes`), the outbox's answers (:meth:`Workspace.pending_ops`,
:meth:`Workspace.record_op_results`), conflicts, not-accepted changes and revocations. The
rules live in :mod:`assessor_app.storage.sync_store`; the network side in
:mod:`assessor_app.sync`. Once signed in, :meth:`Workspace.import_bundle` accepts only bundles
signed with the pinned key, from the portal or from a file.

A lead assessor uses the same workspace: once the portal released both assessors' scores of a
submission the person leads, :meth:`Workspace.blind_scores` has them, ``judge`` takes a
``rationale``, and ``submit`` is the final decision. Assessors file identity reports and the
lead reassigns (:meth:`Workspace.report_identity`, :meth:`Workspace.reassign`). The rules live
in :mod:`assessor_app.storage.lead_store`; the feed's entries are applied by
:mod:`assessor_app.storage.lead_feed` within the pull's transaction.

Threads: a :class:`Workspace` is meant to be used from one thread at a time (the UI has one
writer thread for it). Every public method takes an internal lock, and the engine is created
with ``check_same_thread=False``, so an accidental call from a second thread waits instead of
corrupting anything; it is still a bug in the caller.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import shutil
import sys
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from assessor_app import APP_NAME
from assessor_app.bundle.manifest import manifest_from_json, manifest_to_json
from assessor_app.bundle.reader import extract_bundle
from assessor_app.bundle.signature import verify_signature
from assessor_app.domain.citations import CitationProblem, citation_problems
from assessor_app.domain.decision import narrative_word_counts, overall_result, submit_blockers
from assessor_app.domain.model import Manifest
from assessor_app.domain.reconcile import BlindScores
from assessor_app.errors import (
    BundleMissingError,
    DiskFullError,
    DuplicateBundleError,
    IncompleteSubmissionError,
    InvalidLevelError,
    NoConflictError,
    NotRevokedError,
    NotSignedInError,
    PortalIdentityError,
    SubmissionLockedError,
    UnknownArtifactError,
    UnknownSubmissionError,
    UnknownTargetError,
    WorkspaceInUseError,
)
from assessor_app.storage import lead_feed, lead_store, sync_store
from assessor_app.storage.engine import is_disk_full, open_engine, translate_errors, writer
from assessor_app.storage.lead_store import AgreementRecord, IdentityReport
from assessor_app.storage.migrate import migrate
from assessor_app.storage.models import (
    AssignmentRow,
    ConflictRow,
    JudgmentRow,
    Meta,
    OutboxRow,
    PositionRow,
    SubmissionRow,
    SyncStateRow,
)
from assessor_app.storage.sync_store import (
    ApplyResult,
    Assignment,
    BundleStatus,
    Conflict,
    NotAccepted,
    OpsRecorded,
    OpState,
    PendingOp,
    SyncState,
)
from assessor_app.sync.protocol import (
    AssignmentState,
    Change,
    OpResult,
    ProtocolViolation,
    decode_signing_key,
)

log = logging.getLogger(__name__)

DB_NAME = "workspace.sqlite3"
BUNDLES_DIR = "bundles"
DOWNLOADS_DIR = "downloads"
BACKUPS_DIR = "backups"
LOCK_NAME = ".lock"
STAGING_PREFIX = ".staging-"
MAX_POSITION_BYTES = 64 * 1024
MAX_REASONS_SHOWN = 4


# --- what the methods return -----------------------------------------------------------------
class SubmissionStatus(StrEnum):
    NEW = "new"  # nothing judged yet
    IN_PROGRESS = "in_progress"  # some judged, not ready to submit
    READY = "ready"  # everything judged, every "not yet" has feedback
    SUBMITTED = "submitted"  # submitted and locked
    CONFLICT = "conflict"  # sync found a different value on the portal (set by sync)
    REVOKED = "revoked"  # the portal withdrew the submission (set by sync)


class OutboxKind(StrEnum):
    JUDGE = "judge"
    CLEAR = "clear"
    SUBMIT = "submit"
    REPORT_IDENTITY = "report_identity"
    REASSIGN = "reassign"


@dataclass(frozen=True)
class SubmissionSummary:
    id: str
    credential_id: str
    credential_title: str
    credential_version: str
    status: SubmissionStatus
    due: str | None
    judged: int
    total: int
    imported_at: str
    updated_at: str
    role: str = lead_store.ROLE_ASSESSOR  # "assessor" or "lead"
    released: bool = False  # a lead's: both assessors' scores are here
    disagreements: int | None = None  # a lead's, once released: targets the two differ on
    open_identity_reports: int = 0


@dataclass(frozen=True)
class Judgment:
    target_id: str
    level: str
    comment: str
    updated_at: str  # UTC ISO 8601, for display only
    revision: int  # counts every change of this target (judge or clear), starting at 1
    rationale: str = ""  # a lead's reason for the final level; "" for an assessor


@dataclass(frozen=True)
class OpenSubmission:
    manifest: Manifest
    bundle_dir: Path
    citation_problems: tuple[CitationProblem, ...]
    locked: bool

    @property
    def submission_id(self) -> str:
        return self.manifest.submission_id

    def artifact_path(self, artifact_id: str) -> Path:
        artifact = self.manifest.artifact(artifact_id)
        if artifact is None:
            raise UnknownArtifactError(
                f"Submission {self.submission_id} has no artifact {artifact_id!r}."
            )
        return self.bundle_dir.joinpath(*artifact.path.split("/"))


@dataclass(frozen=True)
class OutboxEntry:
    op_id: str
    seq: int
    kind: OutboxKind
    submission_id: str
    target_id: str | None
    payload: dict[str, Any] = field(hash=False)
    created_at: str
    acked_at: str | None
    attempts: int
    status: OpState = OpState.PENDING
    message: str | None = None


@dataclass(frozen=True)
class SyncOverview:
    """Everything a status bar needs about sync, in one read."""

    signed_in: bool
    server_url: str | None
    username: str | None
    last_sync_at: str | None
    last_error: str | None
    pending_ops: int  # changes waiting to be sent
    conflicts: int  # judgments where the portal holds another value: the person chooses
    not_accepted: int  # changes the portal refused (locked, forbidden, invalid), kept
    revoked_unacknowledged: int  # withdrawn submissions the person has not acknowledged
    bundles_to_download: int
    bundles_failed: int

    @property
    def up_to_date(self) -> bool:
        return self.signed_in and not (
            self.pending_ops
            or self.conflicts
            or self.not_accepted
            or self.bundles_to_download
            or self.bundles_failed
        )


# --- helpers -----------------------------------------------------------------------------------
def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _fsync_dir(path: Path) -> None:
    if os.name == "nt":  # directories cannot be fsynced on Windows
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_SAFE_DIR_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{p}{n}" for p in ("COM", "LPT") for n in "123456789"
}


def _bundle_dir_name(submission_id: str, taken: set[str]) -> str:
    """A folder name for the bundle: the id itself when it is a plain, portable name."""
    digest = hashlib.sha256(submission_id.encode()).hexdigest()
    if _SAFE_DIR_NAME.fullmatch(submission_id) and submission_id.upper() not in _WINDOWS_RESERVED:
        name = submission_id
    else:
        name = f"s-{digest[:24]}"
    if name.casefold() in taken:  # case-insensitive file systems (macOS, Windows)
        name = f"{name}-{digest[:8]}"
    return name


def download_stem(submission_id: str) -> str:
    """The start of the file names of ``submission_id``'s downloads in ``downloads/``."""
    return "d-" + hashlib.sha256(submission_id.encode()).hexdigest()[:24]


def _remove_tree(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        pass
    except OSError as error:  # an orphan left behind is harmless; say so and carry on
        log.warning("could not remove leftover %s: %s", path, error)


class _DirLock:
    """An exclusive, advisory lock on ``<data_dir>/.lock``, released by the OS if we die."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._fh: IO[bytes] | None = None

    def acquire(self) -> None:
        fh = self._path.open("a+b")
        try:
            if sys.platform == "win32":
                import msvcrt

                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            fh.close()
            raise WorkspaceInUseError(
                f"The workspace in {self._path.parent} is open in another {APP_NAME} window; "
                "close it there first."
            ) from error
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()  # closing the file releases the lock
            self._fh = None


def _judgment(row: JudgmentRow) -> Judgment:
    assert row.level is not None
    return Judgment(
        row.target_id, row.level, row.comment, row.updated_at, row.revision, row.rationale
    )


def _decision_input(current: Mapping[str, Judgment]) -> dict[str, tuple[str | None, str]]:
    """Judgments as the decision rule takes them: target id -> (level code, feedback)."""
    return {t: (j.level, j.comment) for t, j in current.items()}


def _submit_check(
    manifest: Manifest, current: Mapping[str, Judgment]
) -> tuple[list[str], list[str]]:
    """(targets, reasons) that keep the submission from being submitted, in rubric order, by
    the rule of :mod:`assessor_app.domain.decision`: unjudged targets, judgments below
    proficient without feedback, parts judged proficient although short of their minimum."""
    rubric = manifest.rubric
    judgments = _decision_input(current)
    counts = narrative_word_counts(manifest)
    result = overall_result(rubric, judgments, word_counts=counts)
    blocking = set(result.unjudged) | set(result.missing_feedback)
    blocking |= set(result.below_minimum) - set(result.not_proficient)
    missing = [t for t in rubric.target_ids() if t in blocking]
    return missing, submit_blockers(rubric, judgments, word_counts=counts)


# --- the workspace -------------------------------------------------------------------------------
class Workspace:
    """One assessor's workspace folder. Open with :meth:`open`; close (or use ``with``)."""

    def __init__(self, data_dir: Path, engine: Engine, lock: _DirLock) -> None:
        self.data_dir = data_dir
        self._engine = engine
        self._writer = writer(engine)
        self._dir_lock = lock
        self._lock = threading.RLock()
        self._import_lock = threading.Lock()
        self._manifests: dict[str, Manifest] = {}
        self._closed = False

    # -- life cycle --------------------------------------------------------------------------
    @classmethod
    def open(cls, data_dir: Path) -> Workspace:
        """Open (creating when new) the workspace in ``data_dir``.

        Checks the database (``quick_check``), refuses one written by a newer app, backs up and
        migrates an older one, and removes bundle folders left behind by an interrupted import.
        """
        data_dir = Path(data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        lock = _DirLock(data_dir / LOCK_NAME)
        lock.acquire()
        engine: Engine | None = None
        try:
            (data_dir / BUNDLES_DIR).mkdir(exist_ok=True)
            db_path = data_dir / DB_NAME
            engine = open_engine(db_path)
            migrate(engine, db_path, data_dir / BACKUPS_DIR)
            workspace = cls(data_dir, engine, lock)
            workspace._remove_orphans()
        except BaseException:
            if engine is not None:
                engine.dispose()
            lock.release()
            raise
        return workspace

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._engine.dispose()
            self._dir_lock.release()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def engine(self) -> Engine:
        """The database engine, for the storage-level collaborators (sync) and tests."""
        return self._engine

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_NAME

    @property
    def bundles_dir(self) -> Path:
        return self.data_dir / BUNDLES_DIR

    @property
    def workspace_id(self) -> str:
        """A random id of this workspace, made when it was created."""
        with self._read() as s:
            return s.execute(select(Meta.value).where(Meta.key == "workspace_id")).scalar_one()

    # -- transactions --------------------------------------------------------------------------
    @contextmanager
    def _read(self) -> Iterator[Session]:
        with self._lock:
            self._check_open()
            with translate_errors(self.db_path), Session(self._engine) as s, s.begin():
                yield s

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One ``BEGIN IMMEDIATE`` transaction, committed (durably) when the block ends."""
        with self._lock:
            self._check_open()
            with (
                translate_errors(self.db_path),
                Session(self._writer, expire_on_commit=False) as s,
                s.begin(),
            ):
                yield s

    @property
    def closed(self) -> bool:
        """True once :meth:`close` has run (a window still showing it must stop reading)."""
        return self._closed

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("the workspace is closed")

    def _row(self, s: Session, submission_id: str) -> SubmissionRow:
        row = s.get(SubmissionRow, submission_id)
        if row is None:
            raise UnknownSubmissionError(
                f"There is no submission {submission_id} in this workspace."
            )
        return row

    def _manifest(self, row: SubmissionRow) -> Manifest:
        manifest = self._manifests.get(row.id)
        if manifest is None:
            manifest = manifest_from_json(json.loads(row.manifest_json))
            self._manifests[row.id] = manifest
        return manifest

    @staticmethod
    def _check_writable(row: SubmissionRow) -> None:
        if row.revoked_at is not None:
            raise SubmissionLockedError(
                f"Submission {row.id} was withdrawn by the portal; it can no longer be scored."
            )
        if row.locked:
            raise SubmissionLockedError(
                f"Submission {row.id} was submitted; its judgments can no longer change."
            )

    @staticmethod
    def _enqueue(
        s: Session,
        kind: OutboxKind,
        submission_id: str,
        target_id: str | None,
        payload: Mapping[str, Any],
        now: str,
    ) -> None:
        sync_store.enqueue(s, kind.value, submission_id, target_id, payload, now)

    @staticmethod
    def _current(s: Session, submission_id: str) -> dict[str, Judgment]:
        rows = s.scalars(
            select(JudgmentRow).where(
                JudgmentRow.submission_id == submission_id, JudgmentRow.level.is_not(None)
            )
        )
        return {r.target_id: _judgment(r) for r in rows}

    # -- bundles -------------------------------------------------------------------------------
    def _remove_orphans(self) -> None:
        with self._read() as s:
            known = set(s.scalars(select(SubmissionRow.bundle_dir)))
        for entry in self.bundles_dir.iterdir():
            if entry.name not in known:
                log.info("removing %s, left behind by an interrupted import", entry.name)
                _remove_tree(entry)

    def import_bundle(self, path: Path) -> str:
        """Verify and extract the bundle at ``path``, record it, and return its submission id.

        The same bundle again is a no-op (its files are restored if they went missing). A
        different bundle for a submission id already here is refused
        (:class:`DuplicateBundleError`). Bundle errors pass through; nothing is kept from a
        refused bundle.
        """
        path = Path(path)
        with self._import_lock:
            try:
                return self._import(path)
            except (OSError, DiskFullError) as error:
                if isinstance(error, DiskFullError) or is_disk_full(error):
                    raise DiskFullError(
                        "The disk is full: the bundle was not imported. Free some space and "
                        "import it again; everything saved before is safe."
                    ) from error
                raise

    def _import(self, path: Path) -> str:
        # Extract first (one verified pass over the bytes), then compare with what is here:
        # re-importing is rare, importing new bundles is not.
        staging = self.bundles_dir / f"{STAGING_PREFIX}{uuid.uuid4().hex}"
        try:
            verified = extract_bundle(path, staging)
            key = self._pinned_signing_key()
            if key is not None:  # signed in to a portal: only its signed bundles
                verify_signature(key, verified)
            manifest = verified.manifest
            submission_id = manifest.submission_id
            with self._read() as s:
                existing = s.execute(
                    select(SubmissionRow.bundle_sha256, SubmissionRow.bundle_dir).where(
                        SubmissionRow.id == submission_id
                    )
                ).first()
                taken = {d.casefold() for d in s.scalars(select(SubmissionRow.bundle_dir))}
            if existing is not None:
                if existing.bundle_sha256 != verified.bundle_sha256:
                    raise DuplicateBundleError(
                        f"Submission {submission_id} is already in this workspace from a "
                        "different bundle file; the new bundle was not imported. Keep working "
                        "on the one you have, or ask the portal administrator which is current."
                    )
                known_dir = self.bundles_dir / existing.bundle_dir
                if not known_dir.is_dir():  # same bundle, its folder had gone: put it back
                    self._move_into_place(staging, known_dir)
                self._mark_bundle_ready(submission_id, verified.bundle_sha256)
                return submission_id

            dir_name = _bundle_dir_name(submission_id, taken)
            dest = self.bundles_dir / dir_name
            self._move_into_place(staging, dest)
            try:
                with self._write() as s:
                    now = _utc_now()
                    sub = SubmissionRow(
                        id=submission_id,
                        credential_id=manifest.credential.id,
                        credential_title=manifest.credential.title,
                        credential_version=manifest.credential.version,
                        manifest_json=json.dumps(
                            manifest_to_json(manifest), ensure_ascii=False, sort_keys=True
                        ),
                        bundle_sha256=verified.bundle_sha256,
                        bundle_dir=dir_name,
                        imported_at=now,
                        due=manifest.due,
                        submitted_at=None,
                        locked=False,
                        revoked_at=None,
                        conflict=False,
                    )
                    s.add(sub)
                    s.flush()
                    sync_store.on_import(s, sub, now)
            except BaseException:
                _remove_tree(dest)
                raise
            self._manifests[submission_id] = manifest
            return submission_id
        finally:
            if staging.exists():
                _remove_tree(staging)

    def _move_into_place(self, staging: Path, dest: Path) -> None:
        if dest.exists():  # an orphan no row names (checked by the caller)
            _remove_tree(dest)
        staging.replace(dest)
        _fsync_dir(self.bundles_dir)

    # -- reading -------------------------------------------------------------------------------
    def submissions(self) -> list[SubmissionSummary]:
        """Every submission in the workspace, soonest due first, then by id."""
        with self._read() as s:
            rows = list(s.scalars(select(SubmissionRow)))
            judgments: dict[str, dict[str, Judgment]] = {r.id: {} for r in rows}
            touched: dict[str, str] = {}
            for j in s.scalars(select(JudgmentRow)):
                if j.level is not None:
                    judgments[j.submission_id][j.target_id] = _judgment(j)
                touched[j.submission_id] = max(touched.get(j.submission_id, ""), j.updated_at)
            facts = lead_store.lead_facts(s, {r.id: self._manifest(r).rubric for r in rows})
            summaries = []
            for row in rows:
                manifest = self._manifest(row)
                rubric = manifest.rubric
                current = judgments[row.id]
                targets = rubric.target_ids()
                judged = sum(1 for t in targets if t in current)
                summaries.append(
                    SubmissionSummary(
                        id=row.id,
                        credential_id=row.credential_id,
                        credential_title=row.credential_title,
                        credential_version=row.credential_version,
                        status=self._status(row, manifest, current),
                        due=row.due,
                        judged=judged,
                        total=len(targets),
                        imported_at=row.imported_at,
                        updated_at=max(
                            row.imported_at, touched.get(row.id, ""), row.submitted_at or ""
                        ),
                        role=facts[row.id].role,
                        released=facts[row.id].released,
                        disagreements=facts[row.id].disagreements,
                        open_identity_reports=facts[row.id].open_identity_reports,
                    )
                )
        summaries.sort(key=lambda x: (x.due is None, x.due or "", x.id))
        return summaries

    @staticmethod
    def _status(
        row: SubmissionRow, manifest: Manifest, current: Mapping[str, Judgment]
    ) -> SubmissionStatus:
        if row.revoked_at is not None:
            return SubmissionStatus.REVOKED
        if row.conflict:
            return SubmissionStatus.CONFLICT
        if row.locked:
            return SubmissionStatus.SUBMITTED
        if not current:
            return SubmissionStatus.NEW
        if _submit_check(manifest, current)[0]:
            return SubmissionStatus.IN_PROGRESS
        return SubmissionStatus.READY

    def submission(self, submission_id: str) -> OpenSubmission:
        with self._read() as s:
            row = self._row(s, submission_id)
            manifest = self._manifest(row)
            bundle_dir = self.bundles_dir / row.bundle_dir
            locked = row.locked or row.revoked_at is not None
        if not bundle_dir.is_dir():
            raise BundleMissingError(
                f"The files of submission {submission_id} are missing from this computer "
                "(your judgments are kept); import its bundle again."
            )
        return OpenSubmission(manifest, bundle_dir, tuple(citation_problems(manifest)), locked)

    def judgments(self, submission_id: str) -> dict[str, Judgment]:
        """The current judgments of a submission by target id, in rubric order."""
        with self._read() as s:
            row = self._row(s, submission_id)
            current = self._current(s, submission_id)
            order = {t: i for i, t in enumerate(self._manifest(row).rubric.target_ids())}
        return dict(sorted(current.items(), key=lambda kv: order.get(kv[0], len(order))))

    # -- changing --------------------------------------------------------------------------------
    def judge(
        self, submission_id: str, target_id: str, level: str, comment: str = "", rationale: str = ""
    ) -> Judgment:
        """Record a judgment of one target; it is on disk when this returns.

        Feedback is not required here (the assessor may type it next), only at :meth:`submit`.
        A lead judges once both assessors' scores are here (else
        :class:`~assessor_app.errors.ScoresNotReleasedError`) and may give a ``rationale``;
        an assessor may not (:class:`~assessor_app.errors.RoleError`).
        """
        with self._write() as s:
            row = self._row(s, submission_id)
            self._check_writable(row)
            lead_store.check_judge(s, submission_id, rationale)
            rubric = self._manifest(row).rubric
            if target_id not in rubric.target_ids():
                raise UnknownTargetError(
                    f"{target_id!r} is not a detail or judged part in the rubric of "
                    f"submission {submission_id}."
                )
            if rubric.level(level) is None:
                codes = ", ".join(lv.code for lv in rubric.levels)
                raise InvalidLevelError(
                    f"{level!r} is not a level of the rubric of submission {submission_id} "
                    f"(its levels are {codes})."
                )
            j = s.scalars(
                select(JudgmentRow).where(
                    JudgmentRow.submission_id == submission_id, JudgmentRow.target_id == target_id
                )
            ).one_or_none()
            if (
                j is not None
                and j.level == level
                and j.comment == comment
                and j.rationale == rationale
            ):
                return _judgment(j)  # nothing changed: nothing to store or send
            now = _utc_now()
            if j is None:
                j = JudgmentRow(
                    submission_id=submission_id,
                    target_id=target_id,
                    level=level,
                    comment=comment,
                    rationale=rationale,
                    updated_at=now,
                    revision=1,
                    base_version=0,
                )
                s.add(j)
            else:
                j.level, j.comment, j.rationale, j.updated_at = level, comment, rationale, now
                j.revision += 1
            s.flush()
            self._enqueue(
                s,
                OutboxKind.JUDGE,
                submission_id,
                target_id,
                {
                    "submission_id": submission_id,
                    "target_id": target_id,
                    "level": level,
                    "comment": comment,
                    "rationale": rationale,
                    "revision": j.revision,
                    "updated_at": now,
                    "base_version": j.base_version,
                },
                now,
            )
            result = _judgment(j)
        return result

    def clear_judgment(self, submission_id: str, target_id: str) -> None:
        """Take a target back to unjudged (undo). Nothing to clear is a no-op."""
        with self._write() as s:
            row = self._row(s, submission_id)
            self._check_writable(row)
            lead_store.check_judge(s, submission_id, "")
            if target_id not in self._manifest(row).rubric.target_ids():
                raise UnknownTargetError(
                    f"{target_id!r} is not a detail or judged part in the rubric of "
                    f"submission {submission_id}."
                )
            j = s.scalars(
                select(JudgmentRow).where(
                    JudgmentRow.submission_id == submission_id, JudgmentRow.target_id == target_id
                )
            ).one_or_none()
            if j is None or j.level is None:
                return
            now = _utc_now()
            j.level, j.comment, j.rationale, j.updated_at = None, "", "", now
            j.revision += 1
            s.flush()
            self._enqueue(
                s,
                OutboxKind.CLEAR,
                submission_id,
                target_id,
                {
                    "submission_id": submission_id,
                    "target_id": target_id,
                    "revision": j.revision,
                    "updated_at": now,
                    "base_version": j.base_version,
                },
                now,
            )

    def submit(self, submission_id: str) -> None:
        """Submit and lock the submission, once every target is judged and every judgment
        below proficient has feedback; otherwise raise :class:`IncompleteSubmissionError`.
        A lead's submit is the final decision: it also needs the released scores and every
        rationale :meth:`reconcile_blockers` asks for."""
        with self._write() as s:
            row = self._row(s, submission_id)
            self._check_writable(row)
            current = self._current(s, submission_id)
            conflicted = list(
                s.scalars(
                    select(ConflictRow.target_id).where(ConflictRow.submission_id == submission_id)
                )
            )
            if conflicted:
                raise IncompleteSubmissionError(
                    f"Submission {submission_id} cannot be submitted yet: the portal holds "
                    f"other values for {len(conflicted)} judgment(s); choose which to keep first.",
                    conflicted,
                )
            lead_store.check_released(s, submission_id)  # a lead's submit: the final decision
            missing, reasons = _submit_check(self._manifest(row), current)
            if missing:
                shown = "; ".join(reasons[:MAX_REASONS_SHOWN])
                if len(reasons) > MAX_REASONS_SHOWN:
                    shown += f"; and {len(reasons) - MAX_REASONS_SHOWN} more"
                raise IncompleteSubmissionError(
                    f"Submission {submission_id} cannot be submitted yet: {shown}.", missing
                )
            lead_store.check_rationales(s, submission_id, self._manifest(row).rubric, current)
            now = _utc_now()
            row.submitted_at = now
            row.locked = True
            self._enqueue(
                s,
                OutboxKind.SUBMIT,
                submission_id,
                None,
                {
                    "submission_id": submission_id,
                    "submitted_at": now,
                    "judgments": {
                        t: {"level": j.level, "comment": j.comment, "revision": j.revision}
                        | ({"rationale": j.rationale} if j.rationale else {})
                        for t, j in current.items()
                    },
                },
                now,
            )

    # -- lead assessors and identity reports ------------------------------------------------------
    # The rules live in :mod:`assessor_app.storage.lead_store`.
    def role(self, submission_id: str) -> str:
        """``"lead"`` when the portal made this person the submission's lead, else
        ``"assessor"`` (also for a bundle imported from a file)."""
        with self._read() as s:
            return lead_store.role(s, submission_id)

    def blind_scores(self, submission_id: str) -> tuple[BlindScores, BlindScores] | None:
        """A lead's copy of both assessors' submitted scores (ordered by assessor name), or
        None until the portal released them and this computer synced."""
        with self._read() as s:
            return lead_store.blind_scores(s, submission_id)

    def reconcile_blockers(self, submission_id: str) -> list[str]:
        """Why the lead cannot finalize yet (rationales needed, targets without a final
        level, or the scores not being released); empty for an assessor's submission."""
        with self._read() as s:
            row = self._row(s, submission_id)
            current = self._current(s, submission_id)
            return lead_store.reconcile_blockers(
                s, submission_id, self._manifest(row).rubric, current
            )

    def report_identity(self, submission_id: str, where: str, note: str) -> None:
        """Report that the submission reveals who the candidate is (``where``: a place in the
        submission, never the identity). Queued for the portal, which tells only the lead."""
        with self._write() as s:
            row = self._row(s, submission_id)
            state = sync_store.get_state(s)
            reporter = state.username if state is not None else ""
            lead_store.report_identity(s, row, reporter, where, note, _utc_now())

    def identity_reports(self, submission_id: str | None = None) -> list[IdentityReport]:
        """Identity reports filed here, and (for a lead) those the portal sent, oldest first."""
        with self._read() as s:
            return lead_store.identity_reports(s, submission_id)

    def reassign(self, submission_id: str, from_user: str, to_user: str) -> None:
        """As the submission's lead, replace assessor ``from_user`` by ``to_user`` (queued; the
        portal checks both names and answers in the not-accepted list if it refuses)."""
        with self._write() as s:
            row = self._row(s, submission_id)
            lead_store.reassign(s, row, from_user, to_user, _utc_now())

    def agreement_records(
        self,
        credential_id: str | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
    ) -> list[AgreementRecord]:
        """One record per target of each released submission this person leads, with both
        assessors' levels; filtered by credential and release day (ISO dates, inclusive)."""
        with self._read() as s:

            def manifest_of(sid: str) -> Manifest | None:
                row = s.get(SubmissionRow, sid)
                return self._manifest(row) if row is not None else None

            return lead_store.agreement_records(s, manifest_of, credential_id, since, until)

    # -- where the assessor left off -------------------------------------------------------------
    def save_position(self, submission_id: str, position: Mapping[str, object]) -> None:
        """Remember where the assessor is (JSON-compatible values: part, target, page, ...)."""
        text = json.dumps(dict(position), ensure_ascii=False, allow_nan=False, sort_keys=True)
        if len(text.encode()) > MAX_POSITION_BYTES:
            raise ValueError(f"a position is at most {MAX_POSITION_BYTES} bytes of JSON")
        with self._write() as s:
            self._row(s, submission_id)
            now = _utc_now()
            saved = s.get(PositionRow, submission_id)
            if saved is None:
                s.add(PositionRow(submission_id=submission_id, position_json=text, updated_at=now))
            elif saved.position_json != text:
                saved.position_json, saved.updated_at = text, now

    def position(self, submission_id: str) -> dict[str, object]:
        """The last saved position, or ``{}``."""
        with self._read() as s:
            self._row(s, submission_id)
            saved = s.get(PositionRow, submission_id)
            text = saved.position_json if saved is not None else "{}"
        loaded: dict[str, object] = json.loads(text)
        return loaded

    # -- the outbox --------------------------------------------------------------------------------
    def pending_changes(self) -> int:
        """How many changes the portal has not acknowledged yet: waiting to be sent, in
        conflict, or not accepted (superseded ones, replaced by a choice, are not counted)."""
        with self._read() as s:
            return s.execute(
                select(func.count())
                .select_from(OutboxRow)
                .where(OutboxRow.acked_at.is_(None), OutboxRow.status != OpState.SUPERSEDED.value)
            ).scalar_one()

    def outbox(self, *, include_acked: bool = False) -> list[OutboxEntry]:
        """The outbox in the order the changes were made (unacknowledged ones by default;
        ``include_acked`` lists every entry, acknowledged and superseded ones too)."""
        query = select(OutboxRow).order_by(OutboxRow.seq)
        if not include_acked:
            query = query.where(
                OutboxRow.acked_at.is_(None), OutboxRow.status != OpState.SUPERSEDED.value
            )
        with self._read() as s:
            return [
                OutboxEntry(
                    op_id=r.op_id,
                    seq=r.seq,
                    kind=OutboxKind(r.kind),
                    submission_id=r.submission_id,
                    target_id=r.target_id,
                    payload=json.loads(r.payload),
                    created_at=r.created_at,
                    acked_at=r.acked_at,
                    attempts=r.attempts,
                    status=OpState(r.status),
                    message=r.message,
                )
                for r in s.scalars(query)
            ]

    # -- sync: the portal's identity -------------------------------------------------------------
    @property
    def downloads_dir(self) -> Path:
        """Where bundle downloads land (``<id>.part`` while they run); made when needed."""
        return self.data_dir / DOWNLOADS_DIR

    def sync_state(self) -> SyncState | None:
        """The portal this workspace is pinned to and how far its feed was applied, or None
        before the first sign-in."""
        with self._read() as s:
            row = sync_store.get_state(s)
            return sync_store.to_state(row) if row is not None else None

    def _pinned_signing_key(self) -> bytes | None:
        with self._read() as s:
            key = s.execute(select(SyncStateRow.signing_key)).scalar_one_or_none()
        return base64.b64decode(key) if key is not None else None

    def check_sync_identity(
        self, server: str, username: str, portal_id: str, signing_key: str
    ) -> None:
        """Raise :class:`PortalIdentityError` when signing in as ``username`` to the portal
        ``portal_id`` with ``signing_key`` would break what this workspace is pinned to.

        A workspace belongs to one person on one portal: another portal id or another user is
        refused, and so is another signing key for the pinned portal id (a portal that changes
        its key is not the one the bundles came from). The server URL may change.
        """
        try:
            decode_signing_key(signing_key)
        except ProtocolViolation as error:
            raise PortalIdentityError(f"The portal at {server}: {error}.") from None
        state = self.sync_state()
        if state is None:
            return
        if portal_id != state.portal_id:
            raise PortalIdentityError(
                f"This workspace belongs to another portal (id {state.portal_id}, last at "
                f"{state.server_url}); {server} is portal {portal_id}. Use another data folder "
                "for it."
            )
        if username != state.username:
            raise PortalIdentityError(
                f"This workspace belongs to {state.username} on {state.server_url}; sign in "
                f"as {username} with another data folder."
            )
        if base64.b64decode(signing_key) != base64.b64decode(state.signing_key):
            raise PortalIdentityError(
                f"The portal at {server} presents a different signing key than the one pinned "
                f"for portal {portal_id} at the first sign-in; refusing it. Ask the portal's "
                "administrator whether the key was changed on purpose."
            )

    def set_sync_identity(
        self, server: str, username: str, portal_id: str, signing_key: str, epoch: str
    ) -> SyncState:
        """Pin the portal at the first sign-in (server URL, user, portal id, signing key as
        base64, epoch); later sign-ins are checked (:meth:`check_sync_identity`) and may only
        move the server URL. A changed epoch starts a full re-pull, as the feed would."""
        self.check_sync_identity(server, username, portal_id, signing_key)
        with self._write() as s:
            row = sync_store.get_state(s)
            if row is None:
                row = SyncStateRow(
                    id=1,
                    server_url=server,
                    username=username,
                    portal_id=portal_id,
                    signing_key=signing_key,
                    epoch=epoch,
                    cursor=0,
                    resync=False,
                    pinned_at=_utc_now(),
                    last_sync_at=None,
                    last_error=None,
                )
                s.add(row)
            else:
                row.server_url = server
                if row.epoch != epoch:
                    sync_store.start_resync(s, row, epoch)
            s.flush()
            return sync_store.to_state(row)

    def record_sync_outcome(self, error: str | None) -> None:
        """Remember how the last sync ended: ``error`` None for success (sets last_sync_at)."""
        with self._write() as s:
            row = sync_store.get_state(s)
            if row is None:
                return
            if error is None:
                row.last_sync_at = _utc_now()
            row.last_error = error

    def _require_state(self, s: Session) -> SyncStateRow:
        row = sync_store.get_state(s)
        if row is None:
            raise NotSignedInError(
                "This workspace is not signed in to a portal; run `assessor-app login` first."
            )
        return row

    # -- sync: the change feed --------------------------------------------------------------------
    def apply_changes(
        self,
        changes: Sequence[Change],
        epoch: str,
        cursor: int,
        *,
        more: bool = False,
        reset: bool = False,
    ) -> ApplyResult:
        """Apply one page of the change feed and move the cursor, in one transaction.

        Assignments are upserted; the assessor's own judgments from the portal take their
        version as the row's base and replace the local value only when the row has no
        unanswered op and no conflict; a submitted assignment locks the submission; a
        revoked one marks it revoked and keeps the work. A different ``epoch`` or ``reset``
        applies nothing: it drops the cursor to 0 and starts a full re-pull
        (``result.restarted``); the page with ``more`` false ends it, comparing every local
        row with the portal's. See :mod:`assessor_app.storage.sync_store`.
        """
        with self._write() as s:
            self._require_state(s)
            return sync_store.apply_page(
                s, changes, epoch, cursor, more=more, reset=reset, now=_utc_now()
            )

    def assignments(self) -> list[Assignment]:
        """What the portal assigned to this assessor, soonest due first, then by id."""
        with self._read() as s:
            rows = [sync_store.to_assignment(a) for a in s.scalars(select(AssignmentRow))]
        rows.sort(key=lambda a: (a.due is None, a.due or "", a.submission_id))
        return rows

    def bundles_to_download(self) -> list[Assignment]:
        """Assignments whose bundle is not here yet (not revoked), by id."""
        with self._read() as s:
            rows = s.scalars(
                select(AssignmentRow)
                .where(
                    AssignmentRow.state != AssignmentState.REVOKED.value,
                    AssignmentRow.bundle_status != BundleStatus.READY.value,
                )
                .order_by(AssignmentRow.submission_id)
            )
            return [sync_store.to_assignment(a) for a in rows]

    def set_bundle_status(
        self, submission_id: str, status: BundleStatus, error: str | None = None
    ) -> None:
        """Record a download's progress (``downloading``, ``failed`` with a message)."""
        with self._write() as s:
            a = s.get(AssignmentRow, submission_id)
            if a is None:
                raise UnknownSubmissionError(f"{submission_id} is not assigned to this workspace.")
            a.bundle_status = status.value
            a.bundle_error = error

    def _mark_bundle_ready(self, submission_id: str, sha256: str) -> None:
        with self._read() as s:
            a = s.get(AssignmentRow, submission_id)
            needed = (
                a is not None
                and a.bundle_sha256 == sha256
                and a.bundle_status != BundleStatus.READY.value
            )
        if needed:
            with self._write() as s:
                a = s.get(AssignmentRow, submission_id)
                if a is not None:
                    a.bundle_status, a.bundle_error = BundleStatus.READY.value, None

    # -- sync: ops ---------------------------------------------------------------------------------
    def pending_ops(self, limit: int = 500) -> list[PendingOp]:
        """Ops to send now, in ``seq`` order, at most ``limit``: the oldest unanswered op of
        each judgment row (none of a row in conflict), and a submission's ``submit`` once
        nothing else of it is unanswered. Each carries ``wire``, the JSON the portal gets."""
        with self._read() as s:
            return sync_store.sendable_ops(s, limit)

    def mark_ops_sent(self, op_ids: Sequence[str]) -> None:
        """Count a send attempt on each op (before the request goes out)."""
        with self._write() as s:
            sync_store.mark_sent(s, op_ids)

    def record_op_results(self, results: Sequence[OpResult]) -> OpsRecorded:
        """Record the portal's answers, all in one transaction: applied/unchanged ops are
        acknowledged and their version becomes the row's base; conflicts keep both values;
        locked/forbidden/invalid ops stay in the not-accepted list. Answers for ops that are
        not pending (already recorded) are ignored."""
        with self._write() as s:
            return sync_store.record_results(s, results, _utc_now())

    def not_accepted(self) -> list[NotAccepted]:
        """Changes the portal refused (locked, forbidden, invalid), in the order made. They
        are kept and shown, never dropped."""
        with self._read() as s:
            return sync_store.list_not_accepted(s)

    # -- sync: conflicts ---------------------------------------------------------------------------
    def conflicts(self, submission_id: str | None = None) -> list[Conflict]:
        """Judgments whose portal value differs from the local one, with both values."""
        with self._read() as s:
            return sync_store.list_conflicts(s, submission_id)

    def resolve_conflict(
        self, submission_id: str, target_id: str, keep: Literal["mine", "theirs"]
    ) -> str | None:
        """Settle a conflict: ``"mine"`` sends the local value again on top of the portal's
        version (returns the new op's id); ``"theirs"`` takes the portal's value locally and
        sends nothing (returns None). Either way the conflict's older ops are superseded."""
        if keep not in ("mine", "theirs"):
            raise ValueError("keep must be 'mine' or 'theirs'")
        with self._write() as s:
            conflict = s.get(ConflictRow, (submission_id, target_id))
            if conflict is None:
                raise NoConflictError(
                    f"There is no conflict on {target_id!r} of submission {submission_id}."
                )
            return sync_store.resolve(s, conflict, keep == "mine", _utc_now())

    # -- sync: revocations -------------------------------------------------------------------------
    def acknowledge_revocation(self, submission_id: str) -> None:
        """The person saw that the portal withdrew ``submission_id``: delete its bundle files
        (and any download of it); the assessor's own judgments and outbox stay."""
        with self._read() as s:
            a = s.get(AssignmentRow, submission_id)
            sub = s.get(SubmissionRow, submission_id)
            revoked = (a is not None and a.state == AssignmentState.REVOKED.value) or (
                sub is not None and sub.revoked_at is not None
            )
            bundle_dir = sub.bundle_dir if sub is not None else None
        if not revoked:
            raise NotRevokedError(f"Submission {submission_id} was not withdrawn by the portal.")
        if bundle_dir is not None:
            _remove_tree(self.bundles_dir / bundle_dir)
            _fsync_dir(self.bundles_dir)
        if self.downloads_dir.is_dir():
            for leftover in self.downloads_dir.glob(f"{download_stem(submission_id)}*"):
                _remove_tree(leftover)
        with self._write() as s:
            a = s.get(AssignmentRow, submission_id)
            if a is not None:
                a.revoke_acknowledged = True
                a.bundle_status = BundleStatus.PENDING.value
            lead_feed.purge_blind_scores(s, submission_id)  # a lead's copy of others' scores

    # -- sync: overview ----------------------------------------------------------------------------
    def sync_overview(self) -> SyncOverview:
        with self._read() as s:
            row = sync_store.get_state(s)
            state = sync_store.to_state(row) if row is not None else None

            def count(query: Any) -> int:
                return int(s.execute(query).scalar_one())

            pending = count(
                select(func.count())
                .select_from(OutboxRow)
                .where(OutboxRow.status == OpState.PENDING.value)
            )
            conflicts = count(select(func.count()).select_from(ConflictRow))
            refused = count(
                select(func.count())
                .select_from(OutboxRow)
                .where(OutboxRow.status.in_(sync_store.NOT_ACCEPTED_STATES))
            )
            revoked = count(
                select(func.count())
                .select_from(AssignmentRow)
                .where(
                    AssignmentRow.state == AssignmentState.REVOKED.value,
                    AssignmentRow.revoke_acknowledged.is_(False),
                )
            )
            to_download = count(
                select(func.count())
                .select_from(AssignmentRow)
                .where(
                    AssignmentRow.state != AssignmentState.REVOKED.value,
                    AssignmentRow.bundle_status.in_(
                        (BundleStatus.PENDING.value, BundleStatus.DOWNLOADING.value)
                    ),
                )
            )
            failed = count(
                select(func.count())
                .select_from(AssignmentRow)
                .where(
                    AssignmentRow.state != AssignmentState.REVOKED.value,
                    AssignmentRow.bundle_status == BundleStatus.FAILED.value,
                )
            )
        return SyncOverview(
            signed_in=state is not None,
            server_url=state.server_url if state else None,
            username=state.username if state else None,
            last_sync_at=state.last_sync_at if state else None,
            last_error=state.last_error if state else None,
            pending_ops=pending,
            conflicts=conflicts,
            not_accepted=refused,
            revoked_unacknowledged=revoked,
            bundles_to_download=to_download,
            bundles_failed=failed,
        )
