"""Life-cycle cost of two options: a first, simple comparison.

Each option has a purchase price paid at year 0, a constant running cost paid at the
end of each year of its service life, and a service life in whole years. For each
option it computes

* the life-cycle cost over its own service life, in present value:
  ``LCC = P + R * a(d, N)`` with ``a(d, N) = (1 - (1 + d) ** -N) / d`` (``N`` if d = 0);
* the equivalent annual cost ``EAC = LCC / a(d, N)``, which compares options with
  different service lives (each renewed like for like at the end of its life);

and, between the two, the difference ``B - A`` (negative: B costs less) of the EAC and
of the present value over a common horizon of ``max(N_A, N_B)`` years, taken as
``(EAC_B - EAC_A) * a(d, horizon)``.

Conventions: real discount rate, prices in constant money of the base year; purchase at
year 0 (not discounted); running costs at year end. The full life-cycle cost calculator
(replacements, residual value, energy, CO2e...) builds on this one.

Examples
--------
>>> result = compute({"price_a": 1000, "running_a": 300, "life_a": 8,
...                   "price_b": 1400, "running_b": 180, "life_b": 10,
...                   "discount_rate": 0.08, "currency": "USD"})
>>> [round(o["life_cycle_cost"], 2) for o in result["options"]]
[2723.99, 2607.81]
>>> round(result["comparison"]["eac_difference"], 2), result["comparison"]["lower_cost"]
(-85.37, 'b')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gpp_core import i18n
from gpp_core.calculator import Field, validate
from gpp_core.discounting import annuity_factor

NAME = "lcc-compare"
CURRENCIES = ("PEN", "THB", "VND", "USD", "EUR")
MAX_AMOUNT = 1e12
OPTIONS = ("a", "b")

FIELDS: tuple[Field, ...] = (
    Field("currency", "choice", "USD", choices=CURRENCIES, group="buyer"),
    Field("discount_rate", "rate", 0.08, unit="1/year", minimum=0.0, maximum=0.3, group="buyer"),
    *(
        spec
        for option, (price, running, life) in zip(
            OPTIONS, ((1000.0, 300.0, 8), (1400.0, 180.0, 10)), strict=True
        )
        for spec in (
            Field(f"name_{option}", "text", "", role="option", group=option, max_length=60),
            Field(
                f"price_{option}",
                "number",
                price,
                unit="currency",
                minimum=0.0,
                maximum=MAX_AMOUNT,
                role="option",
                group=option,
            ),
            Field(
                f"running_{option}",
                "number",
                running,
                unit="currency/year",
                minimum=0.0,
                maximum=MAX_AMOUNT,
                role="option",
                group=option,
            ),
            Field(
                f"life_{option}",
                "integer",
                life,
                unit="year",
                minimum=1,
                maximum=50,
                role="option",
                group=option,
            ),
        )
    ),
)

# Differences smaller than half a cent (or half a dong) are a tie.
_TIE = 0.005


def compute(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Compare the life-cycle cost of options A and B (see the module docstring).

    Parameters
    ----------
    inputs : mapping
        ``currency`` (ISO 4217 code), ``discount_rate`` [1/year], and for ``x`` in a, b:
        ``name_x`` (text, may be empty), ``price_x`` [currency], ``running_x``
        [currency/year], ``life_x`` [year]. Missing inputs take their defaults.

    Returns
    -------
    dict
        ``{"ok": True, "options": [...], "comparison": {...}}``, or
        ``{"ok": False, "errors": [{"field", "key", "params"}, ...]}``.
    """
    values, issues = validate(FIELDS, inputs)
    if issues:
        return {"ok": False, "calculator": NAME, "errors": [i.to_json() for i in issues]}
    rate = values["discount_rate"]
    options = []
    for option in OPTIONS:
        price, running, life = (values[f"{k}_{option}"] for k in ("price", "running", "life"))
        factor = annuity_factor(rate, life)
        lcc = price + running * factor
        options.append(
            {
                "key": option,
                "name": values[f"name_{option}"],
                "purchase_price": price,
                "running_cost_per_year": running,
                "service_life": life,
                "pv_running_costs": running * factor,
                "life_cycle_cost": lcc,
                "equivalent_annual_cost": lcc / factor,
            }
        )
    a, b = options
    horizon = max(a["service_life"], b["service_life"])
    eac_difference = b["equivalent_annual_cost"] - a["equivalent_annual_cost"]
    higher = max(a["equivalent_annual_cost"], b["equivalent_annual_cost"])
    lower_cost = "tie" if abs(eac_difference) < _TIE else ("b" if eac_difference < 0 else "a")
    return {
        "ok": True,
        "calculator": NAME,
        "currency": values["currency"],
        "discount_rate": rate,
        "options": options,
        "comparison": {
            "horizon_years": horizon,
            "eac_difference": eac_difference,
            "pv_difference_over_horizon": eac_difference * annuity_factor(rate, horizon),
            "lower_cost": lower_cost,
            "saving_share": 0.0 if higher == 0 else abs(eac_difference) / higher,
        },
    }


def view(result: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Lay out a successful result for readers of ``lang`` (tables and a summary)."""
    t = i18n.translate
    currency = result["currency"]
    a, b = result["options"]
    names = {o["key"]: o["name"] or t(f"{NAME}.option_{o['key']}", lang) for o in (a, b)}
    comparison = result["comparison"]

    def money(value: float | None) -> dict[str, Any]:
        return {"kind": "money", "value": value} if value is not None else {"kind": "empty"}

    same_life = a["service_life"] == b["service_life"]
    rows = [
        ("purchase_price", "money", True),
        ("running_cost_per_year", "money", True),
        ("service_life", "years", True),
        ("pv_running_costs", "money", same_life),
        ("life_cycle_cost", "money", same_life),
        ("equivalent_annual_cost", "money", True),
    ]
    table_rows = []
    for key, kind, with_difference in rows:
        cells: list[dict[str, Any]] = [{"kind": kind, "value": o[key]} for o in (a, b)]
        difference = b[key] - a[key] if with_difference else None
        cells.append(
            {"kind": kind, "value": difference} if difference is not None else {"kind": "empty"}
        )
        table_rows.append(
            {
                "label": t(f"{NAME}.row.{key}", lang),
                "cells": cells,
                "emphasis": key == "equivalent_annual_cost",
            }
        )
    table_rows.append(
        {
            "label": t(
                f"{NAME}.row.pv_difference_over_horizon", lang, years=comparison["horizon_years"]
            ),
            "cells": [
                {"kind": "empty"},
                {"kind": "empty"},
                money(comparison["pv_difference_over_horizon"]),
            ],
            "emphasis": True,
        }
    )

    def fmt(value: float) -> str:
        return i18n.format_money(value, currency, lang)

    if comparison["lower_cost"] == "tie":
        summary = t(f"{NAME}.summary.tie", lang, eac=fmt(a["equivalent_annual_cost"]))
    else:
        winner = comparison["lower_cost"]
        loser = "a" if winner == "b" else "b"
        summary = t(
            f"{NAME}.summary.lower",
            lang,
            winner=names[winner],
            loser=names[loser],
            saving_year=fmt(abs(comparison["eac_difference"])),
            share=i18n.format_percent(comparison["saving_share"], lang),
            saving_pv=fmt(abs(comparison["pv_difference_over_horizon"])),
            years=comparison["horizon_years"],
        )
    notes = [t(f"{NAME}.note.conventions", lang)]
    if not same_life:
        notes.append(t(f"{NAME}.note.different_lives", lang))
    return {
        "currency": currency,
        "summary": summary,
        "tables": [
            {
                "caption": t(f"{NAME}.table.caption", lang),
                "columns": ["", names["a"], names["b"], t(f"{NAME}.column.difference", lang)],
                "rows": table_rows,
            }
        ],
        "notes": notes,
    }
