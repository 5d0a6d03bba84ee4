"""The Satchel reference store server (FastAPI + SQLAlchemy + Alembic, served by uvicorn).

What the desktop client syncs with, what an institution self-hosts and what instructors
publish to. SQLite by default, PostgreSQL by URL. Run it with `satchel-store serve [--demo]`
or embed it with `store.server.EmbeddedStore`.

Modules: `config` (settings), `db` (models, engine, shipped migrations), `security`
(Argon2id, opaque tokens), `accounts`, `catalog`, `orders`, `ledger`, `payments/`
(sandbox, voucher, stripe), `webhooks`, `leases`, `keys`, `content`, `blobs`, `syncing`,
`publishing`, `vouchers`, `seed`, `problems` (RFC 7807), `limits`, `api/` (routers under
`/v1`), `app`, `server`, `cli`. The wire schemas are in `sync.protocol`.
"""
