"""`satchel-bundle`: exit codes and what each command prints."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bundle.cli import main
from bundle.signing import key_id, load_public_keys

if TYPE_CHECKING:
    from conftest import BundleBuilder

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_exit_codes_and_output(
    builder: BundleBuilder, folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "validate", folder)
    assert code == 0 and out.strip().endswith("valid, no problems found")

    builder.quiz()["questions"][2]["answer"] = "e"
    del builder.manifest["title"]
    bad = builder.write_folder(tmp_path / "bad")
    code, out, _ = run(capsys, "validate", bad)
    assert code == 1
    assert "INVALID (2 errors)" in out
    assert "error: manifest.json:1: title: required field is missing" in out
    assert (
        'error: quizzes/q-basics.json:66: questions[2].answer: "e" is not one of the choices '
        "a, b, c, d" in out
    )

    code, out, _ = run(capsys, "validate", bad, "--json")
    doc = json.loads(out)
    assert code == 1 and doc["ok"] is False
    assert {(p["file"], p["field"]) for p in doc["problems"]} == {
        ("manifest.json", "title"),
        ("quizzes/q-basics.json", "questions[2].answer"),
    }


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "validate")[0] == 2
    assert run(capsys, "frobnicate")[0] == 2
    assert run(capsys, "pack", tmp_path)[0] == 2  # -o is required
    assert main([]) == 2
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "validate" in out and "exit codes" in out
    code, out, _ = run(capsys, "validate", "--help")
    assert code == 0 and "--require-signature" in out


def test_keygen_pack_sign_validate_inspect(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pem, other = tmp_path / "author.pem", tmp_path / "other.pem"
    code, out, _ = run(capsys, "keygen", pem)
    assert code == 0
    assert stat.S_IMODE(pem.stat().st_mode) == 0o600
    public = load_public_keys(tmp_path / "author.pub")[0]
    assert f"key id:      {key_id(public)}" in out
    code, _, err = run(capsys, "keygen", pem)
    assert code == 1 and "already exists" in err
    assert run(capsys, "keygen", other)[0] == 0

    bundle = tmp_path / "c.satchel"
    code, out, _ = run(capsys, "pack", folder, "-o", bundle, "--sign", pem)
    assert code == 0 and f"signed by key {key_id(public)}" in out
    trusted = ("--trust", tmp_path / "author.pub", "--require-signature")
    assert run(capsys, "validate", bundle, *trusted)[0] == 0
    code, out, _ = run(capsys, "validate", bundle, "--trust", tmp_path / "other.pub")
    assert code == 1 and "signature.json:3: key_id: signed by key" in out

    unsigned = tmp_path / "u.satchel"
    assert run(capsys, "pack", folder, "-o", unsigned)[0] == 0
    assert run(capsys, "validate", unsigned, "--require-signature")[0] == 1
    code, out, _ = run(capsys, "sign", unsigned, "--key", pem)
    assert code == 0 and key_id(public) in out
    assert run(capsys, "validate", unsigned, *trusted)[0] == 0

    code, out, _ = run(capsys, "inspect", bundle, "--trust", tmp_path / "author.pub")
    assert code == 0
    for expected in (
        "Python basics",
        "version 1.0.0, language en",
        "price USD 19.99",
        "Outline: 2 modules, 3 items, 10.5 min",
        "  1. Getting started [m-start]",
        "     - Welcome (text, 5 min, free preview) [intro]",
        "     - A short talk (audio, 2.5 min) [talk]",
        "     - Check: basics (quiz, 3 min) [q-basics]",
        "Files: 5, ",
        f"Signature: valid, key {key_id(public)}, trusted",
    ):
        assert expected in out, out


def test_pack_of_an_invalid_folder_fails_listing_problems(
    builder: BundleBuilder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    builder.item("talk")["kind"] = "podcast"
    folder = builder.write_folder(tmp_path / "c")
    code, _, err = run(capsys, "pack", folder, "-o", tmp_path / "c.satchel")
    assert code == 1
    assert 'outline[0].items[1].kind: "podcast" is not a known kind' in err
    assert not (tmp_path / "c.satchel").exists()


def test_inspect_unsigned_folder_and_broken_bundle(
    builder: BundleBuilder, folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "inspect", folder)
    assert code == 0 and "Signature: none (unsigned)" in out
    builder.raw["manifest.json"] = b"{oops"
    broken = builder.write_folder(tmp_path / "broken")
    code, out, _ = run(capsys, "inspect", broken)
    assert code == 1 and "manifest.json:1: invalid JSON at line 1, column 2" in out


def test_runs_as_a_module(builder: BundleBuilder, tmp_path: Path) -> None:
    builder.manifest["min_app_version"] = "99.0.0"
    folder = builder.write_folder(tmp_path / "c")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "bundle.cli", "validate", str(folder)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    expected = "manifest.json:5: min_app_version: the bundle needs Satchel 99.0.0 or newer"
    assert expected in proc.stdout
