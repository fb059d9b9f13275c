"""Document references: a Vietnamese document's number and symbol, date, issuer, subject."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from ledger.api.schemas.strict import IsoDate
from ledger.domain.document_pattern import SYMBOL_PATTERN

# As in common.py, which imports this module (so these are not imported from it).
NAME_MAX, TITLE_MAX = 300, 500
Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX, pattern=r"^[^\x00]*$")]
Title = Annotated[str, Field(min_length=1, max_length=TITLE_MAX, pattern=r"^[^\x00]*$")]

# The symbol is checked by the domain (ledger/domain/documents.py), whose errors name the
# convention it expected; the schema states the same rule as a pattern for clients and
# schema-driven tools (ledger/domain/document_pattern.py), and bounds its size.
Symbol = Annotated[
    str,
    Field(
        min_length=1,
        max_length=80,
        description="A document's number and symbol in the Party or the State convention "
        "(01-CT/TW, 42/2014/QĐ-TTg, 202/2025/QH15, 1459/QĐ-TTg, 9061/VPCP-CN), with one of "
        "the kinds the pattern lists; a symbol with a year is cited with an `issued_on` "
        "in that year.",
        json_schema_extra={"pattern": SYMBOL_PATTERN},
    ),
]

BASIS_EXAMPLE: dict[str, Any] = {
    "symbol": "202/2025/QH15",
    "issued_on": "2025-06-12",
    "issuer": "Quốc hội",
    "subject": "Về việc sắp xếp đơn vị hành chính cấp tỉnh",
}


class DocumentIn(BaseModel):
    """A document reference: its number and symbol (Party: ``01-CT/TW``; State:
    ``42/2014/QĐ-TTg``, ``202/2025/QH15``, ``9061/VPCP-CN``), and optionally its date,
    issuing body and subject (trích yếu)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [BASIS_EXAMPLE]})

    symbol: Symbol
    issued_on: IsoDate | None = None
    issuer: Name | None = None
    subject: Title | None = None


class DocumentOut(BaseModel):
    symbol: str
    issued_on: date | None = None
    issuer: str | None = None
    subject: str | None = None
