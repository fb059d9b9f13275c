"""The app against its own OpenAPI schema (schemathesis, bounded): no 5xx, and no status,
content type, header or body that the schema does not declare. Valid and invalid data,
with a valid token, on unknown ids and on a directive that exists."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ledger.api.app import create_app
from ledger.application import LedgerApplication
from ledger.domain import commands as c
from tests.api.conftest import Principal, advance, issue

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 20
WITHOUT_INPUT = {"/healthz", "/v1/audit/public-key", "/v1/audit/checkpoints"}
# An event stream never ends: its frames are tested by tests/dondoc/test_sse.py.
STREAMING = {"/v1/events/stream"}


@pytest.mark.slow
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("role", ["admin", "unit"])
def test_api_conforms_to_its_schema(
    ledger: LedgerApplication, principals: dict[str, Principal], mode: GenerationMode, role: str
) -> None:
    directive_id = issue(ledger)
    advance(ledger, directive_id, c.Accept())
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(ledger=ledger))
    headers = principals[role].headers
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7
    for operation in operations:
        if operation.path in STREAMING:
            continue
        if mode is GenerationMode.NEGATIVE and operation.path in WITHOUT_INPUT:
            continue  # no parameters and no body: nothing can be made invalid
        strategy = operation.as_strategy(generation_mode=mode)
        if "{directive_id}" in operation.path:
            strategy = st.one_of(
                strategy,
                operation.as_strategy(
                    generation_mode=mode, path_parameters={"directive_id": str(directive_id)}
                ),
            )

        @given(case=strategy)
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def conforms(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        conforms()
