"""The README's launch line, run on a clean Debian: its apt packages are all the app needs.

Opt-in with the installer smoke step (SATCHEL_BUILD_TESTS=1; root, debootstrap, Xvfb and a
Debian mirror; see installer/smoke.py). The apt part of the README's first command runs in a
fresh debootstrap root; then the app's ``--self-test`` runs there on an X11 display (Xvfb),
from this checkout and the packages pip installed for it. A system library missing from the
line ("Could not load the Qt platform plugin xcb") fails this test.
"""

from __future__ import annotations

import re
import subprocess
import sysconfig
from pathlib import Path

import pytest
from installer_kit import ROOT, SMOKE_MARKS, load  # type: ignore[import-not-found]

pytestmark = SMOKE_MARKS

smoke = load("smoke")


def readme_launch_apt_command() -> str:
    """The ``apt-get install ...`` part of the README's first (install and launch) command."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first = re.search(r"```sh\n(.+?)\n```", text, re.S)
    assert first is not None, "README has no sh block"
    apt = re.search(r"apt-get install[^&]+", first.group(1))
    assert apt is not None, first.group(1)
    return apt.group(0).strip()


def test_the_launch_line_installs_the_x11_libraries_qt_loads() -> None:
    packages = set(readme_launch_apt_command().split()[3:])
    build = load("buildcfg")
    assert set(build.BUNDLED_X11_LIBS.values()) <= packages  # what the frozen app carries


def test_readme_launch_line_starts_the_app_on_x11_in_a_clean_root(tmp_path: Path) -> None:
    try:
        root = smoke.fresh_root(smoke.base_root(), tmp_path / "root")
    except smoke.SmokeError as exc:
        pytest.fail(f"cannot prepare the clean root: {exc}")
    try:
        res = smoke.apt_install(root, readme_launch_apt_command() + " -q")
        assert res.ok, res.output[-4000:]
        site = Path(sysconfig.get_paths()["purelib"])
        with smoke.xvfb() as display:
            assert display is not None, "Xvfb is not installed (apt-get install xvfb)"
            res = smoke.source_self_test(root, ROOT, site, display=display)
        print(f"\n[installer figures] README launch line self-test on X11 in a clean root: "
              f"{res.seconds:.1f} s", flush=True)
        assert res.ok, res.output[-4000:]
        assert "self-test: main window shown" in res.output
        assert "self-test: profile opened (encrypted)" in res.output
        assert "self-test: demo bundle opened" in res.output
    finally:
        subprocess.run(["rm", "-rf", "--one-file-system", str(root)], check=False)
