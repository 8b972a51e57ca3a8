"""What the widgets call: the same functions at build time (CPython) and in the browser
(Pyodide in a Web Worker). JSON in, JSON out; nothing here raises for bad input.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from gpp_core import calculators, i18n
from gpp_core.calculator import Field, Issue, field_display_value, localize_issue, parse_form

__all__ = [
    "call",
    "call_json",
    "describe",
    "evaluate",
    "evaluate_json",
    "localize_errors",
    "ui_strings",
]


def _spec(calculator: str, name: str) -> Field | None:
    return next((f for f in calculators.get(calculator).FIELDS if f.name == name), None)


def localize_errors(
    calculator: str, issues: list[dict[str, Any]], lang: str
) -> list[dict[str, Any]]:
    """Structured errors of ``calculator`` with their ``message`` in ``lang``.

    A calculator module whose inputs are not a flat list of fields words its own errors
    with ``localize_errors(issues, lang)``.
    """
    module = calculators.get(calculator)
    if hasattr(module, "localize_errors"):
        return list(module.localize_errors(issues, lang))
    return [
        {
            **issue,
            "message": localize_issue(
                Issue(issue["field"], issue["key"], issue["params"]),
                _spec(calculator, issue["field"]),
                lang,
            ),
        }
        for issue in issues
    ]


def evaluate(calculator: str, form: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Parse a form as typed by a reader of ``lang``, compute, and lay out the result.

    Returns ``{"ok": True, "result": ..., "view": ...}`` or ``{"ok": False, "errors":
    [{"field", "key", "params", "message"}]}`` with messages in ``lang``.
    """
    module = calculators.get(calculator)
    values, issues = parse_form(module.FIELDS, form, lang)
    if issues:
        return {
            "ok": False,
            "errors": localize_errors(calculator, [i.to_json() for i in issues], lang),
        }
    result = module.compute(values)
    if not result["ok"]:
        return {"ok": False, "errors": localize_errors(calculator, result["errors"], lang)}
    return {"ok": True, "result": result, "view": module.view(result, lang)}


def evaluate_json(calculator: str, form_json: str, lang: str) -> str:
    """:func:`evaluate` with JSON text in and out (the browser worker's entry point)."""
    try:
        form = json.loads(form_json)
        if not isinstance(form, dict):
            raise TypeError("form must be a JSON object")
        answer = evaluate(calculator, form, lang)
    except Exception as exc:  # noqa: BLE001 - the browser must get an answer, not a crash
        answer = {
            "ok": False,
            "errors": [],
            "failure": f"{type(exc).__name__}: {exc}",
            "message": i18n.translate("error.internal", lang),
        }
    return json.dumps(answer, ensure_ascii=False, allow_nan=False)


def call(endpoint: str, payload: Any, lang: str) -> dict[str, Any]:
    """Run the API function ``endpoint`` (declared by a calculator module) on ``payload``.

    For widgets whose input is richer than a flat form (lists of options or bids, an
    uploaded file's text). The function validates its payload and answers
    ``{"ok": True, ...}`` or ``{"ok": False, "errors": [...]}`` with messages in ``lang``.
    """
    return calculators.endpoint(endpoint)(payload, lang)


def call_json(endpoint: str, payload_json: str, lang: str) -> str:
    """:func:`call` with JSON text in and out; never raises (the worker's entry point)."""
    try:
        answer = call(endpoint, json.loads(payload_json), lang)
    except Exception as exc:  # noqa: BLE001 - the browser must get an answer, not a crash
        answer = {
            "ok": False,
            "errors": [],
            "failure": f"{type(exc).__name__}: {exc}",
            "message": i18n.translate("error.internal", lang),
        }
    return json.dumps(answer, ensure_ascii=False, allow_nan=False)


def describe(calculator: str, lang: str) -> dict[str, Any]:
    """The declared inputs of ``calculator`` with labels, help and default text in ``lang``.

    A calculator module whose inputs come from a data file describes them itself with
    ``describe(lang)`` (same shape).
    """
    module = calculators.get(calculator)
    if hasattr(module, "describe"):
        return dict(module.describe(lang))
    fields = []
    for spec in module.FIELDS:
        fields.append(
            {
                "name": spec.name,
                "kind": spec.kind,
                "unit": spec.unit,
                "role": spec.role,
                "group": spec.group,
                "minimum": spec.minimum,
                "maximum": spec.maximum,
                "choices": list(spec.choices),
                "default": spec.default,
                "default_text": field_display_value(spec, spec.default, lang),
                "label": i18n.translate(spec.label_key(calculator), lang),
                "help": i18n.translate(spec.help_key(calculator), lang),
            }
        )
    return {
        "name": calculator,
        "title": i18n.translate(f"{calculator}.title", lang),
        "fields": fields,
    }


def ui_strings(lang: str) -> dict[str, str]:
    """The widget runtime's own strings (``widget.*``) in ``lang``, for the browser."""
    keys = [k for k in i18n.catalogue(i18n.DEFAULT_LANGUAGE)["messages"] if k.startswith("widget.")]
    return {k: i18n.translate(k, lang) for k in keys}
