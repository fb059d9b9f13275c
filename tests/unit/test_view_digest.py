"""A view's digest is the SHA-256 of the RFC 8785 canonical JSON of its rows: the fast
path (orjson, sorted keys) gives the same bytes as ``rfc8785`` for rows like ours."""

from __future__ import annotations

import hashlib

import rfc8785
from hypothesis import given
from hypothesis import strategies as st

from ledger.integrity.entry import canonical_bytes
from projections.digest import digest_of, digest_of_pages

scalars = (
    st.none() | st.booleans() | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1) | st.text()
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
rows = st.lists(st.dictionaries(st.text(), values, max_size=6), max_size=5)


@given(rows)
def test_canonical_bytes_are_rfc8785(view_rows: list[dict[str, object]]) -> None:
    assert canonical_bytes(view_rows) == rfc8785.dumps(view_rows)


def test_digest_format_and_content() -> None:
    view_rows = [{"title": "Đột phá 3", "percent": 40, "on_time_rate": "0.667", "b": None}]
    expected = hashlib.sha256(rfc8785.dumps(view_rows)).hexdigest()
    assert digest_of(view_rows) == f"sha256:{expected}"
    assert digest_of([]) == "sha256:" + hashlib.sha256(b"[]").hexdigest()


@given(rows, st.integers(min_value=1, max_value=4))
def test_digest_page_by_page_equals_the_whole(
    view_rows: list[dict[str, object]], page_size: int
) -> None:
    pages = [view_rows[i : i + page_size] for i in range(0, len(view_rows), page_size)]
    assert digest_of_pages(pages) == digest_of(view_rows)  # type: ignore[arg-type]
