"""Dependencies routes declare: the application, the authenticated actor, role checks,
the correlation id.

The ``Annotated`` aliases live at module level: with postponed annotations FastAPI only
resolves an alias it can find in the module's globals.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from ledger.api.cookies import cookie_session
from ledger.api.problems import ProblemError
from ledger.application import LedgerApplication
from ledger.domain.values import Actor, Role

_bearer = HTTPBearer(
    auto_error=False,
    description="A bearer token made by `directive-ledger token create`; its principal has "
    "a role (issuer, unit, auditor, admin) and, for a unit, the unit's name.",
)
_CHALLENGE = {"WWW-Authenticate": "Bearer"}
MAX_TOKEN_LENGTH = 256


async def get_ledger(request: Request) -> LedgerApplication:
    ledger: LedgerApplication = request.app.state.ledger
    return ledger


LedgerDep = Annotated[LedgerApplication, Depends(get_ledger)]
CredentialsDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def authenticated_actor(request: Request, credentials: CredentialsDep) -> Actor:
    """The principal behind the bearer token; 401 if it is missing, unknown or revoked.

    A token the application remembers is answered here on the event loop; only one it
    must read from the store goes to a worker thread (a request saves a thread hop)."""
    if credentials is None:
        raise ProblemError(
            401, "a bearer token is required", rule="unauthenticated", headers=_CHALLENGE
        )
    token = credentials.credentials
    # The ledger straight from the app, not through ``LedgerDep``: every dependency costs
    # FastAPI tens of microseconds to solve, on every request.
    ledger: LedgerApplication = request.app.state.ledger
    actor = None
    if 0 < len(token) <= MAX_TOKEN_LENGTH:
        actor = ledger.remembered_actor(token)
        if actor is None:
            actor = await run_in_threadpool(ledger.authenticate, token)
    if actor is None:
        raise ProblemError(
            401,
            "the bearer token is unknown or revoked",
            rule="unauthenticated",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return actor


ActorDep = Annotated[Actor, Depends(authenticated_actor)]


async def board_reader(request: Request, credentials: CredentialsDep) -> Actor | None:
    """The web board's pages: no token is needed when the ledger serves the board public
    (``serve --public-board``); otherwise the bearer token of every API read
    (``authenticated_actor``, the one check), refused with the same 401 problem."""
    session = await cookie_session(request)  # a person signed in to the workspace
    if session is not None:
        return session.actor
    if getattr(request.app.state, "public_board", False):
        return None
    return await authenticated_actor(request, credentials)


async def reader(request: Request, credentials: CredentialsDep) -> Actor:
    """A signed-in person (session cookie) or a machine's bearer token; else 401."""
    session = await cookie_session(request)
    if session is not None:
        return session.actor
    return await authenticated_actor(request, credentials)


ReaderDep = Annotated[Actor, Depends(reader)]


BoardReaderDep = Annotated[Actor | None, Depends(board_reader)]


def require_roles(*roles: Role) -> Callable[[Actor], Awaitable[Actor]]:
    """A dependency that lets through only principals of these roles (else 403)."""
    allowed = frozenset(roles)
    names = ", ".join(sorted(r.value for r in allowed))

    async def check_role(actor: ActorDep) -> Actor:
        if actor.role not in allowed:
            raise ProblemError(
                403,
                f"this needs one of the roles {names}, not {actor.role.value}",
                rule="role_not_permitted",
            )
        return actor

    return check_role


async def correlation_id(request: Request) -> str:
    """The request's id (``X-Request-ID``, or one made by the middleware)."""
    return request_id_of(request)


def request_id_of(request: Request) -> str:
    """``correlation_id`` for a route that takes the request anyway (one dependency less)."""
    request_id: str = request.state.request_id
    return request_id


CorrelationIdDep = Annotated[str, Depends(correlation_id)]
