"""The log's side of c2sp.org/tlog-witness: submit a signed checkpoint to a witness and
keep the cosignature it answers.

A client remembers the size each witness last cosigned for it. It starts by assuming
zero; a 409 ``text/x.tlog.size`` answer tells it the witness's real size, and it retries
once with that ``old`` and a consistency proof from the log's tree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from ledger.integrity.note import Signature, cosignature_time, parse_checkpoint, parse_note
from ledger.integrity.policy import Policy, PolicyWitness
from ledger.integrity.witness_protocol import (
    SIZE_CONTENT_TYPE,
    WitnessProtocolError,
    add_checkpoint_body,
    parse_cosignature_lines,
    parse_size_body,
)

# (old size, new size) -> the RFC 9162 consistency proof between them, from the log's tree
ProofSource = Callable[[int, int], list[bytes]]
TIMEOUT = httpx.Timeout(10.0, connect=3.0)


class WitnessFailure(Exception):
    """The witness did not cosign: unreachable, refused, or answered nonsense."""


class WitnessAhead(WitnessFailure):
    """The witness has cosigned a larger tree of this log than the checkpoint submitted."""

    def __init__(self, name: str, witness_size: int, size: int) -> None:
        super().__init__(
            f"witness {name} has cosigned size {witness_size}, above this checkpoint's {size}"
        )
        self.witness_size = witness_size


@dataclass
class WitnessClient:
    witness: PolicyWitness
    http: httpx.Client
    known_size: int = 0  # what we believe the witness last cosigned for us
    submission_url: str = field(init=False)

    def __post_init__(self) -> None:
        if not self.witness.url:
            raise ValueError(f"witness {self.witness.name} has no submission URL")
        self.submission_url = self.witness.url.rstrip("/") + "/add-checkpoint"

    def submit(self, signed_note: str, proof: ProofSource) -> Signature:
        """The witness's cosignature on ``signed_note`` (the log's signed checkpoint)."""
        note = parse_note(signed_note)
        size = parse_checkpoint(note.text).size
        old = min(self.known_size, size)
        for _ in range(2):
            body = add_checkpoint_body(old, proof(old, size) if 0 < old < size else [], signed_note)
            answer = self._post(body)
            if answer.status_code == 200:
                cosignature = self._cosignature(signed_note, answer.content)
                self.known_size = size
                return cosignature
            if answer.status_code == 409 and answer.headers.get("content-type", "").startswith(
                SIZE_CONTENT_TYPE
            ):
                try:
                    latest = parse_size_body(answer.content)
                except WitnessProtocolError as e:
                    raise WitnessFailure(f"witness {self.witness.name}: {e.message}") from None
                self.known_size = latest
                if latest > size:
                    raise WitnessAhead(self.witness.name, latest, size)
                old = latest
                continue
            raise WitnessFailure(
                f"witness {self.witness.name} answered {answer.status_code}: "
                f"{answer.text[:300].strip()}"
            )
        raise WitnessFailure(f"witness {self.witness.name} keeps answering 409 at size {old}")

    def _post(self, body: bytes) -> httpx.Response:
        try:
            return self.http.post(
                self.submission_url,
                content=body,
                headers={"content-type": "text/plain; charset=utf-8"},
                timeout=TIMEOUT,
            )
        except httpx.HTTPError as e:
            raise WitnessFailure(f"witness {self.witness.name} unreachable: {e}") from None

    def _cosignature(self, signed_note: str, body: bytes) -> Signature:
        """The line of the answer that is this witness's valid cosignature; others (unknown
        keys) are ignored, as the spec asks."""
        try:
            lines = parse_cosignature_lines(body)
        except WitnessProtocolError as e:
            raise WitnessFailure(f"witness {self.witness.name}: {e.message}") from None
        vkey = self.witness.vkey
        for line in lines:
            if line.name == vkey.name and line.key_id == vkey.key_id:
                candidate = parse_note(signed_note).with_signatures([line])
                if cosignature_time(candidate, vkey) is not None:
                    return line
        raise WitnessFailure(f"witness {self.witness.name} answered no valid cosignature")


def clients_for(policy: Policy, http: httpx.Client) -> list[WitnessClient]:
    """A client for each witness of ``policy`` that has a submission URL."""
    return [WitnessClient(w, http) for w in policy.witnesses.values() if w.url]


def collect_cosignatures(
    signed_note: str, proof: ProofSource, clients: list[WitnessClient]
) -> tuple[list[str], dict[str, str]]:
    """Submit to every witness: the cosignature lines gathered, and why the others failed."""
    lines: list[str] = []
    failures: dict[str, str] = {}
    for client in clients:
        try:
            lines.append(client.submit(signed_note, proof).line())
        except WitnessFailure as e:
            failures[client.witness.name] = str(e)
    return lines, failures
