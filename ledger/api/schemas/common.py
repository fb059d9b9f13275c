"""Shapes shared by several resources: citations, evidence, problems."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StrictInt,
    model_serializer,
)

from ledger.api.schemas.documents import DocumentIn
from ledger.api.schemas.strict import INTEGER_SPELLING, IsoDate

# Bounds keep every valid body far below the 64 KiB limit, every number inside what the
# stores and canonical JSON hold exactly, and the schema honest. NUL is never text (and
# PostgreSQL refuses it in JSON).
NO_NUL = r"^[^\x00]*$"
# Text must hold something besides white space (what Python's ``str.strip`` removes, the
# domain's test): stated as a pattern so that "   " is refused by the schema, not later.
_SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NOT_BLANK = rf"^[^\x00]*[^\x00{_SPACE}][^\x00]*$"
_TEXT = "Not only white space; no NUL."
Title = Annotated[str, Field(min_length=1, max_length=500, pattern=NOT_BLANK, description=_TEXT)]
Text = Annotated[str, Field(min_length=1, max_length=20_000, pattern=NOT_BLANK, description=_TEXT)]
Name = Annotated[str, Field(min_length=1, max_length=300, pattern=NOT_BLANK, description=_TEXT)]
Percent = Annotated[StrictInt, Field(ge=0, le=100, description=INTEGER_SPELLING)]
MAX_VERSION = 1_000_000_000
Version = Annotated[StrictInt, Field(ge=1, le=MAX_VERSION, description=INTEGER_SPELLING)]


class RequestBody(BaseModel):
    """A request body: unknown fields are refused, so a typo is never silently dropped."""

    model_config = ConfigDict(extra="forbid")


class SourceIn(RequestBody):
    """Where a fact comes from: ``document`` as free text (a file, a report), its
    ``paragraph``, and ``reference`` when the source is a numbered document."""

    document: Name
    paragraph: (
        Annotated[StrictInt, Field(ge=1, le=1_000_000, description=INTEGER_SPELLING)] | None
    ) = None
    reference: DocumentIn | None = None


class SourceOut(BaseModel):
    document: str
    paragraph: int | None = None
    reference: dict[str, Any] | None = None

    @model_serializer(mode="wrap")
    def _without_empty_reference(self, handler: SerializerFunctionWrapHandler) -> Any:
        """A source without a checked reference reads as it did before references."""
        data = handler(self)
        if isinstance(data, dict) and data.get("reference") is None:
            data.pop("reference", None)
        return data


class Evidence(RequestBody):
    """A document given as evidence: ``document`` (its number and symbol, checked) or
    ``reference`` (free text, as before documents were checked), or both."""

    title: Title
    document: DocumentIn | None = None
    reference: Name | None = None
    issued_on: IsoDate | None = None
    sha256: Annotated[str, Field(pattern=r"^[0-9a-fA-F]{64}$")] | None = None

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "title": "Báo cáo kết quả thực hiện Kết luận 01-KL/TW",
                    "document": {"symbol": "125-BC/TU", "issued_on": "2022-03-15"},
                    "issued_on": "2022-03-15",
                }
            ]
        },
    )


class FieldError(BaseModel):
    field: str
    rule: str
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    rule: str | None = None
    errors: list[FieldError] | None = None


class Health(BaseModel):
    status: str = "ok"
