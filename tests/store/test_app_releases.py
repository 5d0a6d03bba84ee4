"""Desktop app releases over HTTP against the running store: the update check's
`GET /v1/app/latest`, publishing (admin API and `satchel-store publish-release`), the public
download route, and the app's own `check_for_update` + verified `download` against it."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pydantic
import pytest

from app.update_check import UpdateError, check_for_update, download, parse_version
from store.cli import main as cli_main
from store.releases import AppReleaseCreate
from tests.store.harness import StoreHarness

LATEST = "/v1/app/latest"


def publish_cli(store: StoreHarness, *args: str) -> int:
    ctx = store.server.ctx
    assert ctx is not None
    return cli_main(["publish-release", "--db", ctx.settings.database_url,
                     "--data", str(ctx.settings.data_dir), *args])


def release_body(version: str, platform: str, package: str, **extra: object) -> dict[str, object]:
    payload = f"{platform} {package} {version}".encode()
    return {"version": version, "platform": platform, "package": package,
            "url": f"https://downloads.example.org/satchel-{version}-{platform}.bin",
            "sha256": hashlib.sha256(payload).hexdigest(), "size": len(payload),
            "notes": f"Satchel {version}", **extra}


def test_nothing_published_is_a_404_problem_and_the_app_says_up_to_date(
    store: StoreHarness,
) -> None:
    c = store.client()
    r = c.get(LATEST, params={"platform": "linux-aarch64", "package": "tarball",
                              "current": "0.1.0"})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "linux-aarch64 (tarball)" in r.json()["detail"]
    # an unusual machine is simply told there is nothing for it, not given an error
    r = c.get(LATEST, params={"platform": "linux-riscv64", "package": "tarball"})
    assert r.status_code == 404
    assert check_for_update(store.url, current="0.1.0", platform="linux-aarch64",
                            package="tarball") is None


def test_only_administrators_publish_releases(store: StoreHarness) -> None:
    body = release_body("0.2.0", "macos-arm64", "dmg")
    r = store.client().post("/v1/admin/app-releases", json=body)
    assert r.status_code == 401
    learner = store.register("learner")
    r = learner.post("/v1/admin/app-releases", json=body)
    assert r.status_code == 403 and r.json()["detail"]
    assert store.client().get(LATEST, params={"platform": "macos-arm64",
                                              "package": "dmg"}).status_code == 404
    r = store.admin().post("/v1/admin/app-releases", json=body)
    assert r.status_code == 201, r.text
    assert r.json()["version"] == "0.2.0" and r.json()["platform"] == "macos-arm64"


def test_latest_is_the_newest_published_build_for_that_platform_and_package(
    store: StoreHarness,
) -> None:
    admin = store.admin()
    for version in ("0.2.0", "0.3.0"):
        r = admin.post("/v1/admin/app-releases",
                       json=release_body(version, "windows-x86_64", "windows-installer"))
        assert r.status_code == 201, r.text
    c = store.client()
    r = c.get(LATEST, params={"platform": "windows-x86_64", "package": "windows-installer",
                              "current": "0.1.0"})
    assert r.status_code == 200, r.text
    expected = release_body("0.3.0", "windows-x86_64", "windows-installer")
    assert r.json() == {k: expected[k] for k in ("version", "url", "sha256", "size", "notes")}
    # another package kind of the same platform has its own releases
    assert c.get(LATEST, params={"platform": "windows-x86_64",
                                 "package": "folder"}).status_code == 404
    release = check_for_update(store.url, current="0.2.5", platform="windows-x86_64",
                               package="windows-installer")
    assert release is not None and release.version == "0.3.0"
    assert release.url == expected["url"]
    assert check_for_update(store.url, current="0.3.0", platform="windows-x86_64",
                            package="windows-installer") is None


@pytest.mark.parametrize(("change", "status", "words"), [
    ({"version": "0.3.0"}, 409, "already published"),
    ({"version": "latest"}, 422, "version"),
    ({"sha256": "ABC"}, 422, "sha256"),
    ({"size": 0}, 422, "size"),
    ({"platform": "linux-riscv64"}, 422, "platform"),
    ({"url": "ftp://downloads.example.org/x"}, 422, "url"),
    ({"url": "//elsewhere.example.org/x"}, 422, "url"),
    ({"url": None}, 422, "No file with this sha256"),
])
def test_bad_releases_are_refused_with_a_plain_reason(
    store: StoreHarness, change: dict[str, object], status: int, words: str
) -> None:
    admin = store.admin()
    base = release_body("0.3.0", "linux-x86_64", "folder")
    admin.post("/v1/admin/app-releases", json=base)  # present for the 409 case
    r = admin.post("/v1/admin/app-releases", json={**base, "version": "0.3.1", **change})
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert words in r.json()["detail"]


def test_cli_publishes_a_file_and_the_app_downloads_and_verifies_it(
    store: StoreHarness, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = os.urandom(300_000)
    build = tmp_path / "satchel_0.2.0_amd64.deb"
    build.write_bytes(payload)
    sha = hashlib.sha256(payload).hexdigest()
    assert publish_cli(store, "--version", "0.2.0", "--platform", "linux-x86_64",
                       "--package", "deb", "--file", str(build), "--notes", "Faster sync") == 0
    out = capsys.readouterr().out
    assert f"/v1/app/downloads/{sha}/satchel_0.2.0_amd64.deb" in out and sha in out

    release = check_for_update(store.url, current="0.1.0", platform="linux-x86_64",
                               package="deb")
    assert release is not None
    assert (release.version, release.sha256, release.size, release.notes) == (
        "0.2.0", sha, len(payload), "Faster sync")
    assert release.url == f"{store.url}/v1/app/downloads/{sha}/satchel_0.2.0_amd64.deb"

    # anyone may fetch a published release, without signing in, and resume it
    c = store.client()
    r = c.get(release.url, headers={"Range": "bytes=100-199"})
    assert r.status_code == 206 and r.content == payload[100:200]

    good = tmp_path / "good"
    saved = download(release, good)
    assert saved.name == "satchel_0.2.0_amd64.deb" and saved.read_bytes() == payload
    assert sorted(p.name for p in good.iterdir()) == ["satchel_0.2.0_amd64.deb"]

    # the same version cannot be published twice
    assert publish_cli(store, "--version", "0.2.0", "--platform", "linux-x86_64",
                       "--package", "deb", "--file", str(build)) == 2
    assert "already published" in capsys.readouterr().err

    # a blob altered on the server (same size) is refused by the app and nothing is kept
    ctx = store.server.ctx
    assert ctx is not None
    blob = ctx.blobs.path(sha)
    tampered = bytes([payload[0] ^ 0xFF]) + payload[1:]
    blob.write_bytes(tampered)
    try:
        bad = tmp_path / "bad"
        with pytest.raises(UpdateError, match="does not match the checksum"):
            download(release, bad)
        assert list(bad.iterdir()) == []
    finally:
        blob.write_bytes(payload)


def test_an_admin_can_offer_a_stored_file_for_another_package(
    store: StoreHarness, tmp_path: Path
) -> None:
    payload = b"tarball bytes " * 1000
    build = tmp_path / "satchel-0.4.0-linux-x86_64.tar.gz"
    build.write_bytes(payload)
    assert publish_cli(store, "--version", "0.4.0", "--platform", "linux-x86_64",
                       "--package", "folder", "--file", str(build)) == 0
    sha = hashlib.sha256(payload).hexdigest()
    r = store.admin().post("/v1/admin/app-releases", json={
        "version": "0.4.0", "platform": "linux-x86_64", "package": "tarball",
        "sha256": sha, "size": len(payload)})
    assert r.status_code == 201, r.text
    release = check_for_update(store.url, current="0.3.0", platform="linux-x86_64",
                               package="tarball")
    assert release is not None and release.url.endswith(
        f"/v1/app/downloads/{sha}/satchel-0.4.0-linux-x86_64.tar.gz")
    assert download(release, tmp_path / "dl").read_bytes() == payload
    r = store.admin().post("/v1/admin/app-releases", json={
        "version": "0.4.1", "platform": "linux-x86_64", "package": "tarball",
        "sha256": sha, "size": len(payload) + 1})
    assert r.status_code == 422 and "bytes" in r.json()["detail"]


def test_the_download_route_never_serves_course_files(store: StoreHarness) -> None:
    author = store.instructor()
    draft = store.publish_course(author, "release-route-course", price=1500)
    c = store.client()
    for path in (f"/v1/app/downloads/{draft['sha256']}",
                 f"/v1/app/downloads/{draft['sha256']}/course.satchel",
                 f"/v1/app/downloads/{'0' * 64}"):
        r = c.get(path)
        assert r.status_code == 404, path
        assert r.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("version", [
    "0.2.0", "1.3.0rc1", "2.0-beta.2", "1.0.post1", "1.0+local.3", "v3", "1.0RC2",
    "latest", "1.2.x", "", "1..2", "1.0-foo",
])
def test_the_store_accepts_exactly_the_versions_the_app_can_compare(version: str) -> None:
    try:
        parse_version(version)
        app_ok = True
    except ValueError:
        app_ok = False
    try:
        AppReleaseCreate(version=version, platform="linux-x86_64", package="deb",
                         url="https://x.example/a", sha256="0" * 64, size=1)
        store_ok = True
    except pydantic.ValidationError:
        store_ok = False
    assert store_ok == app_ok
