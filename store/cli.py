"""`satchel-store`: serve the store, migrate its database, seed the demo catalog, create
voucher pools, grant roles, publish desktop app releases, export learning events as xAPI
(NDJSON), export the OpenAPI document.

Settings come from `SATCHEL_STORE_*` environment variables, overridden by `--db` and
`--data`. Runs in the main thread; `serve` blocks until Ctrl+C.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import get_args

import uvicorn
from pydantic import ValidationError

from store import accounts, releases, vouchers
from store.app import api_app, build_context
from store.config import StoreSettings
from store.context import StoreContext
from store.db.engine import Database
from store.db.migrate import current_revision, upgrade
from store.keys import StoreKeys
from store.problems import ProblemError
from store.releases import AppReleaseCreate, Package, Platform
from sync.protocol import VoucherPoolCreate


def _settings(args: argparse.Namespace) -> StoreSettings:
    settings = StoreSettings.from_env()
    data = Path(args.data) if getattr(args, "data", None) else None
    return settings.with_overrides(
        data_dir=data, db_url=getattr(args, "db", None), demo=getattr(args, "demo", None) or None
    )


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="database URL (default: SQLite file in the data dir)")
    parser.add_argument("--data", help="data directory (blobs, keys, default SQLite file)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="satchel-store", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the store server")
    _common(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--demo", action="store_true", help="publish the demo courses first")
    serve.add_argument("--log-level", default="info")
    serve.add_argument(
        "--log-format",
        choices=("json", "text"),
        default="json",
        help="log lines (JSON: one object per line, with the request id)",
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes (uvicorn); they share the database, blob storage and, with "
        "SATCHEL_STORE_REDIS_URL, the abuse limits",
    )
    serve.add_argument(
        "--proxy",
        default=None,
        help="comma-separated addresses of trusted load balancers whose X-Forwarded-For is "
        "the client address (for per-address limits)",
    )

    status = sub.add_parser("status", help="health, recent errors, sales and sync volume")
    _common(status)
    status.add_argument("--url", help="also check this running server's /health endpoints")
    status.add_argument("--hours", type=int, default=24, help="volume over this many hours")
    status.add_argument("--errors", type=int, default=10, help="how many recent errors to list")

    migrate = sub.add_parser(
        "migrate", help="create or upgrade the database schema; create the keys if missing"
    )
    _common(migrate)

    seed = sub.add_parser("seed-demo", help="publish the demo courses and exit")
    _common(seed)

    voucher = sub.add_parser("create-voucher", help="create a voucher pool and print its codes")
    _common(voucher)
    voucher.add_argument("--name", required=True, help="institution or campaign name")
    voucher.add_argument("--seats", type=int, required=True, help="how many redemptions")
    voucher.add_argument("--course", action="append", dest="courses", help="limit to course id")
    voucher.add_argument("--codes", type=int, default=1, help="how many random codes")
    voucher.add_argument("--code", action="append", dest="explicit", help="use this code")
    voucher.add_argument("--expires", help="ISO 8601 date-time with offset")

    release = sub.add_parser(
        "publish-release",
        help="store a build of the desktop app and offer it to the app's update check",
    )
    _common(release)
    release.add_argument("--version", required=True, help="the build's version, e.g. 0.2.0")
    release.add_argument("--platform", required=True, choices=get_args(Platform))
    release.add_argument("--package", required=True, choices=get_args(Package))
    release.add_argument("--file", required=True, help="the file learners download")
    release.add_argument("--notes", default="", help="release notes shown in the app")

    for name, role in (("make-instructor", "instructor"), ("make-admin", "admin")):
        p = sub.add_parser(name, help=f"give an account the {role} role")
        _common(p)
        p.add_argument("email")
        p.add_argument("--revoke", action="store_true", help=f"remove the {role} role instead")

    sub.add_parser(
        "rotate-signing-key",
        help="replace the lease signing key; clients that trust the old key accept the new one",
    )
    export = sub.add_parser(
        "export-xapi", help="write learning events as xAPI 1.0.3 statements, one JSON a line"
    )
    _common(export)
    export.add_argument("--org", help="only this organisation's learners and courses")
    export.add_argument("--out", help="file to write (default: standard output)")
    export.add_argument(
        "--home-page", help="the actors' account homePage (default: the organisation's)"
    )

    sub.add_parser("openapi", help="print the OpenAPI document")
    leak = sub.add_parser(
        "trace-leak", help="name the buyer of a leaked course file (PDF, lesson, pasted text)"
    )
    leak.add_argument("file", help="the leaked file (a PDF, a Markdown lesson or pasted text)")
    _common(leak)
    return parser


def cmd_export_xapi(args: argparse.Namespace) -> int:
    from store.xapi import export_ndjson

    ctx = _with_context(args)
    try:
        with ctx.db.read() as session:
            if args.out:
                with open(args.out, "w", encoding="utf-8") as out:
                    n = export_ndjson(session, out, args.org, args.home_page)
                print(f"{n} statements written to {args.out}", file=sys.stderr)
            else:
                n = export_ndjson(session, sys.stdout, args.org, args.home_page)
    finally:
        ctx.close()
    return 0


def cmd_rotate_key(args: argparse.Namespace) -> int:
    from store.keys import rotate_signing_key

    settings = _settings(args)
    rotation = rotate_signing_key(settings.signing_key_file)
    print(
        f"signing key {rotation.old_key_id} -> {rotation.new_key_id}; restart the store "
        "(every worker) to sign with the new key"
    )
    return 0


def _with_context(args: argparse.Namespace) -> StoreContext:
    return build_context(_settings(args))


def cmd_serve(args: argparse.Namespace) -> int:
    from store.monitoring import configure_logging

    configure_logging(args.log_level, args.log_format)
    settings = _settings(args)
    ctx = build_context(settings)  # migrates, creates keys: once, before any worker starts
    try:
        if args.demo:
            from store.seed import seed_demo

            report = seed_demo(ctx)
            print(
                f"demo catalog: {len(report.published)} published, {len(report.skipped)} "
                f"present, {len(report.failed)} failed",
                flush=True,
            )
        backend = ctx.db.backend
    finally:
        if args.workers > 1:
            ctx.close()
    print(
        f"Satchel store on http://{args.host}:{args.port} ({backend}, {args.workers} "
        f"worker{'s' if args.workers > 1 else ''})",
        flush=True,
    )
    if args.workers <= 1:
        uvicorn.run(
            api_app(ctx),
            host=args.host,
            port=args.port,
            log_level=args.log_level,
            access_log=False,
            log_config=None,
            proxy_headers=bool(args.proxy),
            forwarded_allow_ips=args.proxy,
        )
        return 0
    from store.workers import serve_workers

    return serve_workers(
        settings,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
        log_format=args.log_format,
        proxy=args.proxy,
    )


def cmd_status(args: argparse.Namespace) -> int:
    from store.status import collect, render

    settings = _settings(args)
    db = Database(settings.database_url)
    try:
        status = collect(db, hours=args.hours, url=args.url, errors=args.errors)
    finally:
        db.dispose()
    print(render(status, args.url))
    return 0 if status.healthy else 1


def cmd_migrate(args: argparse.Namespace) -> int:
    settings = _settings(args)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    db = Database(settings.database_url)
    try:
        upgrade(db.engine)
        print(f"database at revision {current_revision(db.engine)}")
        # The keys too, so that workers started next (possibly many at once) only load them.
        StoreKeys.load(settings.signing_key_file, settings.master_key_file)
    finally:
        db.dispose()
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    from store.seed import seed_demo

    ctx = _with_context(args)
    try:
        report = seed_demo(ctx)
    finally:
        ctx.close()
    for course in report.published:
        print(f"published {course}")
    for folder, why in report.failed.items():
        print(f"FAILED {folder}: {why}", file=sys.stderr)
    return 1 if report.failed else 0


def cmd_voucher(args: argparse.Namespace) -> int:
    expires = datetime.fromisoformat(args.expires) if args.expires else None
    req = VoucherPoolCreate(
        name=args.name,
        seats=args.seats,
        course_ids=args.courses,
        codes=max(1, args.codes),
        expires_at=expires,
    )
    ctx = _with_context(args)
    try:
        with ctx.db.session(write=True) as session:
            pool = vouchers.create_pool(session, req, args.explicit)
    finally:
        ctx.close()
    print(f"pool {pool.id}: {pool.name}, {pool.seats_total} seats")
    for code in pool.codes:
        print(code)
    return 0


def cmd_role(args: argparse.Namespace) -> int:
    ctx = _with_context(args)
    value = not args.revoke
    try:
        with ctx.db.session(write=True) as session:
            if args.command == "make-instructor":
                accounts.set_role(session, args.email, instructor=value, admin=None)
            else:
                accounts.set_role(session, args.email, instructor=None, admin=value)
    finally:
        ctx.close()
    print(f"{args.email}: {args.command.removeprefix('make-')} {'granted' if value else 'removed'}")
    return 0


def cmd_publish_release(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"satchel-store: {path} is not a file", file=sys.stderr)
        return 2
    try:
        AppReleaseCreate(
            version=args.version,
            platform=args.platform,
            package=args.package,
            sha256="0" * 64,
            size=1,
            notes=args.notes,
        )
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        print(f"satchel-store: {problems}", file=sys.stderr)
        return 2
    ctx = _with_context(args)
    try:
        with ctx.db.session(write=True) as session:
            if releases.is_published(session, args.platform, args.package, args.version):
                print(
                    f"satchel-store: Satchel {args.version} for {args.platform} "
                    f"({args.package}) is already published; use a new version number.",
                    file=sys.stderr,
                )
                return 2
            sha256, size = releases.store_file(session, ctx.blobs, path)
            out = releases.publish(
                session,
                ctx.blobs,
                AppReleaseCreate(
                    version=args.version,
                    platform=args.platform,
                    package=args.package,
                    sha256=sha256,
                    size=size,
                    notes=args.notes,
                    file_name=releases.safe_file_name(path.name),
                ),
                published_by=None,
            )
    finally:
        ctx.close()
    print(f"published Satchel {out.version} for {out.platform} ({out.package}): {out.url}")
    print(f"  sha256 {out.sha256}, {out.size} bytes")
    return 0


def cmd_openapi(args: argparse.Namespace) -> int:
    print(json.dumps(api_app().openapi(), indent=2))
    return 0


COMMANDS = {
    "serve": cmd_serve,
    "status": cmd_status,
    "migrate": cmd_migrate,
    "seed-demo": cmd_seed,
    "create-voucher": cmd_voucher,
    "make-instructor": cmd_role,
    "make-admin": cmd_role,
    "publish-release": cmd_publish_release,
    "rotate-signing-key": cmd_rotate_key,
    "export-xapi": cmd_export_xapi,
    "openapi": cmd_openapi,
}


def cmd_trace_leak(args: argparse.Namespace) -> int:
    from store import watermark

    data = Path(args.file).read_bytes()
    ctx = _with_context(args)
    try:
        found = watermark.trace(data, watermark.mark_key(ctx))
        if found is None:
            print(f"{args.file}: no Satchel watermark found")
            return 1
        with ctx.db.session(write=False) as session:
            buyer = watermark.who(session, found.mark)
            if buyer is None:
                print(f"{args.file}: copy {found.mark} ({found.how}) is not from this store")
                return 1
            row, user = buyer
            print(f"{args.file}: copy {found.mark} ({found.how}) was given to {user.email} "
                  f"(user {user.id}) for {row.course_id} on {row.created_at:%Y-%m-%d %H:%M} UTC")
    finally:
        ctx.close()
    return 0


COMMANDS["trace-leak"] = cmd_trace_leak


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ProblemError as exc:
        print(f"satchel-store: {exc.detail}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"satchel-store: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
