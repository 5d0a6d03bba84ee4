"""Desktop app releases for the update check (`GET /v1/app/latest`).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_releases",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("package", sa.String(length=32), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("published_by", sa.String(length=32), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["published_by"], ["users.id"], name=op.f("fk_app_releases_published_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_releases")),
        sa.UniqueConstraint(
            "platform",
            "package",
            "version",
            name=op.f("uq_app_releases_platform_package_version"),
        ),
    )
    with op.batch_alter_table("app_releases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_app_releases_sha256"), ["sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("app_releases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_app_releases_sha256"))
    op.drop_table("app_releases")
