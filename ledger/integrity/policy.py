"""c2sp.org/tlog-policy: which logs sign checkpoints, which witnesses cosign them, and the
quorum of cosignatures a checkpoint needs to be believed.

    log <vkey> [<url>]
    witness <name> <vkey> [<url>]
    group <name> all|any|<k> <name>...
    quorum <name>|none

Items are separated by spaces and tabs; blank lines and ``#`` comments are ignored. A
group or the quorum names only witnesses and groups defined on earlier lines. Pure: the
parser takes the file's bytes and ``quorum_met`` takes a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ledger.integrity.note import (
    COSIGNATURE_V1,
    ED25519,
    Note,
    NoteError,
    Vkey,
    cosignature_time,
    verify_note,
)

NONE = "none"
_WHITESPACE = re.compile(r"[ \t]+")
_CONTROL = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]")  # all but tab and newline


class PolicyError(ValueError):
    """A policy file that breaks the format; names the line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class PolicyLog:
    vkey: Vkey
    url: str | None


@dataclass(frozen=True)
class PolicyWitness:
    name: str
    vkey: Vkey
    url: str | None


@dataclass(frozen=True)
class Group:
    name: str
    threshold: int
    members: tuple[str, ...]


@dataclass(frozen=True)
class Policy:
    logs: tuple[PolicyLog, ...]
    witnesses: dict[str, PolicyWitness]
    groups: dict[str, Group]
    quorum: str  # a witness, a group, or ``none``

    def cosigned_by(self, note: Note) -> dict[str, int]:
        """The witnesses with a valid cosignature on ``note``, and its time."""
        found = {}
        for name, witness in self.witnesses.items():
            timestamp = cosignature_time(note, witness.vkey)
            if timestamp is not None:
                found[name] = timestamp
        return found

    def satisfied(self, cosigners: set[str], name: str | None = None) -> bool:
        """Whether the witnesses ``cosigners`` make up the quorum (or the group ``name``)."""
        name = self.quorum if name is None else name
        if name == NONE:
            return True
        if name in self.witnesses:
            return name in cosigners
        group = self.groups[name]
        return sum(self.satisfied(cosigners, m) for m in group.members) >= group.threshold

    def quorum_met(self, note: Note) -> bool:
        return self.satisfied(set(self.cosigned_by(note)))

    def quorum_problem(self, note: Note) -> str | None:
        """Why ``note`` lacks the quorum (None: it has it): whom it has and what it needs."""
        cosigners = sorted(self.cosigned_by(note))
        if self.satisfied(set(cosigners)):
            return None
        have = ", ".join(cosigners) if cosigners else "no witness of the policy"
        return f"valid cosignatures from {have}; the quorum {self.quorum!r} is not met"

    def signed_by_a_log(self, note: Note) -> bool:
        return any(verify_note(note, log.vkey) for log in self.logs)

    def submission_urls(self) -> dict[str, str]:
        """The witnesses that have a submission URL, by name."""
        return {name: w.url for name, w in self.witnesses.items() if w.url}


def parse_policy(data: bytes) -> Policy:
    bad = _CONTROL.search(data)
    if bad is not None:
        number = data.count(b"\n", 0, bad.start()) + 1
        raise PolicyError(number, f"control character 0x{bad[0][0]:02x} (only tab and newline)")
    # Octets with the high bit set are opaque: surrogateescape keeps them distinct.
    text = data.decode("utf-8", errors="surrogateescape")
    builder = _Builder()
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip(" \t")
        if not line or line.startswith("#"):
            continue
        keyword, *items = _WHITESPACE.split(line)
        handler = builder.handlers.get(keyword)
        if handler is None:
            raise PolicyError(number, f"unknown keyword {keyword!r} (log, witness, group, quorum)")
        try:
            handler(items)
        except _LineError as e:
            raise PolicyError(number, str(e)) from None
    if builder.quorum is None:
        raise PolicyError(text.count("\n") + 1, "the policy has no quorum line")
    return Policy(tuple(builder.logs), builder.witnesses, builder.groups, builder.quorum)


class _LineError(ValueError):
    pass


def _vkey(text: str, sig_type: int, what: str) -> Vkey:
    try:
        vkey = Vkey.parse(text)
    except (NoteError, UnicodeEncodeError) as e:
        raise _LineError(f"{what}'s vkey: {e}") from None
    if vkey.sig_type != sig_type:
        raise _LineError(f"{what}'s vkey has signature type 0x{sig_type:02x}")
    return vkey


class _Builder:
    def __init__(self) -> None:
        self.logs: list[PolicyLog] = []
        self.witnesses: dict[str, PolicyWitness] = {}
        self.groups: dict[str, Group] = {}
        self.quorum: str | None = None
        self.handlers = {
            "log": self.log,
            "witness": self.witness,
            "group": self.group,
            "quorum": self.set_quorum,
        }

    def _new_name(self, name: str) -> str:
        if name == NONE:
            raise _LineError("'none' is predefined; it names no witness or group")
        if name in self.witnesses or name in self.groups:
            raise _LineError(f"{name!r} is already defined")
        return name

    def log(self, items: list[str]) -> None:
        if len(items) not in (1, 2):
            raise _LineError("log <vkey> [<url>]")
        vkey = _vkey(items[0], ED25519, "a log")
        if any(log.vkey.public_key == vkey.public_key for log in self.logs):
            raise _LineError("a duplicate log: its public key is already listed")
        self.logs.append(PolicyLog(vkey, items[1] if len(items) == 2 else None))

    def witness(self, items: list[str]) -> None:
        if len(items) not in (2, 3):
            raise _LineError("witness <name> <vkey> [<url>]")
        name = self._new_name(items[0])
        vkey = _vkey(items[1], COSIGNATURE_V1, f"witness {name!r}")
        if any(w.vkey.public_key == vkey.public_key for w in self.witnesses.values()):
            raise _LineError("a duplicate witness: its public key is already listed")
        self.witnesses[name] = PolicyWitness(name, vkey, items[2] if len(items) == 3 else None)

    def group(self, items: list[str]) -> None:
        if len(items) < 3:
            raise _LineError("group <name> all|any|<k> <name>...")
        name, rule, members = self._new_name(items[0]), items[1], items[2:]
        for member in members:
            if member == NONE:
                raise _LineError("'none' is not a group member")
            if member not in self.witnesses and member not in self.groups:
                raise _LineError(f"{member!r} is not defined on an earlier line")
        if len(set(members)) != len(members):
            raise _LineError("a name is a member of a group at most once")
        if rule == "all":
            threshold = len(members)
        elif rule == "any":
            threshold = 1
        elif rule.isascii() and rule.isdigit() and not rule.startswith("0"):
            threshold = int(rule)
            if threshold > len(members):
                raise _LineError(f"a threshold of {threshold} is above the {len(members)} members")
        else:
            raise _LineError(f"{rule!r} is not all, any or a decimal k >= 1")
        self.groups[name] = Group(name, threshold, tuple(members))

    def set_quorum(self, items: list[str]) -> None:
        if len(items) != 1:
            raise _LineError("quorum <name>")
        if self.quorum is not None:
            raise _LineError("a policy has exactly one quorum line")
        name = items[0]
        if name != NONE and name not in self.witnesses and name not in self.groups:
            raise _LineError(f"{name!r} is not defined on an earlier line")
        self.quorum = name
