"""The cosignatures table on SQLite and PostgreSQL: lines stored beside a checkpoint's
size come back in order, a repeated line is stored once, and the database refuses
UPDATE, DELETE (and TRUNCATE on PostgreSQL) while its triggers stand."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ledger.application import LedgerApplication
from ledger.settings import Settings

LINES = [
    "— witness.example/w1 AAAAAQAAAABpQ2Fs" + "A" * 80,
    "— witness.example/w2 AAAAAgAAAABpQ2Fs" + "B" * 80,
    "— nhân-chứng.vn/w3 AAAAAwAAAABpQ2Fs" + "C" * 80,  # names are UTF-8, kept as given
]


@pytest.fixture
def ledger(database_url: str) -> Iterator[LedgerApplication]:
    app = LedgerApplication(Settings.from_env({}, database_url=database_url))
    try:
        yield app
    finally:
        app.close()


def test_cosignatures_are_stored_beside_their_size_once_in_order(
    ledger: LedgerApplication,
) -> None:
    recorder: Any = ledger.ledger_recorder
    assert recorder.cosignatures(7) == []
    recorder.insert_cosignatures(7, [LINES[1] + "\n"])
    recorder.insert_cosignatures(7, [LINES[0], LINES[1]])  # the second is already stored
    recorder.insert_cosignatures(9, [LINES[2]])
    assert recorder.cosignatures(7) == [LINES[1], LINES[0]]
    assert recorder.cosignatures(9) == [LINES[2]]
    assert recorder.cosignatures(8) == []


def test_the_cosignatures_table_is_append_only(ledger: LedgerApplication) -> None:
    recorder: Any = ledger.ledger_recorder
    recorder.insert_cosignatures(3, [LINES[0]])
    statements = ["UPDATE ledger_cosignatures SET size = 4", "DELETE FROM ledger_cosignatures"]
    if "postgres" in type(recorder).__name__.lower():
        statements.append("TRUNCATE ledger_cosignatures")
    for statement in statements:
        with (
            pytest.raises(Exception, match="append-only"),
            recorder.datastore.transaction(commit=True) as c,
        ):
            c.execute(statement)
    assert recorder.cosignatures(3) == [LINES[0]]
