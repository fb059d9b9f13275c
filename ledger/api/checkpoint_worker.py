"""The worker beside the API: it signs a checkpoint every N events or T seconds when this
process holds the key in force, and then submits each to the witnesses of the policy
(``LEDGER_WITNESS_POLICY``) in the background."""

from __future__ import annotations

from fastapi import FastAPI

from ledger.application.audit import AuditService
from ledger.application.checkpointer import Checkpointer
from ledger.application.witnessing import witnessing_for


class CheckpointWorker:
    """Beside the API: signs a checkpoint every ``LEDGER_CHECKPOINT_EVERY`` events or
    ``LEDGER_CHECKPOINT_SECONDS`` seconds when this process holds the private key of the
    key in force; a process without it says so once at start and never signs."""

    def __init__(self, api: FastAPI) -> None:
        self.api = api
        self._checkpointer: Checkpointer | None = None
        self._audit: AuditService | None = None

    def start(self) -> None:
        ledger = self.api.state.ledger
        audit = getattr(self.api.state, "audit", None)
        if audit is None or audit.app is not ledger:
            audit = AuditService(ledger)
            self.api.state.audit = audit
        if audit.signing.announce():  # only the key's holder signs, and so submits
            audit.witnessing = witnessing_for(audit)
            if audit.witnessing is not None:
                audit.witnessing.start()
        self._audit = audit
        self._checkpointer = audit.checkpointer()
        self._checkpointer.start()

    def stop(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.stop()
            self._checkpointer = None
        if self._audit is not None and self._audit.witnessing is not None:
            self._audit.witnessing.stop()
            self._audit.witnessing = None


def install_checkpointer(api: FastAPI) -> FastAPI:
    """Run the checkpoint worker beside this app (``serve`` does this)."""
    api.state.workers.append(CheckpointWorker(api))
    return api
