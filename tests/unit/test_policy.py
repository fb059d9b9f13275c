"""c2sp.org/tlog-policy files: the spec's example with two levels of groups, the quorum
over real cosignatures, and every malformed file refused naming its line."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.integrity import note as n
from ledger.integrity.policy import PolicyError, parse_policy


def fixed_key(label: str) -> Ed25519PrivateKey:
    """The same key in every run (and every xdist worker): parameters are built from it."""
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(label.encode()).digest())


LOG_KEY = fixed_key("log")
LOG = n.Vkey.ed25519("example.com/log", LOG_KEY.public_key().public_bytes_raw())
NAMES = ["X1", "X2", "X3", "Y1", "Y2", "Y3"]
KEYS = {name: fixed_key(name) for name in NAMES}
VKEYS = {
    name: n.Vkey.ed25519(f"w.example/{name}", k.public_key().public_bytes_raw(), 0x04)
    for name, k in KEYS.items()
}


def witness_lines(url: bool = False) -> str:
    return "".join(
        f"witness {name} {VKEYS[name]}" + (f" http://127.0.0.1:9/{name}" if url else "") + "\n"
        for name in NAMES
    )


SPEC_EXAMPLE = (
    f"# the spec's example\nlog {LOG}\n\n"
    + witness_lines()
    + "group X-witnesses 2 X1 X2 X3\n"
    + "  group\tY-witnesses  any Y1 Y2 Y3  \n"  # tabs and extra spaces separate items too
    + "group X-and-Y all X-witnesses Y-witnesses\n"
    + "quorum X-and-Y\n"
)


@pytest.mark.parametrize(
    ("cosigners", "met"),
    [
        (set(), False),
        ({"X1", "X2"}, False),  # no Y witness
        ({"X1", "Y1", "Y2", "Y3"}, False),  # only one X witness
        ({"X1", "X3", "Y2"}, True),
        ({"X1", "X2", "X3", "Y1", "Y2", "Y3"}, True),
    ],
)
def test_the_spec_example_quorum(cosigners: set[str], met: bool) -> None:
    policy = parse_policy(SPEC_EXAMPLE.encode())
    assert [log.vkey for log in policy.logs] == [LOG]
    assert policy.groups["X-witnesses"].threshold == 2
    assert policy.groups["Y-witnesses"].threshold == 1
    assert policy.groups["X-and-Y"].threshold == 2
    assert policy.satisfied(cosigners) is met


def cosigned_note(size: int, signers: list[str], time: int = 1_700_000_000) -> n.Note:
    text = n.checkpoint_text("example.com/log", size, bytes(32))
    signatures = [n.sign_note(text, LOG.name, LOG_KEY)]
    signatures += [n.cosign(text, VKEYS[s].name, KEYS[s], time) for s in signers]
    return n.Note(text, tuple(signatures))


def test_the_quorum_counts_only_valid_cosignatures() -> None:
    policy = parse_policy(SPEC_EXAMPLE.encode())
    good = cosigned_note(5, ["X1", "X2", "Y3"])
    assert policy.cosigned_by(good) == {
        "X1": 1_700_000_000,
        "X2": 1_700_000_000,
        "Y3": 1_700_000_000,
    }
    assert policy.quorum_met(good)
    assert policy.quorum_problem(good) is None
    assert policy.signed_by_a_log(good)
    # Cosignatures moved onto another checkpoint do not count.
    moved = n.Note(n.checkpoint_text("example.com/log", 6, bytes(32)), good.signatures)
    assert policy.cosigned_by(moved) == {}
    assert not policy.quorum_met(moved)
    assert not policy.signed_by_a_log(moved)
    # A cosignature by a key not in the policy does not count.
    stranger = Ed25519PrivateKey.generate()
    extra = n.cosign(good.text, "w.example/X3", stranger, 1)
    partial = n.Note(good.text, (*cosigned_note(5, ["X1", "Y3"]).signatures, extra))
    assert set(policy.cosigned_by(partial)) == {"X1", "Y3"}
    assert not policy.quorum_met(partial)
    assert policy.quorum_problem(partial) == (
        "valid cosignatures from X1, Y3; the quorum 'X-and-Y' is not met"
    )
    assert "from no witness of the policy" in str(policy.quorum_problem(moved))


def test_quorum_none_single_witness_urls_and_a_final_line_without_newline() -> None:
    none = parse_policy(b"quorum none")
    assert none.logs == () and none.quorum_met(cosigned_note(1, []))  # noqa: PT018
    single = parse_policy((witness_lines(url=True) + "quorum Y2\n").encode())
    assert single.submission_urls()["Y2"] == "http://127.0.0.1:9/Y2"
    assert single.quorum_met(cosigned_note(3, ["Y2"]))
    assert not single.quorum_met(cosigned_note(3, ["Y1", "Y3"]))


def test_names_are_opaque_octets() -> None:
    kelvin = "\u212a".encode()
    policy = parse_policy(
        b"witness K " + str(VKEYS["X1"]).encode() + b"\nwitness " + kelvin + b" "
        + str(VKEYS["X2"]).encode() + b"\nquorum " + kelvin + b"\n"
    )  # fmt: skip
    assert policy.satisfied({"\u212a"}) and not policy.satisfied({"K"})  # noqa: PT018


W1, W2 = f"witness A {VKEYS['X1']}\n", f"witness B {VKEYS['X2']}\n"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", 1, "no quorum line"),
        ("# only a comment\n\n", 3, "no quorum line"),
        (W1 + "quorum A\nquorum A\n", 3, "exactly one quorum line"),
        ("quorum A\n" + W1, 1, "not defined on an earlier line"),
        (W1 + "quorum B\n", 2, "not defined on an earlier line"),
        (W1 + "quorum A B\n", 2, "quorum <name>"),
        ("logs x\nquorum none\n", 1, "unknown keyword"),
        ("LOG " + str(LOG) + "\nquorum none\n", 1, "unknown keyword"),
        (f"log {LOG} http://a http://b\nquorum none\n", 1, "log <vkey> [<url>]"),
        (f"log {LOG}\nlog {LOG}\nquorum none\n", 2, "duplicate log"),
        (f"log {VKEYS['X1']}\nquorum none\n", 1, "signature type 0x01"),
        (f"log {str(LOG)[:-2]}\nquorum none\n", 1, "a log's vkey"),
        (f"witness A {LOG}\nquorum none\n", 1, "signature type 0x04"),
        ("witness A\nquorum none\n", 1, "witness <name> <vkey> [<url>]"),
        (W1 + f"witness C {VKEYS['X1']}\nquorum none\n", 2, "duplicate witness"),
        (W1 + f"witness A {VKEYS['X2']}\nquorum none\n", 2, "'A' is already defined"),
        (f"witness none {VKEYS['X1']}\nquorum none\n", 1, "'none' is predefined"),
        (W1 + W2 + "group G 3 A B\nquorum G\n", 3, "above the 2 members"),
        (W1 + W2 + "group G 0 A B\nquorum G\n", 3, "not all, any or a decimal"),
        (W1 + W2 + "group G 01 A B\nquorum G\n", 3, "not all, any or a decimal"),
        (W1 + W2 + "group G most A B\nquorum G\n", 3, "not all, any or a decimal"),
        (W1 + W2 + "group G any\nquorum G\n", 3, "group <name>"),
        (W1 + W2 + "group G any A A\nquorum G\n", 3, "at most once"),
        (W1 + W2 + "group G any A none\nquorum G\n", 3, "'none' is not a group member"),
        (W1 + W2 + "group G any A C\nquorum G\n", 3, "'C' is not defined"),
        (W1 + W2 + "group A any A B\nquorum A\n", 3, "'A' is already defined"),
        (W1 + "group G any G\nquorum G\n", 2, "'G' is not defined"),  # no cycles
        (W1 + "quorum\tA\x0b\n", 2, "control character 0x0b"),
        (W1 + "quorum A\r\n", 2, "control character 0x0d"),
    ],
)
def test_malformed_policies_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(PolicyError, match="line") as raised:
        parse_policy(text.encode())
    assert raised.value.line == line
    assert message in raised.value.message
    assert str(raised.value).startswith(f"line {line}: ")
