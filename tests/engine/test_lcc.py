"""gpp_core.lcc: the life-cycle cost model (published values, conventions, properties)."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gpp_core import lcc
from gpp_core.discounting import annuity_factor


def buyer(**changes):
    return {**lcc.BUYER_DEFAULTS, "period": 10, "discount_rate": 0.08, **changes}


def option(**changes):
    return {**lcc.OPTION_DEFAULTS, "purchase_price": 100.0, "service_life": 10, **changes}


def run(b, *options):
    return lcc.life_cycle_costs(b, list(options))


def test_published_escalation_table():
    """German state procurement guidance, Anhang 2 ("strombetriebene Geräte"): 22.00
    ct/kWh in 2010 rising 4 %/year gives these prices for 2011-2020 (rounded to cents).
    One kWh a year at that price: the energy paid in year t is the table's value."""
    published = [22.88, 23.80, 24.75, 25.74, 26.77, 27.84, 28.95, 30.11, 31.31, 32.57]
    b = buyer(electricity_price=22.00, electricity_escalation=0.04, discount_rate=0.0)
    energy = run(b, option(electricity_kwh=1), option())["options"][0]["yearly"]["by_category"]
    assert [round(v, 2) for v in energy["energy"][1:]] == published


@pytest.mark.parametrize(
    ("rate", "years", "table_value"),
    [(0.05, 10, 7.72173), (0.08, 30, 11.25778), (0.05, 5, 4.32948)],
)
def test_present_worth_table_values(rate, years, table_value):
    """Uniform present-worth factors as printed (5 decimals) in life-cycle costing
    tutorials: 1 a year of maintenance over the period has that present value."""
    result = run(
        buyer(discount_rate=rate, period=years),
        option(purchase_price=0, service_life=years, maintenance=1),
        option(),
    )
    assert result["options"][0]["pv"]["maintenance"] == pytest.approx(table_value, abs=5e-6)


def test_hand_computed_lcc_and_eac():
    # 1,000 + 300 a year for 8 years at 8 %: LCC = 1000 + 300 a(0.08, 8).
    result = run(
        buyer(period=8), option(purchase_price=1000, service_life=8, maintenance=300), option()
    )
    first = result["options"][0]
    assert first["lcc"] == pytest.approx(1000 + 300 * 5.7466389437, rel=1e-10)
    assert first["eac"] == pytest.approx(first["lcc"] * 0.08 / (1 - 1.08**-8), rel=1e-12)


def test_year_zero_not_discounted_and_year_end_convention():
    result = run(
        buyer(period=1, discount_rate=0.10),
        option(purchase_price=100, maintenance=11, service_life=1),
        option(),
    )
    # 100 at t = 0 (not discounted) + 11 at the end of year 1: 11 / 1.1 = 10.
    assert result["options"][0]["lcc"] == pytest.approx(110.0)


def test_replacements_and_linear_residual_value():
    # Life 4 in a 10-year period: bought at 0, 4, 8; the last unit has 2 of 4 years left.
    b = buyer(discount_rate=0.0)
    o = option(purchase_price=100, installation=10, service_life=4, end_of_life=5)
    result = run(b, o, option())["options"][0]
    assert result["purchase_years"] == [0, 4, 8]
    assert result["pv"]["acquisition"] == pytest.approx(330)
    assert result["pv"]["end_of_life"] == pytest.approx(10)  # years 4 and 8 only
    assert result["pv"]["residual_value"] == pytest.approx(-50)  # 100 * 2 / 4
    excluded = run(buyer(discount_rate=0.0, residual_value="none"), o, option())
    assert excluded["options"][0]["pv"]["residual_value"] == 0


def test_life_equal_to_period_books_end_of_life_and_no_residual():
    result = run(buyer(discount_rate=0.0), option(service_life=10, end_of_life=-30), option())
    assert result["options"][0]["pv"]["end_of_life"] == -30
    assert result["options"][0]["pv"]["residual_value"] == 0


def test_nominal_rate_with_inflation_equals_real():
    o = option(maintenance=50, electricity_kwh=100)
    real = run(buyer(discount_rate=0.04, electricity_price=0.2), o, option())
    nominal = run(
        buyer(
            discount_basis="nominal",
            discount_rate=1.04 * 1.03 - 1,
            inflation=0.03,
            electricity_price=0.2,
        ),
        o,
        option(),
    )
    assert nominal["options"][0]["lcc"] == pytest.approx(real["options"][0]["lcc"], rel=1e-12)
    # Undiscounted flows are in nominal money: year 2 maintenance and energy inflated twice.
    assert nominal["options"][0]["yearly"]["cost"][2] == pytest.approx(70 * 1.03**2)


def test_grid_series_by_calendar_year_then_single_factor():
    b = buyer(
        period=4,
        start_year=2022,
        grid_factor=0.5,
        grid_factor_change=-0.1,
        grid_factor_by_year={"2022": 0.6766, "2023": 0.6592},
    )
    assert lcc.grid_factors(b) == pytest.approx([0, 0.6766, 0.6592, 0.5 * 0.9**2, 0.5 * 0.9**3])
    result = run(b, option(electricity_kwh=1000), option())
    assert result["options"][0]["yearly"]["co2e_t"][1] == pytest.approx(0.6766)


def test_externalities_carbon_fuel_pollutants_and_exchange_rate():
    b = buyer(discount_rate=0.0, carbon_price=10, exchange_rate=4, petrol_price=1, nox_price=2)
    result = run(b, option(fuel="petrol", fuel_litres=1000, nox_kg=1), option())["options"][0]
    tonnes = 10 * 1000 * 2.52 / 1000
    assert result["co2e_t"] == pytest.approx(tonnes)
    assert result["pv"]["carbon"] == pytest.approx(tonnes * 10 * 4)
    assert result["pv"]["pollutants"] == pytest.approx(10 * 2 * 4)
    assert result["lcc_with_externalities"] == pytest.approx(result["lcc"] + tonnes * 40 + 80)


def test_comparisons_with_the_baseline():
    b = buyer(electricity_price=0.5)
    old, new = (
        option(purchase_price=10, electricity_kwh=100),
        option(purchase_price=25, electricity_kwh=40),
    )
    result = run(b, old, new)
    comparison = result["comparisons"][1]
    assert result["comparisons"][0] is None
    assert comparison["extra_investment"] == pytest.approx(15)
    assert comparison["net_savings"] == pytest.approx(30 * annuity_factor(0.08, 10) - 15)
    assert comparison["simple_payback"] == pytest.approx(0.5)
    assert comparison["benefit_cost_ratio"] == pytest.approx(30 * annuity_factor(0.08, 10) / 15)
    # Break-even electricity price: 15 = p * 60 * a(0.08, 10).
    assert comparison["break_even_electricity_price"] == pytest.approx(
        15 / (60 * annuity_factor(0.08, 10))
    )
    assert comparison["break_even_carbon_price"] is None  # no grid factor: no emissions
    assert result["best"] == 1


def test_break_even_carbon_price_and_cost_per_tonne():
    b = buyer(grid_factor=0.5, carbon_price=0, electricity_price=0.1)
    result = run(
        b,
        option(purchase_price=10, electricity_kwh=100),
        option(purchase_price=200, electricity_kwh=40),
    )
    comparison = result["comparisons"][1]
    extra = result["options"][1]["lcc"] - result["options"][0]["lcc"]
    assert comparison["co2e_avoided_t"] == pytest.approx(0.3)
    assert comparison["cost_per_tco2e_avoided"] == pytest.approx(extra / 0.3)
    tied = run(
        buyer(
            grid_factor=0.5,
            electricity_price=0.1,
            carbon_price=comparison["break_even_carbon_price"],
        ),
        option(purchase_price=10, electricity_kwh=100),
        option(purchase_price=200, electricity_kwh=40),
    )
    ext = [o["lcc_with_externalities"] for o in tied["options"]]
    assert ext[0] == pytest.approx(ext[1])


def test_sensitivity_reports_ranking_changes_and_sweeps():
    b = buyer(electricity_price=0.5)
    close = run(
        b,
        option(purchase_price=10, electricity_kwh=100),
        option(purchase_price=178, electricity_kwh=40),
    )
    sensitivity = close["sensitivity"]
    assert sensitivity["focus"] == 1
    assert {i["input"] for i in sensitivity["tornado"]} >= {"electricity_price", "discount_rate"}
    assert sensitivity["ranking_stable"] is False
    assert len(sensitivity["sweeps"]["discount_rate"]) == lcc.SWEEP_POINTS
    clear = run(
        b,
        option(purchase_price=10, electricity_kwh=100),
        option(purchase_price=11, electricity_kwh=10),
    )
    assert clear["sensitivity"]["ranking_stable"] is True
    swings = [i["swing"] for i in clear["sensitivity"]["tornado"]]
    assert swings == sorted(swings, reverse=True)
    cases = clear["sensitivity"]["scenarios"]
    assert cases["optimistic"]["net_savings"] >= cases["base"]["net_savings"]
    assert cases["base"]["net_savings"] >= cases["pessimistic"]["net_savings"]


# Properties -----------------------------------------------------------------------------

money = st.floats(min_value=0, max_value=1e6, allow_nan=False)
small = st.floats(min_value=0, max_value=1e4, allow_nan=False)
price = st.one_of(st.just(0.0), st.floats(0.01, 5))  # a price is 0 or at least 1 cent


@st.composite
def options(draw):
    return option(
        purchase_price=draw(money),
        installation=draw(small),
        service_life=draw(st.integers(1, 30)),
        electricity_kwh=draw(small),
        maintenance=draw(small),
        consumables=draw(small),
        water_m3=draw(small),
        end_of_life=draw(st.floats(-1e3, 1e3)),
        other_emissions=draw(small),
    )


@st.composite
def buyers(draw):
    return buyer(
        period=draw(st.integers(1, 40)),
        discount_rate=draw(st.floats(0, 0.2)),
        electricity_price=draw(price),
        water_price=draw(price),
        carbon_price=draw(st.floats(0, 500)),
        grid_factor=draw(st.floats(0, 1)),
        residual_value=draw(st.sampled_from(["linear", "none"])),
    )


COST_INPUTS = [
    "installation",
    "electricity_kwh",
    "maintenance",
    "consumables",
    "water_m3",
    "other_costs",
]


@settings(max_examples=60, deadline=None)
@given(buyers(), options(), st.sampled_from(COST_INPUTS), st.floats(1, 1e4))
def test_lcc_rises_with_any_cost_input(b, o, name, extra):
    before = run(b, o, option())["options"][0]["lcc"]
    after = run(b, {**o, name: o[name] + extra}, option())["options"][0]["lcc"]
    priced = name != "electricity_kwh" or b["electricity_price"] > 0
    priced = priced and (name != "water_m3" or b["water_price"] > 0)
    assert after >= before - 1e-9 * max(1.0, abs(before))
    if priced:
        assert after > before


@settings(max_examples=60, deadline=None)
@given(buyers(), options(), st.floats(0.001, 0.1))
def test_lcc_falls_as_the_discount_rate_rises_for_positive_future_costs(b, o, step):
    o = {**o, "end_of_life": abs(o["end_of_life"])}
    b = {**b, "residual_value": "none"}
    low = run(b, o, option())["options"][0]["lcc"]
    high = run({**b, "discount_rate": b["discount_rate"] + step}, o, option())["options"][0]["lcc"]
    assert high <= low + 1e-9 * max(1.0, low)


@settings(max_examples=60, deadline=None)
@given(buyers(), options())
def test_eac_and_lcc_agree(b, o):
    result = run(b, o, option())
    first = result["options"][0]
    factor = annuity_factor(lcc.real_discount_rate(b), b["period"])
    assert first["eac"] * factor == pytest.approx(first["lcc"], rel=1e-9, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(buyers(), options(), options(), st.floats(0.01, 1000))
def test_scaling_money_scales_results_and_keeps_ranking(b, o1, o2, k):
    monies = ["purchase_price", "installation", "maintenance", "consumables", "end_of_life"]
    prices = ["electricity_price", "water_price", "carbon_price"]
    base = run(b, o1, o2)
    scaled = run(
        {**b, **{p: b[p] * k for p in prices}},
        *({**o, **{m: o[m] * k for m in monies}} for o in (o1, o2)),
    )
    for x, y in zip(base["options"], scaled["options"], strict=True):
        assert y["lcc"] == pytest.approx(k * x["lcc"], rel=1e-9, abs=1e-6)
        assert y["lcc_with_externalities"] == pytest.approx(
            k * x["lcc_with_externalities"], rel=1e-9, abs=1e-6
        )
    a, c = (o["lcc"] for o in base["options"])
    if abs(a - c) > 1e-6 * max(abs(a), abs(c), 1):
        assert base["best"] == scaled["best"]


def test_results_are_finite_for_extreme_valid_inputs():
    b = buyer(period=100, electricity_escalation=0.3, electricity_price=1e9, quantity=1_000_000)
    result = run(b, option(purchase_price=1e12, electricity_kwh=1e9, service_life=1), option())
    assert math.isfinite(result["options"][0]["lcc"])
