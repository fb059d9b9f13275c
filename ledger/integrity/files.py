"""The evidence files written beside an export (``<export>.files/<sha256>``): each one's
bytes must hash to its name (pure: reads the folder only)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any


def files_folder(export_file: Path) -> Path:
    return export_file.with_name(export_file.name + ".files")


def check_files_folder(export_file: Path, report: Any) -> int:
    """Each file of the export's folder against its name; returns how many were read."""
    folder = files_folder(export_file)
    if not folder.is_dir():
        return 0
    count = 0
    for path in sorted(folder.iterdir()):
        count += 1
        if hashlib.sha256(path.read_bytes()).hexdigest() != path.name:
            report.fail(f"evidence file {path.name}", "its bytes do not hash to its name")
    return count
