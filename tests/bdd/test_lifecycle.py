"""The directive's lifecycle: order of events, extensions, completion, dates, annotations."""

from __future__ import annotations

from pytest_bdd import scenarios

scenarios("lifecycle")
