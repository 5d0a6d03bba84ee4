"""Per-buyer watermarks on personal copies of a course, and tracing a leaked copy.

A personal copy (`personal_copy`) is the published bundle rebuilt for one buyer, encrypted
with the same content key when the original is: every Markdown lesson and transcript gets
a visible footer ("Licensed to <email> · copy <mark>") and, after the first word of every
paragraph, an invisible mark — zero-width characters carrying the copy's 8-byte mark id
and a 4-byte HMAC tag keyed by the store (so a mark cannot be forged or altered into
another buyer's); every PDF page gets the footer, and the PDF's metadata the tagged mark.
`trace(data)` finds a mark in a leaked file — a PDF, a Markdown file, or any text pasted
from a lesson — checks its tag and returns the mark; `who(session, mark)` names the buyer.

Pure functions except `personal_copy` (file I/O) and `who`/`record` (the caller's session).
Thread-safe.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import re
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from bundle.pack import pack
from store.context import StoreContext
from store.copyright import bundle_members
from store.db.models import CourseVersion, DownloadMark, User

ZERO, ONE = "\u200b", "\u200c"  # zero-width space / non-joiner: one bit each
START, END = "\u2060", "\ufeff"  # word joiner / zero-width no-break space frame a mark
_MARK_RE = re.compile(f"{START}([{ZERO}{ONE}]{{96}}){END}")
_FOOTER_RE = re.compile(r"copy ([0-9a-f]{16})\b")
_PDF_KEY = "/SatchelMark"


def mark_key(ctx: StoreContext) -> bytes:
    return hashlib.sha256(b"satchel-watermark\0" + ctx.keys.token_key).digest()


def _tag(key: bytes, mark: str) -> bytes:
    return hmac.new(key, bytes.fromhex(mark), hashlib.sha256).digest()[:4]


def invisible(key: bytes, mark: str) -> str:
    payload = bytes.fromhex(mark) + _tag(key, mark)
    bits = "".join(f"{byte:08b}" for byte in payload)
    return START + "".join(ONE if b == "1" else ZERO for b in bits) + END


def footer(email: str, mark: str) -> str:
    return f"Licensed to {email} · copy {mark}"


def mark_text(text: str, key: bytes, mark: str, email: str) -> str:
    """A Markdown lesson with the invisible mark in every paragraph and the visible footer."""
    code = invisible(key, mark)
    out = []
    in_fence = False
    for para in text.split("\n\n"):
        stripped = para.lstrip()
        if stripped.startswith("```"):
            in_fence = stripped.count("```") % 2 == 1 if not in_fence else False
            out.append(para)
            continue
        if in_fence or not stripped or stripped.startswith(("<!--", "|", "    ")):
            out.append(para)
            continue
        words = para.split(" ", 1)
        out.append(words[0] + code + (" " + words[1] if len(words) > 1 else ""))
    return "\n\n".join(out).rstrip("\n") + f"\n\n---\n\n*{footer(email, mark)}*\n"


def mark_pdf(data: bytes, key: bytes, mark: str, email: str) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ContentStream,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
    )

    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(clone_from=reader)
    text = footer(email, mark).replace("·", "-").encode("latin-1", "replace")
    text = text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    for page in writer.pages:
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else DictionaryObject()
        fonts = resources.get("/Font")
        fonts = fonts.get_object() if fonts is not None else DictionaryObject()
        font = DictionaryObject({
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        })  # fmt: skip
        fonts[NameObject("/SatchelWM")] = writer._add_object(font)
        resources[NameObject("/Font")] = fonts
        page[NameObject("/Resources")] = resources
        stream = DecodedStreamObject()
        stream.set_data(b"q BT /SatchelWM 7 Tf 0.4 g 24 12 Td (" + text + b") Tj ET Q")
        overlay = ContentStream(stream, writer)
        contents = page.get_contents()
        merged = DecodedStreamObject()
        merged.set_data((contents.get_data() if contents else b"") + b"\n" + overlay.get_data())
        page.replace_contents(ContentStream(merged, writer))
    tag = (bytes.fromhex(mark) + _tag(key, mark)).hex()
    writer.add_metadata({_PDF_KEY: tag})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass(frozen=True)
class Trace:
    mark: str
    how: str  # "invisible text mark", "PDF metadata", "visible footer"


def _check(key: bytes, raw: bytes) -> str | None:
    mark, tag = raw[:8].hex(), raw[8:12]
    return mark if hmac.compare_digest(_tag(key, mark), tag) else None


def trace(data: bytes, key: bytes) -> Trace | None:
    """The mark of a leaked copy (PDF or text), verified; None when there is none."""
    if data.startswith(b"%PDF"):
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        meta = reader.metadata
        stored = str(meta.get(_PDF_KEY, "")) if meta is not None else ""
        if re.fullmatch(r"[0-9a-f]{24}", stored) and (m := _check(key, bytes.fromhex(stored))):
            return Trace(m, "PDF metadata")
        text = "\n".join(p.extract_text() or "" for p in reader.pages)
        found = _FOOTER_RE.search(text)
        return Trace(found.group(1), "visible footer") if found else None
    text = data.decode("utf-8", "replace")
    for match in _MARK_RE.finditer(text):
        bits = "".join("1" if c == ONE else "0" for c in match.group(1))
        if m := _check(key, int(bits, 2).to_bytes(12, "big")):
            return Trace(m, "invisible text mark")
    found = _FOOTER_RE.search(text)
    return Trace(found.group(1), "visible footer") if found else None


def record(session: Session, user_id: str, version: CourseVersion) -> str:
    mark = secrets.token_hex(8)
    session.add(DownloadMark(mark=mark, user_id=user_id, course_id=version.course_id,
                             course_version_id=version.id))  # fmt: skip
    session.flush()
    return mark


def who(session: Session, mark: str) -> tuple[DownloadMark, User] | None:
    row = session.get(DownloadMark, mark)
    if row is None:
        return None
    user = session.get(User, row.user_id)
    assert user is not None
    return row, user


def personal_copy(
    ctx: StoreContext, version: CourseVersion, mark: str, email: str, out_dir: Path
) -> Path:
    """Build the buyer's watermarked `.satchel` in `out_dir`; returns its path."""
    key = mark_key(ctx)
    content_key = (
        ctx.keys.unseal(version.content_key_sealed, version.id)
        if version.content_key_sealed
        else None
    )
    manifest = dict(version.manifest)
    manifest.pop("files", None)
    manifest.pop("encryption", None)
    with tempfile.TemporaryDirectory(prefix="satchel-copy-", dir=out_dir) as tmp:
        folder = Path(tmp) / "course"
        with ctx.blobs.local_copy(version.blob_sha256) as stored:
            members = list(bundle_members(stored, version.manifest, content_key))
        for name, data in members:
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if name.lower().endswith(".md"):
                data = mark_text(data.decode("utf-8"), key, mark, email).encode("utf-8")
            elif name.lower().endswith(".pdf"):
                data = mark_pdf(data, key, mark, email)
            target.write_bytes(data)
        (folder / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        out = out_dir / f"{version.course_id}-{version.version}-{mark}.satchel"
        pack(folder, out, encrypt_with=content_key)
    return out
