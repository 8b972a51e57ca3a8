"""Exports of a life-cycle cost scenario: CSV, XLSX with live formulas, and JSON.

* ``csv``: UTF-8 with a byte-order mark (so spreadsheet programs show Thai and
  Vietnamese), comma-separated, numbers written with a dot and no grouping; labels in
  the reader's language. Text cells that a spreadsheet would run as a formula (starting
  with ``=``, ``+``, ``-``, ``@``, tab or carriage return) are prefixed with ``'``;
  numbers are written as numbers.
* ``xlsx``: a workbook whose results are **live formulas** over an inputs sheet (see
  :func:`workbook`), with the engine's values cached in every cell.
* ``json``: the complete scenario (numbers), to open again or run with
  ``gpp run lcc scenario.json``.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from gpp_core import __version__, i18n, lcc, tabular
from gpp_core.tabular import safe_cell
from gpp_core.xlsx import Cell, Sheet, column_letter, write_workbook

__all__ = ["FORMATS", "csv_text", "export", "safe_cell", "workbook"]

FORMATS = ("csv", "xlsx", "json")
MIME = {
    "csv": "text/csv;charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


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
        out.append(
            [label, *["" if c is None or c[key] is None else c[key] for c in result["comparisons"]]]
        )
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
    return tabular.csv_text(rows(answer, lang), lambda cell: _number(safe_cell(cell)))


def _filename(scenario: Mapping[str, Any], ext: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", str(scenario.get("template") or "scenario")).strip("-")
    return f"lcc-{stem or 'scenario'}.{ext}"


def export(answer: Mapping[str, Any], fmt: str, lang: str) -> dict[str, Any]:
    """``{"filename", "mime", "text" | "base64"}`` for a successful evaluation."""
    scenario = answer["scenario"]
    if fmt == "csv":
        return {
            "filename": _filename(scenario, "csv"),
            "mime": MIME["csv"],
            "text": csv_text(answer, lang),
        }
    if fmt == "json":
        text = json.dumps(scenario, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
        return {"filename": _filename(scenario, "json"), "mime": MIME["json"], "text": text}
    data = workbook(answer, lang)
    return {
        "filename": _filename(scenario, "xlsx"),
        "mime": MIME["xlsx"],
        "base64": base64.b64encode(data).decode("ascii"),
    }


def _ref(sheet: str, column: int, row: int) -> str:
    """An absolute reference to a cell of another sheet (``'Name'!$B$3``)."""
    return f"'{sheet.replace(chr(39), chr(39) * 2)}'!${column_letter(column)}${row}"


def bold(text: str) -> Cell:
    """A bold text cell."""
    return Cell(text, bold=True)


def workbook(answer: Mapping[str, Any], lang: str) -> bytes:
    """The XLSX export: inputs, yearly flows and results, every result a live formula.

    Sheet *inputs*: the buyer's parameters (column B) and the options' (one column
    each); *flows*: for each year ``t`` the discount factor, the grid factor, and per
    option the cost paid in ``t`` (constant prices), tonnes CO2e, cost of emissions and
    discounted cost, all as formulas over the inputs; *results*: present values
    (``SUMPRODUCT`` of flows and discount factors), EAC, tonnes, savings against the
    baseline. Each formula cell caches the engine's value, so a reader that does not
    recalculate shows the same figures; a spreadsheet program that does recalculates
    them from the inputs (a test checks the two agree with LibreOffice).
    """
    from gpp_core.calculators import lcc as calc

    scenario, result, view = answer["scenario"], answer["result"], answer["view"]
    buyer, options = scenario["buyer"], scenario["options"]
    names = view["option_names"]
    n = result["period"]
    decimals = i18n.currency_minor_units(scenario["currency"])
    money = "#,##0" if decimals == 0 else "#,##0." + "0" * decimals
    inputs_name = _t("sheet.inputs", lang)[:31]
    flows_name = _t("sheet.flows", lang)[:31]
    results_name = _t("sheet.results", lang)[:31]

    # Inputs ------------------------------------------------------------------------
    rows: list[list[Any]] = [
        [bold(scenario.get("title") or _t("title", lang))],
        [
            bold(_t("export.buyer", lang)),
            bold(_t("export.value", lang)),
            bold(_t("export.unit", lang)),
            None,
            bold(_t("export.year", lang)),
            bold(_t(f"field.{calc.SERIES}.label", lang)),
        ],
    ]
    at: dict[str, str] = {}
    for spec in calc.BUYER_FIELDS:
        value = buyer[spec.name]
        fmt = "0.00%" if spec.kind == "rate" else None
        rows.append(
            [_t(f"field.{spec.name}.label", lang), Cell(value, number_format=fmt), spec.unit]
        )
        at[spec.name] = _ref(inputs_name, 1, len(rows))
    B = at
    rows.append(
        [
            bold(_t("export.real_rate", lang)),
            Cell(
                result["real_discount_rate"],
                number_format="0.0000%",
                formula=f'IF({B["discount_basis"]}="nominal",(1+{B["discount_rate"]})/'
                f"(1+{B['inflation']})-1,{B['discount_rate']})",
            ),
            "1/year",
        ]
    )
    at["real_rate"] = r = _ref(inputs_name, 1, len(rows))
    rows.append(
        [
            bold(_t("export.annuity", lang)),
            Cell(
                result["annuity_factor"],
                number_format="0.000000",
                formula=f"IF({r}=0,{B['period']},(1-(1+{r})^(-{B['period']}))/{r})",
            ),
            "year",
        ]
    )
    at["annuity"] = _ref(inputs_name, 1, len(rows))
    series = list(buyer.get(calc.SERIES, {}).items())
    for k, (year, value) in enumerate(series):
        while len(rows) <= 2 + k:
            rows.append([])
        row = rows[2 + k]
        while len(row) < 4:
            row.append(None)
        row[4:6] = [int(year), value]
    last = 3 + max(len(series) - 1, 0)
    series_range = f"'{inputs_name}'!$E$3:$F${last}"
    rows += [
        [],
        [
            bold(_t("export.options", lang)),
            *[bold(nm) for nm in names],
            bold(_t("export.unit", lang)),
        ],
    ]
    opt: list[dict[str, str]] = [{} for _ in options]
    for spec in calc.OPTION_FIELDS:
        line: list[Any] = [_t(f"field.{spec.name}.label", lang)]
        for option in options:
            value = option[spec.name]
            if spec.name == "quantity" and value is None:
                line.append(Cell(buyer["quantity"], formula=B["quantity"].replace("$", "")))
            else:
                line.append(Cell(value, number_format="0.00%" if spec.kind == "rate" else None))
        line.append(spec.unit)
        rows.append(line)
        for k in range(len(options)):
            opt[k][spec.name] = _ref(inputs_name, 1 + k, len(rows))
    inputs = Sheet(inputs_name, rows, [44.0, 18.0, 16.0, 4.0, 10.0, 14.0])

    # Flows ---------------------------------------------------------------------------
    header: list[Any] = [
        bold(_t("export.year", lang)),
        bold(_t("export.discount_factor", lang)),
        bold(_t("field.grid_factor.label", lang)),
    ]
    for name in names:
        header += [
            bold(f"{name}: {_t('export.cost', lang)}"),
            bold(f"{name}: tCO2e"),
            bold(f"{name}: {_t('export.emissions_cost', lang)}"),
            bold(f"{name}: {_t('export.discounted_cost', lang)}"),
        ]
    flow_rows: list[list[Any]] = [header]
    grid = lcc.grid_factors(buyer)
    nn = B["period"]
    for t in range(n + 1):
        row_no = t + 2
        a = f"$A{row_no}"
        line = [
            t,
            Cell(result["discount_factors"][t], number_format="0.000000", formula=f"1/(1+{r})^{a}"),
            Cell(
                grid[t],
                number_format="0.0000",
                formula=f"IF({a}=0,0,IFERROR(VLOOKUP({B['start_year']}+{a}-1,{series_range},2,0),"
                f"{B['grid_factor']}*(1+{B['grid_factor_change']})^({a}-1)))",
            ),
        ]
        for k, option in enumerate(result["options"]):
            o = opt[k]
            index = result["price_index"][t]
            yearly = option["yearly"]
            cost_value = yearly["cost"][t] / index
            fuel_price = (
                f'IF({o["fuel"]}="petrol",{B["petrol_price"]},'
                f'IF({o["fuel"]}="diesel",{B["diesel_price"]},0))'
            )
            fuel_factor = (
                f'IF({o["fuel"]}="petrol",{B["petrol_factor"]},'
                f'IF({o["fuel"]}="diesel",{B["diesel_factor"]},0))'
            )
            q, p, life = o["quantity"], o["purchase_price"], o["service_life"]
            cost = (
                f"IF(AND(MOD({a},{life})=0,{a}<{nn}),{q}*({p}+{o['installation']}),0)"
                f"+IF(AND({a}>0,MOD({a},{life})=0),{q}*{o['end_of_life']},0)"
                f'+IF(AND({a}={nn},{B["residual_value"]}="linear",MOD({nn},{life})<>0),'
                f"-{q}*{p}*({life}-MOD({nn},{life}))/{life},0)"
                f"+IF({a}>0,{q}*({o['electricity_kwh']}*{B['electricity_price']}"
                f"*(1+{B['electricity_escalation']})^{a}"
                f"+{o['fuel_litres']}*{fuel_price}*(1+{B['fuel_escalation']})^{a}"
                f"+{o['water_m3']}*{B['water_price']}*(1+{B['water_escalation']})^{a}"
                f"+{o['consumables']}+{o['maintenance']}+{o['maintenance_share']}*{p}"
                f"+{o['other_costs']}-{o['benefit_yearly']}),-{q}*{o['benefit_once']})"
            )
            base = 3 + 4 * k
            cost_ref = f"{column_letter(base)}{row_no}"
            co2_ref = f"{column_letter(base + 1)}{row_no}"
            ext_ref = f"{column_letter(base + 2)}{row_no}"
            co2 = (
                f"IF({a}>0,{q}*({o['electricity_kwh']}*$C{row_no}+{o['fuel_litres']}"
                f"*{fuel_factor}+{o['other_emissions']})/1000,0)"
            )
            ext = (
                f"{co2_ref}*{B['carbon_price']}*{B['exchange_rate']}"
                f"*(1+{B['carbon_escalation']})^{a}"
                f"+IF({a}>0,{q}*({o['nox_kg']}*{B['nox_price']}+{o['nmhc_kg']}"
                f"*{B['nmhc_price']}+{o['pm_kg']}*{B['pm_price']})*{B['exchange_rate']},0)"
            )
            line += [
                Cell(cost_value, formula=cost, number_format=money),
                Cell(yearly["co2e_t"][t], formula=co2, number_format="0.000"),
                Cell(yearly["externalities"][t] / index, formula=ext, number_format=money),
                Cell(
                    cost_value * result["discount_factors"][t],
                    formula=f"{cost_ref}*$B{row_no}",
                    number_format=money,
                ),
            ]
            del ext_ref
        flow_rows.append(line)
    flows = Sheet(flows_name, flow_rows, [8.0, 14.0, 12.0] + [18.0] * (4 * len(options)))

    # Results -------------------------------------------------------------------------
    last_row = n + 2

    def col(k: int, offset: int) -> str:
        letter = column_letter(3 + 4 * k + offset)
        return f"'{flows_name}'!${letter}$2:${letter}${last_row}"

    dfs = f"'{flows_name}'!$B$2:$B${last_row}"
    res_rows: list[list[Any]] = [[None, *[bold(nm) for nm in names]]]
    lines: list[tuple[str, str, Callable[[int], str], str]] = [
        ("row.lcc", "lcc", lambda k: f"SUMPRODUCT({col(k, 0)},{dfs})", money),
        ("row.externalities", "externalities", lambda k: f"SUMPRODUCT({col(k, 2)},{dfs})", money),
        (
            "row.lcc_with_externalities",
            "lcc_with_externalities",
            lambda k: f"{column_letter(1 + k)}2+{column_letter(1 + k)}3",
            money,
        ),
        ("row.eac", "eac", lambda k: f"{column_letter(1 + k)}2/{at['annuity']}", money),
        ("row.co2e_t", "co2e_t", lambda k: f"SUM({col(k, 1)})", "0.000"),
    ]
    for key, field, formula, fmt in lines:
        res_rows.append(
            [
                bold(_t(key, lang)),
                *[
                    Cell(o[field], formula=formula(k), number_format=fmt)
                    for k, o in enumerate(result["options"])
                ],
            ]
        )
    comparisons = result["comparisons"]
    for key, source_row, fmt in (
        ("row.net_savings_financial", 2, money),
        ("row.net_savings_with_externalities", 4, money),
        ("row.co2e_avoided_t", 6, "0.000"),
    ):
        field = {
            2: "net_savings_financial",
            4: "net_savings_with_externalities",
            6: "co2e_avoided_t",
        }[source_row]
        res_rows.append(
            [
                bold(_t(key, lang)),
                None,
                *[
                    Cell(
                        comparisons[k][field],
                        number_format=fmt,
                        formula=f"$B${source_row}-{column_letter(1 + k)}{source_row}",
                    )
                    for k in range(1, len(options))
                ],
            ]
        )
    res_rows += [
        [],
        [_t("export.summary", lang), view["summary"]],
        [_t("export.conventions_xlsx", lang)],
    ]
    results = Sheet(results_name, res_rows, [44.0] + [20.0] * len(options))
    return write_workbook([inputs, flows, results])
