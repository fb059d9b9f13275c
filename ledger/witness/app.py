"""The witness's HTTP service (Starlette, served by uvicorn): ``POST /add-checkpoint`` at
the submission prefix, and ``GET /healthz``."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from ledger.witness.service import Answer, Witness, problem

# A checkpoint with 100 signatures and 63 proof lines is about 12 KiB.
MAX_BODY = 64 * 1024


def create_app(witness: Witness) -> Starlette:
    async def add_checkpoint(request: Request) -> Response:
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > MAX_BODY:
            return _answer(problem(413, "body", "too_large", f"a body is at most {MAX_BODY} B"))
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                return _answer(problem(413, "body", "too_large", f"a body is at most {MAX_BODY} B"))
        # The state's write transaction blocks: keep it off the event loop.
        return _answer(await run_in_threadpool(witness.add_checkpoint, body))

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok\n")

    return Starlette(
        routes=[
            Route("/add-checkpoint", add_checkpoint, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ]
    )


def _answer(answer: Answer) -> Response:
    # The header is set as is: Starlette would add a charset to a text/* media type, and
    # the spec's size answer is exactly ``text/x.tlog.size``.
    return Response(answer.body, answer.status, headers={"content-type": answer.content_type})
