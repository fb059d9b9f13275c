"""The frontier of the Merkle tree an append extends: cached after each commit, else read
from the stored subtree hashes."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from ledger.integrity.tree import Frontier, NodeKey


class TreeStoreError(RuntimeError):
    """The stored tree lacks subtree hashes it should have (a damaged or foreign store)."""


class TreeCache:
    """The frontier after the last committed append of this process, keyed by its size.

    A transaction uses it only when the tree it extends has exactly that size: the
    subtrees of a committed size never change, so a cache from another writer's era is
    simply not used. It is updated only after a commit.
    """

    def __init__(self) -> None:
        self._frontier: Frontier | None = None
        self._lock = threading.Lock()

    def get(self, size: int) -> Frontier | None:
        f = self._frontier  # a frontier, once cached, is never changed: no lock to read
        return f.copy() if f is not None and f.size == size else None

    def put(self, frontier: Frontier) -> None:
        with self._lock:
            if self._frontier is None or frontier.size >= self._frontier.size:
                self._frontier = frontier


def grow(frontier: Frontier, leaf_rows: Sequence[tuple[Any, ...]]) -> list[tuple[int, int, bytes]]:
    nodes: list[tuple[int, int, bytes]] = []
    for row in leaf_rows:
        nodes.extend(frontier.append(row[3]))
    return nodes


def frontier_from(size: int, found: dict[NodeKey, bytes]) -> Frontier:
    keys = Frontier.keys(size)
    missing = [k for k in keys if k not in found]
    if missing:
        raise TreeStoreError(f"the stored tree of size {size} lacks subtrees {missing}")
    return Frontier(size, [found[k] for k in keys])
