"""The portal's tables (SQLAlchemy 2 declarative models) and its engine.

SQLite (the default, ``<data>/portal.sqlite3``) gets ``journal_mode=WAL``,
``synchronous=FULL``, ``foreign_keys=ON`` and a busy timeout on every connection, and
SQLAlchemy, not the sqlite3 driver, emits ``BEGIN``: ``BEGIN IMMEDIATE`` for writes, so two
writers queue for the lock instead of failing half-way. PostgreSQL (any other URL, e.g.
``postgresql+psycopg://…``) reads in ``REPEATABLE READ`` (the change feed comes from one
snapshot) and writes in ``READ COMMITTED`` behind the version counter's row lock
(:mod:`.versions`), which queues writers the same way.

Every row a client can see carries ``version``: the value of the portal's one counter when
the row last changed. ``audit_events`` is append-only: triggers made with the table refuse
``UPDATE`` and ``DELETE`` (and ``TRUNCATE`` on PostgreSQL) on both databases.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Engine,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.pool import ConnectionPoolEntry

from assessor_app.portal.server.errors import PortalError

BUSY_TIMEOUT_MS = 30_000
_BEGIN = "portal_begin"


def utc_now() -> str:
    """Times are stored as ISO 8601 UTC strings, identical on every database."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Base(DeclarativeBase):
    pass


class SchemaVersion(Base):
    __tablename__ = "schema_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)


class PortalMeta(Base):
    """One row: who this portal is (``portal_id``, never changes) and its ``epoch`` (changes
    when the database is restored from a backup)."""

    __tablename__ = "portal_meta"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    portal_id: Mapped[str] = mapped_column(String(36))
    epoch: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[str] = mapped_column(String(32))


class Counter(Base):
    """One row: the version counter. It only goes up (:mod:`.versions`)."""

    __tablename__ = "version_counter"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # assessor | lead | admin
    password_hash: Mapped[str] = mapped_column(String(256))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[str] = mapped_column(String(32))


class Token(Base):
    """A bearer token, stored as its SHA-256 only."""

    __tablename__ = "tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    device: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[str] = mapped_column(String(32))
    revoked_at: Mapped[str | None] = mapped_column(String(32), nullable=True)


class Submission(Base):
    """An imported bundle. ``bundle_sha256``/``bundle_size`` describe the signed zip the portal
    serves (``<data>/bundles/<bundle_sha256>.zip``); ``manifest_json`` is its manifest, kept
    for the rubric."""

    __tablename__ = "submissions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    bundle_sha256: Mapped[str] = mapped_column(String(64))
    bundle_size: Mapped[int] = mapped_column(BigInteger)
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    manifest_json: Mapped[str] = mapped_column(Text)
    credential_id: Mapped[str] = mapped_column(String(64))
    credential_title: Mapped[str] = mapped_column(String(500))
    credential_version: Mapped[str] = mapped_column(String(64))
    due: Mapped[str | None] = mapped_column(String(10), nullable=True)
    imported_at: Mapped[str] = mapped_column(String(32))


class Assignment(Base):
    """A submission given to one person in one role. ``state``: open, submitted, revoked."""

    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint("submission_id", "user_id", name="uq_assignment_submission_user"),
        Index("ix_assignments_user_version", "user_id", "version"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    role: Mapped[str] = mapped_column(String(16))  # assessor | lead
    state: Mapped[str] = mapped_column(String(16))
    due: Mapped[str | None] = mapped_column(String(10), nullable=True)
    reason: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[str] = mapped_column(String(32))
    submitted_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    released_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    """A lead's assignment only: when the two assessors' scores were released to it (None:
    not released, or the release was withdrawn). See :mod:`.release`."""


class Judgment(Base):
    """One person's judgment of one target. A null ``level`` is a cleared judgment."""

    __tablename__ = "judgments"
    __table_args__ = (
        UniqueConstraint("assignment_id", "target_id", name="uq_judgment_assignment_target"),
        Index("ix_judgments_assignment_version", "assignment_id", "version"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"))
    target_id: Mapped[str] = mapped_column(String(64))
    level: Mapped[str | None] = mapped_column(String(64), nullable=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    rationale: Mapped[str] = mapped_column(Text, default="", server_default="")
    """A lead's judgment only: why the final level was chosen (never the candidate's)."""
    version: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[str] = mapped_column(String(32))


class Op(Base):
    """Idempotency: the result of every op id, written in the transaction of its effect. The
    primary key claims the id, so two concurrent retries cannot both apply."""

    __tablename__ = "ops"
    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    payload_hash: Mapped[str] = mapped_column(String(64))
    result_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(32))


class FinalResultRow(Base):
    """A submission's final result, stored when its lead submits (finalizes). ``levels_json``
    is ``{target id: level}``; ``feedback_json`` ``{target id: feedback}`` as finalized."""

    __tablename__ = "results"
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    lead: Mapped[str] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(String(16))  # earned | not_yet
    levels_json: Mapped[str] = mapped_column(Text)
    feedback_json: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
    finalized_at: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(BigInteger)


class IdentityReport(Base):
    """An assessor's report that a submission reveals who the candidate is. Seen only by the
    submission's lead (change feed). ``state``: open, resolved."""

    __tablename__ = "identity_reports"
    __table_args__ = (Index("ix_identity_reports_submission", "submission_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"))
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    where: Mapped[str] = mapped_column(String(500))
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(16))


class AuditEvent(Base):
    """One applied change, hash-chained to the one before it (:mod:`.audit`). Append-only:
    the triggers below refuse changing or deleting a row."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_submission", "submission_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))
    submission_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    target_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    detail_json: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


APPEND_ONLY_MESSAGE = "audit_events is append-only"
SQLITE_AUDIT_TRIGGERS = ("audit_events_no_update", "audit_events_no_delete")
POSTGRES_AUDIT_TRIGGERS = ("audit_events_no_change", "audit_events_no_truncate")
_SQLITE_TRIGGER_DDL = (
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}: rows cannot be changed'); END",
    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}: rows cannot be deleted'); END",
)
_POSTGRES_TRIGGER_DDL = (
    "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql "
    "AS $body$ BEGIN RAISE EXCEPTION USING MESSAGE = "
    f"'{APPEND_ONLY_MESSAGE}: ' || TG_OP || ' refused'; END $body$",
    "CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()",
)


def _create_audit_triggers(_table: object, connection: Connection, **_kw: object) -> None:
    """Made with the table (``create_all``, the version-2 upgrade); other databases than
    SQLite and PostgreSQL get none (``assessor-portal audit --verify`` says so)."""
    statements = {"sqlite": _SQLITE_TRIGGER_DDL, "postgresql": _POSTGRES_TRIGGER_DDL}
    for statement in statements.get(connection.dialect.name, ()):
        connection.exec_driver_sql(statement)


event.listen(AuditEvent.__table__, "after_create", _create_audit_triggers)


# --- the engine ------------------------------------------------------------------------------
def _sqlite_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's begin event emits BEGIN
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode is None or str(mode[0]).lower() != "wal":
            raise PortalError(
                "The portal database cannot use write-ahead logging on this disk; "
                "put the data folder on a local disk"
            )
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    if conn.get_execution_options().get(_BEGIN) == "write":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is shown as "the database URL"
        return "the database URL"


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the settings above. Raises :class:`PortalError` for an
    unusable URL or a missing driver."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise PortalError(f"not a database URL: {safe_url(url)}") from exc
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(
                parsed,
                connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
            )
            event.listen(engine, "connect", _sqlite_connect)
            event.listen(engine, "begin", _sqlite_begin)
        else:
            engine = create_engine(parsed, pool_pre_ping=True)
    except ModuleNotFoundError as exc:
        hint = (
            " (install the 'postgres' extra: psycopg[binary])"
            if parsed.get_backend_name() == "postgresql"
            else ""
        )
        raise PortalError(f"the database driver for {safe_url(url)} is missing{hint}") from exc
    except (ArgumentError, ValueError) as exc:  # e.g. NoSuchModuleError: unknown dialect
        raise PortalError(f"cannot use {safe_url(url)}: {exc}") from exc
    return engine


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A read-only transaction on one snapshot."""
    bind = engine
    if not is_sqlite(engine):
        bind = engine.execution_options(isolation_level="REPEATABLE READ")
    with Session(bind, expire_on_commit=False) as session, session.begin():
        yield session


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A write transaction (``BEGIN IMMEDIATE`` on SQLite); committed when the block ends
    without an exception, rolled back otherwise."""
    bind = engine.execution_options(**{_BEGIN: "write"}) if is_sqlite(engine) else engine
    with Session(bind, expire_on_commit=False) as session, session.begin():
        yield session
