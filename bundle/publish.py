"""`satchel-bundle publish`: send a course to a store and publish it, from the terminal.

Steps: pack the folder (or take the `.satchel` file), sign in (the password comes from the
system keyring, `SATCHEL_STORE_PASSWORD`, or a prompt, and is saved to the keyring on
request), upload it in chunks through the store's resumable upload (a rerun after an
interruption sends only what the store lacks) and make it a draft with the changelog, print
the store's preview report (course page, warnings, copyright check), show the creator
agreement when it has not been accepted yet, ask for confirmation (`--yes` skips both
questions) and publish. A version the store holds for copyright review is reported as such.
Runs on the calling thread; network I/O.
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import httpx

from bundle.crypto import generate_content_key
from bundle.errors import BundleError
from bundle.pack import pack

KEYRING_SERVICE = "satchel-bundle"
PASSWORD_ENV = "SATCHEL_STORE_PASSWORD"


@dataclass
class PublishArgs:
    path: Path
    store: str
    email: str
    changelog: str = ""
    encrypt: bool = False
    yes: bool = False
    save_password: bool = False


def _keyring_password(store: str, email: str) -> str | None:
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(KEYRING_SERVICE, f"{store}|{email}")
        except KeyringError:
            return None
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None


def _save_password(store: str, email: str, password: str, out: TextIO) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, f"{store}|{email}", password)
        print("saved the password in the system keyring", file=out)
    except KeyringError as exc:
        print(f"could not save the password in the keyring: {exc}", file=out)


def _problem(r: httpx.Response) -> str:
    try:
        doc = r.json()
    except ValueError:
        return f"HTTP {r.status_code}: {r.text[:200]}"
    text = str(doc.get("detail") or doc.get("title") or r.status_code)
    for p in doc.get("problems", []) or []:
        where = p.get("file", "") + (f":{p['line']}" if p.get("line") else "")
        field = f" {p['field']}:" if p.get("field") else ""
        text += f"\n  {p.get('severity', 'error')}: {where}:{field} {p.get('message', '')}"
    return text


def _money(price: dict[str, Any]) -> str:
    amount = int(price.get("amount", 0))
    return "free" if amount == 0 else f"{price.get('currency', '')} {amount / 100:.2f}"


def print_report(report: dict[str, Any], out: TextIO) -> None:
    course, draft = report["course"], report["draft"]
    items = sum(len(m.get("items", [])) for m in course.get("outline", []))
    print(f"\nStore preview of {course['title']} ({course['id']} {course['version']})", file=out)
    print(f"  price {_money(course['price'])}, language {course['language']}, "
          f"{len(course.get('outline', []))} modules, {items} items, "
          f"{course.get('duration_min', 0):g} min", file=out)  # fmt: skip
    print(f"  bundle {draft['sha256'][:12]}…, {draft['size']} bytes"
          + (", encrypted" if draft.get("encrypted") else ""), file=out)  # fmt: skip
    if draft.get("changelog"):
        print(f"  changelog: {draft['changelog']}", file=out)
    for w in report.get("warnings", []):
        where = w["file"] + (f":{w['line']}" if w.get("line") else "")
        print(f"  warning: {where}: {w['message']}", file=out)
    if report.get("similar"):
        print("  copyright check: resembles published courses of other authors; an "
              "administrator will review it before it is listed:", file=out)  # fmt: skip
        for s in report["similar"]:
            print(f"    - {s['title']} ({s['course_id']} {s['version']}): "
                  f"{s['text_overlap']:.0%} of the text, {s['shared_media']} same media file(s)",
                  file=out)  # fmt: skip
    else:
        print("  copyright check: no resemblance to other authors' courses", file=out)


class UploadFailed(Exception):
    """The store refused a step of the upload; the message is the store's reason."""


def file_sha256(path: Path) -> str:
    """The hex sha256 of a file."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def chunk_range(offset: int, length: int, size: int) -> str:
    """The Content-Range header of one chunk of an upload."""
    return f"bytes {offset}-{offset + length - 1}/{size}"


def send_chunks(
    bundle: Path,
    offset: int,
    chunk_size: int,
    put: Callable[[int, bytes], int],
    on_progress: Callable[[int, int], None] | None = None,
) -> None:
    """The chunk loop of a resumable upload (shared by this CLI and the app): from `offset`,
    read `chunk_size` bytes and `put(offset, chunk)`, which returns the store's new offset
    (it may differ: the store is the judge of what it holds); until the store has it all."""
    size = bundle.stat().st_size
    if on_progress is not None:
        on_progress(offset, size)
    with bundle.open("rb") as fh:
        while offset < size:
            fh.seek(offset)
            offset = put(offset, fh.read(chunk_size))
            if on_progress is not None:
                on_progress(offset, size)


def upload_bundle(
    client: httpx.Client,
    auth: dict[str, str],
    bundle: Path,
    *,
    changelog: str = "",
    content_key: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Send `bundle` through the store's resumable upload and finish it into a draft
    (returned). An unfinished upload of the same bundle resumes where the store stopped;
    `on_progress(sent, total)` is called after every chunk. Raises UploadFailed with the
    store's reason, httpx.HTTPError when the store cannot be reached (rerun to resume)."""
    size = bundle.stat().st_size
    r = client.post("/v1/publish/uploads", headers=auth,
                    json={"size": size, "sha256": file_sha256(bundle)})  # fmt: skip
    if r.status_code != 201:
        raise UploadFailed(_problem(r))
    upload = r.json()
    url = f"/v1/publish/uploads/{upload['id']}"
    offset, chunk_size = int(upload["offset"]), int(upload["chunk_size"])

    def put(offset: int, chunk: bytes) -> int:
        headers = {**auth, "Content-Type": "application/octet-stream",
                   "Content-Range": chunk_range(offset, len(chunk), size)}  # fmt: skip
        r = client.put(url, headers=headers, content=chunk)
        if r.status_code == 409 and "offset" in r.json():
            return int(r.json()["offset"])  # the store has more or less than we thought
        if r.status_code != 200:
            raise UploadFailed(_problem(r))
        return int(r.json()["offset"])

    send_chunks(bundle, offset, chunk_size, put, on_progress)
    body: dict[str, Any] = {"changelog": changelog}
    if content_key is not None:
        body["content_key"] = content_key
    r = client.post(f"{url}/finish", headers=auth, json=body)
    if r.status_code != 201:
        raise UploadFailed(_problem(r))
    draft: dict[str, Any] = r.json()
    return draft


def _progress_printer(out: TextIO) -> Callable[[int, int], None]:
    def show(sent: int, total: int) -> None:
        print(f"  uploaded {sent} of {total} bytes ({sent * 100 // max(total, 1)}%)", file=out)

    return show


def publish(
    args: PublishArgs,
    out: TextIO,
    ask: Callable[[str], str] = input,
    http: httpx.Client | None = None,
) -> int:
    """0 published, 1 refused or failed (the reason is printed), 3 held for review."""
    store = args.store.rstrip("/")
    password = (
        _keyring_password(store, args.email)
        or os.environ.get(PASSWORD_ENV)
        or getpass.getpass(f"password for {args.email} on {store}: ")
    )
    client = http or httpx.Client(base_url=store, timeout=120.0)
    try:
        with tempfile.TemporaryDirectory(prefix="satchel-publish-") as tmp:
            key = generate_content_key() if args.encrypt else None
            bundle = args.path
            if args.path.is_dir():
                bundle = pack(args.path, Path(tmp) / f"{args.path.name}.satchel", encrypt_with=key)
                print(f"packed {args.path} -> {bundle.name}", file=out)
            elif key is not None:
                raise BundleError("--encrypt needs the course folder, not a packed file")
            r = client.post("/v1/auth/login", json={
                "email": args.email, "password": password,
                "device": {"name": "satchel-bundle publish", "platform": "cli"},
            })  # fmt: skip
            if r.status_code != 200:
                print(f"sign-in failed: {_problem(r)}", file=out)
                return 1
            if args.save_password:
                _save_password(store, args.email, password, out)
            auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
            content_key = None if key is None else base64.b64encode(key).decode("ascii")
            try:
                draft = upload_bundle(client, auth, bundle, changelog=args.changelog,
                                      content_key=content_key,
                                      on_progress=_progress_printer(out))  # fmt: skip
            except UploadFailed as exc:
                print(f"upload refused: {exc}", file=out)
                return 1
        print(f"uploaded draft {draft['id']} ({draft['course_id']} {draft['version']})", file=out)
        r = client.get(f"/v1/publish/drafts/{draft['id']}/report", headers=auth)
        if r.status_code != 200:
            print(f"no preview report: {_problem(r)}", file=out)
            return 1
        report = r.json()
        print_report(report, out)
        body: dict[str, Any] = {}
        agreement = report.get("agreement_required")
        if agreement:
            print(f"\nThe store's creator agreement (version {agreement['version']}):\n", file=out)
            print(agreement["text"], file=out)
            if not args.yes and ask("Do you accept it? [y/N] ").strip().lower() not in ("y", "yes"):
                print("not published: the agreement was not accepted (the draft stays)", file=out)
                return 1
            body["accept_agreement"] = agreement["version"]
        if not args.yes and ask(
            f"Publish {draft['course_id']} {draft['version']} now? [y/N] "
        ).strip().lower() not in ("y", "yes"):
            print(f"not published; the draft {draft['id']} stays on the store", file=out)
            return 1
        r = client.post(f"/v1/publish/drafts/{draft['id']}/publish", headers=auth, json=body)
        if r.status_code == 202:
            print(f"held for review: an administrator checks the resemblance first "
                  f"(hold {r.json()['hold_id']})", file=out)  # fmt: skip
            return 3
        if r.status_code != 200:
            print(f"publish refused: {_problem(r)}", file=out)
            return 1
        done = r.json()
        print(f"published {done['course_id']} {done['version']}", file=out)
        return 0
    except httpx.HTTPError as exc:
        print(f"cannot reach {store}: {exc} (run the command again to resume the upload)",
              file=out)  # fmt: skip
        return 1
    finally:
        if http is None:
            client.close()
