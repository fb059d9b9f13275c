"""The audit service on a real store (SQLite and PostgreSQL): the signing key, signed
checkpoints, proofs served from stored subtrees and checked by the independent RFC 9162
verifier, the log pages, the directive badge and the automatic checkpointer."""

from __future__ import annotations

import base64
import hashlib
import stat
from pathlib import Path
from uuid import UUID

import pytest
import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ledger.application import LedgerApplication
from ledger.application.audit import AuditService
from ledger.domain import errors
from ledger.domain.commands import Annotate
from ledger.domain.values import SYSTEM_ACTOR
from ledger.sample import load_sample, sample_id
from ledger.settings import Settings
from tests.rfc9162_reference import (
    independent_consistency_check,
    independent_inclusion_check,
    mth,
)


def open_app(database_url: str, tmp_path: Path, **env: str) -> LedgerApplication:
    if not database_url.startswith("sqlite"):
        env.setdefault("LEDGER_SIGNING_KEY_FILE", str(tmp_path / "signing.key"))
    return LedgerApplication(Settings.from_env(env, database_url=database_url))


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> LedgerApplication:
    ledger = open_app(database_url, tmp_path)
    load_sample(ledger)
    ctx = ledger.context(SYSTEM_ACTOR)
    directive = sample_id("TW-01")
    for n in range(30):  # 37 + 30 = 67 events: past a power of two, odd sizes on the way
        ledger.record_follow_up(directive, Annotate(refers_to_version=1, text=f"ghi chú {n}"), ctx)
    return ledger


def entry_leaf(entry: dict[str, object]) -> bytes:
    """The leaf, computed independently: RFC 8785 by the reference library."""
    return hashlib.sha256(b"\x00" + rfc8785.dumps(entry)).digest()


def all_entries(audit: AuditService) -> list[dict[str, object]]:
    entries, after = [], 0
    while True:
        page = audit.log_page(after=after, limit=16)
        entries.extend(page["entries"])
        if page["next"] is None:
            return entries
        after = page["next"]


def test_the_signing_key_is_created_beside_the_store_and_recorded_once(
    sqlite_url: str, tmp_path: Path
) -> None:
    ledger = open_app(sqlite_url, tmp_path)
    audit = AuditService(ledger)
    served = audit.public_key()
    key_file = tmp_path / "signing.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    raw = base64.b64decode(served["public_key"])
    assert served["algorithm"] == "Ed25519"
    assert served["key_id"] == hashlib.sha256(raw).hexdigest()[:16]
    # The key is in the audited log itself.
    entries = all_entries(audit)
    assert [e["type"] for e in entries] == ["signing_key_registered"]
    data = entries[0]["entry"]["data"]  # type: ignore[index]
    assert data["key_id"] == served["key_id"]
    # Another process on the same store reuses the key and records nothing more.
    other = AuditService(open_app(sqlite_url, tmp_path))
    other.create_checkpoint()
    assert other.public_key() == served
    assert len(all_entries(other)) == 1


def test_a_checkpoint_is_signed_over_rfc8785_of_its_four_fields(
    app: LedgerApplication, tmp_path: Path
) -> None:
    audit = AuditService(app)
    checkpoint = audit.create_checkpoint()
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(audit.public_key()["public_key"]))
    message = rfc8785.dumps(
        {k: checkpoint[k] for k in ("origin", "size", "root_hash", "issued_at")}
    )
    key.verify(base64.b64decode(checkpoint["signature"]), message)  # raises if not
    assert checkpoint["size"] == app.max_position()
    leaves = [entry_leaf(e["entry"]) for e in all_entries(audit)]  # type: ignore[arg-type]
    assert checkpoint["root_hash"] == mth_of_leaves(leaves).hex()
    assert audit.latest_checkpoint() == checkpoint
    assert checkpoint["issued_at"].endswith("Z")


def mth_of_leaves(leaves: list[bytes]) -> bytes:
    """MTH from leaf hashes: the reference ``mth`` takes entries, so wrap each leaf so
    that hashing it gives back the leaf (by building the tree over the leaves directly)."""
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + mth_of_leaves(leaves[:k]) + mth_of_leaves(leaves[k:])).digest()


def test_every_proof_from_the_store_checks_independently(app: LedgerApplication) -> None:
    audit = AuditService(app)
    entries = all_entries(audit)
    n = len(entries)
    assert [e["position"] for e in entries] == list(range(1, n + 1))
    leaves = [entry_leaf(e["entry"]) for e in entries]  # type: ignore[arg-type]
    assert [bytes.fromhex(str(e["leaf_hash"])) for e in entries] == leaves
    assert mth([b"a", b"b"]) == mth_of_leaves(
        [hashlib.sha256(b"\x00a").digest(), hashlib.sha256(b"\x00b").digest()]
    )
    roots = {size: mth_of_leaves(leaves[:size]) for size in range(1, n + 1)}
    for size in (1, 2, 3, 31, 32, 33, 64, n):
        for position in range(1, size + 1):
            proof = audit.inclusion_proof(position, size)
            assert proof["leaf_index"] == position - 1
            assert proof["root_hash"] == roots[size].hex()
            path = [bytes.fromhex(p) for p in proof["audit_path"]]
            assert independent_inclusion_check(
                position - 1, size, leaves[position - 1], path, roots[size]
            )
    for first in range(1, n + 1):
        for second in (first, min(first + 1, n), 32, 64, n):
            if second < first:
                continue
            proof = audit.consistency_proof(first, second)
            assert proof["from_root"] == roots[first].hex()
            assert proof["to_root"] == roots[second].hex()
            hashes = [bytes.fromhex(p) for p in proof["proof"]]
            if first == second:
                assert hashes == []
            else:
                assert independent_consistency_check(
                    first, second, roots[first], roots[second], hashes
                )


def test_bad_proof_requests_name_their_field(app: LedgerApplication) -> None:
    audit = AuditService(app)
    n = app.max_position()
    cases = [
        (lambda: audit.inclusion_proof(0, n), "position"),
        (lambda: audit.inclusion_proof(n + 1, n + 1), "position"),
        (lambda: audit.inclusion_proof(5, 4), "size"),
        (lambda: audit.inclusion_proof(5, n + 1), "size"),
        (lambda: audit.consistency_proof(0, 5), "from"),
        (lambda: audit.consistency_proof(6, 5), "to"),
        (lambda: audit.consistency_proof(1, n + 1), "to"),
        (lambda: audit.log_page(after=0, limit=0), "limit"),
        (lambda: audit.log_page(after=-1, limit=5), "after"),
    ]
    for call, field in cases:
        with pytest.raises(errors.InvalidValue) as caught:
            call()
        assert caught.value.field == field


def test_the_badge_proves_each_event_of_a_directive(app: LedgerApplication) -> None:
    audit = AuditService(app)
    directive = sample_id("TW-01")
    assert audit.aggregate_badge(directive)["checkpoint"] is None
    audit.create_checkpoint()
    badge = audit.aggregate_badge(directive)
    assert badge["signature_valid"] is True
    assert badge["verified"] is True
    assert len(badge["events"]) == len(app.history(directive))
    assert all(e["included"] is True for e in badge["events"])
    app.record_follow_up(
        directive, Annotate(refers_to_version=1, text="mới"), app.context(SYSTEM_ACTOR)
    )
    badge = audit.aggregate_badge(directive)
    assert badge["pending"] == 1
    assert badge["verified"] is False
    with pytest.raises(errors.NotFound):
        audit.aggregate_badge(UUID(int=7))


def test_the_checkpointer_signs_every_n_events(database_url: str, tmp_path: Path) -> None:
    ledger = open_app(
        database_url, tmp_path, LEDGER_CHECKPOINT_EVERY="10", LEDGER_CHECKPOINT_SECONDS="0"
    )
    audit = AuditService(ledger)
    worker = audit.checkpointer()
    assert worker.tick(0.0) is None  # an empty log needs no checkpoint
    load_sample(ledger)
    made = worker.tick(1.0)
    assert made is not None
    assert made["size"] == ledger.max_position()
    assert worker.tick(2.0) is None  # nothing new
    ctx = ledger.context(SYSTEM_ACTOR)
    for n in range(9):
        ledger.record_follow_up(sample_id("TW-02"), Annotate(refers_to_version=1, text=str(n)), ctx)
    assert worker.tick(3.0) is None  # 9 < 10
    ledger.record_follow_up(sample_id("TW-02"), Annotate(refers_to_version=1, text="x"), ctx)
    again = worker.tick(4.0)
    assert again is not None
    assert again["size"] == made["size"] + 10
