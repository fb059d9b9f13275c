"""``/v1/audit``: roles, the public key, checkpoints, and proofs that an independent
RFC 9162 verifier (tests/rfc9162_reference.py) accepts against the signed root."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi.testclient import TestClient

from ledger.application import LedgerApplication
from ledger.domain.commands import Annotate
from ledger.domain.values import SYSTEM_ACTOR
from ledger.sample import load_sample, sample_id
from tests.api.conftest import Principal
from tests.rfc9162_reference import independent_consistency_check, independent_inclusion_check


@pytest.fixture
def loaded(ledger: LedgerApplication, principals: dict[str, Principal]) -> int:
    load_sample(ledger)
    ctx = ledger.context(SYSTEM_ACTOR)
    for n in range(6):
        ledger.record_follow_up(sample_id("TW-03"), Annotate(refers_to_version=1, text=str(n)), ctx)
    return ledger.max_position()


def leaf_of(entry: dict[str, object]) -> bytes:
    return hashlib.sha256(b"\x00" + rfc8785.dumps(entry)).digest()


def test_the_public_key_is_public_and_recorded_in_the_log(
    client: TestClient, loaded: int, principals: dict[str, Principal], sqlite_url: str
) -> None:
    answer = client.get("/v1/audit/public-key")
    assert answer.status_code == 200
    key = answer.json()
    raw = base64.b64decode(key["public_key"])
    assert key["algorithm"] == "Ed25519"
    assert key["key_id"] == hashlib.sha256(raw).hexdigest()[:16]
    key_file = Path(sqlite_url.removeprefix("sqlite:///")).parent / "signing.key"
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    log = client.get(
        "/v1/audit/log",
        params={"after": loaded, "limit": 10},
        headers=principals["auditor"].headers,
    ).json()
    assert [e["type"] for e in log["entries"]] == ["signing_key_registered"]
    assert log["entries"][0]["entry"]["data"]["public_key"] == key["public_key"]


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("GET", "/v1/audit/log", {"auditor", "admin"}),
        ("GET", "/v1/audit/proofs/inclusion?position=1", {"auditor", "admin"}),
        ("GET", "/v1/audit/proofs/consistency?from=1&to=2", {"auditor", "admin"}),
        ("POST", "/v1/audit/checkpoints", {"admin"}),
    ],
)
def test_roles(
    client: TestClient,
    loaded: int,
    principals: dict[str, Principal],
    method: str,
    path: str,
    allowed: set[str],
) -> None:
    assert client.request(method, path).status_code == 401
    for role, principal in principals.items():
        answer = client.request(method, path, headers=principal.headers)
        expected = (201 if method == "POST" else 200) if role in allowed else 403
        assert answer.status_code == expected, (role, answer.text)


def test_checkpoint_then_proofs_check_independently(
    client: TestClient, loaded: int, principals: dict[str, Principal]
) -> None:
    auditor, admin = principals["auditor"].headers, principals["admin"].headers
    assert client.get("/v1/audit/checkpoints/latest", headers=auditor).status_code == 404
    made = client.post("/v1/audit/checkpoints", headers=admin)
    assert made.status_code == 201
    checkpoint = made.json()
    assert client.get("/v1/audit/checkpoints/latest", headers=auditor).json() == checkpoint
    key = client.get("/v1/audit/public-key").json()
    assert checkpoint["key_id"] == key["key_id"]
    message = rfc8785.dumps(
        {k: checkpoint[k] for k in ("origin", "size", "root_hash", "issued_at")}
    )
    Ed25519PublicKey.from_public_bytes(base64.b64decode(key["public_key"])).verify(
        base64.b64decode(checkpoint["signature"]), message
    )
    size, root = checkpoint["size"], bytes.fromhex(checkpoint["root_hash"])
    entries, after = [], 0
    while after is not None:
        page = client.get(
            "/v1/audit/log", params={"after": after, "limit": 7}, headers=auditor
        ).json()
        entries += page["entries"]
        after = page["next"]
    assert [e["position"] for e in entries] == list(range(1, size + 1))
    for e in entries:
        assert e["leaf_hash"] == leaf_of(e["entry"]).hex()
        proof = client.get(
            "/v1/audit/proofs/inclusion",
            params={"position": e["position"], "size": size},
            headers=auditor,
        ).json()
        assert proof["leaf_index"] == e["position"] - 1
        assert proof["root_hash"] == checkpoint["root_hash"]
        path = [bytes.fromhex(h) for h in proof["audit_path"]]
        assert independent_inclusion_check(
            proof["leaf_index"], size, leaf_of(e["entry"]), path, root
        )
    # The log grows; the new tree is consistent with the signed checkpoint.
    ctx_directive = sample_id("TW-04")
    ledger = client.app.state.ledger  # type: ignore[attr-defined]
    ledger.record_follow_up(
        ctx_directive, Annotate(refers_to_version=1, text="sau"), ledger.context(SYSTEM_ACTOR)
    )
    later = client.get(
        "/v1/audit/proofs/consistency", params={"from": size, "to": size + 1}, headers=auditor
    ).json()
    assert later["from"] == size
    assert later["from_root"] == checkpoint["root_hash"]
    proof = [bytes.fromhex(h) for h in later["proof"]]
    assert independent_consistency_check(
        size, size + 1, root, bytes.fromhex(later["to_root"]), proof
    )


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/v1/audit/proofs/inclusion?position=0", "position"),
        ("/v1/audit/proofs/inclusion?position=5.0", "position"),
        ("/v1/audit/proofs/inclusion?position=%2B5", "position"),
        ("/v1/audit/proofs/inclusion?position=5&size=4", "size"),
        ("/v1/audit/proofs/inclusion?position=x", "position"),
        ("/v1/audit/proofs/consistency?from=5&to=4", "to"),
        ("/v1/audit/proofs/consistency?from=1&to=", "to"),
        ("/v1/audit/proofs/consistency?to=4", "from"),
        ("/v1/audit/log?limit=0", "limit"),
        ("/v1/audit/log?after=-1", "after"),
        ("/v1/audit/log?after=1_0", "after"),
    ],
)
def test_bad_parameters_are_422_naming_the_field(
    client: TestClient, loaded: int, principals: dict[str, Principal], path: str, field: str
) -> None:
    answer = client.get(path, headers=principals["auditor"].headers)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert f"query.{field}" in [e["field"] for e in answer.json()["errors"]]


@pytest.mark.parametrize(
    "path",
    [
        "/v1/audit/proofs/inclusion?position=9999",
        "/v1/audit/proofs/inclusion?position=1&size=9999",
        "/v1/audit/proofs/consistency?from=1&to=9999",
        "/v1/audit/proofs/consistency?from=9999&to=9999",
    ],
)
def test_a_tree_beyond_the_log_is_404(
    client: TestClient, loaded: int, principals: dict[str, Principal], path: str
) -> None:
    """Valid by the schema, but the log has no such position or tree size (yet)."""
    answer = client.get(path, headers=principals["auditor"].headers)
    assert answer.status_code == 404, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["rule"] == "beyond_the_log"


def test_the_server_makes_its_key_on_start_and_signs_every_n_events(tmp_path: Path) -> None:
    import time

    from ledger.api.app import create_app
    from ledger.api.routers.audit import install_checkpointer
    from ledger.settings import Settings

    settings = Settings.from_env(
        {"LEDGER_CHECKPOINT_EVERY": "5", "LEDGER_CHECKPOINT_SECONDS": "0"},
        database_url=f"sqlite:///{tmp_path / 'ledger.sqlite'}",
    )
    ledger = LedgerApplication(settings)
    try:
        api = install_checkpointer(create_app(ledger=ledger))
        with TestClient(api):
            assert (tmp_path / "signing.key").exists()
            assert ledger.max_position() == 0  # starting appends nothing
            load_sample(ledger)
            deadline = time.monotonic() + 15
            latest = None
            while time.monotonic() < deadline and latest is None:
                time.sleep(0.2)
                latest = ledger.ledger_recorder.latest_checkpoint()
            assert latest is not None
            assert latest["size"] >= 5
    finally:
        ledger.close()
