"""gpp_core.calculators.lcc_compare: values, validation, the view in every language."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gpp_core import i18n
from gpp_core.calculators import lcc_compare as calc
from gpp_core.discounting import annuity_factor

BASE = {
    "price_a": 1000,
    "running_a": 300,
    "life_a": 8,
    "price_b": 1400,
    "running_b": 180,
    "life_b": 10,
    "discount_rate": 0.08,
    "currency": "USD",
}


def test_hand_checked_values():
    # a(8 %, 8) = 5.746639, a(8 %, 10) = 6.710081
    result = calc.compute(BASE)
    a, b = result["options"]
    assert a["life_cycle_cost"] == pytest.approx(1000 + 300 * 5.746639, abs=1e-3)
    assert b["life_cycle_cost"] == pytest.approx(1400 + 180 * 6.710081, abs=1e-3)
    assert a["equivalent_annual_cost"] == pytest.approx(474.0148, abs=1e-4)
    assert b["equivalent_annual_cost"] == pytest.approx(388.6413, abs=1e-4)
    comparison = result["comparison"]
    assert comparison["lower_cost"] == "b"
    assert comparison["horizon_years"] == 10
    assert comparison["eac_difference"] == pytest.approx(-85.3735, abs=1e-4)
    assert comparison["pv_difference_over_horizon"] == pytest.approx(-85.3735 * 6.710081, abs=1e-3)


def test_defaults_are_valid_and_are_the_illustrative_example():
    assert calc.compute({}) == calc.compute({k: v for k, v in BASE.items() if k != "name_a"})


def test_zero_discount_rate_is_exact():
    result = calc.compute({**BASE, "discount_rate": 0.0})
    a, b = result["options"]
    assert a["life_cycle_cost"] == 1000 + 300 * 8
    assert b["equivalent_annual_cost"] == (1400 + 180 * 10) / 10


def test_identical_options_tie():
    same = {**BASE, "price_b": 1000, "running_b": 300, "life_b": 8}
    result = calc.compute(same)
    assert result["comparison"]["lower_cost"] == "tie"
    assert result["comparison"]["eac_difference"] == 0
    assert "same equivalent annual cost" in calc.view(result, "en")["summary"]


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("price_a", -1, "error.between"),
        ("price_b", 1e13, "error.between"),
        ("life_a", 0, "error.between"),
        ("life_b", 51, "error.between"),
        ("life_a", 2.5, "error.not_whole"),
        ("discount_rate", 0.31, "error.between"),
        ("discount_rate", "8", "error.not_a_number"),
        ("running_a", float("nan"), "error.not_a_number"),
        ("running_a", True, "error.not_a_number"),
        ("currency", "GBP", "error.choice"),
        ("name_a", "x" * 61, "error.too_long"),
        ("name_b", 3, "error.text"),
        ("colour", "green", "error.unknown_field"),
    ],
)
def test_each_invalid_input_is_reported_on_its_field(field, value, key):
    result = calc.compute({**BASE, field: value})
    assert result["ok"] is False
    assert {"field": field, "key": key} in [
        {"field": e["field"], "key": e["key"]} for e in result["errors"]
    ]


def test_all_errors_are_reported_at_once():
    result = calc.compute({**BASE, "life_a": 0, "price_b": -5})
    assert sorted(e["field"] for e in result["errors"]) == ["life_a", "price_b"]


@given(
    st.floats(min_value=0, max_value=1e7),
    st.floats(min_value=0, max_value=1e6),
    st.integers(min_value=1, max_value=50),
    st.floats(min_value=0, max_value=1e7),
    st.floats(min_value=0, max_value=1e6),
    st.integers(min_value=1, max_value=50),
    st.floats(min_value=0, max_value=0.3),
)
def test_properties(pa, ra, la, pb, rb, lb, rate):
    result = calc.compute(
        {
            "price_a": pa,
            "running_a": ra,
            "life_a": la,
            "price_b": pb,
            "running_b": rb,
            "life_b": lb,
            "discount_rate": rate,
        }
    )
    a, b = result["options"]
    comparison = result["comparison"]
    # The verdict agrees with the sign of the difference.
    if comparison["lower_cost"] == "b":
        assert b["equivalent_annual_cost"] < a["equivalent_annual_cost"]
    elif comparison["lower_cost"] == "a":
        assert a["equivalent_annual_cost"] < b["equivalent_annual_cost"]
    # The present-value difference is the EAC difference over the horizon.
    horizon = max(la, lb)
    assert comparison["pv_difference_over_horizon"] == pytest.approx(
        comparison["eac_difference"] * annuity_factor(rate, horizon), rel=1e-9, abs=1e-6
    )
    # The purchase price is part of the life-cycle cost, never more than it.
    assert a["life_cycle_cost"] >= a["purchase_price"]
    assert 0 <= comparison["saving_share"] <= 1
    # JSON-ready: no NaN or infinity can slip out.
    json.dumps(result, allow_nan=False)


@pytest.mark.parametrize("lang", i18n.available_languages())
def test_view_in_every_language_has_no_gaps(lang):
    for inputs in (BASE, {**BASE, "life_b": 8}, {**BASE, "name_a": "LED", "name_b": "Sodio"}):
        view = calc.view(calc.compute(inputs), lang)
        text = json.dumps(view, ensure_ascii=False)
        assert "\u27e6" not in text and "[es]" not in text and "{" not in view["summary"]
        assert len(view["tables"][0]["columns"]) == 4


def test_view_uses_given_names_and_notes_different_lives():
    view = calc.view(calc.compute({**BASE, "name_a": "Sodio", "name_b": "LED"}), "es")
    assert view["summary"].startswith("LED tiene el menor costo del ciclo de vida")
    assert view["tables"][0]["columns"][1:3] == ["Sodio", "LED"]
    assert len(view["notes"]) == 2
    same_life = calc.view(calc.compute({**BASE, "life_b": 8}), "es")
    assert len(same_life["notes"]) == 1


def test_view_money_in_vnd_has_no_decimals():
    view = calc.view(calc.compute({**BASE, "currency": "VND"}), "vi")
    assert "85\u00a0\u20ab" in view["summary"]
