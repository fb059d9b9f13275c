"""The add-checkpoint bodies of c2sp.org/tlog-witness, read on the spec's own examples
(the request, the response lines, and tlog-cosignature's cosigned checkpoint)."""

from __future__ import annotations

import base64
import struct

import pytest

from ledger.integrity import note as n
from ledger.integrity import witness_protocol as wp

# c2sp.org/tlog-witness, "Example request body"
SPEC_REQUEST = """old 20852014
PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=
jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=
5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=
/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=

example.com/behind-the-sofa
20852163
CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
— example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=
"""  # noqa: E501

# c2sp.org/tlog-witness, "Example response body"
SPEC_RESPONSE = """— witness.example/w1 CMp+6LWBU0anHGH5aNDTJkH/gj79sG+T6+iP2ThYN5krrDJbR1HDnucjL39QsZTSvVjyQLrdk3DXDqI5G2HgLatVs0pWh6Up69HVOw==
— witness.example/w1 I7rEps0pvK2UqkS2gSpVUDhrhVtQV9lgF6pRrWAvjJHjyWpW7VcE3SiOlVlbQNt64vWhO+DlkL0+UfzuOBMh9ChdMkP1vi/lCAsmlw==
— witness.example/w2 AWui8Sk55XjYLOijihBjhqEH6nS1ndDymE0a+6idX7pLcnoB+dhnz0854aLZgrrKbYKA7nC3HNJhm/kWl7oJlqU3rXXvpysAdyP3wQ==
"""  # noqa: E501

# c2sp.org/tlog-cosignature: a checkpoint with a cosignature made at time 1679315147
SPEC_COSIGNED = """example.com/behind-the-sofa
20852163
CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==
"""  # noqa: E501


def test_the_spec_request_parses_and_is_rebuilt_byte_for_byte() -> None:
    request = wp.parse_add_checkpoint(SPEC_REQUEST.encode())
    assert request.old == 20852014
    assert len(request.proof) == 4
    assert all(len(h) == 32 for h in request.proof)
    note = n.parse_note(request.checkpoint)
    body = n.parse_checkpoint(note.text)
    assert (body.origin, body.size) == ("example.com/behind-the-sofa", 20852163)
    assert len(note.signatures) == 2
    rebuilt = wp.add_checkpoint_body(request.old, list(request.proof), request.checkpoint)
    assert rebuilt == SPEC_REQUEST.encode()


def test_the_spec_response_lines_are_timestamped_ed25519_cosignatures() -> None:
    lines = wp.parse_cosignature_lines(SPEC_RESPONSE.encode())
    assert [s.name for s in lines] == ["witness.example/w1"] * 2 + ["witness.example/w2"]
    assert all(len(s.signature) == 8 + 64 for s in lines)
    assert wp.cosignature_lines_body(lines) == SPEC_RESPONSE.encode()


def test_the_spec_cosignature_carries_its_time_big_endian() -> None:
    note = n.parse_note(SPEC_COSIGNED)
    witness = note.signatures[1]
    assert witness.name == "witness.example.com/w1"
    assert struct.unpack(">Q", witness.signature[:8]) == (1679315147,)
    # The signed message is the one the spec prints for that time.
    message = n.cosignature_message(note.text, 1679315147)
    assert message.decode() == (
        "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\n"
        "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    )
    assert base64.b64encode(witness.key_id + witness.signature).decode().startswith("jWbPPw")


def test_the_size_answer() -> None:
    assert wp.size_body(12) == b"12\n"
    assert wp.parse_size_body(b"0\n") == 0
    for bad in (b"12", b"012\n", b"1\n2\n", b"-1\n", b"\n"):
        with pytest.raises(wp.WitnessProtocolError):
            wp.parse_size_body(bad)
