"""The RFC 9162 tree against the Certificate Transparency vectors, the RFC's own recursive
definitions, and a verifier written here, step by step, from sections 2.1.3.2 and 2.1.4.2
(independent of ``ledger.integrity.tree``'s verify functions)."""

from __future__ import annotations

import random
from typing import Any

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.integrity import tree
from ledger.integrity.entry import canonical_bytes
from tests.rfc9162_reference import (
    h,
    independent_consistency_check,
    independent_inclusion_check,
    mth,
    rfc_path,
    rfc_subproof,
)

CT_LEAVES = [
    bytes.fromhex(h)
    for h in [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
]
CT_ROOTS = {
    1: "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    8: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
}


# ---------------------------------------------------------------------------- tests


def entries_of(n: int, seed: int = 0) -> list[bytes]:
    rng = random.Random(seed)
    return [rng.randbytes(rng.randrange(0, 40)) for _ in range(n)]


def reader(entries: list[bytes]) -> tree.ListNodes:
    return tree.ListNodes([tree.hash_leaf(e) for e in entries])


def test_certificate_transparency_vectors() -> None:
    nodes = reader(CT_LEAVES)
    for size, expected in CT_ROOTS.items():
        assert tree.root(size, nodes).hex() == expected
        assert mth(CT_LEAVES[:size]).hex() == expected
    assert tree.root(0, nodes) == h(b"")


def test_frontier_builds_the_same_roots_and_subtrees() -> None:
    entries = entries_of(70, seed=3)
    frontier = tree.Frontier()
    made: dict[tuple[int, int], bytes] = {}
    for i, e in enumerate(entries):
        for level, index, node in frontier.append(tree.hash_leaf(e)):
            made[(level, index)] = node
        assert frontier.root() == mth(entries[: i + 1])
    nodes = reader(entries)
    assert made == {k: nodes.node(k) for k in made}
    assert len(made) == sum(len(entries) >> level for level in range(1, 7))


def check_size(entries: list[bytes], n: int, rng: random.Random, all_pairs: bool) -> None:
    nodes = reader(entries)
    root_n = tree.root(n, nodes)
    assert root_n == mth(entries[:n])
    indexes = range(n) if all_pairs else rng.sample(range(n), min(n, 8))
    for m in indexes:
        path = tree.inclusion_path(m, n, nodes)
        assert path == rfc_path(m, entries[:n])
        leaf = tree.hash_leaf(entries[m])
        assert independent_inclusion_check(m, n, leaf, path, root_n)
        assert tree.verify_inclusion(m, n, leaf, path, root_n)
        assert not independent_inclusion_check(m, n, tree.hash_leaf(b"forged"), path, root_n)
    firsts = range(1, n) if all_pairs else rng.sample(range(1, n), min(n - 1, 8))
    for first in firsts:
        proof = tree.consistency_proof(first, n, nodes)
        assert proof == rfc_subproof(first, entries[:n], True)
        root_first = tree.root(first, nodes)
        assert independent_consistency_check(first, n, root_first, root_n, proof)
        assert tree.verify_consistency(first, n, root_first, root_n, proof)
        assert not independent_consistency_check(first, n, root_first, h(b"x"), proof)


@pytest.mark.parametrize("n", range(1, 65))
def test_every_proof_for_sizes_1_to_64(n: int) -> None:
    check_size(entries_of(n, seed=n), n, random.Random(n), all_pairs=True)


@pytest.mark.parametrize("seed", range(6))
def test_random_larger_trees(seed: int) -> None:
    rng = random.Random(1000 + seed)
    n = rng.randrange(65, 3000)
    check_size(entries_of(n, seed=seed), n, rng, all_pairs=False)


def test_a_tampered_proof_fails_every_way() -> None:
    entries = entries_of(37, seed=9)
    nodes = reader(entries)
    root = tree.root(37, nodes)
    path = tree.inclusion_path(5, 37, nodes)
    leaf = tree.hash_leaf(entries[5])
    assert tree.verify_inclusion(5, 37, leaf, path, root)
    assert not tree.verify_inclusion(6, 37, leaf, path, root)
    assert not tree.verify_inclusion(5, 32, leaf, path, root)
    assert not tree.verify_inclusion(5, 37, leaf, path[:-1], root)
    assert not tree.verify_inclusion(5, 37, leaf, [*path, path[0]], root)
    proof = tree.consistency_proof(20, 37, nodes)
    r20 = tree.root(20, nodes)
    assert not tree.verify_consistency(21, 37, r20, root, proof)
    assert not tree.verify_consistency(20, 37, r20, root, proof[1:])
    assert tree.verify_consistency(37, 37, root, root, [])


def test_out_of_range_requests_are_refused() -> None:
    nodes = reader(entries_of(4))
    with pytest.raises(tree.ProofError):
        tree.inclusion_path(4, 4, nodes)
    with pytest.raises(tree.ProofError):
        tree.consistency_proof(0, 4, nodes)
    with pytest.raises(tree.ProofError):
        tree.consistency_proof(5, 4, nodes)
    with pytest.raises(tree.ProofError):
        tree.root(5, nodes)


# ------------------------------------------------ canonical JSON: orjson == RFC 8785

json_scalars = st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text()
json_values: Any = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=25,
)


@settings(max_examples=300)
@given(
    st.fixed_dictionaries(
        {
            "position": st.integers(1, 2**53 - 1),
            "aggregate_id": st.uuids().map(str),
            "version": st.integers(1, 10**6),
            "type": st.text(),
            "recorded_at": st.text(),
            "effective_on": st.none() | st.dates().map(lambda d: d.isoformat()),
            "actor": st.none() | st.dictionaries(st.text(), json_scalars, max_size=3),
            "data": st.dictionaries(st.text(), json_values, max_size=8),
        }
    )
)
def test_canonical_bytes_equal_rfc8785(entry: dict[str, Any]) -> None:
    assert canonical_bytes(entry) == rfc8785.dumps(entry)


def test_canonical_bytes_of_vietnamese_and_controls() -> None:
    entry = {"tiêu đề": "Hải Dương\u2028\x01 😀", "b": [True, None, -5], "a": {"z": 1, "ä": 2}}
    assert canonical_bytes(entry) == rfc8785.dumps(entry)
    # UTF-16 order (RFC 8785) puts U+10000 before U+E000; code-point order would not.
    keys = {"\ue000": 1, "\U00010000": 2}
    assert canonical_bytes(keys) == rfc8785.dumps(keys)
    assert canonical_bytes(keys).index("\U00010000".encode()) < canonical_bytes(keys).index(
        "\ue000".encode()
    )
