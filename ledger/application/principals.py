"""Principals and their bearer tokens: register, revoke, authenticate."""

from __future__ import annotations

import hashlib
import secrets
from uuid import UUID

from ledger.application.reads import AggregateReads, topic_of
from ledger.domain.principal import Principal, principal_id_for
from ledger.domain.values import Actor, Context, Role
from ledger.token_cache import TokenCache


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return "dl_" + secrets.token_urlsafe(32)


class PrincipalCommands(AggregateReads):
    # Tokens that authenticated lately (ledger/token_cache.py: the revocation bound).
    token_cache: TokenCache

    def register_principal(
        self, ctx: Context, *, name: str, role: Role, unit: str | None = None
    ) -> tuple[str, Principal]:
        """Create a principal with a new bearer token; returns the token (shown once)."""
        token = new_token()
        principal = Principal.register(
            ctx=ctx, name=name, role=role, unit=unit, token_sha256=token_sha256(token)
        )
        self.save(principal)
        return token, principal

    def revoke_principal(
        self, ctx: Context, principal_id: UUID, reason: str | None = None
    ) -> Principal:
        principal = self._get(Principal, principal_id)
        principal.revoke(ctx=ctx, reason=reason)
        self.save(principal)
        self.token_cache.forget_principal(str(principal.id))
        return principal

    def principals(self) -> list[Principal]:
        """Every principal, in the order registered (revoked ones too)."""
        registered = topic_of(getattr(Principal, "PrincipalRegistered"))  # noqa: B009
        found = (self._get_or_none(Principal, i) for i in self.ids_of_type(registered))
        return [p for p in found if p is not None]

    def principal_id_of_token(self, token: str) -> UUID:
        return principal_id_for(token_sha256(token))

    def remembered_actor(self, token: str) -> Actor | None:
        """The actor of a token that authenticated lately, without reading the store
        (None: call ``authenticate``)."""
        return self.token_cache.get(token)

    def authenticate(self, token: str) -> Actor | None:
        """The actor a bearer token stands for, or None if unknown or revoked.

        Answers are remembered (``token_cache``): a token revoked by this application is
        refused at once, one revoked elsewhere within ``token_cache.max_age`` seconds."""
        actor = self.token_cache.get(token)
        if actor is not None:
            return actor
        stamp = self.token_cache.stamp()
        principal = self._get_or_none(Principal, self.principal_id_of_token(token))
        if principal is None or principal.revoked:
            return None
        actor = principal.actor()
        self.token_cache.put(token, actor, stamp)
        return actor

    # ------------------------------------------------------------------ queries
