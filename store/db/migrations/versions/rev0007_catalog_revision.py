"""The catalog revision: one row bumped by every transaction that changes the catalog's
listing, read on each catalog request to tell whether a cached page is still current.

Revision ID: 0007_catalog_revision
Revises: 0006_org_admins
Create Date: 2026-12-04 03:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_catalog_revision"
down_revision = "0006_org_admins"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "catalog_revision",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_revision")),
    )
    op.bulk_insert(table, [{"id": 1, "revision": 1}])


def downgrade() -> None:
    op.drop_table("catalog_revision")
