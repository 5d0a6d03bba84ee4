"""`satchel-bundle`: validate, pack, sign, keygen and inspect course bundles.

Exit codes: 0 success (bundle valid), 1 the bundle is invalid or the operation failed (the
reason is printed), 2 usage error. Runs on the calling thread.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bundle.authoring import new_course
from bundle.errors import BundleError
from bundle.model import Manifest
from bundle.pack import pack, sign_bundle
from bundle.paths import RESERVED
from bundle.publish import PublishArgs, publish
from bundle.signing import (
    generate_key,
    key_id,
    load_private_key,
    load_public_keys,
    public_key_bytes,
    public_key_text,
    save_private_key,
)
from bundle.source import human_size, open_source
from bundle.validate import Validation, check

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

_DESCRIPTION = """\
Work with Satchel course bundles (docs/bundle-format.md): a folder while authoring, a
.satchel file (zip) once packed."""

_EPILOG = """\
examples:
  satchel-bundle new my-course/ --title "My first course" --language en
  satchel-bundle validate my-course/
  satchel-bundle keygen instructor.pem
  satchel-bundle pack my-course/ -o my-course.satchel --sign instructor.pem
  satchel-bundle validate my-course.satchel --trust instructor.pub --require-signature
  satchel-bundle inspect my-course.satchel
  satchel-bundle publish my-course/ --store https://store.example --email me@example.org

exit codes: 0 valid / done, 1 invalid bundle or failure, 2 usage error"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="satchel-bundle",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def trust_options(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--trust",
            metavar="KEYFILE",
            action="append",
            type=Path,
            help="public key(s) to trust: a .pub file from keygen, a PEM public key, or a "
            "private key PEM (its public half); repeatable. With --trust, a bundle signed "
            "by any other key is invalid.",
        )

    p = sub.add_parser(
        "validate",
        help="check a bundle and list every problem",
        description="Check a bundle folder or .satchel file against the format and list "
        "every problem found (exit 0 when valid, 1 when not).",
    )
    p.add_argument("path", type=Path, metavar="PATH", help="bundle folder or .satchel file")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    trust_options(p)
    p.add_argument(
        "--require-signature",
        action="store_true",
        help="treat a bundle without signature.json as invalid",
    )

    p = sub.add_parser(
        "new",
        help="start a new course from a commented starter",
        description="Write a starter course into FOLDER: a manifest, one lesson of each "
        "kind (text, PDF, audio, video), a quiz with every question type and two skills. "
        "It passes validate as written; .authoring-guide.md in it explains every field.",
    )
    p.add_argument("folder", type=Path, metavar="FOLDER", help="a new (or empty) folder")
    p.add_argument("--title", required=True, help="the course title")
    p.add_argument(
        "--language", default="en", choices=["en", "zh_CN"], help="language of the starter"
    )
    p.add_argument("--id", default="", help="course id (default: made from the title)")

    p = sub.add_parser(
        "pack",
        help="pack a folder into a .satchel file",
        description="Validate FOLDER, compute its file list and write a reproducible "
        ".satchel file (refuses, listing every problem, when the folder is invalid).",
    )
    p.add_argument("folder", type=Path, metavar="FOLDER", help="the course folder")
    p.add_argument(
        "-o", "--output", type=Path, required=True, metavar="OUT", help="the .satchel to write"
    )
    p.add_argument("--sign", type=Path, metavar="KEY.pem", help="sign with this private key")

    p = sub.add_parser(
        "publish",
        help="upload a course to a store and publish it",
        description="Pack FOLDER (or take FILE), sign in, upload it as a draft, print the "
        "store's preview report, ask to accept the creator agreement (first publish) and to "
        "confirm, then publish. Exit 0 published, 1 refused, 3 held for copyright review.",
    )
    p.add_argument("path", type=Path, metavar="DIR|FILE", help="course folder or .satchel")
    p.add_argument("--store", required=True, metavar="URL", help="the store's address")
    p.add_argument("--email", required=True, help="your instructor account")
    p.add_argument("--changelog", default="", help="what changed in this version")
    p.add_argument("--encrypt", action="store_true", help="encrypt it (paid courses)")
    p.add_argument("--yes", action="store_true", help="accept and publish without asking")
    p.add_argument(
        "--save-password", action="store_true", help="keep the password in the system keyring"
    )

    p = sub.add_parser(
        "keygen",
        help="create an Ed25519 signing key",
        description="Create an Ed25519 private key (PEM, mode 0600) at OUT and its public "
        "key next to it (OUT with suffix .pub, for --trust); prints the public key and its "
        "key id.",
    )
    p.add_argument("out", type=Path, metavar="OUT.pem", help="where to write the private key")
    p.add_argument("--force", action="store_true", help="overwrite an existing key file")

    p = sub.add_parser(
        "sign",
        help="sign a bundle in place",
        description="Sign a bundle folder or .satchel file in place, replacing any old "
        "signature (refuses when the bundle has other problems).",
    )
    p.add_argument("bundle", type=Path, metavar="BUNDLE", help="bundle folder or .satchel file")
    p.add_argument("--key", type=Path, required=True, metavar="KEY.pem", help="private key")

    p = sub.add_parser(
        "inspect",
        help="show what a bundle holds",
        description="Show title, version, language, price, the outline with kinds and "
        "durations, the files and the signature status (exit 1 when the bundle is invalid).",
    )
    p.add_argument("path", type=Path, metavar="PATH", help="bundle folder or .satchel file")
    trust_options(p)

    p = sub.add_parser(
        "verify-certificate",
        help="check a course certificate",
        description="Check a Satchel course certificate (the PDF, or its .json claim): the "
        "store's Ed25519 signature, the verification code, and with --store-key that it was "
        "signed by that store (exit 0 when valid, 1 when not).",
    )
    p.add_argument("file", type=Path, metavar="FILE", help="certificate PDF or .json")
    p.add_argument(
        "--store-key",
        metavar="KEY",
        action="append",
        help="the store's public key: base64 (as GET /v1/keys shows it), a .pub or PEM "
        "file, or the saved JSON of /v1/keys; repeatable. Without it the key embedded in "
        "the certificate is used and only its id is shown.",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2)
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    out, err = sys.stdout, sys.stderr
    try:
        if args.command == "validate":
            return _validate(args, out)
        if args.command == "new":
            return _new(args, out)
        if args.command == "pack":
            return _pack(args, out)
        if args.command == "publish":
            return publish(
                PublishArgs(
                    args.path, args.store, args.email, args.changelog, args.encrypt,
                    args.yes, args.save_password,
                ),
                out,
            )  # fmt: skip
        if args.command == "keygen":
            return _keygen(args, out)
        if args.command == "sign":
            return _sign(args, out)
        if args.command == "verify-certificate":
            return _verify_certificate(args, out)
        return _inspect(args, out)
    except BundleError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_INVALID


def _trusted(paths: list[Path] | None) -> list[bytes] | None:
    if not paths:
        return None
    keys: list[bytes] = []
    for path in paths:
        keys.extend(load_public_keys(path))
    return keys


def _store_keys(values: list[str] | None) -> dict[str, bytes] | None:
    """{key id: raw key} from --store-key values (base64, key files, or /v1/keys JSON)."""
    import base64
    import binascii
    import json

    if not values:
        return None
    raws: list[bytes] = []
    for value in values:
        path = Path(value)
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace").strip()
            if text.startswith("{"):
                try:
                    data = json.loads(text)
                    raws += [base64.b64decode(k["public_key"]) for k in data.get("keys", [])]
                except (ValueError, KeyError, TypeError, binascii.Error) as exc:
                    raise BundleError(f"{path}: not a key set from /v1/keys") from exc
                continue
            raws.extend(load_public_keys(path))
            continue
        try:
            raw = base64.b64decode(value, validate=True)
        except binascii.Error:
            raw = b""
        if len(raw) != 32:
            raise BundleError(f"--store-key {value!r}: not a base64 Ed25519 public key or a file")
        raws.append(raw)
    return {key_id(raw): raw for raw in raws}


def _verify_certificate(args: argparse.Namespace, out: TextIO) -> int:
    from bundle.certificate import read_certificate_file, verify

    signed = read_certificate_file(args.file)
    trusted = _store_keys(args.store_key)
    result = verify(signed, trusted)
    c = signed.certificate
    print(f"Certificate {c.code}", file=out)
    print(f"  {c.learner_name} completed “{c.course_title}” (version {c.course_version}) "
          f"on {c.completed_on}", file=out)
    print(f"  issued by {c.store}, signed with key {signed.key_id}", file=out)
    if not result.valid:
        print(f"INVALID: {result.reason}", file=out)
        return EXIT_INVALID
    if trusted is None:
        print("VALID signature (key embedded in the certificate; pass --store-key to check "
              "that it is the store's key)", file=out)
    else:
        print("VALID: signed by the store's key", file=out)
    return EXIT_OK


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    result = check(
        args.path,
        trusted_keys=_trusted(args.trust),
        require_signature=args.require_signature,
    )
    print(result.report.to_json() if args.json else result.report.format(), file=out)
    return EXIT_OK if result.report.ok else EXIT_INVALID


def _new(args: argparse.Namespace, out: TextIO) -> int:
    folder = new_course(args.folder, args.title, args.language, args.id)
    report = check(folder).report
    print(f"created {folder} ({report.format().split(': ', 1)[1]})", file=out)
    print("next: edit it, then", file=out)
    print(f"  satchel preview {folder} --watch", file=out)
    print(f"  satchel-bundle validate {folder}", file=out)
    print(f"  satchel-bundle publish {folder} --store URL", file=out)
    return EXIT_OK if report.ok else EXIT_INVALID


def _pack(args: argparse.Namespace, out: TextIO) -> int:
    key = load_private_key(args.sign) if args.sign else None
    written = pack(args.folder, args.output, signing_key=key)
    size = human_size(written.stat().st_size)
    signed = f", signed by key {key_id(public_key_bytes(key))}" if key else ", unsigned"
    print(f"packed {args.folder} -> {written} ({size}{signed})", file=out)
    return EXIT_OK


def _keygen(args: argparse.Namespace, out: TextIO) -> int:
    key = generate_key()
    public = public_key_bytes(key)
    pub_path = args.out.with_suffix(".pub")
    if pub_path == args.out:
        pub_path = args.out.with_name(args.out.name + ".pub")
    if pub_path.exists() and not args.force:
        raise BundleError(f"{pub_path}: already exists; not overwriting (use --force)")
    save_private_key(key, args.out, overwrite=args.force)
    pub_path.write_text(
        f"# satchel-bundle public key {key_id(public)}\n{public_key_text(public)}\n",
        encoding="utf-8",
    )
    print(f"private key: {args.out} (keep it secret)", file=out)
    print(f"public key:  {public_key_text(public)}", file=out)
    print(f"key id:      {key_id(public)}", file=out)
    print(f"saved the public key to {pub_path} (for --trust)", file=out)
    return EXIT_OK


def _sign(args: argparse.Namespace, out: TextIO) -> int:
    key = load_private_key(args.key)
    signature = sign_bundle(args.bundle, key)
    print(f"signed {args.bundle} with key {signature.key_id}", file=out)
    return EXIT_OK


def _inspect(args: argparse.Namespace, out: TextIO) -> int:
    with open_source(args.path) as source:
        result = check(source, trusted_keys=_trusted(args.trust))
        names = [n for n in source.names() if n not in RESERVED]
        sizes = sum(source.size(n) for n in names)
    manifest = result.manifest
    if manifest is None:
        print(result.report.format(), file=out)
        return EXIT_INVALID
    for line in _describe(manifest, len(names), sizes, result):
        print(line, file=out)
    print("", file=out)
    print(result.report.format(), file=out)
    return EXIT_OK if result.report.ok else EXIT_INVALID


def _minutes(value: float) -> str:
    return f"{value:g} min"


def _describe(manifest: Manifest, count: int, size: int, result: Validation) -> list[str]:
    authors = ", ".join(
        f"{a.name} <{a.email}>" if a.email else a.name for a in manifest.authors if a.name
    )
    items = list(manifest.items())
    lines = [
        f"{manifest.title}",
        f"  id {manifest.id}, version {manifest.version}, language {manifest.language}, "
        f"needs Satchel {manifest.min_app_version}+",
        f"  topic {manifest.topic}, licence {manifest.licence}, "
        f"price {manifest.price_hint.format()}",
        f"  authors: {authors}",
        f"  tags: {', '.join(manifest.tags) or '-'}",
        f"  skills: {', '.join(s.id for s in manifest.skills) or '-'}",
        "",
        f"Outline: {len(manifest.outline)} modules, {len(items)} items, "
        f"{_minutes(manifest.total_duration_min)}",
    ]
    for number, module in enumerate(manifest.outline, 1):
        lines.append(f"  {number}. {module.title} [{module.id}]")
        for item in module.items:
            extras = [item.kind, _minutes(item.duration_min)]
            if item.free_preview:
                extras.append("free preview")
            if manifest.is_encrypted(item.path):
                extras.append("encrypted")
            lines.append(f"     - {item.title} ({', '.join(extras)}) [{item.id}]")
    encrypted = len(manifest.encrypted_paths)
    lines += [
        "",
        f"Files: {count}, {human_size(size)}" + (f", {encrypted} encrypted" if encrypted else ""),
        f"Signature: {_signature_status(result)}",
    ]
    return lines


def _signature_status(result: Validation) -> str:
    sig = result.signature
    if sig is None:
        return "none (unsigned)" if result.signature_bytes is None else "unreadable"
    if not result.signature_valid:
        return f"INVALID (key {sig.key_id}): the bundle was changed after signing"
    if result.signature_trusted is None:
        return f"valid, key {sig.key_id} (not checked against trusted keys)"
    return f"valid, key {sig.key_id}, " + ("trusted" if result.signature_trusted else "NOT trusted")


if __name__ == "__main__":
    sys.exit(main())
