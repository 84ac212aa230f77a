"""Keys, field encryption and signing.

A workspace has two secrets, created at ``paymaan init``:

- a random 256-bit **data key** that encrypts identifying fields and archived files with
  AES-256-GCM (a fresh 96-bit nonce per value; associated data binds each ciphertext to
  its purpose, so a value cannot be moved into another column unnoticed);
- an **Ed25519 signing key** that signs reports.

Both are stored in ``keys/keys.json`` *wrapped*: encrypted with AES-256-GCM under a key
derived from the user's passphrase with Argon2id. The GCM tag makes a wrong passphrase
detectable (:class:`~paymaan.errors.PassphraseError`) without ever writing anything.
Rotating the passphrase re-wraps the same data key, so stored data need not be
re-encrypted. The public half of the signing key is written in clear to
``keys/signing_public.pem`` for readers of reports.

Written on ``cryptography`` and ``argon2-cffi``; the only code here is the key file layout.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from paymaan.errors import PassphraseError

__all__ = [
    "FieldCipher",
    "KdfParameters",
    "KeyFile",
    "UnlockedKeys",
    "create_key_file",
    "json_bytes",
    "load_public_key",
    "public_key_pem",
    "rotate_passphrase",
    "sign",
    "unlock",
    "verify_signature",
]

KEY_FILE_VERSION = 1
_NONCE_BYTES = 12
_WRAP_AAD_DATA = b"paymaan/keys/data-key"
_WRAP_AAD_SIGNING = b"paymaan/keys/signing-key"


@dataclass(frozen=True)
class KdfParameters:
    """Argon2id parameters. Defaults follow RFC 9106's second recommended option
    (64 MiB, 3 passes), which takes about half a second on a laptop."""

    salt: bytes
    time_cost: int = 3
    memory_cost_kib: int = 64 * 1024
    parallelism: int = 2

    def derive(self, passphrase: str) -> bytes:
        """Return the 32-byte key-encryption key for *passphrase*."""
        return hash_secret_raw(
            secret=passphrase.encode("utf-8"),
            salt=self.salt,
            time_cost=self.time_cost,
            memory_cost=self.memory_cost_kib,
            parallelism=self.parallelism,
            hash_len=32,
            type=Type.ID,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "algorithm": "argon2id",
            "salt": _b64(self.salt),
            "time_cost": self.time_cost,
            "memory_cost_kib": self.memory_cost_kib,
            "parallelism": self.parallelism,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KdfParameters:
        return cls(
            salt=_unb64(data["salt"]),
            time_cost=int(data["time_cost"]),
            memory_cost_kib=int(data["memory_cost_kib"]),
            parallelism=int(data["parallelism"]),
        )


def json_bytes(value: Any) -> bytes:
    """*value* as compact UTF-8 JSON with sorted keys: what :meth:`FieldCipher.encrypt_json`
    encrypts.

    The bytes are those of ``json.dumps(value, ensure_ascii=False, separators=(",", ":"),
    sort_keys=True)`` for the values paymaan stores (strings, numbers, lists, dicts keyed by
    strings), written by orjson, which is several times faster. What orjson refuses
    (integers beyond 64 bits, keys that are not strings, unpaired surrogates) is written
    by the standard library instead, with non-ASCII escaped, so it is still valid UTF-8.

    Example:
        >>> json_bytes({"b": 1, "a": "سارا"}).decode()
        '{"a":"سارا","b":1}'
    """
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return json.dumps(value, separators=(",", ":"), sort_keys=True).encode("ascii")


class FieldCipher:
    """AES-256-GCM encryption of single values with a purpose bound as associated data.

    Example:
        >>> cipher = FieldCipher(bytes(32))
        >>> token = cipher.encrypt_json({"name": "Sara"}, purpose="records.pii")
        >>> cipher.decrypt_json(token, purpose="records.pii")
        {'name': 'Sara'}
    """

    def __init__(self, data_key: bytes) -> None:
        if len(data_key) != 32:
            raise ValueError("the data key must be 32 bytes")
        self._aead = AESGCM(data_key)

    def encrypt(self, plaintext: bytes, *, purpose: str) -> bytes:
        """Return ``nonce || ciphertext || tag`` for *plaintext*."""
        nonce = os.urandom(_NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, plaintext, purpose.encode("ascii"))

    def decrypt(self, token: bytes, *, purpose: str) -> bytes:
        """Invert :meth:`encrypt`; raises PassphraseError if the value was altered."""
        try:
            return self._aead.decrypt(
                token[:_NONCE_BYTES], token[_NONCE_BYTES:], purpose.encode("ascii")
            )
        except InvalidTag as error:
            raise PassphraseError(
                f"an encrypted value ({purpose}) does not decrypt: it was altered or "
                "belongs to another workspace",
                hint="Restore the workspace from a backup; run `paymaan audit verify`.",
            ) from error

    def encrypt_many(self, plaintexts: Iterable[bytes], *, purpose: str) -> list[bytes]:
        """:meth:`encrypt` on each of *plaintexts*, for bulk paths.

        The nonces are drawn from the operating system's CSPRNG in one call and cut into
        96-bit pieces: each is as random as one drawn alone, and a million values cost one
        system call instead of a million.
        """
        texts = plaintexts if isinstance(plaintexts, list) else list(plaintexts)
        randomness = os.urandom(_NONCE_BYTES * len(texts))
        aad = purpose.encode("ascii")
        encrypt = self._aead.encrypt
        out: list[bytes] = []
        append = out.append
        for index, plaintext in enumerate(texts):
            nonce = randomness[index * _NONCE_BYTES : (index + 1) * _NONCE_BYTES]
            append(nonce + encrypt(nonce, plaintext, aad))
        return out

    def encrypt_json(self, value: Any, *, purpose: str) -> bytes:
        """Encrypt a JSON-serialisable value (compact UTF-8 JSON, keys sorted)."""
        return self.encrypt(json_bytes(value), purpose=purpose)

    def decrypt_json(self, token: bytes, *, purpose: str) -> Any:
        """Invert :meth:`encrypt_json`."""
        return json.loads(self.decrypt(token, purpose=purpose).decode("utf-8"))

    def encrypt_many_json(self, values: Iterable[Any], *, purpose: str) -> list[bytes]:
        """:meth:`encrypt_json` on each of *values* (see :meth:`encrypt_many`)."""
        return self.encrypt_many([json_bytes(value) for value in values], purpose=purpose)


@dataclass(frozen=True)
class UnlockedKeys:
    """The workspace's secrets in memory, after the passphrase was accepted."""

    data_key: bytes
    signing_key: Ed25519PrivateKey

    @property
    def cipher(self) -> FieldCipher:
        return FieldCipher(self.data_key)


@dataclass(frozen=True)
class KeyFile:
    """The parsed ``keys/keys.json``."""

    kdf: KdfParameters
    wrapped_data_key: bytes
    wrapped_signing_key: bytes
    public_key_pem: str

    def to_json(self) -> dict[str, Any]:
        return {
            "version": KEY_FILE_VERSION,
            "kdf": self.kdf.to_json(),
            "wrap": "aes-256-gcm",
            "data_key": _b64(self.wrapped_data_key),
            "signing_key": _b64(self.wrapped_signing_key),
            "signing_public_key_pem": self.public_key_pem,
        }

    @classmethod
    def read(cls, path: Path) -> KeyFile:
        """Read and parse a key file; missing or damaged files raise PassphraseError."""
        try:
            data = json.loads(path.read_text("utf-8"))
            if data.get("version") != KEY_FILE_VERSION:
                raise ValueError(f"unknown key file version {data.get('version')!r}")
            return cls(
                kdf=KdfParameters.from_json(data["kdf"]),
                wrapped_data_key=_unb64(data["data_key"]),
                wrapped_signing_key=_unb64(data["signing_key"]),
                public_key_pem=str(data["signing_public_key_pem"]),
            )
        except FileNotFoundError as error:
            raise PassphraseError(
                f"the key file {path} is missing",
                hint="Restore keys/ from your workspace backup; without it the data "
                "cannot be decrypted.",
            ) from error
        except (ValueError, KeyError, TypeError) as error:
            raise PassphraseError(
                f"the key file {path} is damaged ({error})",
                hint="Restore keys/ from your workspace backup.",
            ) from error

    def write(self, path: Path) -> None:
        """Write atomically: a crash leaves the old file or the new one, never half."""
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.to_json(), indent=2, sort_keys=True) + "\n", "utf-8")
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)


def create_key_file(passphrase: str, *, kdf: KdfParameters | None = None) -> KeyFile:
    """Make a new data key and signing key, wrapped under *passphrase*."""
    _check_passphrase(passphrase)
    kdf = kdf or KdfParameters(salt=secrets.token_bytes(16))
    data_key = secrets.token_bytes(32)
    signing_key = Ed25519PrivateKey.generate()
    return _wrap(kdf, passphrase, data_key, signing_key)


def unlock(key_file: KeyFile, passphrase: str) -> UnlockedKeys:
    """Unwrap the keys; a wrong passphrase raises one clear PassphraseError."""
    kek = AESGCM(key_file.kdf.derive(passphrase))
    try:
        data_key = _unwrap(kek, key_file.wrapped_data_key, _WRAP_AAD_DATA)
        signing_raw = _unwrap(kek, key_file.wrapped_signing_key, _WRAP_AAD_SIGNING)
    except InvalidTag as error:
        raise PassphraseError(
            "wrong passphrase: the workspace keys could not be unlocked",
            hint="Check PAYMAAN_PASSPHRASE or type it again. Nothing was changed.",
        ) from error
    return UnlockedKeys(data_key, Ed25519PrivateKey.from_private_bytes(signing_raw))


def rotate_passphrase(key_file: KeyFile, old: str, new: str) -> KeyFile:
    """Re-wrap the same keys under *new*; data encrypted before stays readable."""
    _check_passphrase(new)
    keys = unlock(key_file, old)
    kdf = KdfParameters(
        salt=secrets.token_bytes(16),
        time_cost=key_file.kdf.time_cost,
        memory_cost_kib=key_file.kdf.memory_cost_kib,
        parallelism=key_file.kdf.parallelism,
    )
    return _wrap(kdf, new, keys.data_key, keys.signing_key)


def public_key_pem(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The PEM (SubjectPublicKeyInfo) text of a signing key's public half."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def load_public_key(pem: bytes) -> Ed25519PublicKey:
    """Parse a PEM public key; raises ValueError for anything but Ed25519."""
    key = serialization.load_pem_public_key(pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def sign(key: Ed25519PrivateKey, message: bytes) -> bytes:
    """Ed25519 signature of *message*."""
    return key.sign(message)


def verify_signature(key: Ed25519PublicKey, message: bytes, signature: bytes) -> bool:
    """True when *signature* is *key*'s signature of *message*."""
    try:
        key.verify(signature, message)
    except InvalidSignature:
        return False
    return True


def _wrap(
    kdf: KdfParameters, passphrase: str, data_key: bytes, signing_key: Ed25519PrivateKey
) -> KeyFile:
    kek = AESGCM(kdf.derive(passphrase))
    signing_raw = signing_key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return KeyFile(
        kdf=kdf,
        wrapped_data_key=_wrap_one(kek, data_key, _WRAP_AAD_DATA),
        wrapped_signing_key=_wrap_one(kek, signing_raw, _WRAP_AAD_SIGNING),
        public_key_pem=public_key_pem(signing_key),
    )


def _wrap_one(kek: AESGCM, secret: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + kek.encrypt(nonce, secret, aad)


def _unwrap(kek: AESGCM, token: bytes, aad: bytes) -> bytes:
    return kek.decrypt(token[:_NONCE_BYTES], token[_NONCE_BYTES:], aad)


def _check_passphrase(passphrase: str) -> None:
    if len(passphrase) < 8:
        raise PassphraseError(
            "the passphrase is too short (fewer than 8 characters)",
            hint="Choose a passphrase of at least 8 characters; several words are best.",
        )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
