"""What an auditor relies on: past states, export and replay, tamper evidence, the log.

The auditor's own tools are the `directive-ledger` commands (export, replay, verify) and
the audit endpoints. Tampering is, by its nature, done behind the ledger's back: straight
in the SQLite file, as a database owner would, after dropping the append-only triggers.
"""

from __future__ import annotations

import base64
import hashlib
import re
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi.testclient import TestClient
from pytest_bdd import given, scenarios, then, when
from typer.testing import CliRunner

from ledger.application import LedgerApplication
from ledger.application.audit import AuditService
from ledger.cli import app as cli
from ledger.domain.values import Role
from tests.bdd.bdd_support import (
    Clock,
    Directory,
    Outcome,
    directive_id,
    get_ok,
    history_of,
    open_ledger,
    p,
    read_view,
)

scenarios("audit")

VIEWS = ("status-board", "overdue", "units")


@pytest.fixture(autouse=True)
def engine() -> str:
    """The auditor's scenarios reach into a SQLite file (to tamper with it) and run the
    commands on it: SQLite only. Tampering on PostgreSQL is covered by the integrity tests."""
    return "sqlite"


@dataclass
class CommandResult:
    exit_code: int
    output: str


def run_cli(*args: str, database_file: Path) -> CommandResult:
    result = CliRunner().invoke(
        cli,
        list(args),
        env={
            "LEDGER_SIGNING_KEY_FILE": str(database_file.parent / "signing.key"),
            "COLUMNS": "300",
        },
    )
    output = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        output += f"\n{type(result.exception).__name__}: {result.exception}"
    return CommandResult(result.exit_code, output)


def owner_sql(database_file: Path, statement: str, params: tuple[Any, ...] = ()) -> None:
    """Run SQL as the file's owner: the append-only triggers are dropped first."""
    conn = sqlite3.connect(database_file)
    try:
        triggers = conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        for (name,) in triggers.fetchall():
            conn.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        conn.execute(statement, params)
        conn.commit()
    finally:
        conn.close()


def settle(client: TestClient, directory: Directory) -> None:
    """Let the API's view runner reach the last write before a command opens the store."""
    read_view(client, directory, "/v1/views/status-board")


# ------------------------------------------------------------------ a past state


@given(p("the auditor notes the time"), target_fixture="noted_time")
@given(p("kiểm toán viên ghi lại thời điểm hiện tại"), target_fixture="noted_time")
def _() -> str:
    # Recorded times come from the store's clock; a pause on each side keeps them apart.
    time.sleep(0.02)
    noted = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    time.sleep(0.02)
    return noted


@when(p('"{who:Q}" reads "{code:Q}" as of the noted time'), target_fixture="reading")
@when(p('"{who:Q}" xem "{code:Q}" tại thời điểm đã ghi lại'), target_fixture="reading")
def _(
    who: str, code: str, noted_time: str, client: TestClient, directory: Directory
) -> httpx.Response:
    the_id = directive_id(client, directory, code)
    return client.get(
        f"/v1/directives/{the_id}",
        params={"as_of": noted_time},
        headers=directory.person(who).headers,
    )


@when(p('"{who:Q}" reads "{code:Q}" at version {version:Int}'), target_fixture="reading")
@when(p('"{who:Q}" xem "{code:Q}" ở phiên bản {version:Int}'), target_fixture="reading")
def _(
    who: str, code: str, version: int, client: TestClient, directory: Directory
) -> httpx.Response:
    the_id = directive_id(client, directory, code)
    return client.get(
        f"/v1/directives/{the_id}",
        params={"version": version},
        headers=directory.person(who).headers,
    )


# ------------------------------------------------------------------ export and replay


@when(p("the auditor exports the ledger to a file"), target_fixture="export_file")
@when(p("kiểm toán viên xuất sổ ra tệp"), target_fixture="export_file")
def _(database_file: Path, client: TestClient, directory: Directory) -> Path:
    settle(client, directory)
    out = database_file.parent / "export.jsonl"
    result = run_cli(
        "export",
        "--out",
        str(out),
        "--database-url",
        f"sqlite:///{database_file}",
        database_file=database_file,
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def replay_file(tmp_path: Path) -> Path:
    return tmp_path / "replay" / "replayed.sqlite"


@pytest.fixture
def replay_client(replay_file: Path, clock: Clock) -> Iterator[TestClient]:
    """The API over the auditor's replayed store, with the same calendar."""
    from ledger.api.app import create_app

    replayed = open_ledger(f"sqlite:///{replay_file}", replay_file.parent, clock, max_extensions=3)
    with TestClient(create_app(ledger=replayed)) as test_client:
        yield test_client


@when(p("the auditor replays the export in a fresh store"))
@when(p("kiểm toán viên dựng lại sổ từ tệp xuất trong một kho mới"))
def _(export_file: Path, replay_file: Path, database_file: Path, ledger: LedgerApplication) -> None:
    replay_file.parent.mkdir(parents=True, exist_ok=True)
    anchor = replay_file.parent / "first-key.pub"  # the auditor's own trust anchor
    anchor.write_text(AuditService(ledger).public_key()["keys"][0]["public_key"])
    result = run_cli(
        "replay",
        str(export_file),
        "--database-url",
        f"sqlite:///{replay_file}",
        "--public-key",
        str(anchor),
        database_file=database_file,
    )
    assert result.exit_code == 0, result.output


@then(p("on {day:Day} the replayed views have the same digests as the live ones"))
@then(p("vào ngày {day:Day}, các bảng dựng lại có cùng mã băm với các bảng đang chạy"))
def _(day: date, client: TestClient, replay_client: TestClient, directory: Directory) -> None:
    params = {"on": day.isoformat()}
    for view in VIEWS:
        live = read_view(client, directory, f"/v1/views/{view}", params)
        replayed = read_view(replay_client, directory, f"/v1/views/{view}", params)
        assert live["rows"], f"the live {view} view is empty: nothing was compared"
        assert replayed["digest"] == live["digest"], view
        assert replayed["rows"] == live["rows"], view


# ------------------------------------------------------------------ tampering


@when(p("the auditor verifies the ledger"), target_fixture="verification")
@when(p("kiểm toán viên kiểm tra sổ"), target_fixture="verification")
def _(database_file: Path, client: TestClient, directory: Directory) -> CommandResult:
    settle(client, directory)
    return run_cli(
        "verify", "--database-url", f"sqlite:///{database_file}", database_file=database_file
    )


@then(p("the verification succeeds"))
@then(p("kết quả kiểm tra là toàn vẹn"))
def _(verification: CommandResult) -> None:
    assert verification.exit_code == 0, verification.output
    assert any(line.startswith("OK:") for line in verification.output.splitlines()), (
        verification.output
    )


def first_failure(verification: CommandResult) -> str:
    assert verification.exit_code == 1, verification.output
    lines = [line for line in verification.output.splitlines() if line.startswith("FAILED")]
    assert lines, verification.output
    return lines[0]


@given(
    p(
        'someone changes the figure of the progress report of "{code:Q}" at version'
        " {version:Int} from {old:Int} to {new:Int} in the database"
    ),
    target_fixture="tampered_position",
)
@given(
    p(
        "ai đó sửa con số trong báo cáo tiến độ phiên bản {version:Int} của"
        ' "{code:Q}" từ {old:Int} thành {new:Int} ngay trong cơ sở dữ liệu'
    ),
    target_fixture="tampered_position",
)
def _(
    code: str,
    version: int,
    old: int,
    new: int,
    database_file: Path,
    client: TestClient,
    directory: Directory,
) -> int:
    event = next(e for e in history_of(client, directory, code) if e["version"] == version)
    assert event["type"] == "progress_reported", event
    assert event["data"]["percent"] == old, event
    the_id = directive_id(client, directory, code)
    conn = sqlite3.connect(database_file)
    # The store may keep the id with or without its dashes.
    (stored_id, state) = conn.execute(
        "SELECT originator_id, state FROM stored_events"
        " WHERE originator_id IN (?, ?) AND originator_version = ?",
        (the_id, the_id.replace("-", ""), version),
    ).fetchone()
    conn.close()
    forged, count = re.subn(
        rb'("percent":\s*)' + str(old).encode() + rb"\b", rb"\g<1>" + str(new).encode(), state
    )
    assert count == 1, state
    owner_sql(
        database_file,
        "UPDATE stored_events SET state = ? WHERE originator_id = ? AND originator_version = ?",
        (forged, stored_id, version),
    )
    position: int = event["position"]
    return position


@then(p('the verification fails at the position of version {version:Int} of "{code:Q}"'))
@then(p('kiểm tra thất bại tại vị trí của phiên bản {version:Int} của "{code:Q}"'))
def _(verification: CommandResult, tampered_position: int) -> None:
    assert f"position {tampered_position}:" in first_failure(verification)


@given(p("the administrator has signed a checkpoint"))
@given(p("quản trị viên đã ký một điểm kiểm tra"))
def _(client: TestClient, directory: Directory) -> None:
    admin = directory.first(Role.ADMIN)
    response = client.post("/v1/audit/checkpoints", headers=admin.headers)
    assert response.status_code in (200, 201), response.text


@given(p("someone deletes the newest event of the log in the database"))
@given(p("ai đó xóa sự việc mới nhất của nhật ký ngay trong cơ sở dữ liệu"))
def _(database_file: Path, client: TestClient) -> None:
    # A careful forger deletes the event and its leaf, so no leaf is left dangling and
    # the log still looks whole; only a checkpoint signed before remembers its size.
    conn = sqlite3.connect(database_file)
    (newest,) = conn.execute("SELECT max(rowid) FROM stored_events").fetchone()
    conn.close()
    owner_sql(database_file, "DELETE FROM stored_events WHERE rowid = ?", (newest,))
    owner_sql(database_file, "DELETE FROM ledger_leaves WHERE position = ?", (newest,))


@then(p("the verification fails, naming the checkpoint"))
@then(p("kiểm tra thất bại và chỉ ra điểm kiểm tra"))
def _(verification: CommandResult) -> None:
    failure = first_failure(verification)
    assert "checkpoint" in failure
    assert "deleted" in failure


# ------------------------------------------------------------------ the audit log


@when(p('"{who:Q}" reads the audit log'), target_fixture="outcome")
@when(p('"{who:Q}" xem nhật ký kiểm toán'), target_fixture="outcome")
def _(who: str, client: TestClient, directory: Directory) -> Outcome:
    response = client.get(
        "/v1/audit/log", params={"after": 0, "limit": 1000}, headers=directory.person(who).headers
    )
    return Outcome(response)


@then(p('the audit log lists every event of "{code:Q}" with its leaf hash'))
@then(p('nhật ký kiểm toán liệt kê mọi sự việc của "{code:Q}" cùng mã băm lá'))
def _(code: str, outcome: Outcome, client: TestClient, directory: Directory) -> None:
    assert outcome.response.status_code == 200, outcome.response.text
    the_id = directive_id(client, directory, code)
    logged = {
        (e["version"], e["position"], e["leaf_hash"])
        for e in outcome.body["entries"]
        if e["aggregate_id"] == the_id
    }
    history = {
        (e["version"], e["position"], e["leaf_hash"]) for e in history_of(client, directory, code)
    }
    assert logged == history
    assert get_ok(client, directory, f"/v1/directives/{the_id}")["version"] == len(history)


# ------------------------------------------------------------------ proofs, checked alone
# The auditor's own RFC 9162 and Ed25519 checks: nothing of the ledger's code is trusted.


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def inclusion_root(leaf_index: int, size: int, leaf: bytes, path: list[bytes]) -> bytes | None:
    """RFC 9162 section 2.1.3.2: the root an inclusion proof leads to, or None."""
    if leaf_index >= size:
        return None
    fn, sn, r = leaf_index, size - 1, leaf
    for p_hash in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p_hash, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p_hash)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


@dataclass
class Proof:
    checkpoint: dict[str, Any]
    proof: dict[str, Any]


@when(
    p(
        "the auditor asks for the proof that version {version:Int} of"
        ' "{code:Q}" is in the signed log'
    ),
    target_fixture="inclusion",
)
@when(
    p(
        "kiểm toán viên xin bằng chứng rằng phiên bản {version:Int} của"
        ' "{code:Q}" nằm trong nhật ký đã ký'
    ),
    target_fixture="inclusion",
)
def _(version: int, code: str, client: TestClient, directory: Directory) -> Proof:
    auditor = directory.first(Role.AUDITOR)
    checkpoint = client.get("/v1/audit/checkpoints/latest", headers=auditor.headers)
    assert checkpoint.status_code == 200, checkpoint.text
    event = next(e for e in history_of(client, directory, code) if e["version"] == version)
    proof = client.get(
        "/v1/audit/proofs/inclusion",
        params={"position": event["position"], "size": checkpoint.json()["size"]},
        headers=auditor.headers,
    )
    assert proof.status_code == 200, proof.text
    return Proof(checkpoint.json(), proof.json())


@then(p("the checkpoint's signature verifies with the ledger's public key"))
@then(p("chữ ký của điểm kiểm tra khớp với khóa công khai của sổ"))
def _(inclusion: Proof, client: TestClient) -> None:
    key = client.get("/v1/audit/public-key")  # public: no token
    assert key.status_code == 200, key.text
    assert key.json()["algorithm"] == "Ed25519"
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(key.json()["public_key"]))
    cp = inclusion.checkpoint
    # The C2SP checkpoint note's text, rebuilt here from the spec, is what is signed.
    root = base64.b64encode(bytes.fromhex(cp["root_hash"])).decode()
    text = f"{cp['origin']}\n{cp['size']}\n{root}\n"
    assert cp["note"].startswith(text + "\n\u2014 " + cp["origin"] + " ")
    public.verify(base64.b64decode(cp["signature"]), text.encode())


@then(
    p(
        "the proof leads from the leaf hash of version {version:Int} of"
        ' "{code:Q}" to the signed root'
    )
)
@then(p('bằng chứng dẫn từ mã băm lá của phiên bản {version:Int} của "{code:Q}" đến gốc đã ký'))
def _(version: int, code: str, inclusion: Proof, client: TestClient, directory: Directory) -> None:
    event = next(e for e in history_of(client, directory, code) if e["version"] == version)
    proof = inclusion.proof
    assert proof["leaf_index"] == event["position"] - 1
    assert proof["leaf_hash"] == event["leaf_hash"]
    root = inclusion_root(
        proof["leaf_index"],
        proof["size"],
        bytes.fromhex(event["leaf_hash"]),
        [bytes.fromhex(h) for h in proof["audit_path"]],
    )
    assert root is not None
    assert root.hex() == inclusion.checkpoint["root_hash"]
