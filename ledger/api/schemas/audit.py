"""The answers of ``/v1/audit`` (response models and their OpenAPI examples)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

HEX = "Lowercase hex."
_H = "9c6915013b8ed290ae00951b371b76748a3c24f6d7372f45e26792bf3a645fb8"
_ROOT = "3e758a961584594a7a04695baee96a5ac3e4cf0af05e4697e244daadba093ba1"
_ENTRY_EXAMPLE: dict[str, Any] = {
    "position": 2,
    "aggregate_id": "0b6c7c3e-5f1a-5d2e-9c41-2f8e7a1d3b55",
    "version": 1,
    "type": "issued",
    "topic": "ledger.domain.directive:Directive.Issued",
    "recorded_at": "2026-11-30T08:15:02.113000+00:00",
    "effective_on": "2021-12-10",
    "actor": {"id": "sample-loader", "role": "issuer", "unit": None},
    "data": {"title": "Chuẩn bị chu đáo Tết Nhâm Dần 2022", "effective_on": "2021-12-10"},
    "state_sha256": "5e1f0c7a0d4c8b6a2f3e9d1c7b5a3e2f1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a",
}
CHECKPOINT_EXAMPLE: dict[str, Any] = {
    "origin": "localhost/directive-ledger",
    "size": 38,
    "root_hash": _ROOT,
    "issued_at": "2026-11-30T08:20:00Z",
    "key_id": "b3724fdc",
    "signature": "0G61EhEuyRLow+/AiD7AWJHhtZXeZhDAmprm7351UKGAkGU90oQsuhmYQwYoY6jXDDGhRsQJEk1atTy"
    "+nQX2AA==",
    "note": "localhost/directive-ledger\n38\nPnWKlhWEWUp6BGlbrulqWsPkzwrwXkaX4kTarboJO6E=\n\n"
    "\u2014 localhost/directive-ledger s3JP3NButRIRLskS6MPvwIg+wFiR4bWV3mYQwJqa5u9+dVChgJBlPd"
    "KELLoZmEMGKGOo1wwxoUbECRJNWrU8vp0F9gA=\n",
}


class LogEntry(BaseModel):
    position: int = Field(description="The log position (leaf index + 1).")
    aggregate_id: str
    version: int
    type: str = Field(examples=["progress_reported"])
    recorded_at: str | None
    entry: dict[str, Any] = Field(
        description="The exact object hashed: leaf = SHA-256(0x00 || RFC 8785 JSON of it)."
    )
    leaf_hash: str | None = Field(description=HEX)


class LogPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "entries": [
                        {
                            "position": 2,
                            "aggregate_id": _ENTRY_EXAMPLE["aggregate_id"],
                            "version": 1,
                            "type": "issued",
                            "recorded_at": _ENTRY_EXAMPLE["recorded_at"],
                            "entry": _ENTRY_EXAMPLE,
                            "leaf_hash": _H,
                        }
                    ],
                    "next": 2,
                }
            ]
        }
    )

    entries: list[LogEntry]
    next: int | None = Field(description="The `after` of the next page; null at the end.")


_VKEY = "localhost/directive-ledger+b3724fdc+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"
_KEY_ID, _PUBLIC_KEY = "56475aa75463474c", "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg="


class KeyInForceOut(BaseModel):
    key_id: str
    vkey: str = Field(description="The C2SP vkey: <origin>+<8 hex key id>+<base64(0x01||key)>.")
    public_key: str
    from_position: int = Field(description="It signs checkpoints of this size and later.")


class PublicKeyOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "algorithm": "Ed25519",
                    "key_id": _KEY_ID,
                    "public_key": _PUBLIC_KEY,
                    "vkey": _VKEY,
                    "keys": [
                        {
                            "key_id": _KEY_ID,
                            "vkey": _VKEY,
                            "public_key": _PUBLIC_KEY,
                            "from_position": 0,
                        }
                    ],
                }
            ]
        }
    )

    algorithm: str = Field(examples=["Ed25519"])
    key_id: str = Field(
        description="The key in force: first 16 hex digits of SHA-256 of the raw public key."
    )
    public_key: str = Field(description="The raw 32-byte public key in force, base64.")
    vkey: str = Field(description="The key in force as a C2SP vkey (its name is the origin).")
    keys: list[KeyInForceOut] = Field(
        description="The chain from the ledger's first key: each rotation is in the log, "
        "signed by the key it replaces."
    )


class CheckpointOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [CHECKPOINT_EXAMPLE]})

    origin: str
    size: int
    root_hash: str = Field(description=HEX)
    issued_at: str = Field(description="RFC 3339, UTC.")
    key_id: str = Field(description="The note's key id (8 hex digits); 16 for older ones.")
    signature: str = Field(
        description="Ed25519 over the note text <origin>\\n<size>\\n<base64 root>\\n "
        "(older checkpoints: over the RFC 8785 JSON of {origin, size, root_hash, "
        "issued_at}), base64."
    )
    note: str | None = Field(
        default=None,
        description="The exact C2SP signed note (c2sp.org/tlog-checkpoint), with every "
        "witness cosignature stored; null for an older JSON checkpoint.",
    )


class InclusionProofOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "leaf_index": 1,
                    "size": 38,
                    "leaf_hash": _H,
                    "audit_path": [_H, _ROOT],
                    "root_hash": _ROOT,
                }
            ]
        }
    )

    leaf_index: int = Field(description="position - 1, as in RFC 9162.")
    size: int
    leaf_hash: str
    audit_path: list[str]
    root_hash: str


class ConsistencyProofOut(BaseModel):
    model_config = ConfigDict(
        populate_by_name=True,
        json_schema_extra={
            "examples": [
                {"from": 32, "to": 38, "proof": [_H, _ROOT], "from_root": _H, "to_root": _ROOT}
            ]
        },
    )

    from_: int = Field(alias="from")
    to: int
    proof: list[str]
    from_root: str
    to_root: str
