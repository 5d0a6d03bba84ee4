"""Course certificates: read the signed claim out of a certificate file and check it.

A certificate is a PDF made by the app (`ui.certificates`) with the signed claim
(`sync.protocol.SignedCertificate`, JSON) appended after the PDF's end as one comment line
``%SATCHEL-CERTIFICATE <base64 of the JSON>`` — PDF readers ignore it, anyone can check it
with ``satchel-bundle verify-certificate FILE``; the plain ``.json`` of the claim works too.

`verify(signed, trusted)` checks the Ed25519 signature over the canonical JSON of the claim,
that the verification code matches the claim, and — with ``trusted`` keys (the store's
published keys) — that the signing key is one of them. No I/O but `read_certificate_file`.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import ValidationError

from bundle.errors import BundleError
from sync.protocol import SignedCertificate, canonical_json, certificate_code

MARKER = b"%SATCHEL-CERTIFICATE "


class CertificateError(BundleError):
    """The file holds no readable certificate."""


@dataclass(frozen=True)
class CertificateResult:
    valid: bool
    reason: str
    signed: SignedCertificate | None


def embed(pdf: bytes, signed: SignedCertificate) -> bytes:
    """The PDF with the signed claim appended as a trailing comment line."""
    blob = base64.b64encode(signed.model_dump_json().encode("utf-8"))
    return pdf.rstrip(b"\n") + b"\n" + MARKER + blob + b"\n"


def parse_certificate_bytes(data: bytes) -> SignedCertificate:
    at = data.rfind(MARKER)
    try:
        if at >= 0:
            line = data[at + len(MARKER):].split(b"\n", 1)[0].strip()
            raw = base64.b64decode(line, validate=True)
        else:
            raw = data
        return SignedCertificate.model_validate(json.loads(raw.decode("utf-8")))
    except (binascii.Error, ValueError, UnicodeDecodeError, ValidationError) as exc:
        raise CertificateError("This file holds no Satchel certificate (or it is damaged).") \
            from exc


def read_certificate_file(path: Path) -> SignedCertificate:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CertificateError(f"Could not read {path}: {exc.strerror}") from exc
    return parse_certificate_bytes(data)


def public_key_raw(signed: SignedCertificate) -> bytes:
    try:
        raw = base64.b64decode(signed.public_key, validate=True)
    except (binascii.Error, ValueError):  # not base64, or not even ASCII
        return b""
    return raw


def verify(signed: SignedCertificate, trusted: Mapping[str, bytes] | None = None
           ) -> CertificateResult:
    """Check the signature (with the embedded key, which must be among ``trusted`` when
    given: {key id: raw public key}) and the verification code."""
    claim = signed.certificate
    public = public_key_raw(signed)
    if trusted is not None:
        known = trusted.get(signed.key_id)
        if known is None or known != public:
            return CertificateResult(False, f"signed with key {signed.key_id}, which is not "
                                     "one of the store's keys", signed)
    if claim.key_id != signed.key_id:
        return CertificateResult(False, "the certificate names a different signing key",
                                 signed)
    body = claim.model_dump(mode="json")
    if certificate_code(body) != claim.code:
        return CertificateResult(False, "the verification code does not match the "
                                 "certificate (it was altered)", signed)
    try:
        sig = base64.b64decode(signed.signature, validate=True)
        Ed25519PublicKey.from_public_bytes(public).verify(sig, canonical_json(body))
    except (binascii.Error, ValueError, InvalidSignature):
        return CertificateResult(False, "the signature does not match (the certificate was "
                                 "altered or not issued by this key)", signed)
    return CertificateResult(True, "valid", signed)
