"""The RFC 9162 Merkle tree (section 2.1): roots, inclusion paths, consistency proofs.

Pure functions, no storage. Every function that needs the hash of a span of leaves asks a
``NodeReader``: given the keys ``(level, index)`` of complete subtrees (level 0 = one
leaf, level L = the 2**L leaves from ``index * 2**L``), it returns their hashes. A store
that keeps the hash of every complete subtree answers a proof at any size with O(log n)
reads, without reading the log; ``ListNodes`` answers from a list of leaf hashes, for the
tests and for auditors' tools.

We write this ourselves: pymerkle (the maintained Python implementation we found) computes
RFC 9162 roots but its proofs are its own format, not the RFC's audit paths (FACTS.md).
The module is checked against the Certificate Transparency test vectors and an
independent verifier written in the tests from sections 2.1.3.2 and 2.1.4.2.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()

NodeKey = tuple[int, int]
NodeReader = Callable[[Sequence[NodeKey]], dict[NodeKey, bytes]]


class ProofError(ValueError):
    """A proof was asked for positions outside the tree."""


def hash_leaf(entry: bytes) -> bytes:
    return hashlib.sha256(LEAF_PREFIX + entry).digest()


def hash_children(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def largest_power_of_two_below(n: int) -> int:
    """k such that k < n <= 2k (n > 1), the split point of RFC 9162."""
    return 1 << ((n - 1).bit_length() - 1)


# ---------------------------------------------------------------- spans and subtrees


def span_subtrees(start: int, end: int) -> list[NodeKey]:
    """The complete subtrees whose hashes make MTH(D[start:end]), left to right.

    Valid for the spans the RFC recursion visits: ``start`` is a multiple of the
    smallest power of two >= ``end - start``. Their sizes are the binary digits of
    ``end - start``, largest first.
    """
    keys: list[NodeKey] = []
    offset, remaining = start, end - start
    for level in range(remaining.bit_length() - 1, -1, -1):
        if remaining & (1 << level):
            keys.append((level, offset >> level))
            offset += 1 << level
    return keys


def fold_subtrees(hashes: Sequence[bytes]) -> bytes:
    """MTH of a span from its complete subtrees (largest first): the right edge folds
    first, because RFC 9162 splits each span at its largest power of two."""
    if not hashes:
        return EMPTY_ROOT
    acc = hashes[-1]
    for h in reversed(hashes[:-1]):
        acc = hash_children(h, acc)
    return acc


def _spans_hashes(spans: Sequence[tuple[int, int]], read: NodeReader) -> list[bytes]:
    """The MTH of each span, with one read of every complete subtree they need."""
    per_span = [span_subtrees(a, b) for a, b in spans]
    wanted = sorted({k for keys in per_span for k in keys})
    found = read(wanted) if wanted else {}
    missing = [k for k in wanted if k not in found]
    if missing:
        raise ProofError(f"the store lacks the subtree hashes {missing[:3]}")
    return [fold_subtrees([found[k] for k in keys]) for keys in per_span]


# ---------------------------------------------------------------- root and proofs


def root(size: int, read: NodeReader) -> bytes:
    """MTH(D[0:size])."""
    if size < 0:
        raise ProofError("a tree size is never negative")
    return _spans_hashes([(0, size)], read)[0] if size else EMPTY_ROOT


def inclusion_spans(index: int, size: int) -> list[tuple[int, int]]:
    """The spans whose MTHs are PATH(index, D[0:size]), leaf side first (RFC 9162 2.1.3.1)."""
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is not in a tree of size {size}")
    spans: list[tuple[int, int]] = []
    offset, n, m = 0, size, index
    while n > 1:
        k = largest_power_of_two_below(n)
        if m < k:
            spans.append((offset + k, offset + n))
            n = k
        else:
            spans.append((offset, offset + k))
            offset, n, m = offset + k, n - k, m - k
    spans.reverse()
    return spans


def inclusion_path(index: int, size: int, read: NodeReader) -> list[bytes]:
    return _spans_hashes(inclusion_spans(index, size), read)


def consistency_spans(first: int, second: int) -> list[tuple[int, int]]:
    """The spans whose MTHs are PROOF(first, D[0:second]) (RFC 9162 2.1.4.1)."""
    if not 0 < first <= second:
        raise ProofError(f"no consistency proof from size {first} to size {second}")
    spans: list[tuple[int, int]] = []
    offset, n, m, complete = 0, second, first, True
    while m != n:
        k = largest_power_of_two_below(n)
        if m <= k:
            spans.append((offset + k, offset + n))
            n = k
        else:
            spans.append((offset, offset + k))
            offset, n, m, complete = offset + k, n - k, m - k, False
    if not complete:
        spans.append((offset, offset + m))
    spans.reverse()
    return spans


def consistency_proof(first: int, second: int, read: NodeReader) -> list[bytes]:
    if first == second:
        return []
    return _spans_hashes(consistency_spans(first, second), read)


# ---------------------------------------------------------------- verification


def verify_inclusion(
    index: int, size: int, leaf: bytes, path: Sequence[bytes], root_hash: bytes
) -> bool:
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = hash_children(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = hash_children(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root_hash


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 section 2.1.4.2."""
    if first > second or first == 0:
        return False
    if first == second:
        return not proof and first_root == second_root
    if not proof:
        return False
    path = list(proof)
    if first & (first - 1) == 0:  # a power of two: the first root starts the path
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = hash_children(c, fr), hash_children(c, sr)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = hash_children(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == first_root and sr == second_root


# ---------------------------------------------------------------- building


class Frontier:
    """The complete subtrees of the tree so far (at most one per level): appending a leaf
    yields the new complete subtrees (level >= 1) that a store keeps."""

    def __init__(self, size: int = 0, subtrees: Iterable[bytes] = ()) -> None:
        self.size = size
        self.stack: list[tuple[int, int, bytes]] = []  # (level, index, hash), largest first
        hashes = list(subtrees)
        keys = span_subtrees(0, size)
        if len(hashes) != len(keys):
            raise ValueError(f"a tree of size {size} has {len(keys)} frontier subtrees")
        self.stack = [(lv, ix, h) for (lv, ix), h in zip(keys, hashes, strict=True)]

    @staticmethod
    def keys(size: int) -> list[NodeKey]:
        return span_subtrees(0, size)

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        """Add one leaf hash; returns the complete subtrees (level >= 1) it completed."""
        made: list[tuple[int, int, bytes]] = []
        node = (0, self.size, leaf)
        while self.stack and self.stack[-1][0] == node[0]:
            level, index, left = self.stack.pop()
            node = (level + 1, index >> 1, hash_children(left, node[2]))
            made.append(node)
        self.stack.append(node)
        self.size += 1
        return made

    def root(self) -> bytes:
        return fold_subtrees([h for _, _, h in self.stack])

    def copy(self) -> Frontier:
        other = object.__new__(Frontier)  # no need to check a stack we already hold
        other.size, other.stack = self.size, list(self.stack)
        return other


class ListNodes:
    """A ``NodeReader`` over an in-memory list of leaf hashes (complete subtrees cached)."""

    def __init__(self, leaves: Sequence[bytes]) -> None:
        self.leaves = leaves
        self.cache: dict[NodeKey, bytes] = {}

    def node(self, key: NodeKey) -> bytes:
        level, index = key
        if level == 0:
            return self.leaves[index]
        found = self.cache.get(key)
        if found is None:
            found = hash_children(
                self.node((level - 1, 2 * index)), self.node((level - 1, 2 * index + 1))
            )
            self.cache[key] = found
        return found

    def __call__(self, keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]:
        size = len(self.leaves)
        return {k: self.node(k) for k in keys if (k[1] + 1) << k[0] <= size}


class Levels:
    """Every complete subtree of a list of leaf hashes, built level by level (a
    ``NodeReader``): the fastest way to hold a whole recomputed tree in memory."""

    def __init__(self, leaves: list[bytes]) -> None:
        self.levels: list[list[bytes]] = [leaves]
        sha256 = hashlib.sha256
        current = leaves
        while len(current) > 1:
            current = [
                sha256(NODE_PREFIX + current[i] + current[i + 1]).digest()
                for i in range(0, len(current) - 1, 2)
            ]
            self.levels.append(current)

    def __call__(self, keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]:
        found: dict[NodeKey, bytes] = {}
        for level, index in keys:
            if level < len(self.levels) and index < len(self.levels[level]):
                found[(level, index)] = self.levels[level][index]
        return found
