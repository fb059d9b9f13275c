"""The 64 KiB limit through uvicorn itself: a declared length and a chunked stream."""

from __future__ import annotations

import socket
from uuid import UUID

import httpx
import pytest

from tests.api.live_server import LiveServer


def raw_post(server: LiveServer, path: str, token: str, framing: str, chunks: list[bytes]) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\n{framing}\r\n"
        )
        sock.sendall(head.encode())
        try:
            for chunk in chunks:
                sock.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before reading it all
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            data = sock.recv(65536)
            if not data:
                break
            answer += data
        return answer


@pytest.mark.slow
def test_bodies_over_64_kib_are_413_through_uvicorn(served: tuple[LiveServer, str, UUID]) -> None:
    server, token, directive_id = served
    path = f"/v1/directives/{directive_id}/events"
    body = b'{"type": "accepted", "note": "' + b"x" * 70_000 + b'"}'
    declared = raw_post(server, path, token, f"Content-Length: {len(body)}\r\n", [body])
    pieces = [body[i : i + 8192] for i in range(0, len(body), 8192)]
    chunked = raw_post(
        server,
        path,
        token,
        "Transfer-Encoding: chunked\r\n",
        [b"%x\r\n%s\r\n" % (len(p), p) for p in pieces] + [b"0\r\n\r\n"],
    )
    for answer in (declared, chunked):
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
        assert b"application/problem+json" in answer
        assert b'"rule":"body_too_large"' in answer
    got = httpx.get(f"{server.url}/v1/directives/{directive_id}",
                    headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    assert got.headers["etag"] == '"2"'  # nothing appended
