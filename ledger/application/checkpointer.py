"""The worker that issues a signed checkpoint every N events or T seconds."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


class Checkpointer:
    """Issues a checkpoint when ``every_events`` events were appended since the last one,
    checked every ``every_seconds`` (or every second when only counting events);
    ``every_seconds`` alone issues one per period when the log grew. A worker with
    ``start()`` / ``stop()`` for the API's lifespan."""

    def __init__(
        self,
        *,
        create: Callable[[], dict[str, Any]],
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
