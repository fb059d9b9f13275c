"""The document symbols ``parse_symbol`` accepts, as one regular expression.

The API states it in its OpenAPI (``pattern`` of every document ``symbol``), so that a
client can check a symbol before sending it, and a tool that generates requests from the
schema (schemathesis) makes only symbols the ledger takes. The parser, not this pattern,
checks requests: its errors name the convention and the misspelling (``QD`` for
``QĐ``). ``tests/unit/test_document_pattern.py`` proves the two agree.

The pattern is written in the common subset of ECMA-262 (JSON Schema's dialect), Python
and Rust regular expressions: no look-around, so a symbol "that is not a kind" is spelt
as the complement of a finite set of words (``_not_one_of``).
"""

from __future__ import annotations

from collections.abc import Iterable

from ledger.domain.document_kinds import (
    PARTY_KINDS,
    STATE_ADMINISTRATIVE_KINDS,
    STATE_NORMATIVE_KINDS,
)

FIRST = "A-ZĐ"  # a group's first character: a capital letter
REST = "A-Za-zĐđ0-9"  # then letters or digits
GROUP = f"[{FIRST}][{REST}]*"
GROUPS = f"{GROUP}(?:-{GROUP})*"
# 1 to 6 digits, not all zero: numbers start at 01.
NUMBER = "(?:" + "|".join(f"0{{{k}}}[1-9][0-9]{{0,{5 - k}}}" for k in range(6)) + ")"
YEAR = "(?:194[5-9]|19[5-9][0-9]|20[0-9]{2}|2100)"  # FIRST_YEAR to LAST_YEAR
LEGISLATURE = "(?:QH|UBTVQH)[0-9]{1,2}"


def _alternation(words: Iterable[str]) -> str:
    return "(?:" + "|".join(sorted(words, key=lambda w: (-len(w), w))) + ")"


def _outside(chars: str, taken: set[str]) -> str:
    """A character class of ``chars`` (a class body of ranges) minus ``taken``."""
    expanded = _expand(chars)
    return "[" + "".join(ch for ch in expanded if ch not in taken) + "]"


def _expand(chars: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(chars):
        if index + 2 < len(chars) and chars[index + 1] == "-":
            out.extend(chr(c) for c in range(ord(chars[index]), ord(chars[index + 2]) + 1))
            index += 3
        else:
            out.append(chars[index])
            index += 1
    return "".join(out)


def _not_one_of(words: set[str], prefix: str = "") -> str:
    """Every group that starts with ``prefix`` and is none of ``words`` (all of which
    start with ``prefix``): the complement of a finite set, one trie node at a time."""
    rest = f"[{REST}]"
    following = {w[len(prefix)] for w in words if len(w) > len(prefix)}
    branches = []
    if prefix and prefix not in words:
        branches.append("")  # the prefix itself is a group no word equals
    first_position = not prefix
    others = _outside(FIRST if first_position else REST, following)
    if others != "[]":
        branches.append(f"{others}{rest}*")
    for ch in sorted(following):
        below = {w for w in words if w.startswith(prefix + ch)}
        longer = {w for w in below if len(w) > len(prefix) + 1}
        inner = _not_one_of(below, prefix + ch)
        if not longer and prefix + ch in below:
            inner = f"{rest}+"  # the word itself is excluded; anything longer is not
        branches.append(f"{ch}{inner}" if inner == f"{rest}+" else f"{ch}(?:{inner})")
    return "(?:" + "|".join(branches) + ")"


def misspelt_kinds(known: Iterable[str]) -> set[str]:
    """``QD`` for ``QĐ``: the words the parser refuses as a kind misspelt with a Latin D
    (a word not in ``known`` whose every D read as Đ is in ``known``)."""
    kinds = set(known)
    found = set()
    for kind in kinds:
        if "D" in kind:
            continue  # reading every D as Đ never gives a word with a D in it
        places = [i for i, ch in enumerate(kind) if ch == "Đ"]
        for mask in range(1, 2 ** len(places)):
            word = list(kind)
            for bit, place in enumerate(places):
                if mask >> bit & 1:
                    word[place] = "D"
            if "".join(word) not in kinds:
                found.add("".join(word))
    return found


def symbol_pattern() -> str:
    administrative = set(STATE_ADMINISTRATIVE_KINDS)
    # A công văn names the issuing body first: a group that is no administrative kind,
    # no misspelt one and not CV (which is Party's; the parser says so).
    not_a_kind = _not_one_of(administrative | misspelt_kinds(administrative) | {"CV"})
    party = f"{NUMBER}-{_alternation(PARTY_KINDS)}/{GROUPS}"
    normative = (
        f"{NUMBER}/{YEAR}/(?:{LEGISLATURE}|{_alternation(STATE_NORMATIVE_KINDS)}(?:-{GROUP})+)"
    )
    kind_first = f"{NUMBER}/{_alternation(administrative)}(?:-{GROUP})+"
    body_first = f"{NUMBER}/{not_a_kind}(?:-{GROUP})*"
    return f"^(?:{party}|{normative}|{kind_first}|{body_first})$"


SYMBOL_PATTERN = symbol_pattern()
