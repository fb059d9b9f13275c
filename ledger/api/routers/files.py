"""``POST /v1/files``: upload an evidence file (multipart/form-data, field ``file``), then
cite it in a report's evidence by its sha256; ``GET /files/{sha256}``: download it again,
byte for byte (the bytes are not JSON, so the path is outside ``/v1``'s JSON answers)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile, status
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict
from starlette.concurrency import run_in_threadpool

from ledger.api.deps import ActorDep, LedgerDep, ReaderDep
from ledger.api.openapi import READ, WRITE, problems, success
from ledger.api.problems import ProblemError
from ledger.application.files import MAX_FILE_BYTES, FileTooLarge, files_of
from ledger.application.media_types import ACCEPTED, EXTENSION
from ledger.domain.values import Actor, Role

router = APIRouter(tags=["files"])
WRITERS = frozenset({Role.ISSUER, Role.UNIT, Role.ADMIN})


class FileOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                    "size": 183204,
                    "media_type": "application/pdf",
                }
            ]
        }
    )

    sha256: str
    size: int
    media_type: str


def check_writer(actor: Actor) -> None:
    if actor.role not in WRITERS:
        raise ProblemError(
            403, f"the role {actor.role.value} may not upload files", rule="role_not_permitted"
        )


async def read_upload(upload: UploadFile) -> bytes:
    content = await upload.read(MAX_FILE_BYTES + 1)
    if len(content) > MAX_FILE_BYTES:
        raise ProblemError(413, FileTooLarge().message, rule="file_too_large")
    return content


@router.post(
    "/v1/files",
    status_code=status.HTTP_201_CREATED,
    response_model=FileOut,
    responses={**problems(*WRITE), **success(201, "Location", "ETag", "X-Request-ID")},
    summary="Upload an evidence file (PDF, DOCX, XLSX, ODT, JPEG or PNG, at most 20 MiB)",
)
async def upload_file(
    file: Annotated[UploadFile, File(description="The file; its kind is judged by content.")],
    response: Response,
    ledger: LedgerDep,
    actor: ActorDep,  # a bearer token only: a cookie's POST goes through a form's CSRF check
) -> FileOut:
    check_writer(actor)
    content = await read_upload(file)
    stored = await run_in_threadpool(files_of(ledger).put, content)
    # Content-addressed: where to fetch it, and its hash as its strong validator.
    response.headers["Location"] = f"/files/{stored.sha256}"
    response.headers["ETag"] = f'"{stored.sha256}"'
    return FileOut(**stored.as_dict())


@router.get(
    "/files/{sha256}",
    responses={
        **problems(*READ),
        200: {"content": {m: {} for m in ACCEPTED}, "description": "The file's bytes."},
    },
    summary="Download an evidence file by its sha256 (bearer token or session)",
    response_class=Response,
)
def download_file(sha256: str, ledger: LedgerDep, actor: ReaderDep) -> Response:
    files = files_of(ledger)
    stored = files.info(sha256.lower())
    content = files.content(sha256.lower()) if stored else None
    if stored is None or content is None:
        raise ProblemError(404, f"no file {sha256}", rule="not_found")
    return Response(
        content,
        media_type=stored.media_type,
        headers={
            "Content-Disposition": (
                f'attachment; filename="{stored.sha256[:16]}.{EXTENSION[stored.media_type]}"'
            ),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )
