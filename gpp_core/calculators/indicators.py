"""Monitoring indicators from a file of procurement records (the browser tool).

The reader opens a CSV, XLSX or OCDS JSON file from their own computer; the widget
(``calculators/static/widgets/indicators.js``) reads its bytes and sends them to
gpp_core in the page's Web Worker, through the endpoint ``indicators.compute``. The file
never leaves the browser. Everything shown (figures, sentences, error messages, the
CSV downloads) comes from here; the script lays it out.

Before any file is opened, the page shows the result for the illustrative example
dataset of the data dictionary, rendered at build time by :func:`render_html`.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from gpp_core import i18n, indicators
from gpp_core.calculator import Field

NAME = "indicators"
FIELDS: tuple[Field, ...] = ()  # the input is a file: see describe() and the widget
MAX_BROWSER_BYTES = 30 * 1024 * 1024  # larger files: the command line (pandas engine)
MAX_REASONS_SHOWN = 200
DEFAULT_BY = ("group",)

__all__ = [
    "API",
    "NAME",
    "api_compute",
    "compute",
    "describe",
    "issue_message",
    "localize_errors",
    "render_html",
    "view",
]


# ---------------------------------------------------------------------------------------
# Messages
# ---------------------------------------------------------------------------------------


def _header(column_id: str, lang: str) -> str:
    try:
        return indicators.dictionary().column(column_id).header[lang]
    except StopIteration:
        return column_id


def _message(key: str, params: Mapping[str, Any], lang: str) -> str:
    """A message of the indicators domain, with column ids and lists worded for ``lang``."""
    d = indicators.dictionary()
    words = dict(params)
    if key == "indicators.error.missing_columns":
        words["columns"] = ", ".join(_header(c, lang) for c in params["columns"])
        words["found"] = ", ".join(params["found"]) or "—"
    elif key == "indicators.error.duplicate_column":
        words["column"] = _header(params["column"], lang)
    for name in ("currencies", "choices"):
        if isinstance(words.get(name), list):
            words[name] = ", ".join(words[name])
    if key == "indicators.row.strategy":
        words["choices"] = ", ".join(d.strategies)
    if key == "indicators.row.yes_no":
        words["yes"], words["no"] = d.yes_word[lang], d.no_word[lang]
    if key == "indicators.error.by":
        words["choices"] = ", ".join(d.breakdowns[b]["label"][lang] for b in indicators.BREAKDOWNS)
    for name in ("row", "first", "second", "found", "expected", "size", "max"):
        if isinstance(words.get(name), (int, float)) and not isinstance(words[name], bool):
            words[name] = i18n.format_number(words[name], lang, max_decimals=1)
    return i18n.translate(key, lang, **words)


def issue_message(issue: Mapping[str, Any], lang: str) -> str:
    """The reason a row was rejected, in ``lang`` (without the row and column)."""
    text = _message(issue["key"], issue["params"], lang)
    ref = issue["params"].get("ref")
    if ref:
        text += " " + i18n.translate("indicators.rejected.ref", lang, ref=ref)
    return text


def localize_errors(issues: Sequence[Mapping[str, Any]], lang: str) -> list[dict[str, Any]]:
    """File-level and field errors with their ``message`` in ``lang``."""
    return [{**issue, "message": _message(issue["key"], issue["params"], lang)} for issue in issues]


# ---------------------------------------------------------------------------------------
# Computing: the calculator contract, and the browser's endpoint
# ---------------------------------------------------------------------------------------


def _read_payload(payload: Mapping[str, Any]) -> bytes | str:
    if isinstance(payload.get("base64"), str):
        try:
            return base64.b64decode(payload["base64"], validate=True)
        except (binascii.Error, ValueError):
            raise indicators.FileProblem("indicators.error.payload") from None
    if isinstance(payload.get("text"), str):
        return str(payload["text"])
    raise indicators.FileProblem("indicators.error.payload")


def compute(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The indicators of a file given as ``{"text": ...}`` or ``{"base64": ...}``, with
    optional ``filename``, ``by`` (``"group,entity"`` or a list), ``currency`` and
    ``rates`` (``{"USD": 3.75}``): see :func:`gpp_core.indicators.compute`."""
    try:
        data = _read_payload(inputs)
    except indicators.FileProblem as problem:
        return {"ok": False, "errors": [problem.to_json()]}
    return indicators.compute(
        data,
        filename=str(inputs.get("filename", "")),
        by=inputs.get("by"),
        currency=inputs.get("currency") or None,
        rates=inputs.get("rates"),
        engine=str(inputs.get("engine", "python")),
    )


def api_compute(payload: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Endpoint ``indicators.compute``: a file read in the browser, as the reader set it up.

    ``payload``: ``base64`` (the file's bytes) or ``text``, ``filename``, ``by`` (list),
    ``currency`` (text as typed, may be empty) and ``rates`` (text as typed, e.g.
    ``USD = 3.75; EUR = 4.05``). Returns ``{"ok": True, "result", "view", "csv",
    "rejected_csv", "filename"}``, or ``{"ok": False, "errors": [...]}`` whose messages
    (in ``lang``) go next to their field (``file``, ``currency``, ``rates``, ``by``).
    """
    errors: list[dict[str, Any]] = []
    currency = str(payload.get("currency") or "").strip().upper() or None
    rates: dict[str, float] = {}
    try:
        rates = indicators.parse_rates(str(payload.get("rates") or ""), lang)
    except ValueError as exc:
        errors.append(
            {
                "field": "rates",
                "key": "indicators.error.rates_text",
                "params": {"value": str(exc)},
            }
        )
    size = payload.get("size")
    if isinstance(size, int) and size > MAX_BROWSER_BYTES:
        errors.append(too_large_error(size))
    if errors:
        return {"ok": False, "errors": localize_errors(errors, lang)}
    try:
        data = _read_payload(payload)
    except indicators.FileProblem as problem:
        return {"ok": False, "errors": localize_errors([problem.to_json()], lang)}
    if len(data) > MAX_BROWSER_BYTES:
        return {"ok": False, "errors": localize_errors([too_large_error(len(data))], lang)}
    by = payload.get("by")
    result = indicators.compute(
        data,
        filename=str(payload.get("filename", "")),
        by=list(by) if isinstance(by, list) else by,
        currency=currency,
        rates=rates,
    )
    if not result["ok"]:
        return {"ok": False, "errors": localize_errors(result["errors"], lang)}
    messages = [issue_message(issue, lang) for issue in result["rejected"]]
    return {
        "ok": True,
        "result": result,
        "view": view(result, lang),
        "csv": indicators.results_csv(result, lang),
        "rejected_csv": indicators.rejected_csv(result, lang, messages),
        "filenames": {
            "results": i18n.translate("indicators.file.results", lang) + ".csv",
            "rejected": i18n.translate("indicators.file.rejected", lang) + ".csv",
        },
    }


def too_large_error(size: int) -> dict[str, Any]:
    """The error for a file too large for the browser (``size`` in bytes)."""
    return {
        "field": "file",
        "key": "indicators.error.too_large",
        "params": {
            "size": round(size / 1024 / 1024, 1),
            "max": MAX_BROWSER_BYTES // 1024 // 1024,
        },
    }


API = {"indicators.compute": api_compute}


# ---------------------------------------------------------------------------------------
# The result laid out for readers (same structure for the build and the browser)
# ---------------------------------------------------------------------------------------


def key_label(by: Sequence[str], key: Sequence[str], lang: str) -> str:
    """A breakdown key as readers see it (quarters worded in ``lang``)."""
    parts = []
    for name, value in zip(by, key, strict=True):
        if name == "quarter" and "-Q" in value:
            year, quarter = value.split("-Q")
            parts.append(i18n.translate("indicators.quarter", lang, year=year, quarter=quarter))
        else:
            parts.append(value)
    return " · ".join(parts)


def _cells(
    ind: indicators.Indicator, values: Mapping[str, Any], money: str
) -> list[dict[str, Any]]:
    share = ind.kind != "sum"
    amount_kind = money if ind.kind == "value_share" else "number"
    return [
        {"kind": "percent" if share else "number", "value": values["value"]},
        {"kind": amount_kind, "value": values["numerator"]},
        {"kind": amount_kind if share else "empty", "value": values["denominator"]},
        {"kind": "percent", "value": values["coverage"]},
    ]


def view(result: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """The result as tables of typed cells, one summary sentence, the rejected rows and
    notes, in ``lang``; figures stay numbers (the page formats them with Intl)."""
    d = indicators.dictionary()
    t = i18n.translate
    currency = result["currency"] or "USD"
    try:
        i18n.currency_minor_units(currency)
        money = "money"
    except KeyError:
        money = "number"
    available = [d.indicator(i["id"]) for i in result["indicators"] if i["available"]]
    columns = [
        t("indicators.column.value", lang),
        t("indicators.column.numerator", lang),
        t("indicators.column.denominator", lang),
        t("indicators.column.coverage", lang),
    ]
    totals = {
        "caption": t("indicators.table.totals", lang),
        "columns": [t("indicators.column.indicator", lang), *columns],
        "rows": [
            {
                "label": ind.text("name", lang),
                "id": ind.id,
                "cells": _cells(ind, result["total"]["values"][ind.id], money),
            }
            for ind in available
        ],
    }
    by = result["by"]
    dims = ", ".join(d.breakdowns[b]["label"][lang].lower() for b in by)
    breakdown: dict[str, Any] = {}
    for ind in available if by else []:
        entries = result["breakdown"]
        values = [e["values"][ind.id]["value"] for e in entries]
        scale = 1.0
        if ind.kind == "sum":
            scale = max((abs(v) for v in values if v is not None), default=0.0) or 1.0
        breakdown[ind.id] = {
            "caption": t(
                "indicators.table.breakdown", lang, indicator=ind.text("name", lang), dims=dims
            ),
            "columns": [
                " · ".join(d.breakdowns[b]["label"][lang] for b in by),
                *columns,
                t("indicators.column.contracts", lang),
            ],
            "rows": [
                {
                    "label": key_label(by, e["key"], lang),
                    "bar": None if v is None else max(0.0, min(1.0, abs(v) / scale)),
                    "cells": [
                        *_cells(ind, e["values"][ind.id], money),
                        {"kind": "number", "value": e["contracts"]},
                    ],
                }
                for e, v in zip(entries, values, strict=True)
            ],
        }
    rows = result["rows"]
    total_values = result["total"]["values"]
    if rows["used"]:
        summary = t(
            "indicators.summary",
            lang,
            used=i18n.format_number(rows["used"], lang),
            read=i18n.format_number(rows["read"], lang),
            rejected=i18n.format_number(rows["rejected"], lang),
            value_share=i18n.format_percent(total_values["spp_value_share"]["value"], lang),
            count_share=i18n.format_percent(total_values["spp_count_share"]["value"], lang),
        )
    else:
        summary = t("indicators.summary.none", lang)
    notes = []
    if result["rates"]:
        rates = "; ".join(
            f"{code} = {i18n.format_number(rate, lang, max_decimals=6)}"
            for code, rate in result["rates"].items()
        )
        notes.append(t("indicators.note.rates", lang, currency=result["currency"], rates=rates))
    missing = [i.text("name", lang) for i in d.indicators if i not in available]
    if missing:
        notes.append(t("indicators.note.absent", lang, indicators="; ".join(missing)))
    if result["columns"]["ignored"]:
        notes.append(
            t("indicators.note.ignored", lang, columns=", ".join(result["columns"]["ignored"]))
        )
    if rows["empty"]:
        notes.append(
            t("indicators.note.empty", lang, count=i18n.format_number(rows["empty"], lang))
        )
    if result["source"] == "ocds":
        notes.append(t("indicators.note.ocds", lang))
    notes.append(t("indicators.note.coverage", lang))
    reasons = [
        {
            "row": issue["row"],
            "column": _header(issue["column"], lang) if issue["column"] else "",
            "message": issue_message(issue, lang),
        }
        for issue in result["rejected"][:MAX_REASONS_SHOWN]
    ]
    return {
        "summary": summary,
        "currency": currency,
        "tables": [totals],
        "breakdown": breakdown,
        "chart_options": [{"id": i.id, "name": i.text("name", lang)} for i in available]
        if by
        else [],
        "rejected": {
            "rows": rows["rejected"],
            "reasons": reasons,
            "total_reasons": len(result["rejected"]),
            "title": t(
                "indicators.rejected.title", lang, count=i18n.format_number(rows["rejected"], lang)
            ),
            "more": t(
                "indicators.rejected.more",
                lang,
                shown=i18n.format_number(len(reasons), lang),
                count=i18n.format_number(len(result["rejected"]), lang),
            )
            if len(result["rejected"]) > len(reasons)
            else "",
        },
        "notes": notes,
    }


def describe(lang: str) -> dict[str, Any]:
    """The tool's inputs (for ``gpp describe indicators``)."""
    t = i18n.translate
    d = indicators.dictionary()
    return {
        "name": NAME,
        "title": t("indicators.title", lang),
        "fields": [
            {
                "name": "file",
                "kind": "file",
                "label": t("indicators.field.file.label", lang),
                "help": t("indicators.field.file.help", lang),
            },
            {
                "name": "by",
                "kind": "choices",
                "choices": list(indicators.BREAKDOWNS),
                "labels": [d.breakdowns[b]["label"][lang] for b in indicators.BREAKDOWNS],
                "label": t("indicators.field.by.legend", lang),
            },
            {
                "name": "currency",
                "kind": "text",
                "label": t("indicators.field.currency.label", lang),
                "help": t("indicators.field.currency.help", lang),
            },
            {
                "name": "rates",
                "kind": "text",
                "label": t("indicators.field.rates.label", lang),
                "help": t("indicators.field.rates.help", lang),
            },
        ],
        "columns": [
            {"id": c.id, "type": c.type, "required": c.required, "header": c.header[lang]}
            for c in d.columns
        ],
    }


# ---------------------------------------------------------------------------------------
# Build-time HTML (the widget's markup, prerendered with the example dataset)
# ---------------------------------------------------------------------------------------


def _table_html(table: Mapping[str, Any], currency: str, lang: str, chart: bool = False) -> str:
    from gpp_core.html import format_cell  # (gpp_core.html imports the calculators)

    na = escape(i18n.translate("indicators.na", lang))
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in table["columns"])
    body = []
    for row in table["rows"]:
        cells = []
        for index, (column, cell) in enumerate(
            zip(table["columns"][1:], row["cells"], strict=True)
        ):
            text = format_cell(cell, currency, lang)
            label = f' data-label="{escape(column)}"'
            if cell["kind"] == "empty":
                cells.append('<td data-kind="empty"></td>')
            elif not text:
                cells.append(f'<td data-kind="none"{label}>{na}</td>')
            else:
                bar = ""
                if chart and index == 0 and row.get("bar") is not None:
                    bar = (
                        f'<span class="gpp-bar" aria-hidden="true">'
                        f'<span style="width:{row["bar"] * 100:.1f}%"></span></span>'
                    )
                value = f' data-value="{cell["value"]!r}"'
                cells.append(
                    f'<td data-kind="{cell["kind"]}"{label}{value}>{bar}'
                    f'<span class="gpp-num">{escape(text)}</span></td>'
                )
        body.append(f'<tr><th scope="row">{escape(row["label"])}</th>{"".join(cells)}</tr>')
    caption = escape(table["caption"])
    return (
        f'<div class="gpp-table-wrap" tabindex="0" role="region" aria-label="{caption}">'
        f'<table class="gpp-table{" gpp-chart" if chart else ""}"><caption>{caption}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _rejected_html(view_data: Mapping[str, Any], lang: str) -> str:
    t = i18n.translate
    rejected = view_data["rejected"]
    if not rejected["reasons"]:
        return f'<p class="gpp-rejected__none">{escape(t("indicators.rejected.none", lang))}</p>'
    keys = ("indicators.rejected.row", "indicators.rejected.column", "indicators.rejected.reason")
    labels = [escape(t(k, lang)) for k in keys]
    head = "".join(f'<th scope="col">{label}</th>' for label in labels)
    body = "".join(
        f'<tr><td data-label="{labels[0]}">{escape(i18n.format_number(r["row"], lang))}</td>'
        f'<td data-label="{labels[1]}">{escape(r["column"])}</td>'
        f'<td data-label="{labels[2]}">{escape(r["message"])}</td></tr>'
        for r in rejected["reasons"]
    )
    caption = escape(t("indicators.rejected.caption", lang))
    more = (
        f'<p class="gpp-rejected__more">{escape(rejected["more"])}</p>' if rejected["more"] else ""
    )
    return (
        f'<div class="gpp-table-wrap" tabindex="0" role="region" aria-label="{caption}">'
        f'<table class="gpp-table gpp-rejected__table"><caption>{caption}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>{more}"
    )


def render_result(view_data: Mapping[str, Any], lang: str, chart_id: str | None = None) -> str:
    """The inside of the result area (tables, chart, rejected rows, notes)."""
    currency = view_data["currency"]
    parts = [_table_html(t, currency, lang) for t in view_data["tables"]]
    chart = ""
    if view_data["breakdown"]:
        chosen = (
            chart_id if chart_id in view_data["breakdown"] else next(iter(view_data["breakdown"]))
        )
        chart = _table_html(view_data["breakdown"][chosen], currency, lang, chart=True)
    rejected = view_data["rejected"]
    notes = "".join(f"<li>{escape(n)}</li>" for n in view_data["notes"])
    return (
        f'<div class="gpp-view">{"".join(parts)}</div>'
        f'<div class="gpp-chart-area">{chart}</div>'
        f'<p class="gpp-rejected__title">{escape(rejected["title"])}</p>'
        f'<div class="gpp-rejected">{_rejected_html(view_data, lang)}</div>'
        f'<ul class="gpp-notes">{notes}</ul>'
    )


def _widget_strings(lang: str) -> dict[str, str]:
    from gpp_core.web import ui_strings  # (gpp_core.web imports the calculators)

    keys = [
        k
        for k in i18n.catalogue(i18n.DEFAULT_LANGUAGE)["messages"]
        if k.startswith(
            (
                "indicators.status.",
                "indicators.source.",
                "indicators.download.",
                "indicators.rejected.",
                "indicators.error.too_large",
            )
        )
        or k in ("indicators.na", "indicators.chart.label")
    ]
    return {**ui_strings(lang), **{k: i18n.translate(k, lang) for k in keys}}


def render_html(lang: str, values: Mapping[str, Any] | None = None) -> str:
    """The widget, prerendered with the example dataset's result (``values`` may set
    ``by``, a list of breakdowns)."""
    t = i18n.translate
    d = indicators.dictionary()
    by = list((values or {}).get("by", DEFAULT_BY))
    example = indicators.template_csv(lang)
    result = indicators.compute(example, by=by)
    if not result["ok"]:  # pragma: no cover - the example is tested to be valid
        raise ValueError(f"the example dataset is invalid: {result['errors']}")
    view_data = view(result, lang)
    base = "gpp-indicators"

    def field(name: str, control: str, label: str, help_text: str) -> str:
        return (
            f'<div class="gpp-field" data-field="{name}">'
            f'<label for="{base}-{name}">{escape(label)}</label>{control}'
            f'<p class="gpp-field__help" id="{base}-{name}-help">{escape(help_text)}</p>'
            f'<p class="gpp-field__error" id="{base}-{name}-error" hidden></p></div>'
        )

    described = f'aria-describedby="{base}-file-help {base}-file-error"'
    file_input = (
        f'<input id="{base}-file" name="file" type="file" {described} '
        'accept=".csv,.tsv,.txt,.xlsx,.json,text/csv,application/json,'
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">'
    )
    checks = "".join(
        f'<label class="gpp-check"><input type="checkbox" name="by" value="{b}"'
        f"{' checked' if b in by else ''}> {escape(d.breakdowns[b]['label'][lang])}</label>"
        for b in indicators.BREAKDOWNS
    )
    text_input = (
        '<input id="{id}" name="{name}" type="text" autocomplete="off" spellcheck="false" '
        'aria-describedby="{id}-help {id}-error"{extra}>'
    )
    form = (
        '<form class="gpp-form" novalidate>'
        f'<fieldset class="gpp-group"><legend>{escape(t("indicators.form.legend", lang))}</legend>'
        + field(
            "file",
            file_input,
            t("indicators.field.file.label", lang),
            t("indicators.field.file.help", lang),
        )
        + f'<fieldset class="gpp-field gpp-field--choices" data-field="by">'
        f"<legend>{escape(t('indicators.field.by.legend', lang))}</legend>{checks}"
        f'<p class="gpp-field__error" id="{base}-by-error" hidden></p></fieldset>'
        + field(
            "currency",
            text_input.format(id=f"{base}-currency", name="currency", extra=' maxlength="3"'),
            t("indicators.field.currency.label", lang),
            t("indicators.field.currency.help", lang),
        )
        + field(
            "rates",
            text_input.format(id=f"{base}-rates", name="rates", extra=' maxlength="400"'),
            t("indicators.field.rates.label", lang),
            t("indicators.field.rates.help", lang),
        )
        + "</fieldset></form>"
    )
    chart_select = (
        f'<div class="gpp-field gpp-chart-choice" hidden><label for="{base}-chart">'
        f"{escape(t('indicators.chart.label', lang))}</label>"
        f'<select id="{base}-chart" name="chart">'
        + "".join(
            f'<option value="{escape(o["id"])}">{escape(o["name"])}</option>'
            for o in [{"id": i.id, "name": i.text("name", lang)} for i in d.indicators]
        )
        + "</select></div>"
    )
    rows = len(d.example["rows"])
    config = {
        "calculator": NAME,
        "lang": lang,
        "locale": i18n.language_meta(lang)["locale"],
        "strings": _widget_strings(lang),
        "max_bytes": MAX_BROWSER_BYTES,
        "example": {
            "text": example,
            "name": t("indicators.source.example", lang, count=rows),
        },
    }
    config_json = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    result_title = escape(t("widget.result", lang))
    noscript = escape(t("indicators.noscript", lang))
    downloads = (
        '<div class="gpp-downloads" hidden>'
        f'<button type="button" class="md-button" data-download="results">'
        f"{escape(t('indicators.download.results', lang))}</button> "
        f'<button type="button" class="md-button" data-download="rejected">'
        f"{escape(t('indicators.download.rejected', lang))}</button></div>"
    )
    return (
        f'<div class="gpp-calc gpp-indicators" id="{base}" data-gpp-calculator="{NAME}" '
        f'data-gpp-widget="indicators" data-gpp-lang="{lang}">'
        f"{form}"
        f'<section class="gpp-result" aria-label="{result_title}">'
        f'<p class="gpp-result__title">{result_title}</p>'
        f'<p class="gpp-status" role="status"></p>'
        f'<noscript><p class="gpp-noscript">{noscript}</p></noscript>'
        f'<p class="gpp-source">{escape(config["example"]["name"])}</p>'
        f'<p class="gpp-summary">{escape(view_data["summary"])}</p>'
        f"{chart_select}"
        f'<div class="gpp-output">{render_result(view_data, lang)}</div>'
        f"{downloads}"
        f'<p class="gpp-visually-hidden gpp-announce" aria-live="polite" aria-atomic="true"></p>'
        f"</section>"
        f'<script type="application/json" class="gpp-config">{config_json}</script>'
        f"</div>"
    )
