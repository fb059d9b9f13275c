"""Signed checkpoints: Ed25519 over the RFC 8785 canonical JSON of
``{origin, size, root_hash, issued_at}`` (DESIGN section 6), and a worker that issues one
every N events or T seconds."""

from __future__ import annotations

import base64
import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import rfc8785

from ledger.integrity.keys import PublicKey, SigningKey

SIGNED_FIELDS = ("origin", "size", "root_hash", "issued_at")
log = logging.getLogger(__name__)


def checkpoint_message(checkpoint: dict[str, Any]) -> bytes:
    """The bytes that are signed: canonical JSON of the four signed fields."""
    return bytes(rfc8785.dumps({f: checkpoint[f] for f in SIGNED_FIELDS}))


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def sign_checkpoint(
    key: SigningKey, *, origin: str, size: int, root_hash: bytes, issued_at: str | None = None
) -> dict[str, Any]:
    checkpoint: dict[str, Any] = {
        "origin": origin,
        "size": size,
        "root_hash": root_hash.hex(),
        "issued_at": issued_at or utc_now(),
    }
    signature = key.sign(checkpoint_message(checkpoint))
    checkpoint["key_id"] = key.public.key_id
    checkpoint["signature"] = base64.b64encode(signature).decode("ascii")
    return checkpoint


def signature_problem(checkpoint: dict[str, Any], public_key: PublicKey) -> str | None:
    """Why this checkpoint's signature does not verify with ``public_key`` (None if it does)."""
    try:
        message = checkpoint_message(checkpoint)
        signature = base64.b64decode(str(checkpoint["signature"]), validate=True)
    except (KeyError, ValueError, TypeError) as e:
        return f"malformed checkpoint ({e})"
    if checkpoint.get("key_id") != public_key.key_id:
        return f"signed by key {checkpoint.get('key_id')}, not by {public_key.key_id}"
    if not public_key.verify(signature, message):
        return "the signature does not verify"
    return None


class Checkpointer:
    """Issues a checkpoint when ``every_events`` events were appended since the last one,
    checked every ``every_seconds`` (or every second when only counting events);
    ``every_seconds`` alone issues one per period when the log grew. A worker with
    ``start()`` / ``stop()`` for the API's lifespan."""

    def __init__(
        self,
        *,
        create: Callable[[], dict[str, Any] | None],
        tree_size: Callable[[], int],
        latest_size: Callable[[], int],
        every_events: int,
        every_seconds: float,
    ) -> None:
        self.create = create
        self.tree_size = tree_size
        self.latest_size = latest_size
        self.every_events = every_events
        self.every_seconds = every_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_issue = 0.0

    def due(self, now: float) -> bool:
        grown = self.tree_size() - self.latest_size()
        if grown <= 0:
            return False
        if self.every_events and grown >= self.every_events:
            return True
        return bool(self.every_seconds) and now - self._last_issue >= self.every_seconds

    def tick(self, now: float) -> dict[str, Any] | None:
        if not self.due(now):
            return None
        self._last_issue = now
        return self.create()

    def start(self) -> None:
        if self._thread is not None or not (self.every_events or self.every_seconds):
            return
        import time

        self._last_issue = time.monotonic()
        interval = min(self.every_seconds or 1.0, 1.0)

        def run() -> None:
            while not self._stop.wait(interval):
                try:
                    self.tick(time.monotonic())
                except Exception:  # keep issuing: a transient store error is not fatal
                    log.exception("automatic checkpoint failed")

        self._thread = threading.Thread(target=run, name="ledger-checkpointer", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
