"""The witness's Ed25519 cosigning key: one line in Go's private key format
(``PRIVATE+KEY+<name>+<key id>+<base64(0x04 || seed)>``), which carries the witness's
name with the key. Written once (mode 0600, never overwritten); a key file that group or
others may read is refused."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.integrity.note import COSIGNATURE_V1, NoteError, Vkey, parse_signer_key, signer_key_text


class WitnessKeyError(ValueError):
    """The key file exists already, is unreadable, too open, or not a witness key."""


def create_witness_key(path: Path, name: str) -> Vkey:
    """Write a new key for the witness ``name`` to ``path``; returns its vkey (type 0x04)."""
    private = Ed25519PrivateKey.generate()
    try:
        line = signer_key_text(name, private, COSIGNATURE_V1)
    except NoteError as e:
        raise WitnessKeyError(str(e)) from None
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise WitnessKeyError(f"{path} exists; a key file is never overwritten") from None
    try:
        os.fchmod(fd, 0o600)  # whatever the umask
        os.write(fd, (line + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return Vkey.ed25519(name, private.public_key().public_bytes_raw(), COSIGNATURE_V1)


def load_witness_key(path: Path) -> tuple[Vkey, Ed25519PrivateKey]:
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as e:
        raise WitnessKeyError(f"cannot read the witness key {path}: {e}") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise WitnessKeyError(
            f"{path} may be read by group or others (mode {stat.S_IMODE(mode):o}); chmod 600 it"
        )
    try:
        vkey, private = parse_signer_key(text.strip())
    except NoteError as e:
        raise WitnessKeyError(f"{path} is not a witness key: {e}") from None
    if vkey.sig_type != COSIGNATURE_V1:
        raise WitnessKeyError(f"{path} is a log signing key (type 0x01), not a witness key")
    return vkey, private
