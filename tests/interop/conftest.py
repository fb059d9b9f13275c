"""Go's own golang.org/x/mod/sumdb/note and sumdb/tlog, built once per session from the
Debian packages (golang-go, golang-golang-x-mod-dev) in GOPATH mode, offline."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.api.conftest import client, ledger, principals  # noqa: F401 (fixtures shared)

GOPATH_SOURCE = Path("/usr/share/gocode")
SOURCE = Path(__file__).with_name("goverify.go")

GoVerify = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def goverify_binary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    go = shutil.which("go")
    assert go is not None, "Go is a test prerequisite (apt-get install golang-go)"
    assert (GOPATH_SOURCE / "src/golang.org/x/mod/sumdb/note").is_dir(), (
        "golang.org/x/mod is a test prerequisite (apt-get install golang-golang-x-mod-dev)"
    )
    folder = tmp_path_factory.mktemp("goverify")
    env = {
        **os.environ,
        "GO111MODULE": "off",  # GOPATH mode: the packages come from /usr/share/gocode
        "GOPATH": f"{folder / 'gopath'}:{GOPATH_SOURCE}",
        "GOCACHE": str(folder / "cache"),
        "GOPROXY": "off",
        "GOFLAGS": "",
        "CGO_ENABLED": "0",
    }
    binary = folder / "goverify"
    subprocess.run([go, "build", "-o", str(binary), str(SOURCE)], env=env, check=True, cwd=folder)
    return binary


@pytest.fixture(scope="session")
def goverify(goverify_binary: Path) -> GoVerify:
    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(goverify_binary), *map(str, args)],
            check=False,
            capture_output=True,
            text=True,
            timeout=60,
        )

    return run
