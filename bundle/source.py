"""A safe, read-only view of a bundle that is a folder or a `.satchel` zip.

`open_source(path)` lists the members and records every structural problem it finds in
`source.problems` instead of failing on the first: unsafe names (absolute, `..`, backslash,
drive letter, empty segment), symbolic links (folder links, and zip entries whose
`external_attr` says link), duplicate names, names differing only in case, too many entries,
files over the per-file limit, a total over the total limit, and (zips) entries whose
compression ratio in the central directory is over the limit. Members with an unsafe name or
that are links are left out of `names()`; members over a limit are listed but "blocked":
opening them raises `BundleError`.

Reading re-checks while streaming: a zip member is decompressed by this module (not by
`zipfile`) and reading stops with `BundleError` the moment it produces more bytes than its
header declared (so a lying header cannot get past the ratio and size limits); its CRC and
final size are checked at the end. Folder members are opened without following links and
cut off at the per-file limit.

Threads: listing happens once in the constructor; afterwards `open()`/`read()` may be called
from several threads at once (each stream has its own file handle). A stream itself belongs
to one thread.
"""

from __future__ import annotations

import io
import itertools
import os
import stat
import struct
import zipfile
import zlib
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from bundle.errors import BundleError
from bundle.fields import quote
from bundle.paths import display_name, is_ignored, path_problem
from bundle.report import Problem

GiB = 1024**3
_READ_CHUNK = 1 << 16


@dataclass(frozen=True)
class Limits:
    """Reader limits (the spec's values by default; tests use small ones)."""

    max_entries: int = 2000
    max_file_size: int = 2 * GiB
    max_total_size: int = 4 * GiB
    max_ratio: float = 200.0


DEFAULT_LIMITS = Limits()


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{n} bytes" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} bytes"  # pragma: no cover


class BundleSource(ABC):
    """Members of a bundle by their bundle path (`lessons/intro.md`)."""

    packed: bool = False

    def __init__(self, location: Path, limits: Limits) -> None:
        self.location = location
        self.limits = limits
        self.problems: list[Problem] = []
        self._sizes: dict[str, int] = {}
        self._blocked: dict[str, str] = {}
        self.closed = False

    @property
    def label(self) -> str:
        """How problems about the bundle as a whole name it."""
        return self.location.name or str(self.location)

    # -- listing -------------------------------------------------------------------------
    def names(self) -> list[str]:
        """Every regular member with a safe name, sorted (blocked members included)."""
        return sorted(self._sizes)

    def __contains__(self, name: object) -> bool:
        return name in self._sizes

    def size(self, name: str) -> int:
        """Uncompressed size as listed (stat size for folders, header size for zips)."""
        return self._sizes[name]

    def blocked_reason(self, name: str) -> str | None:
        """Why `name` may not be read (over a limit), or None when it may."""
        return self._blocked.get(name)

    # -- reading -------------------------------------------------------------------------
    def open(self, name: str) -> BinaryIO:
        """A binary stream of the member; the caller closes it."""
        if name not in self._sizes:
            raise BundleError(f"{name}: not in the bundle {self.label}")
        reason = self._blocked.get(name)
        if reason is not None:
            raise BundleError(f"{name}: refused to read: {reason}")
        return self._open(name)

    def read(self, name: str) -> bytes:
        with self.open(name) as stream:
            return stream.read()

    def iter_chunks(self, name: str, chunk_size: int = 1 << 20) -> Iterator[bytes]:
        with self.open(name) as stream:
            while chunk := stream.read(chunk_size):
                yield chunk

    @abstractmethod
    def _open(self, name: str) -> BinaryIO: ...

    def close(self) -> None:
        """Nothing is held open between reads; kept for symmetry and `with` blocks."""
        self.closed = True

    def __enter__(self) -> BundleSource:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- shared checks -------------------------------------------------------------------
    def _problem(self, file: str, message: str) -> None:
        self.problems.append(Problem(file, "", message))

    def _register(self, entries: Iterable[tuple[str, int]], entry_count: int) -> None:
        """Apply the name, duplicate, case, count and size rules to (name, size) pairs."""
        limits = self.limits
        if entry_count > limits.max_entries:
            self._problem(
                self.label,
                f"has {entry_count} entries; the limit is {limits.max_entries}",
            )
        folded: dict[str, str] = {}
        total = 0
        for name, size in entries:
            if name in self._sizes:
                self._problem(name, "appears more than once in the archive")
                continue
            other = folded.get(name.casefold())
            if other is not None:
                self._problem(
                    name,
                    f"differs only in letter case from {quote(other)}; "
                    "names must stay distinct on every file system",
                )
                continue
            folded[name.casefold()] = name
            self._sizes[name] = size
            total += size
            if size > limits.max_file_size:
                reason = (
                    f"is {human_size(size)} uncompressed; "
                    f"the limit is {human_size(limits.max_file_size)} per file"
                )
                self._problem(name, reason)
                self._blocked[name] = reason
        if total > limits.max_total_size:
            self._problem(
                self.label,
                f"holds {human_size(total)} uncompressed; "
                f"the limit is {human_size(limits.max_total_size)}",
            )
            for name in self._sizes:  # read nothing of a bundle over the total limit
                self._blocked.setdefault(name, "the bundle is over the total size limit")

    def _name_ok(self, name: str) -> bool:
        reason = path_problem(name)
        if reason is None:
            try:
                name.encode("utf-8")
            except UnicodeEncodeError:
                reason = "is not valid UTF-8"
        if reason is not None:
            self._problem(display_name(name), f"unsafe path: it {reason}")
            return False
        return True


class FolderSource(BundleSource):
    """An authoring folder. Dotfiles, dot folders and `__pycache__` are ignored."""

    packed = False

    def __init__(self, location: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(location, limits)
        self._root = os.path.realpath(location)
        found: list[tuple[str, int]] = []
        count = 0
        for dirpath, dirnames, filenames in os.walk(location, followlinks=False):
            rel_dir = os.path.relpath(dirpath, location).replace(os.sep, "/")
            rel_dir = "" if rel_dir == "." else rel_dir + "/"
            dirnames.sort()
            for d in list(dirnames):
                rel = rel_dir + d
                if is_ignored(rel):
                    dirnames.remove(d)
                elif os.path.islink(os.path.join(dirpath, d)):
                    self._problem(
                        display_name(rel), "is a symbolic link; bundles may not contain links"
                    )
                    dirnames.remove(d)
                else:
                    count += 1
                    self._name_ok(rel)
            for f in sorted(filenames):
                rel = rel_dir + f
                if is_ignored(rel):
                    continue
                count += 1
                st = os.lstat(os.path.join(dirpath, f))
                if stat.S_ISLNK(st.st_mode):
                    self._problem(
                        display_name(rel), "is a symbolic link; bundles may not contain links"
                    )
                elif not stat.S_ISREG(st.st_mode):
                    self._problem(display_name(rel), "is not a regular file")
                elif self._name_ok(rel):
                    found.append((rel, st.st_size))
        self._register(found, count)

    def _open(self, name: str) -> BinaryIO:
        full = os.path.join(self.location, *name.split("/"))
        real = os.path.realpath(full)
        if not real.startswith(self._root + os.sep):
            raise BundleError(f"{name}: resolves outside the bundle folder")
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(full, flags)
        except OSError as exc:
            raise BundleError(f"{name}: cannot be read: {exc.strerror}") from None
        raw = _LimitedRaw(io.FileIO(fd, "rb", closefd=True), name, self.limits.max_file_size)
        return io.BufferedReader(raw, _READ_CHUNK)


class _LimitedRaw(io.RawIOBase):
    """A file that refuses to yield more than `limit` bytes (it may grow while read)."""

    def __init__(self, inner: io.FileIO, name: str, limit: int) -> None:
        super().__init__()
        self._inner = inner
        self._name = name
        self._limit = limit

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        n = self._inner.readinto(buffer)
        if n and self._inner.tell() > self._limit:
            raise BundleError(f"{self._name}: is larger than the per-file limit")
        return n or 0

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._inner.seek(offset, whence)

    def tell(self) -> int:
        return self._inner.tell()

    def close(self) -> None:
        self._inner.close()
        super().close()


class ZipSource(BundleSource):
    """A packed `.satchel` file (a ZIP archive)."""

    packed = True

    def __init__(self, location: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(location, limits)
        try:
            with zipfile.ZipFile(location) as zf:
                infos = zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
            raise BundleError(f"{location.name}: not a valid .satchel (zip) file: {exc}") from None
        except OSError as exc:
            raise BundleError(f"{location.name}: cannot be read: {exc.strerror or exc}") from None
        self._infos: dict[str, zipfile.ZipInfo] = {}
        found: list[tuple[str, int]] = []
        for info in infos:
            name = info.filename
            mode = info.external_attr >> 16
            if name.endswith("/"):
                self._name_ok(name.rstrip("/") or "/")
                continue
            if stat.S_ISLNK(mode):
                self._problem(
                    display_name(name), "is a symbolic link; bundles may not contain links"
                )
                continue
            if stat.S_IFMT(mode) not in (0, stat.S_IFREG):
                self._problem(display_name(name), "is not a regular file")
                continue
            if not self._name_ok(name):
                continue
            if name not in self._infos:
                self._infos[name] = info
            found.append((name, info.file_size))
        self._register(found, len(infos))
        overlapping = _overlapping(infos)
        for name, info in self._infos.items():
            if name in self._blocked or self._sizes.get(name) != info.file_size:
                continue
            reason = self._entry_problem(info)
            if reason is None and id(info) in overlapping:
                reason = "shares its data with another entry (possible zip bomb)"
            if reason is not None:
                self._problem(name, reason)
                self._blocked[name] = reason

    def _entry_problem(self, info: zipfile.ZipInfo) -> str | None:
        if info.flag_bits & 0x1:
            return "is password-protected; zip encryption is not supported"
        if info.compress_type == zipfile.ZIP_STORED:
            if info.compress_size != info.file_size:
                return (
                    f"is stored uncompressed but its header gives two sizes "
                    f"({info.compress_size} and {info.file_size}); the archive is damaged"
                )
            return None
        if info.compress_type != zipfile.ZIP_DEFLATED:
            return (
                f"uses compression method {info.compress_type}; only stored and deflate are allowed"
            )
        limit = self.limits.max_ratio
        if info.file_size > limit * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            return (
                f"would expand {ratio:.0f}:1 ({human_size(info.compress_size)} to "
                f"{human_size(info.file_size)}); the limit is {limit:g}:1 (possible zip bomb)"
            )
        return None

    def _open(self, name: str) -> BinaryIO:
        try:
            raw = _ZipMemberRaw(self.location, self._infos[name], name)
        except OSError as exc:
            raise BundleError(f"{name}: cannot be read: {exc.strerror or exc}") from None
        return io.BufferedReader(raw, _READ_CHUNK)


def _overlapping(infos: list[zipfile.ZipInfo]) -> set[int]:
    """ids of entries whose data overlaps the next entry's header (the overlapping-files zip
    bomb: many entries pointing into one compressed kernel)."""
    found: set[int] = set()
    ordered = sorted(infos, key=lambda i: i.header_offset)
    for this, following in itertools.pairwise(ordered):
        name_len = len(
            this.orig_filename.encode("utf-8" if this.flag_bits & 0x800 else "cp437", "replace")
        )
        if this.header_offset + 30 + name_len + this.compress_size > following.header_offset:
            found.add(id(this))
            found.add(id(following))
    return found


class _ZipMemberRaw(io.RawIOBase):
    """Streams one zip member, checking the declared size, the CRC and the limits."""

    def __init__(self, path: Path, info: zipfile.ZipInfo, name: str) -> None:
        super().__init__()
        self._name = name
        self._fh = open(path, "rb")  # noqa: SIM115 - closed in close()
        try:
            self._fh.seek(info.header_offset)
            header = self._fh.read(30)
            if len(header) != 30 or header[:4] != b"PK\x03\x04":
                raise self._damaged("its local header is missing")
            flags, name_len, extra_len = (
                struct.unpack("<H", header[6:8])[0],
                *struct.unpack("<HH", header[26:30]),
            )
            raw_name = self._fh.read(name_len)
            local_name = raw_name.decode("utf-8" if flags & 0x800 else "cp437", "replace")
            if local_name != info.orig_filename:
                raise self._damaged("the name in its local header differs from the directory")
        except BaseException:
            self._fh.close()
            raise
        self._start = info.header_offset + 30 + name_len + extra_len
        self._fh.seek(self._start)
        self._csize = info.compress_size
        self._usize = info.file_size
        self._expected_crc = info.CRC
        self._deflated = info.compress_type == zipfile.ZIP_DEFLATED
        self._decomp = zlib.decompressobj(-15)
        self._consumed = 0
        self._pos = 0  # bytes produced (or the seek position for stored members)
        self._crc = 0
        self._sequential = True
        self._pending = b""
        self._checked = False

    def _damaged(self, why: str) -> BundleError:
        return BundleError(f"{self._name}: the archive is damaged: {why}")

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return not self._deflated

    def tell(self) -> int:
        return self._pos - len(self._pending)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if self._deflated:
            raise io.UnsupportedOperation("a compressed member cannot seek")
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._usize}[whence]
        pos = max(0, min(base + offset, self._usize))
        if pos != self._pos:
            self._sequential = False
        self._pos = pos
        self._fh.seek(self._start + pos)
        return pos

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._read_some(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _read_some(self, n: int) -> bytes:
        if n <= 0:
            return b""
        if not self._deflated:
            remaining = self._usize - self._pos
            if remaining <= 0:
                self._finish()
                return b""
            data = self._fh.read(min(n, remaining))
            if not data:
                raise self._damaged("the file ends in the middle of this member")
            self._pos += len(data)
            if self._sequential:
                self._crc = zlib.crc32(data, self._crc)
            if self._pos == self._usize:
                self._finish()
            return data
        while not self._pending:
            if self._decomp.eof:
                self._finish()
                return b""
            chunk = self._decomp.unconsumed_tail
            if not chunk:
                want = min(_READ_CHUNK, self._csize - self._consumed)
                if want <= 0:
                    raise self._damaged("its compressed data ends early")
                chunk = self._fh.read(want)
                if not chunk:
                    raise self._damaged("the file ends in the middle of this member")
                self._consumed += len(chunk)
            try:
                out = self._decomp.decompress(chunk, _READ_CHUNK)
            except zlib.error as exc:
                raise self._damaged(f"its compressed data is invalid ({exc})") from None
            self._pos += len(out)
            if self._pos > self._usize:
                raise BundleError(
                    f"{self._name}: decompresses to more than the {self._usize} bytes its "
                    "header declares; refusing it (possible zip bomb)"
                )
            self._crc = zlib.crc32(out, self._crc)
            self._pending = out
        data, self._pending = self._pending[:n], self._pending[n:]
        return data

    def _finish(self) -> None:
        if self._checked:
            return
        self._checked = True
        if self._pos != self._usize:
            raise self._damaged(f"it holds {self._pos} bytes, its header says {self._usize}")
        if self._sequential and self._crc != self._expected_crc:
            raise self._damaged("its CRC-32 does not match")

    def close(self) -> None:
        self._fh.close()
        super().close()


def open_source(path: str | os.PathLike[str], limits: Limits | None = None) -> BundleSource:
    """Open a bundle folder or `.satchel` file; `BundleError` if it is neither."""
    location = Path(path)
    limits = limits or DEFAULT_LIMITS
    if location.is_dir():
        return FolderSource(location, limits)
    if location.is_file():
        return ZipSource(location, limits)
    if location.exists():
        raise BundleError(f"{location}: is neither a folder nor a .satchel file")
    raise BundleError(f"{location}: no such file or folder")
