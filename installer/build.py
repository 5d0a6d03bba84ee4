"""Build Satchel for this platform: one command, everything lands in dist/.

    python installer/build.py [--deb] [--tarball] [--institution CONFIG.toml] [--clean]
                              [--compression xz|zstd|gzip] [--inno] [--dmg]

Run it with the project's venv (the one with PyInstaller and PySide6):
``.venv/bin/python installer/build.py --deb --tarball``.

Steps: check the sources (entry point present, no excluded Qt module imported, institution
config valid), render the icons, run PyInstaller on installer/satchel.spec (one folder:
dist/satchel/, or dist/Satchel.app on macOS), check that the X11/audio libraries Qt loads
were bundled (Linux), strip debug info (Linux), write build-info.json, bake the institution
config (and the preload bundles it names relatively) next to the executable, then build
the requested packages:

  --deb          dist/satchel_<version>_<arch>.deb     (Linux; dpkg-deb)
  --tarball      dist/satchel-<version>-linux-<arch>.tar.gz
  --inno         dist/Satchel-<version>-setup.exe      (Windows; needs Inno Setup's ISCC)
  --dmg          dist/Satchel-<version>.dmg            (macOS; installer/macos/make-dmg.sh)

It prints what it made, with sizes, and how long each step took. Exit status 0 on success,
1 with a plain message on a problem the builder can fix.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import shutil
import stat
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import buildcfg  # noqa: E402

T = TypeVar("T")


class BuildError(Exception):
    """A problem the person building can fix; the message says how."""


# --------------------------------------------------------------------------- helpers


def human(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError


def tree_size(path: Path) -> tuple[int, int]:
    """(bytes, files) of a folder, symlinks not followed."""
    total = files = 0
    for p in path.rglob("*"):
        if p.is_file() and not p.is_symlink():
            total += p.stat().st_size
            files += 1
    return total, files


def run(cmd: list[str], *, env: dict[str, str] | None = None, cwd: Path = ROOT,
        quiet: bool = False) -> None:
    print("  $ " + " ".join(cmd), flush=True)
    res = subprocess.run(cmd, cwd=cwd, env=env, text=True,
                         stdout=subprocess.PIPE if quiet else None,
                         stderr=subprocess.STDOUT if quiet else None)
    if res.returncode != 0:
        tail = ("\n" + res.stdout[-4000:]) if quiet and res.stdout else ""
        raise BuildError(f"{Path(cmd[0]).name} failed with exit status {res.returncode}{tail}")


class Report:
    def __init__(self) -> None:
        self.start = time.monotonic()
        self.steps: list[tuple[str, float]] = []
        self.made: list[tuple[str, Path, str]] = []

    def step(self, name: str, fn: Callable[[], T]) -> T:
        print(f"==> {name}", flush=True)
        t = time.monotonic()
        result = fn()
        self.steps.append((name, time.monotonic() - t))
        return result

    def artefact(self, kind: str, path: Path) -> None:
        if path.is_dir():
            size, files = tree_size(path)
            info = f"{human(size)} in {files} files"
        else:
            info = human(path.stat().st_size)
        self.made.append((kind, path, info))

    def print(self) -> None:
        total = time.monotonic() - self.start
        print("\nBuilt:")
        for kind, path, info in self.made:
            try:
                shown = path.relative_to(ROOT)
            except ValueError:
                shown = path
            print(f"  {kind:<10} {shown}  ({info})")
        print("Time:")
        for name, secs in self.steps:
            print(f"  {name:<28} {secs:6.1f} s")
        print(f"  {'total':<28} {total:6.1f} s")


# --------------------------------------------------------------------------- checks


def app_version() -> str:
    tree = ast.parse((ROOT / "app" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if (isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets)
                and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
            return node.value.value
    raise BuildError("app/__init__.py does not define __version__ = \"X.Y.Z\"")


def check_sources(root: Path = ROOT) -> None:
    """Fail early, with file and line, instead of shipping a build that cannot start."""
    entry = root / "ui" / "main.py"
    if not entry.is_file():
        raise BuildError("ui/main.py is missing: the build needs ui.main.main() as its entry "
                         "point (satchel, satchel preview PATH, satchel --self-test).")
    tree = ast.parse(entry.read_text(encoding="utf-8"))
    if not any(isinstance(n, ast.FunctionDef) and n.name == "main" for n in tree.body):
        raise BuildError("ui/main.py has no top-level main() function to start the app.")
    excluded = set(buildcfg.EXCLUDED_QT_MODULES)
    problems = []
    for package in buildcfg.OUR_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            try:
                tree = ast.parse(path.read_text(encoding="utf-8"))
            except SyntaxError as exc:
                raise BuildError(f"{path.relative_to(root)}:{exc.lineno}: syntax error") from exc
            for node in ast.walk(tree):
                if not isinstance(node, ast.Import | ast.ImportFrom):
                    continue
                names: list[str] = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module] + (
                        [f"{node.module}.{a.name}" for a in node.names]
                        if node.module == "PySide6" else [])
                for name in names:
                    parts = name.split(".")
                    if parts[0] == "PySide6" and len(parts) > 1 and parts[1] in excluded:
                        problems.append(f"{path.relative_to(root)}:{node.lineno}: imports "
                                        f"PySide6.{parts[1]}")
    if problems:
        raise BuildError(
            "These imports use Qt modules the build leaves out (installer/buildcfg.py "
            "EXCLUDED_QT_MODULES); remove the module from that list if the app needs it:\n  "
            + "\n  ".join(problems))


def check_institution(path: Path | None) -> object | None:
    if path is None:
        return None
    from app.provisioning import ProvisioningError, load

    try:
        cfg = load(path)
    except ProvisioningError as exc:
        raise BuildError(f"the institution config is not valid: {exc}") from exc
    print(f"  {path}: valid ({cfg.organisation or 'no organisation name'}, "
          f"store {cfg.store_url or 'built-in demo'})")
    return cfg


# --------------------------------------------------------------------------- build


def render_icons(out: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run([sys.executable, str(HERE / "icons.py"), str(out)], env=env, quiet=True)


def pyinstaller(dist: Path, work: Path, icons: Path, version: str, clean: bool) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise BuildError("PyInstaller is not installed in this Python; run "
                         f"{sys.executable} -m pip install -e '.[installer]'") from None
    target = dist / (f"{buildcfg.APP_NAME}.app" if sys.platform == "darwin"
                     else buildcfg.EXE_NAME)
    if target.exists():
        shutil.rmtree(target)
    env = dict(os.environ, SATCHEL_ICON_DIR=str(icons), SATCHEL_VERSION=version,
               PYTHONHASHSEED="0")
    env.pop("SATCHEL_HOME", None)
    cmd = [sys.executable, "-m", "PyInstaller", str(HERE / "satchel.spec"), "--noconfirm",
           "--distpath", str(dist), "--workpath", str(work), "--log-level", "WARN"]
    if clean:
        cmd.append("--clean")
    run(cmd, env=env)
    if not target.exists():
        raise BuildError(f"PyInstaller finished but {target} is missing")
    return target


def check_bundled_libs(target: Path) -> None:
    """Linux: the X11 and audio libraries Qt loads must be inside the build (see buildcfg)."""
    if not sys.platform.startswith("linux"):
        return
    internal = target / "_internal"
    missing = {so: pkg for so, pkg in buildcfg.BUNDLED_X11_LIBS.items()
               if not (internal / so).exists()}
    if missing:
        raise BuildError(
            "the build machine lacks libraries that Qt's X11 platform plugin or QtMultimedia "
            f"load ({', '.join(sorted(missing))}), so the build would not start on a desktop "
            "without them. Install them and build again:\n  sudo apt-get install "
            + " ".join(sorted(set(missing.values()))))


def _has_debug_info(path: Path) -> bool:
    """True for a 64-bit little-endian ELF file with a .debug_info section."""
    try:
        with path.open("rb") as fh:
            head = fh.read(64)
            if len(head) < 64 or head[:4] != b"\x7fELF" or head[4] != 2 or head[5] != 1:
                return False
            shoff = int.from_bytes(head[0x28:0x30], "little")
            shentsize = int.from_bytes(head[0x3A:0x3C], "little")
            shnum = int.from_bytes(head[0x3C:0x3E], "little")
            shstrndx = int.from_bytes(head[0x3E:0x40], "little")
            if not shoff or shstrndx >= shnum:
                return False
            fh.seek(shoff)
            table = fh.read(shentsize * shnum)
            strtab = table[shstrndx * shentsize:(shstrndx + 1) * shentsize]
            fh.seek(int.from_bytes(strtab[0x18:0x20], "little"))
            names = fh.read(int.from_bytes(strtab[0x20:0x28], "little"))
    except OSError:
        return False
    for i in range(shnum):
        off = int.from_bytes(table[i * shentsize:i * shentsize + 4], "little")
        if names[off:off + 12] == b".debug_info\0":
            return True
    return False


def strip_debug_info(target: Path) -> int:
    """Linux: remove debug info (not symbols) from the binaries that carry it — mostly a
    pyenv-built libpython and its extension modules, ~30 MB. Wheel libraries patched by
    auditwheel are never touched: a full strip breaks them (numpy's OpenBLAS)."""
    strip = shutil.which("strip")
    if not sys.platform.startswith("linux") or strip is None:
        return 0
    saved = 0
    for path in sorted(target.rglob("*")):
        if path.is_symlink() or not path.is_file() or not _has_debug_info(path):
            continue
        before = path.stat().st_size
        res = subprocess.run([strip, "--strip-debug", str(path)], capture_output=True,
                             text=True)
        if res.returncode != 0:
            raise BuildError(f"strip --strip-debug {path} failed: {res.stderr.strip()}")
        saved += before - path.stat().st_size
    print(f"  {human(saved)} of debug info removed")
    return saved


def program_dir(target: Path) -> Path:
    """Where build-info.json and the baked config go: next to the executable, or in a macOS
    bundle's Contents/Resources (data files in Contents/MacOS upset codesign)."""
    return target / "Contents" / "Resources" if target.suffix == ".app" else target


def write_build_info(folder: Path, version: str, package: str, institution: bool) -> None:
    info = {
        "version": version,
        "package": package,
        "platform": f"{sys.platform}-{platform.machine()}",
        "python": platform.python_version(),
        "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "institution_config": institution,
    }
    path = folder / "build-info.json"
    path.unlink(missing_ok=True)  # may be a hard link into dist/
    path.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


def bake_institution(cfg: object, source: Path, target: Path) -> None:
    from app.provisioning import InstitutionConfig, relative_preloads

    assert isinstance(cfg, InstitutionConfig)
    dest_dir = program_dir(target)
    dest = dest_dir / "institution.toml"
    shutil.copyfile(source, dest)
    dest.chmod(0o644)
    for src, rel in relative_preloads(cfg):
        out = dest_dir / Path(*rel.parts)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, out)
        out.chmod(0o644)
        print(f"  preload bundle {rel} copied")
    print(f"  baked {source} -> {dest.relative_to(ROOT) if ROOT in dest.parents else dest}")


# --------------------------------------------------------------------------- Linux packages


def deb_arch() -> str:
    try:
        return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def linked_copy(src: Path, dst: Path) -> None:
    """Copy a tree as hard links where possible (fast, no extra disk), else real copies."""
    def link(s: str, d: str) -> None:
        try:
            os.link(s, d)
        except OSError:
            shutil.copy2(s, d)

    shutil.copytree(src, dst, symlinks=True, copy_function=link)


def normalise_modes(root: Path) -> None:
    """0755 for folders and executables, 0644 for everything else (umask-independent)."""
    for p in [root, *root.rglob("*")]:
        if p.is_symlink():
            continue
        mode = p.stat().st_mode
        if p.is_dir() or mode & stat.S_IXUSR:
            p.chmod(0o755)
        else:
            p.chmod(0o644)


def install_desktop_files(share: Path, icons: Path, exec_path: str | None = None) -> None:
    """usr/share layout: .desktop entries, MIME type, hicolor icons (app and MIME type)."""
    apps = share / "applications"
    apps.mkdir(parents=True, exist_ok=True)
    for name in ("satchel.desktop", "satchel-bundle.desktop"):
        text = (HERE / "linux" / name).read_text(encoding="utf-8")
        if exec_path:  # Exec may quote a path with spaces; TryExec takes it bare
            text = text.replace("TryExec=satchel", f"TryExec={exec_path}").replace(
                "\nExec=satchel", f'\nExec="{exec_path}"')
        (apps / name).write_text(text, encoding="utf-8")
    mime = share / "mime" / "packages"
    mime.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(HERE / "linux" / "satchel-mime.xml", mime / "satchel.xml")
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        for kind, name in (("apps", "satchel"), ("mimetypes", "application-x-satchel-bundle")):
            d = share / "icons" / "hicolor" / f"{size}x{size}" / kind
            d.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(icons / f"satchel-{size}.png", d / f"{name}.png")
    for kind, name in (("apps", "satchel"), ("mimetypes", "application-x-satchel-bundle")):
        d = share / "icons" / "hicolor" / "scalable" / kind
        d.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(icons / "satchel.svg", d / f"{name}.svg")


COPYRIGHT = """\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: satchel
Source: {homepage}

Files: *
Copyright: Satchel contributors
License: MIT

Files: opt/satchel/_internal/PySide6/* opt/satchel/_internal/shiboken6/*
Copyright: The Qt Company Ltd. and other contributors
License: LGPL-3.0-only
 Qt and Qt for Python are used under the LGPL v3 as shared libraries; they can be
 replaced in /opt/satchel/_internal/PySide6. Full text: /usr/share/common-licenses/LGPL-3

Files: opt/satchel/_internal/libpython* opt/satchel/_internal/base_library.zip
Copyright: Python Software Foundation
License: PSF-2.0

License: MIT
 Permission is hereby granted, free of charge, to any person obtaining a copy of this
 software and associated documentation files, to deal in the software without
 restriction, subject to the conditions of the MIT licence.
"""


def make_deb(app_dir: Path, icons: Path, version: str, out_dir: Path, work: Path,
             compression: str = "xz") -> Path:
    if shutil.which("dpkg-deb") is None:
        raise BuildError("dpkg-deb is not installed (sudo apt-get install dpkg-dev)")
    arch = deb_arch()
    stage = work / "deb-root"
    if stage.exists():
        shutil.rmtree(stage)
    opt = stage / "opt" / "satchel"
    opt.parent.mkdir(parents=True)
    linked_copy(app_dir, opt)
    write_build_info(opt, version, "deb", (opt / "institution.toml").exists())
    (stage / "usr" / "bin").mkdir(parents=True)
    (stage / "usr" / "bin" / "satchel").symlink_to("/opt/satchel/satchel")
    install_desktop_files(stage / "usr" / "share", icons)
    doc = stage / "usr" / "share" / "doc" / "satchel"
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(COPYRIGHT.format(homepage=buildcfg.HOMEPAGE),
                                   encoding="utf-8")
    shutil.copyfile(HERE / "institution.example.toml", doc / "institution.example.toml")
    normalise_modes(stage)
    size_kib = (tree_size(stage)[0] + 1023) // 1024
    depends = ", ".join(buildcfg.DEB_DEPENDS)
    description = "\n".join(" " + (line or ".") for line in buildcfg.DESCRIPTION.splitlines())
    control = (
        f"Package: satchel\nVersion: {version}\nArchitecture: {arch}\n"
        f"Maintainer: {buildcfg.MAINTAINER}\nInstalled-Size: {size_kib}\n"
        f"Depends: {depends}\nRecommends: {', '.join(buildcfg.DEB_RECOMMENDS)}\n"
        f"Section: education\nPriority: optional\nHomepage: {buildcfg.HOMEPAGE}\n"
        f"Description: {buildcfg.SUMMARY}\n{description}\n"
    )
    debian = stage / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text(control, encoding="utf-8")
    debian.chmod(0o755)
    (debian / "control").chmod(0o644)
    out = out_dir / f"satchel_{version}_{arch}.deb"
    out.unlink(missing_ok=True)
    threads = str(os.cpu_count() or 1)
    level = {"xz": "-z6", "zstd": "-z12", "gzip": "-z6"}[compression]
    run(["dpkg-deb", "--root-owner-group", f"--threads-max={threads}", f"-Z{compression}",
         level, "--build", str(stage), str(out)], quiet=True)
    shutil.rmtree(stage)
    return out


TAR_README = """\
Satchel {version} for Linux ({arch})

Run it:                ./satchel/satchel
Add it to the menu:    ./satchel/install-desktop-entry.sh          (this user)
                       sudo ./satchel/install-desktop-entry.sh --system
Portable (data kept next to the program, e.g. on a USB stick):
                       touch satchel/portable.ini
Institution config:    put institution.toml next to the satchel executable, or in
                       /etc/satchel/institution.toml for the whole machine.

Needs these system packages (the .deb's Depends):
  {depends}
"""

INSTALL_SH = """\
#!/bin/sh
# Register Satchel (this unpacked folder) in the desktop menu and for .satchel files.
# --system installs into /usr/local/share (run with sudo); default: ~/.local/share.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = "--system" ]; then share=/usr/local/share; else
  share=${XDG_DATA_HOME:-$HOME/.local/share}; fi
mkdir -p "$share"
cp -R "$here/share/." "$share/"
for f in "$share/applications/satchel.desktop" "$share/applications/satchel-bundle.desktop"; do
  sed -i "s|@SATCHEL@|$here/satchel|g" "$f"
done
update-mime-database "$share/mime" 2>/dev/null || true
update-desktop-database "$share/applications" 2>/dev/null || true
gtk-update-icon-cache -q -t "$share/icons/hicolor" 2>/dev/null || true
echo "Satchel added to the menu ($share)."
"""


def make_tarball(app_dir: Path, icons: Path, version: str, out_dir: Path, work: Path) -> Path:
    arch = platform.machine()
    stage = work / "tar-root"
    if stage.exists():
        shutil.rmtree(stage)
    top = stage / "satchel"
    stage.mkdir(parents=True)
    linked_copy(app_dir, top)
    write_build_info(top, version, "tarball", (top / "institution.toml").exists())
    install_desktop_files(top / "share", icons, exec_path="@SATCHEL@")
    (top / "README.txt").write_text(
        TAR_README.format(version=version, arch=arch, depends=" ".join(buildcfg.DEB_DEPENDS)),
        encoding="utf-8")
    script = top / "install-desktop-entry.sh"
    script.write_text(INSTALL_SH, encoding="utf-8")
    script.chmod(0o755)
    normalise_modes(stage)
    out = out_dir / f"satchel-{version}-linux-{arch}.tar.gz"

    def owner(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        tar.add(top, arcname="satchel", filter=owner)
    shutil.rmtree(stage)
    return out


# --------------------------------------------------------------------------- Windows, macOS


def make_inno(version: str, out_dir: Path, icons: Path, institution: bool) -> Path:
    iscc = shutil.which("ISCC") or shutil.which("iscc")
    default = Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)"))
    if iscc is None and (default / "Inno Setup 6" / "ISCC.exe").is_file():
        iscc = str(default / "Inno Setup 6" / "ISCC.exe")
    if sys.platform != "win32" or iscc is None:
        raise BuildError("--inno needs Windows with Inno Setup 6 (ISCC.exe); "
                         "see installer/README.md")
    write_build_info(out_dir / buildcfg.EXE_NAME, version, "windows-installer", institution)
    run([iscc, f"/DAppVersion={version}", f"/DSourceDir={out_dir / buildcfg.EXE_NAME}",
         f"/DIconFile={icons / 'satchel.ico'}", f"/O{out_dir}",
         str(HERE / "windows" / "satchel.iss")])
    return out_dir / f"Satchel-{version}-setup.exe"


def make_dmg(app: Path, version: str, out_dir: Path, institution: bool) -> Path:
    if sys.platform != "darwin":
        raise BuildError("--dmg needs macOS (hdiutil); see installer/README.md")
    write_build_info(program_dir(app), version, "dmg", institution)
    out = out_dir / f"Satchel-{version}.dmg"
    run(["bash", str(HERE / "macos" / "make-dmg.sh"), str(app), str(out)])
    return out


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python installer/build.py",
                                description="Build Satchel into dist/.")
    p.add_argument("--deb", action="store_true", help="also build a .deb (Linux)")
    p.add_argument("--tarball", action="store_true", help="also build a .tar.gz (Linux)")
    p.add_argument("--inno", action="store_true", help="also build a setup.exe (Windows)")
    p.add_argument("--dmg", action="store_true", help="also build a .dmg (macOS)")
    p.add_argument("--institution", type=Path, metavar="CONFIG.toml",
                   help="bake this institution config into the build")
    p.add_argument("--compression", choices=("xz", "zstd", "gzip"), default="xz",
                   help="the .deb's compression: xz (default; smallest, every dpkg), zstd "
                        "(dpkg >= 1.21.18: Debian 12, Ubuntu 22.04), gzip (fastest build)")
    p.add_argument("--clean", action="store_true", help="discard PyInstaller's cache first")
    p.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (dist/)")
    p.add_argument("--work", type=Path, default=ROOT / "build", help="work folder (build/)")
    args = p.parse_args(argv)
    if (args.deb or args.tarball) and not sys.platform.startswith("linux"):
        p.error("--deb and --tarball are Linux packages; build them on Linux")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    report = Report()
    dist: Path = args.dist.resolve()
    work: Path = args.work.resolve()
    try:
        version = app_version()
        report.step("check sources", check_sources)
        cfg = report.step("check institution config",
                          lambda: check_institution(args.institution))
        icons = work / "icons"
        report.step("render icons", lambda: render_icons(icons))
        dist.mkdir(parents=True, exist_ok=True)
        target = report.step("PyInstaller (one folder)", lambda: pyinstaller(
            dist, work / "pyinstaller", icons, version, args.clean))
        check_bundled_libs(target)
        report.step("strip debug info", lambda: strip_debug_info(target))
        write_build_info(program_dir(target), version, "folder", cfg is not None)
        if cfg is not None:
            report.step("bake institution config",
                        lambda: bake_institution(cfg, args.institution, target))
        report.artefact("app", target)
        if args.tarball:
            report.artefact("tarball", report.step(
                "tarball", lambda: make_tarball(target, icons, version, dist, work)))
        if args.deb:
            report.artefact("deb", report.step(
                f"deb (dpkg-deb, {args.compression})",
                lambda: make_deb(target, icons, version, dist, work, args.compression)))
        if args.inno:
            report.artefact("setup.exe", report.step(
                "Inno Setup", lambda: make_inno(version, dist, icons, cfg is not None)))
        if args.dmg:
            report.artefact("dmg", report.step(
                "dmg", lambda: make_dmg(target, version, dist, cfg is not None)))
    except BuildError as exc:
        print(f"\nbuild failed: {exc}", file=sys.stderr)
        return 1
    report.print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
