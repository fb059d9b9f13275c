"""The ledger's orjson transcoder stores exactly the bytes eventsourcing's stdlib JSON
transcoder would, and decodes them back to the same values."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from eventsourcing.persistence import DatetimeAsISO, JSONTranscoder, UUIDAsHex
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.store.transcoding import DateAsISO, LedgerJSONTranscoder


def transcoders() -> tuple[JSONTranscoder, JSONTranscoder]:
    pair = (JSONTranscoder(), LedgerJSONTranscoder())
    for transcoder in pair:
        for transcoding in (UUIDAsHex(), DatetimeAsISO(), DateAsISO()):
            transcoder.register(transcoding)
    return pair


TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    TEXT,
    st.sampled_from(["Hải Dương", "a\u2028b", "\x00\x1f\x7f", '"\\/', "😀", "Ð"]),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=7))])),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(state=st.dictionaries(TEXT, VALUES, max_size=6))
def test_same_bytes_as_the_stdlib_transcoder(state: dict[str, Any]) -> None:
    stdlib, fast = transcoders()
    encoded = fast.encode(state)
    assert encoded == stdlib.encode(state)
    assert fast.decode(encoded) == stdlib.decode(encoded) == state


def test_what_orjson_refuses_is_written_as_before() -> None:
    stdlib, fast = transcoders()
    for state in ({"big": 2**70}, {"keys": {1: "a"}}, {"when": datetime(2022, 1, 1, tzinfo=UTC)}):
        assert fast.encode(state) == stdlib.encode(state)
    assert fast.encode({"on": date(2021, 12, 10)}) == stdlib.encode({"on": date(2021, 12, 10)})
