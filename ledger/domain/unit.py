"""The Unit aggregate: a Party or State body that leads directives, and who succeeded whom.

A unit's name is kept exactly as the body writes it (NFC). Its validity is a range of
business dates, both ends inclusive: ``valid_to`` is the last day the body acted. When
bodies are merged or reorganised, ``record_succession`` records the fact once on the
successor (``UnitSucceeded``) and, in the same save, on every predecessor
(``UnitSuperseded``), so that each stream answers its own question without reading the
others: the successor knows whose work it took over, and a predecessor knows from which
day, and to whom, its work passed (which is what a write by its principals is checked
against).

Why the successor holds the fact: a merger has many predecessors and one successor, and
its legal basis names the successor (Nghị quyết 202/2025/QH15 forms the new Hải Phòng
city "trên cơ sở" the two old units); recording it on the successor keeps one
``UnitSucceeded`` per decision, with the predecessors' ``UnitSuperseded`` events as its
consequences, written atomically with it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger.domain import errors
from ledger.domain.documents import document_reference
from ledger.domain.values import Context, Role, iso, nfc, unit_name

# Deliberately loose: one "@", no spaces, a dot in the domain. Deliverability is the
# mail server's business; this only catches a name typed into the wrong field.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MAX_EMAIL_LENGTH = 254  # RFC 5321's limit on a forward path


class UnitKind(StrEnum):
    PARTY = "party"
    STATE = "state"


class UnitSuperseded(errors.PermissionDenied):
    """A principal of a body that was succeeded writes for it after the succession (403)."""

    rule = "unit_succeeded"


class SuccessionRefused(errors.RuleViolation):
    """A succession that contradicts what the ledger already holds (409)."""

    rule = "succession_refused"


class UnitNotValid(errors.RuleViolation):
    """A directive names a unit on a day outside the unit's validity (409)."""

    rule = "unit_not_valid"


def check_may_register_units(ctx: Context) -> None:
    if ctx.actor.role is Role.AUDITOR:
        raise errors.AuditorsNeverWrite("auditors read and verify; they never write")
    if ctx.actor.role not in (Role.ISSUER, Role.ADMIN):
        raise errors.RoleNotPermitted(
            f"only an issuer or admin may register units, not a {ctx.actor.role.value}"
        )


def contact_email(value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise errors.InvalidValue("contact", "must be an e-mail address", rule="email_format")
    text = nfc(value).strip()
    if len(text) > MAX_EMAIL_LENGTH or not _EMAIL.fullmatch(text):
        raise errors.InvalidValue(
            "contact", f"{value!r} is not an e-mail address (name@domain)", rule="email_format"
        )
    return text


class Unit(Aggregate):
    """A body that may lead directives, from ``valid_from`` to ``valid_to``."""

    @classmethod
    def register(
        cls,
        *,
        ctx: Context,
        name: str,
        kind: UnitKind,
        parent_id: UUID | None = None,
        valid_from: date | None = None,
        valid_to: date | None = None,
        contact: str | None = None,
        id: UUID | None = None,
    ) -> Unit:
        check_may_register_units(ctx)
        if not isinstance(kind, UnitKind):
            raise errors.InvalidValue("kind", "must be party or state", rule="unit_kind")
        if valid_from is not None and valid_to is not None and valid_to < valid_from:
            raise errors.InvalidValue(
                "valid_to", f"{valid_to} is before valid_from {valid_from}", rule="valid_range"
            )
        if id is not None and parent_id == id:
            raise errors.InvalidValue("parent_id", "a unit is not its own parent", rule="parent")
        kwargs: dict[str, Any] = dict(
            name=unit_name("name", name),
            kind=kind.value,
            parent_id=None if parent_id is None else str(parent_id),
            valid_from=iso(valid_from),
            valid_to=iso(valid_to),
            contact=contact_email(contact),
            effective_on=(valid_from or ctx.recorded_on).isoformat(),
            meta=ctx.meta(),
        )
        if id is None:
            return cls(**kwargs)
        # A chosen id (the sample ledger's stable ids) bypasses create_id().
        created: Any = getattr(cls, "UnitRegistered")  # noqa: B009 - made by @event
        return cls._create(event_class=created, id=id, **kwargs)

    @event("UnitRegistered")
    def __init__(
        self,
        *,
        name: str,
        kind: str,
        parent_id: str | None,
        valid_from: str | None,
        valid_to: str | None,
        contact: str | None,
        effective_on: str,
        meta: dict[str, Any],
    ) -> None:
        self.name = name
        self.kind = UnitKind(kind)
        self.parent_id = parent_id
        self.valid_from = None if valid_from is None else date.fromisoformat(valid_from)
        self.valid_to = None if valid_to is None else date.fromisoformat(valid_to)
        self.contact = contact
        self.predecessor_ids: list[str] = []
        self.succession: dict[str, Any] | None = None  # the UnitSucceeded this unit holds
        self.successor_id: str | None = None
        self.superseded_on: date | None = None

    def valid_on(self, day: date) -> bool:
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_to is None or day <= self.valid_to

    def check_valid_on(self, day: date, field: str = "lead_unit") -> None:
        if not self.valid_on(day):
            raise UnitNotValid(
                f"{self.name!r} is a unit from {iso(self.valid_from) or 'its start'} to "
                f"{iso(self.valid_to) or 'now'}, not on {day}",
                field=field,
            )

    @event("UnitSucceeded")
    def _succeeded(
        self,
        predecessors: list[dict[str, str]],
        basis: dict[str, Any],
        effective_on: str,
        meta: dict[str, Any],
    ) -> None:
        self.predecessor_ids.extend(p["id"] for p in predecessors)
        self.succession = {
            "predecessors": list(predecessors),
            "basis": dict(basis),
            "effective_on": effective_on,
        }
        if self.valid_from is None:
            self.valid_from = date.fromisoformat(effective_on)

    @event("UnitSuperseded")
    def _superseded(
        self,
        successor: dict[str, str],
        basis: dict[str, Any],
        effective_on: str,
        meta: dict[str, Any],
    ) -> None:
        self.successor_id = successor["id"]
        self.superseded_on = date.fromisoformat(effective_on)
        self.valid_to = self.superseded_on - timedelta(days=1)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "kind": self.kind.value,
            "parent_id": self.parent_id,
            "valid_from": iso(self.valid_from),
            "valid_to": iso(self.valid_to),
            "contact": self.contact,
            "predecessor_ids": list(self.predecessor_ids),
            "successor_id": self.successor_id,
            "superseded_on": iso(self.superseded_on),
            "succession": None if self.succession is None else dict(self.succession),
            "version": self.version,
        }


def record_succession(
    *,
    ctx: Context,
    successor: Unit,
    predecessors: list[Unit],
    effective_on: date,
    basis: dict[str, Any],
) -> None:
    """Record that ``successor`` took over the work of ``predecessors`` from
    ``effective_on`` (its first day), on the legal basis of a document.

    Checked: only an admin; the date is not after the day it is recorded (the ledger
    records facts, not plans: a succession decided for a later day is recorded on that
    day); the bodies are distinct and of one kind (a Party body's work does not pass to
    a State body); no predecessor was already succeeded; each was a unit on the day
    before, and the successor is one on the day itself."""
    if ctx.actor.role is Role.AUDITOR:
        raise errors.AuditorsNeverWrite("auditors read and verify; they never write")
    if ctx.actor.role is not Role.ADMIN:
        raise errors.RoleNotPermitted(
            f"only an admin records a succession, not a {ctx.actor.role.value}"
        )
    checked_basis = document_reference("basis", basis)
    if effective_on > ctx.recorded_on:
        raise errors.EffectiveInFuture(
            f"effective_on {effective_on} is after the day it is recorded ({ctx.recorded_on})",
            field="effective_on",
        )
    if not predecessors:
        raise errors.InvalidValue(
            "predecessors", "name at least one unit", rule="predecessors_required"
        )
    ids = [p.id for p in predecessors]
    if len(set(ids)) != len(ids) or successor.id in ids:
        raise errors.InvalidValue(
            "predecessors",
            "each predecessor once, and not the successor itself",
            rule="predecessors_distinct",
        )
    last_day = effective_on - timedelta(days=1)
    for p in predecessors:
        if p.successor_id is not None:
            raise SuccessionRefused(
                f"{p.name!r} was already succeeded on {iso(p.superseded_on)}",
                field="predecessors",
            )
        if p.kind is not successor.kind:
            raise SuccessionRefused(
                f"{p.name!r} is a {p.kind.value} body and {successor.name!r} a "
                f"{successor.kind.value} body: work passes between bodies of one kind",
                field="predecessors",
            )
        if not p.valid_on(last_day):
            raise SuccessionRefused(
                f"{p.name!r} was not a unit on {last_day}, the day before the succession",
                field="predecessors",
            )
    if successor.succession is not None:
        raise SuccessionRefused(
            f"{successor.name!r} already records a succession", field="successor"
        )
    if successor.successor_id is not None or not _may_start_on(successor, effective_on):
        raise SuccessionRefused(
            f"{successor.name!r} is not a unit on {effective_on}", field="effective_on"
        )
    eff, meta = effective_on.isoformat(), ctx.meta()
    named = [{"id": str(p.id), "name": p.name} for p in predecessors]
    successor._succeeded(predecessors=named, basis=checked_basis, effective_on=eff, meta=meta)
    for p in predecessors:
        p._superseded(
            successor={"id": str(successor.id), "name": successor.name},
            basis=checked_basis,
            effective_on=eff,
            meta=meta,
        )


def _may_start_on(successor: Unit, day: date) -> bool:
    """A successor registered without a start takes the succession's day as its first."""
    if successor.valid_from is None:
        return successor.valid_to is None or day <= successor.valid_to
    return successor.valid_on(day)
