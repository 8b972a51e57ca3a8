"""Life-cycle cost (LCC) and cost-benefit comparison of 2 to 6 options.

The model behind the ``lcc`` calculator (:mod:`gpp_core.calculators.lcc`, which reads
and checks the scenario and words the result). Everything here takes validated,
resolved numbers: a country pack only pre-fills them.

Conventions (stated on the method page and in every result's notes)
--------------------------------------------------------------------
* **Time** in whole years ``t = 0..N`` from the base date; ``N`` is the analysis period.
  Purchases at ``t = 0`` are **not discounted**; yearly flows of year ``t`` are paid at
  the **end** of year ``t`` and discounted by ``(1 + d) ** t``.
* **Prices** are entered at today's level (constant money). A yearly **escalation**
  ``e`` is a real change above general inflation: the price paid in year ``t`` is
  ``p (1 + e) ** t`` (``t = 0`` is today's price).
* **Discount rate**: real by default. With ``discount_basis = "nominal"`` the rate
  entered is nominal and ``inflation`` is given; every future flow is then inflated by
  ``(1 + i) ** t`` and discounted at the nominal rate, which gives the same present
  values as discounting constant prices at the real rate ``(1 + n) / (1 + i) - 1``.
  Yearly undiscounted flows (and the simple payback) are then in nominal money.
* **Replacements**: a unit whose service life ``L`` is shorter than the period is bought
  again (purchase and installation) at ``t = L, 2L, ...`` while ``t < N``; each unit's
  end-of-life amount (cost, or resale if negative) is booked when its life ends within
  the period. The unit still in service at ``N`` is credited with its **residual
  value**, linear in the purchase price (``P * remaining life / L``), unless the buyer
  excludes residual value; its end of life falls after the period and is not counted.
* **Signs**: costs are positive; residual value and benefits enter the life-cycle cost
  as negative amounts. Savings against the baseline are positive.
* **Externalities**: tonnes of CO2e from electricity (grid factor by calendar year),
  fuels (factor per litre) and other yearly emissions, valued at the carbon price
  (escalated like any price); pollutants (NOx, NMHC, particulates) at a price per kg.
  They are reported apart: ``lcc`` is the financial cost, ``lcc_with_externalities``
  adds them. ``rank_by`` chooses which of the two ranks the options.
* **EAC** is the constant year-end amount over the period whose present value is the
  life-cycle cost, at the real rate: ``EAC = LCC * d / (1 - (1 + d) ** -N)``.

Formulas (methods.md)::

    LCC  = I_0 + sum_t (E_t + W_t + M_t + O_t) / (1+d)^t + (EoL_N - RV_N) / (1+d)^N
    LCCx = LCC + sum_t GHG_t * P_CO2,t / (1+d)^t
    EAC  = LCC * d / (1 - (1+d)^-N)          (d = 0: LCC / N)

Fast evaluation
---------------
Each option is turned once into *components*: a yearly stream (``t = 0..N``) and the
names of the *drivers* that multiply it (a price, or a scale used by the sensitivity
analysis). A present value is then ``sum(multipliers) * dot(stream, discount factors)``,
so the sensitivity analysis (dozens of variants) only re-weights cached dot products.

Example
-------
>>> buyer = dict(BUYER_DEFAULTS, period=10, discount_rate=0.08, electricity_price=0.5)
>>> lamp = dict(OPTION_DEFAULTS, purchase_price=10, service_life=10, electricity_kwh=100)
>>> led = dict(OPTION_DEFAULTS, purchase_price=25, service_life=10, electricity_kwh=40)
>>> result = life_cycle_costs(buyer, [lamp, led])
>>> [round(o["lcc"], 2) for o in result["options"]]
[345.5, 159.2]
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping, Sequence
from typing import Any

from gpp_core.discounting import annuity_factor, discounted_payback, simple_payback

__all__ = [
    "BUYER_DEFAULTS",
    "CATEGORIES",
    "EXTERNALITY_CATEGORIES",
    "FUELS",
    "OPTION_DEFAULTS",
    "POLLUTANTS",
    "grid_factors",
    "life_cycle_costs",
    "real_discount_rate",
]

CATEGORIES = (
    "acquisition",
    "energy",
    "water",
    "consumables",
    "maintenance",
    "other",
    "end_of_life",
    "residual_value",
    "benefits",
)
EXTERNALITY_CATEGORIES = ("carbon", "pollutants")
FUELS = ("petrol", "diesel")
POLLUTANTS = ("nox", "nmhc", "pm")

#: Buyer parameters with their neutral defaults (a country pack pre-fills most of them).
BUYER_DEFAULTS: dict[str, Any] = {
    "period": 10,
    "start_year": 2026,
    "discount_basis": "real",
    "discount_rate": 0.04,
    "inflation": 0.0,
    "quantity": 1,
    "electricity_price": 0.0,
    "electricity_escalation": 0.0,
    "petrol_price": 0.0,
    "diesel_price": 0.0,
    "fuel_escalation": 0.0,
    "water_price": 0.0,
    "water_escalation": 0.0,
    "grid_factor": 0.0,
    "grid_factor_change": 0.0,
    "grid_factor_by_year": {},
    "petrol_factor": 2.52,
    "diesel_factor": 2.98,
    "externality_currency": "USD",
    "exchange_rate": 1.0,
    "carbon_price": 0.0,
    "carbon_escalation": 0.0,
    "nox_price": 0.0,
    "nmhc_price": 0.0,
    "pm_price": 0.0,
    "residual_value": "linear",
    "rank_by": "lcc",
    "sensitivity_range": 0.2,
}

#: Option (bidder) inputs with their defaults; amounts are per unit.
OPTION_DEFAULTS: dict[str, Any] = {
    "name": "",
    "quantity": None,
    "purchase_price": 0.0,
    "installation": 0.0,
    "service_life": 10,
    "electricity_kwh": 0.0,
    "fuel": "none",
    "fuel_litres": 0.0,
    "water_m3": 0.0,
    "consumables": 0.0,
    "maintenance": 0.0,
    "maintenance_share": 0.0,
    "other_costs": 0.0,
    "end_of_life": 0.0,
    "benefit_once": 0.0,
    "benefit_yearly": 0.0,
    "other_emissions": 0.0,
    "nox_kg": 0.0,
    "nmhc_kg": 0.0,
    "pm_kg": 0.0,
}

# Sensitivity inputs: buyer inputs varied by ± range, then scales applied to every option.
TORNADO_INPUTS = (
    "discount_rate",
    "electricity_price",
    "petrol_price",
    "diesel_price",
    "water_price",
    "carbon_price",
    "purchase_price",
    "energy_use",
    "maintenance",
    "consumables",
    "service_life",
)
_SCALES = {
    "purchase_price": "scale.purchase",
    "energy_use": "use.energy",
    "maintenance": "scale.maintenance",
    "consumables": "scale.consumables",
}
_PRICE_DRIVERS = {
    "electricity_price": "electricity_price",
    "petrol_price": "fuel_price.petrol",
    "diesel_price": "fuel_price.diesel",
    "water_price": "water_price",
    "carbon_price": "carbon_price",
}
SWEEP_POINTS = 11
_TIE = 1e-9  # relative: differences below this share of the costs are ties

Component = tuple[str, list[float], tuple[str, ...]]


def real_discount_rate(buyer: Mapping[str, Any]) -> float:
    """The real discount rate used for present values.

    ``d`` itself when ``discount_basis`` is ``"real"``; ``(1 + n) / (1 + i) - 1`` when
    it is ``"nominal"``.

    >>> round(real_discount_rate({"discount_basis": "nominal", "discount_rate": 0.0608,
    ...                           "inflation": 0.02}), 6)
    0.04
    """
    rate = float(buyer["discount_rate"])
    if buyer.get("discount_basis") == "nominal":
        return (1.0 + rate) / (1.0 + float(buyer.get("inflation", 0.0))) - 1.0
    return rate


def grid_factors(buyer: Mapping[str, Any]) -> list[float]:
    """Grid emission factor for each year ``t = 0..N`` of the analysis. [kgCO2e/kWh]

    Year ``t`` (``t >= 1``) is the calendar year ``start_year + t - 1``. A published
    value in ``grid_factor_by_year`` applies to its own calendar year; every other year
    uses ``grid_factor * (1 + grid_factor_change) ** (t - 1)``.

    >>> grid_factors({"period": 3, "start_year": 2022, "grid_factor": 0.5,
    ...               "grid_factor_change": 0.0,
    ...               "grid_factor_by_year": {"2022": 0.6766, "2023": 0.6592}})
    [0.0, 0.6766, 0.6592, 0.5]
    """
    series = {
        int(year): float(value) for year, value in buyer.get("grid_factor_by_year", {}).items()
    }
    base, change = float(buyer["grid_factor"]), float(buyer.get("grid_factor_change", 0.0))
    factors = [0.0]
    for t in range(1, int(buyer["period"]) + 1):
        year = int(buyer["start_year"]) + t - 1
        factors.append(series[year] if year in series else base * (1.0 + change) ** (t - 1))
    return factors


def _option_components(
    option: Mapping[str, Any], buyer: Mapping[str, Any], life_scale: float = 1.0
) -> tuple[list[Component], list[Component], list[int]]:
    """Money components and emission components (tonnes CO2e) of one option.

    Returns ``(money, emissions, purchase_years)``. Streams are in constant money
    (real), per year ``t = 0..N``, already multiplied by the quantity.
    """
    n = int(buyer["period"])
    q = float(option["quantity"] if option.get("quantity") is not None else buyer["quantity"])
    life = max(1, round(int(option["service_life"]) * life_scale))
    price, install = float(option["purchase_price"]), float(option["installation"])
    zero = [0.0] * (n + 1)

    def yearly(amount: float, escalation: float = 0.0) -> list[float]:
        if escalation == 0.0:
            return [0.0, *([amount] * n)]
        return [0.0] + [amount * (1.0 + escalation) ** t for t in range(1, n + 1)]

    purchase, installation, end_of_life, residual = zero[:], zero[:], zero[:], zero[:]
    purchase_years = list(range(0, n, life))
    for year in purchase_years:
        purchase[year] += q * price
        installation[year] += q * install
        end = year + life
        if end <= n:
            end_of_life[end] += q * float(option["end_of_life"])
        elif buyer["residual_value"] == "linear":
            residual[n] -= q * price * (end - n) / life
    money: list[Component] = [
        ("acquisition", purchase, ("scale.purchase",)),
        ("acquisition", installation, ()),
        ("end_of_life", end_of_life, ()),
        ("residual_value", residual, ("scale.purchase",)),
    ]
    emissions: list[Component] = []
    carbon_esc = float(buyer["carbon_escalation"])
    carbon_index = [(1.0 + carbon_esc) ** t for t in range(n + 1)]
    kwh = q * float(option["electricity_kwh"])
    if kwh:
        money.append(
            (
                "energy",
                yearly(kwh, float(buyer["electricity_escalation"])),
                ("electricity_price", "use.energy"),
            )
        )
        tonnes = [kwh * f / 1000.0 for f in grid_factors(buyer)]
        emissions.append(("co2e", tonnes, ("use.energy",)))
        money.append(
            (
                "carbon",
                [v * c for v, c in zip(tonnes, carbon_index, strict=True)],
                ("carbon_price", "use.energy"),
            )
        )
    fuel, litres = option["fuel"], q * float(option["fuel_litres"])
    if fuel in FUELS and litres:
        money.append(
            (
                "energy",
                yearly(litres, float(buyer["fuel_escalation"])),
                (f"fuel_price.{fuel}", "use.energy"),
            )
        )
        tonnes = yearly(litres * float(buyer[f"{fuel}_factor"]) / 1000.0)
        emissions.append(("co2e", tonnes, ("use.energy",)))
        money.append(
            (
                "carbon",
                [v * c for v, c in zip(tonnes, carbon_index, strict=True)],
                ("carbon_price", "use.energy"),
            )
        )
    other_t = q * float(option["other_emissions"]) / 1000.0
    if other_t:
        tonnes = yearly(other_t)
        emissions.append(("co2e", tonnes, ()))
        money.append(
            (
                "carbon",
                [v * c for v, c in zip(tonnes, carbon_index, strict=True)],
                ("carbon_price",),
            )
        )
    water = q * float(option["water_m3"])
    if water:
        money.append(("water", yearly(water, float(buyer["water_escalation"])), ("water_price",)))
    for category, key, drivers in (
        ("consumables", "consumables", ("scale.consumables",)),
        ("maintenance", "maintenance", ("scale.maintenance",)),
        ("other", "other_costs", ()),
    ):
        amount = q * float(option[key])
        if amount:
            money.append((category, yearly(amount), drivers))
    share = q * float(option["maintenance_share"]) * price
    if share:
        money.append(("maintenance", yearly(share), ("scale.purchase", "scale.maintenance")))
    benefits = [0.0] * (n + 1)
    benefits[0] -= q * float(option["benefit_once"])
    for t in range(1, n + 1):
        benefits[t] -= q * float(option["benefit_yearly"])
    if any(benefits):
        money.append(("benefits", benefits, ()))
    for pollutant in POLLUTANTS:
        kg = q * float(option[f"{pollutant}_kg"])
        if kg:
            money.append(("pollutants", yearly(kg), (f"{pollutant}_price",)))
    return money, emissions, purchase_years


def _multipliers(buyer: Mapping[str, Any]) -> dict[str, float]:
    rate = float(buyer["exchange_rate"])
    return {
        "electricity_price": float(buyer["electricity_price"]),
        "fuel_price.petrol": float(buyer["petrol_price"]),
        "fuel_price.diesel": float(buyer["diesel_price"]),
        "water_price": float(buyer["water_price"]),
        "carbon_price": float(buyer["carbon_price"]) * rate,
        **{f"{p}_price": float(buyer[f"{p}_price"]) * rate for p in POLLUTANTS},
        **dict.fromkeys(_SCALES.values(), 1.0),
    }


def _weight(drivers: tuple[str, ...], multipliers: Mapping[str, float]) -> float:
    weight = 1.0
    for driver in drivers:
        weight *= multipliers[driver]
    return weight


def _discount_factors(rate: float, n: int) -> list[float]:
    base = 1.0 / (1.0 + rate)
    return [base**t for t in range(n + 1)]


def _dot(stream: Sequence[float], factors: Sequence[float]) -> float:
    return math.fsum(map(operator.mul, stream, factors))


class _Prepared:
    """Components of every option with their dot products for one discount rate."""

    def __init__(
        self,
        buyer: Mapping[str, Any],
        options: Sequence[Mapping[str, Any]],
        life_scale: float = 1.0,
    ) -> None:
        self.parts = [_option_components(o, buyer, life_scale) for o in options]
        self.n = int(buyer["period"])
        self._dots: dict[float, list[list[float]]] = {}

    def dots(self, rate: float) -> list[list[float]]:
        if rate not in self._dots:
            factors = _discount_factors(rate, self.n)
            self._dots[rate] = [
                [_dot(s, factors) for _, s, _ in money] for money, _, _ in self.parts
            ]
        return self._dots[rate]

    def measures(
        self, rate: float, multipliers: Mapping[str, float]
    ) -> tuple[list[float], list[float]]:
        """Financial LCC and LCC with externalities of every option."""
        financial, external = [], []
        for (money, _, _), dots in zip(self.parts, self.dots(rate), strict=True):
            fin = ext = 0.0
            for (category, _, drivers), value in zip(money, dots, strict=True):
                amount = value * _weight(drivers, multipliers)
                if category in EXTERNALITY_CATEGORIES:
                    ext += amount
                else:
                    fin += amount
            financial.append(fin)
            external.append(fin + ext)
        return financial, external


def _ranking(values: Sequence[float]) -> list[int]:
    scale = max((abs(v) for v in values), default=0.0) or 1.0
    return sorted(range(len(values)), key=lambda i: (round(values[i] / (scale * _TIE)), i))


def _best(values: Sequence[float]) -> int:
    return _ranking(values)[0]


def life_cycle_costs(
    buyer: Mapping[str, Any], options: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """Life-cycle cost of each option, comparisons with the baseline and sensitivity.

    Parameters
    ----------
    buyer : mapping
        Validated buyer parameters (see :data:`BUYER_DEFAULTS` for names; rates are
        fractions per year, prices in the scenario's currency, except carbon and
        pollutant prices, in ``externality_currency`` converted by ``exchange_rate``).
    options : sequence of mapping
        2 to 6 validated options (see :data:`OPTION_DEFAULTS`); ``options[0]`` is the
        baseline.

    Returns
    -------
    dict
        JSON-ready: ``options`` (present value by category, totals, EAC, CO2e, yearly
        streams), ``comparisons`` (against option 0), ``sensitivity`` and the ``rates``
        used. See :mod:`gpp_core.calculators.lcc` for the full shape.
    """
    n = int(buyer["period"])
    rate = real_discount_rate(buyer)
    nominal = buyer["discount_basis"] == "nominal"
    inflation = float(buyer["inflation"]) if nominal else 0.0
    flow_rate = float(buyer["discount_rate"]) if nominal else rate
    price_index = [(1.0 + inflation) ** t for t in range(n + 1)]
    factors = _discount_factors(rate, n)
    multipliers = _multipliers(buyer)
    prepared = _Prepared(buyer, options)
    annuity = annuity_factor(rate, n)
    rank_key = "lcc_with_externalities" if buyer["rank_by"] == "lcc_with_externalities" else "lcc"

    results = []
    flows_fin: list[list[float]] = []  # undiscounted yearly cost (flow money) per option
    flows_rank: list[list[float]] = []
    for index, (option, (money, emissions, purchase_years)) in enumerate(
        zip(options, prepared.parts, strict=True)
    ):
        by_year = {c: [0.0] * (n + 1) for c in (*CATEGORIES, *EXTERNALITY_CATEGORIES)}
        for category, stream, drivers in money:
            weight = _weight(drivers, multipliers)
            target = by_year[category]
            for t, value in enumerate(stream):
                target[t] += value * weight
        co2 = [0.0] * (n + 1)
        for _, stream, drivers in emissions:
            weight = _weight(drivers, multipliers)
            for t, value in enumerate(stream):
                co2[t] += value * weight
        pv = {c: _dot(by_year[c], factors) for c in by_year}
        lcc = math.fsum(pv[c] for c in CATEGORIES)
        ext = math.fsum(pv[c] for c in EXTERNALITY_CATEGORIES)
        cost_year = [math.fsum(by_year[c][t] for c in CATEGORIES) for t in range(n + 1)]
        ext_year = [math.fsum(by_year[c][t] for c in EXTERNALITY_CATEGORIES) for t in range(n + 1)]
        cumulative, cumulative_ext, running, running_ext = [], [], 0.0, 0.0
        for t in range(n + 1):
            running += cost_year[t] * factors[t]
            running_ext += (cost_year[t] + ext_year[t]) * factors[t]
            cumulative.append(running)
            cumulative_ext.append(running_ext)
        flows_fin.append([c * p for c, p in zip(cost_year, price_index, strict=True)])
        flows_rank.append(
            [
                (c + (e if rank_key != "lcc" else 0.0)) * p
                for c, e, p in zip(cost_year, ext_year, price_index, strict=True)
            ]
        )
        results.append(
            {
                "index": index,
                "name": option["name"],
                "quantity": option["quantity"]
                if option.get("quantity") is not None
                else buyer["quantity"],
                "purchase_years": purchase_years,
                "pv": pv,
                "lcc": lcc,
                "externalities": ext,
                "lcc_with_externalities": lcc + ext,
                "eac": lcc / annuity,
                "eac_with_externalities": (lcc + ext) / annuity,
                "co2e_t": math.fsum(co2),
                "yearly": {
                    "cost": [c * p for c, p in zip(cost_year, price_index, strict=True)],
                    "externalities": [e * p for e, p in zip(ext_year, price_index, strict=True)],
                    "co2e_t": co2,
                    "by_category": {
                        c: [v * p for v, p in zip(by_year[c], price_index, strict=True)]
                        for c in by_year
                    },
                    "cumulative_discounted_cost": cumulative,
                    "cumulative_discounted_cost_with_externalities": cumulative_ext,
                },
            }
        )

    measures = [o[rank_key] for o in results]
    ranking = _ranking(measures)
    comparisons: list[dict[str, Any] | None] = [None]
    derivatives = {
        driver: _derivatives(prepared, rate, multipliers, driver)
        for driver in (
            "electricity_price",
            "fuel_price.petrol",
            "fuel_price.diesel",
            "carbon_price",
        )
    }
    base = results[0]
    for i in range(1, len(results)):
        option = results[i]
        flows = [b - c for b, c in zip(flows_rank[0], flows_rank[i], strict=True)]
        benefit = _dot(
            flows[1:], [f / p for f, p in zip(factors[1:], price_index[1:], strict=True)]
        )
        investment = -flows[0]
        avoided = base["co2e_t"] - option["co2e_t"]
        extra = option["lcc"] - base["lcc"]
        fin_pay = discounted_payback(flow_rate, flows)
        comparisons.append(
            {
                "option": i,
                "net_savings": base[rank_key] - option[rank_key],
                "net_savings_financial": base["lcc"] - option["lcc"],
                "net_savings_with_externalities": base["lcc_with_externalities"]
                - option["lcc_with_externalities"],
                "extra_investment": investment,
                "pv_savings_after_year_0": benefit,
                "simple_payback": _within(simple_payback(flows), n),
                "discounted_payback": _within(fin_pay, n),
                "benefit_cost_ratio": benefit / investment if investment > 0 else None,
                "co2e_avoided_t": avoided,
                "cost_per_tco2e_avoided": extra / avoided if avoided > 1e-12 else None,
                "break_even_electricity_price": _break_even(
                    measures,
                    derivatives["electricity_price"],
                    rank_key,
                    i,
                    float(buyer["electricity_price"]),
                    1.0,
                ),
                "break_even_petrol_price": _break_even(
                    measures,
                    derivatives["fuel_price.petrol"],
                    rank_key,
                    i,
                    float(buyer["petrol_price"]),
                    1.0,
                ),
                "break_even_diesel_price": _break_even(
                    measures,
                    derivatives["fuel_price.diesel"],
                    rank_key,
                    i,
                    float(buyer["diesel_price"]),
                    1.0,
                ),
                "break_even_carbon_price": _break_even(
                    [o["lcc_with_externalities"] for o in results],
                    derivatives["carbon_price"],
                    "lcc_with_externalities",
                    i,
                    float(buyer["carbon_price"]),
                    float(buyer["exchange_rate"]),
                ),
            }
        )
    return {
        "period": n,
        "real_discount_rate": rate,
        "flow_discount_rate": flow_rate,
        "discount_factors": factors,
        "price_index": price_index,
        "annuity_factor": annuity,
        "rank_by": rank_key,
        "options": results,
        "ranking": ranking,
        "best": ranking[0],
        "comparisons": comparisons,
        "sensitivity": _sensitivity(buyer, options, prepared, multipliers, rank_key, ranking),
    }


def _within(years: float | None, n: int) -> float | None:
    return years if years is not None and years <= n + 1e-9 else None


def _derivatives(
    prepared: _Prepared, rate: float, multipliers: Mapping[str, float], driver: str
) -> list[float]:
    """d(measure)/d(driver) for every option (the LCC is linear in each price)."""
    out = []
    for (money, _, _), dots in zip(prepared.parts, prepared.dots(rate), strict=True):
        total = 0.0
        for (_, _, drivers), value in zip(money, dots, strict=True):
            if driver in drivers:
                others = tuple(d for d in drivers if d != driver)
                total += value * _weight(others, multipliers)
        out.append(total)
    return out


def _break_even(
    measures: Sequence[float],
    slopes: Sequence[float],
    rank_key: str,
    i: int,
    price: float,
    unit: float,
) -> float | None:
    """The price (in its own unit) at which option ``i`` and the baseline tie, if any.

    The measures are linear in the price: ``m_k(p') = m_k(p) + s_k (p' - p) * unit``.
    ``None`` when the slopes are equal (the price does not separate them) or the price
    would be negative.
    """
    del rank_key
    slope = slopes[i] - slopes[0]
    scale = max(abs(slopes[i]), abs(slopes[0]))
    if scale == 0 or abs(slope) <= 1e-12 * scale or unit <= 0:
        return None
    value = price - (measures[i] - measures[0]) / (slope * unit)
    return value if value >= 0 and math.isfinite(value) else None


def _sensitivity(
    buyer: Mapping[str, Any],
    options: Sequence[Mapping[str, Any]],
    prepared: _Prepared,
    multipliers: dict[str, float],
    rank_key: str,
    ranking: list[int],
) -> dict[str, Any]:
    share = float(buyer["sensitivity_range"])
    count = len(options)
    base_rate = float(buyer["discount_rate"])

    def rate_of(entered: float) -> float:
        return real_discount_rate({**buyer, "discount_rate": entered})

    def measure(pre: _Prepared, entered: float, mult: Mapping[str, float]) -> list[float]:
        fin, ext = pre.measures(rate_of(entered), mult)
        return ext if rank_key == "lcc_with_externalities" else fin

    base_values = measure(prepared, base_rate, multipliers)
    focus = min(range(1, count), key=lambda i: (base_values[i], i))

    def savings(values: Sequence[float]) -> float:
        return values[0] - values[focus]

    life_variants: dict[str, _Prepared] = {}

    def variant(name: str, end: str) -> tuple[_Prepared, float, dict[str, float], Any]:
        factor = 1.0 - share if end == "low" else 1.0 + share
        mult, entered, pre = dict(multipliers), base_rate, prepared
        if name == "discount_rate":
            entered = base_rate * factor
            value: Any = entered
        elif name in _PRICE_DRIVERS:
            driver = _PRICE_DRIVERS[name]
            mult[driver] *= factor
            value = float(buyer[name]) * factor
        elif name in _SCALES:
            mult[_SCALES[name]] = factor
            value = factor
        else:  # service_life
            if end not in life_variants:
                life_variants[end] = _Prepared(buyer, options, factor)
            pre, value = life_variants[end], factor
        return pre, entered, mult, value

    def relevant(name: str) -> bool:
        if name == "discount_rate":
            return base_rate > 0
        if name in _PRICE_DRIVERS:
            if name == "carbon_price" and rank_key != "lcc_with_externalities":
                return False
            return float(buyer[name]) != 0
        return True

    items = []
    for name in TORNADO_INPUTS:
        if not relevant(name):
            continue
        ends = {}
        for end in ("low", "high"):
            pre, entered, mult, value = variant(name, end)
            values = measure(pre, entered, mult)
            ends[end] = {
                "value": value,
                "net_savings": savings(values),
                "measures": values,
                "best": _best(values),
                "ranking": _ranking(values),
            }
        swing = abs(ends["high"]["net_savings"] - ends["low"]["net_savings"])
        if swing == 0 and ends["low"]["ranking"] == ranking == ends["high"]["ranking"]:
            continue
        items.append(
            {
                "input": name,
                "base_value": (
                    base_rate
                    if name == "discount_rate"
                    else float(buyer[name])
                    if name in _PRICE_DRIVERS
                    else 1.0
                ),
                "is_scale": name in _SCALES or name == "service_life",
                "low": ends["low"],
                "high": ends["high"],
                "swing": swing,
                "ranking_changes": any(ends[e]["ranking"] != ranking for e in ends),
                "best_changes": any(ends[e]["best"] != ranking[0] for e in ends),
            }
        )
    items.sort(key=lambda item: -item["swing"])

    scenarios = {"base": _case(base_values, savings(base_values), {})}
    for case, better in (("optimistic", True), ("pessimistic", False)):
        settings = {}
        for item in items:
            high_is_better = item["high"]["net_savings"] >= item["low"]["net_savings"]
            settings[item["input"]] = "high" if high_is_better == better else "low"
        mult, entered, pre = dict(multipliers), base_rate, prepared
        for name, end in settings.items():
            factor = 1.0 - share if end == "low" else 1.0 + share
            if name == "discount_rate":
                entered = base_rate * factor
            elif name in _PRICE_DRIVERS:
                mult[_PRICE_DRIVERS[name]] *= factor
            elif name in _SCALES:
                mult[_SCALES[name]] = factor
            else:
                pre = life_variants.get(end) or _Prepared(buyer, options, factor)
        values = measure(pre, entered, mult)
        scenarios[case] = _case(values, savings(values), settings)

    rate_top = max(0.15, 2.0 * base_rate)
    rate_sweep: list[dict[str, Any]] = []
    for k in range(SWEEP_POINTS):
        entered = rate_top * k / (SWEEP_POINTS - 1)
        values = measure(prepared, entered, multipliers)
        rate_sweep.append(
            {
                "value": entered,
                "measures": values,
                "best": _best(values),
                "ranking": _ranking(values),
            }
        )
    carbon = float(buyer["carbon_price"])
    carbon_top = max(3.0 * carbon, 100.0 if carbon == 0 else 0.0)
    carbon_sweep: list[dict[str, Any]] = []
    for k in range(SWEEP_POINTS):
        price = carbon_top * k / (SWEEP_POINTS - 1)
        mult = dict(multipliers, carbon_price=price * float(buyer["exchange_rate"]))
        _, values = prepared.measures(rate_of(base_rate), mult)
        carbon_sweep.append(
            {"value": price, "measures": values, "best": _best(values), "ranking": _ranking(values)}
        )

    changes = []
    for item in items:
        for end in ("low", "high"):
            if item[end]["best"] != ranking[0]:
                changes.append(
                    {
                        "source": "tornado",
                        "input": item["input"],
                        "end": end,
                        "value": item[end]["value"],
                        "best": item[end]["best"],
                    }
                )
    for case in ("optimistic", "pessimistic"):
        if scenarios[case]["best"] != ranking[0]:
            changes.append(
                {
                    "source": "scenario",
                    "input": case,
                    "end": None,
                    "value": None,
                    "best": scenarios[case]["best"],
                }
            )
    for sweep_name, sweep in (("discount_rate", rate_sweep), ("carbon_price", carbon_sweep)):
        reference = _best(sweep[0]["measures"])
        for point in sweep[1:]:
            if point["best"] != reference:
                changes.append(
                    {
                        "source": "sweep",
                        "input": sweep_name,
                        "end": None,
                        "value": point["value"],
                        "best": point["best"],
                    }
                )
                break
    return {
        "range": share,
        "focus": focus,
        "metric": "net_savings",
        "base_net_savings": savings(base_values),
        "tornado": items,
        "scenarios": scenarios,
        "sweeps": {"discount_rate": rate_sweep, "carbon_price": carbon_sweep},
        "best_changes": changes,
        "ranking_stable": not changes and not any(i["ranking_changes"] for i in items),
    }


def _case(values: Sequence[float], savings: float, settings: dict[str, str]) -> dict[str, Any]:
    return {
        "settings": settings,
        "measures": list(values),
        "net_savings": savings,
        "best": _best(values),
        "ranking": _ranking(values),
    }
