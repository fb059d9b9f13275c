"""Schemathesis hooks (``SCHEMATHESIS_HOOKS=tests.api.schemathesis_hooks``): keep its
*positive* cases to the contract the OpenAPI states in words where JSON Schema cannot.

Each rule below is written in the OpenAPI (the parameter's or field's description) and
checked by the server; negative cases are left alone, and no check is changed.
- JSON Schema 2020-12 counts 40.0 as an integer; the API takes integers only in integer
  spelling (every integer field's description says so), so a positive body holds no float.
- ``version`` and ``as_of`` not together; inclusion ``size`` >= ``position``; consistency
  ``to`` >= ``from``: rules between two parameters, which no parameter schema can state.
- ``If-Match`` naming a version: 412 unless it is the current one (RFC 9110 section 13.1.1),
  which depends on the ledger's state; ``*`` is kept.
- ``Idempotency-Key`` used again with another body: 422 (DESIGN section 5), which depends
  on the keys used before; a positive case gets a key of its own.
- A path parameter of ``None``: schemathesis follows an inferred link into a list whose
  items may be null (``rows[*].meeting_id``) and spells the null into the path.
- A unit's ``valid_to`` on or after its ``valid_from``; a document whose symbol names a
  year (``42/2014/QĐ-TTg``) cited with an ``issued_on`` in that year: rules between two
  fields, stated in the fields' descriptions.
- The overdue list's ``cursor`` is opaque: the ``next_cursor`` of an earlier answer,
  which a positive case cannot make up (it is left out).
- An uploaded file's kind is judged by its content (PDF, DOCX, XLSX, ODT, JPEG or PNG,
  as the operation's summary says), which no schema of bytes states: a positive upload
  sends a small PNG.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import schemathesis
from schemathesis import GenerationMode


def holds_a_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(holds_a_float(v) for v in value.values())
    if isinstance(value, list):
        return any(holds_a_float(v) for v in value)
    return False


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# The smallest PNG: its signature, an IHDR chunk (1x1, greyscale), one IDAT, IEND.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b55"
    "0000000a49444154789c63600000000200015a0c36d50000000049454e44ae426082"
)
YEAR_IN_SYMBOL = re.compile(r"^[0-9]{1,6}/([0-9]{4})/")


def documents_in(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if isinstance(value.get("symbol"), str):
            yield value
        for item in value.values():
            yield from documents_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from documents_in(item)


def dates_in_order(body: Any) -> bool:
    if not isinstance(body, dict):
        return True
    first, last = body.get("valid_from"), body.get("valid_to")
    if isinstance(first, str) and isinstance(last, str) and last < first:
        return False
    for document in documents_in(body):
        year = YEAR_IN_SYMBOL.match(document["symbol"])
        issued_on = document.get("issued_on")
        if year and isinstance(issued_on, str) and not issued_on.startswith(year[1] + "-"):
            return False
    return True


def within_the_stated_rules(case: Any) -> bool:
    query = case.query or {}
    if "version" in query and "as_of" in query:
        return False
    position, size = _int(query.get("position")), _int(query.get("size"))
    if position is not None and size is not None and size < position:
        return False
    first, second = _int(query.get("from")), _int(query.get("to"))
    if first is not None and second is not None and second < first:
        return False
    if_match = {k.lower(): v for k, v in (case.headers or {}).items()}.get("if-match")
    if if_match is not None and if_match != "*":
        return False
    if any(v is None or v == "None" for v in (case.path_parameters or {}).values()):
        return False
    if case.operation.path == "/v1/views/overdue" and "cursor" in query:
        return False
    body = case.body
    return not (isinstance(body, dict | list) and holds_a_float(body)) and dates_in_order(body)


@schemathesis.hook
def filter_case(context: Any, case: Any) -> bool:
    meta = getattr(case, "meta", None)
    if meta is None or meta.generation.mode is not GenerationMode.POSITIVE:
        return True
    return within_the_stated_rules(case)


@schemathesis.hook
def map_case(context: Any, case: Any) -> Any:
    meta = getattr(case, "meta", None)
    if meta is None or meta.generation.mode is not GenerationMode.POSITIVE:
        return case
    headers = case.headers or {}
    for name in list(headers):
        if name.lower() == "idempotency-key":
            headers[name] = f"st-{uuid.uuid4()}"
    if case.operation.path == "/v1/files" and isinstance(case.body, dict):
        case.body["file"] = PNG
    return case
