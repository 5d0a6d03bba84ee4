"""HTTP routers of the store API, all under `/v1` (see `store.app.create_app`)."""

from __future__ import annotations
