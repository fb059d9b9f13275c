"""The database fixtures themselves work: a real check of the test tooling."""

from __future__ import annotations

import sqlite3
from urllib.parse import urlsplit

import psycopg
import pytest


def test_postgres_url_is_a_fresh_usable_database(postgres_url: str) -> None:
    dbname = urlsplit(postgres_url).path.lstrip("/")
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT current_database()").fetchone() == (dbname,)
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
        assert tables == (0,)
        conn.execute("CREATE TABLE probe (id integer PRIMARY KEY, note text NOT NULL)")
        conn.execute(
            "INSERT INTO probe VALUES (%s, %s), (%s, %s)",
            (1, "Kết luận phiên làm việc", 2, "Hải Dương"),
        )
        conn.commit()
    with psycopg.connect(postgres_url) as conn:
        rows = conn.execute("SELECT id, note FROM probe ORDER BY id").fetchall()
    assert rows == [(1, "Kết luận phiên làm việc"), (2, "Hải Dương")]


def test_postgres_url_is_not_the_server_database(
    postgres_url: str, postgres_server_url: str
) -> None:
    server, fresh = urlsplit(postgres_server_url), urlsplit(postgres_url)
    assert fresh.netloc == server.netloc
    assert fresh.path.startswith("/ledger_test_")
    assert fresh.path != server.path


def test_database_url_runs_on_each_backend(
    database_url: str, request: pytest.FixtureRequest
) -> None:
    backend = request.node.callspec.id
    if backend == "sqlite":
        assert database_url.startswith("sqlite:///")
        path = database_url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE probe (id INTEGER PRIMARY KEY)")
            assert conn.execute("SELECT count(*) FROM probe").fetchone() == (0,)
    else:
        assert backend == "postgres"
        assert request.node.get_closest_marker("postgres") is not None
        with psycopg.connect(database_url) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
