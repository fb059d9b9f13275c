"""No password in any output: database URLs are shown with their password masked, in
messages, errors and the CLI's output."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ledger.cli import app as cli
from ledger.settings import ConfigurationError, DatabaseURL, Settings, mask_password

SECRET = "s3cr3t-Pa55"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (f"postgresql://ledger:{SECRET}@db:5432/ledger", "postgresql://ledger:***@db:5432/ledger"),
        (f"postgres://:{SECRET}@db/ledger", "postgres://:***@db/ledger"),
        # A raw "@" in the password: urlsplit splits at the last one, and so does the mask.
        (f"postgresql://ledger:{SECRET}@x@db/ledger", "postgresql://ledger:***@db/ledger"),
        (
            f"postgresql://ledger:{SECRET}@db/ledger?schema=a",
            "postgresql://ledger:***@db/ledger?schema=a",
        ),
        ("postgresql://ledger@db/ledger", "postgresql://ledger@db/ledger"),
        ("sqlite:///./var/ledger.sqlite", "sqlite:///./var/ledger.sqlite"),
    ],
)
def test_mask_password_hides_only_the_password(url: str, shown: str) -> None:
    assert mask_password(url) == shown
    assert mask_password(f"into {url}; the roots match") == f"into {shown}; the roots match"


def test_every_url_in_a_text_is_masked() -> None:
    text = f"a postgresql://a:{SECRET}@h/d and b postgresql://b:{SECRET}2@h/e"
    assert mask_password(text) == "a postgresql://a:***@h/d and b postgresql://b:***@h/e"


def test_configuration_errors_and_reprs_never_show_the_password() -> None:
    with pytest.raises(ConfigurationError) as raised:
        DatabaseURL.parse(f"postgresql://ledger:{SECRET}@db:port/ledger")
    assert SECRET not in str(raised.value)
    assert SECRET not in raised.value.message
    assert "postgresql://ledger:***@db:port/ledger" in raised.value.message
    parsed = DatabaseURL.parse(f"postgresql://ledger:{SECRET}@db:5432/ledger")
    assert parsed.password == SECRET  # still there for the connection
    assert SECRET not in repr(parsed)
    assert SECRET not in repr(Settings.from_env({}, database_url=parsed.url))
    assert parsed.masked == "postgresql://ledger:***@db:5432/ledger"


@pytest.mark.parametrize("command", [["load-sample"], ["serve"], ["token", "list"]])
def test_the_cli_masks_the_password_of_a_bad_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    url = f"postgresql://ledger:{SECRET}@db:notaport/ledger"
    result = CliRunner().invoke(cli, [*command, "--database-url", url])
    assert result.exit_code == 2
    assert "is not a number" in result.stderr
    assert SECRET not in result.output
    assert "ledger:***@db" in result.stderr
