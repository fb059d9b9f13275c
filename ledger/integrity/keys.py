"""The Ed25519 signing key in its key file (PEM PKCS#8, mode 0600): made by ``keys init``
or ``keys rotate`` (never by a request), refused when group or others may read it.

``key_id`` is the first 16 hex digits of the SHA-256 of the raw 32-byte public key.
Public keys travel as base64 of the raw key; a public key file may hold that, a PEM
SubjectPublicKeyInfo, or the JSON that ``GET /v1/audit/public-key`` serves.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

ALGORITHM = "Ed25519"


class KeyFileError(ValueError):
    """A key file is missing, unreadable or not an Ed25519 key."""


def key_id_of(raw_public_key: bytes) -> str:
    return hashlib.sha256(raw_public_key).hexdigest()[:16]


@dataclass(frozen=True)
class PublicKey:
    raw: bytes

    @property
    def key_id(self) -> str:
        return key_id_of(self.raw)

    @property
    def base64(self) -> str:
        return base64.b64encode(self.raw).decode("ascii")

    def as_dict(self) -> dict[str, str]:
        return {"algorithm": ALGORITHM, "key_id": self.key_id, "public_key": self.base64}

    def verify(self, signature: bytes, message: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True

    @classmethod
    def from_base64(cls, text: str) -> PublicKey:
        try:
            raw = base64.b64decode(text.strip(), validate=True)
        except ValueError:
            raise KeyFileError("the public key is not base64") from None
        if len(raw) != 32:
            raise KeyFileError("an Ed25519 public key has 32 bytes")
        return cls(raw)

    @classmethod
    def from_text(cls, text: str) -> PublicKey:
        """Base64 of the raw key, a PEM public key, or ``{"public_key": ...}`` JSON (from
        ``GET /v1/audit/public-key``, the first key of its ``keys`` chain)."""
        stripped = text.strip()
        if stripped.startswith("{"):
            try:
                served = json.loads(stripped)
                # GET /v1/audit/public-key: the chain's first key is the trust anchor.
                chain = served.get("keys") or [served]
                found = chain[0]["public_key"]
            except (ValueError, KeyError, TypeError, IndexError, AttributeError):
                raise KeyFileError("the JSON has no public_key") from None
            return cls.from_base64(str(found))
        if stripped.startswith("-----BEGIN"):
            try:
                key = serialization.load_pem_public_key(stripped.encode())
            except ValueError:
                raise KeyFileError("not a PEM public key") from None
            if not isinstance(key, Ed25519PublicKey):
                raise KeyFileError("not an Ed25519 public key")
            return cls(key.public_bytes_raw())
        return cls.from_base64(stripped)

    @classmethod
    def from_file(cls, path: Path) -> PublicKey:
        try:
            return cls.from_text(path.read_text(encoding="utf-8"))
        except OSError as e:
            raise KeyFileError(f"cannot read {path}: {e.strerror}") from None


@dataclass(frozen=True)
class SigningKey:
    private: Ed25519PrivateKey

    @property
    def public(self) -> PublicKey:
        return PublicKey(self.private.public_key().public_bytes_raw())

    def sign(self, message: bytes) -> bytes:
        return self.private.sign(message)


def _check_private(path: Path) -> None:
    try:
        mode = path.stat().st_mode & 0o777
    except OSError as e:
        raise KeyFileError(f"cannot read the signing key {path}: {e.strerror}") from None
    if mode & 0o077:
        raise KeyFileError(
            f"the signing key {path} is open to group or others (mode {mode:04o}); "
            f"only its owner may read it: chmod 600 {path}"
        )


def load_signing_key(path: Path) -> SigningKey:
    _check_private(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise KeyFileError(f"cannot read the signing key {path}: {e.strerror}") from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except ValueError:
        raise KeyFileError(f"{path} is not a PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"{path} is not an Ed25519 private key")
    return SigningKey(key)


def write_signing_key(path: Path, key: Ed25519PrivateKey) -> None:
    """Write ``key`` to a new file ``path`` (mode 0600); never overwrites."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyFileError(f"{path} already exists: a key file is never overwritten") from None
    try:
        os.write(fd, pem)
        os.fsync(fd)
    finally:
        os.close(fd)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)  # in case the umask widened it


def create_signing_key(path: Path) -> SigningKey:
    key = Ed25519PrivateKey.generate()
    write_signing_key(path, key)
    return SigningKey(key)


def load_or_create_signing_key(path: Path) -> tuple[SigningKey, bool]:
    """The key in ``path``; created if there is none (``keys init`` and the embedded
    SQLite demo only). Returns the key and whether it was just created."""
    if path.exists():
        return load_signing_key(path), False
    try:
        return create_signing_key(path), True
    except KeyFileError:  # another process created it first: use theirs
        return load_signing_key(path), False
