"""Exports of a life-cycle cost scenario: CSV, XLSX with live formulas, and JSON.

* ``csv``: UTF-8 with a byte-order mark (so spreadsheet programs show Thai and
  Vietnamese), comma-separated, numbers written with a dot and no grouping; labels in
  the reader's language. Text cells that a spreadsheet would run as a formula (starting
  with ``=``, ``+``, ``-``, ``@``, tab or carriage return) are prefixed with ``'``;
  numbers are written as numbers.
* ``xlsx``: a workbook whose results are **live formulas** over an inputs sheet (see
  :mod:`gpp_core.lcc_workbook`), with the engine's values cached in every cell.
* ``json``: the complete scenario (numbers), to open again or run with
  ``gpp run lcc scenario.json``.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from collections.abc import Mapping
from typing import Any

from gpp_core import __version__, i18n

__all__ = ["FORMATS", "csv_text", "export", "safe_cell"]

FORMATS = ("csv", "xlsx", "json")
MIME = {
    "csv": "text/csv;charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A cell value that no spreadsheet will run as a formula.

    >>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell(-12.5), safe_cell("-12.5")
    ('\\'=HYPERLINK("http://x")', -12.5, "'-12.5")
    """
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def _number(value: Any) -> Any:
    if isinstance(value, float):
        return repr(value) if value != int(value) or abs(value) >= 1e16 else str(int(value))
    return value


def _t(key: str, lang: str, **params: Any) -> str:
    return i18n.translate(f"lcc.{key}", lang, **params)


def rows(answer: Mapping[str, Any], lang: str) -> list[list[Any]]:
    """The CSV's rows: scenario, inputs, results, comparisons, yearly flows."""
    from gpp_core.calculators import lcc as calc

    scenario, result, view = answer["scenario"], answer["result"], answer["view"]
    names = view["option_names"]
    currency = scenario["currency"]
    out: list[list[Any]] = [
        [_t("title", lang), scenario.get("title", "")],
        [_t("export.generator", lang), f"gpp_core {__version__}"],
        [_t("export.country", lang), scenario["country"]],
        [_t("export.currency", lang), currency],
        [_t("export.summary", lang), view["summary"]],
        [],
        [_t("export.buyer", lang), _t("export.value", lang), _t("export.unit", lang)],
    ]
    for spec in calc.BUYER_FIELDS:
        value = scenario["buyer"][spec.name]
        out.append([_t(f"field.{spec.name}.label", lang), value, spec.unit])
    for year, value in scenario["buyer"].get(calc.SERIES, {}).items():
        out.append([f"{_t(f'field.{calc.SERIES}.label', lang)} {year}", value, "kgCO2e/kWh"])
    out += [[], [_t("export.options", lang), *names, _t("export.unit", lang)]]
    for spec in calc.OPTION_FIELDS:
        out.append(
            [
                _t(f"field.{spec.name}.label", lang),
                *[o[spec.name] for o in scenario["options"]],
                spec.unit,
            ]
        )
    out += [[], [_t("export.results", lang), *names, _t("export.unit", lang)]]
    for category in view["categories"]:
        out.append(
            [category["label"], *[o["pv"][category["key"]] for o in result["options"]], currency]
        )
    for key, unit in (
        ("lcc", currency),
        ("externalities", currency),
        ("lcc_with_externalities", currency),
        ("eac", f"{currency}/year"),
        ("co2e_t", "tCO2e"),
    ):
        out.append([_t(f"row.{key}", lang), *[o[key] for o in result["options"]], unit])
    out += [[], [_t("table.comparison", lang, baseline=names[0]), *names]]
    for key in (
        "net_savings_financial",
        "net_savings_with_externalities",
        "extra_investment",
        "simple_payback",
        "discounted_payback",
        "benefit_cost_ratio",
        "co2e_avoided_t",
        "cost_per_tco2e_avoided",
        "break_even_electricity_price",
        "break_even_petrol_price",
        "break_even_diesel_price",
        "break_even_carbon_price",
    ):
        label = _t(f"row.{key}", lang, currency=result["externality_currency"])
        out.append([label, *["" if c is None or c[key] is None else c[key]
                             for c in result["comparisons"]]])
    out += [[], [_t("export.yearly", lang)]]
    header = [_t("export.year", lang), _t("export.discount_factor", lang)]
    for name in names:
        header += [
            f"{name}: {_t('export.cost', lang)}",
            f"{name}: {_t('export.emissions_cost', lang)}",
            f"{name}: tCO2e",
            f"{name}: {_t('chart.cumulative.title', lang)}",
        ]
    out.append(header)
    for t in range(result["period"] + 1):
        line: list[Any] = [t, result["discount_factors"][t]]
        for option in result["options"]:
            yearly = option["yearly"]
            line += [
                yearly["cost"][t],
                yearly["externalities"][t],
                yearly["co2e_t"][t],
                yearly["cumulative_discounted_cost"][t],
            ]
        out.append(line)
    out += [[], [_t("export.notes", lang)], *[[note] for note in view["notes"]]]
    return out


def csv_text(answer: Mapping[str, Any], lang: str) -> str:
    """The CSV export (with its byte-order mark)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows(answer, lang):
        writer.writerow([_number(safe_cell(cell)) for cell in row])
    return "\ufeff" + buffer.getvalue()


def _filename(scenario: Mapping[str, Any], ext: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", str(scenario.get("template") or "scenario")).strip("-")
    return f"lcc-{stem or 'scenario'}.{ext}"


def export(answer: Mapping[str, Any], fmt: str, lang: str) -> dict[str, Any]:
    """``{"filename", "mime", "text" | "base64"}`` for a successful evaluation."""
    scenario = answer["scenario"]
    if fmt == "csv":
        return {"filename": _filename(scenario, "csv"), "mime": MIME["csv"],
                "text": csv_text(answer, lang)}
    if fmt == "json":
        text = json.dumps(scenario, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
        return {"filename": _filename(scenario, "json"), "mime": MIME["json"], "text": text}
    from gpp_core.lcc_workbook import workbook

    data = workbook(answer, lang)
    return {
        "filename": _filename(scenario, "xlsx"),
        "mime": MIME["xlsx"],
        "base64": base64.b64encode(data).decode("ascii"),
    }
