"""The add-checkpoint decision of c2sp.org/tlog-witness, in the spec's order: a malformed
body is 400; an unknown origin 404; no valid signature of a trusted log key 403; ``old``
above the checkpoint's size 400; ``old`` other than the latest cosigned size 409 with that
size (``text/x.tlog.size``); the same size with another root 409; a consistency proof
that fails 422; else the checkpoint is recorded and cosigned (200, one line).

Refusals other than the size answer are RFC 9457 problems naming the field and the rule.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.integrity.note import (
    COSIGNATURE_V1,
    ED25519,
    NoteError,
    Vkey,
    cosign,
    parse_checkpoint,
    parse_note,
    verify_note,
)
from ledger.integrity.witness_protocol import (
    SIZE_CONTENT_TYPE,
    WitnessProtocolError,
    cosignature_lines_body,
    parse_add_checkpoint,
    size_body,
)
from ledger.witness.state import Advanced, OldMismatch, ProofFailed, RootMismatch, WitnessState

PROBLEM = "application/problem+json"
SIGNATURES = "text/plain; charset=utf-8"
TITLES = {
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    413: "Content Too Large",
    422: "Unprocessable Content",
}


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes


def problem(status: int, field: str, rule: str, message: str) -> Answer:
    body = {
        "type": f"urn:directive-ledger:witness:problem:{rule}",
        "title": TITLES[status],
        "status": status,
        "detail": message,
        "rule": rule,
        "errors": [{"field": field, "rule": rule, "message": message}],
    }
    return Answer(status, PROBLEM, json.dumps(body, ensure_ascii=False).encode("utf-8"))


class Witness:
    def __init__(
        self,
        vkey: Vkey,
        private: Ed25519PrivateKey,
        logs: list[Vkey],
        state: WitnessState,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if vkey.sig_type != COSIGNATURE_V1:
            raise ValueError("a witness's vkey has type 0x04")
        if any(log.sig_type != ED25519 for log in logs):
            raise ValueError("a log's vkey has type 0x01")
        self.vkey = vkey
        self.private = private
        self.logs: dict[str, list[Vkey]] = {}
        for log in logs:  # several keys per origin: a log that rotated its key
            self.logs.setdefault(log.name, []).append(log)
        self.state = state
        self.clock = clock

    def add_checkpoint(self, body: bytes) -> Answer:
        try:
            request = parse_add_checkpoint(body)
        except WitnessProtocolError as e:
            return problem(400, e.field, "malformed_request", e.message)
        try:
            note = parse_note(request.checkpoint)
            checkpoint = parse_checkpoint(note.text)
        except NoteError as e:
            return problem(400, "checkpoint", "malformed_checkpoint", str(e))
        trusted = self.logs.get(checkpoint.origin)
        if trusted is None:
            return problem(
                404, "checkpoint", "unknown_origin", f"no log {checkpoint.origin!r} is known here"
            )
        if not any(verify_note(note, vkey) for vkey in trusted):
            return problem(
                403, "checkpoint", "untrusted_signature", "no signature of a trusted log key"
            )
        if request.old > checkpoint.size:
            return problem(
                400,
                "old",
                "old_above_size",
                f"old {request.old} is above the checkpoint's size {checkpoint.size}",
            )
        # The signed note is kept whole: a refused one signed by the log is evidence.
        outcome = self.state.advance(request.old, request.proof, checkpoint, request.checkpoint)
        if isinstance(outcome, OldMismatch):
            return Answer(409, SIZE_CONTENT_TYPE, size_body(outcome.latest))
        if isinstance(outcome, RootMismatch):
            return problem(
                409,
                "checkpoint",
                "root_mismatch",
                f"a checkpoint of size {outcome.size} with another root was cosigned",
            )
        if isinstance(outcome, ProofFailed):
            return problem(
                422,
                "proof",
                "inconsistent",
                f"the consistency proof from size {request.old} to {checkpoint.size} fails",
            )
        assert isinstance(outcome, Advanced)
        line = cosign(note.text, self.vkey.name, self.private, int(self.clock()))
        return Answer(200, SIGNATURES, cosignature_lines_body([line]))
