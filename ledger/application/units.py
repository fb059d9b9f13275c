"""Units and their successions: register, read, succeed; and the checks that directives
and principals make against them.

How a directive names its unit: by the unit's name, kept in the directive's events as it
was written at the time (stored events are never rewritten). A name is read as the
registered unit of that name valid on the day the name was given (two units may share a
name, as the Standing Boards of the Hải Phòng city before and after 2025 do, but never on
the same day). A directive recorded before units existed names a bare string; it is read
the same way (upcast on read), and one that no registered unit bears stays a bare name.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from ledger.application.history import HistoryReads
from ledger.application.principals import PrincipalCommands
from ledger.application.reads import topic_of
from ledger.application.write_cache import WriteCache
from ledger.domain import commands as c
from ledger.domain import errors
from ledger.domain.directive import Directive
from ledger.domain.principal import Principal
from ledger.domain.succession import hand_over, passes_to_successor
from ledger.domain.unit import (
    Unit,
    UnitKind,
    UnitNotValid,
    UnitSuperseded,
    check_may_register_units,
    record_succession,
)
from ledger.domain.values import Actor, Context, Role, iso, nfc

if TYPE_CHECKING:
    from ledger.application.core import WriteResult

UNITS_MAX_AGE = 1.0  # seconds another process's new unit may go unseen (like tokens)
UNIT_EVENTS = ("UnitRegistered", "UnitSucceeded", "UnitSuperseded")
SUCCESSION_RETRIES = 5


class UnitNameTaken(errors.RuleViolation):
    rule = "unit_name_taken"


class UnitNotRegistered(errors.InvalidValue):
    def __init__(self, field: str, name: str) -> None:
        super().__init__(
            field,
            f"{name!r} is not a registered unit (POST /v1/units registers one)",
            rule="unit_not_registered",
        )


@dataclass(frozen=True)
class SuccessionResult:
    successor: Unit
    predecessors: list[Unit]
    handed_over: list[UUID]
    position: int


class UnitRegistry:
    """Every unit, caught up with the log at most every ``UNITS_MAX_AGE`` seconds (at once
    after a unit written by this process). A catch-up reads only the unit events recorded
    since the last one, so a write path that checks units never scans the whole log."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._units: dict[UUID, Unit] = {}
        self._position = 0
        self._read_at = -float("inf")

    def get(self, load_changed: Any) -> list[Unit]:
        """``load_changed(position)``: the units changed after ``position``, and the
        position read up to."""
        with self._lock:
            if time.monotonic() - self._read_at > UNITS_MAX_AGE:
                changed, self._position = load_changed(self._position)
                for unit in changed:
                    self._units[unit.id] = unit  # a dict keeps the order registered
                self._read_at = time.monotonic()
            return list(self._units.values())

    def forget(self) -> None:
        with self._lock:
            self._read_at = -float("inf")


class UnitCommands(HistoryReads, PrincipalCommands):
    unit_registry: UnitRegistry
    _write_cache: WriteCache

    # ------------------------------------------------------------------ reads

    def has_unit(self, unit_id: UUID) -> bool:
        return self._exists(Unit, unit_id)

    def get_unit(self, unit_id: UUID) -> Unit:
        return self._get(Unit, unit_id)

    def units(self) -> list[Unit]:
        """Every registered unit, in the order registered."""
        return self.unit_registry.get(self._units_changed_after)

    def _units_changed_after(self, position: int) -> tuple[list[Unit], int]:
        topics = [topic_of(getattr(Unit, name)) for name in UNIT_EVENTS]
        changed: dict[UUID, None] = {}
        while True:
            batch = self.recorder.select_notifications(
                position, 1000, topics=topics, inclusive_of_start=False
            )
            if not batch:
                break
            changed.update((UUID(str(n.originator_id)), None) for n in batch)
            position = batch[-1].id
        found = (self._get_or_none(Unit, i) for i in changed)
        return [u for u in found if u is not None], position

    def units_named(self, name: str) -> list[Unit]:
        name = nfc(name).strip()
        return [u for u in self.units() if u.name == name]

    def unit_named(self, name: str, on: date) -> Unit | None:
        """The unit that bore ``name`` on ``on``; failing that, the last one that bore it
        (a closed directive of a body since succeeded still names that body)."""
        named = self.units_named(name)
        for unit in named:
            if unit.valid_on(on):
                return unit
        return named[-1] if named else None

    def successor_of(self, unit: Unit) -> Unit | None:
        return None if unit.successor_id is None else self.get_unit(UUID(unit.successor_id))

    def current_unit(self, unit: Unit) -> Unit:
        """The body that holds ``unit``'s work today: itself, or the end of its chain of
        successors."""
        seen = {unit.id}
        while unit.successor_id is not None and UUID(unit.successor_id) not in seen:
            unit = self.get_unit(UUID(unit.successor_id))
            seen.add(unit.id)
        return unit

    # --------------------------------------------------------------- commands

    def register_unit(
        self,
        ctx: Context,
        *,
        name: str,
        kind: UnitKind,
        parent_id: UUID | None = None,
        valid_from: date | None = None,
        valid_to: date | None = None,
        contact: str | None = None,
        id: UUID | None = None,
    ) -> WriteResult:
        check_may_register_units(ctx)
        if parent_id is not None and not self.has_unit(parent_id):
            raise errors.InvalidValue("parent_id", f"no unit {parent_id}", rule="unknown_parent")
        unit = Unit.register(
            ctx=ctx,
            name=name,
            kind=kind,
            parent_id=parent_id,
            valid_from=valid_from,
            valid_to=valid_to,
            contact=contact,
            id=id,
        )
        self.unit_registry.forget()
        for other in self.units_named(unit.name):
            if _overlap(other, unit):
                raise UnitNameTaken(
                    f"{unit.name!r} is already the unit {other.id}, valid from "
                    f"{iso(other.valid_from) or 'its start'} to {iso(other.valid_to) or 'now'}; "
                    "two units share a name only on different days",
                    field="name",
                )
        result = self._save_new(unit, ctx)
        self.unit_registry.forget()
        return result

    def record_succession(
        self,
        ctx: Context,
        *,
        successor_id: UUID,
        predecessor_ids: list[UUID],
        effective_on: date,
        basis: dict[str, Any],
    ) -> SuccessionResult:
        """Record the succession and, in the same transaction, hand every open directive
        of each predecessor to the successor."""
        for _attempt in range(SUCCESSION_RETRIES):
            successor, predecessors, moved = self._succession(
                ctx, successor_id, predecessor_ids, effective_on, basis
            )
            try:
                recordings = self.save(successor, *predecessors, *moved)
            except IntegrityError:  # a directive was written meanwhile: read it again
                for directive in moved:
                    self._write_cache.forget(directive.id)
                self.unit_registry.forget()
                continue
            break
        else:
            raise errors.RuleViolation("the units or their directives are too busy; try again")
        self.unit_registry.forget()
        for directive in moved:
            self._write_cache.forget(directive.id)
        return SuccessionResult(
            successor=successor,
            predecessors=predecessors,
            handed_over=[d.id for d in moved],
            position=recordings[-1].notification.id,
        )

    @property
    def require_registered_units(self) -> bool:
        """From the first registered unit on, a ledger names registered units only; one
        that has none (a ledger from before units) keeps its bare names."""
        return bool(self.units())

    def _succession(
        self,
        ctx: Context,
        successor_id: UUID,
        predecessor_ids: list[UUID],
        effective_on: date,
        basis: dict[str, Any],
    ) -> tuple[Unit, list[Unit], list[Directive]]:
        """The succession's events on fresh copies of the units and directives, unsaved."""
        successor = self.get_unit(successor_id)
        predecessors = [self._get_unit_field(i, "predecessors") for i in predecessor_ids]
        record_succession(
            ctx=ctx,
            successor=successor,
            predecessors=predecessors,
            effective_on=effective_on,
            basis=basis,
        )
        recorded_basis = dict(successor.succession["basis"]) if successor.succession else {}
        renames = {p.name: successor.name for p in predecessors}
        moved: list[Directive] = []
        for directive_id in self.directive_ids():
            directive = self.get_directive(directive_id)
            for predecessor in predecessors:
                if passes_to_successor(directive, predecessor) and self._leads(
                    directive, predecessor
                ):
                    hand_over(
                        directive,
                        ctx=ctx,
                        predecessor=predecessor,
                        successor=successor,
                        effective_on=effective_on,
                        basis=recorded_basis,
                        predecessor_names=renames,
                    )
                    moved.append(directive)
                    break
        return successor, predecessors, moved

    # ----------------------------------------------------------------- checks

    def admit_directive(self, directive: Directive, ctx: Context) -> None:
        """What issuing checks of units: the lead unit is a unit on the issuance day; a
        directive recorded late for a body already succeeded passes to its successor."""
        self.check_lead_unit("lead_unit", directive.lead_unit, directive.issued_on)
        self.hand_over_if_succeeded(directive, ctx)

    def admit_follow_up(self, command: c.FollowUp, ctx: Context) -> None:
        self.check_unit_may_write(ctx.actor)
        if isinstance(command, c.Reassign):
            on = command.effective_on or ctx.recorded_on
            self.check_lead_unit("lead_unit", command.lead_unit, on)

    def register_principal(
        self, ctx: Context, *, name: str, role: Role, unit: str | None = None
    ) -> tuple[str, Principal]:
        """A unit principal of a registered unit is made only while the unit is one. A name
        no unit bears is let through: such a principal leads only directives recorded
        before units were registered (later ones name registered units)."""
        if role is Role.UNIT and unit is not None and unit.strip():
            self.check_lead_unit("unit", unit, ctx.recorded_on, required=False)
        return super().register_principal(ctx, name=name, role=role, unit=unit)

    def check_lead_unit(
        self, field: str, name: str, on: date, *, required: bool = True
    ) -> Unit | None:
        """The registered unit a directive names on ``on``, checked: 422 if no unit bears
        the name (when units are required), 409 if the unit was not one on that day."""
        named = self.units_named(name.strip())
        if not named:
            if required and self.require_registered_units:
                raise UnitNotRegistered(field, name)
            return None
        for unit in named:
            if unit.valid_on(on):
                return unit
        last = named[-1]
        successor = self.successor_of(last)
        hint = "" if successor is None else f"; its work passed to {successor.name!r}"
        raise UnitNotValid(
            f"{name!r} was a unit from {iso(last.valid_from) or 'its start'} to "
            f"{iso(last.valid_to) or 'now'}, not on {on}{hint}",
            field=field,
        )

    def check_unit_may_write(self, actor: Actor) -> None:
        """A principal of a body that was succeeded no longer writes for it (403)."""
        if actor.role is not Role.UNIT or actor.unit is None:
            return
        named = self.units_named(actor.unit)
        if not named or any(u.successor_id is None for u in named):
            return
        last = named[-1]
        successor = self.current_unit(last)
        basis = _basis_text(self.get_unit(UUID(str(last.successor_id))))
        raise UnitSuperseded(
            f"{last.name!r} was succeeded by {successor.name!r} from "
            f"{iso(last.superseded_on)} ({basis}); its principals no longer write for it: "
            f"{successor.name!r}'s do"
        )

    def hand_over_if_succeeded(self, directive: Directive, ctx: Context) -> None:
        """A directive recorded late for a body already succeeded (issued before the
        succession) passes to the successor at once, as the others did."""
        unit = self.unit_named(directive.lead_unit, directive.issued_on)
        if unit is None or unit.successor_id is None or unit.superseded_on is None:
            return
        successor = self.get_unit(UUID(unit.successor_id))
        if successor.succession is None or not passes_to_successor(directive, unit):
            return
        hand_over(
            directive,
            ctx=ctx,
            predecessor=unit,
            successor=successor,
            effective_on=unit.superseded_on,
            basis=dict(successor.succession["basis"]),
        )

    # -------------------------------------------------------------- internals

    def _leads(self, directive: Directive, unit: Unit) -> bool:
        """Whether ``directive``'s lead unit, read by name on its issuance, is ``unit``."""
        bound = getattr(directive, "lead_unit_id", None)
        if bound is not None:
            return bool(bound == str(unit.id))
        named = self.unit_named(directive.lead_unit, directive.issued_on)
        return named is not None and named.id == unit.id

    def _get_unit_field(self, unit_id: UUID, field: str) -> Unit:
        unit = self._get_or_none(Unit, unit_id)
        if unit is None:
            raise errors.InvalidValue(field, f"no unit {unit_id}", rule="unknown_unit")
        return unit

    def _save_new(self, aggregate: Any, ctx: Context) -> WriteResult:
        raise NotImplementedError  # LedgerApplication's


def _overlap(a: Unit, b: Unit) -> bool:
    a_from, a_to = a.valid_from or date.min, a.valid_to or date.max
    b_from, b_to = b.valid_from or date.min, b.valid_to or date.max
    return a_from <= b_to and b_from <= a_to


def _basis_text(successor: Unit) -> str:
    if successor.succession is None:
        return "no basis recorded"
    return str(successor.succession["basis"]["symbol"])
