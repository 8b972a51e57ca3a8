"""Static HTML of the life-cycle cost widget, and the layout its browser side draws.

:func:`render_html` is the prerender of ``<div data-gpp-calculator="lcc"></div>``: the
whole form (country, template, the buyer's parameters with their sources and "to be
confirmed" marks, every option's inputs) and the result for the default scenario
(summary sentence, tables), rendered at build time by CPython, so the page is useful
before any script runs or with JavaScript off. ``calculators/static/widgets/lcc.js``
enhances that markup in place (adding and removing options, charts, exports, share
links) and re-renders the result from :func:`widget_answer`, which the browser reaches
through the API endpoint ``lcc.widget``. Both sides lay out the same structure, so the
page never changes its numbers when the script takes over.

Field names are dotted scenario paths (``buyer.discount_rate``,
``options.1.purchase_price``): what the form sends is a scenario whose values are the
text the reader typed, which :func:`gpp_core.calculators.lcc.read_scenario` reads in
the reader's language. Every figure comes from :mod:`gpp_core.lcc`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from gpp_core import i18n
from gpp_core.calculators import lcc as calc
from gpp_core.html import render_view
from gpp_core.web import ui_strings

__all__ = ["DEFAULT_COUNTRY", "DEFAULT_TEMPLATE", "layout", "render_html", "widget_answer"]

DEFAULT_COUNTRY = "pe"
DEFAULT_TEMPLATE = "led-indoor"
PREFIX = "lcc-widget."
BUYER_GROUPS = ("general", "finance", "prices", "externalities", "sensitivity")
OPTION_GROUPS_OPEN = ("acquisition", "operation")
OPTION_GROUPS_MORE = ("benefits", "emissions")
_NUMERIC_MODE = {"integer": "numeric", "number": "decimal", "rate": "decimal"}


def _t(key: str, lang: str, **params: Any) -> str:
    return i18n.translate(PREFIX + key, lang, **params)


def _e(key: str, lang: str, **params: Any) -> str:
    """:func:`_t`, escaped for HTML."""
    return escape(_t(key, lang, **params))


def _strings(lang: str) -> dict[str, str]:
    """Every string the browser side needs: the runtime's and this widget's own."""
    keys = [k for k in i18n.catalogue(i18n.DEFAULT_LANGUAGE)["messages"] if k.startswith(PREFIX)]
    return {**ui_strings(lang), **{k: i18n.translate(k, lang) for k in keys}}


# --------------------------------------------------------------------------- layout


def _table(
    caption: str, columns: list[str], rows: list[dict[str, Any]], key: str
) -> dict[str, Any]:
    return {"key": key, "caption": caption, "columns": columns, "rows": rows}


def _money_cell(value: float | None) -> dict[str, Any]:
    return {"kind": "empty"} if value is None else {"kind": "money", "value": value}


def layout(
    scenario: Mapping[str, Any], result: Mapping[str, Any], view: Mapping[str, Any], lang: str
) -> dict[str, Any]:
    """What the widget shows for a result: sentences, tables and chart data.

    The engine's view (:func:`gpp_core.calculators.lcc.view`) gives the summary, the
    results, comparison and scenario tables and the chart titles; this adds the tables
    that hold each chart's numbers (the charts' text alternatives: tornado, sweeps,
    cumulative cost by year) and the series the charts draw. Nothing is computed here:
    numbers are picked from ``result``.
    """
    names: list[str] = list(view["option_names"])
    options = result["options"]
    sensitivity = result["sensitivity"]
    share = i18n.format_percent(sensitivity["range"], lang)
    focus = int(sensitivity["focus"])
    with_ext = result["rank_by"] == "lcc_with_externalities"
    cumulative_key = (
        "cumulative_discounted_cost_with_externalities"
        if with_ext
        else "cumulative_discounted_cost"
    )
    charts = view["charts"]
    tables = [
        dict(table, key=key)
        for table, key in zip(view["tables"], ("results", "comparison", "scenarios"), strict=False)
    ]

    # Tornado: net savings of the focus option against the baseline at each end.
    low_label = _t("tornado.low", lang, range=share)
    high_label = _t("tornado.high", lang, range=share)
    tornado_rows = [
        {
            "label": _t("tornado.base", lang),
            "cells": [_money_cell(sensitivity["base_net_savings"])] * 2,
            "emphasis": True,
        }
    ]
    chart_rows = []
    for item in sensitivity["tornado"]:
        label = view["tornado_labels"].get(item["input"], item["input"])
        tornado_rows.append(
            {
                "label": label,
                "cells": [
                    _money_cell(item["low"]["net_savings"]),
                    _money_cell(item["high"]["net_savings"]),
                ],
                "emphasis": False,
            }
        )
        chart_rows.append(
            {"label": label, "low": item["low"]["net_savings"], "high": item["high"]["net_savings"]}
        )
    tornado_caption = _t(
        "tornado.caption", lang, option=names[focus], baseline=names[0], range=share
    )
    sensitivity_tables = [
        _table(tornado_caption, ["", low_label, high_label], tornado_rows, "tornado"),
        _table(
            charts["sweep_discount_rate"]["title"],
            ["", *names],
            [
                {
                    "label": i18n.format_percent(point["value"], lang, max_decimals=2),
                    "cells": [_money_cell(v) for v in point["measures"]],
                    "emphasis": False,
                }
                for point in sensitivity["sweeps"]["discount_rate"]
            ],
            "sweep_discount_rate",
        ),
        _table(
            charts["sweep_carbon_price"]["title"],
            ["", *names],
            [
                {
                    "label": i18n.format_money(
                        point["value"], result["externality_currency"], lang
                    ),
                    "cells": [_money_cell(v) for v in point["measures"]],
                    "emphasis": False,
                }
                for point in sensitivity["sweeps"]["carbon_price"]
            ],
            "sweep_carbon_price",
        ),
    ]
    years = list(range(int(result["period"]) + 1))
    yearly_table = _table(
        charts["cumulative"]["title"],
        ["", *names],
        [
            {
                "label": _t(
                    "year",
                    lang,
                    year=year,
                    calendar=int(scenario["buyer"]["start_year"]) + year - 1,
                )
                if year
                else _t("year_zero", lang),
                "cells": [_money_cell(o["yearly"][cumulative_key][year]) for o in options],
                "emphasis": False,
            }
            for year in years
        ],
        "yearly",
    )
    categories = [
        c
        for c in view["categories"]
        if (c["key"] in ("carbon", "pollutants") and with_ext)
        or c["key"] not in ("carbon", "pollutants")
    ]
    categories = [c for c in categories if any(o["pv"][c["key"]] for o in options)]
    return {
        "currency": view["currency"],
        "externality_currency": view["externality_currency"],
        "summary": view["summary"],
        "sensitivity_summary": view["sensitivity_summary"],
        "notes": list(view["notes"]),
        "tables": tables,
        "sensitivity_tables": sensitivity_tables,
        "yearly_table": yearly_table,
        "charts": {
            "cumulative": {
                "title": charts["cumulative"]["title"],
                "table": yearly_table["caption"],
                "x_label": charts["cumulative"]["x_label"],
                "y_label": charts["cumulative"]["y_label"],
                "years": years,
                "series": [
                    {"name": name, "values": o["yearly"][cumulative_key]}
                    for name, o in zip(names, options, strict=True)
                ],
            },
            "breakdown": {
                "title": charts["breakdown"]["title"],
                "table": tables[0]["caption"],
                "y_label": charts["breakdown"]["y_label"],
                "options": names,
                "categories": [
                    {"label": c["label"], "values": [o["pv"][c["key"]] for o in options]}
                    for c in categories
                ],
            },
            "tornado": {
                "title": charts["tornado"]["title"],
                "table": tornado_caption,
                "x_label": charts["tornado"]["x_label"],
                "low_label": low_label,
                "high_label": high_label,
                "base": sensitivity["base_net_savings"],
                "rows": chart_rows,
            },
        },
    }


def widget_answer(payload: Any, lang: str) -> dict[str, Any]:
    """Evaluate a scenario (numbers, or text as typed in ``lang``) for the widget.

    ``{"ok": True, "scenario": complete scenario, "widget": layout}`` or the engine's
    ``{"ok": False, "errors": [...]}`` with messages in ``lang``.
    """
    answer = calc.api_evaluate(payload, lang)
    if not answer["ok"]:
        return answer
    widget = layout(answer["scenario"], answer["result"], answer["view"], lang)
    return {"ok": True, "scenario": answer["scenario"], "widget": widget}


# --------------------------------------------------------------------------- form


def _control_id(path: str) -> str:
    return "gpp-lcc-" + path.replace(".", "-").replace("_", "-")


def _fill_units(text: str, currency: str, externality_currency: str) -> str:
    return text.replace("{currency}", currency).replace(
        "{externality_currency}", externality_currency
    )


def _source_html(provenance: Mapping[str, Any] | None, lang: str) -> str:
    """Where a pre-filled value comes from, with the "to be confirmed" mark."""
    if not provenance:
        return ""
    parts = []
    source = provenance.get("source")
    if source and source.get("title"):
        parts.append(_e("source", lang, title=source["title"]))
    elif provenance.get("illustrative"):
        parts.append(_e("illustrative", lang))
    else:
        parts.append(_e("no_source", lang))
    if provenance.get("valid_from"):
        parts.append(_e("valid_from", lang, date=provenance["valid_from"]))
    text = "; ".join(parts) + "."
    if provenance.get("to_be_confirmed"):
        text += f' <span class="gpp-lcc-tbc">{_e("tbc", lang)}</span>'
    return text


def _is_blank(text: str) -> bool:
    """An input left empty, at zero or at "none": left out of the printed report.

    >>> [_is_blank(t) for t in ("", "0", "0,0", "none", "12", "0.5")]
    [True, True, True, True, False, False]
    """
    text = text.strip()
    return not text or text == "none" or all(c in "0.,\u00a0 " for c in text)


def _field_html(
    meta: Mapping[str, Any],
    path: str,
    value: str,
    units: tuple[str, str],
    *,
    source: str | None = None,
) -> str:
    base = _control_id(path)
    described = (
        [f"{base}-help"] + ([f"{base}-source"] if source is not None else []) + [f"{base}-error"]
    )
    unit = ""
    if meta["unit_text"]:
        unit = (
            f' <span class="gpp-field__unit" data-unit-text="{escape(meta["unit_text"])}">'
            f"({escape(_fill_units(meta['unit_text'], *units))})</span>"
        )
    label = f'<label for="{base}">{escape(meta["label"])}{unit}</label>'
    attributes = f'id="{base}" name="{escape(path)}" aria-describedby="{" ".join(described)}"'
    if meta["kind"] == "choice":
        options = "".join(
            f'<option value="{escape(c["value"])}"{" selected" if c["value"] == value else ""}>'
            f"{escape(c['label'])}</option>"
            for c in meta["choices"]
        )
        control = f"<select {attributes}>{options}</select>"
    else:
        mode = _NUMERIC_MODE.get(meta["kind"])
        extra = f' inputmode="{mode}"' if mode else ' maxlength="60"'
        required = ' aria-required="true"' if meta.get("required") else ""
        control = (
            f'<input {attributes} type="text"{extra}{required} autocomplete="off" '
            f'value="{escape(value)}">'
        )
    source_html = ""
    if source is not None:
        hidden = "" if source else " hidden"
        source_html = f'<p class="gpp-field__source" id="{base}-source"{hidden}>{source}</p>'
    zero = " gpp-lcc-zero" if _is_blank(value) else ""
    return (
        f'<div class="gpp-field gpp-field--{meta["kind"]}{zero}" data-field="{escape(path)}">'
        f"{label}{control}"
        f'<p class="gpp-field__help" id="{base}-help">{escape(meta["help"])}</p>'
        f"{source_html}"
        f'<p class="gpp-field__error" id="{base}-error" hidden></p></div>'
    )


def _choice_meta(
    name: str, label: str, help_text: str, choices: list[tuple[str, str]]
) -> dict[str, Any]:
    return {
        "name": name,
        "kind": "choice",
        "unit_text": "",
        "label": label,
        "help": help_text,
        "choices": [{"value": v, "label": text} for v, text in choices],
    }


def _context_html(info: Mapping[str, Any], scenario: Mapping[str, Any], lang: str) -> str:
    """Title, country, template and currency of the scenario."""
    title_meta = {
        "name": "title",
        "kind": "text",
        "unit_text": "",
        "label": _t("field.title.label", lang),
        "help": _t("field.title.help", lang),
    }
    country_meta = _choice_meta(
        "country",
        _t("field.country.label", lang),
        _t("field.country.help", lang),
        [(c["id"], c["name"]) for c in info["countries"]],
    )
    template_meta = _choice_meta(
        "template",
        _t("field.template.label", lang),
        _t("field.template.help", lang),
        [(t["id"], t["title"]) for t in info["templates"]] + [("", _t("template.none", lang))],
    )
    currency_meta = _choice_meta(
        "currency",
        _t("field.currency.label", lang),
        _t("field.currency.help", lang),
        [(c["code"], c["label"]) for c in info["currencies"]],
    )
    units = ("", "")
    description = next(
        (t["description"] for t in info["templates"] if t["id"] == scenario.get("template")), ""
    )
    hidden = "" if description else " hidden"
    return (
        f'<fieldset class="gpp-group gpp-lcc-context"><legend>{_e("context.legend", lang)}</legend>'
        + _field_html(country_meta, "country", scenario["country"], units)
        + _field_html(template_meta, "template", scenario.get("template") or "", units)
        + f'<p class="gpp-lcc-template-description gpp-lcc-subgroup"{hidden}>'
        f"{escape(description)}</p>"
        + _field_html(title_meta, "title", scenario.get("title", ""), units)
        + _field_html(currency_meta, "currency", scenario["currency"], units)
        + "</fieldset>"
    )


def _preset_html(info: Mapping[str, Any], lang: str) -> str:
    """The carbon and pollutant price references, applied by the script."""
    choices = [
        (p["id"], p["label"] + (f" ({_t('tbc', lang)})" if p["to_be_confirmed"] else ""))
        for p in (*info["carbon_presets"], *info["pollutant_presets"])
    ]
    meta = _choice_meta("preset", _t("preset.label", lang), _t("preset.help", lang), choices)
    field = _field_html(meta, "preset", "", ("", ""))
    button = (
        f'<button type="button" class="gpp-lcc-button gpp-lcc-apply-preset">'
        f"{_e('preset.apply', lang)}</button>"
    )
    return f'<div class="gpp-lcc-preset" data-gpp-js-only hidden>{field}{button}</div>'


def _buyer_html(
    info: Mapping[str, Any],
    form: Mapping[str, Any],
    provenance: Mapping[str, Any],
    units: tuple[str, str],
    lang: str,
) -> str:
    fields: dict[str, list[str]] = {g: [] for g in BUYER_GROUPS}
    for meta in info["buyer_fields"]:
        field = _field_html(
            meta,
            meta["path"],
            form["buyer"][meta["name"]],
            units,
            source=_source_html(provenance.get(meta["name"]), lang),
        )
        group = meta["group"] if meta["group"] in fields else "general"
        fields[group].append(field)
    parts = []
    for group, html in fields.items():
        if not html:
            continue
        parts.append(f'<p class="gpp-lcc-subgroup">{escape(info["groups"][group])}</p>')
        if group == "externalities":
            parts.append(_preset_html(info, lang))
        parts.extend(html)
    return (
        f'<fieldset class="gpp-group gpp-group--buyer"><legend>{_e("buyer.legend", lang)}</legend>'
        f"{''.join(parts)}</fieldset>"
    )


def option_html(
    info: Mapping[str, Any],
    index: int,
    values: Mapping[str, str],
    units: tuple[str, str],
    lang: str,
) -> str:
    """The fieldset of option ``index`` (0 is the baseline)."""
    by_group: dict[str, list[str]] = {}
    for meta in info["option_fields"]:
        path = f"options.{index}.{meta['name']}"
        by_group.setdefault(meta["group"], []).append(
            _field_html(meta, path, values.get(meta["name"], ""), units)
        )

    def group_html(group: str) -> str:
        return f'<p class="gpp-lcc-subgroup">{escape(info["groups"][group])}</p>' + "".join(
            by_group.get(group, [])
        )

    more_used = any(
        values.get(meta["name"], "") not in ("", "0")
        for meta in info["option_fields"]
        if meta["group"] in OPTION_GROUPS_MORE
    )
    number = index + 1
    baseline = (
        f' <span class="gpp-lcc-baseline">({_e("option.baseline", lang)})</span>'
        if index == 0
        else ""
    )
    remove = (
        f'<button type="button" class="gpp-lcc-button gpp-lcc-button--small gpp-lcc-remove" '
        f'data-gpp-js-only hidden aria-label="{_e("option.remove", lang, number=number)}">'
        f"{_e('option.remove_short', lang)}</button>"
    )
    return (
        f'<fieldset class="gpp-group gpp-lcc-option" data-option="{index}">'
        f'<legend><span class="gpp-lcc-option__title">'
        f"{_e('option.legend', lang, number=number)}</span>"
        f"{baseline}</legend>"
        f'<div class="gpp-lcc-option__head">{remove}</div>'
        + "".join(group_html(g) for g in OPTION_GROUPS_OPEN)
        + f'<details class="gpp-lcc-more"{" open" if more_used else ""}>'
        f"<summary>{_e('option.more', lang)}</summary>"
        + "".join(group_html(g) for g in OPTION_GROUPS_MORE)
        + "</details></fieldset>"
    )


# --------------------------------------------------------------------------- result


def _result_html(widget: Mapping[str, Any], lang: str) -> str:
    def tables(items: Sequence[Mapping[str, Any]]) -> str:
        return render_view(
            {"tables": list(items), "currency": widget["currency"], "notes": []}, lang
        )

    def figure(chart: str, table_key: str, wide: bool = False) -> str:
        caption = _t("chart.caption", lang)
        return (
            f'<figure class="gpp-lcc-chart{" gpp-lcc-chart--wide" if wide else ""}" '
            f'data-chart="{chart}" hidden>'
            f'<div class="gpp-lcc-chart__canvas"><canvas role="img"></canvas></div>'
            f'<figcaption data-table="{table_key}">{escape(caption)}</figcaption></figure>'
        )

    notes = "".join(f"<li>{escape(n)}</li>" for n in widget["notes"])
    sensitivity_tables = tables([*widget["tables"][2:], *widget["sensitivity_tables"]])
    noscript = escape(i18n.translate("widget.noscript", lang))
    sensitivity = escape(widget["sensitivity_summary"])
    title = _e("section.results", lang)
    return (
        f'<section class="gpp-result" aria-label="{title}">'
        f'<p class="gpp-result__title">{title}</p>'
        f'<p class="gpp-status" role="status"></p>'
        f'<noscript><p class="gpp-noscript">{noscript}</p></noscript>'
        f'<p class="gpp-summary">{escape(widget["summary"])}</p>'
        f'<div class="gpp-view">'
        f'<div class="gpp-lcc-main-tables">{tables(widget["tables"][:2])}</div>'
        f'<div class="gpp-lcc-charts">{figure("cumulative", "yearly")}'
        f"{figure('breakdown', 'results')}</div>"
        f'<details class="gpp-lcc-data gpp-lcc-yearly">'
        f"<summary>{_e('yearly.summary', lang)}</summary>"
        f'<div class="gpp-lcc-yearly-table">{tables([widget["yearly_table"]])}</div></details>'
        f'<p class="gpp-lcc-section-title">{_e("section.sensitivity", lang)}</p>'
        f'<p class="gpp-lcc-sentence gpp-lcc-sensitivity-summary">{sensitivity}</p>'
        f'<div class="gpp-lcc-charts gpp-lcc-charts--tornado">'
        f"{figure('tornado', 'tornado', wide=True)}</div>"
        f'<div class="gpp-lcc-sensitivity-tables">{sensitivity_tables}</div>'
        f'<ul class="gpp-notes">{notes}</ul>'
        f"</div>"
        f'<p class="gpp-visually-hidden gpp-announce" aria-live="polite" aria-atomic="true"></p>'
        f"</section>"
    )


def _exports_html(lang: str) -> str:
    buttons = "".join(
        f'<button type="button" class="gpp-lcc-button" data-export="{fmt}">'
        f"{_e(f'export.{fmt}', lang)}</button>"
        for fmt in ("csv", "xlsx", "json")
    )
    return (
        f'<section class="gpp-lcc-exports" data-gpp-js-only hidden '
        f'aria-label="{_e("section.exports", lang)}">'
        f'<p class="gpp-lcc-section-title">{_e("section.exports", lang)}</p>'
        f'<div class="gpp-lcc-actions">{buttons}'
        f'<button type="button" class="gpp-lcc-button gpp-lcc-share">'
        f"{_e('share.button', lang)}</button>"
        f'<button type="button" class="gpp-lcc-button gpp-lcc-print">'
        f"{_e('print.button', lang)}</button></div>"
        f'<div class="gpp-field gpp-lcc-share-field" hidden>'
        f'<label for="gpp-lcc-share-link">{_e("share.label", lang)}</label>'
        f'<input id="gpp-lcc-share-link" type="text" readonly></div>'
        f'<p class="gpp-lcc-share-status" role="status"></p>'
        f"</section>"
    )


# --------------------------------------------------------------------------- widget


def render_html(lang: str, values: Mapping[str, Any] | None = None) -> str:
    """The prerendered widget for ``values`` (``{"country", "template"}``, optional).

    The result shown is the engine's answer for the form's own text, so the script,
    which sends that text, gets the very same numbers.
    """
    values = values or {}
    country = str(values.get("country", DEFAULT_COUNTRY))
    template = values.get("template", DEFAULT_TEMPLATE)
    info = calc.api_describe({}, lang)
    defaults = calc.api_defaults({"country": country, "template": template}, lang)
    if not defaults["ok"]:
        raise ValueError(f"lcc widget: {defaults['errors']}")
    form = defaults["form"]
    scenario = defaults["scenario"]
    payload = {
        **{k: form[k] for k in ("version", "title", "country", "template", "currency")},
        "buyer": {**form["buyer"], calc.SERIES: scenario["buyer"][calc.SERIES]},
        "options": form["options"],
    }
    answer = widget_answer(payload, lang)
    if not answer["ok"]:  # pragma: no cover - templates are tested to be valid
        raise ValueError(f"lcc widget: default scenario is invalid: {answer['errors']}")
    widget = answer["widget"]
    units = (scenario["currency"], scenario["buyer"]["externality_currency"])
    options_html = "".join(
        option_html(info, index, option, units, lang)
        for index, option in enumerate(form["options"])
    )
    count = _e(
        "options.count",
        lang,
        count=len(form["options"]),
        min=info["min_options"],
        max=info["max_options"],
    )
    add = (
        f'<div class="gpp-lcc-actions" data-gpp-js-only hidden>'
        f'<button type="button" class="gpp-lcc-button gpp-lcc-add">'
        f"{_e('option.add', lang)}</button>"
        f'<p class="gpp-lcc-actions__note gpp-lcc-count">'
        f"{count}"
        f"</p></div>"
    )
    form_html = (
        f'<form class="gpp-form" novalidate>'
        f'<p class="gpp-lcc-link-error" role="alert" hidden></p>'
        f'<p class="gpp-field__error gpp-lcc-form-error" hidden></p>'
        f"{_context_html(info, scenario, lang)}"
        f'<p class="gpp-lcc-notice" role="status" hidden></p>'
        f"{_buyer_html(info, form, defaults['provenance'], units, lang)}"
        f'<div class="gpp-lcc-options">{options_html}</div>{add}</form>'
    )
    config = {
        "calculator": calc.NAME,
        "lang": lang,
        "locale": i18n.language_meta(lang)["locale"],
        "strings": _strings(lang),
        "describe": {
            "option_defaults": {f["name"]: f["default_text"] for f in info["option_fields"]},
            "min_options": info["min_options"],
            "max_options": info["max_options"],
            "countries": info["countries"],
            "templates": [
                {"id": t["id"], "title": t["title"], "description": t["description"]}
                for t in info["templates"]
            ],
            "presets": [
                {k: p[k] for k in ("id", "label", "source", "year", "to_be_confirmed")}
                for p in (*info["carbon_presets"], *info["pollutant_presets"])
            ],
        },
        "provenance": defaults["provenance"],
        "series": scenario["buyer"][calc.SERIES],
        "widget": {"charts": widget["charts"]},
    }
    config_json = json.dumps(config, ensure_ascii=False, allow_nan=False).replace("</", "<\\/")
    return (
        f'<div class="gpp-calc gpp-lcc" id="gpp-lcc" data-gpp-calculator="lcc" '
        f'data-gpp-links="own" '
        f'data-gpp-widget="lcc" '
        f'data-gpp-lang="{lang}">'
        f"{form_html}"
        f"{_result_html(widget, lang)}"
        f"{_exports_html(lang)}"
        f'<script type="application/json" class="gpp-config">{config_json}</script>'
        f"</div>"
    )
