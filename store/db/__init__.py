"""The store's database: typed SQLAlchemy 2 models (`models`), engine and sessions (`engine`),
and Alembic migrations shipped inside the package (`migrate`, `migrations/`)."""

from __future__ import annotations
