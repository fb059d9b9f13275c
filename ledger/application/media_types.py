"""What an uploaded file is, judged by its content (magic bytes and container
structure), never by its name: PDF, DOCX, XLSX, ODT, JPEG or PNG; anything else None."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
JPEG = "image/jpeg"
PNG = "image/png"
ACCEPTED = (PDF, DOCX, XLSX, ODT, JPEG, PNG)
EXTENSION = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx", ODT: "odt", JPEG: "jpg", PNG: "png"}

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def sniff(content: bytes) -> str | None:
    """The media type of ``content`` if it is one of ``ACCEPTED`` and well formed."""
    if content.startswith(b"%PDF-"):
        return PDF if b"%%EOF" in content[-1024:] else None
    if content.startswith(_PNG_SIGNATURE):
        return PNG if _png_ok(content) else None
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG if content.rstrip(b"\x00").endswith(b"\xff\xd9") else None
    if content.startswith(b"PK\x03\x04"):
        return _zip_kind(content)
    return None


def _png_ok(content: bytes) -> bool:
    # The first chunk is IHDR (13 bytes) with its CRC; the file ends with IEND.
    if len(content) < 33 or content[12:16] != b"IHDR":
        return False
    (length,) = struct.unpack(">I", content[8:12])
    crc = struct.unpack(">I", content[29:33])[0]
    return (
        length == 13 and zlib.crc32(content[12:29]) == crc and content.endswith(b"IEND\xaeB`\x82")
    )


def _zip_kind(content: bytes) -> str | None:
    """An Office Open XML or OpenDocument package, by the parts it holds (only the
    central directory and the tiny ``mimetype`` entry are read: no zip bomb opens)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            names = set(package.namelist())
            if "mimetype" in names:
                info = package.getinfo("mimetype")
                if info.file_size > 100:
                    return None
                kind = package.read("mimetype").decode("ascii", "replace").strip()
                return ODT if kind == ODT and "content.xml" in names else None
            if "[Content_Types].xml" not in names:
                return None
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return None
    return None
