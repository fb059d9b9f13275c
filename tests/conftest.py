"""Fixtures shared by every test folder: database URLs for SQLite and PostgreSQL.

`make test` starts a throwaway PostgreSQL cluster and sets LEDGER_TEST_POSTGRES_URL;
without it, the first test that needs PostgreSQL starts one with scripts/pg-cluster.sh
and stops it when the session ends. PostgreSQL tests are never skipped.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
PG_CLUSTER = ROOT / "scripts" / "pg-cluster.sh"
POSTGRES_URL_ENV = "LEDGER_TEST_POSTGRES_URL"


def _pg_cluster(command: str, state_dir: Path) -> str:
    result = subprocess.run(
        ["bash", str(PG_CLUSTER), command, str(state_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"scripts/pg-cluster.sh {command} failed ({result.returncode}):\n{result.stderr}"
        )
    return result.stdout.strip()


def _with_database(url: str, dbname: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{dbname}"))


@pytest.fixture(scope="session")
def postgres_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a PostgreSQL server whose user may CREATE DATABASE (its `postgres` db)."""
    url = os.environ.get(POSTGRES_URL_ENV)
    if url:
        yield url
        return
    state_dir = tmp_path_factory.mktemp("pg-cluster")
    url = _pg_cluster("start", state_dir)
    try:
        yield url
    finally:
        _pg_cluster("stop", state_dir)


@pytest.fixture
def postgres_url(postgres_server_url: str) -> Iterator[str]:
    """URL of a fresh, empty database, dropped after the test."""
    dbname = f"ledger_test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(postgres_server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
    try:
        yield _with_database(postgres_server_url, dbname)
    finally:
        with psycopg.connect(postgres_server_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname))
            )


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """URL of a SQLite file (not yet created) in the test's own temporary folder."""
    return f"sqlite:///{tmp_path / 'ledger.sqlite'}"


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
    ids=["sqlite", "postgres"],
)
def database_url(request: pytest.FixtureRequest) -> str:
    """Runs the test once on SQLite and once on PostgreSQL."""
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Lets `-m "not postgres"` deselect everything that needs the server.
    for item in items:
        if "postgres_server_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)
