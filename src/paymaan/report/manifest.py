"""The signed manifest of a report folder, and its verification.

``manifest.json`` lists the SHA-256 of every file of the report folder (the HTML and
PDF editions and the data package), the SHA-256 of every input submission, the
agreement file's SHA-256, the audit log's head hash, the run and the software version.
It is canonical JSON (sorted keys, no insignificant whitespace, UTF-8), so the same
content always has the same bytes. ``manifest.sig`` is the Ed25519 signature of those
exact bytes, in base64 on one line. ``public_key.pem`` is the signer's public key
(PEM, SubjectPublicKeyInfo), shipped for convenience only: whoever can change the
folder can change the key with it, so a reader must compare the key's fingerprint
with the one the publisher announces, or pass the announced key with ``--public-key``.

Verification needs no workspace and no passphrase: only the folder and a public key.

Example:
    >>> result = verify_report(Path("reports/run-7"), Path("publisher.pem"))  # doctest: +SKIP
    >>> result.ok  # doctest: +SKIP
    True
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from paymaan.errors import InputError
from paymaan.report.model import ReportInput

__all__ = [
    "MANIFEST_FORMAT",
    "MANIFEST_NAME",
    "PUBLIC_KEY_NAME",
    "SIGNATURE_NAME",
    "Difference",
    "VerificationResult",
    "build_manifest",
    "canonical_json",
    "key_fingerprint",
    "load_public_key_file",
    "sha256_file",
    "verify_report",
    "write_signed_manifest",
]

MANIFEST_NAME: Final = "manifest.json"
SIGNATURE_NAME: Final = "manifest.sig"
PUBLIC_KEY_NAME: Final = "public_key.pem"
MANIFEST_FORMAT: Final = "paymaan-report-manifest/1"
# The files that describe the folder rather than belong to it.
_UNLISTED: Final = frozenset({MANIFEST_NAME, SIGNATURE_NAME, PUBLIC_KEY_NAME})

DifferenceKind = Literal["missing", "extra", "changed", "bad_signature", "unreadable"]


def canonical_json(value: Any) -> bytes:
    """Serialize *value* as canonical JSON: sorted keys, ``,``/``:`` separators, UTF-8.

    Example:
        >>> canonical_json({"b": 1, "a": [1, "ی"]})
        b'{"a":[1,"\\xdb\\x8c"],"b":1}'
    """
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def sha256_file(path: Path) -> str:
    """The hex SHA-256 of the file at *path*, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def key_fingerprint(key: Ed25519PublicKey) -> str:
    """``SHA256:`` and the hex SHA-256 of the raw 32-byte public key, in groups of four.

    The grouping makes it easy to read aloud and compare with the publisher's
    announcement.
    """
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    digest = hashlib.sha256(raw).hexdigest()
    return "SHA256:" + ":".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def _report_files(report_dir: Path) -> dict[str, Path]:
    """Every file of the folder except the manifest, its signature and the key, by POSIX path."""
    files = {}
    for path in sorted(report_dir.rglob("*")):
        relative = path.relative_to(report_dir).as_posix()
        if path.is_file() and relative not in _UNLISTED:
            files[relative] = path
    return files


def build_manifest(
    report_input: ReportInput,
    report_dir: Path,
    public_key: Ed25519PublicKey,
    *,
    public: bool,
    threshold: int,
) -> dict[str, Any]:
    """The manifest of *report_dir* as it is now (every file must already be written).

    Args:
        report_input: gives the run, the agreement and the sources' submissions.
        report_dir: the report folder.
        public_key: the signer's public key (its fingerprint is recorded).
        public: whether this is the public edition.
        threshold: the suppression threshold used.

    Returns:
        The manifest as a JSON-ready mapping.
    """
    run = report_input.run
    submissions = sorted(
        {
            (source.display_name, sha)
            for source in report_input.sources
            for sha in source.submission_sha256s
        }
    )
    return {
        "format": MANIFEST_FORMAT,
        "agreement_id": report_input.agreement.id,
        "agreement_sha256": run.agreement_sha256,
        "audit_head": run.audit_head,
        "files": {name: sha256_file(path) for name, path in _report_files(report_dir).items()},
        "finished_at": run.finished_at.isoformat(),
        "public": public,
        "public_key_fingerprint": key_fingerprint(public_key),
        "run_id": run.run_id,
        "software_version": run.software_version,
        "submissions": [{"sha256": sha, "source": source} for source, sha in submissions],
        "suppression_threshold": threshold if public else None,
    }


def write_signed_manifest(
    report_dir: Path, manifest: dict[str, Any], private_key: Ed25519PrivateKey
) -> list[Path]:
    """Write ``manifest.json``, its signature and the public key into *report_dir*.

    Returns:
        The three written paths.
    """
    body = canonical_json(manifest)
    signature = private_key.sign(body)
    pem = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    paths = [report_dir / MANIFEST_NAME, report_dir / SIGNATURE_NAME, report_dir / PUBLIC_KEY_NAME]
    paths[0].write_bytes(body)
    paths[1].write_bytes(base64.b64encode(signature) + b"\n")
    paths[2].write_bytes(pem)
    return paths


@dataclass(frozen=True)
class Difference:
    """One way a report folder differs from its signed manifest."""

    kind: DifferenceKind
    path: str
    detail: str

    def describe(self) -> str:
        """One line for a person: what differs, where."""
        return f"{self.kind.replace('_', ' ')}: {self.path}: {self.detail}"


@dataclass(frozen=True)
class VerificationResult:
    """What :func:`verify_report` found. ``ok`` only when nothing differs."""

    report_dir: Path
    key_fingerprint: str
    key_shipped_with_report: bool
    files_checked: int
    differences: tuple[Difference, ...] = ()
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the signature is good and every file matches its hash."""
        return not self.differences


def load_public_key_file(path: Path) -> Ed25519PublicKey:
    """Read an Ed25519 public key (PEM, SubjectPublicKeyInfo) from *path*.

    Raises:
        InputError: the file is missing, is not PEM, or holds another kind of key.
    """
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except FileNotFoundError:
        raise InputError(
            f"{path}: public key not found",
            hint="Pass the publisher's key with --public-key KEY.pem.",
        ) from None
    except ValueError as error:
        raise InputError(f"{path}: not a PEM public key ({error})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise InputError(f"{path}: the key is not an Ed25519 key")
    return key


def _check_signature(
    report_dir: Path, key: Ed25519PublicKey
) -> tuple[bytes | None, list[Difference]]:
    manifest_path = report_dir / MANIFEST_NAME
    signature_path = report_dir / SIGNATURE_NAME
    differences = [
        Difference("missing", p.name, "the signed manifest needs it")
        for p in (manifest_path, signature_path)
        if not p.is_file()
    ]
    if differences:
        return (manifest_path.read_bytes() if manifest_path.is_file() else None), differences
    body = manifest_path.read_bytes()
    try:
        key.verify(base64.b64decode(signature_path.read_bytes().strip(), validate=True), body)
    except (InvalidSignature, binascii.Error, ValueError):
        differences.append(
            Difference(
                "bad_signature",
                SIGNATURE_NAME,
                "the signature does not match manifest.json under this key: the manifest was "
                "changed, or it was signed with another key",
            )
        )
    return body, differences


def _compare_files(report_dir: Path, listed: dict[str, str]) -> Iterable[Difference]:
    present = _report_files(report_dir)
    for name in sorted(set(listed) | set(present)):
        if name not in present:
            yield Difference("missing", name, "listed in the manifest, not in the folder")
        elif name not in listed:
            yield Difference("extra", name, "in the folder, not listed in the manifest")
        else:
            actual = sha256_file(present[name])
            if actual != listed[name]:
                yield Difference(
                    "changed", name, f"SHA-256 is {actual}, the manifest says {listed[name]}"
                )


def verify_report(report_dir: Path, public_key: Path | None = None) -> VerificationResult:
    """Check a report folder's signature and every file's hash.

    Args:
        report_dir: the report folder (``reports/<run>/`` as published).
        public_key: the publisher's Ed25519 public key (PEM). ``None`` uses the
            ``public_key.pem`` shipped in the folder, which proves only that the folder
            is consistent: compare ``key_fingerprint`` with the publisher's announcement.

    Returns:
        A :class:`VerificationResult` listing every difference (missing, extra or
        changed file, bad signature, unreadable manifest); ``ok`` when there is none.

    Raises:
        InputError: *report_dir* is not a folder, or the key cannot be read.

    Example:
        >>> verify_report(Path("reports/run-7")).ok  # doctest: +SKIP
        True
    """
    if not report_dir.is_dir():
        raise InputError(
            f"{report_dir}: not a folder",
            hint="Give the folder that holds manifest.json and manifest.sig.",
        )
    shipped = public_key is None
    key = load_public_key_file(report_dir / PUBLIC_KEY_NAME if public_key is None else public_key)
    body, differences = _check_signature(report_dir, key)
    manifest: dict[str, Any] = {}
    if body is not None:
        try:
            loaded = json.loads(body.decode("utf-8"))
            if not isinstance(loaded, dict) or not isinstance(loaded.get("files"), dict):
                raise ValueError("no 'files' table")
            manifest = loaded
        except ValueError as error:
            differences.append(Difference("unreadable", MANIFEST_NAME, f"not a manifest: {error}"))
    listed: dict[str, str] = {str(k): str(v) for k, v in manifest.get("files", {}).items()}
    differences.extend(_compare_files(report_dir, listed))
    return VerificationResult(
        report_dir=report_dir,
        key_fingerprint=key_fingerprint(key),
        key_shipped_with_report=shipped,
        files_checked=len(listed),
        differences=tuple(differences),
        manifest=manifest,
    )
