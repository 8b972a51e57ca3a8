"""Static HTML shared by the monitoring tools (SDG 12.7.1 self-assessment, priorities).

A *table* is the JSON-ready structure that the tools' ``view`` functions return and that
the browser widgets render again after each recomputation::

    {"caption": "...", "columns": ["", "Weight", ...],
     "rows": [{"label": "...", "cells": [{"kind": "percent", "value": 0.5}, ...],
               "emphasis": False}]}

Cell kinds are those of :func:`gpp_core.html.format_cell` plus ``text`` (shown as is).
``calculators/static/widgets/monitoring-shared.js`` renders the same structure with the
same markup, so a page does not change when JavaScript takes over.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from gpp_core import i18n
from gpp_core.html import format_cell
from gpp_core.web import ui_strings

__all__ = ["cell_text", "config_script", "list_html", "result_section", "table_html"]


def cell_text(cell: dict[str, Any], lang: str, currency: str = "USD") -> str:
    """The text of one cell (``text`` cells as they are, numbers as Intl writes them)."""
    if cell["kind"] == "text":
        return str(cell.get("value", ""))
    return format_cell(cell, currency, lang)


def table_html(table: dict[str, Any], lang: str, currency: str = "USD") -> str:
    """One table in a focusable, labelled, scrollable region."""
    na = escape(i18n.translate("widget.not_applicable", lang))
    head = "".join(
        f'<th scope="col">{escape(c)}</th>' if c else "<td></td>" for c in table["columns"]
    )
    body = []
    for row in table["rows"]:
        cells = []
        for column, cell in zip(table["columns"][1:], row["cells"], strict=True):
            text = cell_text(cell, lang, currency)
            if text:
                cells.append(
                    f'<td data-kind="{escape(cell["kind"])}" data-label="{escape(column)}">'
                    f"{escape(text)}</td>"
                )
            else:
                cells.append(
                    f'<td data-kind="empty"><span class="gpp-visually-hidden">{na}</span></td>'
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


def list_html(title: str, items: list[str], css: str) -> str:
    """A titled list (empty string when there is nothing to list)."""
    if not items:
        return ""
    entries = "".join(f"<li>{escape(item)}</li>" for item in items)
    return (
        f'<div class="{css}"><p class="gpp-list-title">{escape(title)}</p><ul>{entries}</ul></div>'
    )


def config_script(calculator: str, endpoint: str, lang: str, strings: dict[str, str]) -> str:
    """The widget's configuration: what it calls, its language, its strings."""
    config = {
        "calculator": calculator,
        "endpoint": endpoint,
        "lang": lang,
        "locale": i18n.language_meta(lang)["locale"],
        "strings": {**ui_strings(lang), **strings},
    }
    text = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/json" class="gpp-config">{text}</script>'


def result_section(lang: str, summary: str, view_html: str, extra_html: str = "") -> str:
    """The result area: status line, summary, the view, extras, the live region."""
    title = escape(i18n.translate("widget.result", lang))
    noscript = escape(i18n.translate("widget.noscript", lang))
    return (
        f'<section class="gpp-result" aria-label="{title}">'
        f'<p class="gpp-result__title">{title}</p>'
        f'<p class="gpp-status" role="status"></p>'
        f'<noscript><p class="gpp-noscript">{noscript}</p></noscript>'
        f'<p class="gpp-summary">{escape(summary)}</p>'
        f'<div class="gpp-view">{view_html}</div>'
        f"{extra_html}"
        f'<p class="gpp-visually-hidden gpp-announce" aria-live="polite" aria-atomic="true"></p>'
        f"</section>"
    )
