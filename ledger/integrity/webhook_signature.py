"""Standard Webhooks symmetric signatures (standardwebhooks.com, "Signature scheme"):
``v1,`` + base64(HMAC-SHA256(secret, ``{webhook-id}.{webhook-timestamp}.{body}``)), the
secret shown as ``whsec_`` + base64 of at least 24 random bytes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32  # the spec asks for 24 to 64


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def secret_key(secret: str) -> bytes:
    """The HMAC key: the base64 after the prefix (the prefix is optional, as in the spec's
    reference libraries)."""
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` header's value for one delivery."""
    if "." in message_id:
        raise ValueError("a webhook id must not contain '.'")
    content = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_key(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def verify(secret: str, message_id: str, timestamp: int, body: bytes, header: str) -> bool:
    """Whether any ``v1`` signature of the space-separated ``header`` matches (constant
    time): what a receiver does."""
    expected = sign(secret, message_id, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in header.split(" "))
