"""The ``directive-ledger`` command line: load-sample, token create/revoke/list, show."""

from __future__ import annotations

from pathlib import Path

import pytest
from ledger_helpers import make_app, sqlite_url_in
from typer.testing import CliRunner

from ledger.cli import app as cli
from ledger.domain.values import Role
from ledger.sample import sample_id

UNIT = "Ban Thường vụ Tỉnh ủy Hải Dương"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "240", "NO_COLOR": "1"})


@pytest.fixture
def url(tmp_path: Path) -> str:
    return sqlite_url_in(tmp_path)


def test_load_sample_twice(runner: CliRunner, url: str) -> None:
    first = runner.invoke(cli, ["load-sample", "--database-url", url])
    assert first.exit_code == 0, first.output
    # The meeting, 13 directives (each listed on the meeting), 10 acceptances, 9 units
    # and, today being after 1 July 2025, their 3 successions.
    assert "Recorded 36 facts" in first.stdout
    position = make_app(url).max_position()
    second = runner.invoke(cli, ["load-sample"], env={"LEDGER_DATABASE_URL": url})
    assert second.exit_code == 0, second.output
    assert "nothing to do" in second.stdout
    # 37 events of 2021; 9 units; 3 successions, each on its successor and its two
    # predecessors, and the 13 open directives handed to the Hải Phòng Standing Board.
    assert make_app(url).max_position() == position == 37 + 9 + 3 * 3 + 13


def test_token_create_prints_the_token_alone(runner: CliRunner, url: str) -> None:
    result = runner.invoke(
        cli,
        ["token", "create", "--name", "Sở KH&ĐT", "--role", "unit", "--unit", UNIT],
        env={"LEDGER_DATABASE_URL": url},
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    token = lines[0]
    assert result.stdout == token + "\n"
    actor = make_app(url).authenticate(token)
    assert actor is not None
    assert (actor.role, actor.unit, actor.name) == (Role.UNIT, UNIT, "Sở KH&ĐT")


def test_token_create_refuses_a_unit_role_without_a_unit(runner: CliRunner, url: str) -> None:
    result = runner.invoke(
        cli, ["token", "create", "--name", "x", "--role", "unit", "--database-url", url]
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "unit_required" in result.stderr
    assert make_app(url).max_position() == 0


def test_token_revoke_reads_the_token_from_standard_input(runner: CliRunner, url: str) -> None:
    created = runner.invoke(
        cli, ["token", "create", "--name", "Kiểm toán", "--role", "auditor", "--database-url", url]
    )
    token = created.stdout.strip()
    assert make_app(url).authenticate(token) is not None
    revoked = runner.invoke(
        cli, ["token", "revoke", "--token-stdin", "--database-url", url], input=token + "\n"
    )
    assert revoked.exit_code == 0, revoked.output
    assert token not in revoked.output
    assert make_app(url).authenticate(token) is None
    again = runner.invoke(
        cli, ["token", "revoke", "--token-stdin", "--database-url", url], input=token + "\n"
    )
    assert again.exit_code == 1
    assert "principal_revoked" in again.stderr
    neither = runner.invoke(cli, ["token", "revoke", "--database-url", url])
    assert neither.exit_code == 2
    empty = runner.invoke(
        cli, ["token", "revoke", "--token-stdin", "--database-url", url], input=""
    )
    assert empty.exit_code == 2
    assert "no token on standard input" in empty.stderr


def test_token_revoke_by_principal_id(runner: CliRunner, url: str) -> None:
    created = runner.invoke(
        cli,
        [
            "token",
            "create",
            "--name",
            "Sở KH&ĐT",
            "--role",
            "unit",
            "--unit",
            UNIT,
            "--database-url",
            url,
        ],
    )
    token = created.stdout.strip()
    principal_id = str(make_app(url).principal_id_of_token(token))
    revoked = runner.invoke(
        cli,
        ["token", "revoke", "--principal", principal_id, "--reason", "left", "--database-url", url],
    )
    assert revoked.exit_code == 0, revoked.output
    assert f"Revoked principal {principal_id}." in revoked.stdout
    assert make_app(url).authenticate(token) is None
    both = runner.invoke(
        cli,
        ["token", "revoke", "--principal", principal_id, "--token-stdin", "--database-url", url],
        input=token,
    )
    assert both.exit_code == 2
    bad = runner.invoke(cli, ["token", "revoke", "--principal", "x", "--database-url", url])
    assert bad.exit_code == 2
    assert "not a UUID" in bad.stderr


def test_a_token_is_never_taken_on_the_command_line(runner: CliRunner, url: str) -> None:
    """A live token in argv lands in shell history and ``ps``: ``--token`` is gone."""
    result = runner.invoke(cli, ["token", "revoke", "--token", "dl_x", "--database-url", url])
    assert result.exit_code == 2
    assert "No such option" in result.stderr


def test_token_list_names_the_principals_and_never_a_token(runner: CliRunner, url: str) -> None:
    tokens = [
        runner.invoke(
            cli, ["token", "create", "--name", name, "--role", role, *unit, "--database-url", url]
        ).stdout.strip()
        for name, role, unit in (
            ("Kiểm toán viên", "auditor", []),
            ("Sở KH&ĐT", "unit", ["--unit", UNIT]),
        )
    ]
    ledger = make_app(url)
    revoked_id = str(ledger.principal_id_of_token(tokens[0]))
    runner.invoke(cli, ["token", "revoke", "--principal", revoked_id, "--database-url", url])
    listed = runner.invoke(cli, ["token", "list", "--database-url", url])
    assert listed.exit_code == 0, listed.output
    lines = listed.stdout.splitlines()
    auditor = next(line for line in lines if revoked_id in line)
    assert "Kiểm toán viên" in auditor
    assert "auditor" in auditor
    assert "yes" in auditor
    unit_id = str(ledger.principal_id_of_token(tokens[1]))
    unit_line = next(line for line in lines if unit_id in line)
    assert UNIT in unit_line
    assert "no" in unit_line.split()
    for token in tokens:
        assert token not in listed.output
        assert token[3:12] not in listed.output


def test_show_lists_directives_and_one_history(runner: CliRunner, url: str) -> None:
    runner.invoke(cli, ["load-sample", "--database-url", url])
    table = runner.invoke(cli, ["show", "--database-url", url])
    assert table.exit_code == 0, table.output
    for code in ("TW-01", "TW-10", "DP-01", "DP-03"):
        assert code in table.stdout
    history = runner.invoke(cli, ["show", str(sample_id("TW-07")), "--database-url", url])
    assert history.exit_code == 0, history.output
    assert "issued" in history.stdout
    assert "accepted" in history.stdout
    bad = runner.invoke(cli, ["show", "not-a-uuid", "--database-url", url])
    assert bad.exit_code == 2
    unknown = runner.invoke(
        cli, ["show", "00000000-0000-4000-8000-000000000000", "--database-url", url]
    )
    assert unknown.exit_code == 1
    assert "not_found" in unknown.stderr


@pytest.mark.parametrize(
    "bad_url", ["mysql://user@host/db", "sqlite:///", "postgresql://localhost", "ledger.sqlite"]
)
@pytest.mark.parametrize("command", [["load-sample"], ["show"], ["token", "revoke", "--id", "x"]])
def test_malformed_database_url_exits_2_and_creates_nothing(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    bad_url: str,
    command: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, command, env={"LEDGER_DATABASE_URL": bad_url})
    assert result.exit_code == 2
    assert "LEDGER_DATABASE_URL" in result.stderr
    assert list(tmp_path.iterdir()) == []
