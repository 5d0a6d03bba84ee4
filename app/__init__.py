"""Satchel client core: settings, local database, bundles, services. Never imports Qt."""

from __future__ import annotations

__version__ = "0.1.0"
