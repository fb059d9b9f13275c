"""The Principal aggregate: who may act on the ledger, and since and until when.

Only the SHA-256 of a bearer token is recorded. The principal's id is derived from that
hash, so a token is resolved to its principal without any index outside the log.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from ledger.domain import errors
from ledger.domain.values import Actor, Context, Role, optional_text, required_text

PRINCIPAL_NAMESPACE = UUID("5f0c8a52-4a6e-4a8e-9b61-6d1b7e0c2a10")


def principal_id_for(token_sha256: str) -> UUID:
    return uuid5(PRINCIPAL_NAMESPACE, token_sha256)


class Principal(Aggregate):
    # Set by CredentialSet (a person's sign-in); principals registered before have none.
    username: str | None = None

    @staticmethod
    def create_id(token_sha256: str) -> UUID:
        return principal_id_for(token_sha256)

    @classmethod
    def register(
        cls, *, ctx: Context, name: str, role: Role, unit: str | None, token_sha256: str
    ) -> Principal:
        if ctx.actor.role is not Role.ADMIN:
            raise errors.RoleNotPermitted("only an admin may create tokens")
        if role is Role.UNIT and not (unit or "").strip():
            raise errors.InvalidValue(
                "unit", "a unit principal must name its unit", rule="unit_required"
            )
        if role is not Role.UNIT and unit:
            raise errors.InvalidValue(
                "unit", "only a unit principal names a unit", rule="unit_only_for_unit_role"
            )
        return cls(
            name=required_text("name", name),
            role=role.value,
            unit=None if unit is None else required_text("unit", unit).strip(),
            token_sha256=token_sha256,
            effective_on=ctx.recorded_on.isoformat(),
            meta=ctx.meta(),
        )

    @event("PrincipalRegistered")
    def __init__(
        self,
        *,
        name: str,
        role: str,
        unit: str | None,
        token_sha256: str,
        effective_on: str,
        meta: dict[str, Any],
    ) -> None:
        self.name = name
        self.role = Role(role)
        self.unit = unit
        self.token_sha256 = token_sha256
        self.revoked = False

    def revoke(self, *, ctx: Context, reason: str | None = None) -> None:
        if ctx.actor.role is not Role.ADMIN:
            raise errors.RoleNotPermitted("only an admin may revoke tokens")
        if self.revoked:
            raise errors.PrincipalRevoked("the token is already revoked")
        self._revoked(
            reason=optional_text(reason, "reason"),
            effective_on=ctx.recorded_on.isoformat(),
            meta=ctx.meta(),
        )

    @event("PrincipalRevoked")
    def _revoked(self, reason: str | None, effective_on: str, meta: dict[str, Any]) -> None:
        self.revoked = True

    # ------------------------------------------------- sign-in credentials (the workspace)
    # The password hash lives beside the log (ledger/store/workspace_db.py), never in an
    # event: the log records only that a credential was set or revoked, by whom.

    def set_credential(self, *, ctx: Context, username: str) -> None:
        if ctx.actor.role is not Role.ADMIN and ctx.actor.id != str(self.id):
            raise errors.RoleNotPermitted("only the person or an admin may set a credential")
        if self.revoked:
            raise errors.PrincipalRevoked("the principal is revoked")
        self._credential_set(
            username=required_text("username", username),
            effective_on=ctx.recorded_on.isoformat(),
            meta=ctx.meta(),
        )

    @event("CredentialSet")
    def _credential_set(self, username: str, effective_on: str, meta: dict[str, Any]) -> None:
        self.username = username

    def revoke_credential(self, *, ctx: Context, reason: str | None = None) -> None:
        if ctx.actor.role is not Role.ADMIN:
            raise errors.RoleNotPermitted("only an admin may revoke a credential")
        if self.username is None:
            raise errors.InvalidValue("username", "no credential is set", rule="no_credential")
        self._credential_revoked(
            reason=optional_text(reason, "reason"),
            effective_on=ctx.recorded_on.isoformat(),
            meta=ctx.meta(),
        )

    @event("CredentialRevoked")
    def _credential_revoked(
        self, reason: str | None, effective_on: str, meta: dict[str, Any]
    ) -> None:
        self.username = None

    def actor(self) -> Actor:
        return Actor(id=str(self.id), role=self.role, unit=self.unit, name=self.name)
