"""Content blobs in S3-compatible object storage (moto's ThreadedMotoServer on loopback):
uploads land in the bucket, not on the store's disk; downloads are proxied with Range, or
redirected to presigned URLs after the same access check."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from store.server import EmbeddedStore
from tests.conftest import skip_or_fail
from tests.store.harness import FakeStripe, StoreHarness, store_settings


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as exc:  # the test extra brings moto[server]
        skip_or_fail(f"moto[server] is not installed ({exc}); pip install -e '.[test]'")
        raise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A fresh bucket; boto3 gets test credentials from the environment."""
    import boto3

    for name, value in (
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_DEFAULT_REGION", "us-east-1"),
    ):
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket="satchel-content")
    yield client
    for obj in client.list_objects_v2(Bucket="satchel-content").get("Contents", []):
        client.delete_object(Bucket="satchel-content", Key=obj["Key"])
    client.delete_bucket(Bucket="satchel-content")
    client.close()


def s3_store(tmp_path: Path, endpoint: str, **extra: Any) -> tuple[EmbeddedStore, StoreHarness]:
    settings = store_settings(
        tmp_path / "data",
        f"sqlite:///{tmp_path / 'store.db'}",
        s3_bucket="satchel-content",
        s3_endpoint_url=endpoint,
        s3_region="us-east-1",
        **extra,
    )
    server = EmbeddedStore(settings).start()
    return server, StoreHarness(server, "sqlite", tmp_path / "bundles", FakeStripe())


def test_bundles_live_in_the_bucket_and_download_with_range(
    tmp_path: Path, s3: Any, s3_endpoint: str
) -> None:
    server, store = s3_store(tmp_path, s3_endpoint)
    try:
        author = store.instructor()
        draft = store.publish_course(author, "s3-course", price=700)
        sha = draft["sha256"]
        head = s3.head_object(Bucket="satchel-content", Key=f"blobs/{sha[:2]}/{sha}")
        assert head["ContentLength"] == draft["size"]
        local = tmp_path / "data" / "blobs" / sha[:2] / sha
        assert not local.exists()  # nothing on the store's own disk
        buyer = store.register()
        store.buy(buyer, "s3-course")
        whole = buyer.get(f"/v1/content/{sha}")
        assert whole.status_code == 200
        assert hashlib.sha256(whole.content).hexdigest() == sha
        part = buyer.get(f"/v1/content/{sha}", headers={"Range": "bytes=100-299"})
        assert part.status_code == 206
        assert part.headers["Content-Range"] == f"bytes 100-299/{draft['size']}"
        assert part.content == whole.content[100:300]
        tail = buyer.get(f"/v1/content/{sha}", headers={"Range": "bytes=-50"})
        assert tail.content == whole.content[-50:]
        stranger = store.register()
        assert stranger.get(f"/v1/content/{sha}").status_code == 403
    finally:
        store.close()
        server.stop()


def test_presigned_downloads_redirect_only_entitled_users(
    tmp_path: Path, s3: Any, s3_endpoint: str
) -> None:
    server, store = s3_store(tmp_path, s3_endpoint, s3_presign_seconds=120)
    try:
        draft = store.publish_course(store.instructor(), "s3-presigned", price=700)
        sha = draft["sha256"]
        buyer = store.register()
        store.buy(buyer, "s3-presigned")
        r = buyer.get(f"/v1/content/{sha}")
        assert r.status_code == 307
        location = r.headers["Location"]
        assert location.startswith(s3_endpoint) and "Signature" in location
        assert r.headers["Cache-Control"] == "private, no-store"
        with httpx.Client() as plain:  # the bucket needs no store token, only the URL
            body = plain.get(location)
            assert hashlib.sha256(body.content).hexdigest() == sha
            part = plain.get(location, headers={"Range": "bytes=10-19"})
            assert part.status_code == 206 and part.content == body.content[10:20]
        assert "X-Amz-Expires=120" in location or "Expires=" in location  # short-lived
        # HEAD still answers from the store (size, ETag), and strangers get no URL at all.
        assert buyer.client.head(f"/v1/content/{sha}", headers=buyer.auth).headers[
            "Content-Length"
        ] == str(draft["size"])
        stranger = store.register().get(f"/v1/content/{sha}")
        assert stranger.status_code == 403 and "Location" not in stranger.headers
    finally:
        store.close()
        server.stop()
