"""Store settings, read from the environment (``SATCHEL_STORE_*``) and CLI overrides.

`StoreSettings` is a frozen value; build it once (`StoreSettings.from_env`) and hand it to
`store.app.create_app`. Secrets (Stripe keys) come from the environment only, never from a
file in the repository. Safe to share across threads.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from sync.protocol import LEASE_MAX_DAYS

Argon2Profile = Literal["rfc9106-low-memory", "test-fast"]

ENV_PREFIX = "SATCHEL_STORE_"
MAX_REFRESH_REUSE_GRACE = 600  # a retry window, not a second token lifetime


def default_data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """`$SATCHEL_STORE_DATA`, else `$SATCHEL_HOME/store`, else `~/.local/share/satchel-store`."""
    env = os.environ if environ is None else environ
    if env.get(ENV_PREFIX + "DATA"):
        return Path(env[ENV_PREFIX + "DATA"])
    if env.get("SATCHEL_HOME"):
        return Path(env["SATCHEL_HOME"]) / "store"
    return Path.home() / ".local" / "share" / "satchel-store"


@dataclass(frozen=True)
class StoreSettings:
    """Everything the store needs to run. Durations are in seconds unless named otherwise."""

    data_dir: Path = field(default_factory=default_data_dir)
    db_url: str = ""  # "" means sqlite file `store.db` in data_dir
    signing_key_path: Path | None = None  # None means data_dir/keys/signing-ed25519.pem
    access_token_ttl: int = 15 * 60
    refresh_token_ttl: int = 30 * 24 * 3600
    # Re-presenting a just-rotated refresh token within this many seconds (its answer was
    # lost) returns the same new pair instead of revoking the session; 0 turns it off.
    refresh_reuse_grace: int = 60
    lease_days: int = LEASE_MAX_DAYS
    # Abuse limits (store.throttle). Failed sign-ins lock the attempt source (IP + account):
    # `login_max_failures` within `login_window` locks it for `login_lock_seconds`, doubling
    # per further lock. Per IP: failures over all accounts (a password spray) lock the IP the
    # same way, and attempts per minute are capped. Per account: failures from everywhere
    # lock the account until the window ends (never escalating; devices already signed in to
    # it are exempt). 0 turns a limit off.
    login_max_failures: int = 5
    login_window: int = 15 * 60
    login_lock_seconds: int = 60
    login_ip_max_failures: int = 30
    login_ip_per_minute: int = 120
    login_account_max_failures: int = 100
    register_per_ip_hour: int = 20
    register_per_email_hour: int = 5
    refresh_ip_max_failures: int = 30  # unknown or expired refresh tokens per login_window
    refresh_account_per_hour: int = 240
    voucher_ip_max_failures: int = 20  # unknown voucher codes per login_window
    voucher_account_max_failures: int = 10
    # Limits live in this process unless a Redis URL is set; then every worker shares them.
    redis_url: str = ""
    redis_namespace: str = "satchel"
    # Argon2 runs on its own bounded pool (0: half the CPUs), never inside a database
    # transaction; past `password_hash_queue` waiting hashes, sign-ins get 503 + Retry-After.
    password_hash_workers: int = 0
    password_hash_queue: int = 64
    # Content blobs in an S3-compatible bucket instead of data_dir/blobs (credentials from
    # boto3's usual chain: AWS_* variables, ~/.aws, instance roles). Downloads are proxied
    # with Range, or, with s3_presign_seconds > 0, redirected to presigned URLs.
    s3_bucket: str = ""
    s3_prefix: str = "blobs/"
    s3_endpoint_url: str = ""
    s3_region: str = ""
    s3_presign_seconds: int = 0
    metrics_token: str = ""  # when set, GET /metrics needs it as a bearer token
    argon2_profile: Argon2Profile = "rfc9106-low-memory"
    refund_window_days: int = 14
    max_upload_bytes: int = 512 * 1024 * 1024
    # Resumable uploads (/v1/publish/uploads): the largest chunk of one PUT, how long an
    # unfinished upload is kept (hours) before it and its bytes are removed, and how many
    # unfinished uploads one instructor may have at once (disk space).
    upload_chunk_bytes: int = 8 * 1024 * 1024
    upload_expiry_hours: int = 24
    upload_max_open: int = 5
    max_json_bytes: int = 8 * 1024 * 1024
    stripe_secret_key: str = ""
    stripe_webhook_secret: str = ""
    stripe_api_base: str = "https://api.stripe.com"
    stripe_webhook_tolerance: int = 300
    sqlite_busy_timeout_ms: int = 30_000
    demo: bool = False
    # Creators: the platform's share of each sale (basis points; a course may override it),
    # the creator agreement a first publish must accept, and the copyright check at publish
    # (a version whose text overlaps another author's course by this share, or that shares
    # a media file with it, is held for an administrator).
    platform_fee_bps: int = 3000
    require_creator_agreement: bool = True
    copyright_check: bool = True
    copyright_text_overlap: float = 0.5
    # xAPI forwarding to institutions' LRSs: seconds between passes (0: no background
    # forwarding, e.g. for `satchel-store export-xapi` only), first retry delay after a
    # failure (doubling up to xapi_retry_max), statements per request.
    xapi_interval: int = 30
    xapi_retry_base: int = 5
    xapi_retry_max: int = 3600
    xapi_batch: int = 200
    # Instructor dashboard (store.dashboard): no figure about learners (funnel, study time,
    # item analysis, ratings) is shown when fewer distinct learners than this contribute.
    dashboard_min_learners: int = 5
    # Catalog list pages each worker keeps, as sent, for the current catalog revision
    # (store.catalog_pages; 0: build every answer anew).
    catalog_pages: int = 512

    def __post_init__(self) -> None:
        if not 1 <= self.lease_days <= LEASE_MAX_DAYS:
            raise ValueError(f"lease_days must be between 1 and {LEASE_MAX_DAYS}")
        if self.access_token_ttl <= 0 or self.refresh_token_ttl <= 0:
            raise ValueError("token lifetimes must be positive")
        if not 0 <= self.platform_fee_bps <= 10_000:
            raise ValueError("platform_fee_bps must be between 0 and 10000")
        if self.catalog_pages < 0:
            raise ValueError("catalog_pages must be 0 or more")
        if self.dashboard_min_learners < 1:
            raise ValueError("dashboard_min_learners must be at least 1")
        if not 0 < self.copyright_text_overlap <= 1:
            raise ValueError("copyright_text_overlap must be in (0, 1]")
        if not 0 <= self.refresh_reuse_grace <= MAX_REFRESH_REUSE_GRACE:
            raise ValueError(
                f"refresh_reuse_grace must be between 0 and {MAX_REFRESH_REUSE_GRACE} seconds"
            )

    @property
    def database_url(self) -> str:
        return self.db_url or f"sqlite:///{self.data_dir / 'store.db'}"

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def key_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def signing_key_file(self) -> Path:
        return self.signing_key_path or self.key_dir / "signing-ed25519.pem"

    @property
    def master_key_file(self) -> Path:
        return self.key_dir / "content-master.key"

    def with_overrides(self, **changes: Any) -> StoreSettings:
        """A copy with the non-None `changes` applied."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> StoreSettings:
        """Settings from `SATCHEL_STORE_*` variables (e.g. `SATCHEL_STORE_DB_URL`)."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {"data_dir": default_data_dir(env)}
        for name, f in cls.__dataclass_fields__.items():
            raw = env.get(ENV_PREFIX + name.upper())
            if raw is None or name == "data_dir":
                continue
            kind = f.type
            if kind == "int":
                values[name] = int(raw)
            elif kind == "float":
                values[name] = float(raw)
            elif kind == "bool":
                values[name] = raw.strip().lower() in {"1", "true", "yes", "on"}
            elif kind == "Path | None":
                values[name] = Path(raw) if raw else None
            else:
                values[name] = raw
        return cls(**values)
