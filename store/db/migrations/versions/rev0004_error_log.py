"""Requests that failed with a 5xx, for `satchel-store status`.

Revision ID: 0004_error_log
Revises: 0003_creators
Create Date: 2026-12-05 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_error_log"
down_revision = "0003_creators"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "error_log",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("route", sa.String(length=200), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_error_log")),
    )
    op.create_index(op.f("ix_error_log_at"), "error_log", ["at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_error_log_at"), table_name="error_log")
    op.drop_table("error_log")
