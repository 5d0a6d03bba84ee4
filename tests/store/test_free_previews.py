"""Free-preview lessons over HTTP: anyone may open the items the published version marks
`free_preview` (and only the files they need); everything else is 404."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from bundle.crypto import generate_content_key
from bundle.pack import pack
from tests.store.course_bundles import write_course
from tests.store.harness import StoreHarness

PNG = b"\x89PNG\r\n\x1a\n" + b"diagram" * 20
SECRET_PNG = b"\x89PNG\r\n\x1a\n" + b"paid-only" * 20
BASE = "/v1/catalog/courses/peek-course/preview"


def _publish(store: StoreHarness, author: Any, course_id: str, *, publish: bool = True) -> None:
    folder = write_course(store.workdir / f"{course_id}-src", course_id, price=2900)
    (folder / "media").mkdir()
    (folder / "media" / "diagram.png").write_bytes(PNG)
    (folder / "media" / "secret.png").write_bytes(SECRET_PNG)
    (folder / "lessons" / "intro.md").write_text(
        "# Welcome\n\nLook: ![a diagram](../media/diagram.png)\n", encoding="utf-8"
    )
    (folder / "lessons" / "two.md").write_text(
        "# Paid\n\nThe paid secret. ![x](../media/secret.png)\n", encoding="utf-8"
    )
    key = generate_content_key()
    out = store.workdir / f"{course_id}.satchel"
    pack(folder, out, encrypt_with=key)
    r = store.upload(author, out, key)
    assert r.status_code == 201, r.text
    if publish:
        r = author.post(f"/v1/publish/drafts/{r.json()['id']}/publish")
        assert r.status_code == 200, r.text


@pytest.fixture(scope="module")
def author(store: StoreHarness) -> Any:
    author = store.instructor()
    _publish(store, author, "peek-course")
    return author


def test_anyone_opens_a_free_preview_lesson_and_its_image(
    store: StoreHarness, author: Any
) -> None:
    anonymous = store.client()
    r = anonymous.get(f"{BASE}/intro")
    assert r.status_code == 200, r.text
    item = r.json()
    assert (item["id"], item["kind"], item["title"]) == ("intro", "text", "Introduction")
    assert item["version"] == "1.0.0" and item["completion"] == {"type": "viewed"}
    files = {f["path"]: f for f in item["files"]}
    assert set(files) == {"lessons/intro.md", "media/diagram.png"}
    lesson = anonymous.get(files["lessons/intro.md"]["url"])
    assert lesson.status_code == 200
    assert lesson.text.startswith("# Welcome") and "diagram" in lesson.text
    assert hashlib.sha256(lesson.content).hexdigest() == files["lessons/intro.md"]["sha256"]
    image = anonymous.get(files["media/diagram.png"]["url"])
    assert image.content == PNG and image.headers["content-type"] == "image/png"
    again = anonymous.get(files["media/diagram.png"]["url"],
                          headers={"If-None-Match": image.headers["ETag"]})
    assert again.status_code == 304


def test_paid_items_and_their_files_are_404_even_for_signed_in_strangers(
    store: StoreHarness, author: Any
) -> None:
    stranger = store.register()
    for client_get in (store.client().get, stranger.get):
        for item in ("two", "q-basics", "no-such-item"):
            r = client_get(f"{BASE}/{item}")
            assert r.status_code == 404, (item, r.text)
            assert "paid secret" not in r.text
        # A paid file asked for through the preview item: not part of the preview.
        for path in ("lessons/two.md", "quizzes/q-basics.json", "media/secret.png",
                     "manifest.json"):
            r = client_get(f"{BASE}/intro/files/{path}")
            assert r.status_code == 404, (path, r.text)
            assert b"paid secret" not in r.content and SECRET_PNG not in r.content


@pytest.mark.parametrize("path", [
    "lessons/../lessons/two.md",
    "lessons/%2e%2e/lessons/two.md",
    "..%2Flessons%2Ftwo.md",
    "lessons%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "/lessons/intro.md",
    "lessons\\intro.md",
])
def test_path_traversal_is_refused(store: StoreHarness, author: Any, path: str) -> None:
    r = store.client().get(f"{BASE}/intro/files/{path}")
    assert r.status_code == 404, r.text
    assert b"paid secret" not in r.content and b"root:" not in r.content


def test_unpublished_and_unlisted_courses_have_no_preview(
    store: StoreHarness, author: Any
) -> None:
    _publish(store, author, "draft-course", publish=False)
    anonymous = store.client()
    assert anonymous.get("/v1/catalog/courses/draft-course/preview/intro").status_code == 404
    assert anonymous.get(
        "/v1/catalog/courses/draft-course/preview/intro/files/lessons/intro.md"
    ).status_code == 404
    # Even the author gets nothing from the public route for a draft.
    assert author.get("/v1/catalog/courses/draft-course/preview/intro").status_code == 404

    _publish(store, author, "gone-course")
    assert anonymous.get("/v1/catalog/courses/gone-course/preview/intro").status_code == 200
    assert author.post("/v1/publish/courses/gone-course/unlist").status_code == 204
    assert anonymous.get("/v1/catalog/courses/gone-course/preview/intro").status_code == 404
    assert anonymous.get(
        "/v1/catalog/courses/gone-course/preview/intro/files/lessons/intro.md"
    ).status_code == 404


def test_a_preview_file_stored_encrypted_is_decrypted_by_the_store(store: StoreHarness,
                                                                   author: Any) -> None:
    """A version packed before its preview lesson was left in clear (here: marked preview
    after packing) still previews: the store decrypts that file, and only that one."""
    from sqlalchemy import select

    from store.db.models import Course, CourseVersion

    folder = write_course(store.workdir / "late-src", "late-course", price=1900)
    long_intro = "# Test course\n\n" + "Welcome, and read on. " * 15000  # several chunks
    (folder / "lessons" / "intro.md").write_text(long_intro, encoding="utf-8")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for item in manifest["outline"][0]["items"]:
        item.pop("free_preview", None)
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    key = generate_content_key()
    out = store.workdir / "late-course.satchel"
    pack(folder, out, encrypt_with=key)
    r = store.upload(author, out, key)
    assert r.status_code == 201, r.text
    assert author.post(f"/v1/publish/drafts/{r.json()['id']}/publish").status_code == 200
    anonymous = store.client()
    assert anonymous.get("/v1/catalog/courses/late-course/preview/intro").status_code == 404

    ctx = store.server.ctx
    assert ctx is not None
    with ctx.db.session(write=True) as session:
        course = session.get(Course, "late-course")
        assert course is not None
        version = session.scalar(
            select(CourseVersion).where(CourseVersion.id == course.published_version_id))
        assert version is not None and "lessons/intro.md" in version.manifest["encryption"][
            "files"]
        changed = json.loads(json.dumps(version.manifest))
        changed["outline"][0]["items"][0]["free_preview"] = True
        version.manifest = changed
        session.commit()

    r = anonymous.get("/v1/catalog/courses/late-course/preview/intro")
    assert r.status_code == 200, r.text
    [entry] = r.json()["files"]
    lesson = anonymous.get(entry["url"])
    assert lesson.status_code == 200
    assert len(long_intro) > 4 * 65536
    assert lesson.text == long_intro  # the plaintext, streamed chunk by chunk
    assert entry["size"] == len(long_intro.encode())
    assert entry["sha256"] == hashlib.sha256(long_intro.encode()).hexdigest()
    assert lesson.headers["content-length"] == str(entry["size"])
    assert anonymous.get(
        "/v1/catalog/courses/late-course/preview/intro/files/lessons/two.md"
    ).status_code == 404


def test_malformed_ids_are_refused(store: StoreHarness, author: Any) -> None:
    anonymous = store.client()
    for url in ("/v1/catalog/courses/PEEK/preview/intro",
                "/v1/catalog/courses/peek-course/preview/Intro"):
        assert anonymous.get(url).status_code in (404, 422), url
