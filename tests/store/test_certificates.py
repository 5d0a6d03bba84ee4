"""Certificates end to end on the real store: issued only for a completed, owned course,
signed with the store's key, checkable online (/v1/certificates/verify) and offline
(`satchel-bundle verify-certificate`), altered ones refused."""

from __future__ import annotations

import io
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bundle.certificate import embed, parse_certificate_bytes
from bundle.cli import main as bundle_cli
from sync.protocol import COMPLETED_VERB, SignedCertificate
from tests.store.harness import Account, StoreHarness


def _items(store: StoreHarness, course_id: str) -> list[str]:
    manifest = json.loads((store.workdir / f"{course_id}-1.0.0" / "manifest.json")
                          .read_text(encoding="utf-8"))
    return [i["id"] for m in manifest["outline"] for i in m["items"]]


def _complete(buyer: Account, course_id: str, items: list[str]) -> None:
    events = [{"id": str(uuid.uuid4()), "verb": COMPLETED_VERB,
               "object": {"id": item, "kind": "lesson", "course_id": course_id},
               "result": {"success": True},
               "timestamp": datetime(2025, 3, 1 + n, 10, tzinfo=UTC).isoformat()}
              for n, item in enumerate(items)]
    r = buyer.post("/v1/sync/events", json={"events": events})
    assert r.status_code == 200, r.text


def _cli(*args: str) -> tuple[int, str]:
    import contextlib

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = bundle_cli(list(args))
    return code, out.getvalue()


def test_certificate_for_a_completed_course_verifies_online_and_offline(
        store: StoreHarness, tmp_path: Path) -> None:
    author = store.instructor()
    store.publish_course(author, "cert-course", price=900)
    buyer = store.register("learner")
    items = _items(store, "cert-course")
    assert len(items) >= 2

    r = buyer.post("/v1/certificates", json={"course_id": "cert-course"})
    assert r.status_code == 409 and r.json()["type"].endswith("/not-owned")
    store.buy(buyer, "cert-course")
    _complete(buyer, "cert-course", items[:-1])
    r = buyer.post("/v1/certificates", json={"course_id": "cert-course"})
    assert r.status_code == 409, r.text
    assert r.json()["type"].endswith("/not-complete") and r.json()["missing"] == [items[-1]]

    _complete(buyer, "cert-course", items)
    r = buyer.post("/v1/certificates", json={"course_id": "cert-course"})
    assert r.status_code == 200, r.text
    signed = SignedCertificate.model_validate(r.json())
    claim = signed.certificate
    assert claim.course_id == "cert-course" and claim.user_id == buyer.user_id
    assert claim.completed_on == f"2025-03-{len(items):02d}"  # the last completion needed
    assert len(claim.code) == 19 and claim.code.count("-") == 3

    # online: anyone (no sign-in) may check it at the store
    check = store.client().post("/v1/certificates/verify", json=r.json()).json()
    assert check["valid"] is True and check["certificate"]["code"] == claim.code
    forged = json.loads(r.text)
    forged["certificate"]["learner_name"] = "Mallory"
    check = store.client().post("/v1/certificates/verify", json=forged).json()
    assert check["valid"] is False and "altered" in check["reason"]

    # offline: the certificate file (PDF with the claim appended) and the store's key set
    keys = tmp_path / "keys.json"
    keys.write_text(store.client().get("/v1/keys").text, encoding="utf-8")
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(embed(b"%PDF-1.4\n%stand-in page\n%%EOF\n", signed))
    assert parse_certificate_bytes(pdf.read_bytes()) == signed
    code, text = _cli("verify-certificate", str(pdf), "--store-key", str(keys))
    assert code == 0, text
    assert f"Certificate {claim.code}" in text and "VALID: signed by the store's key" in text
    altered = tmp_path / "altered.pdf"
    altered.write_bytes(embed(b"%PDF-1.4\n%%EOF\n", SignedCertificate.model_validate(forged)))
    code, text = _cli("verify-certificate", str(altered), "--store-key", str(keys))
    assert code == 1 and "INVALID" in text
    # a certificate signed by some other key is refused against the store's key
    other = _other_store_certificate(signed)
    path = tmp_path / "other.json"
    path.write_text(other.model_dump_json(), encoding="utf-8")
    code, text = _cli("verify-certificate", str(path), "--store-key", str(keys))
    assert code == 1 and "not one of the store's keys" in text
    code, text = _cli("verify-certificate", str(path))  # its own embedded key: consistent
    assert code == 0 and "pass --store-key" in text


def _other_store_certificate(signed: SignedCertificate) -> Any:
    import base64

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from bundle.signing import key_id
    from sync.protocol import canonical_json, certificate_code

    key = Ed25519PrivateKey.generate()
    raw = key.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    body = signed.certificate.model_dump(mode="json")
    body["key_id"] = key_id(raw)
    body["code"] = certificate_code(body)
    sig = key.sign(canonical_json(body))
    return SignedCertificate.model_validate({
        "certificate": body, "key_id": key_id(raw),
        "public_key": base64.b64encode(raw).decode(), "signature": base64.b64encode(sig).decode()})
