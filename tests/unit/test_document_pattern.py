"""The OpenAPI's document symbol pattern and the parser accept the same symbols."""

from __future__ import annotations

import re

import jsonschema_rs
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.domain.document_kinds import (
    PARTY_KINDS,
    STATE_ADMINISTRATIVE_KINDS,
    STATE_NORMATIVE_KINDS,
)
from ledger.domain.document_pattern import SYMBOL_PATTERN, misspelt_kinds
from ledger.domain.documents import parse_symbol
from ledger.domain.errors import InvalidValue

PATTERN = re.compile(SYMBOL_PATTERN)
# JSON Schema reads a pattern as ECMA-262: the validator a client would use agrees.
SCHEMA = jsonschema_rs.validator_for({"type": "string", "pattern": SYMBOL_PATTERN})

KINDS = sorted({*PARTY_KINDS, *STATE_ADMINISTRATIVE_KINDS, *STATE_NORMATIVE_KINDS})
PIECES = [
    *KINDS,
    *sorted(misspelt_kinds(STATE_ADMINISTRATIVE_KINDS)),
    *("QH15", "UBTVQH14", "QH", "TW", "TU", "TTg", "VPCP", "CN", "UBND"),
    *("0", "00", "01", "1", "12", "125", "1000000", "1944", "1945", "2014", "2100", "2101"),
    *("/", "-", "/", "-", "Đ", "đ", "D", "a", "y", "Z", " ", "\n", "é", "_"),
]
near_symbols = st.lists(st.sampled_from(PIECES), min_size=1, max_size=7).map("".join)


def accepted(text: str) -> bool:
    try:
        parse_symbol(text)
    except InvalidValue:
        return False
    return True


@settings(max_examples=400, deadline=None)
@given(st.from_regex(PATTERN, fullmatch=True))
def test_every_symbol_the_pattern_makes_is_accepted(symbol: str) -> None:
    assert accepted(symbol), symbol
    assert parse_symbol(symbol).symbol == symbol
    assert SCHEMA.is_valid(symbol)


@settings(max_examples=3000, deadline=None)
@given(near_symbols)
def test_the_pattern_matches_exactly_what_the_parser_accepts(text: str) -> None:
    assert bool(PATTERN.fullmatch(text)) == accepted(text), text
    assert SCHEMA.is_valid(text) == accepted(text), text


def test_the_conventions_examples() -> None:
    for symbol in ("01-CT/TW", "42/2014/QĐ-TTg", "202/2025/QH15", "1459/QĐ-TTg", "9061/VPCP-CN"):
        assert PATTERN.fullmatch(symbol), symbol
    for refused in ("1/CV-VP", "1/QD-TTg", "1/QĐ", "0/VPCP-CN", "1/1944/QĐ-TTg", "1-XX/TW"):
        assert not PATTERN.fullmatch(refused), refused
        assert not accepted(refused), refused
