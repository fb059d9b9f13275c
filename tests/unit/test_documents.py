"""Document numbers and symbols in both conventions (Party: 36-HD/VPTW; State: 30/2020/NĐ-CP)."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from ledger.domain.documents import (
    Convention,
    InvalidDocumentSymbol,
    document_reference,
    parse_symbol,
    symbol_or_none,
)
from ledger.domain.errors import InvalidValue

P, S = Convention.PARTY, Convention.STATE

# symbol, convention, number, year, kind, kind name, issuer, drafting unit
VALID: list[tuple[str, Convention, int, int | None, str | None, str, str, str | None]] = [
    ("01-CT/TW", P, 1, None, "CT", "Chỉ thị", "TW", None),
    ("05-CT/TW", P, 5, None, "CT", "Chỉ thị", "TW", None),
    ("01-KL/TW", P, 1, None, "KL", "Kết luận", "TW", None),
    ("48-NQ/TU", P, 48, None, "NQ", "Nghị quyết", "TU", None),
    ("12-KH/TU", P, 12, None, "KH", "Kế hoạch", "TU", None),
    ("210-BC/TU", P, 210, None, "BC", "Báo cáo", "TU", None),
    ("36-HD/VPTW", P, 36, None, "HD", "Hướng dẫn", "VPTW", None),
    ("66-QĐ/TW", P, 66, None, "QĐ", "Quyết định", "TW", None),
    ("125-CV/TU", P, 125, None, "CV", "Công văn", "TU", None),
    ("07-QĐi/TW", P, 7, None, "QĐi", "Quy định", "TW", None),
    ("03-TB/ĐU", P, 3, None, "TB", "Thông báo", "ĐU", None),
    ("42/2014/QĐ-TTg", S, 42, 2014, "QĐ", "Quyết định", "TTg", None),
    ("30/2020/NĐ-CP", S, 30, 2020, "NĐ", "Nghị định", "CP", None),
    ("01/2020/TT-VPCP", S, 1, 2020, "TT", "Thông tư", "VPCP", None),
    ("55/2005/TTLT-BNV-VPCP", S, 55, 2005, "TTLT", "Thông tư liên tịch", "BNV-VPCP", None),
    ("666/2015/QĐ-UBND", S, 666, 2015, "QĐ", "Quyết định", "UBND", None),
    ("202/2025/QH15", S, 202, 2025, None, "Luật, nghị quyết hoặc pháp lệnh", "QH15", None),
    ("190/2025/QH15", S, 190, 2025, None, "Luật, nghị quyết hoặc pháp lệnh", "QH15", None),
    ("76/2025/UBTVQH15", S, 76, 2025, None, "Luật, nghị quyết hoặc pháp lệnh", "UBTVQH15", None),
    ("1459/QĐ-TTg", S, 1459, None, "QĐ", "Quyết định", "TTg", None),
    ("1669/NQ-UBTVQH15", S, 1669, None, "NQ", "Nghị quyết", "UBTVQH15", None),
    ("380/TTr-CP", S, 380, None, "TTr", "Tờ trình", "CP", None),
    ("381/ĐA-CP", S, 381, None, "ĐA", "Đề án", "CP", None),
    ("425/BC-UBPLTP15", S, 425, None, "BC", "Báo cáo", "UBPLTP15", None),
    ("03/VBHN-VPQH", S, 3, None, "VBHN", "Văn bản hợp nhất", "VPQH", None),
    ("9061/VPCP-CN", S, 9061, None, None, "Công văn", "VPCP", "CN"),
    ("15/SGDĐT", S, 15, None, None, "Công văn", "SGDĐT", None),
]

# symbol, rule
INVALID: list[tuple[Any, str]] = [
    ("", "document_symbol_format"),
    (" 01-CT/TW", "document_symbol_format"),  # spaces around
    ("01 - CT/TW", "document_symbol_format"),  # spaces inside
    ("Số 01-CT/TW", "document_symbol_format"),  # the word "Số" is not part of it
    ("01/CT/TW", "document_symbol_format"),  # Party kind after a slash
    ("01-CT-TW", "document_symbol_format"),  # no slash before the issuer
    ("01-CT/", "document_symbol_format"),  # no issuer
    ("CT/TW", "document_symbol_format"),  # no number
    ("01-ct/TW", "document_symbol_format"),  # abbreviations are capitals
    ("01-CT/tw", "document_symbol_format"),
    ("01-XX/TW", "document_kind_unknown"),  # no such kind of Party document
    ("0-CT/TW", "document_number_range"),
    ("00/QĐ-TTg", "document_number_range"),
    ("1234567-CT/TW", "document_symbol_format"),  # numbers have at most six digits
    ("42/14/QĐ-TTg", "document_symbol_format"),  # the year has four digits
    ("42/1890/QĐ-TTg", "document_year_range"),
    ("42/2014/QD-TTg", "document_kind_spelling"),  # Latin D for Đ
    ("30/2020/ND-CP", "document_kind_spelling"),
    ("1459/QD-TTg", "document_kind_spelling"),
    ("42/2014/TTg", "document_kind_unknown"),  # a year, but no kind
    ("42/2014/XX-TTg", "document_kind_unknown"),
    ("1459/QĐ", "document_symbol_format"),  # a kind, but no issuing body
    ("123/CV-UBND", "document_kind_unknown"),  # a State công văn writes no kind
    ("202/2025/QH15/", "document_symbol_format"),
    ("202//QH15", "document_symbol_format"),
    ("42/2014/QĐ-TTg-", "document_symbol_format"),
    ("42/2014/QĐ--TTg", "document_symbol_format"),
    ("٤٢/2014/QĐ-TTg", "document_symbol_format"),  # Arabic-Indic digits
    (42, "document_symbol_format"),
    (None, "document_symbol_format"),
]


@pytest.mark.parametrize(
    ("symbol", "convention", "number", "year", "kind", "kind_name", "issuer", "unit"), VALID
)
def test_valid_symbols_parse_into_their_parts(
    symbol: str,
    convention: Convention,
    number: int,
    year: int | None,
    kind: str | None,
    kind_name: str,
    issuer: str,
    unit: str | None,
) -> None:
    parsed = parse_symbol(symbol)
    assert parsed.symbol == symbol
    assert parsed.convention is convention
    assert (parsed.number, parsed.year, parsed.kind, parsed.issuer) == (number, year, kind, issuer)
    assert parsed.kind_name.startswith(kind_name)
    assert parsed.drafting_unit == unit


@pytest.mark.parametrize(("symbol", "rule"), INVALID)
def test_invalid_symbols_are_refused_naming_the_field_and_the_shape(symbol: Any, rule: str) -> None:
    with pytest.raises(InvalidDocumentSymbol) as refused:
        parse_symbol(symbol, "evidence[0].symbol")
    assert refused.value.rule == rule
    assert refused.value.field == "evidence[0].symbol"
    assert "01-CT/TW" in refused.value.message
    assert "42/2014/QĐ-TTg" in refused.value.message


def test_decomposed_text_is_stored_in_its_nfc_form() -> None:
    subject = "Về việc sắp xếp đơn vị hành chính cấp tỉnh"
    decomposed = unicodedata.normalize("NFD", subject)
    assert decomposed != subject
    reference = document_reference("basis", {"symbol": "202/2025/QH15", "subject": decomposed})
    assert reference["subject"] == subject
    # A tone mark has no place in an abbreviation, composed or not.
    with pytest.raises(InvalidDocumentSymbol):
        parse_symbol(unicodedata.normalize("NFD", "01-CT/TƯ"))


def test_issuer_names_of_known_bodies() -> None:
    assert parse_symbol("202/2025/QH15").issuer_name == "Quốc hội khóa XV"
    assert parse_symbol("1669/NQ-UBTVQH15").issuer_name == "Ủy ban Thường vụ Quốc hội khóa XV"
    assert parse_symbol("42/2014/QĐ-TTg").issuer_name == "Thủ tướng Chính phủ"
    assert parse_symbol("12-KH/XYZ").issuer_name is None


def test_a_document_reference_is_checked_and_kept_exactly() -> None:
    reference = document_reference(
        "basis",
        {
            "symbol": "202/2025/QH15",
            "issued_on": "2025-06-12",
            "issuer": "Quốc hội",
            "subject": "Về việc sắp xếp đơn vị hành chính cấp tỉnh",
        },
    )
    assert reference == {
        "symbol": "202/2025/QH15",
        "issued_on": "2025-06-12",
        "issuer": "Quốc hội",
        "subject": "Về việc sắp xếp đơn vị hành chính cấp tỉnh",
    }
    assert document_reference("basis", {"symbol": "01-CT/TW"}) == {
        "symbol": "01-CT/TW",
        "issued_on": None,
        "issuer": None,
        "subject": None,
    }


@pytest.mark.parametrize(
    ("value", "field", "rule"),
    [
        ("202/2025/QH15", "basis", "document_format"),
        ({"symbol": "202/2025/QH15", "title": "x"}, "basis.title", "document_format"),
        ({"symbol": "202/2025/QH 15"}, "basis.symbol", "document_symbol_format"),
        ({"issued_on": "2025-06-12"}, "basis.symbol", "document_symbol_format"),
        ({"symbol": "202/2025/QH15", "issued_on": "12/6/2025"}, "basis.issued_on", "date_format"),
        (
            {"symbol": "202/2025/QH15", "issued_on": "2024-06-12"},
            "basis.issued_on",
            "document_year_mismatch",
        ),
        ({"symbol": "01-CT/TW", "issuer": " "}, "basis.issuer", "text_required"),
        ({"symbol": "01-CT/TW", "subject": 3}, "basis.subject", "text_required"),
    ],
)
def test_a_malformed_document_reference_names_its_field(value: Any, field: str, rule: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        document_reference("basis", value)
    assert (refused.value.field, refused.value.rule) == (field, rule)


def test_old_free_text_references_are_read_as_symbols_when_they_are_one() -> None:
    assert symbol_or_none("12-KH/TU") is not None
    assert symbol_or_none(" 210-BC/TU ") is not None
    assert symbol_or_none("Báo cáo số 99/BC") is None
    assert symbol_or_none(None) is None
