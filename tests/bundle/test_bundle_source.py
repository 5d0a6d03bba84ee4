"""The safe reader: unsafe names, links, duplicates, limits and zip bombs, in folders and zips."""

from __future__ import annotations

import os
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bundle.errors import BundleError
from bundle.report import Problem, Report
from bundle.source import FolderSource, Limits, ZipSource, open_source
from bundle.validate import validate

if TYPE_CHECKING:
    from conftest import BundleBuilder

ProblemAt = Callable[[Report, str, str], Problem]
RawZip = Callable[..., Path]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../evil", 'unsafe path: it contains a ".." segment'),
        ("lessons/../../evil.md", 'unsafe path: it contains a ".." segment'),
        ("/abs.md", "unsafe path: it is absolute (starts with /)"),
        ("lessons\\evil.md", "unsafe path: it contains a backslash (use / between folders)"),
        ("C:/evil.md", "unsafe path: it starts with a drive letter"),
    ],
)
def test_unsafe_zip_entry_names(
    builder: BundleBuilder,
    tmp_path: Path,
    problem_at: ProblemAt,
    name: str,
    reason: str,
) -> None:
    path = builder.write_zip(tmp_path / "c.satchel", extra={name: b"payload"})
    report = validate(path)
    assert problem_at(report, name, "").message == reason
    with ZipSource(path) as source:
        assert name not in source.names()
        with pytest.raises(BundleError):
            source.open(name)


def test_symlink_entry_in_zip(builder: BundleBuilder, tmp_path: Path, raw_zip: RawZip) -> None:
    good = builder.write_zip(tmp_path / "good.satchel")
    with zipfile.ZipFile(good) as zf:
        entries: list[tuple[str, bytes, int]] = [(n, zf.read(n), 0o100644) for n in zf.namelist()]
    entries.append(("media/link.png", b"/etc/passwd", 0o120777))
    path = raw_zip(tmp_path / "c.satchel", entries)
    report = validate(path)
    hits = report.find("media/link.png")
    assert [p.message for p in hits] == ["is a symbolic link; bundles may not contain links"]


def test_symlinks_in_folder(folder: Path, tmp_path: Path, problem_at: ProblemAt) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("secret")
    os.symlink(outside, folder / "lessons" / "link.md")
    os.symlink(tmp_path, folder / "media" / "linked-dir")
    report = validate(folder)
    msg = "is a symbolic link; bundles may not contain links"
    assert problem_at(report, "lessons/link.md", "").message == msg
    assert problem_at(report, "media/linked-dir", "").message == msg
    with FolderSource(folder) as source:
        assert "lessons/link.md" not in source.names()


def test_folder_ignores_dotfiles_and_pycache(folder: Path) -> None:
    (folder / ".DS_Store").write_bytes(b"\0\0")
    (folder / "__pycache__").mkdir()
    (folder / "__pycache__" / "x.pyc").write_bytes(b"\0")
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref")
    with FolderSource(folder) as source:
        assert not [n for n in source.names() if ".DS" in n or "pycache" in n or ".git" in n]
    assert validate(folder).problems == ()


def test_duplicate_and_case_colliding_names(
    builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt
) -> None:
    dup = builder.write_zip(
        tmp_path / "c.satchel",
        extra={"lessons/intro.md": b"second copy", "MEDIA/DIAGRAM.png": b"x"},
    )
    report = validate(dup)
    hits = report.find("lessons/intro.md")
    assert [p.message for p in hits] == ["appears more than once in the archive"]
    assert problem_at(report, "MEDIA/DIAGRAM.png", "").message.startswith(
        'differs only in letter case from "media/diagram.png"'
    )


def test_too_many_entries(
    builder: BundleBuilder, tmp_path: Path, small_limits: Limits, problem_at: ProblemAt
) -> None:
    for i in range(25):
        builder.files[f"media/m{i:02}.png"] = b"\x89PNG" + bytes([i])
    path = builder.write_zip(tmp_path / "many.satchel")
    report = validate(path, limits=small_limits)
    assert problem_at(report, "many.satchel", "").message == "has 31 entries; the limit is 20"
    assert validate(path).ok  # the default limit (2,000) is fine with it


def test_file_and_total_size_limits(
    builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt
) -> None:
    path = builder.write_zip(tmp_path / "c.satchel", compress=zipfile.ZIP_STORED)
    limits = Limits(max_file_size=150_000, max_total_size=180_000)
    report = validate(path, limits=limits)
    assert "the limit is 146.5 KiB per file" in problem_at(report, "lessons/talk.ogg", "").message
    assert "the limit is 175.8 KiB" in problem_at(report, "c.satchel", "").message
    with ZipSource(path, limits) as source, pytest.raises(BundleError, match="refused to read"):
        source.read("lessons/talk.ogg")


def test_zip_bomb_by_compression_ratio(
    builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt
) -> None:
    builder.files["media/zeros.bin"] = bytes(2_000_000)
    path = builder.write_zip(tmp_path / "bomb.satchel")
    report = validate(path)
    p = problem_at(report, "media/zeros.bin", "")
    assert p.message.startswith("would expand ")
    assert p.message.endswith("the limit is 200:1 (possible zip bomb)")
    # it is listed correctly, but never read: no hash problem on top of the bomb
    assert [q for q in report.problems if q.file == "manifest.json"] == []


def test_zip_bomb_with_a_lying_header_is_stopped_while_streaming(
    builder: BundleBuilder,
    tmp_path: Path,
    problem_at: ProblemAt,
    lie_about_size: Callable[[Path, str, int], None],
) -> None:
    builder.files["media/zeros.bin"] = bytes(3_000_000)
    path = builder.write_zip(tmp_path / "liar.satchel")
    with zipfile.ZipFile(path) as zf:
        compressed = zf.getinfo("media/zeros.bin").compress_size
    claimed = compressed * 10  # 10:1 looks harmless in both headers
    lie_about_size(path, "media/zeros.bin", claimed)
    report = validate(path)
    p = problem_at(report, "media/zeros.bin", "")
    assert p.message == (
        f"decompresses to more than the {claimed} bytes its header declares; "
        "refusing it (possible zip bomb)"
    )
    with (
        ZipSource(path) as source,
        source.open("media/zeros.bin") as stream,
        pytest.raises(BundleError, match="more than the"),
    ):
        stream.read()


def test_corrupted_member_is_reported_not_crashing(
    builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt
) -> None:
    path = builder.write_zip(tmp_path / "c.satchel", compress=zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    at = data.find(b"Python is friendly")
    data[at : at + 6] = b"PYTHON"  # same size, CRC now wrong
    path.write_bytes(bytes(data))
    report = validate(path)
    assert problem_at(report, "lessons/intro.md", "").message == (
        "the archive is damaged: its CRC-32 does not match"
    )


def test_stored_member_stream_can_seek(builder: BundleBuilder, tmp_path: Path) -> None:
    path = builder.write_zip(tmp_path / "c.satchel", compress=zipfile.ZIP_STORED)
    with ZipSource(path) as source, source.open("lessons/talk.ogg") as stream:
        assert stream.seekable()
        stream.seek(100_000)
        assert stream.read(10) == builder.files["lessons/talk.ogg"][100_000:100_010]


def test_open_source_rejects_non_bundles(tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="no such file or folder"):
        open_source(tmp_path / "missing")
    bad = tmp_path / "bad.satchel"
    bad.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(BundleError, match=r"not a valid \.satchel"):
        open_source(bad)


def test_hostile_names_are_reported_printably(
    builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt
) -> None:
    path = builder.write_zip(tmp_path / "c.satchel", extra={"media/\x1b[2Jx.png": b"x"})
    report = validate(path)
    p = problem_at(report, "media/\\x1b[2Jx.png", "")
    assert p.message == "unsafe path: it contains a control character"
    folder = builder.write_folder(tmp_path / "f")
    with open(os.path.join(os.fsencode(folder), b"media", b"\xff.png"), "wb") as fh:
        fh.write(b"x")
    report = validate(folder)
    assert (
        problem_at(report, "media/\ufffd.png", "").message == "unsafe path: it is not valid UTF-8"
    )
    report.format().encode("utf-8")  # printable: no lone surrogates


def test_overlapping_entries_are_refused(
    builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt
) -> None:
    builder.files["media/a.bin"] = builder.files["media/b.bin"] = bytes(range(256)) * 40
    path = builder.write_zip(tmp_path / "c.satchel")
    with zipfile.ZipFile(path) as zf:
        offset_a = zf.getinfo("media/a.bin").header_offset
    data = bytearray(path.read_bytes())
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + 11] != b"media/b.bin":
        central = data.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 42, offset_a)  # b now points at a's data
    path.write_bytes(bytes(data))
    report = validate(path)
    for name in ("media/a.bin", "media/b.bin"):
        assert problem_at(report, name, "").message == (
            "shares its data with another entry (possible zip bomb)"
        )
