"""Signing: keys, key ids, signature.json, signing folders and packed bundles in place."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from cryptography.hazmat.primitives import serialization

from bundle.errors import BundleError
from bundle.pack import pack, sign_bundle
from bundle.signing import (
    Signature,
    generate_key,
    key_id,
    load_private_key,
    load_public_keys,
    public_key_bytes,
    public_key_text,
    save_private_key,
    sign_manifest,
)
from bundle.validate import validate

if TYPE_CHECKING:
    from conftest import BundleBuilder


def test_key_file_is_private_and_loads_back(tmp_path: Path) -> None:
    key = generate_key()
    path = save_private_key(key, tmp_path / "k.pem")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert public_key_bytes(load_private_key(path)) == public_key_bytes(key)
    with pytest.raises(BundleError, match="already exists"):
        save_private_key(generate_key(), path)
    path.chmod(0o644)
    save_private_key(key, path, overwrite=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_key_id_is_the_start_of_the_public_key_hash() -> None:
    public = public_key_bytes(generate_key())
    assert len(public) == 32
    assert key_id(public) == hashlib.sha256(public).hexdigest()[:16]


def test_sign_verify_and_signature_json() -> None:
    key = generate_key()
    sig = sign_manifest(b'{"id": "x"}', key)
    assert sig.verify(b'{"id": "x"}')
    assert not sig.verify(b'{"id": "y"}')
    again = Signature.from_json(sig.to_json())
    assert again == sig and again.alg == "ed25519"
    with pytest.raises(BundleError, match="public_key"):
        Signature.from_json(
            b'{"alg": "ed25519", "key_id": "x", "public_key": "@", "signature": ""}'
        )


def test_trust_files_in_every_accepted_form(tmp_path: Path) -> None:
    key = generate_key()
    public = public_key_bytes(key)
    pub_file = tmp_path / "k.pub"
    pub_file.write_text(f"# my key\n{public_key_text(public)}\n")
    pem_public = tmp_path / "k-public.pem"
    pem_public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    private = save_private_key(key, tmp_path / "k.pem")
    for path in (pub_file, pem_public, private):
        assert load_public_keys(path) == [public]
    bad = tmp_path / "bad.pub"
    bad.write_text("not a key\n")
    with pytest.raises(BundleError, match="line 1 is not a base64 Ed25519 public key"):
        load_public_keys(bad)


def test_signing_a_packed_bundle_in_place_equals_signing_while_packing(
    folder: Path, tmp_path: Path
) -> None:
    key = generate_key()
    unsigned = pack(folder, tmp_path / "a.satchel")
    signature = sign_bundle(unsigned, key)
    assert signature.key_id == key_id(public_key_bytes(key))
    report = validate(unsigned, require_signature=True, trusted_keys=[public_key_bytes(key)])
    assert report.ok, report.format()
    signed_at_pack = pack(folder, tmp_path / "b.satchel", signing_key=key)
    assert unsigned.read_bytes() == signed_at_pack.read_bytes()  # Ed25519 is deterministic
    sign_bundle(unsigned, generate_key())  # re-signing replaces the old signature
    assert not validate(unsigned, trusted_keys=[public_key_bytes(key)]).ok


def test_signing_a_folder_and_then_editing_the_manifest(folder: Path) -> None:
    key = generate_key()
    sign_bundle(folder, key)
    assert validate(folder, require_signature=True).ok
    manifest = folder / "manifest.json"
    manifest.write_bytes(manifest.read_bytes().replace(b"Python basics", b"Python basics!"))
    report = validate(folder)
    assert [(p.file, p.field) for p in report.errors] == [("signature.json", "signature")]
    sign_bundle(folder, key)  # a bad old signature does not block re-signing
    assert validate(folder).ok


def test_sign_refuses_an_invalid_bundle(builder: BundleBuilder, tmp_path: Path) -> None:
    del builder.manifest["title"]
    folder = builder.write_folder(tmp_path / "c")
    with pytest.raises(BundleError, match="title: required field is missing"):
        sign_bundle(folder, generate_key())
    assert not (folder / "signature.json").exists()
