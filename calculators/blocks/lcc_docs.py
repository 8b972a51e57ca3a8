"""Blocks of the life-cycle costing chapter: the scenario's fields and its JSON Schema.

* ``lcc-fields`` (``{"role": "buyer" | "option"}``): a table of every input of a
  scenario (JSON name, label, unit, help) in the page's language, from the calculator's
  own declarations (``lcc.describe``), so the documented format cannot drift from the
  one the engine reads.
* ``lcc-schema-link``: an inline link to the JSON Schema of a scenario, published with
  the site at ``schemas/lcc-scenario.schema.json`` (copied by ``calculators/hooks.py``).
* ``lcc-inputs`` (``{"file": "examples/lcc/x.json"}`` or ``{"country", "template"}``):
  the inputs of a worked example as tables (the buyer's parameters that differ from
  zero, and each option's non-zero inputs), written as the calculator's form shows them.
* ``lcc-sensitivity`` (same arguments): the sentence saying whether the ranking changes.
* ``lcc-scenario-file`` (``{"file": ...}``): a scenario file as a JSON code block.
"""

from __future__ import annotations

import json
import posixpath
from html import escape
from pathlib import Path
from typing import Any

from calculators.blocks import BlockError, doc_table

SCHEMA = "schemas/lcc-scenario.schema.json"
ROOT = Path(__file__).resolve().parents[2]


def _file(args: dict[str, Any]) -> Path:
    path = (ROOT / str(args["file"])).resolve()
    if ROOT not in path.parents or not path.is_file():
        raise BlockError(f"lcc: scenario file not found: {args['file']}")
    return path


def _scenario(args: dict[str, Any], lang: str) -> dict[str, Any]:
    """The raw scenario of a block: a file, or a country pack with a template."""
    from gpp_core.calculators import lcc

    if "file" in args:
        data: dict[str, Any] = json.loads(_file(args).read_text("utf-8"))
        return data
    answer = lcc.api_defaults(
        {"country": args.get("country", "generic"), "template": args.get("template")}, lang
    )
    if not answer["ok"]:
        raise BlockError(f"lcc: {answer['errors'][0]['message']}")
    scenario: dict[str, Any] = answer["scenario"]
    return scenario


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


def render_inputs(args: dict[str, Any], lang: str, page: Any) -> str:
    from gpp_core import i18n
    from gpp_core.calculators import lcc

    scenario, issues = lcc.read_scenario(_scenario(args, lang), lang)
    if issues:
        raise BlockError(f"lcc-inputs: invalid scenario: {[i.to_json() for i in issues]}")
    form = lcc.form_text(scenario, lang)
    info = lcc.api_describe({}, lang)
    units = (scenario["currency"], scenario["buyer"]["externality_currency"])

    def label(field: dict[str, Any]) -> str:
        unit = field["unit_text"].replace("{currency}", units[0])
        unit = unit.replace("{externality_currency}", units[1])
        return f"{field['label']} ({unit})" if unit else str(field["label"])

    def shown(field: dict[str, Any], text: str) -> str:
        choice = {c["value"]: c["label"] for c in field["choices"]}
        return str(choice.get(text, text))

    def blank(text: str) -> bool:
        return not text or text == "none" or all(c in "0.,\u00a0 " for c in text)

    buyer_rows = [
        [label(f), shown(f, form["buyer"][f["name"]])]
        for f in info["buyer_fields"]
        if not blank(form["buyer"][f["name"]])
    ]
    names = lcc.option_names({"options": scenario["options"]}, lang)
    option_rows = [
        [label(f), *[shown(f, o[f["name"]]) for o in form["options"]]]
        for f in info["option_fields"]
        if f["name"] != "name" and not all(blank(o[f["name"]]) for o in form["options"])
    ]
    t = i18n.translate
    # Captions name the example, so that two examples on a page are told apart.
    template = next((x for x in info["templates"] if x["id"] == scenario["template"]), None)
    country = next(c["name"] for c in info["countries"] if c["id"] == scenario["country"])
    example = f"{template['title']}, {country}" if template else country
    buyer_caption = f"{t('lcc-widget.buyer.legend', lang)} ({example})"
    option_caption = f"{t('lcc-widget.doc.caption.inputs', lang)} ({example})"
    return (
        doc_table(buyer_caption, ["", t("lcc-widget.doc.value", lang)], buyer_rows)
        + "\n"
        + doc_table(option_caption, ["", *names], option_rows)
        + "\n"
    )


def render_sensitivity(args: dict[str, Any], lang: str, page: Any) -> str:
    from gpp_core.calculators import lcc

    answer = lcc.api_evaluate(_scenario(args, lang), lang)
    if not answer["ok"]:
        raise BlockError(f"lcc-sensitivity: invalid scenario: {answer['errors']}")
    return str(answer["view"]["sensitivity_summary"])


def render_scenario_file(args: dict[str, Any], lang: str, page: Any) -> str:
    text = _file(args).read_text("utf-8").rstrip("\n")
    return f"```json\n{text}\n```\n"


BLOCKS = {
    "lcc-fields": render_fields,
    "lcc-inputs": render_inputs,
    "lcc-scenario-file": render_scenario_file,
    "lcc-schema-link": render_schema_link,
    "lcc-sensitivity": render_sensitivity,
}
