"""What a unit's succession does to a directive: its lead passes to the successor.

Nghị quyết 190/2025/QH15 keeps work uninterrupted when the apparatus is rearranged: a
body named in a document is read as the body that took over its functions. So an open
directive of a predecessor is led by the successor from the succession's first day,
recorded as one ``LeadUnitSucceeded`` event in the directive's own history that cites
the succession; its status, deadline, extensions and progress are unchanged and no new
acceptance is asked (unlike ``Reassigned``, which waits for the new lead's acceptance).
Completed and withdrawn directives stay with the unit that did them.

The event class lives here, not in ``ledger.domain.directive``: its stored topic is
``ledger.domain.succession:LeadUnitSucceeded`` for good.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.domain.directive import Directive
from ledger.domain.unit import Unit
from ledger.domain.values import Context

CLOSED_STATUSES = ("completed", "withdrawn")


class LeadUnitSucceeded(Directive.Event):
    """The directive's lead passed to the successor of its lead unit."""

    lead_unit: str
    lead_unit_id: str
    previous_lead_unit: str
    previous_lead_unit_id: str
    coordinating_units: list[str]
    succession: dict[str, Any]
    effective_on: str
    meta: dict[str, Any]

    def apply(self, aggregate: Any) -> None:
        aggregate.lead_unit = self.lead_unit
        aggregate.lead_unit_id = self.lead_unit_id
        aggregate.coordinating_units = list(self.coordinating_units)


def passes_to_successor(directive: Directive, predecessor: Unit) -> bool:
    """Whether the succession of ``predecessor`` moves ``directive``: it is led by the
    predecessor (by the name it was given) and still open."""
    return directive.lead_unit == predecessor.name and directive.status not in CLOSED_STATUSES


def hand_over(
    directive: Directive,
    *,
    ctx: Context,
    predecessor: Unit,
    successor: Unit,
    effective_on: date,
    basis: dict[str, Any],
    predecessor_names: dict[str, str] | None = None,
) -> None:
    """Record that the successor leads ``directive`` from ``effective_on``.

    ``predecessor_names`` maps every predecessor's name to the successor's, so that a
    coordinating unit that was also merged is read as the successor too (once)."""
    renames = predecessor_names or {predecessor.name: successor.name}
    coordinating: list[str] = []
    for name in directive.coordinating_units:
        current = renames.get(name, name)
        if current not in coordinating and current != successor.name:
            coordinating.append(current)
    # A directive issued after the succession's first day cannot name the predecessor
    # (it was no longer a unit); the handover is never dated before the issuance.
    on = max(effective_on, directive.issued_on)
    event_class: Any = LeadUnitSucceeded
    directive.trigger_event(
        event_class,
        lead_unit=successor.name,
        lead_unit_id=str(successor.id),
        previous_lead_unit=directive.lead_unit,
        previous_lead_unit_id=str(predecessor.id),
        coordinating_units=coordinating,
        succession={
            "successor_id": str(successor.id),
            "predecessor_id": str(predecessor.id),
            "effective_on": effective_on.isoformat(),
            "basis": dict(basis),
        },
        effective_on=on.isoformat(),
        meta=ctx.meta(),
        timestamp=max(event_class.create_timestamp(), directive.modified_on),
    )
