"""Packing, opening and extracting: round trips, reproducibility, refusals, atomicity."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bundle.errors import BundleError
from bundle.pack import FIXED_DATE_TIME, pack
from bundle.reader import open_bundle
from bundle.source import Limits
from bundle.validate import validate

if TYPE_CHECKING:
    from conftest import BundleBuilder


def test_round_trip_pack_validate_open_extract(
    builder: BundleBuilder, folder: Path, tmp_path: Path
) -> None:
    out = pack(folder, tmp_path / "course.satchel")
    assert out == tmp_path / "course.satchel"
    report = validate(out)
    assert report.ok and report.problems == (), report.format()

    with open_bundle(out) as bundle:
        assert bundle.packed
        assert bundle.manifest.title == "Python basics"
        assert bundle.read_text(bundle.manifest.item("intro")).startswith("# Welcome")
        audio = builder.files["lessons/talk.ogg"]
        assert bundle.read_bytes("lessons/talk.ogg") == audio
        assert bundle.read_range("lessons/talk.ogg", 150_000, 20) == audio[150_000:150_020]
        assert bundle.read_range("lessons/intro.md", 2, 7) == b"Welcome"  # deflated member
        quiz = bundle.quiz("q-basics")
        assert quiz.question("q3").check("a") and not quiz.question("q3").check("b")
        assert set(bundle.quizzes) == {"q-basics"}
        with pytest.raises(BundleError, match="not a quiz"):
            bundle.quiz("intro")
        extracted = bundle.extract_to(tmp_path / "extracted")
        packed_manifest = bundle.manifest

    for name, data in builder.contents().items():
        assert (extracted / name).read_bytes() == data
    assert validate(extracted).problems == ()  # a folder with a correct files list
    with open_bundle(extracted) as again:
        assert again.manifest == packed_manifest


def test_packed_manifest_lists_every_file_sorted_and_keeps_field_order(
    builder: BundleBuilder, tmp_path: Path
) -> None:
    builder.manifest["title"] = "Python 入门"
    folder = builder.write_folder(tmp_path / "c")
    (folder / ".DS_Store").write_bytes(b"junk")
    (folder / "lessons" / "__pycache__").mkdir()
    (folder / "lessons" / "__pycache__" / "x.pyc").write_bytes(b"junk")
    out = pack(folder, tmp_path / "c.satchel")
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        raw = zf.read("manifest.json")
        infos = zf.infolist()
    assert names[0] == "manifest.json"
    assert names[1:] == sorted(builder.contents())
    assert "Python 入门".encode() in raw  # ensure_ascii=False
    doc = json.loads(raw)
    assert list(doc)[: len(builder.manifest)] == list(builder.manifest)
    assert list(doc)[-1] == "files"
    assert [f["path"] for f in doc["files"]] == sorted(builder.contents())
    assert all(info.date_time == FIXED_DATE_TIME for info in infos)
    methods = {info.filename: info.compress_type for info in infos}
    assert methods["lessons/talk.ogg"] == zipfile.ZIP_STORED
    assert methods["media/diagram.png"] == zipfile.ZIP_STORED
    assert methods["quizzes/q-basics.json"] == zipfile.ZIP_DEFLATED


def test_packing_twice_is_byte_identical(folder: Path, tmp_path: Path) -> None:
    first = pack(folder, tmp_path / "one.satchel").read_bytes()
    for path in folder.rglob("*"):
        os.utime(path, (1_700_000_000, 1_700_000_000))
    second = pack(folder, tmp_path / "two.satchel").read_bytes()
    assert first == second


def test_highly_compressible_file_is_stored_so_the_reader_accepts_it(
    builder: BundleBuilder, tmp_path: Path
) -> None:
    builder.files["media/silence.raw"] = bytes(1_000_000)
    out = pack(builder.write_folder(tmp_path / "c"), tmp_path / "c.satchel")
    with zipfile.ZipFile(out) as zf:
        assert zf.getinfo("media/silence.raw").compress_type == zipfile.ZIP_STORED
    assert validate(out).ok
    small = Limits(max_ratio=2)
    out2 = pack(builder.write_folder(tmp_path / "d"), tmp_path / "d.satchel", limits=small)
    assert validate(out2, limits=small).ok


def test_pack_refuses_an_invalid_folder_with_the_full_report(
    builder: BundleBuilder, tmp_path: Path
) -> None:
    builder.quiz()["questions"][2]["answer"] = "e"
    del builder.manifest["licence"]
    folder = builder.write_folder(tmp_path / "c")
    with pytest.raises(BundleError) as err:
        pack(folder, tmp_path / "c.satchel")
    text = str(err.value)
    assert "manifest.json:1: licence: required field is missing" in text
    assert 'quizzes/q-basics.json:66: questions[2].answer: "e" is not one of' in text
    assert not (tmp_path / "c.satchel").exists()


def test_pack_refuses_output_inside_the_folder(folder: Path) -> None:
    with pytest.raises(BundleError, match="must not be inside"):
        pack(folder, folder / "course.satchel")


def test_failed_write_leaves_nothing_behind(folder: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "out.satchel"
    blocker.mkdir()
    (blocker / "keep").write_text("x")  # os.replace cannot replace a non-empty folder
    with pytest.raises(BundleError, match="cannot write the bundle"):
        pack(folder, blocker)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["course", "out.satchel"]


def test_open_bundle_refuses_invalid_with_the_report(
    builder: BundleBuilder, tmp_path: Path
) -> None:
    builder.item("intro")["skills"] = ["nope"]
    folder = builder.write_folder(tmp_path / "c")
    with pytest.raises(BundleError) as err:
        open_bundle(folder)
    assert 'outline[0].items[0].skills[0]: skill "nope" is not declared' in str(err.value)


def test_a_file_changed_after_opening_is_caught(folder: Path, tmp_path: Path) -> None:
    packed = pack(folder, tmp_path / "c.satchel")
    with open_bundle(packed) as bundle:
        bundle.extract_to(tmp_path / "x")
    with open_bundle(tmp_path / "x") as bundle:
        (tmp_path / "x" / "lessons" / "talk.md").write_text("changed behind our back")
        with pytest.raises(BundleError, match="changed since the bundle was checked"):
            bundle.read_bytes("lessons/talk.md")
        with pytest.raises(BundleError, match="changed since"):
            bundle.extract_to(tmp_path / "y")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.satchel", "course", "x"]


def test_extract_refuses_a_non_empty_destination(folder: Path, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "mine.txt").write_text("keep me")
    with open_bundle(folder) as bundle, pytest.raises(BundleError, match="not an empty folder"):
        bundle.extract_to(dest)
    assert (dest / "mine.txt").read_text() == "keep me"
    empty = tmp_path / "empty"
    empty.mkdir()
    with open_bundle(folder) as bundle:
        assert (bundle.extract_to(empty) / "manifest.json").is_file()
