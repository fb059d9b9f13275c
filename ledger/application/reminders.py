"""The reminder runner: records ``Reminded`` in a directive's history when it reaches a
threshold of its deadline in force (ledger/domain/reminders.py), exactly once.

Exactly once, across restarts, kill -9 and several runners: each reminder carries an
idempotency key derived from (directive, threshold, deadline in force), scoped to the
runner's principal, and recorded in the event's own transaction (ledger/store/tables.py).
A second runner's append of the same reminder fails on that key and appends nothing;
one killed before its commit left nothing, and its successor records it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from ledger.domain import errors
from ledger.domain.reminders import (
    CLOSED_STATUSES,
    DEFAULT_THRESHOLDS,
    Remind,
    due_threshold,
    idempotency_key,
)
from ledger.domain.values import Actor, Role

if TYPE_CHECKING:
    from ledger.application.core import LedgerApplication, WriteResult

log = logging.getLogger(__name__)

# The runner's principal: every runner shares it, so the idempotency keys collide.
REMINDER_ACTOR = Actor(id="reminder-runner", role=Role.ADMIN, name="reminder runner")


class ReminderRunner:
    def __init__(
        self,
        app: LedgerApplication,
        thresholds: Sequence[int] = DEFAULT_THRESHOLDS,
        on_recorded: Callable[[WriteResult], None] | None = None,
        after_pass: Callable[[], object] | None = None,
    ) -> None:
        self.app = app
        self.thresholds = tuple(sorted(thresholds))
        self.on_recorded = on_recorded
        self.after_pass = after_pass  # the mailer: e-mail what this pass recorded
        self._stop = threading.Event()

    def run_once(self) -> list[WriteResult]:
        """Record every reminder due today that is not recorded yet; the new ones."""
        recorded: list[WriteResult] = []
        today = self.app.today()
        for directive_id in self.app.directive_ids():
            result = self._remind(directive_id, today)
            if result is not None:
                recorded.append(result)
                if self.on_recorded is not None:
                    self.on_recorded(result)
        return recorded

    def _remind(self, directive_id: UUID, today: date) -> WriteResult | None:
        directive = self.app.get_directive(directive_id)
        deadline = directive.deadline
        if directive.status in CLOSED_STATUSES or deadline is None:
            return None
        threshold = due_threshold(deadline, today, self.thresholds)
        if threshold is None:
            return None
        key = idempotency_key(str(directive_id), threshold, deadline)
        if self.app.ledger_recorder.find_idempotency(REMINDER_ACTOR.id, key) is not None:
            return None  # the usual case: recorded by an earlier pass or another runner
        ctx = self.app.context(REMINDER_ACTOR, correlation_id=key, idempotency_key=key)
        try:
            result = self.app.record_follow_up(
                directive_id, Remind(threshold=threshold, deadline=deadline), ctx, fingerprint=key
            )
        except errors.DomainError as e:  # closed or extended since it was read
            log.debug("no reminder for %s: %s", directive_id, e.rule)
            return None
        return None if result.replayed else result

    def follow(self, interval: float = 60.0, stop: threading.Event | None = None) -> None:
        """Run a pass every ``interval`` seconds until ``stop`` is set."""
        stop = stop or self._stop
        while not stop.is_set():
            try:
                self.run_once()
                if self.after_pass is not None:
                    self.after_pass()
            except Exception:  # the store may be briefly unavailable: next pass
                log.exception("the reminder pass failed; trying again")
            stop.wait(interval)

    def stop(self) -> None:
        self._stop.set()
