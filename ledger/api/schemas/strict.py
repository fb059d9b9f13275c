"""Strict input types for the edge: a value is taken only in the spelling its schema states.

FastAPI validates a JSON body in pydantic's Python mode (after ``json.loads``), where a lax
``date`` takes ``0`` as 1970-01-01 and a strict one refuses every string; query strings are
text by nature, where a lax ``int`` takes ``"5.0"`` and ``"5_0"`` and a lax ``bool`` takes
``"yes"``. Each type below first checks the wire spelling (a string matching the pattern
its JSON Schema states, or a JSON integer that is not a boolean), then converts it.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from annotated_types import Ge, Le
from pydantic import AwareDatetime, BeforeValidator, StrictInt, WithJsonSchema
from pydantic_core import PydanticCustomError

ISO_DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# RFC 3339 section 5.6 (``date-time``) with the offset required.
RFC3339_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})$"
)
UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
# A whole number as a query string spells it: digits, with a minus sign when negative.
INTEGER_TEXT_PATTERN = r"^-?[0-9]{1,20}$"

_ISO_DATE = re.compile(ISO_DATE_PATTERN)
_RFC3339 = re.compile(RFC3339_PATTERN)
_UUID = re.compile(UUID_PATTERN)
_INTEGER_TEXT = re.compile(INTEGER_TEXT_PATTERN)


def _iso_date(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value  # built in Python (never from JSON or a query string)
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise PydanticCustomError(
            "date_format", "must be an ISO 8601 date string, YYYY-MM-DD (e.g. 2021-12-10)"
        )
    return value


def _rfc3339(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _RFC3339.match(value):
        raise PydanticCustomError(
            "datetime_format",
            "must be an RFC 3339 time with its offset (e.g. 2021-12-10T09:00:00+07:00)",
        )
    return value


def _uuid(value: Any) -> Any:
    if isinstance(value, UUID):
        return value
    if not isinstance(value, str) or not _UUID.match(value):
        raise PydanticCustomError(
            "uuid_format", "must be a UUID string, 8-4-4-4-12 hex digits with hyphens"
        )
    return value


def _integer_text(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "must be a whole number")
    if isinstance(value, int):
        return value
    if not isinstance(value, str) or not _INTEGER_TEXT.match(value):
        raise PydanticCustomError("int_format", "must be a whole number written in digits")
    return int(value)


def _boolean_text(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if value == "true":
        return True
    if value == "false":
        return False
    raise PydanticCustomError("bool_format", "must be true or false")


IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": ISO_DATE_PATTERN}),
]
Rfc3339Time = Annotated[
    AwareDatetime,
    BeforeValidator(_rfc3339),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": RFC3339_PATTERN}),
]
UuidText = Annotated[
    UUID,
    BeforeValidator(_uuid),
    WithJsonSchema({"type": "string", "format": "uuid", "pattern": UUID_PATTERN}),
]
# In a JSON body: a JSON integer, never a string, a boolean or a float (not even 40.0).
BodyInt = StrictInt
# In a query string: digits only (no "5.0", "+5", "5_0" or " 5"). The bounds come before
# the validator so that the JSON Schema states them (``minimum``/``maximum``).
MAX_POSITION = 2**53 - 1
MAX_VERSION = 1_000_000_000
MAX_PAGE = 1000
# For a query integer with bounds of its own: Annotated[int, Ge(a), Le(b), DIGITS_ONLY].
DIGITS_ONLY = BeforeValidator(_integer_text)
PositionOrZero = Annotated[int, Ge(0), Le(MAX_POSITION), DIGITS_ONLY]
Position = Annotated[int, Ge(1), Le(MAX_POSITION), DIGITS_ONLY]
VersionNumber = Annotated[int, Ge(1), Le(MAX_VERSION), DIGITS_ONLY]
PageSize = Annotated[int, Ge(1), Le(MAX_PAGE), DIGITS_ONLY]
QueryBool = Annotated[bool, BeforeValidator(_boolean_text), WithJsonSchema({"type": "boolean"})]
INTEGER_SPELLING = "A JSON integer, written without a fraction or exponent (40, not 40.0)."
