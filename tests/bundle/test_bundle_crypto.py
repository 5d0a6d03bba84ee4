"""Paid content: chunked AEAD (seek, tamper, reorder, truncate), key wrapping, and packing
an encrypted bundle that opens only with the key."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bundle import crypto
from bundle.crypto import (
    OVERHEAD,
    DecryptionError,
    KeyWrapError,
    decrypt_bytes,
    decrypt_chunks,
    encrypt_bytes,
    generate_content_key,
    generate_device_key,
    read_range,
    unwrap_key,
    wrap_key,
)
from bundle.errors import BundleError
from bundle.pack import pack
from bundle.reader import open_bundle
from bundle.validate import validate

if TYPE_CHECKING:
    from conftest import BundleBuilder

CHUNK = 1024
KEY = bytes(range(32))
PATH = "lessons/talk.ogg"
PLAIN = os.urandom(5 * CHUNK + 300)  # 6 chunks, the last one partial


def chunks_of(blob: bytes) -> list[bytes]:
    full = CHUNK + OVERHEAD
    return [blob[i : i + full] for i in range(0, len(blob), full)]


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK])
def test_round_trip_at_chunk_edges(size: int) -> None:
    plain = os.urandom(size)
    blob = encrypt_bytes(plain, KEY, PATH, CHUNK)
    assert len(blob) == crypto.encrypted_size(size, CHUNK)
    assert crypto.plaintext_size(len(blob), CHUNK) == size
    assert decrypt_bytes(blob, KEY, PATH, CHUNK) == plain
    assert encrypt_bytes(plain, KEY, PATH, CHUNK) != blob  # fresh nonces every time


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=5000), chunk=st.integers(1024, 2048))
def test_round_trip_any_data(data: bytes, chunk: int) -> None:
    blob = encrypt_bytes(data, KEY, PATH, chunk)
    assert decrypt_bytes(blob, KEY, PATH, chunk) == data


def test_seek_to_a_middle_chunk_reads_only_that_chunk() -> None:
    blob = encrypt_bytes(PLAIN, KEY, PATH, CHUNK)
    parts = chunks_of(blob)
    # damage every chunk except 2 and 3: decrypting 2..3 must not touch them
    damaged = b"".join(
        p if i in (2, 3) else p[:-1] + bytes([p[-1] ^ 1]) for i, p in enumerate(parts)
    )
    middle = decrypt_chunks(io.BytesIO(damaged), len(blob), KEY, PATH, 2, 3, CHUNK)
    assert middle == PLAIN[2 * CHUNK : 4 * CHUNK]
    got = read_range(io.BytesIO(blob), len(blob), KEY, PATH, 2 * CHUNK + 10, 1500, CHUNK)
    assert got == PLAIN[2 * CHUNK + 10 : 2 * CHUNK + 1510]
    tail = read_range(io.BytesIO(blob), len(blob), KEY, PATH, len(PLAIN) - 5, 100, CHUNK)
    assert tail == PLAIN[-5:]


def test_tampered_chunk_is_detected() -> None:
    blob = bytearray(encrypt_bytes(PLAIN, KEY, PATH, CHUNK))
    blob[CHUNK + OVERHEAD + 40] ^= 0x01  # inside chunk 1
    with pytest.raises(DecryptionError, match="chunk 1 failed authentication"):
        decrypt_bytes(bytes(blob), KEY, PATH, CHUNK)


def test_reordered_chunks_are_detected() -> None:
    parts = chunks_of(encrypt_bytes(PLAIN, KEY, PATH, CHUNK))
    parts[1], parts[2] = parts[2], parts[1]
    with pytest.raises(DecryptionError, match="chunk 1 failed"):
        decrypt_bytes(b"".join(parts), KEY, PATH, CHUNK)


def test_truncated_file_is_detected() -> None:
    blob = encrypt_bytes(PLAIN, KEY, PATH, CHUNK)
    parts = chunks_of(blob)
    at_boundary = b"".join(parts[:-1])  # whole chunks dropped: the new last chunk is not final
    with pytest.raises(DecryptionError, match="chunk 4 failed"):
        decrypt_bytes(at_boundary, KEY, PATH, CHUNK)
    with pytest.raises(DecryptionError):
        decrypt_bytes(blob[:-7], KEY, PATH, CHUNK)
    with pytest.raises(DecryptionError, match="not a whole number of encrypted chunks"):
        crypto.plaintext_size(len(at_boundary) + 5, CHUNK, PATH)
    with pytest.raises(DecryptionError):
        decrypt_bytes(b"", KEY, PATH, CHUNK)


def test_chunk_moved_to_another_file_or_wrong_key_is_detected() -> None:
    blob = encrypt_bytes(PLAIN, KEY, PATH, CHUNK)
    with pytest.raises(DecryptionError, match="chunk 0"):
        decrypt_bytes(blob, KEY, "lessons/other.ogg", CHUNK)
    with pytest.raises(DecryptionError, match="or the key is wrong"):
        decrypt_bytes(blob, generate_content_key(), PATH, CHUNK)


def test_decrypt_file_is_atomic(tmp_path: Path) -> None:
    src, enc, out = tmp_path / "a.ogg", tmp_path / "a.enc", tmp_path / "a.out"
    src.write_bytes(PLAIN)
    crypto.encrypt_file(src, enc, KEY, PATH, CHUNK)
    assert crypto.decrypt_file(enc, out, KEY, PATH, CHUNK) == len(PLAIN)
    assert out.read_bytes() == PLAIN
    broken = tmp_path / "b.enc"
    broken.write_bytes(enc.read_bytes()[: -(CHUNK // 2)])
    with pytest.raises(DecryptionError):
        crypto.decrypt_file(broken, tmp_path / "b.out", KEY, PATH, CHUNK)
    assert not (tmp_path / "b.out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.enc", "a.ogg", "a.out", "b.enc"]


def test_wrap_and_unwrap_for_a_device() -> None:
    device, other = generate_device_key(), generate_device_key()
    content = generate_content_key()
    blob = wrap_key(content, crypto.device_public_key(device))
    assert len(blob) == crypto.WRAPPED_KEY_SIZE
    assert unwrap_key(blob, device) == content
    assert wrap_key(content, device.public_key()) != blob  # fresh ephemeral key each time
    with pytest.raises(KeyWrapError, match="issued for another device") as err:
        unwrap_key(blob, other)
    assert isinstance(err.value, BundleError)  # a user-facing error, not a crash
    with pytest.raises(KeyWrapError, match="damaged or in an unknown format"):
        unwrap_key(blob[:-1], device)
    tampered = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(KeyWrapError):
        unwrap_key(tampered, device)


# ------------------------------------------------------------------ encrypted bundles
def test_encrypted_bundle_round_trip(builder: BundleBuilder, folder: Path, tmp_path: Path) -> None:
    key = generate_content_key()
    out = pack(folder, tmp_path / "paid.satchel", encrypt_with=key)
    with open_bundle(out) as locked:
        enc = locked.manifest.encryption
        assert enc is not None and enc.scheme == "satchel-chunked-aead/1"
        assert enc.chunk_size == 65536
        # the free-preview lesson and the image it shows stay readable before purchase
        assert set(enc.files) == {"lessons/talk.md", "lessons/talk.ogg", "quizzes/q-basics.json"}
        assert locked.read_text("lessons/intro.md").startswith("# Welcome")
        assert locked.read_bytes("media/diagram.png") == builder.files["media/diagram.png"]
        assert locked.is_locked("lessons/talk.ogg")
        with pytest.raises(BundleError, match="is locked"):
            locked.read_bytes("lessons/talk.ogg")
        with pytest.raises(BundleError, match="is locked"):
            locked.quiz("q-basics")
        stored = locked.read_stored("lessons/talk.ogg")
        assert builder.files["lessons/talk.ogg"][:1000] not in stored

    assert validate(out, content_key=key).problems == ()
    with open_bundle(out, content_key=key) as bundle:
        audio = builder.files["lessons/talk.ogg"]
        assert bundle.read_bytes("lessons/talk.ogg") == audio
        assert bundle.read_range("lessons/talk.ogg", 140_000, 5_000) == audio[140_000:145_000]
        assert bundle.quiz("q-basics").question("q4").check("3.5")
        assert "你好" in bundle.read_text("lessons/talk.md")
        extracted = bundle.extract_to(tmp_path / "x")
    assert validate(extracted, content_key=key).problems == ()


def test_encrypted_bundle_with_the_wrong_key(folder: Path, tmp_path: Path) -> None:
    out = pack(folder, tmp_path / "paid.satchel", encrypt_with=generate_content_key())
    report = validate(out, content_key=generate_content_key())
    assert not report.ok
    assert "failed authentication" in report.find("quizzes/q-basics.json")[0].message


def test_tampered_encrypted_member_in_a_bundle(folder: Path, tmp_path: Path) -> None:
    key = generate_content_key()
    out = pack(folder, tmp_path / "paid.satchel", encrypt_with=key)
    with open_bundle(out, content_key=key) as bundle:
        stored = bundle.read_stored("lessons/talk.ogg")
        data = bytearray(out.read_bytes())
        at = data.find(stored[70_000:70_050])  # inside encrypted chunk 1
        data[at] ^= 0xFF
        out.write_bytes(bytes(data))
        # a player seeking into chunk 1 after the bundle was opened
        with pytest.raises(DecryptionError, match="chunk 1 failed authentication"):
            bundle.read_range("lessons/talk.ogg", 70_000, 100)
        assert (
            bundle.read_range("lessons/talk.ogg", 10, 5)
            == folder.joinpath("lessons", "talk.ogg").read_bytes()[10:15]
        )
    report = validate(out, content_key=key)
    assert [str(p) for p in report.errors] == [
        "lessons/talk.ogg: the archive is damaged: its CRC-32 does not match"
    ]
