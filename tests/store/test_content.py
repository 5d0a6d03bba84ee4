"""Content delivery and entitlements over HTTP: Range resume, ETag/304/416, access rules,
author preview of drafts, signed leases, content keys wrapped per device."""

from __future__ import annotations

import base64
import hashlib
import time
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from bundle.crypto import (
    device_public_key,
    generate_device_key,
    unwrap_key,
)
from sync.protocol import LEASE_MAX_DAYS, LeaseBody, lease_signing_bytes
from tests.store.course_bundles import pack_course
from tests.store.harness import StoreHarness


@pytest.fixture(scope="module")
def course(store: StoreHarness) -> dict[str, Any]:
    author = store.instructor()
    store.publish_course(author, "range-course", price=1500)
    sealed = store.publish_course(author, "sealed-course", price=2500, encrypt=True)
    detail = store.client().get("/v1/catalog/courses/range-course").json()
    uploaded = (store.workdir / "range-course-1.0.0.satchel").read_bytes()
    return {"author": author, "detail": detail, "local": uploaded, "sealed": sealed}


def test_entitled_download_resumes_with_range(store: StoreHarness, course: Any) -> None:
    buyer = store.register()
    store.buy(buyer, "range-course")
    ref = course["detail"]["bundle"]
    url, size, sha = ref["url"], ref["size"], ref["sha256"]
    # A download is killed part-way through...
    partial = b""
    with buyer.client.stream("GET", url, headers=buyer.auth) as response:
        assert response.status_code == 200
        assert response.headers["Accept-Ranges"] == "bytes"
        etag = response.headers["ETag"]
        for chunk in response.iter_bytes(1000):
            partial += chunk
            if len(partial) >= size // 3:
                break
    assert 0 < len(partial) < size
    # ...and resumes from where it stopped, guarded by If-Range.
    rest = buyer.get(url, headers={"Range": f"bytes={len(partial)}-", "If-Range": etag})
    assert rest.status_code == 206
    assert rest.headers["Content-Range"] == f"bytes {len(partial)}-{size - 1}/{size}"
    whole = partial + rest.content
    assert len(whole) == size
    assert hashlib.sha256(whole).hexdigest() == sha
    assert whole == course["local"]
    # Suffix and bounded ranges, 304 and 416.
    tail = buyer.get(url, headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.content == whole[-10:]
    middle = buyer.get(url, headers={"Range": "bytes=5-14"})
    assert middle.content == whole[5:15] and middle.headers["Content-Length"] == "10"
    assert buyer.get(url, headers={"If-None-Match": etag}).status_code == 304
    beyond = buyer.get(url, headers={"Range": f"bytes={size}-"})
    assert beyond.status_code == 416 and beyond.headers["Content-Range"] == f"bytes */{size}"
    stale = buyer.get(url, headers={"Range": "bytes=0-9", "If-Range": '"something-else"'})
    assert stale.status_code == 200 and len(stale.content) == size
    head = buyer.client.head(url, headers=buyer.auth)
    assert head.status_code == 200 and head.headers["Content-Length"] == str(size)


def test_unpaid_user_gets_403_and_anonymous_401(store: StoreHarness, course: Any) -> None:
    url = course["detail"]["bundle"]["url"]
    stranger = store.register()
    r = stranger.get(url)
    assert r.status_code == 403 and "buy" in r.json()["detail"]
    assert stranger.get(url, headers={"Range": "bytes=0-10"}).status_code == 403
    assert store.client().get(url).status_code == 401
    # A pending (unpaid) order does not unlock anything.
    r = store.order(stranger, "range-course")
    assert r.status_code == 201 and r.json()["status"] == "pending"
    assert stranger.get(url).status_code == 403
    assert stranger.get("/v1/content/" + "0" * 64).status_code == 404


def test_author_previews_draft_others_cannot(store: StoreHarness, course: Any) -> None:
    author = course["author"]
    bundle, _ = pack_course(store.workdir, "range-course", version="2.0.0", title="New edition")
    draft = store.upload(author, bundle).json()
    assert author.get(draft["content_url"]).content == bundle.read_bytes()
    preview = author.get(f"/v1/publish/drafts/{draft['id']}/preview")
    assert preview.status_code == 200 and preview.json()["title"] == "New edition"
    # Learners, even entitled ones, and other instructors see nothing of the draft.
    buyer = store.register()
    store.buy(buyer, "range-course")
    assert buyer.get(draft["content_url"]).status_code == 404
    assert buyer.get(f"/v1/publish/drafts/{draft['id']}/preview").status_code == 403
    rival = store.instructor()
    assert rival.get(f"/v1/publish/drafts/{draft['id']}/preview").status_code == 404
    assert rival.get(draft["content_url"]).status_code == 404
    assert store.client().get("/v1/catalog/courses/range-course").json()["version"] == "1.0.0"


def test_lease_is_signed_by_published_key_and_short_lived(store: StoreHarness, course: Any) -> None:
    buyer = store.register()
    store.buy(buyer, "range-course")
    keys = store.client().get("/v1/keys").json()["keys"]
    assert keys and keys[0]["alg"] == "ed25519"
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(keys[0]["public_key"]))
    signed = buyer.post("/v1/entitlements/lease").json()
    lease = LeaseBody.model_validate(signed["lease"])
    assert signed["key_id"] == keys[0]["key_id"] == lease.key_id
    public.verify(base64.b64decode(signed["signature"]), lease_signing_bytes(lease))
    assert lease.user_id == buyer.user_id and lease.device_id == buyer.device_id
    assert lease.courses == ["range-course"]
    assert abs(lease.issued_at - time.time()) < 120
    assert 0 < lease.expires_at - lease.issued_at <= LEASE_MAX_DAYS * 86400
    # Any change to the lease breaks the signature.
    forged = lease.model_copy(update={"courses": ["range-course", "sealed-course"]})
    with pytest.raises(InvalidSignature):
        public.verify(base64.b64decode(signed["signature"]), lease_signing_bytes(forged))


def test_revoked_device_gets_no_lease(store: StoreHarness, course: Any) -> None:
    buyer = store.register()
    store.buy(buyer, "range-course")
    laptop = store.login(buyer, device={"name": "Laptop"})
    assert buyer.post(f"/v1/devices/{laptop.device_id}/revoke").status_code == 200
    assert laptop.post("/v1/entitlements/lease").status_code == 401
    assert laptop.get(course["detail"]["bundle"]["url"]).status_code == 401


def test_content_key_is_wrapped_for_the_device(store: StoreHarness, course: Any) -> None:
    device_key = generate_device_key()
    public_b64 = base64.b64encode(device_public_key(device_key)).decode()
    buyer = store.register(device={"name": "Desktop", "public_key": public_b64})
    url = "/v1/entitlements/sealed-course/content-key"
    assert buyer.get(url).status_code == 403  # not bought yet
    store.buy(buyer, "sealed-course")
    r = buyer.get(url)
    assert r.status_code == 200
    body = r.json()
    assert body["device_id"] == buyer.device_id and body["version"] == "1.0.0"
    assert (
        unwrap_key(base64.b64decode(body["wrapped_key"]), device_key)
        == (course["sealed"]["content_key"])
    )
    # A second device without a registered key is told what to do.
    other = store.login(buyer, device={"name": "Tablet"})
    missing = other.get(url)
    assert missing.status_code == 409 and "public key" in missing.json()["detail"]
    # An unencrypted course has no key.
    store.buy(buyer, "range-course")
    assert buyer.get("/v1/entitlements/range-course/content-key").status_code == 409
