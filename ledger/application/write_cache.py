"""The write path's cache: directives as last saved by this process.

Entries are never mutated (a command works on a private copy), so threads share them.
A cached directive may be behind another process's writes: a save from it then
conflicts, and the application asks the store again.
"""

from __future__ import annotations

import threading
from uuid import UUID

from ledger.domain.directive import Directive

WRITE_CACHE_SIZE = 1000


class WriteCache:
    def __init__(self, size: int = WRITE_CACHE_SIZE) -> None:
        self._size = size
        self._directives: dict[UUID, Directive] = {}
        self._lock = threading.Lock()

    def copy_of(self, directive_id: UUID) -> Directive | None:
        """A private copy of the cached directive (None if not cached)."""
        with self._lock:
            cached = self._directives.get(directive_id)
        return None if cached is None else private_copy(cached)

    def remember(self, directive: Directive) -> None:
        with self._lock:
            known = self._directives.get(directive.id)
            if known is not None and known.version >= directive.version:
                return
            if known is None and len(self._directives) >= self._size:
                self._directives.pop(next(iter(self._directives)))
            self._directives[directive.id] = directive

    def forget(self, directive_id: UUID) -> None:
        with self._lock:
            self._directives.pop(directive_id, None)


def private_copy(directive: Directive) -> Directive:
    """A copy a command may change without touching the original.

    Shallow is enough: the Directive's event methods rebind attributes, never mutate a
    list or dict in place, so the copies share only values nobody changes.
    """
    copy = object.__new__(type(directive))
    vars(copy).update(vars(directive))
    vars(copy)["_pending_events"] = []
    return copy
