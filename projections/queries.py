"""Reading the views: a page of a view on a business date, its counts and the digest of
the whole view, as the view stands now or as it was known at an earlier position.

Every date-dependent view reads its own span tables with range queries
(``projections.spans``); nothing is folded at query time, and nothing is cached but the
digests of whole views (a few hundred short strings, checked before use).
"""

from __future__ import annotations

import base64
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import orjson

from projections.activity import read_activity
from projections.database import ViewDatabase
from projections.digest import digest_of, digest_of_pages
from projections.meetings import read_meetings
from projections.overdue import read_overdue_counts, read_overdue_page
from projections.status_board import (
    BOARD_TABLE,
    changed_since,
    read_board_counts,
    read_board_page,
)
from projections.units import counts_row, read_units

VIEW_NAMES = ("status-board", "overdue", "units", "meetings", "activity")
PAGED_VIEWS = ("status-board", "overdue", "activity")
BOARD_FILTERS = ("status", "unit", "meeting_id", "overdue", "grid")
BUCKETS = ("1-30", "31-60", "61-120", ">120")
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
DIGEST_PAGE = 5000
DIGEST_CACHE_SIZE = 256


class UnknownView(KeyError):
    pass


class InvalidCursor(ValueError):
    """A cursor this service did not give (or not for this view)."""


class NotYetKnown(LookupError):
    """A position the view has not reached yet."""

    def __init__(self, asked: int, reached: int) -> None:
        super().__init__(f"the view is at position {reached}, not yet at {asked}")
        self.asked = asked
        self.reached = reached


def encode_overdue_cursor(row: dict[str, Any]) -> str:
    key = [row["deadline"], row["code"] or "", row["id"]]
    return base64.urlsafe_b64encode(orjson.dumps(key)).decode().rstrip("=")


def decode_overdue_cursor(cursor: str) -> tuple[str, str, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = orjson.loads(raw)
    except (ValueError, orjson.JSONDecodeError) as e:
        raise InvalidCursor(cursor) from e
    if not (isinstance(key, list) and len(key) == 3 and all(isinstance(k, str) for k in key)):
        raise InvalidCursor(cursor)
    return key[0], key[1], key[2]


def decode_number_cursor(cursor: str) -> int:
    if not cursor.isascii() or not cursor.isdigit() or len(cursor) > 16:
        raise InvalidCursor(cursor)
    return int(cursor)


class DigestCache:
    """Digests of whole views, by (view, day, knowledge, filters): the entry made at
    position P0 still holds at P1 if no span the board recorded in (P0, P1] starts on or
    before the day (a view on a past day rarely changes while today's events arrive)."""

    def __init__(self, size: int = DIGEST_CACHE_SIZE) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[Any, ...], tuple[int, str]] = OrderedDict()

    def get(self, key: tuple[Any, ...]) -> tuple[int, str] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple[Any, ...], position: int, digest: str) -> None:
        with self._lock:
            self._entries[key] = (position, digest)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


class ViewReader:
    def __init__(self, db: ViewDatabase) -> None:
        self.db = db
        self.digests = DigestCache()

    # ------------------------------------------------------------- positions

    def tracked(self, cursor: Any, name: str) -> int:
        return self.db.tracked(cursor, name)

    def knowledge(self, cursor: Any, name: str, known_at: int | None) -> tuple[int, int | None]:
        """(the answer's position, the position to read spans as known at, or None for
        the view's own position, which reads the current spans)."""
        reached = self.tracked(cursor, name)
        if known_at is None or known_at == reached:
            return reached, None
        if known_at > reached:
            raise NotYetKnown(known_at, reached)
        return known_at, known_at

    # ------------------------------------------------------------- pages

    def page(
        self,
        name: str,
        on: date,
        *,
        limit: int = DEFAULT_LIMIT,
        cursor: str | None = None,
        known_at: int | None = None,
        with_digest: bool = True,
        **filters: Any,
    ) -> dict[str, Any]:
        """One page of a view: ``{position, digest, counts, rows, next_cursor}``; the
        digest and the counts are those of the whole view (every page), the activity
        feed's digest that of the page (the feed only grows: a page never changes)."""
        if name not in PAGED_VIEWS:
            raise UnknownView(name)
        limit = max(1, min(int(limit), MAX_LIMIT))
        with self.db.transaction(commit=False) as c:
            position, at = self.knowledge(c, name, known_at)
            if name == "activity":
                after = int(filters.get("after") or 0)
                if cursor is not None:
                    after = max(after, decode_number_cursor(cursor))
                rows = read_activity(self.db, c, position, after, limit + 1)
                more = len(rows) > limit
                rows = rows[:limit]
                next_cursor = str(rows[-1]["position"]) if more else None
                return {
                    "position": position,
                    "digest": digest_of(rows),
                    "rows": rows,
                    "next_cursor": next_cursor,
                }
            if name == "status-board":
                board_filters = self._board_filters(filters)
                after_seq = 0 if cursor is None else decode_number_cursor(cursor)
                pairs = read_board_page(self.db, c, on, at, after_seq, limit + 1, board_filters)
                counts = counts_row(read_board_counts(self.db, c, on, at, board_filters))
                more = len(pairs) > limit
                rows = [row for _seq, row in pairs[:limit]]
                next_cursor = str(pairs[limit - 1][0]) if more else None
            else:
                unit = filters.get("unit")
                key = None if cursor is None else decode_overdue_cursor(cursor)
                rows = read_overdue_page(self.db, c, on, at, key, limit + 1, unit)
                buckets = read_overdue_counts(self.db, c, on, at, unit)
                counts = {
                    "overdue": sum(buckets.values()),
                    **{b: buckets.get(b, 0) for b in BUCKETS},
                }
                more = len(rows) > limit
                rows = rows[:limit]
                next_cursor = encode_overdue_cursor(rows[-1]) if more else None
        digest = (
            self.view_digest(name, on, known_at=at, position=position, **filters)
            if with_digest
            else None
        )
        return {
            "position": position,
            "digest": digest,
            "counts": counts,
            "rows": rows,
            "next_cursor": next_cursor,
        }

    @staticmethod
    def _board_filters(filters: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in filters.items() if k in BOARD_FILTERS and v is not None}

    # ------------------------------------------------------------- whole views

    def pages(
        self, name: str, on: date, position: int, known_at: int | None, filters: dict[str, Any]
    ) -> Iterator[list[dict[str, Any]]]:
        """The whole view at ``position``, a page at a time, each page in a transaction of
        its own: read as known at ``position`` once the view has moved on."""

        def at(c: Any) -> int | None:
            if known_at is None and self.tracked(c, name) == position:
                return None
            return position

        if name == "status-board":
            board_filters = self._board_filters(filters)
            after = 0
            while True:
                with self.db.transaction(commit=False) as c:
                    pairs = read_board_page(
                        self.db, c, on, at(c), after, DIGEST_PAGE, board_filters
                    )
                if not pairs:
                    return
                after = pairs[-1][0]
                yield [row for _seq, row in pairs]
        elif name == "overdue":
            key: tuple[str, str, str] | None = None
            while True:
                with self.db.transaction(commit=False) as c:
                    rows = read_overdue_page(
                        self.db, c, on, at(c), key, DIGEST_PAGE, filters.get("unit")
                    )
                if not rows:
                    return
                last = rows[-1]
                key = (last["deadline"], last["code"] or "", last["id"])
                yield rows
        else:
            raise UnknownView(name)

    def view_digest(
        self, name: str, on: date, *, known_at: int | None, position: int, **filters: Any
    ) -> str:
        """The digest of the whole view (cached, see ``DigestCache``)."""
        shown = tuple(sorted((k, v) for k, v in filters.items() if v is not None))
        key = (name, on, known_at, shown)
        cached = self.digests.get(key)
        if cached is not None:
            since, digest = cached
            if since == position:
                return digest
            if known_at is None and since < position:
                with self.db.transaction(commit=False) as c:
                    if not changed_since(self.db, c, BOARD_TABLE, since, on):
                        return digest
        digest = digest_of_pages(self.pages(name, on, position, known_at, filters))
        self.digests.put(key, position, digest)
        return digest

    def whole(
        self, name: str, on: date, known_at: int | None = None, **filters: Any
    ) -> dict[str, Any]:
        """``{position, digest, rows}`` of a whole view (every row at once)."""
        if name not in VIEW_NAMES:
            raise UnknownView(name)
        with self.db.transaction(commit=False) as c:
            position, at = self.knowledge(c, name, known_at)
            if name == "activity":
                after = int(filters.get("after") or 0)
                rows = read_activity(self.db, c, position, after, filters.get("limit"))
                return {"position": position, "digest": digest_of(rows), "rows": rows}
            if name == "units":
                rows = read_units(self.db, c, on, at)
                return {"position": position, "digest": digest_of(rows), "rows": rows}
            if name == "meetings":
                rows = read_meetings(self.db, c, position, on, at, filters.get("meeting_id"))
                return {"position": position, "digest": digest_of(rows), "rows": rows}
        rows = [r for page in self.pages(name, on, position, at, filters) for r in page]
        return {"position": position, "digest": digest_of(rows), "rows": rows}

    def activity_digest(self, page_size: int = 10_000) -> str:
        """The digest of the whole activity feed, read a page at a time."""
        with self.db.transaction(commit=False) as c:
            position = self.tracked(c, "activity")

        def pages() -> Iterator[list[dict[str, Any]]]:
            after = 0
            while True:
                with self.db.transaction(commit=False) as c:
                    page = read_activity(self.db, c, position, after, page_size)
                if not page:
                    return
                yield page
                after = page[-1]["position"]

        return digest_of_pages(pages())


Progress = Callable[[int, int], None]
