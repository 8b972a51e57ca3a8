"""Named exceptions. Messages say what was received and what would have been valid."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class GppError(Exception):
    """Base class of every error raised by gpp_core."""


class InvalidParameter(GppError, ValueError):
    """A programming-level argument is out of its domain (not a form-validation error).

    Form input never raises: calculators return structured errors instead
    (see :mod:`gpp_core.calculator`).
    """

    def __init__(self, name: str, value: Any, expected: str) -> None:
        self.name, self.value, self.expected = name, value, expected
        super().__init__(f"{name}={value!r} is not valid: expected {expected}")


class UnknownName(GppError, KeyError):
    """A name (calculator, language, currency...) that does not exist."""

    def __init__(self, kind: str, name: str, valid: Iterable[str]) -> None:
        self.kind, self.name, self.valid = kind, name, sorted(valid)
        super().__init__(f"unknown {kind} {name!r}; valid: {', '.join(self.valid)}")

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return str(self.args[0])
