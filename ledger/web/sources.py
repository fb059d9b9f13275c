"""The text of a cited paragraph, for the documents bundled with the ledger.

A citation is ``{document, paragraph}``; paragraphs count the document's non-empty lines
from 1 (the sample data set's convention). Only documents shipped in ``ledger.sample`` can
be quoted; others are cited by name and number alone.
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
