"""Group commit: appends that arrive while another is being written wait for it, then go
to disk together, in one transaction and one fsync.

Each caller still returns only once its own rows are committed, with its own result or
its own error: when a transaction of several appends fails (one of them conflicts with
a version already stored, say), each append of it is written again on its own, so one
caller's conflict is never another's. ``write`` is all or nothing (one transaction), so
a failed group committed none of its requests and writing each again never writes one
twice: each caller gets the answer of its own write. A failed group is logged (how many
requests, the error's class: never a request's content) before its requests are retried.
A caller alone pays one uncontended lock.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

Request = TypeVar("Request")
Result = TypeVar("Result")
log = logging.getLogger(__name__)


class _Slot(Generic[Request, Result]):
    __slots__ = ("done", "error", "request", "result")

    def __init__(self, request: Request) -> None:
        self.request = request
        self.done = False
        self.result: Result | None = None
        self.error: BaseException | None = None

    def outcome(self) -> Result:
        if self.error is not None:
            raise self.error
        assert self.done
        return self.result  # type: ignore[return-value]


class GroupCommit(Generic[Request, Result]):
    """``submit`` from any thread; ``write`` gets every request that queued while the
    previous write ran and returns their results in order (one transaction for all)."""

    def __init__(self, write: Callable[[Sequence[Request]], list[Result]]) -> None:
        self._write = write
        self._queue: list[_Slot[Request, Result]] = []
        self._queue_lock = threading.Lock()
        self._leader_lock = threading.Lock()
        self.batches = 0  # transactions written: how well appends are grouped

    def submit(self, request: Request) -> Result:
        if self._leader_lock.acquire(blocking=False):
            # Nobody is writing: lead at once, with whatever queued since the last write.
            try:
                with self._queue_lock:
                    batch, self._queue = self._queue, []
                if not batch:
                    (result,) = self._write([request])  # alone: its error is raised here
                    self.batches += 1
                    return result
                slot: _Slot[Request, Result] = _Slot(request)
                batch.append(slot)
                self._write_batch(batch)
            finally:
                self._leader_lock.release()
            return slot.outcome()
        slot = _Slot(request)
        with self._queue_lock:
            self._queue.append(slot)
        with self._leader_lock:
            # Whoever holds the lock writes everything queued so far: while this thread
            # waited, the leader before it may have written this request already.
            if not slot.done:
                with self._queue_lock:
                    batch, self._queue = self._queue, []
                self._write_batch(batch)
        return slot.outcome()

    def _write_batch(self, batch: list[_Slot[Request, Result]]) -> None:
        try:
            if len(batch) > 1:
                try:
                    results = self._write([s.request for s in batch])
                except Exception as e:  # written again one by one, each with its own error
                    log.warning(
                        "a group commit of %d requests failed (%s); each is written again alone",
                        len(batch),
                        type(e).__name__,
                    )
                else:
                    self.batches += 1
                    for slot, result in zip(batch, results, strict=True):
                        slot.result, slot.done = result, True
                    return
            for slot in batch:
                try:
                    (slot.result,) = self._write([slot.request])
                    self.batches += 1
                except Exception as e:  # raised in the caller's own thread
                    slot.error = e
                slot.done = True
        finally:
            # Interrupted (KeyboardInterrupt in the leader): the requests it took from
            # the queue must not wait for ever.
            for slot in batch:
                if not slot.done:
                    slot.error = RuntimeError("the write was interrupted")
                    slot.done = True
