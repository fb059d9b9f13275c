"""Fixtures of the unit tests: an application on a fresh SQLite file, with a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from ledger_helpers import make_app

from ledger.application import LedgerApplication


@pytest.fixture
def app(sqlite_url: str) -> Iterator[LedgerApplication]:
    ledger = make_app(sqlite_url)
    yield ledger
    ledger.close()
