"""A Server-Sent Events client for the tests: reads frames, and on a broken connection
reconnects with ``Last-Event-ID`` as a browser's EventSource does."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import httpx


class SSEClient:
    def __init__(self, url: str, token: str, params: dict[str, Any] | None = None) -> None:
        self.url = url
        self.token = token
        self.params = params or {}
        self.events: list[tuple[int, dict[str, Any]]] = []
        self.comments: list[str] = []
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> SSEClient:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def ids(self) -> list[int]:
        return [i for i, _ in self.events]

    def wait_for(self, count: int, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.events) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"saw {len(self.events)} events, not {count}")
            time.sleep(0.05)

    def wait_comment(self, comment: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while comment not in self.comments:
            if time.monotonic() > deadline:
                raise AssertionError(f"no {comment!r} in {self.comments}")
            time.sleep(0.05)

    def _run(self) -> None:
        while not self._stop.is_set():
            headers = {"Authorization": f"Bearer {self.token}"}
            if self.events:
                headers["Last-Event-ID"] = str(self.events[-1][0])
            try:
                with httpx.stream(
                    "GET", self.url, headers=headers, params=self.params,
                    timeout=httpx.Timeout(5.0, read=2.0),
                ) as answer:  # fmt: skip
                    if answer.status_code != 200:
                        time.sleep(0.2)
                        continue
                    self.connections += 1
                    self._read(answer)
            except httpx.HTTPError:
                time.sleep(0.2)  # the server is down or restarting: try again

    def _read(self, answer: httpx.Response) -> None:
        event_id: int | None = None
        data: list[str] = []
        for line in answer.iter_lines():
            if self._stop.is_set():
                return
            if line.startswith(":"):
                self.comments.append(line)
            elif line.startswith("id:"):
                event_id = int(line[3:].strip())
            elif line.startswith("data:"):
                data.append(line[5:].strip())
            elif line == "" and data:
                assert event_id is not None
                self.events.append((event_id, json.loads("\n".join(data))))
                event_id, data = None, []
