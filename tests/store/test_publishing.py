"""Publishing over HTTP: instructors only, every validation problem returned, versions only
go up, course ids belong to their author, learners only see published versions,
encrypted bundles need their (correct) content key."""

from __future__ import annotations

import base64
import json
import os
import zipfile
from pathlib import Path
from typing import Any

from tests.store.course_bundles import pack_course
from tests.store.harness import StoreHarness


def broken_bundle(path: Path) -> Path:
    """A bundle with many independent problems at once."""
    manifest: dict[str, Any] = {
        "format": "satchel-bundle/1",
        "id": "broken-course",
        "version": "1.0",
        "min_app_version": "0.1.0",
        "title": "",
        "language": "en",
        "authors": [],
        "licence": "MIT",
        "description": "x",
        "topic": "cooking",
        "tags": ["ok"],
        "skills": [{"id": "s1", "name": "S"}],
        "price_hint": {"amount": -5, "currency": "usd"},
        "outline": [
            {
                "id": "m1",
                "title": "M",
                "items": [
                    {
                        "id": "a",
                        "kind": "text",
                        "title": "A",
                        "path": "lessons/a.md",
                        "duration_min": 5,
                        "skills": ["s1"],
                        "completion": {"type": "viewed"},
                    },
                    {
                        "id": "b",
                        "kind": "video",
                        "title": "B",
                        "path": "lessons/gone.mp4",
                        "duration_min": 5,
                        "skills": ["nope"],
                        "completion": {"type": "viewed"},
                    },
                ],
            }
        ],
        "files": [{"path": "lessons/a.md", "sha256": "0" * 64, "size": 3}],
    }
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("manifest.json", json.dumps(manifest))
        z.writestr("lessons/a.md", "# A\n")
        z.writestr("extra.txt", "unlisted")
        z.writestr("../evil.txt", "path traversal")
    return path


def test_bad_bundle_returns_every_problem(store: StoreHarness) -> None:
    author = store.instructor()
    r = store.upload(author, broken_bundle(store.workdir / "broken.satchel"))
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    found = {(p["file"], p["field"]) for p in body["problems"]}
    expected = {
        ("../evil.txt", ""),
        ("manifest.json", "version"),
        ("manifest.json", "title"),
        ("manifest.json", "topic"),
        ("manifest.json", "authors"),
        ("manifest.json", "price_hint.amount"),
        ("manifest.json", "price_hint.currency"),
        ("manifest.json", "outline[0].items[1].skills[0]"),
        ("manifest.json", "outline[0].items[1].path"),
        ("manifest.json", "files[0].sha256"),
        ("extra.txt", ""),
    }
    assert expected <= found
    assert str(len(body["problems"])) in body["detail"]
    assert all(p["message"] for p in body["problems"])
    assert author.get("/v1/publish/drafts").json() == []


def test_not_a_zip_and_missing_file(store: StoreHarness) -> None:
    author = store.instructor()
    junk = store.workdir / "junk.satchel"
    junk.write_bytes(b"this is not a zip file at all")
    r = store.upload(author, junk)
    assert r.status_code == 422 and len(r.json()["problems"]) >= 1
    assert author.post("/v1/publish/drafts").status_code == 422


def test_only_instructors_publish(store: StoreHarness) -> None:
    learner = store.register()
    bundle, _ = pack_course(store.workdir, "learner-course")
    r = store.upload(learner, bundle)
    assert r.status_code == 403 and "instructor" in r.json()["detail"]
    assert learner.get("/v1/publish/drafts").status_code == 403


def test_draft_lifecycle_and_visibility(store: StoreHarness) -> None:
    author = store.instructor()
    learner = store.register()
    c = store.client()
    bundle, _ = pack_course(store.workdir, "lifecycle", title="Lifecycle v1")
    draft = store.upload(author, bundle).json()
    assert draft["status"] == "draft" and draft["course_id"] == "lifecycle"
    assert c.get("/v1/catalog/courses/lifecycle").status_code == 404
    assert "lifecycle" not in [x["id"] for x in c.get("/v1/catalog/courses").json()["items"]]
    assert store.order(learner, "lifecycle").status_code == 404
    # Same version again is refused while the draft exists.
    again = store.upload(author, bundle)
    assert again.status_code == 409
    assert [d["id"] for d in author.get("/v1/publish/drafts").json()] == [draft["id"]]
    published = author.post(f"/v1/publish/drafts/{draft['id']}/publish")
    assert published.status_code == 200 and published.json()["version"] == "1.0.0"
    assert author.post(f"/v1/publish/drafts/{draft['id']}/publish").status_code == 409
    assert c.get("/v1/catalog/courses/lifecycle").json()["title"] == "Lifecycle v1"
    # Versions only go up.
    older, _ = pack_course(store.workdir, "lifecycle", version="0.9.0")
    r = store.upload(author, older)
    assert r.status_code == 409 and "not newer" in r.json()["detail"]
    newer, _ = pack_course(store.workdir, "lifecycle", version="1.1.0", title="Lifecycle v2")
    v2 = store.upload(author, newer).json()
    # Until published, learners still see v1.
    assert c.get("/v1/catalog/courses/lifecycle").json()["version"] == "1.0.0"
    assert author.delete(f"/v1/publish/drafts/{v2['id']}").status_code == 204
    assert author.get(f"/v1/publish/drafts/{v2['id']}").status_code == 404
    assert author.delete(f"/v1/publish/drafts/{draft['id']}").status_code == 409


def test_course_id_belongs_to_its_author(store: StoreHarness) -> None:
    owner = store.instructor()
    rival = store.instructor()
    store.publish_course(owner, "owned-course")
    takeover, _ = pack_course(store.workdir, "owned-course", version="9.0.0")
    r = store.upload(rival, takeover)
    assert r.status_code == 403 and "another instructor" in r.json()["detail"]
    drafts = owner.get("/v1/publish/drafts").json()
    assert rival.get(f"/v1/publish/drafts/{drafts[0]['id']}").status_code == 404
    assert rival.post(f"/v1/publish/drafts/{drafts[0]['id']}/publish").status_code == 404


def test_encrypted_bundle_needs_its_key(store: StoreHarness) -> None:
    author = store.instructor()
    bundle, key = pack_course(store.workdir, "locked-course", encrypt=True)
    assert key is not None
    no_key = store.upload(author, bundle)
    assert no_key.status_code == 422
    assert any(p["field"] == "encryption" for p in no_key.json()["problems"])
    wrong = store.upload(author, bundle, bytes(32))
    assert wrong.status_code == 422
    assert any("authentication" in p["message"] for p in wrong.json()["problems"])
    short = author.post(
        "/v1/publish/drafts",
        files={"bundle": ("b.satchel", bundle.read_bytes(), "application/zip")},
        data={"content_key": "c2hvcnQ="},
    )
    assert short.status_code == 422 and "32-byte" in short.json()["detail"]
    ok = store.upload(author, bundle, key)
    assert ok.status_code == 201 and ok.json()["encrypted"] is True
    plain, _ = pack_course(store.workdir, "plain-course")
    mismatch = store.upload(author, plain, key)
    assert mismatch.status_code == 422


def test_multi_megabyte_upload_round_trips(store: StoreHarness) -> None:
    author = store.instructor()
    text = "# Big\n\n" + base64.b64encode(os.urandom(3 * 1024 * 1024)).decode() + "\n"
    bundle, _ = pack_course(store.workdir, "big-course", lesson_two=text)
    assert bundle.stat().st_size > 3 * 1024 * 1024
    r = store.upload(author, bundle)
    assert r.status_code == 201, r.text
    assert author.get(r.json()["content_url"]).content == bundle.read_bytes()
