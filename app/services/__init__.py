"""The client services the UI calls: account, catalog, library, player/progress, quizzes,
goals and plans, notes and bookmarks, guidance (feeds `scoring`), export/delete.

Pure Python, no Qt. Every method that touches the database, the network, the keyring or a
bundle blocks: the UI calls them through its background worker, never on the GUI thread.
Services announce changes by emitting the domain events of `app.services.events` on the
app's `EventBus` (from whatever thread did the work).
"""

from __future__ import annotations
