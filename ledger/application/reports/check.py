"""``verify-report``: make a report again from the views (of a live store, or of a store
an export was replayed into) at the position it states, and compare every figure, the
figures its document shows first, then those of its metadata, then the views' digests."""

from __future__ import annotations

from typing import Any

from ledger.application.reports.compute import compute_figures
from ledger.application.reports.document import request_of
from ledger.application.reports.labels import show
from ledger.application.reports.layout import describe, figures
from ledger.application.reports.readback import ReadReport
from ledger.application.reports.xlsx import cell_value
from projections.service import ViewService


def expected_shown(kind: str, key: str, value: Any, lang: str) -> Any:
    column = key.rsplit(".", 1)[1]
    if column == "count":
        column = ""
    if kind == "html":
        return show(column, value, lang)
    if kind == "xlsx":
        return cell_value(column, value, lang)
    return value


def differences(read: ReadReport, views: ViewService) -> tuple[list[str], int]:
    """Every difference between the report and the views, the first one first (empty
    when the report is confirmed), and the number of figures compared."""
    meta = read.metadata
    lang = str(meta.get("lang", "vi"))
    if views.position() < int(meta["position"]):
        return [
            f"the store has reached position {views.position()}, "
            f"not the report's {meta['position']}: events are missing"
        ], 0
    again = compute_figures(views, request_of(meta))
    want = figures(again["tables"])
    found: list[str] = []
    for what, have, as_shown in (
        ("the document shows", read.shown, True),
        ("the metadata says", figures(meta["tables"]), False),
    ):
        for key, value in want.items():
            expected = expected_shown(read.kind, key, value, lang) if as_shown else value
            if key not in have:
                found.append(
                    f"{describe(key, lang)}: missing from the report (views: {expected!r})"
                )
            elif have[key] != expected:
                found.append(
                    f"{describe(key, lang)}: {what} {have[key]!r}, the views give {expected!r}"
                )
        for key in have:
            if key not in want:
                found.append(f"{describe(key, lang)}: {what} {have[key]!r}, not in the views")
    if read.kind == "pdf" and not found:
        found += pdf_text_differences(read)
    digests = {s["view"] + "@" + s["on"]: s["digest"] for s in again["sources"]}
    for name, digest in digests.items():
        stated = (meta.get("digests") or {}).get(name)
        if stated != digest:
            found.append(f"digest of {name}: the report says {stated}, the views give {digest}")
    return found, len(want)


def pdf_text_differences(read: ReadReport) -> list[str]:
    """The PDF's text against that of the PDF its (confirmed) metadata makes: a figure
    edited in the page's text, not in the attachment, shows here."""
    from ledger.application.reports.readback import pdf_text
    from ledger.application.reports.render import render_pdf

    have, want = pdf_text(read.data), pdf_text(render_pdf(read.metadata))
    for number, (mine, theirs) in enumerate(zip(have, want, strict=False), 1):
        if mine != theirs:
            return [f"the PDF's text, line {number}: it shows {mine!r}, the views give {theirs!r}"]
    if len(have) != len(want):
        return [f"the PDF's text has {len(have)} lines, the views give {len(want)}"]
    return []


def checkpoint_problems(
    meta: dict[str, Any], app: Any, public_key: Any = None, vkey: str | None = None
) -> tuple[list[str], list[str]]:
    """(problems, notes) of the checkpoint a report states: its signature (a C2SP note by
    ``vkey``, or by the log key ``public_key`` under the origin's name; an older JSON
    checkpoint by ``public_key``) and its root against the store's tree."""
    from ledger.integrity import tree

    checkpoint = meta.get("checkpoint")
    if not checkpoint:
        return [], ["the report states no checkpoint (none had been signed)"]
    size, root = int(checkpoint["size"]), str(checkpoint["root_hash"])
    problems = signature_problems(checkpoint, public_key, vkey)
    notes = []
    if public_key is None and vkey is None:
        notes.append("no --public-key or --vkey: the checkpoint's signature was not checked")
    recorder = app.ledger_recorder
    stored = recorder.tree_size()
    if size > stored:
        problems.append(f"the checkpoint covers {size} events, the store has {stored}")
    elif tree.root(size, recorder.read_nodes).hex() != root:
        problems.append(f"the checkpoint {size}: its root differs from the store's tree")
    if size < int(meta["position"]):
        notes.append(f"the checkpoint covers positions up to {size}, the report {meta['position']}")
    return problems, notes


def signature_problems(checkpoint: dict[str, Any], public_key: Any, vkey: str | None) -> list[str]:
    from ledger.integrity.checkpoints import signature_problem
    from ledger.integrity.note import NoteError, Vkey, open_note, parse_checkpoint

    size, root = int(checkpoint["size"]), str(checkpoint["root_hash"])
    note = checkpoint.get("note")
    if not note:
        if vkey is not None:
            return ["the report's checkpoint carries no signed note to check --vkey on"]
        problem = None if public_key is None else signature_problem(checkpoint, public_key)
        return [] if problem is None else [f"the checkpoint {size}: {problem}"]
    try:
        if vkey is not None:
            trusted = Vkey.parse(vkey)
        elif public_key is not None:
            trusted = Vkey.ed25519(str(checkpoint["origin"]), public_key.raw)
        else:
            return []
        body = parse_checkpoint(open_note(str(note), [trusted]).text)
    except NoteError as e:
        return [f"the checkpoint {size}'s note: {e}"]
    if body.size != size or body.root_hash.hex() != root:
        return [f"the checkpoint {size}'s note names another size or root"]
    return []
