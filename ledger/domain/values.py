"""Value objects shared by the aggregates: who acts, with what context, citing what."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from ledger.domain.documents import document_reference
from ledger.domain.errors import InvalidValue


class Role(StrEnum):
    ISSUER = "issuer"
    UNIT = "unit"
    AUDITOR = "auditor"
    ADMIN = "admin"


@dataclass(frozen=True)
class Actor:
    """An authenticated principal acting on the ledger."""

    id: str
    role: Role
    unit: str | None = None
    name: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "role": self.role.value, "unit": self.unit}


SYSTEM_ACTOR = Actor(id="system", role=Role.ADMIN, unit=None, name="system")


@dataclass(frozen=True)
class Context:
    """What every recorded event carries besides its own facts (DESIGN section 3)."""

    actor: Actor
    recorded_on: date
    correlation_id: str | None = None
    causation_id: str | None = None
    idempotency_key: str | None = None
    source: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def meta(self) -> dict[str, Any]:
        meta: dict[str, Any] = {
            "actor": self.actor.as_dict(),
            "correlation_id": self.correlation_id,
            "causation_id": self.causation_id,
            "idempotency_key": self.idempotency_key,
            "source": self.source,
        }
        meta.update(self.extra)
        return meta


def nfc(value: str) -> str:
    """Free text is stored in Unicode NFC, so equal text has equal bytes."""
    return unicodedata.normalize("NFC", value)


def required_text(field_name: str, value: str) -> str:
    if not isinstance(value, str):
        raise InvalidValue(field_name, "must be text", rule="text_type")
    text = nfc(value)
    if not text.strip():
        raise InvalidValue(field_name, "must not be empty", rule="text_required")
    return text


def optional_text(value: str | None, field_name: str = "text") -> str | None:
    if value is not None and not isinstance(value, str):
        raise InvalidValue(field_name, "must be text", rule="text_type")
    return None if value is None else nfc(value)


def unit_name(field_name: str, value: str) -> str:
    return required_text(field_name, value).strip()


def unit_names(field_name: str, values: list[str] | None) -> list[str]:
    if values is not None and not isinstance(values, list | tuple):
        raise InvalidValue(field_name, "must be a list of unit names", rule="units_format")
    return [unit_name(field_name, value) for value in values or []]


def text_list(field_name: str, values: list[str] | None) -> list[str]:
    if values is not None and not isinstance(values, list | tuple):
        raise InvalidValue(field_name, "must be a list of names", rule="list_format")
    return [required_text(field_name, value) for value in values or []]


def percent_value(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise InvalidValue(
            "percent", f"must be a whole number from 0 to 100, got {value!r}", rule="percent_range"
        )
    return value


def evidence_list(field_name: str, items: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Evidence: {title, document?, reference?, issued_on?, sha256?}, at least one of
    ``document`` (a checked document reference: ledger/domain/documents.py) and
    ``reference`` (free text, as evidence was cited before documents were checked)."""
    result: list[dict[str, Any]] = []
    if items is not None and not isinstance(items, list):
        raise InvalidValue(field_name, "must be a list of documents", rule="evidence_format")
    for index, item in enumerate(items or []):
        where = f"{field_name}[{index}]"
        if not isinstance(item, dict):
            raise InvalidValue(
                where,
                "must be {title, document?, reference?, issued_on?, sha256?}",
                rule="evidence_format",
            )
        title = required_text(f"{where}.title", str(item.get("title", "")))
        document = item.get("document")
        if document is not None:
            document = document_reference(f"{where}.document", document)
        reference = item.get("reference")
        if reference is not None or document is None:
            reference = required_text(f"{where}.reference", str(reference or ""))
        issued_on = item.get("issued_on")
        if isinstance(issued_on, date):
            issued_on = issued_on.isoformat()
        if issued_on is not None:
            try:
                date.fromisoformat(str(issued_on))
            except ValueError:
                raise InvalidValue(
                    f"{where}.issued_on", "must be an ISO 8601 date", rule="date_format"
                ) from None
        sha = item.get("sha256")
        if sha is not None:
            sha = str(sha).lower()
            if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
                raise InvalidValue(
                    f"{where}.sha256", "must be 64 hexadecimal digits", rule="sha256_format"
                )
        checked = {"title": title, "reference": reference, "issued_on": issued_on, "sha256": sha}
        if document is not None:  # old events have no such key: keep their shape
            checked["document"] = document
        checked.update(_file_facts(where, item, sha))
        result.append(checked)
    return result


def _file_facts(where: str, item: dict[str, Any], sha: str | None) -> dict[str, Any]:
    """An uploaded file's size, media type and name, kept only when given (documents
    cited by reference alone stay as they were)."""
    facts: dict[str, Any] = {}
    if not any(item.get(k) is not None for k in ("size", "media_type", "file_name")):
        return facts
    if sha is None:
        raise InvalidValue(
            f"{where}.sha256", "a file is cited by its sha256", rule="sha256_required"
        )
    size = item.get("size")
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise InvalidValue(f"{where}.size", "must be a whole number of bytes", rule="size_format")
    facts["size"] = size
    facts["media_type"] = required_text(f"{where}.media_type", str(item.get("media_type") or ""))
    facts["file_name"] = required_text(f"{where}.file_name", str(item.get("file_name") or ""))
    return facts


def source_citation(source: dict[str, Any] | None) -> dict[str, Any] | None:
    """A citation of the document a fact comes from: {document, paragraph?, reference?},
    ``document`` as free text (a file, a report's title) and ``reference`` the checked
    document reference when the source is a numbered document."""
    if source is None:
        return None
    if source.get("reference") is not None:
        reference = document_reference("source.reference", source["reference"])
        cited = source_citation({k: v for k, v in source.items() if k != "reference"})
        assert cited is not None
        return {**cited, "reference": reference}
    document = required_text("source.document", str(source.get("document", "")))
    paragraph = source.get("paragraph")
    if paragraph is not None and (
        isinstance(paragraph, bool) or not isinstance(paragraph, int) or paragraph < 1
    ):
        raise InvalidValue(
            "source.paragraph", "must be a positive whole number", rule="paragraph_positive"
        )
    return {"document": document, "paragraph": paragraph}


def iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
