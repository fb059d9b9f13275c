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
"""

from __future__ import annotations

import uuid
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
    body = case.body
    return not (isinstance(body, dict | list) and holds_a_float(body))


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
    return case
