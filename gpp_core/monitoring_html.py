"""Static HTML shared by the monitoring tools (SDG 12.7.1 self-assessment, priorities).

A *table* is the JSON-ready structure that the tools' ``view`` functions return and that
the browser widgets render again after each recomputation::

    {"caption": "...", "columns": ["", "Weight", ...],
     "rows": [{"label": "...", "cells": [{"kind": "percent", "value": 0.5}, ...],
               "emphasis": False}]}

Cell kinds are those of :func:`gpp_core.html.format_cell`, ``text`` included (shown as
is); tables are drawn by :func:`gpp_core.html.table_html`, and again in the browser by the
widget runtime with the same markup, so a page does not change when JavaScript takes
over.
"""

from __future__ import annotations

import json
from html import escape

from gpp_core import i18n
from gpp_core.html import table_html
from gpp_core.web import ui_strings

__all__ = ["config_script", "list_html", "result_section", "table_html"]


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
