"""Two ``serve`` processes on one PostgreSQL database, only one holding the signing key:
2,000 writes spread over both, ``keys rotate`` midway; ``verify`` given only the FIRST
public key passes, and Go's sumdb/note and sumdb/tlog accept the checkpoint note, a proof
bundle from each side of the rotation and the consistency of the tree across it."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from ledger.application import LedgerApplication
from ledger.application.audit import AuditService
from ledger.domain.values import SYSTEM_ACTOR, Role
from ledger.settings import Settings
from tests.api.conftest import directive_body
from tests.api.live_server import ROOT, LiveServer
from tests.interop.conftest import GoVerify

CLI = str(Path(sys.executable).parent / "directive-ledger")
WRITES = 2000


def cli(url: str, key_file: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"LEDGER_DATABASE_URL": url, "LEDGER_SIGNING_KEY_FILE": str(key_file), "COLUMNS": "300"}
    return subprocess.run(
        [CLI, *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=300,
    )


def b64(hex_hash: str) -> str:
    return base64.b64encode(bytes.fromhex(hex_hash)).decode()


def test_two_nodes_one_key_a_rotation_and_verify_from_the_first_key(
    postgres_url: str, tmp_path: Path, goverify: GoVerify
) -> None:
    key_file = tmp_path / "a" / "signing.key"
    made = cli(postgres_url, key_file, "keys", "init")
    assert made.returncode == 0, made.stderr
    first_vkey = made.stdout.strip().splitlines()[-1]
    setup = LedgerApplication(Settings.from_env({}, database_url=postgres_url))
    tokens = {}
    for role in (Role.ISSUER, Role.ADMIN, Role.AUDITOR):
        token, _ = setup.register_principal(
            setup.context(SYSTEM_ACTOR), name=f"hai nút {role.value}", role=role
        )
        tokens[role] = {"Authorization": f"Bearer {token}"}
    setup.close()

    common = {"LEDGER_CHECKPOINT_EVERY": "250", "LEDGER_CHECKPOINT_SECONDS": "1"}
    a = LiveServer(
        postgres_url, tmp_path / "a.log", env={**common, "LEDGER_SIGNING_KEY_FILE": str(key_file)}
    ).start()
    b = LiveServer(
        postgres_url,
        tmp_path / "b.log",
        env={**common, "LEDGER_SIGNING_KEY_FILE": str(tmp_path / "b" / "signing.key")},
    ).start()
    started = time.perf_counter()
    try:
        with httpx.Client(base_url=a.url) as on_a, httpx.Client(base_url=b.url) as on_b:

            def write(n: int) -> int:
                node = on_a if n % 2 == 0 else on_b
                answer = node.post(
                    "/v1/directives",
                    json=directive_body(title=f"Nhiệm vụ số {n}"),
                    headers=tokens[Role.ISSUER],
                )
                return answer.status_code

            with ThreadPoolExecutor(max_workers=8) as pool:
                statuses = list(pool.map(write, range(WRITES // 2)))
                rotated = cli(postgres_url, key_file, "keys", "rotate")  # midway
                assert rotated.returncode == 0, rotated.stderr
                second_vkey = rotated.stdout.strip().splitlines()[-1]
                rotated_at = int(rotated.stdout.split("at position ")[1].split(";")[0])
                statuses += pool.map(write, range(WRITES // 2, WRITES))
            assert statuses == [201] * WRITES
            writing = time.perf_counter() - started
            # Node B never signs; node A signs with the key in force.
            refused = on_b.post("/v1/audit/checkpoints", headers=tokens[Role.ADMIN])
            assert refused.status_code == 409
            assert refused.json()["rule"] == "not_the_signer"
            signed = on_a.post("/v1/audit/checkpoints", headers=tokens[Role.ADMIN])
            assert signed.status_code == 201, signed.text
            latest = signed.json()
            assert latest["key_id"] == second_vkey.split("+")[1]
            note = on_b.get("/v1/audit/checkpoint").text  # either node serves it
            assert note == latest["note"]
            keys = on_b.get("/v1/audit/public-key").json()["keys"]
            assert [k["vkey"] for k in keys] == [first_vkey, second_vkey]
            assert keys[1]["from_position"] == rotated_at
            auditor = tokens[Role.AUDITOR]
            bundles = {
                p: on_b.get(f"/v1/audit/proofs/{p}.tlog-proof", headers=auditor).text
                for p in (3, rotated_at - 1, rotated_at, latest["size"])
            }
    finally:
        a.stop()
        b.stop()
    b_log = (tmp_path / "b.log").read_text()
    assert b_log.count("this process signs no checkpoint") == 1, b_log
    assert "this process signs no checkpoint" not in (tmp_path / "a.log").read_text()
    assert not (tmp_path / "b" / "signing.key").exists()

    reader = LedgerApplication(Settings.from_env({}, database_url=postgres_url))
    try:
        stored = reader.ledger_recorder.checkpoints()
        first_key_id = first_vkey.split("+")[1]
        signers = {cp["key_id"] for cp in stored}
        assert signers == {first_key_id, second_vkey.split("+")[1]}
        first_cp = next(cp for cp in stored if cp["key_id"] == first_key_id)
        consistency = AuditService(reader).consistency_proof(first_cp["size"], latest["size"])
        assert consistency["from_root"] == first_cp["root_hash"]
    finally:
        reader.close()
    clock = time.perf_counter()
    verified = cli(postgres_url, tmp_path / "nowhere.key", "verify", "--vkey", first_vkey)
    verify_seconds = time.perf_counter() - clock
    assert verified.returncode == 0, verified.stderr + verified.stdout
    checkpoints = int(verified.stdout.split(" checkpoints")[0].rsplit(" ", 1)[1])
    assert checkpoints >= 4
    assert f"from position {rotated_at}" in verified.stdout

    # Go: the note with the key in force, proofs on both sides of the rotation, and the
    # tree signed by the first key being a prefix of the one signed by the second.
    (tmp_path / "note").write_text(note, encoding="utf-8")
    go_note = goverify("note", second_vkey, tmp_path / "note")
    assert go_note.returncode == 0, go_note.stderr
    assert go_note.stdout.startswith(f"localhost/directive-ledger\n{latest['size']}\n")
    for position, bundle in bundles.items():
        path = tmp_path / f"{position}.tlog-proof"
        path.write_text(bundle, encoding="utf-8")
        go_proof = goverify("proof", second_vkey, path)
        assert go_proof.returncode == 0, (position, go_proof.stderr)
    proof = [b64(h) for h in consistency["proof"]]
    go_tree = goverify(
        "tree",
        first_cp["size"],
        b64(consistency["from_root"]),
        latest["size"],
        b64(latest["root_hash"]),
        *proof,
    )
    assert go_tree.returncode == 0, go_tree.stderr
    print(
        f"\ntwo nodes: {WRITES} writes in {writing:.1f}s ({WRITES / writing:.0f}/s), "
        f"log size {latest['size']}, rotation at position {rotated_at}, "
        f"{checkpoints} checkpoints ({len(stored)} stored) verified from the first key "
        f"in {verify_seconds:.1f}s"
    )
