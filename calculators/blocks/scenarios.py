"""Scenario files: preset links, and results computed at build time.

A scenario file, ``content/scenarios/<area>/<name>.json``, holds a calculator's typed
inputs (the JSON of ``gpp run``), so one file drives a worked case, the figures quoted
in its text and the link that opens the calculator with the same values::

    {"calculator": "bid-scorer", "illustrative": true, "note": "...", "values": {...}}

Any object in ``values`` whose keys are exactly es/en/th/vi is a text in four languages,
replaced by the page language's (:func:`gpp_core.presets.localized`).

``<span data-gpp-block="preset-link" data-gpp-args='{"file": "content/scenarios/x.json",
"text": "Open the exercise"}'></span>``
    a link to the page that holds the calculator, with the values in the fragment
    (:mod:`gpp_core.presets`); the build checks the values first.
``<div data-gpp-block="scenario-result" data-gpp-args='{"file": "..."}'></div>``
    the summary sentence and result tables, computed now by gpp_core.
``<span data-gpp-block="scenario-value" data-gpp-args='{"file": "...",
"path": "result.x.0.y"}'></span>`` (on one line)
    one input (``values.…``) or computed figure (``result.…``), formatted for the page's
    language (``"format"``: money, number, percent, years, tonnes, text, summary).
"""

from __future__ import annotations

import re
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from calculators.blocks import BlockError, BlockPage, lookup, read_json

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
CALCULATOR = re.compile(r"<div\s+data-gpp-calculator=\"(?P<name>[a-z0-9-]+)\"")


def load(file: Any) -> dict[str, Any]:
    """The scenario file ``file`` (a path from the repository root), checked."""
    data = read_json(file)
    if not isinstance(data, dict) or not isinstance(data.get("calculator"), str):
        raise BlockError(f"{file}: a scenario file needs a 'calculator' name")
    if not isinstance(data.get("values"), dict):
        raise BlockError(f"{file}: a scenario file needs 'values' (an object)")
    return data


def values(scenario: dict[str, Any], lang: str) -> dict[str, Any]:
    from gpp_core.presets import localized

    return dict(localized(scenario["values"], lang))


@cache
def _answer(file: str, mtime: float, lang: str) -> dict[str, Any]:
    """``{"summary", "html", "result", "currency"}`` of a scenario, or BlockError."""
    from gpp_core import calculators, presets

    scenario = load(file)
    name = scenario["calculator"]
    typed = values(scenario, lang)
    try:
        module = calculators.get(name)
    except KeyError as exc:
        raise BlockError(f"{file}: {exc}") from None
    errors = presets.check(name, typed, lang)
    if errors:
        listed = "; ".join(f"{e.get('field')}: {e.get('message')}" for e in errors)
        raise BlockError(f"{file}: the calculator refuses these values ({listed})")
    if name == "lcc":
        answer = module.api_evaluate(typed, lang)
        view = answer["view"]
        return {
            "summary": view["summary"],
            "result": answer["result"],
            "view": view,
            "currency": answer["result"]["currency"],
        }
    if name == "bid-scorer":
        answer = module.score_form(module.payload_from_state(module._state(typed, lang)), lang)
        view = answer["view"]
        return {
            "summary": view["summary"],
            "html": module.render_view_html(view),
            "result": answer["result"],
            "currency": typed.get("settings", {}).get("currency", "USD"),
        }
    if name == "clauses":
        answer = module.assemble_form(typed, lang)
        return {
            "summary": answer["summary"],
            "html": answer["html"],
            "result": module.compute(typed | {"lang": lang})["document"],
            "currency": "USD",
        }
    result = module.compute(typed)
    view = module.view(result, lang)
    if hasattr(module, "render_view_html"):
        html = module.render_view_html(view, lang)
    else:
        from gpp_core.html import render_view

        html = render_view(view, lang)
    return {
        "summary": view["summary"],
        "html": html,
        "result": result,
        "currency": typed.get("currency", "USD"),
    }


def answer(file: str, lang: str) -> dict[str, Any]:
    load(file)
    path = (ROOT / file).resolve()
    return _answer(file, path.stat().st_mtime, lang)


@cache
def _calculator_pages(lang: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for page in sorted((DOCS / lang).rglob("*.md")):
        for match in CALCULATOR.finditer(page.read_text("utf-8")):
            found.setdefault(match["name"], page.relative_to(DOCS / lang).as_posix())
    return found


def calculator_url(name: str, page: BlockPage) -> str:
    """The relative URL, from ``page``, of the page that holds calculator ``name``."""
    target = _calculator_pages(page.lang).get(name)
    if target is None:
        raise BlockError(f"no page of language {page.lang!r} holds the calculator {name!r}")
    return page.href_to(target)


def render_link(args: dict[str, Any], lang: str, page: BlockPage) -> str:
    """A link that opens the scenario's calculator filled with its values."""
    from gpp_core import presets

    scenario = load(args.get("file"))
    text = args.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BlockError("preset-link: give the link's 'text' in the page's language")
    answer(args["file"], lang)  # the values are checked (and computable) before linking
    name = scenario["calculator"]
    href = calculator_url(name, page) + "#" + presets.fragment(name, values(scenario, lang))
    return (
        f'<a class="gpp-preset-link" href="{escape(href)}" data-gpp-preset="{escape(args["file"])}"'
        f' data-gpp-preset-calculator="{escape(name)}">{escape(text)}</a>'
    )


def render_result(args: dict[str, Any], lang: str, page: BlockPage) -> str:
    """The summary sentence and the result of a scenario, in the page's language."""
    scenario = load(args.get("file"))
    if scenario["calculator"] == "lcc":
        from calculators.blocks.lcc import render_example

        return render_example(args, lang, page)
    got = answer(args["file"], lang)
    return (
        f'<div class="gpp-scenario-result" data-gpp-scenario="{escape(args["file"])}">'
        f'<p class="gpp-summary"><strong>{escape(got["summary"])}</strong></p>{got["html"]}</div>'
    )


def render_value(args: dict[str, Any], lang: str, page: BlockPage) -> str:
    """One input or computed figure of a scenario, formatted for the page's language."""
    from gpp_core import i18n

    file, path, fmt = args.get("file"), args.get("path"), args.get("format")
    scenario = load(file)
    if fmt == "summary":
        return escape(answer(str(file), lang)["summary"])
    if not isinstance(path, str) or not path.startswith(("values.", "result.")):
        raise BlockError("scenario-value: 'path' starts with 'values.' or 'result.'")
    source, _, rest = path.partition(".")
    if scenario["calculator"] == "lcc" and source == "result":
        from calculators.blocks.lcc import render_value as lcc_value

        return lcc_value({"file": file, "value": rest, "format": fmt}, lang, page)
    got = answer(str(file), lang)
    data = values(scenario, lang) if source == "values" else got["result"]
    value = lookup(data, rest, f"scenario-value {file}")
    if value is None:
        return escape(i18n.translate("widget.not_applicable", lang))
    if fmt == "text" or isinstance(value, str):
        return escape(str(value))
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BlockError(f"scenario-value: {path!r} is not a number or a text")
    fmt = fmt or "number"
    if fmt == "money":
        return escape(i18n.format_money(value, str(got["currency"]), lang))
    if fmt == "percent":
        return escape(i18n.format_percent(value, lang))
    if fmt in ("number", "years"):
        return escape(i18n.format_number(value, lang, max_decimals=2 if fmt == "number" else 1))
    if fmt == "tonnes":
        return escape(i18n.format_number(value, lang, max_decimals=0 if abs(value) >= 100 else 1))
    raise BlockError(f"scenario-value: unknown format {fmt!r}")


BLOCKS = {
    "preset-link": render_link,
    "scenario-result": render_result,
    "scenario-value": render_value,
}
