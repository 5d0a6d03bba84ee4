"""A throwaway PostgreSQL database for a bench run: created on the server of a given URL,
dropped (its connections ended first) afterwards. Shared by the benches in this folder."""

from __future__ import annotations

import uuid

import sqlalchemy as sa


def create_pg_db(server_url: str, prefix: str = "satchel_bench_") -> tuple[str, str]:
    """A new empty database on the server of ``server_url``: (its name, its URL)."""
    name = prefix + uuid.uuid4().hex[:10]
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    url = sa.make_url(server_url).set(database=name)
    return name, url.render_as_string(hide_password=False)


def drop_pg_db(server_url: str, name: str) -> None:
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"
                ),
                {"n": name},
            )
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
    finally:
        admin.dispose()
