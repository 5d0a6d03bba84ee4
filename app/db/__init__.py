"""The client's local SQLite database: models, migrations, the single-writer lane.

Open it with :func:`open_database`; read with ``db.read()``, write with ``db.write(fn)``.
"""

from __future__ import annotations

from app.db.engine import NotASatchelDatabaseError, SchemaTooNewError, open_database
from app.db.writer import Database

__all__ = ["Database", "NotASatchelDatabaseError", "SchemaTooNewError", "open_database"]
