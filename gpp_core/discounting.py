"""Discounting primitives for life-cycle costing and cost-benefit analysis.

Conventions (stated once here, and relied on by every calculator):

* **Time** is counted in whole years from the base date ``t = 0`` (the date of the
  decision or of the purchase). A cash flow at ``t = 0`` is not discounted.
* **Year-end convention**: a yearly flow "in year ``t``" (``t = 1, 2, ...``) is paid at the
  *end* of year ``t`` and discounted by ``(1 + d) ** t``.
* **Rates are fractions per year** (``0.08`` for 8 %), never percentages. A rate of 0
  is allowed everywhere and handled exactly (no division by zero).
* **Sign**: costs are positive numbers in the life-cycle cost functions
  (:func:`present_value`, :func:`equivalent_annual_cost`); in the investment functions
  (:func:`npv`, :func:`irr`, the paybacks) flows are signed from the buyer's point of
  view: money spent is negative, money saved or received is positive.
* **Real or nominal**: use a real discount rate with prices in constant money (the
  default throughout this kit), or a nominal rate with prices that include inflation;
  never mix them. :func:`nominal_rate` and :func:`real_rate` convert between the two.

References: European Commission GPP life-cycle costing guidance; Directive 2014/24/EU
Art. 68; Peru, MEF Invierte.pe Anexo 11 (social discount rate). See
``../shared/reference/methods.md`` in the project notes for the formulas.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from gpp_core.errors import InvalidParameter

__all__ = [
    "annuity_factor",
    "discount_factor",
    "discounted_payback",
    "equivalent_annual_cost",
    "escalate",
    "irr",
    "nominal_rate",
    "npv",
    "present_value",
    "present_value_of_series",
    "real_rate",
    "simple_payback",
]


def _check_rate(rate: float, name: str = "rate") -> None:
    if not isinstance(rate, (int, float)) or isinstance(rate, bool) or math.isnan(rate):
        raise InvalidParameter(name, rate, "a number greater than -1 (a fraction per year)")
    if rate <= -1:
        raise InvalidParameter(name, rate, "a number greater than -1 (a fraction per year)")


def _check_year(year: float, name: str = "year") -> None:
    if not isinstance(year, (int, float)) or isinstance(year, bool) or not year >= 0:
        raise InvalidParameter(name, year, "a number of years >= 0")


def discount_factor(rate: float, year: float) -> float:
    """Discount factor ``1 / (1 + rate) ** year``.

    Parameters
    ----------
    rate : float
        Discount rate. [1/year] (fraction: ``0.08`` is 8 %).
    year : float
        Years from the base date. [year] (``0`` gives 1).

    Returns
    -------
    float
        The factor that turns an amount at ``year`` into its present value. [-]

    Examples
    --------
    >>> round(discount_factor(0.08, 1), 6)
    0.925926
    >>> discount_factor(0.0, 10)
    1.0
    """
    _check_rate(rate)
    _check_year(year)
    return float(1.0 / (1.0 + rate) ** year)


def present_value(amount: float, rate: float, year: float) -> float:
    """Present value of one amount paid ``year`` years after the base date.

    ``PV = C_t / (1 + d) ** t``; an amount at ``t = 0`` is returned unchanged.

    Parameters
    ----------
    amount : float
        The amount paid or received at ``year``. [currency]
    rate : float
        Discount rate. [1/year]
    year : float
        Years from the base date. [year]

    Returns
    -------
    float
        Present value at the base date. [currency]

    Examples
    --------
    A maintenance visit of 1,000 paid in five years, at Peru's 8 % social discount rate:

    >>> round(present_value(1000, 0.08, 5), 2)
    680.58
    """
    return amount * discount_factor(rate, year)


def present_value_of_series(amounts: Sequence[float], rate: float, *, first_year: int = 1) -> float:
    """Present value of a series of yearly amounts.

    ``amounts[k]`` is paid at the end of year ``first_year + k`` (year-end convention;
    pass ``first_year=0`` if the first amount is paid on the base date).

    Parameters
    ----------
    amounts : sequence of float
        Yearly amounts. [currency]
    rate : float
        Discount rate. [1/year]
    first_year : int, default 1
        Year of the first amount. [year]

    Returns
    -------
    float
        ``sum(amounts[k] / (1 + rate) ** (first_year + k))``. [currency]

    Examples
    --------
    Electricity costing 250 a year for three years, at 8 %:

    >>> round(present_value_of_series([250, 250, 250], 0.08), 2)
    644.27
    >>> present_value_of_series([], 0.08)
    0.0
    """
    _check_rate(rate)
    _check_year(first_year, "first_year")
    return math.fsum(amount / (1.0 + rate) ** (first_year + k) for k, amount in enumerate(amounts))


def escalate(amount: float, rate: float, years: float) -> float:
    """Price after escalating ``amount`` for ``years`` at ``rate`` a year.

    ``C_t = C_0 (1 + e) ** t``. Use a real escalation rate (above general inflation)
    with a real discount rate.

    Parameters
    ----------
    amount : float
        Price in the base year. [currency]
    rate : float
        Escalation rate. [1/year] (may be negative for falling prices)
    years : float
        Years after the base year. [year]

    Returns
    -------
    float
        The escalated price. [currency]

    Examples
    --------
    German procurement guidance (Anhang 2) escalates an electricity price of 22.00 ct/kWh
    in 2010 by 4 % a year; in 2020 it is 32.57 ct/kWh:

    >>> [round(escalate(22.00, 0.04, t), 2) for t in (0, 1, 2, 10)]
    [22.0, 22.88, 23.8, 32.57]
    """
    _check_rate(rate)
    _check_year(years, "years")
    return float(amount * (1.0 + rate) ** years)


def annuity_factor(rate: float, years: int) -> float:
    """Present value of 1 paid at the end of each year for ``years`` years.

    ``a(d, N) = (1 - (1 + d) ** -N) / d``, and ``a(0, N) = N``.

    Parameters
    ----------
    rate : float
        Discount rate. [1/year]
    years : int
        Number of yearly payments, at least 1. [year]

    Returns
    -------
    float
        The annuity (present worth) factor. [year]

    Examples
    --------
    >>> round(annuity_factor(0.08, 10), 4)
    6.7101
    >>> annuity_factor(0.0, 10)
    10.0
    """
    _check_rate(rate)
    if not isinstance(years, int) or isinstance(years, bool) or years < 1:
        raise InvalidParameter("years", years, "a whole number of years >= 1")
    if rate == 0:
        return float(years)
    # expm1/log1p keep full precision for tiny rates, where 1 - (1 + d) ** -N would
    # round to 0 and the factor (and every EAC divided by it) would break down.
    return -math.expm1(-years * math.log1p(rate)) / rate


def equivalent_annual_cost(life_cycle_cost: float, rate: float, years: int) -> float:
    """Equivalent annual cost (EAC) of a present-value life-cycle cost.

    The constant year-end amount over ``years`` years whose present value equals
    ``life_cycle_cost``: ``EAC = LCC * d / (1 - (1 + d) ** -N)``, and ``LCC / N`` when
    ``d = 0``. EAC compares options with different service lives, on the assumption
    that each would be replaced by a like item at the end of its life.

    Parameters
    ----------
    life_cycle_cost : float
        Present value of all costs over the service life. [currency]
    rate : float
        Discount rate. [1/year]
    years : int
        Service life. [year]

    Returns
    -------
    float
        Equivalent annual cost. [currency/year]

    Examples
    --------
    A printer whose life-cycle cost is 2,000 in present value over 5 years, at 8 %:

    >>> round(equivalent_annual_cost(2000, 0.08, 5), 2)
    500.91
    >>> equivalent_annual_cost(2000, 0.0, 5)
    400.0
    """
    return life_cycle_cost / annuity_factor(rate, years)


def npv(rate: float, cash_flows: Sequence[float]) -> float:
    """Net present value of signed cash flows, the first at year 0.

    ``NPV = sum(CF_t / (1 + d) ** t for t = 0..N)``. Note that, unlike some
    spreadsheets' ``NPV()`` function, ``cash_flows[0]`` is at the base date and is not
    discounted.

    Parameters
    ----------
    rate : float
        Discount rate. [1/year]
    cash_flows : sequence of float
        Signed flows for years 0, 1, 2, ... (spent < 0, saved or received > 0). [currency]

    Returns
    -------
    float
        Net present value. [currency]

    Examples
    --------
    Paying 1,000 more for an efficient boiler that saves 300 a year for 5 years:

    >>> round(npv(0.08, [-1000, 300, 300, 300, 300, 300]), 2)
    197.81
    """
    return present_value_of_series(cash_flows, rate, first_year=0)


def irr(cash_flows: Sequence[float], *, tolerance: float = 1e-10) -> float | None:
    """Internal rate of return: the rate at which :func:`npv` is zero.

    Solved by bisection on ``(-0.99, 10]`` after bracketing, which is robust for the
    usual "spend first, save later" profile. Returns ``None`` when the flows never
    change sign or no root lies in that range (e.g. savings that never repay the
    investment). With several sign changes more than one IRR may exist; the lowest root
    found in the range is returned.

    Parameters
    ----------
    cash_flows : sequence of float
        Signed flows for years 0, 1, 2, ... [currency]
    tolerance : float
        Width of the final bracket. [1/year]

    Returns
    -------
    float or None
        The internal rate of return. [1/year]

    Examples
    --------
    >>> round(irr([-1000, 300, 300, 300, 300, 300]), 4)
    0.1524
    >>> irr([-1000, 100, 100]) is None or irr([-1000, 100, 100]) < 0
    True
    >>> irr([100, 100]) is None
    True
    """
    flows = list(cash_flows)
    if not any(f < 0 for f in flows) or not any(f > 0 for f in flows):
        return None
    # Scan a grid for the first sign change, then bisect inside that bracket.
    grid = [-0.99 + 0.01 * k for k in range(100)] + [0.01 * k for k in range(1, 1001)]
    previous_rate = grid[0]
    previous_value = npv(previous_rate, flows)
    for rate in grid[1:]:
        value = npv(rate, flows)
        if previous_value == 0:
            return previous_rate
        if (previous_value < 0) != (value < 0):
            low, high = previous_rate, rate
            value_low = previous_value
            while high - low > tolerance:
                middle = (low + high) / 2
                value_middle = npv(middle, flows)
                if (value_middle < 0) == (value_low < 0):
                    low, value_low = middle, value_middle
                else:
                    high = middle
            return (low + high) / 2
        previous_rate, previous_value = rate, value
    return None


def _payback(flows: Sequence[float], rate: float | None) -> float | None:
    cumulative = 0.0
    for year, flow in enumerate(flows):
        value = flow if rate is None else present_value(flow, rate, year)
        before = cumulative
        cumulative += value
        if year > 0 and cumulative >= 0 and before < 0:
            # Interpolate within the year: flows accrue evenly during the year.
            return year - 1 + (-before / value)
    return 0.0 if flows and flows[0] >= 0 and cumulative >= 0 else None


def simple_payback(cash_flows: Sequence[float]) -> float | None:
    """Years until cumulative undiscounted flows turn non-negative.

    Flows are signed and the first is at year 0 (usually the extra investment, < 0).
    Within the year of recovery the flow is taken to accrue evenly, so the result may
    be fractional. ``None`` if the investment is never recovered within the flows
    given; ``0.0`` if nothing is invested.

    Parameters
    ----------
    cash_flows : sequence of float
        Signed flows for years 0, 1, 2, ... [currency]

    Returns
    -------
    float or None
        Payback period. [year]

    Examples
    --------
    >>> simple_payback([-1000, 300, 300, 300, 300, 300])
    3.3333333333333335
    >>> simple_payback([-1000, 100, 100]) is None
    True
    """
    return _payback(list(cash_flows), None)


def discounted_payback(rate: float, cash_flows: Sequence[float]) -> float | None:
    """Years until cumulative *discounted* flows turn non-negative.

    Same conventions as :func:`simple_payback`, with each flow discounted to year 0.
    Always at least as long as the simple payback for a positive rate.

    Parameters
    ----------
    rate : float
        Discount rate. [1/year]
    cash_flows : sequence of float
        Signed flows for years 0, 1, 2, ... [currency]

    Returns
    -------
    float or None
        Discounted payback period. [year]

    Examples
    --------
    >>> round(discounted_payback(0.08, [-1000, 300, 300, 300, 300, 300]), 2)
    4.03
    """
    _check_rate(rate)
    return _payback(list(cash_flows), rate)


def nominal_rate(real: float, inflation: float) -> float:
    """Nominal rate from a real rate and inflation: ``(1 + n) = (1 + r)(1 + i)``.

    Examples
    --------
    >>> round(nominal_rate(0.04, 0.02), 4)
    0.0608
    """
    _check_rate(real, "real")
    _check_rate(inflation, "inflation")
    return (1.0 + real) * (1.0 + inflation) - 1.0


def real_rate(nominal: float, inflation: float) -> float:
    """Real rate from a nominal rate and inflation: ``(1 + r) = (1 + n) / (1 + i)``.

    Examples
    --------
    >>> round(real_rate(0.0608, 0.02), 4)
    0.04
    """
    _check_rate(nominal, "nominal")
    _check_rate(inflation, "inflation")
    return (1.0 + nominal) / (1.0 + inflation) - 1.0
