"""gpp_core.priorities and its calculator: ranking product groups for an action plan.

Hand-checked scores, properties (hypothesis), bad input, translated errors and the CSV
export's protection against formula injection. Runs in CPython and in Pyodide.
"""

import csv
import io
import itertools
import json
import math
import re
from html import escape

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gpp_core import i18n, priorities, web
from gpp_core.calculators import priorities as calculator

LANGS = i18n.available_languages()
CRITERIA = ("spend", "environmental_impact", "social_risk", "market_availability", "influence")
# The group ids of the criteria catalogue (issue 4), in the order of the tool.
GROUP_IDS = [
    "paper-print",
    "computers",
    "imaging",
    "indoor-lighting",
    "street-lighting",
    "vehicles",
    "cleaning",
    "food-catering",
    "furniture",
    "textiles",
    "construction",
    "electricity",
    "air-conditioning",
    "waste",
    "events",
]


def group(name, *values, group_id=None):
    return {
        "id": group_id or name.lower(),
        "name": name,
        "scores": dict(zip(CRITERIA, values, strict=False)),
    }


# ------------------------------------------------------------------ the data file


def test_criteria_and_default_weights():
    cat = priorities.catalogue()
    assert cat.ids == CRITERIA
    assert math.fsum(priorities.default_weights().values()) == pytest.approx(1)
    assert priorities.default_weights() == {
        "spend": 0.25,
        "environmental_impact": 0.25,
        "social_risk": 0.2,
        "market_availability": 0.15,
        "influence": 0.15,
    }


@pytest.mark.parametrize("lang", LANGS)
def test_default_groups_are_named_in_every_language(lang):
    groups = priorities.default_groups(lang)
    assert [g["id"] for g in groups] == GROUP_IDS
    assert all(g["name"].strip() for g in groups)
    assert len({g["name"] for g in groups}) == len(groups)
    for c in priorities.catalogue().criteria:
        assert c.name[lang] and c.help[lang] and c.low[lang] and c.high[lang]


# ------------------------------------------------------------------ hand-checked ranking


def test_two_groups_hand_checked():
    result = priorities.rank([group("Events", 1, 2, 2, 3, 5), group("Vehicles", 4, 5, 2, 4, 3)])
    # Vehicles: .25*4 + .25*5 + .2*2 + .15*4 + .15*3 = 3.7
    # Events:   .25*1 + .25*2 + .2*2 + .15*3 + .15*5 = 2.35
    ranking = result["ranking"]
    assert [(g["rank"], g["id"]) for g in ranking] == [(1, "vehicles"), (2, "events")]
    assert [g["score"] for g in ranking] == pytest.approx([3.7, 2.35])
    assert [g["input_index"] for g in ranking] == [1, 0]
    assert result["format"] == "gpp-priorities/1"


def test_default_ranking_with_ties_sharing_a_rank():
    ranking = calculator.compute({})["ranking"]
    top = [(g["rank"], g["id"], round(g["score"], 4)) for g in ranking[:5]]
    assert top == [
        (1, "construction", 4.05),
        (2, "computers", 3.85),
        (3, "vehicles", 3.7),  # tie: kept in input order
        (3, "food-catering", 3.7),
        (5, "electricity", 3.4),
    ]
    assert (ranking[-1]["id"], round(ranking[-1]["score"], 4)) == ("events", 2.35)
    # street-lighting (entered 5th) and textiles (10th) tie at 3.15: entry order kept,
    # even though floating point gives them scores that differ in the 16th digit.
    tied = [g["id"] for g in ranking if round(g["score"], 6) == 3.15]
    assert tied == ["street-lighting", "textiles"]


def test_scores_are_summed_exactly_so_every_python_gives_the_same_digits():
    # 0.25*4 + 0.25*1.5 + 0.2*4 + 0.15*4 + 0.15*3: a naive float sum gives
    # 3.2249999999999996 (shown "3.22") where Python 3.12+'s sum() gives 3.225 ("3.23").
    result = priorities.rank([group("C", 4, 1.5, 4, 4, 3)])
    assert result["ranking"][0]["score"] == 3.225
    assert i18n.format_number(result["ranking"][0]["score"], "en") == "3.23"


def test_spend_as_amounts_is_normalised_to_the_largest():
    groups = [group("A", 100, 3, 3, 3, 3), group("B", 50, 3, 3, 3, 3), group("C", 0, 3, 3, 3, 3)]
    result = priorities.rank(groups, spend_mode="amount")
    spend = {g["id"]: g["scores"]["spend"] for g in result["ranking"]}
    assert spend == {"a": 5, "b": 3, "c": 1}  # 1 + 4 * x / 100
    assert [g["spend_amount"] for g in result["ranking"]] == [100, 50, 0]
    assert result["ranking"][0]["score"] == pytest.approx(0.25 * 5 + 0.75 * 3)


def test_custom_weights_hand_checked():
    weights = {"spend": 0, "environmental_impact": 1, "social_risk": 0}
    weights |= {"market_availability": 0, "influence": 0}
    result = priorities.rank(
        [group("A", 5, 1, 5, 5, 5), group("B", 1, 2, 1, 1, 1)], weights=weights
    )
    assert [g["id"] for g in result["ranking"]] == ["b", "a"]
    assert [g["score"] for g in result["ranking"]] == [2, 1]


def test_weights_that_do_not_add_up_are_an_error_unless_rescaled():
    weights = {"spend": 0.5}  # 0.5 + 0.75 = 1.25
    result = priorities.rank([group("A", 1, 2, 3, 4, 5)], weights=weights)
    (error,) = result["errors"]
    assert (error["field"], error["key"]) == ("weights", "priorities.error.weights_sum")
    assert error["params"]["sum"] == pytest.approx(1.25)
    ok = priorities.rank([group("A", 1, 2, 3, 4, 5)], weights=weights, normalise=True)
    assert ok["weights_rescaled"] is True
    assert ok["weights"]["spend"] == pytest.approx(0.4)
    assert math.fsum(ok["weights"].values()) == pytest.approx(1)


# ------------------------------------------------------------------ properties

score = st.integers(1, 5).map(float) | st.floats(1, 5)
groups_strategy = st.lists(st.tuples(*(score for _ in CRITERIA)), min_size=1, max_size=12).map(
    lambda rows: [group(f"G{i}", *row) for i, row in enumerate(rows)]
)
weights_strategy = st.fixed_dictionaries({c: st.floats(0, 1) for c in CRITERIA}).filter(
    lambda w: sum(w.values()) > 1e-3
)


@settings(max_examples=60, deadline=None)
@given(groups_strategy, weights_strategy)
def test_weighted_scores_stay_between_1_and_5_and_ranks_are_consistent(groups, weights):
    result = priorities.rank(groups, weights=weights, normalise=True)
    assert result["ok"], result
    ranking = result["ranking"]
    assert sorted(g["input_index"] for g in ranking) == list(range(len(groups)))
    for g in ranking:
        assert 1 - 1e-9 <= g["score"] <= 5 + 1e-9
    for a, b in itertools.pairwise(ranking):
        assert a["score"] >= b["score"] - 1e-9
        assert a["rank"] <= b["rank"]
    assert ranking[0]["rank"] == 1


@settings(max_examples=60, deadline=None)
@given(groups_strategy, weights_strategy, st.sampled_from(CRITERIA), st.floats(0.05, 1))
def test_a_heavier_criterion_moves_up_the_groups_that_score_higher_on_it(
    groups, weights, criterion, extra
):
    before = priorities.rank(groups, weights=weights, normalise=True)
    heavier = dict(weights) | {criterion: min(1.0, weights[criterion] + extra)}
    assume(heavier[criterion] > weights[criterion] + 0.01)
    after = priorities.rank(groups, weights=heavier, normalise=True)
    old = {g["id"]: g for g in before["ranking"]}
    new = {g["id"]: g for g in after["ranking"]}
    for i in old:
        for j in old:
            higher_on_c = old[i]["scores"][criterion] > old[j]["scores"][criterion] + 1e-6
            if higher_on_c and old[i]["score"] >= old[j]["score"]:
                # i was at least level with j and is better on the criterion: it stays
                # ahead of j (never overtaken) when the criterion weighs more.
                assert new[i]["score"] > new[j]["score"] - 1e-12
                assert new[i]["rank"] <= new[j]["rank"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0, 1e9), min_size=1, max_size=10).filter(lambda xs: max(xs) > 1e-3),
    st.floats(1e-3, 1e3),
)
def test_spend_amounts_in_another_unit_give_the_same_ranking(amounts, factor):
    def groups(scale):
        return [group(f"G{i}", x * scale, 3, 2, 4, 1) for i, x in enumerate(amounts)]

    a = priorities.rank(groups(1), spend_mode="amount")["ranking"]
    b = priorities.rank(groups(factor), spend_mode="amount")["ranking"]
    assert [g["score"] for g in a] == pytest.approx([g["score"] for g in b])
    assert [g["rank"] for g in a] == [g["rank"] for g in b]
    assert {g["id"] for g in a if g["rank"] == 1} == {g["id"] for g in b if g["rank"] == 1}


# ------------------------------------------------------------------ bad input


def errors(result):
    return [(e["field"], e["key"]) for e in result["errors"]]


@pytest.mark.parametrize(
    ("groups", "kwargs", "expected"),
    [
        ([], {}, ("groups", "priorities.error.no_groups")),
        ("abc", {}, ("groups", "priorities.error.no_groups")),
        ([group("A", 1, 1, 1, 1, 1)] * 61, {}, ("groups", "priorities.error.too_many")),
        ([{"name": "", "scores": {}}], {}, ("group.0.name", "error.required")),
        ([{"name": 3, "scores": {}}], {}, ("group.0.name", "error.text")),
        ([group("x" * 81, 1, 1, 1, 1, 1)], {}, ("group.0.name", "error.too_long")),
        ([group("A", 0, 1, 1, 1, 1)], {}, ("group.0.spend", "error.between")),
        ([group("A", 1, 6, 1, 1, 1)], {}, ("group.0.environmental_impact", "error.between")),
        ([group("A", 1, 1, "3", 1, 1)], {}, ("group.0.social_risk", "error.not_a_number")),
        ([group("A", 1, 1, 1, True, 1)], {}, ("group.0.market_availability", "error.not_a_number")),
        ([group("A", 1, 1, 1, 1)], {}, ("group.0.influence", "error.required")),
        (
            [{"name": "A", "scores": {**dict.fromkeys(CRITERIA, 1), "price": 2}}],
            {},
            ("group.0.price", "error.unknown_field"),
        ),
        (
            [group("A", 1, 1, 1, 1, 1, group_id="x"), group("B", 1, 1, 1, 1, 1, group_id="x")],
            {},
            ("group.1.name", "priorities.error.duplicate"),
        ),
        (
            [group("A", 0, 1, 1, 1, 1), group("B", 0, 1, 1, 1, 1)],
            {"spend_mode": "amount"},
            ("spend_mode", "priorities.error.spend_zero"),
        ),
        (
            [group("A", -5, 1, 1, 1, 1)],
            {"spend_mode": "amount"},
            ("group.0.spend", "error.between"),
        ),
        ([group("A", 1, 1, 1, 1, 1)], {"spend_mode": "euros"}, ("spend_mode", "error.choice")),
        ([group("A", 1, 1, 1, 1, 1)], {"weights": {"spend": -1}}, ("w_spend", "error.between")),
        (
            [group("A", 1, 1, 1, 1, 1)],
            {"weights": {"price": 0.1}},
            ("w_price", "error.unknown_field"),
        ),
        (
            [group("A", 1, 1, 1, 1, 1)],
            {"weights": dict.fromkeys(CRITERIA, 0.0), "normalise": True},
            ("weights", "priorities.error.weights_zero"),
        ),
    ],
)
def test_bad_input_is_reported_on_its_field(groups, kwargs, expected):
    result = priorities.rank(groups, **kwargs)
    assert result["ok"] is False
    assert expected in errors(result)


def test_compute_rejects_malformed_json_inputs():
    assert errors(calculator.compute({"group": []})) == [("group", "error.unknown_field")]
    assert calculator.compute({"weights": [0.2]})["ok"] is False
    assert calculator.compute({"normalise": 1})["ok"] is False


def form(lang, **changes):
    """The tool's form as a reader of ``lang`` would send it (defaults otherwise)."""
    data = {
        f"w_{c}": i18n.format_number(w * 100, lang) for c, w in priorities.default_weights().items()
    }
    data |= {"spend_mode": "score", "normalise": ""}
    data["groups"] = [
        {"id": g["id"], "name": g["name"], **{c: str(int(v)) for c, v in g["scores"].items()}}
        for g in priorities.default_groups(lang)[:3]
    ]
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("lang", "change", "field", "message"),
    [
        (
            "en",
            {"w_spend": "35"},
            "weights",
            "The weights add up to 110%; they must add up to "
            "100%. Correct them, or tick “Rescale the weights to add up to 100%”.",
        ),
        ("vi", {"w_spend": "abc"}, "w_spend", "Vui lòng nhập một số, ví dụ: 3,5."),
        (
            "th",
            {"w_spend": "150"},
            "w_spend",
            i18n.translate("error.between", "th", min="0%", max="100%"),
        ),
        ("es", {"groups": []}, "groups", "Agregue al menos un grupo de productos."),
    ],
)
def test_form_errors_in_the_readers_language(lang, change, field, message):
    answer = calculator.rank_form(form(lang, **change), lang)
    assert answer["ok"] is False
    assert [(e["field"], e["message"]) for e in answer["errors"]] == [(field, message)]


@pytest.mark.parametrize("lang", LANGS)
def test_a_score_out_of_range_in_a_row(lang):
    data = form(lang)
    data["groups"][1]["social_risk"] = "9"
    data["groups"][2]["name"] = " "
    answer = calculator.rank_form(data, lang)
    assert [(e["field"], e["message"]) for e in answer["errors"]] == [
        ("group.1.social_risk", i18n.translate("error.between", lang, min="1", max="5")),
        ("group.2.name", i18n.translate("error.required", lang)),
    ]


def test_form_numbers_follow_the_language():
    data = form("vi", w_spend="25,0")
    data["groups"][0]["spend"] = "1.500.000"
    answer = calculator.rank_form({**data, "spend_mode": "amount"}, "vi")
    assert answer["ok"], answer
    assert answer["result"]["ranking"][0]["spend_amount"] == 1_500_000


def test_the_browser_entry_point_never_raises():
    assert json.loads(web.call_json("priorities.rank", "[]", "en"))["ok"] is False
    broken = json.loads(web.call_json("priorities.rank", "{", "vi"))
    assert broken["ok"] is False and broken["message"]


# ------------------------------------------------------------------ exports


def read_csv(text):
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_shape():
    result = calculator.compute({})
    rows = read_csv(priorities.to_csv(result))
    assert rows[0] == list(priorities.CSV_COLUMNS)
    assert len(rows) == 1 + 15
    assert rows[1] == [
        "1",
        "construction",
        "Construcción de edificaciones",
        "4.05",
        "5",
        "5",
        "4",
        "3",
        "2",
        "",
    ]
    amounts = priorities.rank([group("A", 1234.5, 3, 3, 3, 3)], spend_mode="amount")
    assert read_csv(priorities.to_csv(amounts))[1][-1] == "1234.5"


@pytest.mark.parametrize("name", ["=SUM(A1:A9)", "+1", "-2+3", "@cmd", '=HYPERLINK("x")'])
def test_csv_cells_that_start_like_formulas_are_made_text(name):
    result = priorities.rank([group(name, 1, 1, 1, 1, 1, group_id="=1+1")])
    row = read_csv(priorities.to_csv(result))[1]
    assert row[1] == "'=1+1"
    assert row[2] == "'" + name


@pytest.mark.parametrize(
    ("text", "safe"),
    [("\tTab", "'\tTab"), ("\rX", "'\rX"), ("\nX", "'\nX"), ("Tab", "Tab"), ("a=b", "a=b")],
)
def test_safe_cell(text, safe):
    assert priorities.safe_cell(text) == safe


@settings(max_examples=80, deadline=None)
@given(st.text(min_size=1, max_size=40).filter(lambda s: s.strip() and len(s.strip()) <= 80))
def test_no_csv_text_cell_can_start_a_formula(name):
    result = priorities.rank([group(name, 2, 2, 2, 2, 2)])
    assert result["ok"]
    row = read_csv(priorities.to_csv(result))[1]
    assert not row[2].startswith(("=", "+", "-", "@", "\t", "\r", "\n"))
    assert row[2] == priorities.safe_cell(name.strip())


def test_json_export_shape():
    answer = calculator.rank_form(form("en"), "en")
    data = json.loads(answer["json"])
    assert set(data) == {
        "format",
        "spend_mode",
        "criteria",
        "weights",
        "weights_rescaled",
        "ranking",
    }
    assert data["format"] == "gpp-priorities/1"
    assert set(data["ranking"][0]) == {
        "rank",
        "id",
        "name",
        "score",
        "scores",
        "spend_amount",
        "input_index",
    }


# ------------------------------------------------------------------ view and HTML


@pytest.mark.parametrize("lang", LANGS)
def test_view_in_every_language(lang):
    result = priorities.rank(priorities.default_groups(lang))
    view = calculator.view(result, lang)
    first = result["ranking"][0]
    assert first["name"] in view["summary"]
    assert i18n.format_number(first["score"], lang) in view["summary"]
    assert len(view["tables"][0]["rows"]) == 15
    assert any(str(15) in n for n in view["notes"])  # 15 groups keep illustrative scores
    text = json.dumps(view, ensure_ascii=False)
    assert "\u27e6" not in text and "[es] " not in text


def test_summary_for_one_and_two_groups():
    one = calculator.view(priorities.rank([group("Solo", 3, 3, 3, 3, 3)]), "en")
    assert one["summary"] == "Solo is the only group: weighted score 3 out of 5."
    two = calculator.view(
        priorities.rank([group("A", 3, 3, 3, 3, 3), group("B", 5, 5, 5, 5, 5)]), "en"
    )
    assert two["summary"] == ("Highest priority: B (weighted score 5 out of 5), followed by A (3).")


@pytest.mark.parametrize("lang", LANGS)
def test_tool_html_has_a_labelled_input_in_every_cell(lang):
    html = calculator.render_html(lang)
    assert html.count('class="gpp-group-row"') == 15
    for index in range(15):
        for name in ("name", *CRITERIA):
            assert f'for="gpp-priorities-g{index}-{name}"' in html
            assert f'id="gpp-priorities-g{index}-{name}-error"' in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate ids"
    answer = calculator.rank_form(calculator._initial(None, lang), lang)
    assert escape(answer["view"]["summary"]) in html
    assert 'download="priorities.csv" href="data:text/csv;charset=utf-8,' in html
    assert "\u27e6" not in html and "[es] " not in html


def test_names_are_escaped_in_the_html():
    html = calculator.render_html(
        "en", {"groups": [group('<script>alert("x")</script>', 1, 1, 1, 1, 1)]}
    )
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("lang", LANGS)
def test_describe(lang):
    info = web.describe("priorities", lang)
    assert [f["name"] for f in info["fields"]] == [f"w_{c}" for c in CRITERIA] + ["spend_mode"]
    assert len(info["default_groups"]) == 15


def test_command_line():
    import sys

    from gpp_core import cli

    def run(args, stdin):
        out = io.StringIO()
        old = sys.stdout, sys.stderr, sys.stdin
        sys.stdout, sys.stderr, sys.stdin = out, io.StringIO(), io.StringIO(stdin)
        try:
            code = cli.main(args)
        finally:
            sys.stdout, sys.stderr, sys.stdin = old
        return code, json.loads(out.getvalue())

    code, result = run(["run", "priorities", "-", "--lang", "th"], "{}")
    assert code == 0
    assert result["ranking"][0]["id"] == "construction"
    assert result["view"]["summary"].startswith("ลำดับความสำคัญสูงสุดคือ")
    code, result = run(["run", "priorities", "-", "--lang", "en"], '{"groups": []}')
    assert code == 1
    assert result["errors"][0]["message"] == "Add at least one product group."
