"""Courses remember what the store list shows: tags, authors, total duration, lesson count.

Revision ID: 0002_course_listing
Revises: 0001_initial
Create Date: 2026-11-28

The catalog already sends these fields (`sync.protocol.CourseSummary`); until now only the
title, language, topic and price were kept, so the list could not show tags or durations
offline. Existing rows get empty tags/authors and zero duration until the next catalog pull
fills them. The table is rebuilt (SQLite cannot add columns in place with the right DDL);
foreign keys are off while migrations run, so ``course_versions`` keeps pointing at it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002_course_listing"
down_revision: str | None = "0001_initial"
branch_labels: str | None = None
depends_on: str | None = None

_JSON = sa.JSON(none_as_null=True)


_OLD = (
    "id", "title", "language", "topic", "description", "price_amount", "price_currency",
    "catalog_version", "created_at", "updated_at",
)


def _rebuild(with_listing: bool) -> None:
    """Rebuild ``courses`` (with or without the listing columns) and copy its rows over.

    Written out rather than batch-copied: batch mode orders CHECK constraints at random,
    and the rebuilt table's DDL must be exactly the one the models describe."""
    listing: list[sa.Column[object]] = [
        sa.Column("tags", _JSON, server_default=sa.text("'[]'"), nullable=False),
        sa.Column("authors", _JSON, server_default=sa.text("'[]'"), nullable=False),
        sa.Column("duration_min", sa.Float(), server_default=sa.text("0"), nullable=False),
        sa.Column("item_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
    ]
    op.create_table(
        "_courses_rebuilt",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("topic", sa.String(), nullable=False),
        sa.Column("description", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("price_amount", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("price_currency", sa.String(), nullable=False),
        sa.Column("catalog_version", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        *(listing if with_listing else []),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_courses")),
        sa.CheckConstraint("price_amount >= 0", name=op.f("ck_courses_price_amount")),
        sa.CheckConstraint("length(price_currency) = 3", name=op.f("ck_courses_price_currency")),
    )
    columns = ", ".join(_OLD)
    op.execute(f"INSERT INTO _courses_rebuilt ({columns}) SELECT {columns} FROM courses")
    op.drop_table("courses")
    op.rename_table("_courses_rebuilt", "courses")


def upgrade() -> None:
    _rebuild(with_listing=True)
    # The catalog cursor starts over, so the next pull re-sends every course with the new
    # fields (the pull is an idempotent upsert).
    op.execute("UPDATE sync_cursors SET value = '0' WHERE name = 'catalog'")


def downgrade() -> None:
    _rebuild(with_listing=False)
