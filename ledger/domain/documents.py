"""Vietnamese document numbers and symbols (số và ký hiệu văn bản), and document references.

Two conventions are in use, and a ledger of follow-up cites both:

- Party documents (Hướng dẫn 36-HD/VPTW of 3 April 2018, section II.1.3): the number, a
  hyphen, the abbreviation of the kind, a slash, the abbreviation of the issuing body:
  ``01-CT/TW``, ``48-NQ/TU``, ``12-KH/TU``, ``210-BC/TU``. Numbers run per kind within a
  committee's term, so a Party symbol carries no year. Party official letters (công văn)
  are written with ``CV``: ``125-CV/TU``.
- State documents (Nghị định 30/2020/NĐ-CP of 5 March 2020, Phụ lục I and III, and the
  form of legal normative documents): the number, a slash, then the symbol, whose groups
  of abbreviations are joined by hyphens. Legal normative documents put the year between
  the number and the symbol: ``42/2014/QĐ-TTg``, ``01/2020/TT-VPCP``; the National
  Assembly writes only its legislature: ``202/2025/QH15``. Administrative documents have
  no year: ``1459/QĐ-TTg``, ``1669/NQ-UBTVQH15``. A State công văn has no kind in its
  symbol: the issuing body, then the drafting unit: ``9061/VPCP-CN``.

The parser is pure and strict: it returns a structured value or raises
``InvalidDocumentSymbol`` naming the expected shape; it never guesses a correction.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from ledger.domain.document_kinds import (
    ISSUER_NAMES,
    PARTY_KINDS,
    STATE_ADMINISTRATIVE_KINDS,
    STATE_NORMATIVE_KINDS,
)
from ledger.domain.errors import InvalidValue

PARTY_SHAPE = "<số>-<tên loại>/<cơ quan ban hành>, e.g. 01-CT/TW"
STATE_SHAPES = (
    "<số>/<năm>/<tên loại>-<cơ quan> (42/2014/QĐ-TTg), <số>/<năm>/QH<khóa> (202/2025/QH15), "
    "<số>/<tên loại>-<cơ quan> (1459/QĐ-TTg) or, for a công văn, <số>/<cơ quan>-<đơn vị> "
    "(9061/VPCP-CN)"
)
EXPECTED_SHAPE = f"a Party symbol {PARTY_SHAPE}, or a State symbol {STATE_SHAPES}"

# A group of an abbreviation: a capital letter (Đ included), then letters or digits
# (TTg, QĐi, CTr, QH15). Abbreviations never carry tone marks.
_GROUP = r"[A-ZĐ][A-Za-zĐđ0-9]*"
_GROUPS = rf"{_GROUP}(?:-{_GROUP})*"
_PARTY = re.compile(rf"(?P<number>[0-9]{{1,6}})-(?P<kind>{_GROUP})/(?P<issuer>{_GROUPS})")
_STATE = re.compile(rf"(?P<number>[0-9]{{1,6}})(?:/(?P<year>[0-9]{{4}}))?/(?P<groups>{_GROUPS})")
_LEGISLATURE = re.compile(r"(?:QH|UBTVQH)[0-9]{1,2}")
# The State's first documents are of 1945; a year outside these is a typing error. The
# bound is fixed, not today's year, so that the parser stays a pure function.
FIRST_YEAR, LAST_YEAR = 1945, 2100


class Convention(StrEnum):
    PARTY = "party"
    STATE = "state"


class InvalidDocumentSymbol(InvalidValue):
    """A document number and symbol that is not in either convention (HTTP 422)."""

    def __init__(self, field: str, symbol: object, why: str, *, rule: str) -> None:
        super().__init__(field, f"{symbol!r} {why}; expected {EXPECTED_SHAPE}", rule=rule)
        self.symbol = symbol


@dataclass(frozen=True)
class DocumentSymbol:
    """A parsed số và ký hiệu. ``kind`` is the abbreviation as written, or None when the
    symbol names no kind (a State công văn; a law or resolution of the National Assembly
    or its Standing Committee, whose kind is in the document's title, not its symbol)."""

    symbol: str
    convention: Convention
    number: int
    year: int | None
    kind: str | None
    kind_name: str
    issuer: str
    drafting_unit: str | None = None

    @property
    def issuer_name(self) -> str | None:
        legislature = re.fullmatch(r"(QH|UBTVQH)([0-9]{1,2})", self.issuer)
        if legislature:
            body = "Quốc hội" if legislature[1] == "QH" else "Ủy ban Thường vụ Quốc hội"
            return f"{body} khóa {_roman(int(legislature[2]))}"
        return ISSUER_NAMES.get(self.issuer)

    def as_dict(self) -> dict[str, Any]:
        return {
            "symbol": self.symbol,
            "convention": self.convention.value,
            "number": self.number,
            "year": self.year,
            "kind": self.kind,
            "kind_name": self.kind_name,
            "issuer": self.issuer,
            "issuer_name": self.issuer_name,
            "drafting_unit": self.drafting_unit,
        }


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def _roman(number: int) -> str:
    """Legislatures are written in Roman numerals: Quốc hội khóa XV."""
    digits = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in digits:
        while number >= value:
            out, number = out + letters, number - value
    return out


def parse_symbol(value: object, field: str = "symbol") -> DocumentSymbol:
    """Parse a Vietnamese document number and symbol, or raise ``InvalidDocumentSymbol``."""
    if not isinstance(value, str):
        raise InvalidDocumentSymbol(field, value, "is not text", rule="document_symbol_format")
    text = nfc(value)
    if not text or text != text.strip() or any(ch.isspace() for ch in text):
        raise InvalidDocumentSymbol(
            field, value, "must be written without spaces", rule="document_symbol_format"
        )
    if party := _PARTY.fullmatch(text):
        return _party(field, text, party)
    if state := _STATE.fullmatch(text):
        return _state(field, text, state)
    raise InvalidDocumentSymbol(
        field, value, "is in neither convention", rule="document_symbol_format"
    )


def _number(field: str, text: str, digits: str) -> int:
    number = int(digits)
    if number < 1:
        raise InvalidDocumentSymbol(
            field, text, "has number 0; numbers start at 01", rule="document_number_range"
        )
    return number


def _check_kind_spelling(field: str, text: str, group: str, known: dict[str, str]) -> None:
    """``QD`` for ``QĐ``: the Latin D where the symbol has Đ is a misspelt kind, and would
    otherwise read as a công văn of a body called QD."""
    if group not in known and group.replace("D", "Đ") in known:
        raise InvalidDocumentSymbol(
            field,
            text,
            f"writes {group!r} where the kind is {group.replace('D', 'Đ')!r} (Đ, not D)",
            rule="document_kind_spelling",
        )


def _party(field: str, text: str, match: re.Match[str]) -> DocumentSymbol:
    kind = match["kind"]
    _check_kind_spelling(field, text, kind, PARTY_KINDS)
    if kind not in PARTY_KINDS:
        raise InvalidDocumentSymbol(
            field,
            text,
            f"has {kind!r}, not a kind of Party document ({', '.join(PARTY_KINDS)})",
            rule="document_kind_unknown",
        )
    return DocumentSymbol(
        symbol=text,
        convention=Convention.PARTY,
        number=_number(field, text, match["number"]),
        year=None,
        kind=kind,
        kind_name=PARTY_KINDS[kind],
        issuer=match["issuer"],
    )


def _state(field: str, text: str, match: re.Match[str]) -> DocumentSymbol:
    number = _number(field, text, match["number"])
    groups = match["groups"].split("-")
    year = None if match["year"] is None else int(match["year"])
    if year is not None:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise InvalidDocumentSymbol(
                field,
                text,
                f"has year {year}, outside {FIRST_YEAR} to {LAST_YEAR}",
                rule="document_year_range",
            )
        if len(groups) == 1 and _LEGISLATURE.fullmatch(groups[0]):
            return DocumentSymbol(
                symbol=text,
                convention=Convention.STATE,
                number=number,
                year=year,
                kind=None,
                kind_name="Luật, nghị quyết hoặc pháp lệnh của Quốc hội, Ủy ban Thường vụ Quốc hội",
                issuer=groups[0],
            )
        _check_kind_spelling(field, text, groups[0], STATE_NORMATIVE_KINDS)
        if groups[0] not in STATE_NORMATIVE_KINDS or len(groups) < 2:
            raise InvalidDocumentSymbol(
                field,
                text,
                "has a year, so it is a legal normative document: its symbol is a kind "
                f"({', '.join(STATE_NORMATIVE_KINDS)}) and the issuing body, or QH<khóa>",
                rule="document_kind_unknown",
            )
        return DocumentSymbol(
            symbol=text,
            convention=Convention.STATE,
            number=number,
            year=year,
            kind=groups[0],
            kind_name=STATE_NORMATIVE_KINDS[groups[0]],
            issuer="-".join(groups[1:]),
        )
    _check_kind_spelling(field, text, groups[0], STATE_ADMINISTRATIVE_KINDS)
    if groups[0] == "CV":
        raise InvalidDocumentSymbol(
            field,
            text,
            "writes CV, but a State công văn has no kind in its symbol (the issuing body, "
            "then the drafting unit); CV belongs to Party symbols (125-CV/TU)",
            rule="document_kind_unknown",
        )
    if groups[0] in STATE_ADMINISTRATIVE_KINDS:
        if len(groups) < 2:
            raise InvalidDocumentSymbol(
                field,
                text,
                f"names the kind {groups[0]!r} but no issuing body",
                rule="document_symbol_format",
            )
        return DocumentSymbol(
            symbol=text,
            convention=Convention.STATE,
            number=number,
            year=None,
            kind=groups[0],
            kind_name=STATE_ADMINISTRATIVE_KINDS[groups[0]],
            issuer="-".join(groups[1:]),
        )
    return DocumentSymbol(
        symbol=text,
        convention=Convention.STATE,
        number=number,
        year=None,
        kind=None,
        kind_name="Công văn",
        issuer=groups[0],
        drafting_unit="-".join(groups[1:]) or None,
    )


def document_reference(field: str, value: object) -> dict[str, Any]:
    """A document a fact cites: ``{symbol, issued_on?, issuer?, subject?}``, checked.

    ``issuer`` is the issuing body's name as the document writes it (``Quốc hội``), and
    ``subject`` its trích yếu; both are free text, stored exactly (NFC)."""
    if not isinstance(value, dict):
        raise InvalidValue(
            field, "must be {symbol, issued_on?, issuer?, subject?}", rule="document_format"
        )
    unknown = sorted(set(value) - {"symbol", "issued_on", "issuer", "subject"})
    if unknown:
        raise InvalidValue(
            f"{field}.{unknown[0]}",
            "is not a field of a document reference (symbol, issued_on, issuer, subject)",
            rule="document_format",
        )
    parsed = parse_symbol(value.get("symbol"), f"{field}.symbol")
    issued_on = value.get("issued_on")
    if isinstance(issued_on, date):
        issued_on = issued_on.isoformat()
    if issued_on is not None:
        try:
            day = date.fromisoformat(str(issued_on))
        except ValueError:
            raise InvalidValue(
                f"{field}.issued_on", "must be an ISO 8601 date", rule="date_format"
            ) from None
        if parsed.year is not None and day.year != parsed.year:
            raise InvalidValue(
                f"{field}.issued_on",
                f"{day} is not in the year {parsed.year} that the symbol {parsed.symbol} names",
                rule="document_year_mismatch",
            )
        issued_on = day.isoformat()
    return {
        "symbol": parsed.symbol,
        "issued_on": issued_on,
        "issuer": _optional(field, "issuer", value.get("issuer")),
        "subject": _optional(field, "subject", value.get("subject")),
    }


def _optional(field: str, name: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not nfc(value).strip():
        raise InvalidValue(f"{field}.{name}", "must be non-empty text", rule="text_required")
    return nfc(value)


def symbol_or_none(text: str | None) -> DocumentSymbol | None:
    """The symbol of an old free-text reference when it is one, for reading old events."""
    if text is None:
        return None
    try:
        return parse_symbol(text.strip())
    except InvalidValue:
        return None


def symbol_in_text(text: str | None) -> DocumentSymbol | None:
    """The first document symbol written in a free-text reference ("Kế hoạch số
    12-KH/TU" -> 12-KH/TU), for reading references recorded before they were checked."""
    if text is None:
        return None
    for word in nfc(text).split():
        found = symbol_or_none(word.strip(".,;:()[]\"'“”"))
        if found is not None:
            return found
    return None


def read_document(document: object) -> object:
    """A document reference as read: with ``parts``, its symbol parsed (number, year,
    kind, issuer), so that clients need not parse it again."""
    if not isinstance(document, dict):
        return document
    found = symbol_or_none(document.get("symbol"))
    return {**document, "parts": None if found is None else found.as_dict()}


def upcast_evidence(items: object) -> object:
    """Evidence as read: each item with its ``document`` (and its ``parts``). Items
    recorded before evidence cited checked documents have only a free-text
    ``reference``; their ``document`` is the symbol written in it (with
    ``"read_from_reference": true``), or null. The stored event is never rewritten."""
    if not isinstance(items, list):
        return items
    out: list[object] = []
    for item in items:
        if not isinstance(item, dict):
            out.append(item)
            continue
        document = item.get("document")
        if "document" not in item:
            found = symbol_in_text(item.get("reference"))
            if found is not None:
                document = {
                    "symbol": found.symbol,
                    "issued_on": item.get("issued_on"),
                    "issuer": None,
                    "subject": None,
                    "read_from_reference": True,
                }
        out.append({**item, "document": read_document(document)})
    return out
