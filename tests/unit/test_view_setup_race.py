"""Two processes setting up the views on one new SQLite file at once (two API workers)."""

from __future__ import annotations

from pathlib import Path

import pytest
from eventsourcing.persistence import OperationalError
from eventsourcing.sqlite import SQLiteDatastore

from projections.database import ViewDatabase


def test_setup_survives_another_process_creating_the_tracking_table_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(tmp_path / "ledger.sqlite")
    late = ViewDatabase(SQLiteDatastore(path))
    first = ViewDatabase(SQLiteDatastore(path))
    looked = late.tracking.max_tracking_id
    calls = 0

    def table_not_there_yet(name: str) -> int | None:
        # The late process looked before the first one created the table...
        nonlocal calls
        calls += 1
        if calls == 1:
            first.setup([])  # ...which the first one does right then.
            raise OperationalError("no such table: tracking")
        return looked(name)

    monkeypatch.setattr(late.tracking, "max_tracking_id", table_not_there_yet)
    late.setup([])

    with late.transaction(commit=False) as cursor:
        cursor.execute("SELECT application_name, notification_id FROM tracking")
        rows = [tuple(row) for row in cursor.fetchall()]
    assert rows == [("__migration__", 1)]
    first.close()
    late.close()
