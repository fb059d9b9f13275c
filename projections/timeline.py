"""A directive's timeline: the spans of effective dates over which its board state holds,
kept bitemporally (which log position recorded each span, and which one replaced it).

The rule it implements (DESIGN section 2, "Derived status"): the board on a day D is the
fold, in log order, of the directive's events effective on or before D. A new event is
always the last in log order, so for every day on or after its effective date d it is
applied after all the others: the spans that end on or before d are untouched, the span
around d is split at d, and every span from d on gets the event applied to its state. A
late-recorded event with an early ``effective_on`` thus rewrites only its own directive's
spans, and only from its date on.

Pure: no storage. ``projections.status_board`` keeps the spans in SQL.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from projections.grid import COMPLETED_LATE, COMPLETED_ON_TIME, WITHDRAWN

OPEN_END = "9999-12-31"  # valid_to of the last span: open-ended
NEVER = 2**62  # superseded (or closed) at no position yet
OPEN_SPAN = 99  # the span class of an open-ended span


class State:
    """The state of one directive as the board shows it (the aggregate's transitions,
    restricted to what the views show)."""

    __slots__ = (
        "code",
        "completed_on",
        "deadline",
        "extensions",
        "id",
        "issued_on",
        "lead_unit",
        "meeting_id",
        "parent_id",
        "percent",
        "position",
        "reported_on",
        "seq",
        "status",
        "title",
        "version",
        "withdrawn_on",
    )
    code: str | None
    completed_on: str | None
    deadline: str | None
    extensions: int
    id: str
    issued_on: str
    lead_unit: str
    meeting_id: str | None
    parent_id: str | None
    percent: int
    position: int
    reported_on: str | None
    seq: int
    status: str
    title: str
    version: int
    withdrawn_on: str | None

    def __init__(self, **fields: Any) -> None:
        for name in self.__slots__:
            setattr(self, name, fields.get(name))

    @classmethod
    def issued(cls, directive_id: str, position: int, effective_on: str, data: Any) -> State:
        return cls(
            id=directive_id,
            seq=position,  # the issuing event's position orders the board
            code=data.get("code"),
            title=data.get("title") or "",
            lead_unit=data.get("lead_unit") or "",
            deadline=data.get("deadline"),
            meeting_id=data.get("meeting_id"),
            parent_id=data.get("parent_id"),
            issued_on=effective_on,
            status="issued",
            percent=0,
            extensions=0,
            version=1,
            position=position,
        )

    def clone(self) -> State:
        # copy.copy of a slotted object goes through __reduce_ex__: many times slower,
        # and a rebuild clones a state per span an event rewrites.
        s = State.__new__(State)
        s.code = self.code
        s.completed_on = self.completed_on
        s.deadline = self.deadline
        s.extensions = self.extensions
        s.id = self.id
        s.issued_on = self.issued_on
        s.lead_unit = self.lead_unit
        s.meeting_id = self.meeting_id
        s.parent_id = self.parent_id
        s.percent = self.percent
        s.position = self.position
        s.reported_on = self.reported_on
        s.seq = self.seq
        s.status = self.status
        s.title = self.title
        s.version = self.version
        s.withdrawn_on = self.withdrawn_on
        return s

    def fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}

    def applied(
        self, type_: str, version: int, position: int, effective_on: str, data: Any
    ) -> State:
        """A copy with one more event applied."""
        s = self.clone()
        s.version = version
        s.position = position
        if type_ == "accepted":
            s.status = "accepted"
        elif type_ == "progress_reported":
            s.status = "in_progress"
            s.percent = int(data["percent"])
        elif type_ == "extension_granted":
            s.deadline = data["new_deadline"]
            s.extensions += 1
        elif type_ == "reassigned":
            s.lead_unit = data["lead_unit"]
            s.status = "issued"
            s.reported_on = None
        elif type_ == "lead_unit_succeeded":
            # The successor leads from the succession's day; nothing else changes.
            s.lead_unit = data["lead_unit"]
        elif type_ == "completion_reported":
            s.status = "completion_reported"
            s.reported_on = effective_on
        elif type_ == "completion_verified":
            s.status = "completed"
            s.percent = 100
            # A verification may be dated before a report that is not yet effective on
            # the day asked about; then the verification's own date stands in for it.
            s.completed_on = s.reported_on or effective_on
        elif type_ == "completion_rejected":
            s.status = "in_progress"
            s.reported_on = None
        elif type_ == "withdrawn":
            s.status = "withdrawn"
            s.withdrawn_on = effective_on
        # extension_requested, extension_refused, annotated: only the version moves.
        return s

    def closed_grid(self) -> tuple[str | None, int]:
        """The grid cell when it does not depend on the day (completed, withdrawn), with
        the days late; (None, 0) while open: then the deadline and the day decide."""
        if self.status == "withdrawn":
            return WITHDRAWN, 0
        if self.status != "completed":
            return None, 0
        deadline = self.deadline
        if deadline is None or (self.completed_on or "") <= deadline:
            return COMPLETED_ON_TIME, 0
        late = date.fromisoformat(str(self.completed_on)) - date.fromisoformat(deadline)
        return COMPLETED_LATE, late.days


class Span:
    """One row of the timeline: ``state`` holds on days valid_from <= D < valid_to, as
    known from position ``recorded`` until ``superseded``; ``valid_to`` was open-ended
    until ``closed_at`` (a span closed in place when a later event starts the next one)."""

    __slots__ = (
        "closed_at",
        "dirty",
        "recorded",
        "state",
        "stored",
        "stored_to",
        "superseded",
        "valid_from",
        "valid_to",
    )

    def __init__(
        self,
        valid_from: str,
        valid_to: str,
        recorded: int,
        state: State,
        closed_at: int | None = None,
        superseded: int = NEVER,
        stored: bool = False,
    ) -> None:
        self.valid_from = valid_from
        self.valid_to = valid_to
        self.recorded = recorded
        self.closed_at = recorded if closed_at is None else closed_at
        self.superseded = superseded
        self.state = state
        self.stored = stored  # already a row in the database (changes are updates)
        self.stored_to = valid_to if stored else None  # its valid_to as the row has it
        self.dirty = not stored


def advance(
    spans: list[Span],
    retired: list[Span],
    type_: str,
    version: int,
    position: int,
    eff: str,
    data: Any,
) -> list[Span]:
    """The current spans after one more event (the last in log order) of this directive,
    effective on ``eff``; the spans it replaces are marked superseded and added to
    ``retired``. ``spans`` are the current ones, in date order."""
    result: list[Span] = []
    for s in spans:
        if s.valid_to <= eff:
            result.append(s)
            continue
        new_state = s.state.applied(type_, version, position, eff, data)
        old_to = s.valid_to
        if s.valid_from < eff:
            if old_to == OPEN_END:
                # The usual case (events recorded in date order): the open span ends at
                # ``eff``; known as open-ended until this position, closed from it on.
                s.valid_to = eff
                s.closed_at = position
                s.dirty = True
                result.append(s)
            else:
                s.superseded = position
                s.dirty = True
                retired.append(s)
                result.append(Span(s.valid_from, eff, position, s.state))
            result.append(Span(eff, old_to, position, new_state))
            continue
        s.superseded = position
        s.dirty = True
        retired.append(s)
        result.append(Span(s.valid_from, old_to, position, new_state))
    return result


def span_class(valid_from: str, valid_to: str) -> int:
    """Spans are indexed by the bit length of their length in days, so a day's spans of
    class c all start within 2**c days before it: a range scan per class, not a scan of
    every span that started before the day. Open-ended spans are their own class."""
    if valid_to == OPEN_END:
        return OPEN_SPAN
    return max(ordinal(valid_to) - ordinal(valid_from), 0).bit_length()


@lru_cache(maxsize=65536)
def ordinal(day: str) -> int:
    """The day number of an ISO date (cached: the same few thousand days recur)."""
    return date.fromisoformat(day).toordinal()


def day_after(day: str) -> str:
    return date.fromordinal(ordinal(day) + 1).isoformat()
