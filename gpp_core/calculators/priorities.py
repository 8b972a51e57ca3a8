"""Priority setting for an action plan (the browser tool and the command line).

The method is in :mod:`gpp_core.priorities`. This module is the calculator around it:

* ``compute(inputs)`` takes typed JSON (``gpp run priorities input.json``)::

      {"groups": [{"id": "vehicles", "name": "Vehicles",
                   "scores": {"spend": 4, "environmental_impact": 5, "social_risk": 2,
                              "market_availability": 4, "influence": 3}}, ...],
       "weights": {"spend": 0.25, ...}, "normalise": false, "spend_mode": "score"}

  (without ``groups``, the kit's default groups with their illustrative scores);
* ``API["priorities.rank"]`` takes the form as typed by the reader and answers
  ``{"ok": True, "result", "view", "csv"}`` or ``{"ok": False, "errors": [...]}``;
* ``render_html(lang, values)`` is the tool as a real HTML form with the ranking of its
  initial values (and CSV and JSON downloads of it), rendered at build time;
  ``calculators/static/widgets/priorities.js`` adds and removes groups and recomputes.

>>> ranking = compute({})["ranking"]
>>> ranking[0]["id"], round(ranking[0]["score"], 2)
('construction', 4.05)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from html import escape
from typing import Any
from urllib.parse import quote

from gpp_core import i18n
from gpp_core import priorities as engine
from gpp_core.calculator import Field

NAME = "priorities"
ENDPOINT = "priorities.rank"
BASE = f"gpp-{NAME}"

FIELDS: tuple[Field, ...] = (
    *(
        Field(f"w_{c.id}", "rate", c.weight, minimum=0.0, maximum=1.0, group="weights")
        for c in engine.catalogue().criteria
    ),
    Field("spend_mode", "choice", "score", choices=engine.SPEND_MODES, group="weights"),
    Field("normalise", "choice", "false", choices=("false", "true"), group="weights"),
)
_INPUTS = ("groups", "weights", "normalise", "spend_mode")


def _error(field: str, key: str, **params: Any) -> dict[str, Any]:
    return {
        "ok": False,
        "calculator": NAME,
        "errors": [{"field": field, "key": key, "params": params}],
    }


def compute(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Rank typed inputs (see the module docstring); never raises for bad input."""
    unknown = [name for name in inputs if name not in _INPUTS]
    if unknown:
        return _error(unknown[0], "error.unknown_field")
    if inputs.get("weights") is not None and not isinstance(inputs["weights"], Mapping):
        return _error("weights", "error.text")
    normalise = inputs.get("normalise", False)
    if not isinstance(normalise, bool):
        return _error("normalise", "error.choice", choices=["false", "true"])
    groups = inputs.get("groups")
    if groups is None:
        groups = engine.default_groups(i18n.DEFAULT_LANGUAGE)
    return engine.rank(
        groups,
        weights=inputs.get("weights"),
        normalise=normalise,
        spend_mode=str(inputs.get("spend_mode", "score")),
    )


def _number(value: float) -> dict[str, Any]:
    return {"kind": "number", "value": value}


def view(result: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Lay out a successful ranking for readers of ``lang``: summary, table, notes."""
    t = i18n.translate
    cat = engine.catalogue()
    ranking = result["ranking"]
    rows = [
        {
            "label": g["name"],
            "cells": [
                _number(g["rank"]),
                _number(g["score"]),
                *(_number(g["scores"][c]) for c in result["criteria"]),
            ],
            "emphasis": g["rank"] <= 3,
        }
        for g in ranking
    ]
    table = {
        "caption": t(f"{NAME}.table.caption", lang),
        "columns": [
            t(f"{NAME}.column.group", lang),
            t(f"{NAME}.column.rank", lang),
            t(f"{NAME}.column.score", lang),
            *(cat.criterion(c).name[lang] for c in result["criteria"]),
        ],
        "rows": rows,
    }

    def score(g: Mapping[str, Any]) -> str:
        return i18n.format_number(g["score"], lang)

    first = ranking[0]
    if len(ranking) == 1:
        summary = t(f"{NAME}.summary.one", lang, first=first["name"], score=score(first))
    elif len(ranking) == 2:
        summary = t(
            f"{NAME}.summary.two",
            lang,
            first=first["name"],
            score=score(first),
            second=ranking[1]["name"],
            second_score=score(ranking[1]),
        )
    else:
        summary = t(
            f"{NAME}.summary.many",
            lang,
            first=first["name"],
            score=score(first),
            second=ranking[1]["name"],
            second_score=score(ranking[1]),
            third=ranking[2]["name"],
            third_score=score(ranking[2]),
        )

    weights = t(f"{NAME}.list_separator", lang).join(
        f"{cat.criterion(c).name[lang]} {i18n.format_percent(w, lang)}"
        for c, w in result["weights"].items()
    )
    notes = [t(f"{NAME}.note.method", lang), t(f"{NAME}.note.weights", lang, weights=weights)]
    if result["weights_rescaled"]:
        notes.append(
            t(
                f"{NAME}.note.rescaled",
                lang,
                sum=i18n.format_percent(result["weights_sum"], lang, max_decimals=2),
            )
        )
    if result["spend_mode"] == "amount":
        largest = max(g["spend_amount"] for g in ranking)
        notes.append(t(f"{NAME}.note.amount", lang, largest=i18n.format_number(largest, lang)))
    illustrative = sum(
        1
        for g in ranking
        if (default := cat.group(g["id"])) is not None
        and result["spend_mode"] == "score"
        and all(abs(default.scores[c] - g["scores"][c]) < 1e-12 for c in result["criteria"])
    )
    if illustrative:
        notes.append(t(f"{NAME}.note.illustrative", lang, count=illustrative))
    return {"summary": summary, "tables": [table], "notes": notes}


def export_json(result: Mapping[str, Any]) -> str:
    """The result as the JSON file offered for download (format ``gpp-priorities/1``)."""
    keys = ("format", "spend_mode", "criteria", "weights", "weights_rescaled", "ranking")
    return json.dumps({k: result[k] for k in keys}, ensure_ascii=False, indent=2) + "\n"


def rank_form(payload: Any, lang: str) -> dict[str, Any]:
    """The browser's entry point: the form as typed, in; the ranking, its view and its
    CSV and JSON exports, out."""
    if not isinstance(payload, Mapping):
        payload = {}
    kwargs, issues = engine.parse_form(payload, lang)
    if issues:
        return {"ok": False, "errors": engine.localize([i.to_json() for i in issues], lang)}
    result = engine.rank(**kwargs)
    if not result["ok"]:
        return {"ok": False, "errors": engine.localize(result["errors"], lang)}
    return {
        "ok": True,
        "result": result,
        "view": view(result, lang),
        "csv": engine.to_csv(result),
        "json": export_json(result),
    }


API = {ENDPOINT: rank_form}


# ---------------------------------------------------------------------- static HTML


def _initial(values: Mapping[str, Any] | None, lang: str) -> dict[str, Any]:
    """Typed inputs (as for :func:`compute`) written as the form's initial text."""
    values = values or {}
    weights = engine.default_weights() | dict(values.get("weights") or {})
    groups = values.get("groups") or engine.default_groups(lang)
    form: dict[str, Any] = {
        f"w_{c}": i18n.format_number(w * 100, lang, max_decimals=2) for c, w in weights.items()
    }
    form["spend_mode"] = str(values.get("spend_mode", "score"))
    form["normalise"] = "on" if values.get("normalise") else ""
    form["groups"] = [
        {
            "id": g.get("id", ""),
            "name": g["name"],
            **{
                c: i18n.format_number(v, lang, max_decimals=6)
                for c, v in dict(g.get("scores", {})).items()
            },
        }
        for g in groups
    ]
    return form


def _column_head(criterion: engine.Criterion, spend_mode: str, lang: str) -> str:
    if criterion.id == "spend" and spend_mode == "amount":
        return i18n.translate(f"{NAME}.head.amount", lang, name=criterion.name[lang])
    return i18n.translate(f"{NAME}.head.score", lang, name=criterion.name[lang])


def row_html(index: int, group: Mapping[str, Any], lang: str) -> str:
    """One editable row of the scores table (``index`` makes the ids unique)."""
    t = i18n.translate
    cat = engine.catalogue()
    name = str(group.get("name", ""))
    uid = f"{BASE}-g{index}"
    group_column = escape(t(f"{NAME}.column.group", lang))
    cells = [
        f'<td class="gpp-cell" data-criterion="name" data-label="{group_column}">'
        f'<label class="gpp-visually-hidden" for="{uid}-name">'
        f"{escape(t(f'{NAME}.name_label', lang, n=index + 1))}</label>"
        f'<input id="{uid}-name" name="name" type="text" maxlength="{engine.MAX_NAME}" '
        f'autocomplete="off" value="{escape(name)}" aria-describedby="{uid}-name-error">'
        f'<input type="hidden" name="id" value="{escape(str(group.get("id", "")))}">'
        f'<p class="gpp-field__error" id="{uid}-name-error" hidden></p></td>'
    ]
    for c in cat.criteria:
        value = escape(str(group.get(c.id, "")))
        label = escape(t(f"{NAME}.cell_label", lang, criterion=c.name[lang], group=name))
        cells.append(
            f'<td class="gpp-cell" data-criterion="{c.id}" data-label="{escape(c.name[lang])}">'
            f'<label class="gpp-visually-hidden gpp-cell-label" for="{uid}-{c.id}">{label}</label>'
            f'<input id="{uid}-{c.id}" name="{c.id}" type="text" inputmode="decimal" '
            f'autocomplete="off" value="{value}" aria-describedby="{uid}-{c.id}-error">'
            f'<p class="gpp-field__error" id="{uid}-{c.id}-error" hidden></p></td>'
        )
    remove = escape(t(f"{NAME}.remove", lang))
    cells.append(
        f'<td class="gpp-cell gpp-cell--action"><button type="button" '
        f'class="gpp-button gpp-button--small gpp-remove" hidden>{remove}'
        f'<span class="gpp-visually-hidden gpp-remove-name">: {escape(name)}</span></button></td>'
    )
    return f'<tr class="gpp-group-row">{"".join(cells)}</tr>'


def _form_html(form: Mapping[str, Any], lang: str) -> str:
    t = i18n.translate
    cat = engine.catalogue()
    unit = escape(t(f"{NAME}.unit.percent", lang))
    weights = "".join(
        f'<div class="gpp-field gpp-field--rate" data-field="w_{c.id}">'
        f'<label for="{BASE}-w_{c.id}">{escape(c.name[lang])} '
        f'<span class="gpp-field__unit">({unit})</span></label>'
        f'<input id="{BASE}-w_{c.id}" name="w_{c.id}" type="text" inputmode="decimal" '
        f'autocomplete="off" value="{escape(form[f"w_{c.id}"])}" '
        f'aria-describedby="{BASE}-w_{c.id}-help {BASE}-w_{c.id}-error {BASE}-weights-error">'
        f'<p class="gpp-field__help" id="{BASE}-w_{c.id}-help">{escape(c.help[lang])} '
        f"({escape(c.low[lang])}; {escape(c.high[lang])})</p>"
        f'<p class="gpp-field__error" id="{BASE}-w_{c.id}-error" hidden></p></div>'
        for c in cat.criteria
    )
    checked = " checked" if form["normalise"] else ""
    modes = "".join(
        f'<option value="{m}"{" selected" if m == form["spend_mode"] else ""}>'
        f"{escape(t(f'{NAME}.spend_mode.{m}', lang))}</option>"
        for m in engine.SPEND_MODES
    )
    weights_html = (
        f'<fieldset class="gpp-group gpp-weights" data-field="weights">'
        f"<legend>{escape(t(f'{NAME}.weights.legend', lang))}</legend>"
        f'<p class="gpp-field__help">{escape(t(f"{NAME}.weights.help", lang))}</p>'
        f'<div class="gpp-weights__grid">{weights}</div>'
        f'<div class="gpp-check"><input type="checkbox" id="{BASE}-normalise" name="normalise" '
        f'value="on"{checked}><label for="{BASE}-normalise">'
        f"{escape(t(f'{NAME}.normalise', lang))}</label></div>"
        f'<p class="gpp-field__error" id="{BASE}-weights-error" hidden></p>'
        f'<div class="gpp-field gpp-field--choice" data-field="spend_mode">'
        f'<label for="{BASE}-spend_mode">{escape(t(f"{NAME}.spend_mode.label", lang))}</label>'
        f'<select id="{BASE}-spend_mode" name="spend_mode" '
        f'aria-describedby="{BASE}-spend_mode-help {BASE}-spend_mode-error">{modes}</select>'
        f'<p class="gpp-field__help" id="{BASE}-spend_mode-help">'
        f"{escape(t(f'{NAME}.spend_mode.help', lang))}</p>"
        f'<p class="gpp-field__error" id="{BASE}-spend_mode-error" hidden></p></div>'
        f"</fieldset>"
    )
    heads = "".join(
        f'<th scope="col" data-criterion="{c.id}">'
        f"{escape(_column_head(c, form['spend_mode'], lang))}</th>"
        for c in cat.criteria
    )
    rows = "".join(row_html(i, g, lang) for i, g in enumerate(form["groups"]))
    caption = escape(t(f"{NAME}.scores.caption", lang))
    actions = escape(t(f"{NAME}.column.actions", lang))
    table = (
        f'<fieldset class="gpp-group gpp-groups" data-field="groups">'
        f"<legend>{escape(t(f'{NAME}.groups.legend', lang))}</legend>"
        f'<p class="gpp-field__help">{escape(t(f"{NAME}.groups.help", lang))}</p>'
        f'<div class="gpp-table-wrap" tabindex="0" role="region" aria-label="{caption}">'
        f'<table class="gpp-table gpp-score-table"><caption>{caption}</caption>'
        f'<thead><tr><th scope="col">{escape(t(f"{NAME}.column.group", lang))}</th>{heads}'
        f'<th scope="col"><span class="gpp-visually-hidden">{actions}</span></th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
        f'<p class="gpp-field__error" id="{BASE}-groups-error" hidden></p>'
        f'<p class="gpp-actions"><button type="button" class="gpp-button gpp-add" hidden>'
        f"{escape(t(f'{NAME}.add', lang))}</button></p></fieldset>"
    )
    return f'<form class="gpp-form gpp-priorities-form" novalidate>{weights_html}{table}</form>'


def downloads_html(csv_text: str, json_text: str, lang: str) -> str:
    """Download links for the ranking (data: URLs: they work without JavaScript)."""
    t = i18n.translate
    csv_url = "data:text/csv;charset=utf-8," + quote(csv_text, safe="")
    json_url = "data:application/json;charset=utf-8," + quote(json_text, safe="")
    return (
        f'<p class="gpp-actions gpp-downloads">'
        f'<a class="gpp-button gpp-download-csv" download="priorities.csv" href="{csv_url}">'
        f"{escape(t(f'{NAME}.download.csv', lang))}</a> "
        f'<a class="gpp-button gpp-download-json" download="priorities.json" href="{json_url}">'
        f"{escape(t(f'{NAME}.download.json', lang))}</a></p>"
    )


def render_view_html(view_data: Mapping[str, Any], lang: str) -> str:
    from gpp_core.monitoring_html import table_html

    notes = "".join(f"<li>{escape(n)}</li>" for n in view_data["notes"])
    tables = "".join(table_html(table, lang) for table in view_data["tables"])
    return f'{tables}<ul class="gpp-notes">{notes}</ul>'


def render_html(lang: str, values: Mapping[str, Any] | None = None) -> str:
    """The tool (initial values: ``values`` as for :func:`compute`, or the default groups
    with their illustrative scores) and the ranking of those values."""
    from gpp_core.monitoring_html import config_script, result_section

    t = i18n.translate
    form = _initial(values, lang)
    answer = rank_form(form, lang)
    if not answer["ok"]:
        raise ValueError(f"initial values of {NAME} are invalid: {answer['errors']}")
    note = f'<p class="gpp-form__note">{escape(t(f"{NAME}.illustrative", lang))}</p>'
    view_data = answer["view"]
    result = result_section(
        lang,
        view_data["summary"],
        render_view_html(view_data, lang),
        downloads_html(answer["csv"], answer["json"], lang),
    )
    cat = engine.catalogue()
    strings = {
        f"{NAME}.name_label": t(f"{NAME}.name_label", lang),
        f"{NAME}.cell_label": t(f"{NAME}.cell_label", lang),
        f"{NAME}.new_group": t(f"{NAME}.new_group", lang),
        f"{NAME}.added": t(f"{NAME}.added", lang),
        f"{NAME}.removed": t(f"{NAME}.removed", lang),
        **{
            f"{NAME}.head.{c.id}.{mode}": _column_head(c, mode, lang)
            for c in cat.criteria
            for mode in engine.SPEND_MODES
        },
        **{f"{NAME}.criterion.{c.id}": c.name[lang] for c in cat.criteria},
    }
    return (
        f'<div class="gpp-calc gpp-prio" id="{BASE}" data-gpp-calculator="{NAME}" '
        f'data-gpp-widget="priorities" data-gpp-lang="{lang}">'
        f"{note}{_form_html(form, lang)}{result}{config_script(NAME, ENDPOINT, lang, strings)}"
        f"</div>"
    )


def localize_errors(errors: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Errors of :func:`compute` with their message in ``lang`` (for the command line)."""
    return engine.localize(errors, lang)


def describe(lang: str) -> dict[str, Any]:
    """The tool's inputs in ``lang``: the weights, the spend mode, and the criteria that
    every group is scored on (with the default groups and their illustrative scores)."""
    t = i18n.translate
    cat = engine.catalogue()
    fields: list[dict[str, Any]] = [
        {
            "name": f"w_{c.id}",
            "kind": "rate",
            "unit": "1",
            "group": "weights",
            "minimum": 0.0,
            "maximum": 1.0,
            "default": c.weight,
            "label": c.name[lang],
            "help": f"{c.help[lang]} ({c.low[lang]}; {c.high[lang]})",
        }
        for c in cat.criteria
    ]
    fields.append(
        {
            "name": "spend_mode",
            "kind": "choice",
            "group": "weights",
            "choices": list(engine.SPEND_MODES),
            "choice_labels": {m: t(f"{NAME}.spend_mode.{m}", lang) for m in engine.SPEND_MODES},
            "default": "score",
            "label": t(f"{NAME}.spend_mode.label", lang),
            "help": t(f"{NAME}.spend_mode.help", lang),
        }
    )
    return {
        "name": NAME,
        "title": t(f"{NAME}.title", lang),
        "fields": fields,
        "criteria": list(cat.ids),
        "default_groups": engine.default_groups(lang),
        "format": engine.FORMAT,
    }
