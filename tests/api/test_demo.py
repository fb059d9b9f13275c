"""The demo's principals: one per role, tokens kept in a 0600 file and reused."""

from __future__ import annotations

import stat
from pathlib import Path
from uuid import UUID

from ledger.application import LedgerApplication
from ledger.cli import DEMO_UNIT, ensure_demo_tokens
from ledger.domain.values import SYSTEM_ACTOR, Role


def test_demo_tokens_are_made_once_and_reused(ledger: LedgerApplication, tmp_path: Path) -> None:
    path = tmp_path / "demo-tokens.json"
    tokens = ensure_demo_tokens(ledger, path)
    assert set(tokens) == {"issuer", "unit", "auditor", "admin"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    unit = ledger.authenticate(tokens["unit"])
    assert unit is not None
    assert unit.role is Role.UNIT
    assert unit.unit == DEMO_UNIT
    position = ledger.max_position()

    assert ensure_demo_tokens(ledger, path) == tokens
    assert ledger.max_position() == position  # a restarted demo appends no principals

    ledger.revoke_principal(ledger.context(SYSTEM_ACTOR), ledger.principal_id_of_token(
        tokens["auditor"]))  # fmt: skip
    renewed = ensure_demo_tokens(ledger, path)
    assert renewed["auditor"] != tokens["auditor"]
    assert renewed["issuer"] == tokens["issuer"]
    assert ledger.authenticate(renewed["auditor"]) is not None
    assert isinstance(ledger.principal_id_of_token(renewed["auditor"]), UUID)
