"""Blocks of the life-cycle costing chapter: the scenario's fields and its JSON Schema.

* ``lcc-fields`` (``{"role": "buyer" | "option"}``): a table of every input of a
  scenario (JSON name, label, unit, help) in the page's language, from the calculator's
  own declarations (``lcc.describe``), so the documented format cannot drift from the
  one the engine reads.
* ``lcc-schema-link``: an inline link to the JSON Schema of a scenario, published with
  the site at ``schemas/lcc-scenario.schema.json`` (copied by ``calculators/hooks.py``).
"""

from __future__ import annotations

import posixpath
from html import escape
from typing import Any

SCHEMA = "schemas/lcc-scenario.schema.json"


def _site_path(page: Any) -> str:
    """The URL path (relative to the site root) of the page a block is rendered into."""
    lang, _, src = page.src_uri.partition("/")
    stem = src.removesuffix(".md")
    path = "" if stem == "index" else stem.removesuffix("/index") + "/"
    return ("" if lang == "es" else f"{lang}/") + path


def render_schema_link(args: dict[str, Any], lang: str, page: Any) -> str:
    href = posixpath.relpath(SCHEMA, _site_path(page).rstrip("/") or ".")
    return f'<a href="{escape(href)}"><code>{posixpath.basename(SCHEMA)}</code></a>'


def render_fields(args: dict[str, Any], lang: str, page: Any) -> str:
    from gpp_core import i18n
    from gpp_core.calculators import lcc

    role = args["role"]
    if role not in ("buyer", "option"):
        raise ValueError(f"role must be buyer or option, not {role!r}")
    info = lcc.api_describe({}, lang)
    fields = info["buyer_fields" if role == "buyer" else "option_fields"]
    head = "".join(
        f'<th scope="col">{escape(i18n.translate(f"lcc-widget.doc.{c}", lang))}</th>'
        for c in ("name", "label", "unit", "help")
    )
    rows = []
    for field in fields:
        unit = field["unit_text"].replace("{currency}", "¤").replace("{externality_currency}", "¤*")
        choices = ", ".join(f"<code>{escape(c['value'])}</code>" for c in field["choices"])
        help_text = escape(field["help"]) + (f" ({choices})" if choices else "")
        required = " *" if field["required"] else ""
        rows.append(
            f"<tr><td><code>{escape(field['name'])}</code>{required}</td>"
            f"<td>{escape(field['label'])}</td><td>{escape(unit)}</td><td>{help_text}</td></tr>"
        )
    note = escape(i18n.translate("lcc-widget.doc.note", lang))
    caption = escape(i18n.translate(f"lcc-widget.doc.caption.{role}", lang))
    return (
        f'<div class="gpp-table-wrap" tabindex="0" role="region" '
        f'aria-label="{caption}"><table><caption>{caption}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>\n\n"
        f'<p class="gpp-notes">{note}</p>\n'
    )


BLOCKS = {"lcc-fields": render_fields, "lcc-schema-link": render_schema_link}
