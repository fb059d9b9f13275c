"""Reminders (đôn đốc): the thresholds around a directive's deadline in force at which its
lead unit is reminded, the ``Remind`` command and its rules.

A threshold is a signed number of days from the deadline: -7 is seven days before it,
0 the day itself, 30 thirty days overdue. A reminder is a fact of the follow-up that
changes no other fact: the Directive's ``Reminded`` event leaves the status, the
deadline and the grid as they were (the views fold it as a version change only).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from ledger.domain import commands as c
from ledger.domain import errors
from ledger.domain.values import Context, Role

DEFAULT_THRESHOLDS: tuple[int, ...] = (-7, 0, 1, 30, 60)
CLOSED_STATUSES = ("completed", "withdrawn")
# The wire name of the event, as the history, the feed and the webhooks show it.
EVENT_TYPE = "reminded"


class ReminderDeadlineNotInForce(errors.RuleViolation):
    """A reminder names the deadline it reminds of: a later deadline granted since makes it
    stale (a runner that read the directive before the extension)."""

    rule = "reminder_deadline_not_in_force"


class NoDeadlineToRemind(errors.RuleViolation):
    rule = "no_deadline_to_remind"


def threshold_name(days: int) -> str:
    """``before:7``, ``due``, ``overdue:30``: the threshold's stable name."""
    if days < 0:
        return f"before:{-days}"
    return "due" if days == 0 else f"overdue:{days}"


def parse_thresholds(text: str) -> tuple[int, ...]:
    """``"-7,0,1,30,60"`` -> the thresholds, sorted, without repeats."""
    values: set[int] = set()
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            values.add(int(part))
        except ValueError:
            raise ValueError(f"{part!r} is not a whole number of days") from None
    if not values:
        raise ValueError("no threshold given")
    return tuple(sorted(values))


@dataclass(frozen=True)
class Remind(c.FollowUp):
    """Record that the lead unit was reminded of the deadline in force at a threshold."""

    threshold: int
    deadline: date

    def checked(self, directive: RemindedFacts, ctx: Context) -> dict[str, Any]:
        """The ``Reminded`` event's fields, once the rules allow it."""
        check_may_remind(directive, ctx, self)
        reminder = {
            "threshold": threshold_name(self.threshold),
            "days": self.threshold,
            "deadline": self.deadline.isoformat(),
            "due_on": (self.deadline + timedelta(days=self.threshold)).isoformat(),
            "unit": directive.lead_unit,
        }
        return {"reminder": reminder}


class RemindedFacts(Protocol):
    @property
    def status(self) -> str: ...
    @property
    def deadline(self) -> date | None: ...
    @property
    def lead_unit(self) -> str: ...


def check_may_remind(directive: RemindedFacts, ctx: Context, command: Remind) -> None:
    """Only the ledger itself (an admin principal: the reminder runner) reminds; in any
    open state; of the deadline in force, once its threshold is reached."""
    if ctx.actor.role is not Role.ADMIN:
        raise errors.RoleNotPermitted(
            f"only the ledger's reminder runner (admin) records reminders, not a "
            f"{ctx.actor.role.value} principal"
        )
    if directive.status in CLOSED_STATUSES:
        raise errors.DirectiveClosed(f"the directive is {directive.status}; nothing to remind")
    if directive.deadline is None:
        raise NoDeadlineToRemind("the directive has no deadline")
    if command.deadline != directive.deadline:
        raise ReminderDeadlineNotInForce(
            f"the deadline in force is {directive.deadline}, not {command.deadline}"
        )
    due_on = command.deadline + timedelta(days=command.threshold)
    if due_on > ctx.recorded_on:
        raise errors.RuleViolation(f"the threshold {due_on} is not reached yet")


def due_threshold(deadline: date, today: date, thresholds: Sequence[int]) -> int | None:
    """The latest threshold reached on ``today`` (None before the first): a runner that
    was down for days reminds once, at the threshold that holds now, not at each one it
    missed."""
    reached = [t for t in thresholds if deadline + timedelta(days=t) <= today]
    return max(reached) if reached else None


def idempotency_key(directive_id: str, threshold: int, deadline: date) -> str:
    """One reminder per directive, threshold and deadline in force: the key the store
    keeps unique, so a second runner, or one restarted after a crash, appends nothing."""
    return f"reminder:{directive_id}:{threshold_name(threshold)}:{deadline.isoformat()}"
