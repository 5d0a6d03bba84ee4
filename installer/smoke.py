"""Smoke tests of a build: the frozen app's ``--self-test``, and the .deb in a clean Debian.

    python installer/smoke.py                 self-test dist/satchel/satchel (offscreen)
    python installer/smoke.py --deb FILE.deb  install FILE.deb into a fresh Debian bookworm root
                                              and run the installed app's self-test there
                                              (offscreen, and on X11 via Xvfb when present)

The clean root: ``debootstrap --variant=minbase bookworm`` once into a cache folder
(``/var/cache/satchel-smoke``, or env ``SATCHEL_SMOKE_CACHE``), with apt's package lists;
every run copies it, so each install starts from the same untouched system. The package is
installed with ``apt-get install --no-install-recommends ./satchel.deb`` inside the copy,
so only the .deb's own ``Depends`` are there: if the list misses a library, the self-test
fails. Downloaded dependency packages are kept in the cache (bind-mounted apt archive), so
repeat runs do not download them again. Needs root (chroot, mount namespace), debootstrap
and a reachable Debian mirror (env ``SATCHEL_DEBIAN_MIRROR``).

The chroot runs inside ``unshare --mount``: /proc, /dev/shm and the bind mounts vanish with
the process, so nothing is left mounted on the host if a run is interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

SUITE = "bookworm"
MIRROR = os.environ.get("SATCHEL_DEBIAN_MIRROR", "http://deb.debian.org/debian")
LISTS_MAX_AGE_S = 24 * 3600
SELF_TEST_TIMEOUT_S = 180
CHROOT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


class SmokeError(Exception):
    """The smoke test could not run (missing tool, no mirror); the message says why."""


@dataclass
class Result:
    returncode: int
    output: str
    seconds: float

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def default_cache() -> Path:
    env = os.environ.get("SATCHEL_SMOKE_CACHE")
    if env:
        return Path(env)
    var = Path("/var/cache")
    return var / "satchel-smoke" if os.access(var, os.W_OK) else Path("/tmp/satchel-smoke")


# --------------------------------------------------------------------------- frozen app


def self_test(exe: Path, home: Path, *, platform: str = "offscreen",
              extra_env: dict[str, str] | None = None,
              timeout: float = SELF_TEST_TIMEOUT_S) -> Result:
    """Run ``exe --self-test`` with a temporary SATCHEL_HOME; never raises on failure."""
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SATCHEL_", "QT_", "XDG_"))}
    # HOME too: nothing (fontconfig cache, keyring probes) touches the real profile.
    env.update(QT_QPA_PLATFORM=platform, SATCHEL_HOME=str(home), HOME=str(home),
               **(extra_env or {}))
    start = time.monotonic()
    try:
        res = subprocess.run([str(exe), "--self-test"], env=env, capture_output=True,
                             text=True, timeout=timeout, cwd=home)
    except subprocess.TimeoutExpired as exc:
        out = (exc.stdout or b"").decode(errors="replace") if isinstance(exc.stdout, bytes) \
            else (exc.stdout or "")
        return Result(-9, out + f"\n(timed out after {timeout:.0f} s)",
                      time.monotonic() - start)
    return Result(res.returncode, res.stdout + res.stderr, time.monotonic() - start)


# --------------------------------------------------------------------------- clean root


def _require(tool: str, package: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise SmokeError(f"{tool} is not installed (sudo apt-get install {package})")
    return path


def _check_root() -> None:
    if os.geteuid() != 0:
        raise SmokeError("installing the .deb into a clean root needs root (chroot, mounts)")


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def chroot_run(root: Path, command: str, *, binds: Sequence[tuple[Path, str]] = (),
               env: dict[str, str] | None = None, user: str | None = None,
               timeout: float = 900) -> Result:
    """Run a shell command in ``root`` inside a private mount namespace."""
    root = root.resolve()
    mounts = [
        f"mount -t proc proc {shlex.quote(str(root / 'proc'))}",
        f"mount -t tmpfs -o mode=1777 tmpfs {shlex.quote(str(root / 'dev' / 'shm'))}",
        # a private pty instance keeps apt/dpkg from complaining; optional
        f"{{ mount -t devpts -o newinstance,ptmxmode=0666 devpts "
        f"{shlex.quote(str(root / 'dev' / 'pts'))} || true; }}",
    ]
    for src, dest in binds:
        target = root / dest.lstrip("/")
        target.mkdir(parents=True, exist_ok=True)
        mounts.append(f"mount --bind {shlex.quote(str(src))} {shlex.quote(str(target))}")
    variables = {"PATH": CHROOT_PATH, "LANG": "C.UTF-8", "DEBIAN_FRONTEND": "noninteractive",
                 "HOME": f"/home/{user}" if user else "/root", **(env or {})}
    env_args = " ".join(shlex.quote(f"{k}={v}") for k, v in variables.items())
    inner = f"env -i {env_args} sh -c {shlex.quote(command)}"
    if user:
        inner = f"runuser -u {shlex.quote(user)} -- {inner}"
    script = " && ".join(mounts) + f" && exec chroot {shlex.quote(str(root))} {inner}"
    start = time.monotonic()
    try:
        res = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                              script], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return Result(-9, f"(timed out after {timeout:.0f} s)", time.monotonic() - start)
    return Result(res.returncode, res.stdout + res.stderr, time.monotonic() - start)


def base_root(cache: Path | None = None) -> Path:
    """A minimal Debian bookworm with fresh apt lists, made once and kept in ``cache``."""
    _check_root()
    cache = cache or default_cache()
    base = cache / f"{SUITE}-minbase"
    stamp = base / ".satchel-smoke-complete"
    with _locked(cache / ".lock"):
        if not stamp.is_file():
            debootstrap = _require("debootstrap", "debootstrap")
            tmp = cache / f"{SUITE}-minbase.tmp"
            if tmp.exists():
                shutil.rmtree(tmp)
            if base.exists():
                shutil.rmtree(base)
            print(f"smoke: debootstrap {SUITE} into {base} (once; about 30 s)", flush=True)
            boot = subprocess.run([debootstrap, "--variant=minbase", SUITE, str(tmp), MIRROR],
                                  capture_output=True, text=True, timeout=1800)
            if boot.returncode != 0:
                raise SmokeError(f"debootstrap failed:\n{(boot.stdout + boot.stderr)[-3000:]}")
            tmp.rename(base)
            stamp.write_text(time.strftime("%Y-%m-%dT%H:%M:%SZ\n", time.gmtime()))
            os.utime(stamp, (0, 0))  # lists not fetched yet
        if time.time() - stamp.stat().st_mtime > LISTS_MAX_AGE_S:
            shutil.copyfile("/etc/resolv.conf", base / "etc" / "resolv.conf")
            res = chroot_run(base, "apt-get update -q")
            if not res.ok:
                raise SmokeError(f"apt-get update in the clean root failed:\n{res.output[-3000:]}")
            stamp.touch()
    return base


def fresh_root(base: Path, dest: Path) -> Path:
    """A throw-away copy of the base root."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    res = subprocess.run(["cp", "-a", "--reflink=auto", str(base), str(dest)],
                         capture_output=True, text=True)
    if res.returncode != 0:
        raise SmokeError(f"could not copy the clean root: {res.stderr}")
    return dest


def install_deb(deb: Path, root: Path, cache: Path | None = None) -> Result:
    """``apt-get install --no-install-recommends`` the .deb (and its Depends) into root."""
    cache = cache or default_cache()
    archives = cache / "apt-archives"
    (archives / "partial").mkdir(parents=True, exist_ok=True)
    shutil.copyfile("/etc/resolv.conf", root / "etc" / "resolv.conf")
    shutil.copyfile(deb, root / "tmp" / deb.name)
    res = chroot_run(
        root,
        f"apt-get install -y -q --no-install-recommends /tmp/{shlex.quote(deb.name)} "
        "&& useradd -m -s /bin/sh learner",
        binds=[(archives, "/var/cache/apt/archives")],
    )
    (root / "tmp" / deb.name).unlink(missing_ok=True)
    return res


def apt_install(root: Path, command: str, cache: Path | None = None) -> Result:
    """Run an ``apt-get install ...`` command line in root, with the shared apt archive."""
    cache = cache or default_cache()
    archives = cache / "apt-archives"
    (archives / "partial").mkdir(parents=True, exist_ok=True)
    shutil.copyfile("/etc/resolv.conf", root / "etc" / "resolv.conf")
    return chroot_run(root, f"{command} && useradd -m -s /bin/sh learner",
                      binds=[(archives, "/var/cache/apt/archives")])


def source_self_test(root: Path, source: Path, site_packages: Path, *,
                     display: str) -> Result:
    """Run ``python3 -m ui.main --self-test`` from a source checkout inside root, on X11.

    The checkout and the Python packages pip installed for it are mounted read-only-in-effect
    (the learner cannot write them); only what the root's own apt-get installed is on the
    system side, so a system library missing from the README launch line shows here.
    """
    return chroot_run(root, "cd && python3 -m ui.main --self-test", user="learner",
                      env={"QT_QPA_PLATFORM": "xcb", "DISPLAY": display,
                           "PYTHONPATH": "/opt/satchel-src:/opt/satchel-site"},
                      binds=[(source, "/opt/satchel-src"), (site_packages, "/opt/satchel-site"),
                             (Path("/tmp/.X11-unix"), "/tmp/.X11-unix")],
                      timeout=SELF_TEST_TIMEOUT_S)


def installed_self_test(root: Path, *, display: str | None = None) -> Result:
    """Run the installed ``satchel --self-test`` as an ordinary user inside root."""
    if display is None:
        return chroot_run(root, "cd && satchel --self-test", user="learner",
                          env={"QT_QPA_PLATFORM": "offscreen"}, timeout=SELF_TEST_TIMEOUT_S)
    return chroot_run(root, "cd && satchel --self-test", user="learner",
                      env={"QT_QPA_PLATFORM": "xcb", "DISPLAY": display},
                      binds=[(Path("/tmp/.X11-unix"), "/tmp/.X11-unix")],
                      timeout=SELF_TEST_TIMEOUT_S)


@contextlib.contextmanager
def xvfb() -> Iterator[str | None]:
    """An Xvfb display for the X11 check, or None when Xvfb is not installed."""
    exe = shutil.which("Xvfb")
    if exe is None:
        yield None
        return
    for number in range(91, 120):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(
                f"/tmp/.X{number}-lock").exists():
            break
    else:
        raise SmokeError("no free X display number for Xvfb")
    proc = subprocess.Popen([exe, f":{number}", "-screen", "0", "1280x800x24", "-nolisten",
                             "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                break
            if proc.poll() is not None:
                raise SmokeError(f"Xvfb :{number} exited with status {proc.returncode}")
            time.sleep(0.05)
        os.chmod(f"/tmp/.X11-unix/X{number}", 0o777)
        yield f":{number}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --------------------------------------------------------------------------- CLI


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python installer/smoke.py")
    p.add_argument("--exe", type=Path,
                   default=Path(__file__).resolve().parent.parent / "dist" / "satchel" / "satchel")
    p.add_argument("--deb", type=Path, help="also install this .deb into a clean root")
    p.add_argument("--keep", action="store_true", help="keep the clean root after the test")
    args = p.parse_args(argv)
    failed = False
    import tempfile

    with tempfile.TemporaryDirectory(prefix="satchel-smoke-") as tmp:
        res = self_test(args.exe, Path(tmp))
        print(f"frozen self-test: exit {res.returncode} in {res.seconds:.1f} s\n{res.output}")
        failed |= not res.ok
    if args.deb:
        try:
            t = time.monotonic()
            base = base_root()
            root = fresh_root(base, default_cache() / "run-root")
            print(f"clean root ready in {time.monotonic() - t:.1f} s")
            res = install_deb(args.deb.resolve(), root)
            print(f"install: exit {res.returncode} in {res.seconds:.1f} s\n{res.output[-1500:]}")
            failed |= not res.ok
            if res.ok:
                res = installed_self_test(root)
                print(f"installed self-test (offscreen): exit {res.returncode} "
                      f"in {res.seconds:.1f} s\n{res.output}")
                failed |= not res.ok
                with xvfb() as display:
                    if display:
                        res = installed_self_test(root, display=display)
                        print(f"installed self-test (X11, Xvfb): exit {res.returncode} "
                              f"in {res.seconds:.1f} s\n{res.output}")
                        failed |= not res.ok
            if not args.keep:
                shutil.rmtree(root)
        except SmokeError as exc:
            print(f"smoke: {exc}", file=sys.stderr)
            return 2
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
