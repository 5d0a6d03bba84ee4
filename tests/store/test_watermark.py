"""Per-buyer watermarks: a paid, encrypted course downloaded as a personal copy carries the
buyer's footer and a keyed mark in every text lesson and PDF; `satchel-store trace-leak`
names the buyer from a leaked PDF and from lesson text pasted elsewhere."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from bundle.authoring import new_course
from bundle.crypto import decrypt_bytes, generate_content_key
from bundle.pack import pack
from store.cli import main as store_main
from store.watermark import END, START
from tests.store.harness import StoreHarness


def _publish_paid_starter(store: StoreHarness, tmp_path: Path, course_id: str) -> bytes:
    folder = new_course(tmp_path / course_id, "Paid knots", "en", course_id)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["price_hint"] = {"amount": 1500, "currency": "USD"}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (folder / "lessons/01-welcome.md").write_text(
        "# Welcome\n\nThe reef knot joins two ropes of equal size.\n\n"
        "Tie it right over left, then left over right.\n", encoding="utf-8")
    key = generate_content_key()
    bundle = pack(folder, tmp_path / f"{course_id}.satchel", encrypt_with=key)
    author = store.instructor()
    r = store.upload(author, bundle, key)
    assert r.status_code == 201, r.text
    r = author.post(f"/v1/publish/drafts/{r.json()['id']}/publish")
    assert r.status_code == 200, r.text
    return key


def _member(copy: bytes, name: str, key: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(copy)) as z:
        manifest = json.loads(z.read("manifest.json"))
        data = z.read(name)
    if name in manifest.get("encryption", {}).get("files", []):
        return decrypt_bytes(data, key, name, manifest["encryption"]["chunk_size"])
    return data


def test_leaked_pdf_and_pasted_lesson_name_the_buyer(
    store: StoreHarness, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = _publish_paid_starter(store, tmp_path, "paid-knots")
    buyer, other = store.register("buyer"), store.register("other")
    assert buyer.get("/v1/courses/paid-knots/personal-copy").status_code == 403
    store.buy(buyer, "paid-knots")
    store.buy(other, "paid-knots")
    r = buyer.get("/v1/courses/paid-knots/personal-copy")
    assert r.status_code == 200, r.text
    copy = r.content
    assert other.get("/v1/courses/paid-knots/personal-copy").status_code == 200

    lesson = _member(copy, "lessons/01-welcome.md", key).decode("utf-8")
    assert f"Licensed to {buyer.email}" in lesson
    assert START in lesson and END in lesson
    pdf = _member(copy, "lessons/02-handout.pdf", key)
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert f"Licensed to {buyer.email}" in pdf_text

    settings = store.server.ctx.settings  # type: ignore[union-attr]
    args = ["--data", str(settings.data_dir), "--db", settings.database_url]
    leaked_pdf = tmp_path / "leaked.pdf"
    leaked_pdf.write_bytes(pdf)
    capsys.readouterr()
    assert store_main(["trace-leak", str(leaked_pdf), *args]) == 0
    out = capsys.readouterr().out
    assert f"was given to {buyer.email}" in out and "PDF metadata" in out

    # a paragraph pasted into a forum post, the footer cut off
    paragraph = next(p for p in lesson.split("\n\n") if "right over left" in p)
    pasted = tmp_path / "forum-post.txt"
    pasted.write_text(f"look what I found:\n{paragraph}\nenjoy", encoding="utf-8")
    assert "Licensed to" not in pasted.read_text(encoding="utf-8")
    assert store_main(["trace-leak", str(pasted), *args]) == 0
    out = capsys.readouterr().out
    assert f"was given to {buyer.email}" in out and "invisible text mark" in out
    assert other.email not in out

    # a forged mark (a bit flipped) is not accepted as anyone's
    forged = paragraph.replace("\u200b", "\u200c", 1)
    (tmp_path / "forged.txt").write_text(forged, encoding="utf-8")
    assert store_main(["trace-leak", str(tmp_path / "forged.txt"), *args]) == 1
    assert "no Satchel watermark found" in capsys.readouterr().out
