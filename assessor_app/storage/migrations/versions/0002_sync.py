"""Sync with the portal: sync state, assignments, the portal's view of judgments, conflicts,
and the portal's answer on every outbox entry.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30

Written by hand. ``judgments`` and ``outbox`` gain columns with named CHECK constraints, which
SQLite can only add by rebuilding the table: batch mode copies each table from an explicit
description of its 0001 schema (``copy_from``), never from reflection. Existing rows keep
their data: judgments start with ``base_version`` 0 (never seen by a portal), outbox entries
with ``status`` 'pending', or 'acked' where ``acked_at`` was already set.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

OUTBOX_STATUS_CHECK = (
    "status IN ('pending', 'acked', 'conflict', 'locked', 'forbidden', 'invalid', 'superseded')"
)


def _judgments(*, with_sync: bool) -> sa.Table:
    """The ``judgments`` table of 0001, or of 0002 with ``with_sync``."""
    extra: list[SchemaItem] = []
    if with_sync:
        extra = [
            sa.Column("base_version", sa.Integer(), server_default=sa.text("0"), nullable=False),
            sa.CheckConstraint("base_version >= 0", name="ck_judgments_base_version_non_negative"),
        ]
    return sa.Table(
        "judgments",
        sa.MetaData(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.String(), nullable=False),
        sa.Column("target_id", sa.String(), nullable=False),
        sa.Column("level", sa.String(), nullable=True),
        sa.Column("comment", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.CheckConstraint("revision >= 1", name="ck_judgments_revision_positive"),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["submissions.id"], name="fk_judgments_submission_id_submissions"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_judgments"),
        sa.UniqueConstraint(
            "submission_id", "target_id", name="uq_judgments_submission_id_target_id"
        ),
        *extra,
    )


def _outbox(*, with_sync: bool) -> sa.Table:
    """The ``outbox`` table of 0001, or of 0002 with ``with_sync``."""
    extra: list[SchemaItem] = []
    if with_sync:
        extra = [
            sa.Column("status", sa.String(), server_default=sa.text("'pending'"), nullable=False),
            sa.Column("message", sa.Text(), nullable=True),
            sa.Column("result_version", sa.Integer(), nullable=True),
            sa.CheckConstraint(OUTBOX_STATUS_CHECK, name="ck_outbox_status"),
            sa.Index("ix_outbox_status", "status"),
        ]
    return sa.Table(
        "outbox",
        sa.MetaData(),
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("submission_id", sa.String(), nullable=False),
        sa.Column("target_id", sa.String(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("acked_at", sa.String(), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.CheckConstraint("kind IN ('judge', 'clear', 'submit')", name="ck_outbox_kind"),
        sa.CheckConstraint("attempts >= 0", name="ck_outbox_attempts_non_negative"),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["submissions.id"], name="fk_outbox_submission_id_submissions"
        ),
        sa.PrimaryKeyConstraint("op_id", name="pk_outbox"),
        sa.UniqueConstraint("seq", name="uq_outbox_seq"),
        sa.Index("ix_outbox_submission_id", "submission_id"),
        *extra,
    )


def upgrade() -> None:
    with op.batch_alter_table(
        "judgments", copy_from=_judgments(with_sync=False), recreate="always"
    ) as batch:
        batch.add_column(
            sa.Column("base_version", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch.create_check_constraint(
            op.f("ck_judgments_base_version_non_negative"), "base_version >= 0"
        )

    with op.batch_alter_table(
        "outbox", copy_from=_outbox(with_sync=False), recreate="always"
    ) as batch:
        batch.add_column(
            sa.Column("status", sa.String(), server_default=sa.text("'pending'"), nullable=False)
        )
        batch.add_column(sa.Column("message", sa.Text(), nullable=True))
        batch.add_column(sa.Column("result_version", sa.Integer(), nullable=True))
        batch.create_check_constraint(op.f("ck_outbox_status"), OUTBOX_STATUS_CHECK)
        batch.create_index(op.f("ix_outbox_status"), ["status"], unique=False)
    op.execute("UPDATE outbox SET status = 'acked' WHERE acked_at IS NOT NULL")

    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("server_url", sa.String(), nullable=False),
        sa.Column("username", sa.String(), nullable=False),
        sa.Column("portal_id", sa.String(), nullable=False),
        sa.Column("signing_key", sa.String(), nullable=False),
        sa.Column("epoch", sa.String(), nullable=False),
        sa.Column("cursor", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("resync", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("pinned_at", sa.String(), nullable=False),
        sa.Column("last_sync_at", sa.String(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_sync_state_single_row")),
        sa.CheckConstraint("cursor >= 0", name=op.f("ck_sync_state_cursor_non_negative")),
        sa.CheckConstraint("resync IN (0, 1)", name=op.f("ck_sync_state_resync_bool")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "assignments",
        sa.Column("submission_id", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("credential_id", sa.String(), nullable=False),
        sa.Column("credential_title", sa.String(), nullable=False),
        sa.Column("credential_version", sa.String(), nullable=False),
        sa.Column("due", sa.String(), nullable=True),
        sa.Column("bundle_size", sa.Integer(), nullable=False),
        sa.Column("bundle_sha256", sa.String(length=64), nullable=False),
        sa.Column(
            "bundle_status", sa.String(), server_default=sa.text("'pending'"), nullable=False
        ),
        sa.Column("bundle_error", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("revoked_reason", sa.String(), nullable=True),
        sa.Column("revoke_acknowledged", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.CheckConstraint(
            "state IN ('open', 'submitted', 'revoked')", name=op.f("ck_assignments_state")
        ),
        sa.CheckConstraint(
            "bundle_status IN ('pending', 'downloading', 'ready', 'failed')",
            name=op.f("ck_assignments_bundle_status"),
        ),
        sa.CheckConstraint(
            "bundle_size >= 0", name=op.f("ck_assignments_bundle_size_non_negative")
        ),
        sa.CheckConstraint(
            "revoke_acknowledged IN (0, 1)", name=op.f("ck_assignments_revoke_acknowledged_bool")
        ),
        sa.PrimaryKeyConstraint("submission_id", name=op.f("pk_assignments")),
    )
    op.create_table(
        "portal_judgments",
        sa.Column("submission_id", sa.String(), nullable=False),
        sa.Column("target_id", sa.String(), nullable=False),
        sa.Column("level", sa.String(), nullable=True),
        sa.Column("comment", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("version >= 0", name=op.f("ck_portal_judgments_version_non_negative")),
        sa.PrimaryKeyConstraint("submission_id", "target_id", name=op.f("pk_portal_judgments")),
    )
    op.create_table(
        "conflicts",
        sa.Column("submission_id", sa.String(), nullable=False),
        sa.Column("target_id", sa.String(), nullable=False),
        sa.Column("op_id", sa.String(length=36), nullable=True),
        sa.Column("server_level", sa.String(), nullable=True),
        sa.Column("server_comment", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=False),
        sa.Column("detected_at", sa.String(), nullable=False),
        sa.CheckConstraint(
            "server_version >= 0", name=op.f("ck_conflicts_server_version_non_negative")
        ),
        sa.ForeignKeyConstraint(
            ["op_id"], ["outbox.op_id"], name=op.f("fk_conflicts_op_id_outbox")
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_conflicts_submission_id_submissions"),
        ),
        sa.PrimaryKeyConstraint("submission_id", "target_id", name=op.f("pk_conflicts")),
    )


def downgrade() -> None:
    op.drop_table("conflicts")
    op.drop_table("portal_judgments")
    op.drop_table("assignments")
    op.drop_table("sync_state")
    with op.batch_alter_table(
        "outbox", copy_from=_outbox(with_sync=True), recreate="always"
    ) as batch:
        batch.drop_index(op.f("ix_outbox_status"))
        batch.drop_constraint(op.f("ck_outbox_status"), type_="check")
        batch.drop_column("result_version")
        batch.drop_column("message")
        batch.drop_column("status")
    with op.batch_alter_table(
        "judgments", copy_from=_judgments(with_sync=True), recreate="always"
    ) as batch:
        batch.drop_constraint(op.f("ck_judgments_base_version_non_negative"), type_="check")
        batch.drop_column("base_version")
