"""The client half of sync (no Qt, never imports `app/`).

Modules:
- `protocol`: wire schemas shared with the store (owned with `store/`);
- `client`: `StoreClient`, the requests-based HTTP client (tokens, refresh, typed errors);
- `errors`: `SyncError` and its kinds; ``str(err)`` is a plain message for the UI;
- `ports`: the protocols the app implements on its database (`app/db/sync_ports/`);
- `outbox` / `pull`: pushing queued changes in batches / pulling by cursor;
- `merge`: events union, per-field last-writer-wins by HLC with tombstones;
- `downloads`: resumable, sha256-verified Range downloads with pause/resume/cancel;
- `purchases`: offline purchase intents, re-quote, idempotent order and payment;
- `leases`: offline lease verification (Ed25519), expiry, clock high-water mark;
- `backoff`, `status`: retry delays with full jitter; status events for the UI;
- `engine`: `SyncEngine` (one cycle, downloads, purchases, access) and `AutoSync` (the loop).

Wiring, in the app (on a worker thread, never the GUI thread)::

    client = StoreClient(url, refresh_token=keyring_token, on_tokens_changed=save_to_keyring)
    ports = DatabasePorts(db, user_id=..., clock=app_hlc, downloads_dir=paths.downloads_dir())
    engine = SyncEngine(client, ports.as_ports(), status=board, on_quote=ask_the_learner)
    AutoSync(engine, interval=settings["sync_interval_min"] * 60).start()
"""
