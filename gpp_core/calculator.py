"""The calculator contract: declared inputs, validation, and the view of a result.

A calculator is one module in :mod:`gpp_core.calculators` with:

* ``NAME`` (``"lcc-compare"``), used in URLs, the CLI and the page placeholders;
* ``FIELDS``, a tuple of :class:`Field`, declared once: type, unit, bounds, default,
  who sets it (buyer or option/bidder), and the catalogue keys of label and help;
* ``compute(inputs) -> dict``, pure and JSON-ready: ``{"ok": True, ...}`` or
  ``{"ok": False, "errors": [...]}`` with structured errors (:class:`Issue`);
* ``view(result, lang) -> dict``, the result laid out for readers (tables whose
  cells are typed numbers, and one summary sentence), used by the build-time prerender
  and by the browser alike, so both show the same thing.

Validation happens in two steps, both here: :func:`parse_form` reads the text a reader
typed (locale-aware numbers, percentages for rates) and :func:`validate` checks types
and bounds of typed inputs. Nothing raises for bad input; errors name the field, a
catalogue key and its parameters.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, Literal

from gpp_core import i18n

Kind = Literal["number", "integer", "rate", "choice", "text"]
Role = Literal["buyer", "option"]

__all__ = ["Field", "Issue", "field_display_value", "parse_form", "validate"]


@dataclass(frozen=True)
class Issue:
    """One validation error: which field, which message, with which parameters."""

    field: str
    key: str
    params: dict[str, Any] = dataclass_field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "key": self.key, "params": dict(self.params)}


@dataclass(frozen=True)
class Field:
    """One declared input of a calculator.

    ``unit`` is written in the kit's unit vocabulary: ``currency``, ``currency/year``,
    ``year``, ``1/year`` (rates, as fractions), ``kWh/year``... A ``rate`` is stored and
    computed as a fraction (0.08) and shown to readers as a percentage (8).
    """

    name: str
    kind: Kind
    default: Any
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    role: Role = "buyer"
    group: str = "general"
    max_length: int = 80

    def label_key(self, calculator: str) -> str:
        return f"{calculator}.field.{self.name}.label"

    def help_key(self, calculator: str) -> str:
        return f"{calculator}.field.{self.name}.help"


def field_display_value(spec: Field, value: Any, lang: str) -> str:
    """The text a form shows for ``value`` (rates as percentages, locale separators).

    >>> field_display_value(Field("r", "rate", 0.08), 0.08, "vi")
    '8'
    >>> field_display_value(Field("p", "number", 1000.0), 1234.5, "vi")
    '1.234,5'
    """
    if spec.kind == "rate":
        return i18n.format_number(value * 100, lang, max_decimals=4)
    if spec.kind in ("number", "integer"):
        return i18n.format_number(value, lang, max_decimals=6)
    return str(value)


def _bounds_params(spec: Field, lang: str | None) -> dict[str, Any]:
    """Bounds as shown to readers (percentages for rates, formatted if ``lang``)."""
    params: dict[str, Any] = {}
    for name, bound in (("min", spec.minimum), ("max", spec.maximum)):
        if bound is None:
            continue
        if lang is None:
            params[name] = bound
        elif spec.kind == "rate":
            params[name] = i18n.format_percent(bound, lang, max_decimals=2)
        else:
            params[name] = i18n.format_number(bound, lang, max_decimals=4)
    return params


def parse_form(
    fields: tuple[Field, ...], raw: Mapping[str, Any], lang: str
) -> tuple[dict[str, Any], list[Issue]]:
    """Read the text of a form (as typed by a reader of ``lang``) into typed inputs.

    Missing fields take their default. Rates are typed as percentages. Returns the
    typed inputs and the list of issues (empty when every field could be read); the
    typed inputs still need :func:`validate`.
    """
    values: dict[str, Any] = {}
    issues: list[Issue] = []
    for spec in fields:
        if spec.name not in raw:
            values[spec.name] = spec.default
            continue
        text = raw[spec.name]
        text = "" if text is None else str(text)
        if spec.kind in ("number", "integer", "rate"):
            if not text.strip():
                issues.append(Issue(spec.name, "error.required"))
                continue
            try:
                number = i18n.parse_number(text, lang)
            except ValueError:
                example = i18n.format_number(1234.5, lang)
                issues.append(Issue(spec.name, "error.not_a_number", {"example": example}))
                continue
            if spec.kind == "integer" and number != int(number):
                issues.append(Issue(spec.name, "error.not_whole"))
                continue
            values[spec.name] = (
                number / 100
                if spec.kind == "rate"
                else int(number)
                if spec.kind == "integer"
                else number
            )
        else:
            values[spec.name] = text.strip()
    return values, issues


def read_percentages(
    form: Mapping[str, Any],
    names: Mapping[str, str],
    lang: str,
    issues: list[Issue],
    example: str,
) -> dict[str, float]:
    """The percentages a reader of ``lang`` typed in the fields ``names`` (``{key: field
    name}``) that ``form`` holds, as fractions by key; an empty or unreadable field adds
    an issue to ``issues`` (``example``: a number as the reader writes one).

    >>> issues = []
    >>> read_percentages({"w_a": "12,5", "w_b": "x"}, {"a": "w_a", "b": "w_b", "c": "w_c"},
    ...                  "es", issues, "3,5")
    {'a': 0.125}
    >>> [(i.field, i.key) for i in issues]
    [('w_b', 'error.not_a_number')]
    """
    values: dict[str, float] = {}
    for key, name in names.items():
        if name not in form:
            continue
        text = "" if form[name] is None else str(form[name]).strip()
        if not text:
            issues.append(Issue(name, "error.required"))
            continue
        try:
            values[key] = i18n.parse_number(text, lang) / 100
        except ValueError:
            issues.append(Issue(name, "error.not_a_number", {"example": example}))
    return values


def validate(
    fields: tuple[Field, ...], inputs: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Issue]]:
    """Check typed inputs against their declarations; fill defaults for missing ones.

    Unknown input names are reported (``error.unknown_field``) rather than ignored, so
    a misspelt key in a JSON file does not silently fall back to a default.
    """
    known = {spec.name for spec in fields}
    issues = [Issue(name, "error.unknown_field") for name in inputs if name not in known]
    values: dict[str, Any] = {}
    for spec in fields:
        value = inputs.get(spec.name, spec.default)
        if spec.kind in ("number", "integer", "rate"):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                issues.append(Issue(spec.name, "error.not_a_number", {"example": "1234.5"}))
                continue
            if not math.isfinite(value):
                issues.append(Issue(spec.name, "error.not_a_number", {"example": "1234.5"}))
                continue
            if spec.kind == "integer" and value != int(value):
                issues.append(Issue(spec.name, "error.not_whole"))
                continue
            too_low = spec.minimum is not None and value < spec.minimum
            too_high = spec.maximum is not None and value > spec.maximum
            if too_low or too_high:
                key = (
                    "error.between"
                    if spec.minimum is not None and spec.maximum is not None
                    else "error.min"
                    if too_low
                    else "error.max"
                )
                issues.append(Issue(spec.name, key, _bounds_params(spec, None)))
                continue
            values[spec.name] = int(value) if spec.kind == "integer" else float(value)
        elif spec.kind == "choice":
            if value not in spec.choices:
                issues.append(Issue(spec.name, "error.choice", {"choices": list(spec.choices)}))
                continue
            values[spec.name] = value
        else:
            if not isinstance(value, str):
                issues.append(Issue(spec.name, "error.text"))
                continue
            if len(value) > spec.max_length:
                issues.append(Issue(spec.name, "error.too_long", {"max": spec.max_length}))
                continue
            values[spec.name] = value
    return values, issues


def localize_issue(issue: Issue, spec: Field | None, lang: str) -> str:
    """The message of ``issue`` in ``lang``, bounds formatted as the reader writes them."""
    params = dict(issue.params)
    if spec is not None and issue.key in ("error.between", "error.min", "error.max"):
        params.update(_bounds_params(spec, lang))
    if "choices" in params:
        params["choices"] = ", ".join(params["choices"])
    if "max" in params and issue.key == "error.too_long":
        params["max"] = i18n.format_number(params["max"], lang)
    return i18n.translate(issue.key, lang, **params)
