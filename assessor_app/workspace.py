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

Threads: a :class:`Workspace` is meant to be used from one thread at a time (the UI has one
writer thread for it). Every public method takes an internal lock, and the engine is created
with ``check_same_thread=False``, so an accidental call from a second thread waits instead of
corrupting anything; it is still a bug in the caller.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import sys
import threading
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session

from assessor_app import APP_NAME
from assessor_app.bundle.manifest import manifest_from_json, manifest_to_json
from assessor_app.bundle.reader import extract_bundle
from assessor_app.domain.citations import CitationProblem, citation_problems
from assessor_app.domain.decision import narrative_word_counts, overall_result, submit_blockers
from assessor_app.domain.model import Manifest
from assessor_app.errors import (
    BundleMissingError,
    DiskFullError,
    DuplicateBundleError,
    IncompleteSubmissionError,
    InvalidLevelError,
    SubmissionLockedError,
    UnknownArtifactError,
    UnknownSubmissionError,
    UnknownTargetError,
    WorkspaceInUseError,
)
from assessor_app.storage.engine import is_disk_full, open_engine, translate_errors, writer
from assessor_app.storage.migrate import migrate
from assessor_app.storage.models import JudgmentRow, Meta, OutboxRow, PositionRow, SubmissionRow

log = logging.getLogger(__name__)

DB_NAME = "workspace.sqlite3"
BUNDLES_DIR = "bundles"
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


@dataclass(frozen=True)
class Judgment:
    target_id: str
    level: str
    comment: str
    updated_at: str  # UTC ISO 8601, for display only
    revision: int  # counts every change of this target (judge or clear), starting at 1


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
    return Judgment(row.target_id, row.level, row.comment, row.updated_at, row.revision)


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
        next_seq = select(func.coalesce(func.max(OutboxRow.seq), 0) + 1).scalar_subquery()
        s.execute(
            insert(OutboxRow).values(
                op_id=str(uuid.uuid4()),
                seq=next_seq,
                kind=kind.value,
                submission_id=submission_id,
                target_id=target_id,
                payload=json.dumps(dict(payload), ensure_ascii=False, sort_keys=True),
                created_at=now,
                acked_at=None,
                attempts=0,
            )
        )

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
                return submission_id

            dir_name = _bundle_dir_name(submission_id, taken)
            dest = self.bundles_dir / dir_name
            self._move_into_place(staging, dest)
            try:
                with self._write() as s:
                    s.add(
                        SubmissionRow(
                            id=submission_id,
                            credential_id=manifest.credential.id,
                            credential_title=manifest.credential.title,
                            credential_version=manifest.credential.version,
                            manifest_json=json.dumps(
                                manifest_to_json(manifest), ensure_ascii=False, sort_keys=True
                            ),
                            bundle_sha256=verified.bundle_sha256,
                            bundle_dir=dir_name,
                            imported_at=_utc_now(),
                            due=manifest.due,
                            submitted_at=None,
                            locked=False,
                            revoked_at=None,
                            conflict=False,
                        )
                    )
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
    def judge(self, submission_id: str, target_id: str, level: str, comment: str = "") -> Judgment:
        """Record a judgment of one target; it is on disk when this returns.

        Feedback is not required here (the assessor may type it next), only at :meth:`submit`.
        """
        with self._write() as s:
            row = self._row(s, submission_id)
            self._check_writable(row)
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
            if j is not None and j.level == level and j.comment == comment:
                return _judgment(j)  # nothing changed: nothing to store or send
            now = _utc_now()
            if j is None:
                j = JudgmentRow(
                    submission_id=submission_id,
                    target_id=target_id,
                    level=level,
                    comment=comment,
                    updated_at=now,
                    revision=1,
                )
                s.add(j)
            else:
                j.level, j.comment, j.updated_at = level, comment, now
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
                    "revision": j.revision,
                    "updated_at": now,
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
            j.level, j.comment, j.updated_at = None, "", now
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
                },
                now,
            )

    def submit(self, submission_id: str) -> None:
        """Submit and lock the submission, once every target is judged and every judgment
        below proficient has feedback; otherwise raise :class:`IncompleteSubmissionError`."""
        with self._write() as s:
            row = self._row(s, submission_id)
            self._check_writable(row)
            current = self._current(s, submission_id)
            missing, reasons = _submit_check(self._manifest(row), current)
            if missing:
                shown = "; ".join(reasons[:MAX_REASONS_SHOWN])
                if len(reasons) > MAX_REASONS_SHOWN:
                    shown += f"; and {len(reasons) - MAX_REASONS_SHOWN} more"
                raise IncompleteSubmissionError(
                    f"Submission {submission_id} cannot be submitted yet: {shown}.", missing
                )
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
                        for t, j in current.items()
                    },
                },
                now,
            )

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
        """How many changes the portal has not acknowledged yet."""
        with self._read() as s:
            return s.execute(
                select(func.count()).select_from(OutboxRow).where(OutboxRow.acked_at.is_(None))
            ).scalar_one()

    def outbox(self, *, include_acked: bool = False) -> list[OutboxEntry]:
        """The outbox in the order the changes were made (unacknowledged ones by default)."""
        query = select(OutboxRow).order_by(OutboxRow.seq)
        if not include_acked:
            query = query.where(OutboxRow.acked_at.is_(None))
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
                )
                for r in s.scalars(query)
            ]
