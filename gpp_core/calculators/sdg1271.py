"""SDG indicator 12.7.1 self-assessment (the browser tool and the command line).

The method and the questionnaire are in :mod:`gpp_core.sdg1271`. This module is the
calculator around it:

* ``compute(inputs)`` takes typed JSON (the command line, ``gpp run sdg-12-7-1``)::

      {"answers": {"A1": "applied", "B6": "allowed", "F1": 0.35},
       "weights": {"A": 0.2, "B": 0.2, ...}, "normalise": false}

* ``API["sdg-12-7-1.assess"]`` takes the form as the reader filled it in (text, see
  :func:`gpp_core.sdg1271.parse_form`) and answers ``{"ok": True, "result", "view"}`` or
  ``{"ok": False, "errors": [...]}`` with messages in the reader's language;
* ``render_html(lang, values)`` is the questionnaire as a real HTML form with the result
  of its initial answers, rendered at build time (it works without JavaScript);
  ``calculators/static/widgets/sdg1271.js`` recomputes it on every answer.

>>> compute({"answers": {"A1": "applied"}})["components"][0]["score"]
1.0
>>> API["sdg-12-7-1.assess"]({"A1": "draft", "w_A": "abc"}, "en")["errors"][0]["message"]
'Enter a number, for example 12.5.'
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from gpp_core import i18n
from gpp_core import sdg1271 as engine
from gpp_core.calculator import Field

NAME = "sdg-12-7-1"
ENDPOINT = "sdg-12-7-1.assess"
BASE = f"gpp-{NAME}"


def _fields() -> tuple[Field, ...]:
    return engine.fields()


FIELDS: tuple[Field, ...] = _fields()
_INPUTS = ("answers", "weights", "normalise", "item_weights")


def compute(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Score typed inputs (see the module docstring); never raises for bad input."""
    unknown = [name for name in inputs if name not in _INPUTS]
    if unknown:
        return {
            "ok": False,
            "calculator": NAME,
            "errors": [{"field": n, "key": "error.unknown_field", "params": {}} for n in unknown],
        }
    for name in ("answers", "weights", "item_weights"):
        if inputs.get(name) is not None and not isinstance(inputs[name], Mapping):
            return {
                "ok": False,
                "calculator": NAME,
                "errors": [{"field": name, "key": "error.text", "params": {}}],
            }
    normalise = inputs.get("normalise", False)
    if not isinstance(normalise, bool):
        return {
            "ok": False,
            "calculator": NAME,
            "errors": [
                {
                    "field": "normalise",
                    "key": "error.choice",
                    "params": {"choices": ["false", "true"]},
                }
            ],
        }
    return engine.assess(
        inputs.get("answers"),
        weights=inputs.get("weights"),
        normalise=normalise,
        item_weights=inputs.get("item_weights"),
    )


def _percent(value: float) -> dict[str, Any]:
    return {"kind": "percent", "value": value}


def view(result: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Lay out a successful result for readers of ``lang``: summary, tables, notes."""
    t = i18n.translate
    q = engine.questionnaire()
    components = result["components"]
    rows = [
        {
            "label": f"{c['id']}. {q.component(c['id']).name[lang]}",
            "cells": [_percent(c["weight"]), _percent(c["score"]), _percent(c["contribution"])],
            "emphasis": False,
        }
        for c in components
    ]
    rows.append(
        {
            "label": t(f"{NAME}.row.overall", lang),
            "cells": [_percent(1.0), {"kind": "empty"}, _percent(result["overall"])],
            "emphasis": True,
        }
    )
    table = {
        "caption": t(f"{NAME}.table.caption", lang),
        "columns": [
            t(f"{NAME}.column.component", lang),
            t(f"{NAME}.column.weight", lang),
            t(f"{NAME}.column.score", lang),
            t(f"{NAME}.column.contribution", lang),
        ],
        "rows": rows,
    }

    overall = i18n.format_percent(result["overall"], lang)
    best = max(components, key=lambda c: c["score"])
    worst = min(components, key=lambda c: c["score"])
    if best["score"] - worst["score"] < 1e-12:
        summary = t(
            f"{NAME}.summary.even",
            lang,
            overall=overall,
            score=i18n.format_percent(best["score"], lang),
        )
    else:
        summary = t(
            f"{NAME}.summary",
            lang,
            overall=overall,
            best=f"{best['id']}. {q.component(best['id']).name[lang]}",
            best_score=i18n.format_percent(best["score"], lang),
            worst=f"{worst['id']}. {q.component(worst['id']).name[lang]}",
            worst_score=i18n.format_percent(worst["score"], lang),
        )

    by_id = {i["id"]: i for i in result["items"]}
    improvements = [
        t(
            f"{NAME}.improvement",
            lang,
            code=q.item(item_id).code,  # type: ignore[union-attr]
            question=q.item(item_id).question[lang],  # type: ignore[union-attr]
            points=i18n.format_number(by_id[item_id]["gain"] * 100, lang, max_decimals=1),
        )
        for item_id in result["improvements"]
    ]

    answer_rows = []
    for item in q.items:
        picked = by_id[item.id]["answer"]
        if item.kind == "share":
            answer: dict[str, Any] = (
                _percent(picked)
                if isinstance(picked, float)
                else {"kind": "text", "value": t(f"{NAME}.not_measured", lang)}
            )
        else:
            option = item.option(str(picked))
            answer = {"kind": "text", "value": option.label[lang] if option else str(picked)}
        answer_rows.append(
            {
                "label": f"{item.code} {item.question[lang]}",
                "cells": [answer, _percent(by_id[item.id]["score"])],
                "emphasis": False,
            }
        )
    answers = {
        "caption": t(f"{NAME}.answers.caption", lang),
        "columns": [
            t(f"{NAME}.column.question", lang),
            t(f"{NAME}.column.answer", lang),
            t(f"{NAME}.column.item_score", lang),
        ],
        "rows": answer_rows,
    }

    notes = [t(f"{NAME}.note.weights", lang)]
    if result["unknown"]:
        notes.append(t(f"{NAME}.note.unknown", lang, count=result["unknown"]))
    if result["weights_rescaled"]:
        notes.append(
            t(
                f"{NAME}.note.rescaled",
                lang,
                sum=i18n.format_percent(result["weights_sum"], lang, max_decimals=2),
            )
        )
    return {
        "summary": summary,
        "tables": [table],
        "improvements_title": t(f"{NAME}.improvements.title", lang),
        "improvements": improvements,
        "answers": answers,
        "notes": notes,
    }


def assess_form(payload: Any, lang: str) -> dict[str, Any]:
    """The browser's entry point: the form as typed, in, the result and its view, out."""
    if not isinstance(payload, Mapping):
        payload = {}
    kwargs, issues = engine.parse_form(payload, lang)
    if issues:
        return {"ok": False, "errors": engine.localize([i.to_json() for i in issues], lang)}
    result = engine.assess(**kwargs)
    if not result["ok"]:
        return {"ok": False, "errors": engine.localize(result["errors"], lang)}
    return {"ok": True, "result": result, "view": view(result, lang)}


API = {ENDPOINT: assess_form}


# ---------------------------------------------------------------------- static HTML


def _form_values(values: Mapping[str, Any] | None, lang: str) -> dict[str, str]:
    """Typed inputs (as for :func:`compute`) written as the form's initial text in ``lang``."""
    values = values or {}
    answers = dict(values.get("answers") or {})
    weights = engine.default_weights() | dict(values.get("weights") or {})
    form: dict[str, str] = {}
    for item in engine.questionnaire().items:
        picked = answers.get(item.id)
        if item.kind == "choice":
            form[item.id] = str(picked) if picked is not None else item.options[0].id
        elif picked is None:
            form[item.id] = ""
        else:
            form[item.id] = i18n.format_number(float(picked) * 100, lang, max_decimals=4)
    for component_id, weight in weights.items():
        form[f"w_{component_id}"] = i18n.format_number(float(weight) * 100, lang, max_decimals=2)
    form["normalise"] = "on" if values.get("normalise") else ""
    return form


def _question_html(item: engine.Item, form: Mapping[str, str], lang: str) -> str:
    base = f"{BASE}-{item.id}"
    help_html = f'<p class="gpp-field__help" id="{base}-help">{escape(item.help[lang])}</p>'
    error = f'<p class="gpp-field__error" id="{base}-error" hidden></p>'
    code = f'<span class="gpp-question__code">{item.code}</span> '
    if item.kind == "share":
        unit = escape(i18n.translate(f"{NAME}.unit.percent", lang))
        value = escape(form[item.id])
        return (
            f'<div class="gpp-field gpp-field--rate gpp-question" data-field="{item.id}">'
            f'<label for="{base}">{code}{escape(item.question[lang])} '
            f'<span class="gpp-field__unit">({unit})</span></label>'
            f'<input id="{base}" name="{item.id}" type="text" inputmode="decimal" '
            f'autocomplete="off" value="{value}" aria-describedby="{base}-help {base}-error">'
            f"{help_html}{error}</div>"
        )
    choices = "".join(
        f'<div class="gpp-choice"><input type="radio" id="{base}-{o.id}" name="{item.id}" '
        f'value="{o.id}"{" checked" if o.id == form[item.id] else ""}>'
        f'<label for="{base}-{o.id}">{escape(o.label[lang])}</label></div>'
        for o in item.options
    )
    return (
        f'<fieldset class="gpp-question" data-field="{item.id}" '
        f'aria-describedby="{base}-help {base}-error">'
        f"<legend>{code}{escape(item.question[lang])}</legend>"
        f'{help_html}<div class="gpp-choices">{choices}</div>{error}</fieldset>'
    )


def _weights_html(form: Mapping[str, str], lang: str) -> str:
    t = i18n.translate
    q = engine.questionnaire()
    unit = escape(t(f"{NAME}.unit.percent", lang))
    inputs = "".join(
        f'<div class="gpp-field gpp-field--rate" data-field="w_{c.id}">'
        f'<label for="{BASE}-w_{c.id}">{c.id}. {escape(c.name[lang])} '
        f'<span class="gpp-field__unit">({unit})</span></label>'
        f'<input id="{BASE}-w_{c.id}" name="w_{c.id}" type="text" inputmode="decimal" '
        f'autocomplete="off" value="{escape(form[f"w_{c.id}"])}" '
        f'aria-describedby="{BASE}-weights-help {BASE}-w_{c.id}-error {BASE}-weights-error">'
        f'<p class="gpp-field__error" id="{BASE}-w_{c.id}-error" hidden></p></div>'
        for c in q.components
    )
    checked = " checked" if form["normalise"] else ""
    return (
        f'<fieldset class="gpp-group gpp-weights" data-field="weights">'
        f"<legend>{escape(t(f'{NAME}.weights.legend', lang))}</legend>"
        f'<p class="gpp-field__help" id="{BASE}-weights-help">'
        f"{escape(t(f'{NAME}.weights.help', lang))}</p>"
        f'<div class="gpp-weights__grid">{inputs}</div>'
        f'<div class="gpp-check"><input type="checkbox" id="{BASE}-normalise" name="normalise" '
        f'value="on"{checked}><label for="{BASE}-normalise">'
        f"{escape(t(f'{NAME}.normalise', lang))}</label></div>"
        f'<p class="gpp-field__error" id="{BASE}-weights-error" hidden></p></fieldset>'
    )


def render_view_html(view_data: Mapping[str, Any], lang: str) -> str:
    """The result's tables, possible improvements and notes (what the widget redraws)."""
    from gpp_core.monitoring_html import list_html, table_html

    parts = [table_html(table, lang) for table in view_data["tables"]]
    parts.append(
        list_html(view_data["improvements_title"], view_data["improvements"], "gpp-improvements")
    )
    notes = "".join(f"<li>{escape(n)}</li>" for n in view_data["notes"])
    parts.append(f'<ul class="gpp-notes">{notes}</ul>')
    return "".join(parts)


def render_html(lang: str, values: Mapping[str, Any] | None = None) -> str:
    """The questionnaire (initial answers: ``values`` as for :func:`compute`, or all
    "Not known") and the result of those answers; enhanced by ``widgets/sdg1271.js``."""
    from gpp_core.monitoring_html import config_script, result_section, table_html

    t = i18n.translate
    q = engine.questionnaire()
    form = _form_values(values, lang)
    answer = assess_form(form, lang)
    if not answer["ok"]:
        raise ValueError(f"initial answers of {NAME} are invalid: {answer['errors']}")
    parts = [f'<p class="gpp-form__note">{escape(t(f"{NAME}.weights.unconfirmed", lang))}</p>']
    for component in q.components:
        questions = "".join(_question_html(item, form, lang) for item in component.items)
        parts.append(
            f'<fieldset class="gpp-group gpp-component" id="{BASE}-part-{component.id}">'
            f"<legend>{component.id}. {escape(component.name[lang])}</legend>"
            f'<p class="gpp-component__intro">{escape(component.intro[lang])}</p>'
            f"{questions}</fieldset>"
        )
    parts.append(_weights_html(form, lang))
    form_html = f'<form class="gpp-form gpp-questionnaire" novalidate>{"".join(parts)}</form>'
    view_data = answer["view"]
    print_title = escape(t(f"{NAME}.print.title", lang))
    extra = (
        f'<div class="gpp-answers gpp-print-only">{table_html(view_data["answers"], lang)}</div>'
        f'<p class="gpp-actions"><button type="button" class="gpp-button gpp-print" hidden>'
        f"{escape(t(f'{NAME}.print', lang))}</button></p>"
    )
    result = result_section(lang, view_data["summary"], render_view_html(view_data, lang), extra)
    result = result.replace(
        '<p class="gpp-result__title">',
        f'<p class="gpp-print-only gpp-print-title">{print_title}'
        f' <span class="gpp-print-date"></span></p><p class="gpp-result__title">',
        1,
    )
    strings = {key: t(key, lang) for key in (f"{NAME}.print.date",)}
    return (
        f'<div class="gpp-calc gpp-sdg" id="{BASE}" data-gpp-calculator="{NAME}" '
        f'data-gpp-widget="sdg1271" data-gpp-lang="{lang}">'
        f"{form_html}{result}{config_script(NAME, ENDPOINT, lang, strings)}</div>"
    )


def localize_errors(errors: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Errors of :func:`compute` with their message in ``lang`` (for the command line)."""
    return engine.localize(errors, lang)


def describe(lang: str) -> dict[str, Any]:
    """The questionnaire's inputs with labels, help and answer options in ``lang``."""
    t = i18n.translate
    q = engine.questionnaire()
    fields: list[dict[str, Any]] = []
    for item in q.items:
        fields.append(
            {
                "name": item.id,
                "kind": "choice" if item.kind == "choice" else "rate",
                "unit": "" if item.kind == "choice" else "1",
                "group": item.component,
                "choices": [o.id for o in item.options],
                "choice_labels": {o.id: o.label[lang] for o in item.options},
                "scores": {o.id: o.score for o in item.options},
                "default": item.options[0].id if item.options else None,
                "label": f"{item.code} {item.question[lang]}",
                "help": item.help[lang],
            }
        )
    for component_id, weight in engine.default_weights().items():
        fields.append(
            {
                "name": f"w_{component_id}",
                "kind": "rate",
                "unit": "1",
                "group": "weights",
                "minimum": 0.0,
                "maximum": 1.0,
                "default": weight,
                "label": f"{component_id}. {q.component(component_id).name[lang]}",
                "help": t(f"{NAME}.weights.help", lang),
            }
        )
    return {"name": NAME, "title": t(f"{NAME}.title", lang), "fields": fields}
