"""Course downloads from a real store: verified before "available", resumable after a cut,
corruption detected, pause/resume/cancel, a full disk reported plainly."""

from __future__ import annotations

import errno
import hashlib
from pathlib import Path

import pytest
from faults import FaultProxy, on
from kit import Device, StoreKit, make_bundle
from sqlalchemy import select

from app.db.models import CourseVersion
from sync.downloads import (
    DownloadControl,
    DownloadQueue,
    Outcome,
    Progress,
    fetch,
    open_part,
    part_path,
)
from sync.errors import CorruptDownload, DiskFull, Offline
from sync.protocol import CourseDetail

SIZE = 3_000_000


@pytest.fixture(scope="module")
def course(kit: StoreKit, tmp_path_factory: pytest.TempPathFactory) -> CourseDetail:
    bundle = make_bundle(tmp_path_factory.mktemp("bundles"), "big-course", media_bytes=SIZE)
    return kit.publish(bundle)


def _state(dev: Device, course_id: str) -> tuple[str, str | None] | None:
    with dev.db.read() as session:
        row = session.scalars(
            select(CourseVersion).where(CourseVersion.course_id == course_id)
        ).first()
        return None if row is None else (row.state, row.installed_path)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_download_is_verified_before_it_is_available(
    kit: StoreKit, work: Path, course: CourseDetail
) -> None:
    dev = Device(work / "d", kit.url, kit.new_email(), register=True)
    seen: list[Progress] = []
    try:
        outcome = dev.engine.download_course(course.id, on_progress=seen.append)
        assert outcome is Outcome.COMPLETED
        state = _state(dev, course.id)
        assert state is not None and state[0] == "available"
        installed = Path(str(state[1]))
        assert _sha(installed) == course.bundle.sha256
        assert installed.stat().st_size == course.bundle.size
        assert not part_path(installed).exists()
        assert seen[-1].done == course.bundle.size and seen[-1].eta == 0.0
        assert seen[-1].rate > 0
        assert [p.done for p in seen] == sorted(p.done for p in seen)
    finally:
        dev.close()


def test_cut_connection_resumes_from_the_partial_file(
    kit: StoreKit, work: Path, proxy: FaultProxy, course: CourseDetail
) -> None:
    dev = Device(work / "d", proxy.url, kit.new_email(), register=True)
    try:
        proxy.add(on("GET", "/v1/content/"), "cut", n=1_000_000)
        with pytest.raises(Offline, match="kept"):
            dev.engine.download_course(course.id)
        dest = dev.ports.content.bundle_path(course.id, course.version, course.bundle.sha256)
        assert part_path(dest).stat().st_size == 1_000_000
        assert not dest.exists()
        assert _state(dev, course.id) == ("downloading", None)

        seen: list[Progress] = []
        assert dev.engine.download_course(course.id, on_progress=seen.append) is Outcome.COMPLETED
        assert seen[0].done >= 1_000_000  # resumed, not restarted
        assert _sha(dest) == course.bundle.sha256
        assert _state(dev, course.id) == ("available", str(dest))
        assert proxy.count("GET", "/v1/content/") == 2
    finally:
        dev.close()


def test_a_corrupted_download_is_refused_and_removed(
    kit: StoreKit, work: Path, proxy: FaultProxy, course: CourseDetail
) -> None:
    dev = Device(work / "d", proxy.url, kit.new_email(), register=True)
    try:
        proxy.add(on("GET", "/v1/content/"), "corrupt", n=1_234_567)
        with pytest.raises(CorruptDownload, match="damaged"):
            dev.engine.download_course(course.id)
        dest = dev.ports.content.bundle_path(course.id, course.version, course.bundle.sha256)
        assert not dest.exists() and not part_path(dest).exists()
        assert _state(dev, course.id) == ("corrupt", None)

        assert dev.engine.download_course(course.id) is Outcome.COMPLETED
        assert _state(dev, course.id) == ("available", str(dest))
    finally:
        dev.close()


def test_pause_resume_and_cancel(kit: StoreKit, work: Path, course: CourseDetail) -> None:
    dev = Device(work / "d", kit.url, kit.new_email(), register=True)
    try:
        control = DownloadControl()

        def pause_at_first(p: Progress) -> None:
            if p.done < p.total:
                control.pause()

        assert dev.engine.download_course(
            course.id, control=control, on_progress=pause_at_first
        ) is Outcome.PAUSED
        dest = dev.ports.content.bundle_path(course.id, course.version, course.bundle.sha256)
        paused_at = part_path(dest).stat().st_size
        assert 0 < paused_at < course.bundle.size
        assert _state(dev, course.id) == ("downloading", None)

        control.resume()
        assert dev.engine.download_course(course.id, control=control) is Outcome.COMPLETED
        assert _sha(dest) == course.bundle.sha256

        other = Device(work / "e", kit.url, kit.new_email(), register=True)
        try:
            stop = DownloadControl()
            outcome = other.engine.download_course(
                course.id, control=stop, on_progress=lambda p: stop.cancel()
            )
            assert outcome is Outcome.CANCELLED
            dest2 = other.ports.content.bundle_path(course.id, course.version, course.bundle.sha256)
            assert not dest2.exists() and not part_path(dest2).exists()
            assert _state(other, course.id) == ("not_downloaded", None)
        finally:
            other.close()
    finally:
        dev.close()


class _FullDisk:
    """A partial file on a disk that fills up after ``room`` more bytes."""

    def __init__(self, path: Path, room: int) -> None:
        self._fh = open_part(path)
        self.room = room

    def write(self, data: bytes | memoryview, /) -> int | None:
        if self.room <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        n = self._fh.write(data[: self.room])
        self.room -= n or 0
        return n

    def truncate(self, size: int, /) -> int:
        return self._fh.truncate(size)

    def fileno(self) -> int:
        return self._fh.fileno()

    def close(self) -> None:
        self._fh.close()


def test_full_disk_keeps_a_valid_partial_file_and_resumes(
    kit: StoreKit, work: Path, course: CourseDetail
) -> None:
    dev = Device(work / "d", kit.url, kit.new_email(), register=True)
    dest = work / "dl" / "big.satchel"
    try:
        with pytest.raises(DiskFull, match="not enough free disk space") as err:
            fetch(dev.client, course.bundle.url, dest, sha256=course.bundle.sha256,
                  size=course.bundle.size, opener=lambda p: _FullDisk(p, 700_001))
        assert "already downloaded is kept" in str(err.value)
        assert kit.store.ctx is not None
        original = kit.store.ctx.blobs.path(course.bundle.sha256).read_bytes()
        assert part_path(dest).read_bytes() == original[:700_001]

        assert fetch(dev.client, course.bundle.url, dest, sha256=course.bundle.sha256,
                     size=course.bundle.size) is Outcome.COMPLETED
        assert dest.read_bytes() == original
    finally:
        dev.close()


def test_download_queue_pauses_and_resumes_in_the_background(
    kit: StoreKit, work: Path, course: CourseDetail
) -> None:
    dev = Device(work / "d", kit.url, kit.new_email(), register=True)
    queue = DownloadQueue(workers=1)
    try:
        seen: list[Progress] = []

        def task(control: DownloadControl) -> Outcome:
            def progress(p: Progress) -> None:
                seen.append(p)
                if len(seen) == 1:
                    control.pause()  # the learner presses Pause

            return dev.engine.download_course(course.id, control=control, on_progress=progress)

        handle = queue.start(task)
        assert handle.result(30) is Outcome.PAUSED
        assert _state(dev, course.id) == ("downloading", None)
        handle.resume()
        assert handle.result(30) is Outcome.COMPLETED
        dest = dev.ports.content.bundle_path(course.id, course.version, course.bundle.sha256)
        assert _state(dev, course.id) == ("available", str(dest))
        assert _sha(dest) == course.bundle.sha256
        assert seen[-1].done == course.bundle.size
    finally:
        queue.close()
        dev.close()
