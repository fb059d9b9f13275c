"""Witnessing the ledger's checkpoints (``LEDGER_WITNESS_POLICY``): the process that holds
the signing key submits each checkpoint note it signs to the policy's witnesses, in a
background thread, and stores their cosignatures beside the checkpoint; the audit
service serves them in the note. ``verify --witness-policy`` checks the quorum.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from ledger.application.witness_client import clients_for
from ledger.application.witness_submitter import Submitter
from ledger.integrity import tree
from ledger.integrity.checkpoint_note import note_text_of
from ledger.integrity.note import NoteError, add_signature_lines, parse_note
from ledger.integrity.policy import Policy, PolicyError, parse_policy
from ledger.integrity.verify import Report
from ledger.settings import ConfigurationError

if TYPE_CHECKING:
    from ledger.application.audit import AuditService

POLICY_SETTING = "LEDGER_WITNESS_POLICY"


def load_policy(path: Path, field: str = POLICY_SETTING) -> Policy:
    """The policy file at ``path``; a missing or malformed one is a ``ConfigurationError``
    naming ``field``, the file and the line."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ConfigurationError(field, f"cannot read {path}: {e.strerror}") from None
    try:
        return parse_policy(data)
    except PolicyError as e:
        raise ConfigurationError(field, f"{path}, {e}") from None


def quorum_problem(policy: Policy, note_text: str | None) -> str | None:
    """Why a checkpoint note does not meet the policy (None when it does)."""
    if note_text is None:
        return "it is not a checkpoint note, so it carries no cosignatures"
    try:
        note = parse_note(note_text)
    except NoteError as e:
        return f"its note is malformed: {e}"
    if policy.logs and not policy.signed_by_a_log(note):
        return "it is signed by no log key of the witness policy"
    return policy.quorum_problem(note)


class Witnessing:
    """The submitter of one process: the latest stored checkpoint note goes to every
    witness of the policy that has a submission URL."""

    def __init__(
        self, audit: AuditService, policy: Policy, http: httpx.Client | None = None, **options: Any
    ) -> None:
        self.audit = audit
        self.policy = policy
        self.http = http or httpx.Client()
        self.submitter = Submitter(
            clients_for(policy, self.http),
            latest=self.latest,
            proof=self.proof,
            store=self.recorder.insert_cosignatures,
            stored=self.recorder.cosignatures,
            **options,
        )

    @property
    def recorder(self) -> Any:
        return self.audit.recorder

    def latest(self) -> tuple[int, str] | None:
        """The size and the log's own signed note (no cosignatures) of the latest
        checkpoint; None before the first, or for an older JSON checkpoint."""
        found = self.recorder.latest_checkpoint()
        text = None if found is None else note_text_of(found)
        return None if text is None else (int(found["size"]), text)

    def proof(self, old: int, new: int) -> list[bytes]:
        return tree.consistency_proof(old, new, self.recorder.read_nodes)

    def run_once(self) -> dict[str, str]:
        """One pass now (the ``checkpoint`` command): the witnesses that failed, and why."""
        self.submitter.run_pass()
        return dict(self.submitter.last_error)

    def notify(self) -> None:
        self.submitter.notify()

    def start(self) -> None:
        self.submitter.start()

    def stop(self) -> None:
        self.submitter.stop()
        self.http.close()


def witnessing_for(audit: AuditService, **options: Any) -> Witnessing | None:
    """The witnessing of this store's settings (None without a policy)."""
    path = audit.app.settings.witness_policy
    return None if path is None else Witnessing(audit, load_policy(path), **options)


def check_quorum(report: Report, policy: Policy, notes: list[tuple[str, str | None]]) -> None:
    """Require the policy's quorum on each ``(label, note text)``: a failure of
    ``report`` names the checkpoint; a met quorum is one of its notes."""
    for label, text in notes:
        problem = quorum_problem(policy, text)
        if problem is not None:
            report.fail(label, f"witness policy: {problem}")
            continue
        note = parse_note(text or "")
        names = ", ".join(sorted(policy.cosigned_by(note))) or "none needed"
        report.notes.append(f"{label}: the witness quorum is met ({names})")


def stored_note(checkpoint: dict[str, Any], lines: list[str]) -> str | None:
    """The note of a stored or exported checkpoint with the cosignature ``lines``."""
    text = note_text_of(checkpoint)
    return add_signature_lines(text, lines) if text is not None and lines else text
