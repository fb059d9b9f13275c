"""Remembered tokens: a revoke is honoured at once by the application that made it, and
within ``TOKEN_RECHECK_SECONDS`` by any other (another server worker, the CLI)."""

from __future__ import annotations

from typing import Any

import pytest
from ledger_helpers import make_app

from ledger.application import LedgerApplication
from ledger.domain.values import SYSTEM_ACTOR, Role
from ledger.token_cache import TOKEN_RECHECK_SECONDS, TokenCache


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def new_token(app: LedgerApplication, role: Role = Role.ISSUER) -> str:
    token, _ = app.register_principal(app.context(SYSTEM_ACTOR), name="Văn phòng", role=role)
    return token


def test_a_token_revoked_here_is_refused_at_once(app: LedgerApplication) -> None:
    token = new_token(app)
    actor = app.authenticate(token)
    assert actor is not None
    assert app.token_cache.get(token) == actor  # remembered
    app.revoke_principal(app.context(SYSTEM_ACTOR), app.principal_id_of_token(token))
    assert app.authenticate(token) is None


def test_a_token_revoked_elsewhere_is_refused_within_the_bound(sqlite_url: str) -> None:
    server, cli = make_app(sqlite_url), make_app(sqlite_url)
    clock = FakeMonotonic()
    server.token_cache.monotonic = clock
    try:
        token = new_token(cli)
        other = new_token(cli, Role.AUDITOR)
        assert server.authenticate(token) is not None
        assert server.authenticate(other) is not None
        cli.revoke_principal(cli.context(SYSTEM_ACTOR), cli.principal_id_of_token(token))
        clock.now += TOKEN_RECHECK_SECONDS / 2
        assert server.authenticate(token) is not None  # the remembered answer, not yet stale
        clock.now += TOKEN_RECHECK_SECONDS / 2
        assert server.authenticate(token) is None  # checked against the store again
        assert server.authenticate(other) is not None
        assert server.authenticate(token) is None  # a refusal is never remembered as a pass
    finally:
        server.close()
        cli.close()


def test_the_real_bound_with_a_real_clock(sqlite_url: str) -> None:
    import time

    server, cli = make_app(sqlite_url), make_app(sqlite_url)
    try:
        token = new_token(cli)
        assert server.authenticate(token) is not None
        cli.revoke_principal(cli.context(SYSTEM_ACTOR), cli.principal_id_of_token(token))
        revoked_at = time.monotonic()
        while server.authenticate(token) is not None:
            assert time.monotonic() - revoked_at < TOKEN_RECHECK_SECONDS + 0.5
            time.sleep(0.02)
    finally:
        server.close()
        cli.close()


def test_an_unknown_token_is_not_remembered(app: LedgerApplication) -> None:
    assert app.authenticate("dl_unknown") is None
    assert app.token_cache.get("dl_unknown") is None


def test_a_read_racing_with_a_revoke_here_is_not_remembered(
    app: LedgerApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = new_token(app)
    real_get = app._get_or_none

    def get_then_revoke(*args: Any, **kwargs: Any) -> Any:
        found = real_get(*args, **kwargs)  # read before the revoke is saved
        monkeypatch.setattr(app, "_get_or_none", real_get)
        app.revoke_principal(app.context(SYSTEM_ACTOR), app.principal_id_of_token(token))
        return found

    monkeypatch.setattr(app, "_get_or_none", get_then_revoke)
    assert app.authenticate(token) is not None  # the answer of the read that began first
    assert app.authenticate(token) is None  # ... but it was not remembered


def test_the_cache_is_bounded_least_recently_used_first() -> None:
    from ledger.domain.values import Actor

    cache = TokenCache(size=2, monotonic=FakeMonotonic())
    actors = {name: Actor(id=name, role=Role.ISSUER) for name in "abc"}
    for name in "ab":
        cache.put(name, actors[name], cache.stamp())
    assert cache.get("a") == actors["a"]  # a is now the most recently used
    cache.put("c", actors["c"], cache.stamp())
    assert [cache.get(n) for n in "abc"] == [actors["a"], None, actors["c"]]
