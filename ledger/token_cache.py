"""Bearer token → actor, remembered for a short while.

Reading a principal from the store on every request (its events, or the aggregate
cache's deep copy) was about an eighth of a write request's time. A principal changes
only once, when it is revoked, so the answer may be kept: the process that revokes a
token forgets it at once, and every other process (another server worker, the CLI)
reads the store again once an answer is ``max_age`` seconds old. A revoked token is
thus refused at once where it was revoked, and within ``max_age`` everywhere else.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import NamedTuple

from ledger.domain.values import Actor

# How stale a remembered answer may be: the bound on honouring another process's revoke.
TOKEN_RECHECK_SECONDS = 1.0
TOKEN_CACHE_SIZE = 1024


class _Entry(NamedTuple):
    actor: Actor
    checked_at: float


class Stamp(NamedTuple):
    """When a store read began, and how many revokes this process had seen by then."""

    checked_at: float
    revokes: int


class TokenCache:
    """A bounded LRU of tokens that authenticated, with the time each was last checked.

    Only successes are kept: an unknown token may be registered a moment later, and
    remembering failures would let a flood of random tokens evict the real ones. Tokens
    are kept as their SHA-256, like the log keeps them, never in the clear.
    """

    def __init__(
        self,
        max_age: float = TOKEN_RECHECK_SECONDS,
        size: int = TOKEN_CACHE_SIZE,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_age = max_age
        self.size = size
        self.monotonic = monotonic
        self._entries: OrderedDict[bytes, _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._revokes = 0

    def get(self, token: str) -> Actor | None:
        """The actor remembered for ``token``, if it was checked less than ``max_age`` ago."""
        key = _key(token)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if self.monotonic() - entry.checked_at >= self.max_age:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry.actor

    def stamp(self) -> Stamp:
        """Take this before reading the store, and give it to ``put`` after."""
        with self._lock:
            return Stamp(self.monotonic(), self._revokes)

    def put(self, token: str, actor: Actor, stamp: Stamp) -> None:
        """Remember ``actor`` as read from the store since ``stamp``; not if this process
        revoked a token meanwhile (the read may have missed it)."""
        key = _key(token)
        with self._lock:
            if stamp.revokes != self._revokes:
                return
            self._entries[key] = _Entry(actor, stamp.checked_at)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def forget_principal(self, principal_id: str) -> None:
        """Drop every token of this principal (on revoke: refused from now on, here)."""
        with self._lock:
            self._revokes += 1
            for key in [k for k, e in self._entries.items() if e.actor.id == principal_id]:
                del self._entries[key]


def _key(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()
