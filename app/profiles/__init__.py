"""Profiles: one private, encrypted local profile per account (store URL + user id).

A profile is a folder ``<data>/profiles/<id>/`` holding ``profile.json`` (what the profile
switcher shows before anything is unlocked: name, email, store, whether it is encrypted, and
the database key wrapped by the account password) and ``satchel.db`` (the profile's SQLite
database, encrypted with SQLCipher: learning records, outbox, cursors, goals, notes, leases,
the device key pair, the refresh token and the personal settings). Downloaded course files
are shared between profiles by sha256 in ``<data>/downloads/``; each profile keeps its own
wrapped content keys, so it can decrypt only what its own lease and device key unlock.

Modules: `info` (the profile.json record), `registry` (the profiles on this computer),
`keys` (the database key: random, remembered in the keyring, wrapped by Argon2id of the
password for offline unlock), `secrets` (secrets and personal settings inside the database),
`legacy` (splitting a single pre-profile database into profiles), `manager` (sign in,
register, unlock, sign out: what the app calls).
"""
