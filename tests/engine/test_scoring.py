"""gpp_core.scoring and the bid-scorer calculator: published examples, properties, bad input."""

import json
import math

import pytest
from cli_helpers import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from gpp_core import i18n, scoring
from gpp_core.calculators import scoring as calc
from gpp_core.scoring import apply_rounding, price_points, score_bids


def bids(*prices, **extra):
    return [{"name": f"B{n}", "price": p, **extra} for n, p in enumerate(prices)]


# ------------------------------------------------------------------ published examples


def test_fictitious_discount_co2_performance_ladder():
    # Methods notes: ProRail levels 1-5 give 1, 2, 4, 7, 10 %; EUR 30 M at level 3 (4 %)
    # is evaluated as EUR 28.8 M and beats a EUR 29 M bid without a level.
    result = score_bids(
        {
            "method": "fictitious-discount",
            "currency": "EUR",
            "price_weight": 1.0,
            "bids": [
                {"name": "Ladder level 3", "price": 30_000_000, "level": 3},
                {"name": "No level", "price": 29_000_000},
            ],
        }
    )
    assert result["ok"]
    first, second = result["bids"]
    assert first["evaluated_price"] == pytest.approx(28_800_000)
    assert first["discount"] == 0.04
    assert second["evaluated_price"] == 29_000_000
    assert result["winner"] == 0 and result["ranking"] == [0, 1]
    assert result["method"] == "fictitious-discount"
    assert scoring.CO2_LADDER_DISCOUNTS == (0.01, 0.02, 0.04, 0.07, 0.10)


def test_without_the_discount_the_cheaper_bid_wins():
    result = score_bids(
        {"price_weight": 1.0, "bids": [{"price": 30_000_000}, {"price": 29_000_000}]}
    )
    assert result["winner"] == 1


def peru(technical_scores, prices, **extra):
    return score_bids(
        {
            "method": "inverse-proportion",
            "price_weight": 0.6,
            "rounding": "truncate",
            "decimals": 3,
            "criteria": [{"id": "technical", "kind": "quality", "weight": 0.4}],
            "bids": [
                {"price": p, "scores": {"technical": s}}
                for s, p in zip(technical_scores, prices, strict=True)
            ],
            **extra,
        }
    )


def test_peru_weighted_total_single_offer():
    # OSCE example (2004): 0.4 x technical + 0.6 x economic; technical 95.000 with a
    # single offer (economic 100) gives 98.000.
    result = peru([95], [250_000])
    (bid,) = result["bids"]
    assert bid["price_points"] == 100.0
    assert bid["points"]["technical"] == 95.0
    assert bid["total"] == 98.0
    assert calc.view(result, "es")["tables"][0]["rows"][0]["cells"][-2]["text"] == "98.000"
    assert {"key": "scoring.warning.single_bid", "params": {}} in result["warnings"]


def test_peru_defaults_reproduce_the_example():
    settings = scoring.country_settings("pe")
    result = score_bids(
        {
            "method": settings["method"],
            "price_weight": settings["price_weight"],
            "rounding": settings["rounding"],
            "decimals": settings["decimals"],
            "currency": settings["currency"],
            "criteria": [{"id": "technical", "kind": "quality", "weight": 0.4}],
            "bids": [{"price": 1000, "scores": {"technical": 95}}],
        }
    )
    assert result["bids"][0]["total"] == 98.0
    assert scoring.country_defaults("pe")["price_weight"]["status"] == "to-be-confirmed"


def test_truncation_as_in_osce_examples():
    # 100 x 28.8 / 29 = 99.31034...: truncated 99.310, rounded 99.310; 2/3 differs.
    assert apply_rounding(100 * 28.8 / 29, 3, "truncate") == 99.31
    assert apply_rounding(200 / 3, 3, "truncate") == 66.666
    assert apply_rounding(200 / 3, 3, "round") == 66.667
    result = peru([90, 90], [300, 200])
    assert result["bids"][0]["price_points"] == 66.666


def test_each_method_on_a_hand_checked_case():
    prices = [80.0, 90.0, 100.0]
    assert price_points(prices, "inverse-proportion") == pytest.approx([100, 88.8889, 80], 1e-4)
    assert price_points(prices, "osce-linear") == pytest.approx([100, 87.5, 75])
    assert price_points(prices, "linear-to-budget", budget=120) == pytest.approx([100, 75, 50])
    # discounts 1/3, 1/4, 1/6 of the budget: sqrt(0.75) and sqrt(0.5)
    assert price_points(prices, "square-root-discount", budget=120) == pytest.approx(
        [100, 100 * math.sqrt(0.75), 100 * math.sqrt(0.5)]
    )


def test_bids_at_or_above_the_budget():
    assert price_points([100, 130], "linear-to-budget", budget=120) == [100.0, 0.0]
    assert price_points([120, 130], "linear-to-budget", budget=120) == [100.0, 0.0]
    assert price_points([120], "square-root-discount", budget=120) == [100.0]
    result = score_bids(
        {"price_weight": 1.0, "budget": 120, "bids": bids(100, 130), "method": "linear-to-budget"}
    )
    assert result["bids"][1]["flags"] == ["above_budget"]
    assert {"key": "scoring.warning.above_budget", "params": {"bid": 1, "threshold": 0.2}} in (
        result["warnings"]
    )


def test_abnormally_low_bids_are_flagged_by_the_threshold():
    data = {"price_weight": 1.0, "bids": bids(50, 100, 110)}
    flags = [b["flags"] for b in score_bids(data)["bids"]]
    assert flags == [["abnormally_low"], [], []]  # 50 < 0.8 x 86.67
    data["abnormally_low_threshold"] = 0.5
    assert all(not b["flags"] for b in score_bids(data)["bids"])
    data["abnormally_low_threshold"] = 0
    assert all(not b["flags"] for b in score_bids(data)["bids"])
    single = score_bids({"price_weight": 1.0, "budget": 100, "bids": bids(70)})
    assert single["bids"][0]["flags"] == ["abnormally_low"]
    assert single["warnings"][-1]["key"] == "scoring.warning.abnormally_low_budget"


# ------------------------------------------------------------------------ sensitivity


def example(sustainability_weight):
    rest = 1 - sustainability_weight
    return {
        "price_weight": 0.7 * rest,
        "criteria": [
            {"id": "q", "kind": "quality", "weight": 0.3 * rest},
            {"id": "s", "kind": "sustainability", "weight": sustainability_weight},
        ],
        "bids": [
            {"name": "cheap", "price": 100, "scores": {"q": 70, "s": 20}},
            {"name": "green", "price": 120, "scores": {"q": 75, "s": 95}},
        ],
        "decimals": 6,
    }


def test_sensitivity_threshold_changes_the_winner_there():
    result = score_bids(example(0.10))
    assert result["winner"] == 0
    info = result["sensitivity"]
    assert info["applicable"] and info["changes"] and info["rival"] == 1
    assert info["weight"] == pytest.approx(0.10)
    threshold = info["threshold"]
    assert info["change"] == pytest.approx(threshold - 0.10)
    assert score_bids(example(threshold - 0.01))["winner"] == 0
    assert score_bids(example(threshold + 0.01))["winner"] == 1
    sentence = calc.view(result, "en")["sensitivity"]
    assert "rose from 10% to more than" in sentence and "green" in sentence


def test_sensitivity_downwards_and_when_nothing_changes_it():
    result = score_bids(example(0.5))
    assert result["winner"] == 1
    info = result["sensitivity"]
    assert info["change"] < 0
    assert score_bids(example(info["threshold"] - 0.01))["winner"] == 0
    assert "fell from 50%" in calc.view(result, "en")["sensitivity"]
    dominant = example(0.2)
    dominant["bids"][1]["price"] = 90  # green is cheaper and better: always wins
    info = score_bids(dominant)["sensitivity"]
    assert info == {"applicable": True, "changes": False, "weight": pytest.approx(0.2)}


def test_sensitivity_without_sustainability_criteria():
    info = score_bids({"price_weight": 1.0, "bids": bids(1, 2)})["sensitivity"]
    assert info["applicable"] is False and info["reason"] == "no_sustainability_criteria"


# ------------------------------------------------------------------------- properties

prices_st = st.lists(st.floats(min_value=1, max_value=1e9, allow_nan=False), min_size=1, max_size=8)


@given(prices_st)
def test_lowest_price_gets_full_points_under_inverse_proportion(prices):
    points = price_points(prices, "inverse-proportion")
    assert points[prices.index(min(prices))] == 100.0
    assert all(0 < p <= 100 for p in points)


@given(
    prices_st,
    st.sampled_from(scoring.METHODS),
    st.floats(min_value=0, max_value=1),
    st.lists(st.floats(min_value=0, max_value=100), min_size=8, max_size=8),
)
@settings(max_examples=60, deadline=None)
def test_every_score_stays_within_its_bounds(prices, method, price_weight, qualities):
    budget = max(prices) * 1.1
    result = score_bids(
        {
            "method": method,
            "budget": budget,
            "price_weight": price_weight,
            "criteria": [{"id": "q", "kind": "sustainability", "weight": 1 - price_weight}],
            "bids": [
                {"price": p, "scores": {"q": q}, "level": n % 6}
                for n, (p, q) in enumerate(zip(prices, qualities, strict=False))
            ],
        }
    )
    assert result["ok"], result
    for bid in result["bids"]:
        assert 0 <= bid["price_points"] <= 100
        assert 0 <= bid["points"]["q"] <= 100
        assert -1e-9 <= bid["total"] <= 100 + 1e-9
    assert sorted(b["rank"] for b in result["bids"])[0] == 1


@given(
    st.lists(st.integers(min_value=1, max_value=10**6), min_size=2, max_size=6, unique=True),
    st.sampled_from(scoring.METHODS),
    st.sampled_from([0.5, 3, 1000]),
)
@settings(max_examples=60, deadline=None)
def test_ranking_does_not_change_when_all_prices_are_scaled(prices, method, factor):
    def ranking(scale):
        result = score_bids(
            {
                "method": method,
                "budget": max(prices) * 1.2 * scale,
                "price_weight": 0.7,
                "decimals": 4,
                "criteria": [{"id": "q", "kind": "quality", "weight": 0.3}],
                "bids": [
                    {"price": p * scale, "scores": {"q": (p * 7) % 100}, "level": p % 6}
                    for p in prices
                ],
            }
        )
        return [b["rank"] for b in result["bids"]]

    assert ranking(1) == ranking(factor)


# ------------------------------------------------------------------------- bad input


def errors(data):
    result = score_bids(data)
    assert result["ok"] is False
    return {(e["field"], e["key"]) for e in result["errors"]}


@pytest.mark.parametrize("price", [0, -5, float("nan"), "100", None, True])
def test_zero_negative_or_missing_prices(price):
    found = errors({"price_weight": 1.0, "bids": [{"price": price}]})
    assert found <= {
        ("bids.0.price", "scoring.error.price_positive"),
        ("bids.0.price", "error.not_a_number"),
    }
    assert found


def test_no_bids():
    assert errors({"price_weight": 1.0, "bids": []}) == {("bids", "scoring.error.no_bids")}
    assert errors({"price_weight": 1.0}) == {("bids", "scoring.error.no_bids")}


def test_one_bid_gets_full_price_points():
    result = score_bids({"price_weight": 1.0, "method": "osce-linear", "bids": bids(123.45)})
    assert result["bids"][0]["price_points"] == 100.0 and result["winner"] == 0


def test_equal_bids_tie_and_the_tie_is_stated():
    result = score_bids({"price_weight": 1.0, "bids": bids(100, 100, 120)})
    assert result["winner"] is None
    assert result["ties"] == [[0, 1]]
    assert [b["rank"] for b in result["bids"]] == [1, 1, 3]
    assert {"key": "scoring.warning.tie", "params": {"bids": [0, 1]}} in result["warnings"]
    view = calc.view(result, "en")
    assert view["summary"].startswith("B0 and B1 tie for first place")
    assert result["sensitivity"]["applicable"] is False


def test_weights_of_130_percent_or_negative_are_refused():
    assert ("price_weight", "scoring.error.weight_range") in errors(
        {"price_weight": 1.3, "bids": bids(1)}
    )
    found = errors(
        {
            "price_weight": 0.5,
            "criteria": [{"id": "q", "weight": -0.1}],
            "bids": [{"price": 1, "scores": {"q": 1}}],
        }
    )
    assert ("criteria.0.weight", "scoring.error.weight_range") in found


def test_weights_that_do_not_add_up_are_an_error_or_normalised_on_request():
    data = {
        "price_weight": 0.6,
        "criteria": [{"id": "q", "weight": 0.6}],
        "bids": [{"price": 1, "scores": {"q": 50}}, {"price": 2, "scores": {"q": 100}}],
    }
    assert errors(data) == {("weights", "scoring.error.weights_sum")}
    message = calc.score_form(
        {
            "settings": {"price_weight": "60"},
            "criteria": [{"key": "q", "weight": "60"}],
            "bids": [{"price": "1", "scores": {"q": "50"}}],
        },
        "en",
    )["errors"][0]["message"]
    assert message.startswith("The weights add up to 120% and must add up to 100 %")
    result = score_bids({**data, "normalise_weights": True})
    assert result["ok"] and result["weights_normalised"]
    assert result["price_weight"] == pytest.approx(0.5)
    assert result["criteria"][0]["weight"] == pytest.approx(0.5)
    assert result["warnings"][0] == {"key": "scoring.warning.normalised", "params": {"total": 1.2}}


def test_a_weight_of_zero_is_allowed_with_a_warning():
    result = score_bids(
        {
            "price_weight": 1.0,
            "criteria": [{"id": "q", "weight": 0}],
            "bids": [{"price": 1, "scores": {"q": 50}}, {"price": 2, "scores": {"q": 100}}],
        }
    )
    assert result["ok"]
    assert {"key": "scoring.warning.zero_weight", "params": {"id": "q"}} in result["warnings"]
    assert errors({"price_weight": 0, "bids": bids(1)}) == {
        ("price_weight", "scoring.error.weights_zero")
    }


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"method": "lowest"}, ("method", "error.choice")),
        ({"method": "linear-to-budget"}, ("budget", "scoring.error.budget_needed")),
        ({"budget": -1}, ("budget", "scoring.error.positive_amount")),
        ({"rounding": "ceil"}, ("rounding", "error.choice")),
        ({"decimals": 7}, ("decimals", "error.between")),
        ({"decimals": 1.5}, ("decimals", "error.not_whole")),
        ({"currency": "GBP"}, ("currency", "error.choice")),
        ({"abnormally_low_threshold": 1}, ("abnormally_low_threshold", "error.between")),
        ({"level_discounts": [0.5, 2]}, ("level_discounts", "scoring.error.level_discounts")),
        ({"colour": "green"}, ("colour", "error.unknown_field")),
        ({"bids": [{"price": 1, "level": 6}]}, ("bids.0.level", "error.between")),
        ({"bids": [{"price": 1, "scores": {"x": 1}}]}, ("bids.0.scores.x", "error.unknown_field")),
    ],
)
def test_each_bad_setting_is_reported_on_its_field(change, expected):
    assert expected in errors({"price_weight": 1.0, "bids": bids(1), **change})


def test_scores_are_checked_against_their_scale():
    base = {"price_weight": 0.5, "criteria": [{"id": "q", "weight": 0.5, "max_score": 10}]}
    assert ("bids.0.scores.q", "error.between") in errors(
        {**base, "bids": [{"price": 1, "scores": {"q": 11}}]}
    )
    assert ("bids.0.scores.q", "scoring.error.score_missing") in errors(
        {**base, "bids": [{"price": 1, "scores": {}}]}
    )
    dup = {"price_weight": 0.5, "criteria": [{"id": "q", "weight": 0.25}] * 2, "bids": bids(1)}
    assert ("criteria.1.id", "scoring.error.duplicate_id") in errors(dup)


# --------------------------------------------------------- the widget's API and the CLI


@pytest.mark.parametrize("lang", i18n.available_languages())
def test_the_example_is_valid_and_worded_in_every_language(lang):
    html = calc.render_html(lang)
    assert "\u27e6" not in html and "[es] " not in html
    answer = calc.score_form(calc.payload_from_state(calc._state(None, lang)), lang)
    assert answer["ok"], answer
    assert answer["view"]["summary"] in html.replace("&#x27;", "'")
    assert answer["result"]["winner"] is not None


def test_the_form_is_read_as_the_reader_typed_it():
    payload = {
        "settings": {
            "method": "inverse-proportion",
            "currency": "VND",
            "price_weight": "70",
            "decimals": "3",
            "rounding": "truncate",
        },
        "criteria": [
            {
                "key": "k1",
                "name": "Môi trường",
                "kind": "sustainability",
                "weight": "30",
                "max_score": "10",
            }
        ],
        "bids": [
            {"name": "", "price": "1.234.567", "scores": {"k1": "7,5"}},
            {"name": "Công ty B", "price": "1.300.000,5", "scores": {"k1": "9"}},
        ],
    }
    answer = calc.score_form(payload, "vi")
    assert answer["ok"], answer
    result = answer["result"]
    assert result["bids"][0]["price"] == 1234567
    assert result["bids"][1]["price"] == 1300000.5
    assert result["bids"][0]["points"]["k1"] == 75.0
    assert answer["view"]["tables"][0]["rows"][0]["label"] in ("Hồ sơ dự thầu 1", "Công ty B")


@pytest.mark.parametrize(
    ("lang", "field", "typed", "message"),
    [
        ("en", "bids.0.price", "abc", "Enter a number, for example 1,234.5."),
        ("es", "bids.0.price", "0", "El precio debe ser mayor que cero."),
        ("vi", "bids.0.price", "", "Vui lòng nhập một giá trị."),
        ("en", "price_weight", "130", "A weight must be between 0 % and 100 %."),
    ],
)
def test_errors_are_worded_and_addressed_to_their_field(lang, field, typed, message):
    payload = {"settings": {"price_weight": "100"}, "bids": [{"price": "10"}]}
    if field == "price_weight":
        payload["settings"]["price_weight"] = typed
    else:
        payload["bids"][0]["price"] = typed
    answer = calc.score_form(payload, lang)
    assert answer["ok"] is False
    assert {(e["field"], e["message"]) for e in answer["errors"]} >= {(field, message)} or (
        (field, i18n.translate("error.required", lang))
        in {(e["field"], e["message"]) for e in answer["errors"]}
    )
    assert all(e["message"] and "\u27e6" not in e["message"] for e in answer["errors"])


@pytest.mark.parametrize("country", scoring.COUNTRIES)
def test_country_defaults_are_complete_and_valid(country):
    values = scoring.country_settings(country)
    criteria = [{"id": "q", "weight": 1 - values["price_weight"]}]
    scored = [{"price": p, "scores": {"q": 50}} for p in (1, 2)]
    result = score_bids({**values, "criteria": criteria, "bids": scored})
    assert result["ok"], result
    answer = calc.defaults({"country": country}, "th")
    assert answer["ok"] and set(answer["settings"]) == set(scoring.COUNTRY_SETTINGS)
    for record in scoring.country_defaults(country).values():
        if record["status"] == "to-be-confirmed" or "note" in record:
            assert set(record.get("note", {"es": 1, "en": 1, "th": 1, "vi": 1})) == {
                "es",
                "en",
                "th",
                "vi",
            }
    assert calc.defaults({"country": "xx"}, "en")["ok"] is False


def test_gpp_run_score_gives_the_same_result(tmp_path):
    data = example(0.1)
    path = tmp_path / "bids.json"
    path.write_text(json.dumps(data))
    code, out, _ = run_cli(["run", "score", str(path), "--lang", "es"])
    printed = json.loads(out)
    assert code == 0
    expected = calc.compute(data)
    assert {k: v for k, v in printed.items() if k != "view"} == json.loads(json.dumps(expected))
    assert printed["view"]["summary"] == calc.view(expected, "es")["summary"]
    code, out, _ = run_cli(["run", "bid-scorer", "-", "--lang", "th"], stdin='{"bids": []}')
    assert code == 1
    assert json.loads(out)["errors"][0]["message"] == i18n.translate("scoring.error.no_bids", "th")
