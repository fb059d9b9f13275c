"""Concurrent writes to one directive, through the real HTTP stack (uvicorn, SQLite)."""

from __future__ import annotations

import threading
from typing import Any
from uuid import UUID

import httpx
import pytest

from tests.api.live_server import LiveServer

THREADS = 16


def post_together(
    url: str, bodies: list[dict[str, Any]], headers: dict[str, str]
) -> list[httpx.Response]:
    barrier = threading.Barrier(len(bodies))
    responses: list[httpx.Response | None] = [None] * len(bodies)

    def post(index: int) -> None:
        with httpx.Client(timeout=60) as client:
            barrier.wait()
            responses[index] = client.post(url, json=bodies[index], headers=headers)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r is not None for r in responses)
    return [r for r in responses if r is not None]


def progress(index: int) -> dict[str, Any]:
    return {"type": "progress_reported", "percent": index + 1, "narrative": f"Báo cáo số {index}"}


def history(server: LiveServer, token: str, directive_id: UUID) -> list[dict[str, Any]]:
    response = httpx.get(
        f"{server.url}/v1/directives/{directive_id}/history",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200
    events: list[dict[str, Any]] = response.json()["events"]
    return events


@pytest.mark.slow
def test_same_if_match_from_16_threads_one_wins(served: tuple[LiveServer, str, UUID]) -> None:
    server, token, directive_id = served
    headers = {"Authorization": f"Bearer {token}", "If-Match": '"2"'}
    responses = post_together(
        f"{server.url}/v1/directives/{directive_id}/events",
        [progress(i) for i in range(THREADS)],
        headers,
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [412] * (THREADS - 1), [r.text for r in responses]
    assert all(r.json()["rule"] == "stale_version" for r in responses if r.status_code == 412)
    events = history(server, token, directive_id)
    assert [e["type"] for e in events] == ["issued", "accepted", "progress_reported"]
    winner = next(r for r in responses if r.status_code == 201).json()
    assert events[-1]["data"]["narrative"] == winner["event"]["data"]["narrative"]


@pytest.mark.slow
def test_without_if_match_all_16_land_with_contiguous_versions(
    served: tuple[LiveServer, str, UUID],
) -> None:
    server, token, directive_id = served
    responses = post_together(
        f"{server.url}/v1/directives/{directive_id}/events",
        [progress(i) for i in range(THREADS)],
        {"Authorization": f"Bearer {token}"},
    )
    assert [r.status_code for r in responses] == [201] * THREADS, [r.text for r in responses]
    versions = sorted(r.json()["version"] for r in responses)
    assert versions == list(range(3, 3 + THREADS))
    events = history(server, token, directive_id)
    assert [e["version"] for e in events] == list(range(1, 3 + THREADS))
    narratives = sorted(e["data"]["narrative"] for e in events[2:])
    assert narratives == sorted(f"Báo cáo số {i}" for i in range(THREADS))
    positions = [e["position"] for e in events]
    assert positions == sorted(positions)


@pytest.mark.slow
def test_the_same_idempotency_key_from_16_threads_appends_once(
    served: tuple[LiveServer, str, UUID],
) -> None:
    server, token, directive_id = served
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "cung-mot-bao-cao"}
    responses = post_together(
        f"{server.url}/v1/directives/{directive_id}/events", [progress(0)] * THREADS, headers
    )
    assert [r.status_code for r in responses] == [201] * THREADS, [r.text for r in responses]
    assert len({r.content for r in responses}) == 1
    events = history(server, token, directive_id)
    assert [e["type"] for e in events] == ["issued", "accepted", "progress_reported"]
