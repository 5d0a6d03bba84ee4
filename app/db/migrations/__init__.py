"""Alembic migrations of the client database (run by :func:`app.db.engine.open_database`)."""
