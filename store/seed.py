"""`--demo`: publish every bundle folder under `resources/demo/` as a course of the store.

Each folder with a `manifest.json` is packed with `bundle.pack` (signed with the store's
key; paid courses encrypted with a fresh content key, which the store keeps sealed) and
published by a built-in demo instructor account that cannot sign in. Versions already in
the store are skipped, so seeding is idempotent. A folder that does not validate is skipped
with a logged warning. Runs on the calling thread before the server starts serving.
"""

from __future__ import annotations

import json
import logging
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from bundle.crypto import generate_content_key
from bundle.errors import BundleError
from bundle.pack import pack
from store.context import StoreContext
from store.db.models import CourseVersion, User
from store.problems import ProblemError
from store.publishing import publish_version, store_bundle

log = logging.getLogger(__name__)

DEMO_AUTHOR_EMAIL = "demo-instructor@satchel.invalid"


def demo_root() -> Path:
    """`resources/demo` of the installed package (or of the source tree)."""
    try:
        import resources

        for base in resources.__path__:
            candidate = Path(base) / "demo"
            if candidate.is_dir():
                return candidate
    except ImportError:
        pass
    return Path(__file__).resolve().parents[1] / "resources" / "demo"


@dataclass
class SeedReport:
    published: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def _demo_author(ctx: StoreContext) -> str:
    with ctx.db.write() as session:
        user = session.scalar(select(User).where(User.email == DEMO_AUTHOR_EMAIL))
        if user is None:
            user = User(
                email=DEMO_AUTHOR_EMAIL,
                # A hash of a random secret nobody knows: the account cannot sign in.
                password_hash=ctx.passwords.hash(secrets.token_urlsafe(32)),
                display_name="Satchel demo",
                is_instructor=True,
            )
            session.add(user)
            session.flush()
        return user.id


def seed_demo(
    ctx: StoreContext, root: Path | None = None, *, encrypt_paid: bool = True
) -> SeedReport:
    root = root or demo_root()
    report = SeedReport()
    folders = (
        sorted(p for p in root.iterdir() if (p / "manifest.json").is_file())
        if root.is_dir()
        else []
    )
    if not folders:
        return report
    author_id = _demo_author(ctx)
    for folder in folders:
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            course_id, version = str(manifest["id"]), str(manifest["version"])
            paid = int((manifest.get("price_hint") or {}).get("amount", 0)) > 0
        except (ValueError, KeyError, TypeError, OSError) as exc:
            report.failed[folder.name] = f"unreadable manifest: {exc}"
            continue
        with ctx.db.read() as session:
            exists = session.scalar(
                select(CourseVersion.id).where(
                    CourseVersion.course_id == course_id, CourseVersion.version == version
                )
            )
        if exists is not None:
            report.skipped.append(course_id)
            continue
        key = generate_content_key() if (encrypt_paid and paid) else None
        try:
            with tempfile.TemporaryDirectory(prefix="satchel-seed-") as tmp:
                out = pack(
                    folder,
                    Path(tmp) / f"{course_id}.satchel",
                    signing_key=ctx.keys.signing_key,
                    encrypt_with=key,
                )
                with ctx.db.write() as session, out.open("rb") as fh:
                    row = store_bundle(session, ctx, author_id, fh, key, is_admin=True)
                    publish_version(session, row)
            report.published.append(course_id)
        except (BundleError, ProblemError) as exc:
            detail = str(exc)
            if isinstance(exc, ProblemError) and exc.extra.get("problems"):
                detail += " " + "; ".join(str(p) for p in exc.extra["problems"])
            report.failed[folder.name] = detail
            log.warning("demo course %s not published: %s", folder.name, detail)
    return report
