"""The status grid, the overdue list with its ageing buckets, and the per-unit table."""

from __future__ import annotations

from pytest_bdd import scenarios

scenarios("grid")
