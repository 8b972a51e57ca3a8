"""Worked examples of the life-cycle cost calculator, computed at build time.

So that the guide never types a number, its examples name a scenario and the build
computes it with gpp_core in the page's language:

``<div data-gpp-block="lcc-example"
data-gpp-args='{"country": "pe", "template": "led-indoor"}'></div>`` (on one line)
    the summary sentence and the result tables (``"tables"``: any of ``"results"``,
    ``"comparison"``, ``"scenarios"``; default the first two) of a country pack with a
    product template, or of a scenario file (``"file": "content/scenarios/x.json"``, a
    path from the repository root).
``<span data-gpp-block="lcc-value" data-gpp-args='{"template": "led-indoor", "country": "pe",
"value": "comparisons.1.net_savings"}'></span>``
    one figure of the result, formatted as the calculator shows it. ``value`` is a dotted
    path in the result of ``lcc.evaluate`` (``options.0.lcc``, ``options.1.co2e_t``,
    ``comparisons.1.simple_payback``, ``period``...); ``"format"`` is ``money``,
    ``number``, ``tonnes``, ``years``, ``percent`` or ``summary`` (the whole sentence),
    guessed from the path when left out.
"""

from __future__ import annotations

from typing import Any

from calculators.blocks import BlockError, BlockPage, lookup, read_json

TABLES = ("results", "comparison", "scenarios")


def _answer(args: dict[str, Any], lang: str) -> dict[str, Any]:
    from gpp_core.calculators import lcc as calc

    if "file" in args:
        scenario = read_json(args["file"])
        if isinstance(scenario, dict) and "calculator" in scenario:  # content/scenarios/
            from calculators.blocks import scenarios

            if scenario["calculator"] != "lcc":
                raise BlockError(f"lcc: {args['file']} is a {scenario['calculator']} scenario")
            scenario = scenarios.values(scenario, lang)
    else:
        country, template = args.get("country", "generic"), args.get("template", "led-indoor")
        defaults = calc.api_defaults({"country": country, "template": template}, lang)
        if not defaults["ok"]:
            raise BlockError(f"lcc: {defaults['errors'][0]['message']}")
        scenario = defaults["scenario"]
    answer = calc.api_evaluate(scenario, lang)
    if not answer["ok"]:
        fields = ", ".join(f"{e['field']}: {e['message']}" for e in answer["errors"])
        raise BlockError(f"lcc: the scenario is invalid ({fields})")
    return answer


def render_example(args: dict[str, Any], lang: str, page: BlockPage) -> str:
    """Summary sentence and result tables of a scenario, in the page's language."""
    from gpp_core.html import render_view

    answer = _answer(args, lang)
    view = answer["view"]
    wanted = args.get("tables", ["results", "comparison"])
    if not set(wanted) <= set(TABLES):
        raise BlockError(f"lcc-example: tables must be among {', '.join(TABLES)}")
    tables = [view["tables"][TABLES.index(name)] for name in wanted]
    html = render_view({**view, "tables": tables, "notes": view["notes"][1:]}, lang)
    from html import escape

    return (
        f'<div class="gpp-lcc-example"><p class="gpp-summary"><strong>'
        f"{escape(view['summary'])}</strong></p>{html}</div>"
    )


def render_value(args: dict[str, Any], lang: str, page: BlockPage) -> str:
    """One figure of a scenario's result, formatted for the page's language."""
    from gpp_core import i18n

    answer = _answer(args, lang)
    path = args.get("value")
    fmt = args.get("format")
    if fmt == "summary":
        return str(answer["view"]["summary"])
    if not isinstance(path, str):
        raise BlockError("lcc-value: give the dotted path of a value, e.g. options.0.lcc")
    value = lookup(answer["result"], path, "lcc-value")
    last = path.rsplit(".", 1)[-1]
    if fmt is None:
        if last.endswith("_t"):
            fmt = "tonnes"
        elif "payback" in last or last == "period":
            fmt = "years"
        elif last in ("benefit_cost_ratio",):
            fmt = "number"
        elif "rate" in last:
            fmt = "percent"
        else:
            fmt = "money"
    if value is None:
        return i18n.translate("widget.not_applicable", lang)
    if not isinstance(value, (int, float)):
        raise BlockError(f"lcc-value: {path!r} is not a number")
    if fmt == "money":
        currency = answer["result"]["currency"]
        if "carbon" in last:
            currency = answer["result"]["externality_currency"]
        return i18n.format_money(abs(value) if args.get("absolute") else value, currency, lang)
    if fmt == "tonnes":
        return i18n.format_number(value, lang, max_decimals=0 if abs(value) >= 100 else 1)
    if fmt == "years":
        return i18n.format_number(value, lang, max_decimals=1)
    if fmt == "percent":
        return i18n.format_percent(value, lang)
    if fmt == "number":
        return i18n.format_number(value, lang)
    raise BlockError(f"lcc-value: unknown format {fmt!r}")


BLOCKS = {"lcc-example": render_example, "lcc-value": render_value}
