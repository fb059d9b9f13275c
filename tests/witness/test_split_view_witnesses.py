"""Two real witnesses on loopback against a log that forks its history: the honest
checkpoint is cosigned by both; the fork, signed with the log's real key, by neither,
whether it claims the same size or a larger one, and it never meets the policy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ledger.integrity import note as n
from ledger.integrity import tree
from ledger.integrity.policy import parse_policy
from tests.witness.live_witness import LiveWitness, witness_init
from tests.witness.witness_support import FakeLog, request


@pytest.fixture
def two_witnesses(tmp_path: Path) -> Iterator[tuple[FakeLog, list[LiveWitness], str]]:
    log = FakeLog()
    witnesses, lines = [], []
    for name in ("w1", "w2"):
        key_file = tmp_path / f"{name}.key"
        made = witness_init(f"witness.test/{name}", key_file)
        assert made.returncode == 0, made.stderr
        live = LiveWitness(key_file, [str(log.vkey)], tmp_path / f"{name}.sqlite",
                           tmp_path / f"{name}.log")  # fmt: skip
        witnesses.append(live.start())
        lines.append(f"witness {name} {made.stdout.strip()} {live.url}\n")
    policy = f"log {log.vkey}\n" + "".join(lines) + "group both all w1 w2\nquorum both\n"
    try:
        yield log, witnesses, policy
    finally:
        for live in witnesses:
            live.kill()


def test_a_forked_history_signed_with_the_real_key_is_cosigned_by_no_witness(
    two_witnesses: tuple[FakeLog, list[LiveWitness], str],
) -> None:
    log, witnesses, policy_text = two_witnesses
    policy = parse_policy(policy_text.encode())
    honest = log.note(10)
    cosignatures = []
    for live in witnesses:
        answer = live.add_checkpoint(request(0, [], honest))
        assert answer.status_code == 200, answer.text
        cosignatures.append(answer.text)
    assert policy.quorum_met(n.parse_note(honest + "".join(cosignatures)))

    # The fork: entry 3 rewritten, its leaf and every subtree above it recomputed, and
    # checkpoints signed with the log's own key.
    fork = FakeLog(private=log.private)
    fork.leaves = list(log.leaves)
    fork.leaves[3] = tree.hash_leaf(b"a rewritten entry")
    fork.grow(14)
    same_size = fork.note(10)
    larger = fork.note(14)
    for live in witnesses:
        answer = live.add_checkpoint(request(10, [], same_size))
        assert answer.status_code == 409
        assert answer.headers["content-type"] == "application/problem+json"
        answer = live.add_checkpoint(request(10, fork.proof(10, 14), larger))
        assert answer.status_code == 422
        # Nor does a claim that the witness never saw size 10 help: it knows it did.
        answer = live.add_checkpoint(request(0, [], larger))
        assert (answer.status_code, answer.text) == (409, "10\n")

    # The honest cosignatures moved onto the fork do not verify: the quorum fails.
    forged = n.parse_note(n.add_signature_lines(same_size, cosignatures))
    assert not policy.quorum_met(forged)
    assert policy.quorum_problem(forged) is not None
    # And the honest log still advances.
    for live in witnesses:
        assert live.add_checkpoint(request(10, log.proof(10, 14), log.note(14))).status_code == 200
