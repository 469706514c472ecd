"""Initial schema: submissions, judgments, outbox, positions, meta.

Revision ID: 0001
Revises:
Create Date: 2026-11-23

Written by hand: explicit operations, named constraints (see models.NAMING_CONVENTION), and
the models in assessor_app/storage/models.py describing the same schema.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    meta = op.create_table(
        "meta",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_meta")),
    )
    op.create_table(
        "submissions",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("credential_id", sa.String(), nullable=False),
        sa.Column("credential_title", sa.String(), nullable=False),
        sa.Column("credential_version", sa.String(), nullable=False),
        sa.Column("manifest_json", sa.Text(), nullable=False),
        sa.Column("bundle_sha256", sa.String(length=64), nullable=False),
        sa.Column("bundle_dir", sa.String(), nullable=False),
        sa.Column("imported_at", sa.String(), nullable=False),
        sa.Column("due", sa.String(), nullable=True),
        sa.Column("submitted_at", sa.String(), nullable=True),
        sa.Column("locked", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("revoked_at", sa.String(), nullable=True),
        sa.Column("conflict", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.CheckConstraint("locked IN (0, 1)", name=op.f("ck_submissions_locked_bool")),
        sa.CheckConstraint("conflict IN (0, 1)", name=op.f("ck_submissions_conflict_bool")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
        sa.UniqueConstraint("bundle_dir", name=op.f("uq_submissions_bundle_dir")),
    )
    op.create_table(
        "judgments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.String(), nullable=False),
        sa.Column("target_id", sa.String(), nullable=False),
        sa.Column("level", sa.String(), nullable=True),
        sa.Column("comment", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.CheckConstraint("revision >= 1", name=op.f("ck_judgments_revision_positive")),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_judgments_submission_id_submissions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_judgments")),
        sa.UniqueConstraint(
            "submission_id", "target_id", name=op.f("uq_judgments_submission_id_target_id")
        ),
    )
    op.create_table(
        "outbox",
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("submission_id", sa.String(), nullable=False),
        sa.Column("target_id", sa.String(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("acked_at", sa.String(), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.CheckConstraint("kind IN ('judge', 'clear', 'submit')", name=op.f("ck_outbox_kind")),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_outbox_attempts_non_negative")),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_outbox_submission_id_submissions"),
        ),
        sa.PrimaryKeyConstraint("op_id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("seq", name=op.f("uq_outbox_seq")),
    )
    op.create_index(op.f("ix_outbox_submission_id"), "outbox", ["submission_id"], unique=False)
    op.create_table(
        "positions",
        sa.Column("submission_id", sa.String(), nullable=False),
        sa.Column("position_json", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_positions_submission_id_submissions"),
        ),
        sa.PrimaryKeyConstraint("submission_id", name=op.f("pk_positions")),
    )
    # A random id of this workspace, for the portal to tell devices apart.
    op.bulk_insert(meta, [{"key": "workspace_id", "value": str(uuid.uuid4())}])


def downgrade() -> None:
    op.drop_table("positions")
    op.drop_index(op.f("ix_outbox_submission_id"), table_name="outbox")
    op.drop_table("outbox")
    op.drop_table("judgments")
    op.drop_table("submissions")
    op.drop_table("meta")
