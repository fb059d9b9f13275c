"""scripts/prerequisites.sh: what `make test` and `make demo` check before anything else.

Each test lays out a simulated machine in a temporary folder: fake Chromium, PostgreSQL
server binaries, go command, golang.org/x/mod source and Python, each where the script's
settings point, and a fake `id` (and, for root, fake `apt-get` and `useradd` that record
their arguments) first on PATH. Taking one of them away simulates a missing package.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = ROOT / "scripts" / "prerequisites.sh"
# Far above the script's real time (tens of milliseconds), far below "minutes into pip".
QUICK_SECONDS = 5.0

FAKE_ID = """#!/bin/sh
# `id -u` prints the simulated uid; `id -u postgres` succeeds when the user "exists".
if [ "$#" -ge 2 ]; then
    [ -e "$FAKE_MACHINE/postgres-user" ] && { echo 999; exit 0; }
    echo "id: '$2': no such user" >&2; exit 1
fi
echo "$FAKE_UID"
"""

# `apt-get install` "installs" a package by creating what its check looks for.
FAKE_APT_GET = """#!/bin/sh
echo "apt-get $*" >> "$FAKE_MACHINE/calls"
if [ "$1" = install ] && [ -z "$FAKE_APT_BROKEN" ]; then
    for package in "$@"; do
        case $package in
        chromium) printf '#!/bin/sh\\n' > "$FAKE_MACHINE/chromium"
                  chmod +x "$FAKE_MACHINE/chromium" ;;
        golang-go) printf '#!/bin/sh\\n' > "$FAKE_MACHINE/go"; chmod +x "$FAKE_MACHINE/go" ;;
        poppler-utils) printf '#!/bin/sh\\n' > "$FAKE_MACHINE/pdftotext"
                       chmod +x "$FAKE_MACHINE/pdftotext" ;;
        esac
    done
fi
exit 0
"""

FAKE_USERADD = """#!/bin/sh
echo "useradd $*" >> "$FAKE_MACHINE/calls"
touch "$FAKE_MACHINE/postgres-user"
"""


@dataclass
class Machine:
    folder: Path
    env: dict[str, str]

    def remove(self, what: str) -> None:
        (self.folder / what).unlink()

    def run(
        self, target: str = "test", *, uid: int = 1000
    ) -> tuple[subprocess.CompletedProcess[str], float]:
        env = {**self.env, "FAKE_UID": str(uid)}
        started = time.monotonic()
        result = subprocess.run(
            ["bash", str(SCRIPT), target],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        return result, time.monotonic() - started

    def calls(self) -> list[str]:
        log = self.folder / "calls"
        return log.read_text().splitlines() if log.exists() else []


def executable(path: Path, text: str = "#!/bin/sh\nexit 0\n") -> None:
    path.write_text(text)
    path.chmod(0o755)


@pytest.fixture
def machine(tmp_path: Path) -> Machine:
    """A simulated machine with every prerequisite of `make test` in place."""
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    executable(fake_bin / "id", FAKE_ID)
    executable(fake_bin / "apt-get", FAKE_APT_GET)
    executable(fake_bin / "useradd", FAKE_USERADD)
    pg_bindir = tmp_path / "pgbin"
    pg_bindir.mkdir()
    for name in ("initdb", "pg_ctl", "postgres"):
        executable(pg_bindir / name)
    executable(tmp_path / "chromium")
    executable(tmp_path / "go")
    executable(tmp_path / "python")
    executable(tmp_path / "pdftotext")
    (tmp_path / "libpangoft2-1.0.so.0").touch()
    (tmp_path / "DejaVuSerif.ttf").touch()
    x_mod = tmp_path / "x-mod"
    x_mod.mkdir()
    (x_mod / "go.mod").write_text("module golang.org/x/mod\n")
    (tmp_path / "postgres-user").touch()
    env = {
        "PATH": f"{fake_bin}:{os.environ['PATH']}",
        "FAKE_MACHINE": str(tmp_path),
        "LEDGER_TEST_CHROMIUM": str(tmp_path / "chromium"),
        "PG_BINDIR": str(pg_bindir),
        "LEDGER_TEST_GO": str(tmp_path / "go"),
        "LEDGER_TEST_GO_X_MOD": str(x_mod),
        "LEDGER_TEST_PANGO": str(tmp_path / "libpangoft2-*.so.0"),
        "LEDGER_TEST_FONT": str(tmp_path / "DejaVuSerif.ttf"),
        "LEDGER_TEST_PDFTOTEXT": str(tmp_path / "pdftotext"),
        "PYTHON": str(tmp_path / "python"),
        "LEDGER_VENV": str(tmp_path / "no-venv-yet"),
    }
    return Machine(tmp_path, env)


@pytest.mark.parametrize("uid", [1000, 0])
def test_all_present_exits_0_quickly_and_silently(machine: Machine, uid: int) -> None:
    result, seconds = machine.run(uid=uid)
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", "")
    assert seconds < QUICK_SECONDS
    assert machine.calls() == [], "nothing to install: apt-get must not run"


@pytest.mark.parametrize(
    ("missing", "packages"),
    [
        ("chromium", "chromium"),
        ("pgbin/initdb", "postgresql-15"),
        ("go", "golang-go"),
        ("x-mod/go.mod", "golang-golang-x-mod-dev"),
        ("python", "python3 python3-venv"),
        ("libpangoft2-1.0.so.0", "libpango-1.0-0 libpangoft2-1.0-0"),
        ("DejaVuSerif.ttf", "fonts-dejavu-core"),
        ("pdftotext", "poppler-utils"),
    ],
)
def test_not_root_a_package_missing_stops_at_once_with_one_sentence(
    machine: Machine, missing: str, packages: str
) -> None:
    machine.remove(missing)
    result, seconds = machine.run()
    assert result.returncode == 1
    assert seconds < QUICK_SECONDS
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    sentence = lines[0]
    assert sentence.endswith(".")
    assert sentence.count(". ") == 0, "one sentence"
    assert f"the Debian packages {packages}:" in sentence
    assert f"sudo apt-get install {packages}`" in sentence
    assert machine.calls() == [], "not root: nothing is installed"


def test_not_root_every_missing_package_is_named_in_the_one_sentence(machine: Machine) -> None:
    machine.remove("chromium")
    machine.remove("go")
    result, _ = machine.run()
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "prerequisites: make test needs the Debian packages chromium golang-go: install them "
        "with `sudo apt-get install chromium golang-go` (or run make test as root, which "
        "installs them)."
    ]


def test_python_is_not_asked_for_once_the_venv_exists(machine: Machine) -> None:
    machine.remove("python")
    venv_bin = machine.folder / "venv" / "bin"
    venv_bin.mkdir(parents=True)
    executable(venv_bin / "python")
    machine.env["LEDGER_VENV"] = str(machine.folder / "venv")
    result, _ = machine.run()
    assert result.returncode == 0, result.stderr


def test_demo_needs_neither_chromium_nor_postgresql_nor_go(machine: Machine) -> None:
    for what in ("chromium", "pgbin/initdb", "go", "x-mod/go.mod"):
        machine.remove(what)
    result, _ = machine.run("demo")
    assert result.returncode == 0, result.stderr
    machine.remove("python")
    result, _ = machine.run("demo")
    assert result.returncode == 1
    assert "the Debian packages python3 python3-venv:" in result.stderr


def test_root_installs_the_missing_packages_after_one_update(machine: Machine) -> None:
    machine.remove("chromium")
    machine.remove("go")
    result, seconds = machine.run(uid=0)
    assert result.returncode == 0, result.stderr
    assert seconds < QUICK_SECONDS
    assert machine.calls() == [
        "apt-get update -qq",
        "apt-get install -y -qq chromium golang-go",
    ]
    assert "installing the Debian packages chromium golang-go" in result.stderr
    assert os.access(machine.folder / "chromium", os.X_OK)
    # Idempotent: once installed, a second run does nothing and says nothing.
    again, _ = machine.run(uid=0)
    assert (again.returncode, again.stderr) == (0, "")
    assert len(machine.calls()) == 2


def test_root_installs_poppler_utils_for_the_report_tests(machine: Machine) -> None:
    machine.remove("pdftotext")
    result, _ = machine.run(uid=0)
    assert result.returncode == 0, result.stderr
    assert machine.calls() == ["apt-get update -qq", "apt-get install -y -qq poppler-utils"]
    assert os.access(machine.folder / "pdftotext", os.X_OK)


def test_root_a_package_that_installs_nothing_usable_fails(machine: Machine) -> None:
    machine.remove("chromium")
    machine.env["FAKE_APT_BROKEN"] = "1"
    result, _ = machine.run(uid=0)
    assert result.returncode == 1
    assert "the Debian packages chromium are installed but still not found" in result.stderr


def test_root_creates_the_postgres_system_user_when_missing(machine: Machine) -> None:
    machine.remove("postgres-user")
    result, _ = machine.run(uid=0)
    assert result.returncode == 0, result.stderr
    assert machine.calls() == [
        "useradd --system --user-group --no-create-home --home-dir /nonexistent "
        "--shell /usr/sbin/nologin postgres"
    ]
    # Not root: the cluster runs as the current user, no postgres user is made.
    machine.remove("postgres-user")
    (machine.folder / "calls").unlink()
    result, _ = machine.run(uid=1000)
    assert result.returncode == 0, result.stderr
    assert machine.calls() == []


def test_an_unknown_target_is_a_usage_error(machine: Machine) -> None:
    result, _ = machine.run("deploy")
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_this_machine_has_what_make_test_needs(tmp_path: Path) -> None:
    """The script's own settings (defaults, or what the environment sets for the tests)
    find the real packages here: `make test` checked them before pytest started. A fake
    `id` says "not root", so this test never installs anything."""
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    executable(fake_bin / "id", "#!/bin/sh\necho 1000\n")
    env = {**os.environ, "PATH": f"{fake_bin}:{os.environ['PATH']}", "PYTHON": sys.executable}
    result = subprocess.run(
        ["bash", str(SCRIPT), "test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
