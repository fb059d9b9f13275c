"""A real ``directive-ledger witness serve`` (uvicorn) in a subprocess on a free loopback
port, for tests that kill it or run several."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.api.live_server import free_port

CLI = str(Path(sys.executable).parent / "directive-ledger")


def witness_init(name: str, key_file: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CLI, "witness", "init", "--name", name, "--key-file", str(key_file)],
        capture_output=True,
        text=True,
        check=False,
    )


class LiveWitness:
    def __init__(self, key_file: Path, logs: list[str], state: Path, log_file: Path) -> None:
        self.key_file, self.logs, self.state, self.log_file = key_file, logs, state, log_file
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 30.0) -> LiveWitness:
        command = [CLI, "witness", "serve", "--key-file", str(self.key_file),
                   "--state", str(self.state), "--port", str(self.port)]  # fmt: skip
        for vkey in self.logs:
            command += ["--log", vkey]
        log = self.log_file.open("ab")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the witness exited: {self.log_file.read_text()}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"the witness did not start: {self.log_file.read_text()}")

    def kill(self) -> None:
        """SIGKILL: no shutdown; what is on disk is what a crash leaves."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def add_checkpoint(self, body: bytes) -> httpx.Response:
        return httpx.post(self.url + "/add-checkpoint", content=body, timeout=10)
