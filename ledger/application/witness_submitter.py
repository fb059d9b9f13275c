"""Witnessing in the background: the process that signs checkpoints submits the latest
one to every witness of its policy and stores each cosignature beside it.

Writes never wait for a witness: a checkpoint is signed and stored first, and stays
unwitnessed until a witness answers. A witness that fails is retried with exponential
backoff (1 s, 2 s, 4 s, ... at most 5 min); a newer checkpoint replaces the pending one
(a witness only ever moves forward, so an older checkpoint could not be cosigned after
it anyway).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from ledger.application.witness_client import ProofSource, WitnessClient, WitnessFailure
from ledger.integrity.note import NoteError, add_signature_lines, cosignature_time, parse_note

log = logging.getLogger(__name__)

# () -> (size, the log's signed note) of the latest checkpoint, or None before the first
LatestCheckpoint = Callable[[], tuple[int, str] | None]
# (size, cosignature lines) -> None: append them beside that checkpoint
StoreCosignatures = Callable[[int, list[str]], None]
# size -> the cosignature lines already stored for that checkpoint
StoredCosignatures = Callable[[int], list[str]]


class Submitter:
    def __init__(
        self,
        clients: list[WitnessClient],
        *,
        latest: LatestCheckpoint,
        proof: ProofSource,
        store: StoreCosignatures,
        stored: StoredCosignatures,
        base_delay: float = 1.0,
        max_delay: float = 300.0,
        idle_poll: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.clients = clients
        self.latest = latest
        self.proof = proof
        self.store = store
        self.stored = stored
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.idle_poll = idle_poll  # checkpoints signed by another process are found so
        self.clock = clock
        self.done: dict[str, int] = {}  # witness -> the largest size it cosigned for us
        self.failures: dict[str, int] = {}
        self.next_attempt: dict[str, float] = {}
        self.last_error: dict[str, str] = {}
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def backoff(self, failures: int) -> float:
        return min(self.max_delay, self.base_delay * 2.0 ** (failures - 1))

    def _already_cosigned(self, size: int, signed_note: str) -> None:
        """After a restart: witnesses whose cosignature of this size is stored are done."""
        try:
            note = parse_note(add_signature_lines(signed_note, self.stored(size)))
        except NoteError:
            return
        for client in self.clients:
            name = client.witness.name
            cosigned = cosignature_time(note, client.witness.vkey) is not None
            if cosigned and self.done.get(name, -1) < size:
                self.done[name] = size
                client.known_size = max(client.known_size, size)

    def run_pass(self) -> float | None:
        """Submit the latest checkpoint to each witness that has not cosigned it and is not
        backing off; returns the seconds until the next retry is due (None: none is)."""
        latest = self.latest()
        if latest is None:
            return None
        size, signed_note = latest
        self._already_cosigned(size, signed_note)
        waits = []
        for client in self.clients:
            name = client.witness.name
            if self.done.get(name, -1) >= size:
                continue
            now = self.clock()
            due = self.next_attempt.get(name, 0.0)
            if now < due:
                waits.append(due - now)
                continue
            try:
                line = client.submit(signed_note, self.proof).line()
                self.store(size, [line])
            except Exception as e:  # a witness or a store error: retry later, never raise
                failures = self.failures.get(name, 0) + 1
                delay = self.backoff(failures)
                self.failures[name] = failures
                self.next_attempt[name] = now + delay
                self.last_error[name] = str(e)
                if not isinstance(e, WitnessFailure):
                    log.exception("storing the cosignature of %s failed", name)
                log.warning("checkpoint %d not witnessed by %s (retry in %.0f s): %s",
                            size, name, delay, e)  # fmt: skip
                waits.append(delay)
                continue
            self.done[name] = size
            self.failures.pop(name, None)
            self.next_attempt.pop(name, None)
            self.last_error.pop(name, None)
        return min(waits) if waits else None

    def notify(self) -> None:
        """A checkpoint was just stored: submit it now."""
        self._wake.set()

    def start(self) -> None:
        if self._thread is not None or not self.clients:
            return

        def run() -> None:
            while not self._stop.is_set():
                self._wake.clear()  # before the pass: a notify during it is not lost
                try:
                    delay = self.run_pass()
                except Exception:  # reading the latest checkpoint failed: try again later
                    log.exception("witnessing pass failed")
                    delay = None
                self._wake.wait(self.idle_poll if delay is None else min(delay, self.idle_poll))

        self._thread = threading.Thread(target=run, name="ledger-witnessing", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=15)
            self._thread = None
