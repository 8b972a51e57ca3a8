"""Static HTML for a calculator: the form and the result for its default inputs.

Rendered at build time by CPython, so a calculator page is useful before any script
runs (or with JavaScript off). The browser widget enhances this markup in place and
re-renders the result from the same view structure (:func:`gpp_core.web.evaluate`).
Class names are prefixed ``gpp-``; the markup is what ``calculators/widget.js`` expects.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from gpp_core import calculators, i18n
from gpp_core.calculator import Field, field_display_value
from gpp_core.web import describe, evaluate, ui_strings

__all__ = ["format_cell", "render_view", "render_widget", "table_html"]


def format_cell(cell: dict[str, Any], currency: str, lang: str) -> str:
    """The text of one result cell, as the browser's ``Intl.NumberFormat`` writes it."""
    kind, value = cell["kind"], cell.get("value")
    if kind == "empty" or value is None:
        return ""
    if kind == "money":
        return i18n.format_money(value, currency, lang)
    if kind == "years":
        return i18n.format_number(value, lang, max_decimals=1)
    if kind == "percent":
        return i18n.format_percent(value, lang)
    if kind == "number":
        return i18n.format_number(value, lang)
    return str(value)


def table_html(table: dict[str, Any], lang: str, currency: str = "USD") -> str:
    """One result table in a focusable, labelled, scrollable region. ``text`` cells are
    shown as they are; numbers as ``Intl.NumberFormat`` writes them. The browser widgets
    (``Widget.table`` in widget.js) draw the same markup after each recomputation."""
    na = escape(i18n.translate("widget.not_applicable", lang))
    head = "".join(
        f'<th scope="col">{escape(c)}</th>' if c else "<td></td>" for c in table["columns"]
    )
    body = []
    for row in table["rows"]:
        cells = []
        for column, cell in zip(table["columns"][1:], row["cells"], strict=True):
            text = format_cell(cell, currency, lang)
            if not text:
                cells.append(
                    f'<td data-kind="empty"><span class="gpp-visually-hidden">{na}</span></td>'
                )
                continue
            value = "" if cell["kind"] == "text" else f' data-value="{cell["value"]!r}"'
            cells.append(
                f'<td data-kind="{escape(cell["kind"])}" data-label="{escape(column)}"{value}>'
                f"{escape(text)}</td>"
            )
        emphasis = ' class="gpp-row--emphasis"' if row.get("emphasis") else ""
        body.append(
            f'<tr{emphasis}><th scope="row">{escape(row["label"])}</th>{"".join(cells)}</tr>'
        )
    caption = escape(table["caption"])
    return (
        f'<div class="gpp-table-wrap" tabindex="0" role="region" aria-label="{caption}">'
        f'<table class="gpp-table"><caption>{caption}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def render_view(view: dict[str, Any], lang: str) -> str:
    """The result tables and notes (without the summary sentence)."""
    parts = [table_html(table, lang, view["currency"]) for table in view["tables"]]
    notes = "".join(f"<li>{escape(n)}</li>" for n in view.get("notes", []))
    if notes:
        parts.append(f'<ul class="gpp-notes">{notes}</ul>')
    return "".join(parts)


def _unit_text(spec: Field, currency: str, lang: str) -> str:
    if not spec.unit:
        return ""
    text = i18n.translate(f"unit.{spec.unit}", lang, currency=currency)
    return f' <span class="gpp-field__unit" data-unit="{escape(spec.unit)}">({escape(text)})</span>'


def _field_html(
    calculator: str, item: dict[str, Any], spec: Field, currency: str, lang: str, value_text: str
) -> str:
    base = f"gpp-{calculator}-{spec.name}"
    described = f"{base}-help {base}-error"
    label = escape(item["label"]) + _unit_text(spec, currency, lang)
    if spec.kind == "choice":
        options = "".join(
            f'<option value="{escape(c)}"{" selected" if c == value_text else ""}>'
            f"{escape(i18n.translate(f'choice.{spec.name}.{c}', lang))}</option>"
            for c in spec.choices
        )
        control = (
            f'<select id="{base}" name="{spec.name}" aria-describedby="{described}">'
            f"{options}</select>"
        )
    else:
        mode = {"integer": "numeric", "number": "decimal", "rate": "decimal"}.get(spec.kind)
        extra = f' inputmode="{mode}"' if mode else f' maxlength="{spec.max_length}"'
        placeholder = ""
        if spec.kind == "text":
            placeholder = escape(i18n.translate(f"{calculator}.option_{spec.group}", lang))
            placeholder = f' placeholder="{placeholder}"'
        control = (
            f'<input id="{base}" name="{spec.name}" type="text"{extra}{placeholder} '
            f'autocomplete="off" value="{escape(value_text)}" '
            f'aria-describedby="{described}">'
        )
    return (
        f'<div class="gpp-field gpp-field--{spec.kind}" data-field="{spec.name}">'
        f'<label for="{base}">{label}</label>{control}'
        f'<p class="gpp-field__help" id="{base}-help">{escape(item["help"])}</p>'
        f'<p class="gpp-field__error" id="{base}-error" hidden></p></div>'
    )


def render_widget(calculator: str, lang: str, values: dict[str, Any] | None = None) -> str:
    """The whole widget: form (defaults or ``values``), default result, runtime config.

    A calculator module with its own browser widget defines ``render_html(lang, values)``
    and returns its own prerendered markup: a root element with
    ``data-gpp-calculator="NAME"`` and ``data-gpp-widget="MODULE"``, where
    ``calculators/static/widgets/MODULE.js`` is the script that enhances it.
    """
    module = calculators.get(calculator)
    if hasattr(module, "render_html"):
        return str(module.render_html(lang, values))
    info = describe(calculator, lang)
    specs = {spec.name: spec for spec in module.FIELDS}
    typed = {spec.name: spec.default for spec in module.FIELDS} | (values or {})
    currency = typed.get("currency", "USD")
    groups: dict[str, list[str]] = {}
    for item in info["fields"]:
        spec = specs[item["name"]]
        text = field_display_value(spec, typed[spec.name], lang)
        groups.setdefault(spec.group, []).append(
            _field_html(calculator, item, spec, currency, lang, text)
        )
    fieldsets = {
        group: (
            f'<fieldset class="gpp-group gpp-group--{group}">'
            f"<legend>{escape(i18n.translate(f'{calculator}.group.{group}', lang))}</legend>"
            f"{''.join(html)}</fieldset>"
        )
        for group, html in groups.items()
    }
    buyer = fieldsets.pop("buyer", "")
    form = (
        f'<form class="gpp-form" novalidate>{buyer}'
        f'<div class="gpp-options">{"".join(fieldsets.values())}</div></form>'
    )
    form_text = {
        spec.name: field_display_value(spec, typed[spec.name], lang) for spec in module.FIELDS
    }
    answer = evaluate(calculator, form_text, lang)
    if not answer["ok"]:  # pragma: no cover - defaults are tested to be valid
        raise ValueError(f"default inputs of {calculator} are invalid: {answer['errors']}")
    view = answer["view"]
    config = {
        "calculator": calculator,
        "lang": lang,
        "locale": i18n.language_meta(lang)["locale"],
        "strings": ui_strings(lang),
        "units": {
            spec.unit: i18n.translate(f"unit.{spec.unit}", lang, currency="{currency}")
            for spec in module.FIELDS
            if spec.unit
        },
    }
    config_json = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    result_title = escape(i18n.translate("widget.result", lang))
    noscript = escape(i18n.translate("widget.noscript", lang))
    return (
        f'<div class="gpp-calc" id="gpp-{calculator}" data-gpp-calculator="{calculator}" '
        f'data-gpp-lang="{lang}">'
        f"{form}"
        f'<section class="gpp-result" aria-label="{result_title}">'
        f'<p class="gpp-result__title">{result_title}</p>'
        f'<p class="gpp-status" role="status"></p>'
        f'<noscript><p class="gpp-noscript">{noscript}</p></noscript>'
        f'<p class="gpp-summary">{escape(view["summary"])}</p>'
        f'<div class="gpp-view">{render_view(view, lang)}</div>'
        f'<p class="gpp-visually-hidden gpp-announce" aria-live="polite" aria-atomic="true"></p>'
        f"</section>"
        f'<script type="application/json" class="gpp-config">{config_json}</script>'
        f"</div>"
    )
