"""gpp_core.discounting: reference values, identities, edge cases."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gpp_core import discounting as d
from gpp_core.errors import InvalidParameter

rates = st.floats(min_value=0.0, max_value=0.5, allow_nan=False)
positive_rates = st.floats(min_value=0.001, max_value=0.5, allow_nan=False)
years = st.integers(min_value=1, max_value=60)
amounts = st.floats(min_value=0.0, max_value=1e9, allow_nan=False)


def test_escalation_matches_german_procurement_guidance():
    # Electricity at 22.00 ct/kWh in 2010 rising 4 %/year, rounded to cents, 2010-2020
    # (German state procurement guidance, Anhang 2, "strombetriebene Geräte").
    published = [22.00, 22.88, 23.80, 24.75, 25.74, 26.77, 27.84, 28.95, 30.11, 31.31, 32.57]
    assert [round(d.escalate(22.00, 0.04, t), 2) for t in range(11)] == published


def test_present_value_known_values():
    assert d.present_value(1000, 0.08, 0) == 1000
    assert d.present_value(1000, 0.08, 5) == pytest.approx(680.583197, abs=1e-6)
    assert d.present_value(-500, 0.0, 30) == -500


def test_annuity_factor_against_textbook_table():
    # Present worth of an annuity of 1: 10 years at 8 % = 6.7101, 20 years at 5 % = 12.4622.
    assert d.annuity_factor(0.08, 10) == pytest.approx(6.7101, abs=5e-5)
    assert d.annuity_factor(0.05, 20) == pytest.approx(12.4622, abs=5e-5)
    assert d.annuity_factor(0.0, 7) == 7.0


@given(rates, years)
def test_annuity_factor_equals_sum_of_discount_factors(rate, n):
    total = math.fsum(d.discount_factor(rate, t) for t in range(1, n + 1))
    assert d.annuity_factor(rate, n) == pytest.approx(total, rel=1e-12)


@given(amounts, rates, years)
def test_eac_times_annuity_factor_gives_back_the_life_cycle_cost(lcc, rate, n):
    eac = d.equivalent_annual_cost(lcc, rate, n)
    assert eac * d.annuity_factor(rate, n) == pytest.approx(lcc, rel=1e-9, abs=1e-9)


@given(st.lists(amounts, min_size=1, max_size=30), positive_rates, positive_rates)
def test_present_value_falls_as_the_rate_rises_for_positive_future_costs(flows, r1, r2):
    low, high = sorted((r1, r2))
    assert d.present_value_of_series(flows, high) <= d.present_value_of_series(flows, low) + 1e-6


@given(
    st.floats(min_value=100, max_value=1e6),
    st.lists(st.floats(min_value=1, max_value=1e6), min_size=1, max_size=30),
)
def test_npv_at_the_irr_is_zero(investment, savings):
    flows = [-investment, *savings]
    rate = d.irr(flows)
    if rate is None:
        # No root in the searched range: savings too small to pay back within it.
        assert d.npv(-0.99, flows) < 0 or d.npv(10, flows) > 0
    else:
        assert d.npv(rate, flows) == pytest.approx(0, abs=1e-6 * investment)


def test_irr_known_value_and_no_sign_change():
    assert d.irr([-1000, 300, 300, 300, 300, 300]) == pytest.approx(0.152382, abs=1e-6)
    assert d.irr([100, 200]) is None
    assert d.irr([-100, -200]) is None
    assert d.irr([]) is None


def test_npv_does_not_discount_year_zero():
    assert d.npv(0.1, [-100]) == -100
    assert d.npv(0.1, [-100, 110]) == pytest.approx(0.0, abs=1e-12)


def test_paybacks():
    flows = [-1000, 300, 300, 300, 300, 300]
    assert d.simple_payback(flows) == pytest.approx(3 + 100 / 300)
    # Discounted: cumulative -6.36 after year 4, year 5 adds 204.17.
    assert d.discounted_payback(0.08, flows) == pytest.approx(4.0312, abs=1e-4)
    assert d.simple_payback([-1000, 100, 100]) is None
    assert d.simple_payback([0, 50]) == 0.0
    assert d.simple_payback([-100, 100]) == 1.0


@given(
    st.floats(min_value=1, max_value=1e6),
    st.lists(st.floats(min_value=1, max_value=1e6), min_size=1, max_size=30),
    positive_rates,
)
def test_discounted_payback_is_never_shorter_than_simple(investment, savings, rate):
    flows = [-investment, *savings]
    simple, discounted = d.simple_payback(flows), d.discounted_payback(rate, flows)
    if discounted is not None:
        assert simple is not None and discounted >= simple - 1e-9


@given(st.floats(min_value=-0.5, max_value=0.5), st.floats(min_value=-0.2, max_value=0.5))
def test_real_and_nominal_rates_round_trip(real, inflation):
    assert d.real_rate(d.nominal_rate(real, inflation), inflation) == pytest.approx(real, abs=1e-12)


@pytest.mark.parametrize("rate", [-1, -1.5, float("nan"), "0.08", True])
def test_invalid_rates_are_named_with_what_is_valid(rate):
    with pytest.raises(InvalidParameter, match="greater than -1"):
        d.discount_factor(rate, 1)


@pytest.mark.parametrize("n", [0, -1, 2.5, True])
def test_invalid_annuity_years(n):
    with pytest.raises(InvalidParameter, match="whole number of years >= 1"):
        d.annuity_factor(0.05, n)


def test_negative_year_is_rejected():
    with pytest.raises(InvalidParameter, match="years >= 0"):
        d.present_value(100, 0.05, -1)


def test_empty_series():
    assert d.present_value_of_series([], 0.05) == 0.0
