"""Keys: wrapping, wrong passphrases, rotation, field encryption, signatures."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paymaan import crypto
from paymaan.errors import PassphraseError

FAST_KDF = crypto.KdfParameters(salt=b"0123456789abcdef", time_cost=1, memory_cost_kib=1024)


def test_keys_unlock_with_the_right_passphrase_only() -> None:
    key_file = crypto.create_key_file("a long passphrase", kdf=FAST_KDF)
    keys = crypto.unlock(key_file, "a long passphrase")
    assert len(keys.data_key) == 32
    with pytest.raises(PassphraseError, match="wrong passphrase"):
        crypto.unlock(key_file, "another passphrase")


def test_rotation_keeps_the_same_keys_under_a_new_passphrase() -> None:
    key_file = crypto.create_key_file("first passphrase", kdf=FAST_KDF)
    before = crypto.unlock(key_file, "first passphrase")
    rotated = crypto.rotate_passphrase(key_file, "first passphrase", "second passphrase")
    after = crypto.unlock(rotated, "second passphrase")
    assert after.data_key == before.data_key
    assert crypto.public_key_pem(after.signing_key) == crypto.public_key_pem(before.signing_key)
    with pytest.raises(PassphraseError):
        crypto.unlock(rotated, "first passphrase")
    with pytest.raises(PassphraseError):
        crypto.rotate_passphrase(key_file, "wrong passphrase!", "third passphrase")


def test_short_passphrases_are_refused() -> None:
    with pytest.raises(PassphraseError, match="too short"):
        crypto.create_key_file("short", kdf=FAST_KDF)


def test_default_kdf_is_argon2id_with_rfc9106_memory() -> None:
    params = crypto.KdfParameters(salt=b"x" * 16)
    assert params.to_json()["algorithm"] == "argon2id"
    assert params.memory_cost_kib == 65536 and params.time_cost == 3


@settings(max_examples=60)
@given(value=st.recursive(st.text() | st.integers() | st.none(), lambda c: st.lists(c, max_size=4)))
def test_field_encryption_round_trips(value: object) -> None:
    cipher = crypto.FieldCipher(bytes(range(32)))
    token = cipher.encrypt_json(value, purpose="records.pii")
    assert cipher.decrypt_json(token, purpose="records.pii") == value


def test_a_value_cannot_be_moved_to_another_purpose_or_altered() -> None:
    cipher = crypto.FieldCipher(bytes(32))
    token = cipher.encrypt_json({"name": "محمد"}, purpose="records.pii")
    with pytest.raises(PassphraseError):
        cipher.decrypt_json(token, purpose="quarantine.raw")
    altered = token[:-1] + bytes([token[-1] ^ 1])
    with pytest.raises(PassphraseError):
        cipher.decrypt_json(altered, purpose="records.pii")


def test_the_same_value_encrypts_differently_each_time() -> None:
    cipher = crypto.FieldCipher(bytes(32))
    assert cipher.encrypt(b"Sara", purpose="p") != cipher.encrypt(b"Sara", purpose="p")


def test_signatures_verify_with_the_public_key_alone() -> None:
    keys = crypto.unlock(
        crypto.create_key_file("a long passphrase", kdf=FAST_KDF), "a long passphrase"
    )
    public = crypto.load_public_key(crypto.public_key_pem(keys.signing_key).encode())
    signature = crypto.sign(keys.signing_key, b"manifest")
    assert crypto.verify_signature(public, b"manifest", signature)
    assert not crypto.verify_signature(public, b"manifesT", signature)


_INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
_JSON_VALUES = st.recursive(
    st.text() | _INT64 | st.none() | st.booleans(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
)


@settings(max_examples=200)
@given(value=_JSON_VALUES)
def test_json_bytes_are_the_bytes_the_standard_library_writes(value: object) -> None:
    expected = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    assert crypto.json_bytes(value) == expected.encode("utf-8")


@pytest.mark.parametrize(
    "value",
    [2**70, {"n": -(2**64)}, {1: "x"}, "\ud800 lone surrogate", ["سارا", 10**30]],
)
def test_json_bytes_fall_back_for_what_orjson_refuses(value: object) -> None:
    data = crypto.json_bytes(value)
    data.decode("utf-8")  # valid UTF-8 even for an unpaired surrogate
    loaded = json.loads(data)
    assert loaded == ({"1": "x"} if value == {1: "x"} else value)


def test_encrypt_many_uses_a_fresh_nonce_for_every_value() -> None:
    cipher = crypto.FieldCipher(bytes(range(32)))
    texts = [b"same text"] * 500 + [b"", "سارا".encode()]
    tokens = cipher.encrypt_many(texts, purpose="records.pii")
    assert len({token[:12] for token in tokens}) == len(texts)
    assert [cipher.decrypt(t, purpose="records.pii") for t in tokens] == texts
    assert cipher.encrypt_many(iter([]), purpose="records.pii") == []
    with pytest.raises(PassphraseError):
        cipher.decrypt(tokens[0], purpose="quarantine.raw")
