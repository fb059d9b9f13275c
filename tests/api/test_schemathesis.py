"""The app against its own OpenAPI schema (schemathesis, bounded): no 5xx, and no status,
content type, header or body that the schema does not declare. Valid and invalid data,
with a valid token, on unknown ids and on a directive that exists; and the schemathesis
command line with every check against the real server (``serve``), per role."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
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
from tests.api.live_server import ROOT, LiveServer

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 20
WITHOUT_INPUT = {
    "/healthz",
    "/v1/audit/public-key",
    "/v1/audit/checkpoint",
    "/v1/audit/checkpoints",
}
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


# The run from outside: `directive-ledger serve` in a subprocess on the sample store, and
# the schemathesis command line with every check over its coverage, fuzzing and stateful
# phases, as an admin and as an auditor side by side. Bounded (examples per operation, a
# seed): 1744 and 1733 cases; measured 123 s for one role alone and 379 s for both
# side by side, on 2 cores at a load average near 20.
ST_EXAMPLES = 4
ST_SEED = 20261201
ST_ROLES = ("admin", "auditor")
SUCCESSOR = "Ban Thường vụ Thành ủy Hải Phòng"


def _cli(*args: str, url: str) -> str:
    command = [str(Path(sys.executable).parent / "directive-ledger"), *args, "--database-url", url]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    return done.stdout.strip()


def _schemathesis(server: LiveServer, token: str) -> subprocess.Popen[str]:
    command = [
        str(Path(sys.executable).parent / "st"), "run", f"{server.url}/openapi.json",
        "--checks", "all", "--phases", "coverage,fuzzing,stateful",
        "--max-examples", str(ST_EXAMPLES), "--seed", str(ST_SEED),
        "--header", f"Authorization: Bearer {token}",
        "--no-color", "--continue-on-failure", "--generation-database", "none",
        *(arg for path in sorted(STREAMING) for arg in ("--exclude-path", path)),
    ]  # fmt: skip
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "tests.api.schemathesis_hooks",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT, env=env
    )


@pytest.mark.slow
def test_schemathesis_from_outside_finds_nothing(sqlite_url: str, tmp_path: Path) -> None:
    _cli("load-sample", url=sqlite_url)
    tokens = {
        role: _cli("token", "create", "--name", f"st-{role}", "--role", role, url=sqlite_url)
        for role in ("admin", "auditor", "issuer")
    }
    tokens["unit"] = _cli(
        # The sample loaded today records the 2025 succession: its lead unit's successor.
        "token", "create", "--name", "st-unit", "--role", "unit", "--unit", SUCCESSOR,
        url=sqlite_url,
    )  # fmt: skip
    server = LiveServer(sqlite_url, tmp_path / "server.log").start()
    runs: dict[str, subprocess.Popen[str]] = {}
    try:
        # The roles run side by side: the server, not the client, is the slow part.
        started = time.monotonic()
        runs = {role: _schemathesis(server, tokens[role]) for role in ST_ROLES}
        outputs = {role: run.communicate(timeout=900)[0] for role, run in runs.items()}
        seconds = time.monotonic() - started
    finally:
        for run in runs.values():
            if run.poll() is None:
                run.kill()
        server.stop()
    for role, output in outputs.items():
        summary = output[output.rfind("SUMMARY") :]
        assert runs[role].returncode == 0, f"{role}:\n{output[-12000:]}"
        tested = re.search(r"Tested: (\d+)", summary)
        generated = re.search(r"(\d+) generated, (\d+) passed", summary)
        assert tested is not None, summary
        assert int(tested.group(1)) >= 19, summary
        assert generated is not None, summary
        assert int(generated.group(1)) > 500, summary
        assert generated.group(1) == generated.group(2), summary
        for phase in ("Coverage", "Fuzzing", "Stateful"):
            assert re.search(rf"✅ {phase}", summary), summary
        print(f"schemathesis as {role}: {tested.group(1)} operations, "
              f"{generated.group(1)} cases, all passed; both roles in {seconds:.0f} s")  # fmt: skip
    assert "Traceback" not in (tmp_path / "server.log").read_text()
