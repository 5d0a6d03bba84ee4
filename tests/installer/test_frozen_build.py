"""Smoke tests of real builds: the frozen app starts, and the .deb works on a clean Debian.

Opt-in (slow: a PyInstaller build, a .deb and a clean-root install, several minutes):

    SATCHEL_BUILD_TESTS=1 QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest tests/installer

One build per session (``build.py --deb --tarball --institution ...``, the .deb gzip-compressed
to keep the step short) into a temp folder; PyInstaller's cache is kept in build/test-work
so repeat runs are faster. The clean root needs root, debootstrap and a Debian mirror; see
installer/smoke.py. Figures (build time, sizes, self-test times) are printed with ``-s``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from installer_kit import ROOT, SMOKE_MARKS, load  # type: ignore[import-not-found]

pytestmark = SMOKE_MARKS

smoke = load("smoke")

INSTITUTION = """\
[organisation]
name = "Smoke Test College"
[settings]
language = "en"
send_usage_stats = false
[lock]
settings = ["send_usage_stats"]
"""


@dataclass
class Built:
    dist: Path
    app: Path
    exe: Path
    deb: Path
    tarball: Path
    seconds: float
    log: str


def figure(text: str) -> None:
    print(f"\n[installer figures] {text}", flush=True)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    dist = tmp_path_factory.mktemp("dist")
    config = tmp_path_factory.mktemp("deploy") / "institution.toml"
    config.write_text(INSTITUTION, encoding="utf-8")
    config.chmod(0o644)
    env = {k: v for k, v in os.environ.items() if k != "SATCHEL_HOME"}
    start = time.monotonic()
    res = subprocess.run(
        [sys.executable, str(ROOT / "installer" / "build.py"), "--deb", "--tarball",
         "--compression", "gzip", "--institution", str(config), "--dist", str(dist),
         "--work", str(ROOT / "build" / "test-work")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600,
    )
    seconds = time.monotonic() - start
    assert res.returncode == 0, (res.stdout + res.stderr)[-6000:]
    figure(f"build.py --deb --tarball: {seconds:.1f} s\n{res.stdout[res.stdout.find('Built:'):]}")
    debs = sorted(dist.glob("satchel_*.deb"))
    tars = sorted(dist.glob("satchel-*.tar.gz"))
    assert len(debs) == 1 and len(tars) == 1, sorted(p.name for p in dist.iterdir())
    app = dist / "satchel"
    return Built(dist, app, app / "satchel", debs[0], tars[0], seconds, res.stdout)


def test_build_prints_what_it_made_and_how_long(built: Built) -> None:
    assert "Built:" in built.log and "total" in built.log
    for name in (built.deb.name, built.tarball.name, "MiB"):
        assert name in built.log


def test_frozen_app_passes_its_self_test_offscreen(built: Built, tmp_path: Path) -> None:
    res = smoke.self_test(built.exe, tmp_path / "home")
    figure(f"frozen self-test (offscreen): {res.seconds:.1f} s")
    assert res.ok, res.output
    assert "self-test: demo bundle opened" in res.output
    assert "self-test: profile opened (encrypted)" in res.output  # sqlcipher3 and argon2 frozen
    assert "self-test: institution: Smoke Test College" in res.output  # the baked config


def test_frozen_app_carries_what_it_needs(built: Built) -> None:
    internal = built.app / "_internal"
    qt = internal / "PySide6" / "Qt"
    platforms = {p.name for p in (qt / "plugins" / "platforms").iterdir()}
    assert {"libqxcb.so", "libqoffscreen.so"} <= platforms
    assert not {"libqeglfs.so", "libqvnc.so", "libqlinuxfb.so"} & platforms
    for folder in ("imageformats", "multimedia", "iconengines", "platforminputcontexts"):
        assert any((qt / "plugins" / folder).iterdir()), folder
    assert (qt / "plugins" / "imageformats" / "libqsvg.so").is_file()
    assert list(qt.glob("lib/libQt6Pdf.so*")) and list(qt.glob("lib/libQt6Multimedia.so*"))
    assert not list(internal.rglob("*WebEngine*"))
    # keyring finds its backends through entry points in its metadata
    eps = list(internal.glob("keyring-*.dist-info/entry_points.txt"))
    assert eps and "SecretService" in eps[0].read_text()
    # Alembic loads migration scripts from disk
    for migrations in ("app/db/migrations", "store/db/migrations"):
        assert (internal / migrations / "env.py").is_file(), migrations
        assert list((internal / migrations / "versions").glob("*.py")), migrations
    # resources: demo course folders, translations, icons
    src_demo = {p.name for p in (ROOT / "resources" / "demo").iterdir()
                if (p / "manifest.json").is_file()}
    got_demo = {p.name for p in (internal / "resources" / "demo").iterdir()
                if (p / "manifest.json").is_file()}
    assert src_demo and src_demo <= got_demo
    src_qm = {p.name for p in (ROOT / "resources" / "i18n").glob("*.qm")}
    assert src_qm <= {p.name for p in (internal / "resources" / "i18n").glob("*.qm")}
    assert (internal / "resources" / "icons" / "satchel.svg").is_file()
    info = json.loads((built.app / "build-info.json").read_text())
    assert info["package"] == "folder" and info["institution_config"] is True
    assert (built.app / "institution.toml").read_text() == INSTITUTION
    size = sum(p.stat().st_size for p in built.app.rglob("*") if p.is_file()
               and not p.is_symlink())
    figure(f"dist/satchel: {size / 2**20:.1f} MiB; .deb {built.deb.stat().st_size / 2**20:.1f} "
           f"MiB (gzip); tarball {built.tarball.stat().st_size / 2**20:.1f} MiB")


def test_unpacked_tarball_runs(built: Built, tmp_path: Path) -> None:
    with tarfile.open(built.tarball) as tar:
        tar.extractall(tmp_path / "opt", filter="tar")
    exe = tmp_path / "opt" / "satchel" / "satchel"
    res = smoke.self_test(exe, tmp_path / "home")
    assert res.ok, res.output
    info = json.loads((exe.parent / "build-info.json").read_text())
    assert info["package"] == "tarball"


@pytest.fixture(scope="session")
def installed_root(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    try:
        start = time.monotonic()
        base = smoke.base_root()
        root = smoke.fresh_root(base, tmp_path_factory.mktemp("chroot") / "root")
        figure(f"clean Debian root ready: {time.monotonic() - start:.1f} s")
    except smoke.SmokeError as exc:
        pytest.fail(f"cannot prepare the clean root: {exc}")
    res = smoke.install_deb(built.deb, root)
    figure(f"apt-get install ./satchel.deb in the clean root: {res.seconds:.1f} s")
    assert res.ok, res.output[-4000:]
    yield root
    subprocess.run(["rm", "-rf", "--one-file-system", str(root)], check=False)


def test_deb_installs_files_where_the_desktop_expects_them(installed_root: Path) -> None:
    root = installed_root
    assert os.readlink(root / "usr" / "bin" / "satchel") == "/opt/satchel/satchel"
    assert (root / "opt" / "satchel" / "institution.toml").read_text() == INSTITUTION
    assert (root / "usr" / "share" / "applications" / "satchel.desktop").is_file()
    assert (root / "usr" / "share" / "mime" / "packages" / "satchel.xml").is_file()
    assert (root / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps"
            / "satchel.png").is_file()
    info = json.loads((root / "opt" / "satchel" / "build-info.json").read_text())
    assert info["package"] == "deb"


def test_installed_app_passes_its_self_test_in_the_clean_root(installed_root: Path) -> None:
    res = smoke.installed_self_test(installed_root)
    figure(f"installed self-test in the clean root (offscreen): {res.seconds:.1f} s")
    assert res.ok, res.output
    assert "self-test: demo bundle opened" in res.output
    assert "self-test: institution: Smoke Test College" in res.output


def test_installed_app_starts_on_x11_in_the_clean_root(installed_root: Path) -> None:
    with smoke.xvfb() as display:
        if display is None:
            pytest.skip("Xvfb is not installed on this machine (apt-get install xvfb)")
        res = smoke.installed_self_test(installed_root, display=display)
    figure(f"installed self-test in the clean root (X11 via Xvfb): {res.seconds:.1f} s")
    assert res.ok, res.output
