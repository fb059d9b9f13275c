"""The ledger's one signing identity on a live store: the key events read from the log,
the chain of keys they make (from the first key registered), the private key of this
process when it holds the key in force, and ``keys init`` / ``keys rotate``.

Nothing here runs for a request but reads: a key is made and registered only by
``init`` (the CLI, or ``make demo`` / ``serve`` on the embedded SQLite default), and a
process without the private key of the key in force never signs.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from eventsourcing.persistence import IntegrityError

from ledger.domain.signing_key import SigningKey as SigningKeyAggregate
from ledger.domain.signing_key import signing_key_id_for
from ledger.domain.values import SYSTEM_ACTOR
from ledger.integrity.keychain import (
    KEY_TOPICS,
    Chain,
    first_registered,
    sign_rotation,
    walk_chain,
)
from ledger.integrity.keys import (
    ALGORITHM,
    KeyFileError,
    PublicKey,
    SigningKey,
    create_signing_key,
    load_signing_key,
    write_signing_key,
)

if TYPE_CHECKING:
    from ledger.application.core import LedgerApplication

log = logging.getLogger("ledger.signing")
KeyEvent = tuple[int, str, dict[str, Any]]


class SigningError(RuntimeError):
    """``keys init`` / ``keys rotate`` cannot proceed (the message says why and what to do)."""


@dataclass(frozen=True)
class InitResult:
    public: PublicKey
    created_file: bool
    registered: bool


class SigningService:
    def __init__(self, app: LedgerApplication) -> None:
        self.app = app
        self._lock = threading.Lock()
        self._events: list[KeyEvent] = []
        self._scanned_to = 0
        self._signer: SigningKey | None = None
        self._warned = False

    @property
    def key_file(self) -> Path:
        return self.app.settings.key_file

    @property
    def origin(self) -> str:
        return self.app.settings.origin

    # ------------------------------------------------------------------ reading

    def key_events(self) -> list[KeyEvent]:
        """(position, topic, event data) of every key event in the log, read on from
        where the last call stopped."""
        with self._lock:
            while True:
                batch = self.app.recorder.select_notifications(
                    self._scanned_to, 1000, topics=list(KEY_TOPICS), inclusive_of_start=False
                )
                if not batch:
                    break
                for n in batch:  # the stored JSON, as an auditor's walk reads it
                    self._events.append((n.id, n.topic, orjson.loads(n.state)))
                self._scanned_to = batch[-1].id
            return list(self._events)

    def anchor(self) -> PublicKey | None:
        """The first key the ledger registered: its own trust anchor."""
        return first_registered(self.key_events())

    def chain(self) -> Chain | None:
        anchor = self.anchor()
        return None if anchor is None else walk_chain(anchor, self.key_events())

    # ------------------------------------------------------------------ signing

    def signer_for(self, size: int) -> SigningKey | None:
        """This process's private key if it is the key in force at ``size`` (read the
        size first: a rotation appended later is then after it). The key file is read
        again when the key in force changed (``keys rotate`` replaced it)."""
        chain = self.chain()
        if chain is None:
            self._say_once("no signing key is registered (run `directive-ledger keys init`)")
            return None
        wanted = chain.key_at(size).public
        if self._signer is None or self._signer.public != wanted:
            self._signer = self._load()
        if self._signer is not None and self._signer.public == wanted:
            return self._signer
        held = "no key file" if self._signer is None else f"key {self._signer.public.key_id}"
        self._say_once(f"{held} at {self.key_file}, not the key in force {wanted.key_id}")
        return None

    def _load(self) -> SigningKey | None:
        if not self.key_file.exists():
            return None
        try:
            return load_signing_key(self.key_file)
        except KeyFileError as e:
            self._say_once(str(e))
            return None

    def _say_once(self, why: str) -> None:
        if not self._warned:
            self._warned = True
            log.warning("this process signs no checkpoint: %s; it serves them only", why)

    def announce(self) -> bool:
        """At a server's start: whether it will sign, saying so once when it will not."""
        signer = self.signer_for(self.app.ledger_recorder.tree_size())
        if signer is not None:
            log.info("signing checkpoints with key %s", signer.public.key_id)
        return signer is not None

    # ------------------------------------------------------------- init, rotate

    def init(self) -> InitResult:
        """``keys init``: make the key file when there is none (mode 0600, never
        overwritten) and register its key when the ledger has none."""
        chain = self.chain()
        created = False
        if self.key_file.exists():
            key = load_signing_key(self.key_file)
        elif chain is not None:
            raise SigningError(
                f"the ledger's key in force is {chain.current.public.key_id}; a new key is "
                "made only by `keys rotate`. Copy that key's file to "
                f"{self.key_file} on the node that signs."
            )
        else:
            key, created = create_signing_key(self.key_file), True
        if chain is None:
            self._register(key.public)
            return InitResult(key.public, created, registered=True)
        if chain.current.public != key.public:
            raise SigningError(
                f"{self.key_file} holds key {key.public.key_id}, but the ledger's key in "
                f"force is {chain.current.public.key_id}"
            )
        return InitResult(key.public, created, registered=False)

    def _register(self, public: PublicKey) -> None:
        aggregate = SigningKeyAggregate.register(
            ctx=self.app.context(SYSTEM_ACTOR, source={"document": "keys init"}),
            algorithm=ALGORITHM,
            public_key=public.base64,
            key_id=public.key_id,
        )
        try:
            self.app.save(aggregate)
        except IntegrityError:  # registered meanwhile by another init: theirs stands
            if self.anchor() is None:
                raise

    def rotate(self) -> tuple[PublicKey, PublicKey, int]:
        """``keys rotate``: a new key, recorded as ``SigningKeyRotated`` signed by the key
        in force, then put in the key file (the old one kept beside it as
        ``<file>.<key id>.retired``). Returns the old and new keys and the position."""
        chain = self.chain()
        if chain is None:
            raise SigningError("no signing key is registered: run `keys init` first")
        old = load_signing_key(self.key_file)
        if old.public != chain.current.public:
            raise SigningError(
                f"{self.key_file} holds key {old.public.key_id}, not the key in force "
                f"{chain.current.public.key_id}: only its holder rotates it"
            )
        new = Ed25519PrivateKey.generate()
        new_public = PublicKey(new.public_key().public_bytes_raw())
        pending = self.key_file.with_name(self.key_file.name + ".next")
        write_signing_key(pending, new)  # refuses when a rotation was left half done
        anchor = chain.keys[0].public
        identity: SigningKeyAggregate = self.app.repository.get(signing_key_id_for(anchor.key_id))
        fields = sign_rotation(
            old.private, origin=self.origin, index=len(chain.keys), new=new_public
        )
        identity.rotate(
            **fields,
            effective_on=self.app.today().isoformat(),
            meta=self.app.context(SYSTEM_ACTOR, source={"document": "keys rotate"}).meta(),
        )
        try:
            recordings = self.app.save(identity)
        except IntegrityError:
            pending.unlink()
            raise SigningError("another rotation was recorded meanwhile; try again") from None
        retired = self.key_file.with_name(f"{self.key_file.name}.{old.public.key_id}.retired")
        os.replace(self.key_file, retired)
        os.replace(pending, self.key_file)
        position = int(recordings[-1].notification.id) if recordings else 0
        return old.public, new_public, position
