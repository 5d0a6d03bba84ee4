"""The build script's pieces, on a tiny fake app folder (fast; no PyInstaller, no chroot).

The full build and the clean-root install are in test_frozen_build.py (slow, opt-in).
"""

from __future__ import annotations

import configparser
import json
import os
import shutil
import struct
import subprocess
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from installer_kit import ROOT, load  # type: ignore[import-not-found]

build = load("build")
buildcfg = load("buildcfg")
icons = load("icons")


def fake_app(tmp_path: Path) -> Path:
    """What PyInstaller would leave in dist/satchel, in miniature."""
    app = tmp_path / "dist" / "satchel"
    (app / "_internal" / "resources").mkdir(parents=True)
    exe = app / "satchel"
    exe.write_text("#!/bin/sh\necho satchel\n")
    exe.chmod(0o700)  # a strict umask on the build machine
    (app / "_internal" / "resources" / "x.txt").write_text("x")
    (app / "_internal" / "libfoo.so.1").write_text("lib")
    (app / "_internal" / "libfoo.so").symlink_to("libfoo.so.1")
    return app


def fake_icons(tmp_path: Path) -> Path:
    out = tmp_path / "icons"
    out.mkdir()
    for size in icons.SIZES:
        (out / f"satchel-{size}.png").write_bytes(b"\x89PNG" + bytes([size % 256]))
    shutil.copyfile(icons.SVG, out / "satchel.svg")
    return out


def desktop_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_check_sources_refuses_an_excluded_qt_module(tmp_path: Path) -> None:
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "main.py").write_text("def main():\n    return 0\n")
    (tmp_path / "ui" / "chart.py").write_text("import os\nfrom PySide6.QtQuick import QQuickView\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "x.py").write_text("from PySide6 import QtWebEngineWidgets\n")
    with pytest.raises(build.BuildError) as err:
        build.check_sources(tmp_path)
    assert "ui/chart.py:2: imports PySide6.QtQuick" in str(err.value)
    assert "app/x.py:1: imports PySide6.QtWebEngineWidgets" in str(err.value)


def test_check_sources_needs_the_entry_point(tmp_path: Path) -> None:
    with pytest.raises(build.BuildError, match=r"ui/main\.py is missing"):
        build.check_sources(tmp_path)
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "main.py").write_text("def run():\n    pass\n")
    with pytest.raises(build.BuildError, match="no top-level main"):
        build.check_sources(tmp_path)


def test_the_real_sources_pass_the_check() -> None:
    build.check_sources()  # our code imports no Qt module the build leaves out


def test_required_and_excluded_qt_modules_do_not_overlap() -> None:
    assert not set(buildcfg.REQUIRED_QT_MODULES) & set(buildcfg.EXCLUDED_QT_MODULES)


def test_version_comes_from_the_app_package() -> None:
    import app

    assert build.app_version() == app.__version__


def test_bake_copies_config_and_relative_preloads(tmp_path: Path) -> None:
    from app.provisioning import load as load_config

    src = tmp_path / "deploy"
    (src / "bundles").mkdir(parents=True)
    (src / "bundles" / "intro.satchel").write_bytes(b"zip")
    outside = tmp_path / "elsewhere.satchel"
    outside.write_bytes(b"zip2")
    config = src / "institution.toml"
    config.write_text(f'[organisation]\nname = "X"\n[content]\npreload = '
                      f'["bundles/intro.satchel", "{outside}"]\n')
    app = fake_app(tmp_path)
    build.bake_institution(load_config(config), config, app)
    assert (app / "institution.toml").read_bytes() == config.read_bytes()
    assert (app / "bundles" / "intro.satchel").read_bytes() == b"zip"
    assert not (app / "elsewhere.satchel").exists()  # absolute paths are the deployer's job
    # the baked copy is itself a valid config whose relative preload resolves
    baked = load_config(app / "institution.toml")
    assert baked.preload_bundles[0] == (app / "bundles" / "intro.satchel").resolve()
    assert oct((app / "institution.toml").stat().st_mode & 0o777) == "0o644"


def test_invalid_institution_config_stops_the_build(tmp_path: Path) -> None:
    bad = tmp_path / "institution.toml"
    bad.write_text('[store]\nurl = "learn.example.edu"\n')
    with pytest.raises(build.BuildError, match=r"institution.toml:2: store.url"):
        build.check_institution(bad)


def test_desktop_entries_mime_type_and_icons_agree(tmp_path: Path) -> None:
    share = tmp_path / "share"
    build.install_desktop_files(share, fake_icons(tmp_path))
    main = desktop_entry(share / "applications" / "satchel.desktop")
    opener = desktop_entry(share / "applications" / "satchel-bundle.desktop")
    assert main["Exec"] == "satchel" and main["Icon"] == "satchel" and main["Type"] == "Application"
    assert "NoDisplay" not in main
    assert opener["Exec"] == "satchel preview %f" and opener["NoDisplay"] == "true"
    assert opener["MimeType"] == buildcfg.MIME_TYPE + ";"

    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(share / "mime" / "packages" / "satchel.xml").getroot()
    node = mime.find("m:mime-type", ns)
    assert node is not None and node.get("type") == buildcfg.MIME_TYPE
    globs = [g.get("pattern") for g in node.findall("m:glob", ns)]
    assert globs == ["*.satchel"]
    icon = node.find("m:icon", ns)
    assert icon is not None
    icon_name = icon.get("name")
    for size in (48, 256):
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "satchel.png").is_file()
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "mimetypes"
                / f"{icon_name}.png").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / "satchel.svg").is_file()


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate not installed (desktop-file-utils)")
def test_desktop_entries_validate(tmp_path: Path) -> None:
    for name in ("satchel.desktop", "satchel-bundle.desktop"):
        res = subprocess.run(["desktop-file-validate", str(ROOT / "installer" / "linux" / name)],
                             capture_output=True, text=True)
        assert res.returncode == 0 and "error" not in res.stdout.lower(), res.stdout


def test_tarball_layout_modes_and_menu_entry(tmp_path: Path) -> None:
    app = fake_app(tmp_path)
    out = build.make_tarball(app, fake_icons(tmp_path), "1.2.3", tmp_path, tmp_path / "work")
    assert out.name.startswith("satchel-1.2.3-linux-") and out.name.endswith(".tar.gz")
    with tarfile.open(out) as tar:
        members = {m.name: m for m in tar.getmembers()}
        exe = members["satchel/satchel"]
        assert exe.mode & 0o755 == 0o755 and exe.uid == 0 and exe.uname == "root"
        assert members["satchel/_internal/libfoo.so"].issym()
        info_file = tar.extractfile("satchel/build-info.json")
        assert info_file is not None
        info = json.loads(info_file.read())
        entry_file = tar.extractfile("satchel/share/applications/satchel-bundle.desktop")
        assert entry_file is not None
        entry = entry_file.read().decode()
        assert "satchel/install-desktop-entry.sh" in members
    assert info["package"] == "tarball" and info["version"] == "1.2.3"
    assert 'Exec="@SATCHEL@" preview %f' in entry
    assert not (app / "build-info.json").exists()  # dist/ itself is untouched


def test_install_script_points_the_menu_at_the_unpacked_folder(tmp_path: Path) -> None:
    app = fake_app(tmp_path / "with space")
    out = build.make_tarball(app, fake_icons(tmp_path), "1.2.3", tmp_path, tmp_path / "work")
    unpacked = tmp_path / "opt dir"
    with tarfile.open(out) as tar:
        tar.extractall(unpacked, filter="tar")
    home = tmp_path / "home"
    env = dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(home / "share"))
    res = subprocess.run([str(unpacked / "satchel" / "install-desktop-entry.sh")], env=env,
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    entry = desktop_entry(home / "share" / "applications" / "satchel.desktop")
    assert entry["Exec"] == f'"{unpacked}/satchel/satchel"'
    assert entry["TryExec"] == f"{unpacked}/satchel/satchel"


@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb not installed")
def test_deb_control_links_and_layout(tmp_path: Path) -> None:
    app = fake_app(tmp_path)
    (app / "institution.toml").write_text('[organisation]\nname = "X"\n')
    out = build.make_deb(app, fake_icons(tmp_path), "1.2.3", tmp_path, tmp_path / "work",
                         compression="gzip")
    control = subprocess.run(["dpkg-deb", "-f", str(out)], capture_output=True, text=True,
                             check=True).stdout
    fields = dict(line.split(": ", 1) for line in control.splitlines() if ": " in line)
    assert fields["Package"] == "satchel" and fields["Version"] == "1.2.3"
    depends = {d.strip() for d in fields["Depends"].split(",")}
    assert {"libgl1", "libegl1", "fontconfig-config", "fonts-dejavu-core", "libxkbcommon0",
            "libdbus-1-3"} <= depends
    assert int(fields["Installed-Size"]) > 0
    listing = subprocess.run(["dpkg-deb", "-c", str(out)], capture_output=True, text=True,
                             check=True).stdout
    assert "./usr/bin/satchel -> /opt/satchel/satchel" in listing
    assert "-rwxr-xr-x root/root" in next(ln for ln in listing.splitlines()
                                          if ln.endswith("./opt/satchel/satchel"))
    for path in ("./opt/satchel/institution.toml", "./usr/share/applications/satchel.desktop",
                 "./usr/share/mime/packages/satchel.xml",
                 "./usr/share/icons/hicolor/256x256/apps/satchel.png",
                 "./usr/share/doc/satchel/copyright"):
        assert path in listing
    root = tmp_path / "unpacked"
    subprocess.run(["dpkg-deb", "-x", str(out), str(root)], check=True)
    info = json.loads((root / "opt" / "satchel" / "build-info.json").read_text())
    assert info["package"] == "deb" and info["institution_config"] is True


def test_build_refuses_to_ship_without_the_x11_libraries(tmp_path: Path) -> None:
    app = fake_app(tmp_path)
    with pytest.raises(build.BuildError) as err:
        build.check_bundled_libs(app)
    assert "sudo apt-get install" in str(err.value) and "libxcb-cursor0" in str(err.value)
    for soname in buildcfg.BUNDLED_X11_LIBS:
        (app / "_internal" / soname).write_bytes(b"")
    build.check_bundled_libs(app)


def test_ico_and_icns_containers_are_well_formed(tmp_path: Path) -> None:
    pngs = {size: b"\x89PNG-" + bytes([size % 251]) * size for size in icons.SIZES}
    icons.write_ico(pngs, tmp_path / "a.ico")
    icons.write_icns(pngs, tmp_path / "a.icns")
    data = (tmp_path / "a.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(icons.ICO_SIZES))
    for i, size in enumerate(icons.ICO_SIZES):
        w, _h, _c, _r, _p, _b, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        assert w == (0 if size == 256 else size)
        assert data[offset:offset + length] == pngs[size]
    icns = (tmp_path / "a.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    pos, seen = 8, []
    while pos < len(icns):
        kind_bytes, length = icns[pos:pos + 4], struct.unpack(">I", icns[pos + 4:pos + 8])[0]
        seen.append(kind_bytes)
        pos += length
    assert pos == len(icns) and seen == list(icons.ICNS_TYPES.values())

