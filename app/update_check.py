"""Update check against the store, and a verified download of the offered installer.

Contract with the store (protocol v1)::

    GET <store>/v1/app/latest?platform=<platform>&package=<package>&current=<version>
    200 {"version": "0.2.0", "url": "<absolute, or relative to the store>",
         "sha256": "<64 lowercase hex>", "size": <bytes>, "notes": "<plain text/Markdown>"}
    404 no release is published for that platform/package  (the app treats it as "up to date")

``platform`` is one of ``linux-x86_64``, ``linux-aarch64``, ``windows-x86_64``,
``windows-arm64``, ``macos-x86_64``, ``macos-arm64``; ``package`` (how this copy was
installed: ``deb``, ``tarball``, ``windows-installer``, ``dmg``, ``folder``) lets the store
offer the right file; ``current`` is informative.

Nothing is ever installed here: `download` writes the file to a temporary name, checks its
size and sha256 against what the store announced, refuses (and deletes) it on any mismatch,
and only then gives it its final name; the UI then offers to open it (`how_to_install`).

Threading: every function that talks to the network blocks; call it from a worker thread.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform as _platform
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlparse

import requests

import app
from app.errors import NetworkError, StorageError, UserError
from sync.protocol import APP_VERSION_PATTERN

LATEST_PATH = "/v1/app/latest"
BUILD_INFO = "build-info.json"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1 << 16


class UpdateError(UserError):
    """The store offered an update that cannot be used (bad answer, wrong checksum, …)."""


@dataclass(frozen=True)
class Release:
    version: str
    url: str
    sha256: str
    size: int
    notes: str = ""


# --------------------------------------------------------------------------- versions

_VERSION = re.compile(APP_VERSION_PATTERN)
_PRE_RANK = {"dev": 0, "a": 1, "alpha": 1, "b": 2, "beta": 2, "c": 3, "rc": 3, "pre": 3,
             "preview": 3}
_FINAL = 4


def parse_version(text: str) -> tuple[Any, ...]:
    """A sortable key for a version like ``1.2.3``, ``1.3.0rc1``, ``2.0-beta.2``, ``1.0.post1``.

    Raises ValueError for anything else."""
    m = _VERSION.match(text.strip())
    if not m:
        raise ValueError(f"not a version number: {text!r}")
    release = [int(x) for x in m.group("release").split(".")]
    while len(release) > 1 and release[-1] == 0:
        release.pop()  # 1.2 == 1.2.0
    pre = m.group("pre")
    stage = _PRE_RANK[pre.lower()] if pre else _FINAL
    pre_n = int(m.group("pre_n") or 0)
    post_n = int(m.group("post_n") or 0) if m.group("post") else -1
    return (tuple(release), stage, pre_n, post_n)


def is_newer(candidate: str, current: str) -> bool:
    """True when ``candidate`` is a later version than ``current``."""
    return parse_version(candidate) > parse_version(current)


def current_version() -> str:
    """The running app's version (the one shown in About)."""
    return app.__version__


# --------------------------------------------------------------------------- platform


def platform_tag(system: str | None = None, machine: str | None = None) -> str:
    """``linux-x86_64``, ``windows-x86_64``, ``macos-arm64`` … for the running machine."""
    system = (system or sys.platform).lower()
    machine = (machine or _platform.machine()).lower()
    arch = {"amd64": "x86_64", "x64": "x86_64", "arm64": "aarch64", "aarch64": "aarch64"}.get(
        machine, machine
    )
    if system.startswith("win"):
        return f"windows-{'arm64' if arch == 'aarch64' else arch}"
    if system == "darwin":
        return f"macos-{'arm64' if arch == 'aarch64' else arch}"
    return f"linux-{arch}"


def package_kind(program_dir: Path | None = None) -> str:
    """How this copy was installed, from ``build-info.json`` next to the executable (in a
    macOS bundle: ``Contents/Resources``). ``folder`` for a plain build or a checkout."""
    if program_dir is None:
        if not getattr(sys, "frozen", False):
            return "folder"
        program_dir = Path(sys.executable).resolve().parent
    info: Any = None
    for folder in (program_dir, program_dir.parent / "Resources"):
        try:
            info = json.loads((folder / BUILD_INFO).read_text(encoding="utf-8"))
            break
        except (OSError, ValueError):
            continue
    kind = info.get("package") if isinstance(info, dict) else None
    return kind if isinstance(kind, str) and kind else "folder"


# --------------------------------------------------------------------------- check


def _release_from(data: Any, base_url: str) -> Release:
    if not isinstance(data, dict):
        raise UpdateError("The store's update answer is not a JSON object.")
    missing = [k for k in ("version", "url", "sha256", "size") if k not in data]
    if missing:
        raise UpdateError(f"The store's update answer lacks {', '.join(missing)}.")
    version, url, sha, size = data["version"], data["url"], data["sha256"], data["size"]
    notes = data.get("notes", "")
    if not isinstance(version, str):
        raise UpdateError(f"The store offered an unreadable version {version!r}.")
    try:
        parse_version(version)
    except ValueError:
        raise UpdateError(f"The store offered an unreadable version {version!r}.") from None
    if not isinstance(url, str) or not url:
        raise UpdateError("The store's update answer has no download address.")
    url = urljoin(base_url, url)
    if urlparse(url).scheme not in ("http", "https"):
        raise UpdateError(f"The store offered a download that is not over HTTP(S): {url}")
    if not isinstance(sha, str) or not _SHA256.match(sha.lower()):
        raise UpdateError("The store's update answer has no valid sha256 checksum.")
    if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
        raise UpdateError(f"The store's update answer has an invalid size {size!r}.")
    if not isinstance(notes, str):
        notes = ""
    return Release(version=version, url=url, sha256=sha.lower(), size=size, notes=notes)


def fetch_latest(store_url: str, *, platform: str | None = None, package: str | None = None,
                 current: str | None = None, session: requests.Session | None = None,
                 timeout: float = 10.0) -> Release | None:
    """The latest release the store publishes for this platform, or None if it has none."""
    if not store_url.startswith(("http://", "https://")):
        raise UpdateError(f"Cannot check for updates: {store_url!r} is not a store address.")
    endpoint = store_url.rstrip("/") + LATEST_PATH
    params = {
        "platform": platform or platform_tag(),
        "package": package or package_kind(),
        "current": current or current_version(),
    }
    own = session is None
    sess = session or requests.Session()
    try:
        with sess.get(endpoint, params=params, timeout=timeout,
                      headers={"Accept": "application/json"}) as resp:
            if resp.status_code == 404:
                return None
            if resp.status_code != 200:
                raise NetworkError(
                    f"The store at {store_url} could not answer the update check "
                    f"(HTTP {resp.status_code})."
                )
            try:
                data = resp.json()
            except ValueError:
                raise UpdateError("The store's update answer is not JSON.") from None
            return _release_from(data, resp.url)
    except requests.RequestException as exc:
        raise NetworkError(
            f"Could not reach the store at {store_url} to check for updates: {_reason(exc)}"
        ) from exc
    finally:
        if own:
            sess.close()


def check_for_update(store_url: str, current: str | None = None, **kwargs: Any) -> Release | None:
    """The offered release if it is newer than ``current`` (default: this app), else None."""
    current = current or current_version()
    release = fetch_latest(store_url, current=current, **kwargs)
    if release is None or not is_newer(release.version, current):
        return None
    return release


# --------------------------------------------------------------------------- download


def _reason(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) < 200 else text[:200] + "…"


def _file_name(release: Release) -> str:
    name = unquote(Path(urlparse(release.url).path).name)
    name = re.sub(r"[^A-Za-z0-9._+-]", "_", name).lstrip(".")
    return name or f"satchel-{release.version}"


def download(release: Release, dest_dir: Path | None = None, *,
             session: requests.Session | None = None,
             progress: Callable[[int, int], None] | None = None,
             cancelled: Callable[[], bool] | None = None,
             timeout: float = 30.0) -> Path:
    """Download the release into ``dest_dir`` (default: a new temp folder) and verify it.

    Returns the verified file. Raises UpdateError (checksum or size mismatch, cancelled: the
    partial file is deleted), NetworkError (server unreachable) or StorageError (disk)."""
    if dest_dir is None:
        dest_dir = Path(tempfile.mkdtemp(prefix="satchel-update-"))
    final = dest_dir / _file_name(release)
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=dest_dir, prefix=".satchel-update-", suffix=".part")
    except OSError as exc:
        raise StorageError(
            f"Could not save the update in {dest_dir}: {exc.strerror or exc}"
        ) from exc
    tmp = Path(tmp_name)
    own = session is None
    sess = session or requests.Session()
    digest = hashlib.sha256()
    received = 0
    try:
        with os.fdopen(fd, "wb") as out, sess.get(release.url, stream=True,
                                                  timeout=timeout) as resp:
            if resp.status_code != 200:
                raise NetworkError(
                    f"The update download failed (HTTP {resp.status_code} from {release.url})."
                )
            for chunk in resp.iter_content(_CHUNK):
                if cancelled is not None and cancelled():
                    raise UpdateError("The update download was cancelled.")
                received += len(chunk)
                if received > release.size:
                    raise UpdateError(
                        f"The update download is larger than the {release.size} bytes the store "
                        "announced; it was discarded."
                    )
                digest.update(chunk)
                out.write(chunk)
                if progress is not None:
                    progress(received, release.size)
            out.flush()
            os.fsync(out.fileno())
        if received != release.size:
            raise UpdateError(
                f"The update download stopped after {received} of {release.size} bytes; "
                "please try again."
            )
        if digest.hexdigest() != release.sha256:
            raise UpdateError(
                f"The downloaded update {final.name} does not match the checksum the store "
                "announced, so it was deleted and will not be installed. Try again later; if "
                "this keeps happening, tell your IT department."
            )
        os.replace(tmp, final)
        return final
    except requests.RequestException as exc:
        raise NetworkError(f"The update download failed: {_reason(exc)}") from exc
    except OSError as exc:
        raise StorageError(
            f"Could not save the update in {dest_dir}: {exc.strerror or exc}"
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
        if own:
            sess.close()


def how_to_install(path: Path, package: str | None = None) -> str:
    """One plain sentence telling the learner how to install the downloaded file."""
    kind = package or package_kind()
    if kind == "deb" or path.suffix == ".deb":
        return (f"Open {path.name} with your software installer, or run: "
                f"sudo apt install {path}")
    if kind == "tarball" or path.name.endswith((".tar.gz", ".tar.xz")):
        return (f"Quit Satchel, unpack {path} over the folder Satchel runs from, "
                "then start it again.")
    if kind == "dmg" or path.suffix == ".dmg":
        return f"Open {path.name} and drag Satchel into Applications, replacing the old copy."
    if kind == "windows-installer" or path.suffix == ".exe":
        return f"Quit Satchel and run {path.name}; it updates the installed copy."
    return f"The new version is saved as {path}."
