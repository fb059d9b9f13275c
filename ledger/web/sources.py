"""What the pages quote from the data bundled with the ledger: the text of a cited
paragraph, and the sample's English titles.

A citation is ``{document, paragraph}``; paragraphs count the document's non-empty lines
from 1 (the sample data set's convention). Only documents shipped in ``ledger.sample`` can
be quoted; others are cited by name and number alone. Everything is read on first use
and kept: importing this module reads nothing.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

_PACKAGE = "ledger.sample"


@cache
def _paragraphs(document: str) -> tuple[str, ...] | None:
    if "/" in document or "\\" in document or not document.endswith(".txt"):
        return None  # only plain file names of bundled documents, never a path
    resource = resources.files(_PACKAGE).joinpath(document)
    if not resource.is_file():
        return None
    text = resource.read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def paragraph_text(source: dict[str, Any] | None) -> str | None:
    """The cited paragraph's text, or None when the document is not bundled."""
    if not source or not source.get("document") or not source.get("paragraph"):
        return None
    paragraphs = _paragraphs(str(source["document"]))
    number = int(source["paragraph"])
    if paragraphs is None or not 1 <= number <= len(paragraphs):
        return None
    return paragraphs[number - 1]


@cache
def english_titles() -> dict[str, str]:
    """English titles of the sample's meeting and directives, by id (a translation aid)."""
    from ledger.sample import sample_data, sample_id

    data = sample_data()
    titles = {str(sample_id(data["meeting"]["key"])): data["meeting"]["title_en"]}
    for item in [*data["directives"], *data["provincial"]["directives"]]:
        if item.get("title_en"):
            titles[str(sample_id(item["key"]))] = item["title_en"]
    return titles


def english_title(aggregate_id: Any) -> str | None:
    return english_titles().get(str(aggregate_id))
