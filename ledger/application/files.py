"""Evidence files: stored content-addressed (SHA-256) in the ledger's own database,
append-only; cited by an event's evidence ``{title, reference, sha256, size,
media_type, file_name}``; checked by ``verify``, written beside an export, restored by
``replay``."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ledger.application.media_types import sniff
from ledger.domain import errors
from ledger.integrity.files import files_folder
from ledger.store.workspace_db import WorkspaceDB

if TYPE_CHECKING:
    from ledger.application.core import LedgerApplication

MAX_FILE_BYTES = 20 * 1024 * 1024
SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    media_type: str

    def as_dict(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "size": self.size, "media_type": self.media_type}


class FileRefused(errors.InvalidValue):
    """Not one of the accepted kinds, judged by content."""

    def __init__(self) -> None:
        super().__init__(
            "file",
            "only PDF, DOCX, XLSX, ODT, JPEG or PNG files are accepted (judged by their "
            "content, not their name)",
            rule="file_type",
        )


class FileTooLarge(errors.InvalidValue):
    def __init__(self) -> None:
        super().__init__("file", "a file may be at most 20 MiB", rule="file_too_large")


class Files:
    def __init__(self, ledger: LedgerApplication) -> None:
        self.ledger = ledger
        self.db = WorkspaceDB(ledger.recorder.datastore)  # type: ignore[attr-defined]

    def put(self, content: bytes) -> StoredFile:
        """Store ``content`` once (a second upload of the same bytes stores nothing)."""
        if len(content) > MAX_FILE_BYTES:
            raise FileTooLarge()
        media_type = sniff(content)
        if media_type is None:
            raise FileRefused()
        digest = hashlib.sha256(content).hexdigest()
        found = self.info(digest)
        if found is not None:
            return found
        try:
            self.db.execute(
                "INSERT INTO {ledger_files} (sha256, size, media_type, content, stored_at) "
                "VALUES (?,?,?,?,?)",
                (digest, len(content), media_type, content, time.time()),
            )
        except Exception:
            found = self.info(digest)  # stored by another request meanwhile
            if found is None:
                raise
            return found
        return StoredFile(digest, len(content), media_type)

    def info(self, sha256: str) -> StoredFile | None:
        if not SHA256.fullmatch(sha256):
            return None
        rows = self.db.query(
            "SELECT sha256, size, media_type FROM {ledger_files} WHERE sha256 = ?", (sha256,)
        )
        return (
            StoredFile(rows[0]["sha256"], int(rows[0]["size"]), rows[0]["media_type"])
            if rows
            else None
        )

    def content(self, sha256: str) -> bytes | None:
        if not SHA256.fullmatch(sha256):
            return None
        rows = self.db.query("SELECT content FROM {ledger_files} WHERE sha256 = ?", (sha256,))
        return bytes(rows[0]["content"]) if rows else None

    def all_hashes(self) -> list[str]:
        return [r["sha256"] for r in self.db.query("SELECT sha256 FROM {ledger_files}")]

    def evidence(self, sha256: str, *, title: str, file_name: str) -> dict[str, Any]:
        """The evidence an event cites for a stored file."""
        stored = self.info(sha256.lower())
        if stored is None:
            raise errors.InvalidValue(
                "evidence.sha256", "no file with this sha256 was uploaded", rule="file_unknown"
            )
        return {
            "title": title,
            "reference": file_name,
            "file_name": file_name,
            **stored.as_dict(),
        }

    def complete(self, command: Any) -> Any:
        """The command with each cited stored file's size, media type and name filled in
        (the API cites an upload by its sha256 alone)."""
        evidence = getattr(command, "evidence", None)
        if not evidence or not any(e.get("sha256") and e.get("size") is None for e in evidence):
            return command
        completed = []
        for item in evidence:
            stored = self.info(str(item.get("sha256") or "").lower())
            if stored is not None and item.get("size") is None:
                completed.append({"file_name": item.get("reference"), **item, **stored.as_dict()})
            else:
                completed.append(item)
        return dataclasses.replace(command, evidence=completed)

    # ----------------------------------------------------------------- checks

    def cited(self) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        """Each (event, evidence) of every directive that cites a file by sha256."""
        for directive_id in self.ledger.directive_ids():
            for event in self.ledger.history(directive_id):
                for item in (event.get("data") or {}).get("evidence") or []:
                    if item.get("sha256"):
                        yield {**event, "aggregate_id": str(directive_id)}, item

    def check(self, report: Any) -> int:
        """Every stored file hashes to its name, every cited file is stored with its
        size: each failure in ``report`` names the event. Returns the files checked."""
        bad: dict[str, str] = {}
        for sha in self.all_hashes():
            content = self.content(sha) or b""
            if hashlib.sha256(content).hexdigest() != sha:
                bad[sha] = "its stored bytes no longer hash to the sha256 it is cited by"
        for event, item in self.cited():
            sha = str(item["sha256"])
            stored = self.info(sha)
            where = f"directive {event['aggregate_id']} version {event['version']}"
            if sha in bad:
                report.fail(where, f"evidence file {sha}: {bad[sha]}", event.get("position"))
            elif stored is None and item.get("size") is not None:
                report.fail(where, f"evidence file {sha} is not stored", event.get("position"))
            elif stored is not None and item.get("size") not in (None, stored.size):
                report.fail(where, f"evidence file {sha}: its size differs", event.get("position"))
        return len(self.all_hashes())

    # -------------------------------------------------------- export, replay

    def write_beside(self, export_file: Path) -> int:
        folder = files_folder(export_file)
        hashes = self.all_hashes()
        if hashes:
            folder.mkdir(parents=True, exist_ok=True)
        for sha in hashes:
            (folder / sha).write_bytes(self.content(sha) or b"")
        return len(hashes)

    def restore_from(self, export_file: Path) -> int:
        folder = files_folder(export_file)
        if not folder.is_dir():
            return 0
        count = 0
        for path in sorted(folder.iterdir()):
            content = path.read_bytes()
            if hashlib.sha256(content).hexdigest() != path.name:
                raise errors.InvalidValue(
                    "file", f"{path.name}: its bytes do not hash to its name", rule="file_hash"
                )
            self.put(content)
            count += 1
        return count


def files_of(ledger: LedgerApplication) -> Files:
    """The ledger's one ``Files`` (made on first use, kept on the application)."""
    found = ledger.__dict__.get("_evidence_files")
    if found is None:
        found = ledger.__dict__.setdefault("_evidence_files", Files(ledger))
    assert isinstance(found, Files)
    return found
