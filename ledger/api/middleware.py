"""Pure ASGI middleware (cheap on the hot path): the request's correlation id, and the
64 KiB body limit decided before any route parses the body."""

from __future__ import annotations

import re
import uuid
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ledger.api.problems import PROBLEM_MEDIA_TYPE, problem_body

MAX_BODY_BYTES = 64 * 1024
# Evidence uploads (the API's `/v1/files` and the workspace's forms): a 20 MiB file
# and the multipart envelope and form fields around it.
UPLOAD_BODY_BYTES = 20 * 1024 * 1024 + 256 * 1024
UPLOAD_PATHS = ("/v1/files", "/workspace/")
REQUEST_ID_HEADER = "x-request-id"
# A client's id is echoed in a header and stored in events: keep it short and printable.
_REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value)
    return None


class RequestIdMiddleware:
    """Takes ``X-Request-ID`` if it is sensible, else makes a UUID; stores it in the
    request state (``request.state.request_id``) and echoes it on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = _header(scope, REQUEST_ID_HEADER.encode())
        request_id = None
        if given is not None:
            text = given.decode("latin-1")
            if _REQUEST_ID_PATTERN.fullmatch(text):
                request_id = text
        if request_id is None:
            request_id = str(uuid.uuid4())
        scope.setdefault("state", {})["request_id"] = request_id
        encoded = request_id.encode()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.encode(), encoded))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_id)


class _BodyTooLarge(Exception):
    pass


async def _send_problem(send: Send, status: int, detail: str, rule: str, path: str) -> None:
    body = orjson.dumps(problem_body(status, detail, rule=rule, instance=path))
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimitMiddleware:
    """Refuses a body over ``limit`` bytes with 413, before it is parsed: at once on its
    ``Content-Length``, or as soon as a streamed (chunked) body passes the limit."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        limit = UPLOAD_BODY_BYTES if path.startswith(UPLOAD_PATHS) else self.limit
        declared = _header(scope, b"content-length")
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                length = -1
            if length < 0:
                await _send_problem(
                    send, 400, "Content-Length is not a whole number", "content_length", path
                )
                return
            if length > limit:
                await _send_problem(send, 413, self._detail(limit), "body_too_large", path)
                return
        state: dict[str, Any] = {"received": 0, "too_large": False, "started": False}

        async def limited_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                if state["received"] > limit:
                    state["too_large"] = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            if state["too_large"]:
                return  # the app's answer to a truncated body is replaced by the 413
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except _BodyTooLarge:
            pass
        except Exception:
            if not state["too_large"]:
                raise
        if state["too_large"] and not state["started"]:
            await _send_problem(send, 413, self._detail(limit), "body_too_large", path)

    def _detail(self, limit: int) -> str:
        return f"the request body is larger than {limit // 1024} KiB"
