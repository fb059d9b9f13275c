"""RFC 9162 written out plainly, for the tests: the tree hash (2.1.1), the audit path
(2.1.3.1), the consistency proof (2.1.4.1), and a verifier written step by step from
sections 2.1.3.2 and 2.1.4.2, independent of ``ledger.integrity.tree``."""

from __future__ import annotations

import hashlib


def h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def mth(entries: list[bytes]) -> bytes:
    """RFC 9162 2.1.1, over raw entries."""
    n = len(entries)
    if n == 0:
        return h(b"")
    if n == 1:
        return h(b"\x00" + entries[0])
    k = 1
    while k * 2 < n:
        k *= 2
    return h(b"\x01" + mth(entries[:k]) + mth(entries[k:]))


def rfc_path(m: int, entries: list[bytes]) -> list[bytes]:
    """RFC 9162 2.1.3.1."""
    n = len(entries)
    if n == 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return [*rfc_path(m, entries[:k]), mth(entries[k:])]
    return [*rfc_path(m - k, entries[k:]), mth(entries[:k])]


def rfc_subproof(m: int, entries: list[bytes], b: bool) -> list[bytes]:
    """RFC 9162 2.1.4.1."""
    n = len(entries)
    if m == n:
        return [] if b else [mth(entries)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return [*rfc_subproof(m, entries[:k], b), mth(entries[k:])]
    return [*rfc_subproof(m - k, entries[k:], False), mth(entries[:k])]


def lsb(x: int) -> bool:
    return x % 2 == 1


def independent_inclusion_check(
    leaf_index: int, tree_size: int, leaf_hash: bytes, inclusion_path: list[bytes], root: bytes
) -> bool:
    """RFC 9162 section 2.1.3.2, numbered as in the RFC."""
    # 1.
    if leaf_index >= tree_size:
        return False
    # 2.
    fn, sn = leaf_index, tree_size - 1
    # 3.
    r = leaf_hash
    # 4.
    for p in inclusion_path:
        # a.
        if sn == 0:
            return False
        # b.
        if lsb(fn) or fn == sn:
            r = h(b"\x01" + p + r)
            if not lsb(fn):
                while not (lsb(fn) or fn == 0):
                    fn //= 2
                    sn //= 2
        else:
            r = h(b"\x01" + r + p)
        # c.
        fn //= 2
        sn //= 2
    # 5.
    return sn == 0 and r == root


def independent_consistency_check(
    first: int, second: int, first_hash: bytes, second_hash: bytes, consistency_path: list[bytes]
) -> bool:
    """RFC 9162 section 2.1.4.2, numbered as in the RFC (first < second)."""
    # 1.
    if not consistency_path:
        return False
    path = list(consistency_path)
    # 2.
    if first & (first - 1) == 0:
        path = [first_hash, *path]
    # 3.
    fn, sn = first - 1, second - 1
    # 4.
    while lsb(fn):
        fn //= 2
        sn //= 2
    # 5.
    fr = sr = path[0]
    # 6.
    for c in path[1:]:
        if sn == 0:
            return False
        if lsb(fn) or fn == sn:
            fr = h(b"\x01" + c + fr)
            sr = h(b"\x01" + c + sr)
            if not lsb(fn):
                while not (lsb(fn) or fn == 0):
                    fn //= 2
                    sn //= 2
        else:
            sr = h(b"\x01" + sr + c)
        fn //= 2
        sn //= 2
    # 7.
    return fr == first_hash and sr == second_hash and sn == 0
