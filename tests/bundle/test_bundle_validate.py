"""Validation: one crafted bad bundle per failure class, each pinned to file + field."""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bundle.pack import pack
from bundle.report import Problem, Report
from bundle.signing import generate_key, key_id, public_key_bytes
from bundle.source import Limits
from bundle.validate import running_app_version, validate

if TYPE_CHECKING:
    from conftest import BundleBuilder

ProblemAt = Callable[[Report, str, str], Problem]
QUIZ = "quizzes/q-basics.json"


def test_valid_folder_and_zip_have_no_problems(
    builder: BundleBuilder, folder: Path, tmp_path: Path
) -> None:
    assert validate(folder).problems == ()
    report = validate(builder.write_zip(tmp_path / "course.satchel"))
    assert report.ok and report.problems == (), report.format()
    assert report.format().endswith("valid, no problems found")


# -------------------------------------------------------------------- manifest & files
def test_missing_file_referenced_by_an_item(
    builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt
) -> None:
    del builder.files["lessons/talk.md"]
    report = validate(builder.write_folder(tmp_path / "c"))
    assert not report.ok
    p = problem_at(report, "manifest.json", "outline[0].items[1].transcript")
    assert p.message == '"lessons/talk.md" does not exist in the bundle'


def test_missing_file_listed_in_a_packed_bundle(
    builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt
) -> None:
    builder.manifest["files"] = builder.files_list()
    del builder.files["media/diagram.png"]
    report = validate(builder.write_zip(tmp_path / "c.satchel", files_list=False))
    index = [f["path"] for f in builder.manifest["files"]].index("media/diagram.png")
    p = problem_at(report, "manifest.json", f"files[{index}].path")
    assert "is listed but does not exist" in p.message
    assert p.severity == "error"


def test_bad_hash(builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt) -> None:
    builder.manifest["files"] = builder.files_list()
    original = builder.files["lessons/intro.md"]
    builder.files["lessons/intro.md"] = original.replace(b"friendly", b"FRIENDLY")
    report = validate(builder.write_zip(tmp_path / "c.satchel", files_list=False))
    index = [f["path"] for f in builder.manifest["files"]].index("lessons/intro.md")
    p = problem_at(report, "manifest.json", f"files[{index}].sha256")
    assert p.message.startswith('"lessons/intro.md" has sha256 ')
    assert p.message.endswith(builder.manifest["files"][index]["sha256"])
    assert report.find("manifest.json", f"files[{index}].size") == []  # same size


def test_wrong_size(builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt) -> None:
    builder.manifest["files"] = builder.files_list()
    index = [f["path"] for f in builder.manifest["files"]].index("lessons/talk.md")
    real = builder.manifest["files"][index]["size"]
    builder.manifest["files"][index]["size"] = real + 1
    report = validate(builder.write_zip(tmp_path / "c.satchel", files_list=False))
    p = problem_at(report, "manifest.json", f"files[{index}].size")
    assert p.message == f'"lessons/talk.md" is {real} bytes, the manifest says {real + 1}'


def test_unlisted_extra_file_in_a_packed_bundle(
    builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt
) -> None:
    path = builder.write_zip(tmp_path / "c.satchel", extra={"media/extra.txt": b"surprise"})
    p = problem_at(validate(path), "media/extra.txt", "")
    assert p.message == "is in the bundle but not listed in manifest.json files"
    assert p.severity == "error"


def test_stale_files_list_in_a_folder_is_only_a_warning(
    builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt
) -> None:
    builder.manifest["files"] = builder.files_list()
    builder.files["media/new.png"] = b"\x89PNG new"
    report = validate(builder.write_folder(tmp_path / "c"))
    assert report.ok
    assert problem_at(report, "media/new.png", "").severity == "warning"


def test_packed_bundle_needs_a_files_list(
    builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt
) -> None:
    report = validate(builder.write_zip(tmp_path / "c.satchel", files_list=False))
    assert "required field is missing" in problem_at(report, "manifest.json", "files").message


# ------------------------------------------------------------------------------ quizzes
def test_unknown_question_type(
    builder: BundleBuilder, folder: Path, tmp_path: Path, problem_at: ProblemAt
) -> None:
    builder.quiz()["questions"][1]["type"] = "essay"
    report = validate(builder.write_folder(tmp_path / "c"))
    p = problem_at(report, QUIZ, "questions[1].type")
    assert p.message.startswith('"essay" is not a known question type; use one of single,')


def test_unknown_item_kind(builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt) -> None:
    builder.item("talk")["kind"] = "podcast"
    report = validate(builder.write_folder(tmp_path / "c"))
    p = problem_at(report, "manifest.json", "outline[0].items[1].kind")
    assert p.message == '"podcast" is not a known kind; use one of text, pdf, audio, video, quiz'


def test_quiz_without_answer_key(
    builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt
) -> None:
    for question in builder.quiz()["questions"]:
        del question["answer"]
    report = validate(builder.write_folder(tmp_path / "c"))
    for i in range(5):
        p = problem_at(report, QUIZ, f"questions[{i}].answer")
        assert p.message == "the answer key is missing (every question needs one)"
    assert len(report.errors) == 5


def test_answer_not_among_choices(
    builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt
) -> None:
    builder.quiz()["questions"][2]["answer"] = "e"
    builder.quiz()["questions"][1]["answer"] = ["a", "z"]
    report = validate(builder.write_folder(tmp_path / "c"))
    p = problem_at(report, QUIZ, "questions[2].answer")
    assert str(p) == (
        'quizzes/q-basics.json:66: questions[2].answer: "e" is not one of the choices a, b, c, d'
    )
    assert problem_at(report, QUIZ, "questions[1].answer[1]").message == (
        '"z" is not one of the choices a, b, c'
    )


def test_answer_shape_must_fit_the_type(
    builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt
) -> None:
    questions = builder.quiz()["questions"]
    questions[0]["answer"] = "yes"
    questions[3]["answer"] = "3.5"
    report = validate(builder.write_folder(tmp_path / "c"))
    assert problem_at(report, QUIZ, "questions[0].answer").message == (
        'expected true or false, got a string ("yes")'
    )
    assert problem_at(report, QUIZ, "questions[3].answer").message == (
        'expected a number, got a string ("3.5")'
    )


def test_quiz_id_must_equal_item_id(
    builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt
) -> None:
    builder.quiz()["id"] = "other"
    report = validate(builder.write_folder(tmp_path / "c"))
    assert '"other" must equal the id of the item' in problem_at(report, QUIZ, "id").message


# ------------------------------------------------------------------- skills and ids
def test_undeclared_skill(builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt) -> None:
    builder.item("intro")["skills"].append("py.loops")
    builder.quiz()["questions"][0]["skills"] = ["py.classes"]
    report = validate(builder.write_folder(tmp_path / "c"))
    p = problem_at(report, "manifest.json", "outline[0].items[0].skills[1]")
    assert p.message == 'skill "py.loops" is not declared in manifest.json skills'
    p = problem_at(report, QUIZ, "questions[0].skills[0]")
    assert p.message == 'skill "py.classes" is not declared in manifest.json skills'


def test_duplicate_item_id(builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt) -> None:
    builder.manifest["outline"][1]["items"][0]["id"] = "intro"
    builder.quiz()["id"] = "intro"
    report = validate(builder.write_folder(tmp_path / "c"))
    p = problem_at(report, "manifest.json", "outline[1].items[0].id")
    assert p.message == 'id "intro" is already used by outline[0].items[0]'


def test_duplicate_skill_and_question_ids(
    builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt
) -> None:
    builder.manifest["skills"].append({"id": "py.print", "name": "Again"})
    builder.quiz()["questions"][4]["id"] = "q1"
    report = validate(builder.write_folder(tmp_path / "c"))
    assert (
        "already declared at skills[1]"
        in problem_at(report, "manifest.json", "skills[2].id").message
    )
    assert "already used by questions[0]" in problem_at(report, QUIZ, "questions[4].id").message


# -------------------------------------------------------------------------- bad paths
@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("../evil.md", 'it contains a ".." segment'),
        ("lessons/../../evil.md", 'it contains a ".." segment'),
        ("/etc/evil.md", "it is absolute (starts with /)"),
        ("lessons\\intro.md", "it contains a backslash (use / between folders)"),
        ("C:/evil.md", "it starts with a drive letter"),
        ("lessons//intro.md", "it has an empty segment (// or a trailing /)"),
    ],
)
def test_unsafe_item_path(
    builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt, path: str, reason: str
) -> None:
    builder.item("intro")["path"] = path
    report = validate(builder.write_folder(tmp_path / "c"))
    p = problem_at(report, "manifest.json", "outline[0].items[0].path")
    assert p.message == f"{json.dumps(path)} is not a safe path: {reason}"


def test_wrong_extension_for_kind(
    builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt
) -> None:
    builder.item("talk")["path"] = "lessons/talk.mp4"
    report = validate(builder.write_folder(tmp_path / "c"))
    p = problem_at(report, "manifest.json", "outline[0].items[1].path")
    assert p.message == '"lessons/talk.mp4" does not fit kind "audio"; use .ogg .wav .mp3 .m4a'


# --------------------------------------------------------------------- fields & JSON
def test_missing_and_wrong_typed_fields(
    builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt
) -> None:
    del builder.manifest["title"]
    builder.manifest["price_hint"]["amount"] = 19.99
    builder.manifest["tags"] = ["Python"]
    builder.item("talk")["duration_min"] = 0
    builder.item("q-basics")["completion"] = {"type": "viewed"}
    report = validate(builder.write_folder(tmp_path / "c"))
    assert problem_at(report, "manifest.json", "title").message == "required field is missing"
    assert problem_at(report, "manifest.json", "price_hint.amount").message == (
        "expected a whole number, got a number (19.99)"
    )
    assert problem_at(report, "manifest.json", "tags[0]").message == (
        '"Python" must be lower-case ("python")'
    )
    assert problem_at(report, "manifest.json", "outline[0].items[1].duration_min").message == (
        "must be greater than 0, got 0"
    )
    assert "a quiz completes by" in (
        problem_at(report, "manifest.json", "outline[1].items[0].completion.type").message
    )


def test_malformed_json_reports_line_and_column(
    builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt
) -> None:
    builder.raw["manifest.json"] = (
        b'{\n  "format": "satchel-bundle/1",\n  "id": "x"\n  "title": "T"\n}'
    )
    builder.raw[QUIZ] = b'{"id": "q-basics", "questions": [,]}'
    report = validate(builder.write_folder(tmp_path / "c"))
    p = problem_at(report, "manifest.json", "")
    assert p.message == "invalid JSON at line 4, column 3: Expecting ',' delimiter"
    # even without a usable manifest the quizzes are still checked
    assert problem_at(report, QUIZ, "").message.startswith("invalid JSON at line 1, column 34")


def test_duplicate_json_keys_and_bom_are_refused(
    builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt
) -> None:
    builder.raw[QUIZ] = b'{"id": "a", "id": "b"}'
    builder.raw["manifest.json"] = b"\xef\xbb\xbf" + builder.manifest_bytes()
    report = validate(builder.write_folder(tmp_path / "c"))
    assert "byte-order mark" in problem_at(report, "manifest.json", "").message
    assert 'duplicate key "id"' in problem_at(report, QUIZ, "").message


def test_min_app_version_newer_than_the_app(
    builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt
) -> None:
    builder.manifest["min_app_version"] = "99.0.0"
    report = validate(builder.write_folder(tmp_path / "c"))
    p = problem_at(report, "manifest.json", "min_app_version")
    assert p.message == (
        f"the bundle needs Satchel 99.0.0 or newer; this is Satchel {running_app_version()}"
    )
    assert validate(tmp_path / "c", app_version="99.0.0").ok


def test_unknown_field_is_a_warning(
    builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt
) -> None:
    builder.item("intro")["duraton_min"] = 5
    report = validate(builder.write_folder(tmp_path / "c"))
    assert report.ok
    p = problem_at(report, "manifest.json", "outline[0].items[0].duraton_min")
    assert p.severity == "warning"


def test_broken_image_in_lesson_is_a_warning(
    builder: BundleBuilder, tmp_path: Path, problem_at: ProblemAt
) -> None:
    builder.files["lessons/intro.md"] += b"\n![gone](../media/gone.png)\n"
    report = validate(builder.write_folder(tmp_path / "c"))
    assert report.ok
    p = problem_at(report, "lessons/intro.md", "")
    assert (p.line, p.message) == (7, 'image "../media/gone.png" does not exist in the bundle')


def test_five_problems_are_all_reported(builder: BundleBuilder, tmp_path: Path) -> None:
    del builder.manifest["description"]  # 1 missing field
    builder.item("talk")["kind"] = "slides"  # 2 unknown kind
    builder.item("intro")["skills"] = ["py.nope"]  # 3 undeclared skill
    builder.quiz()["questions"][2]["answer"] = "e"  # 4 answer not among choices
    del builder.files["lessons/talk.md"]  # 5 missing transcript
    report = validate(builder.write_folder(tmp_path / "c"))
    found = {(p.file, p.field) for p in report.errors}
    assert found == {
        ("manifest.json", "description"),
        ("manifest.json", "outline[0].items[1].kind"),
        ("manifest.json", "outline[0].items[0].skills[0]"),
        (QUIZ, "questions[2].answer"),
        ("manifest.json", "outline[0].items[1].transcript"),
    }, report.format()
    text = report.format()
    assert "INVALID (5 errors)" in text
    assert text.count("\n  error: ") == 5
    doc = json.loads(report.to_json())
    assert doc["ok"] is False and doc["errors"] == 5 and len(doc["problems"]) == 5


# ------------------------------------------------------------------------- signatures
def test_bad_signature_after_tampering(
    builder: BundleBuilder, folder: Path, tmp_path: Path, problem_at: ProblemAt
) -> None:
    signed = pack(folder, tmp_path / "signed.satchel", signing_key=generate_key())
    assert validate(signed, require_signature=True).ok
    tampered = tmp_path / "tampered.satchel"
    with zipfile.ZipFile(signed) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "manifest.json":
                data = data.replace(b'"amount": 1999', b'"amount": 0')
            dst.writestr(info, data)
    p = problem_at(validate(tampered), "signature.json", "signature")
    assert p.message == ("does not match manifest.json: the bundle was changed after it was signed")


def test_untrusted_key(folder: Path, tmp_path: Path, problem_at: ProblemAt) -> None:
    signer, other = generate_key(), generate_key()
    signed = pack(folder, tmp_path / "signed.satchel", signing_key=signer)
    assert validate(signed, trusted_keys=[public_key_bytes(signer)]).ok
    report = validate(signed, trusted_keys=[public_key_bytes(other)])
    p = problem_at(report, "signature.json", "key_id")
    assert p.message == (
        f"signed by key {key_id(public_key_bytes(signer))}, which is not one of your trusted keys"
    )


def test_missing_signature_when_required(
    folder: Path, tmp_path: Path, problem_at: ProblemAt
) -> None:
    unsigned = pack(folder, tmp_path / "u.satchel")
    assert validate(unsigned).ok
    report = validate(unsigned, require_signature=True)
    assert (
        "is missing: the bundle is not signed" in problem_at(report, "signature.json", "").message
    )


def test_malformed_signature_file(folder: Path, tmp_path: Path, problem_at: ProblemAt) -> None:
    (folder / "signature.json").write_text(
        json.dumps({"alg": "rsa", "key_id": "00", "public_key": "!!", "signature": "AA=="})
    )
    report = validate(folder)
    assert (
        problem_at(report, "signature.json", "alg").message
        == '"rsa" is not supported; use "ed25519"'
    )
    assert "base64 raw 32-byte" in problem_at(report, "signature.json", "public_key").message
    assert "64-byte" in problem_at(report, "signature.json", "signature").message


# ------------------------------------------------------------------------ not a bundle
def test_not_a_bundle(tmp_path: Path, problem_at: ProblemAt) -> None:
    junk = tmp_path / "junk.satchel"
    junk.write_bytes(b"this is not a zip file")
    assert (
        "not a valid .satchel (zip) file" in problem_at(validate(junk), "junk.satchel", "").message
    )
    missing = validate(tmp_path / "nope")
    assert not missing.ok and "no such file or folder" in missing.problems[0].message
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "is missing" in problem_at(validate(empty), "manifest.json", "").message


def test_limits_are_configurable(folder: Path) -> None:
    report = validate(folder, limits=Limits(max_file_size=1000))
    assert not report.ok
    assert "per file" in report.find("lessons/talk.ogg")[0].message
    assert os.path.isdir(folder)
