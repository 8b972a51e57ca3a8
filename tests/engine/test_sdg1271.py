"""gpp_core.sdg1271 and its calculator: SDG indicator 12.7.1 self-assessment.

Hand-checked scores, properties (hypothesis), bad input and translated errors. Runs in
CPython and in Pyodide (tests/pyodide/run.mjs).
"""

import json
import math
import re
from html import escape

import pytest
from cli_helpers import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from gpp_core import i18n, sdg1271, web
from gpp_core.calculators import sdg1271 as calculator

LANGS = i18n.available_languages()
Q = sdg1271.questionnaire()
# The illustrative example of the docs page (docs/*/monitoring/sdg-12-7-1.md).
EXAMPLE = {
    "A1": "adopted",
    "B1": "allowed",
    "B2": "allowed",
    "B3": "allowed",
    "B5": "required",
    "B6": "allowed",
    "B7": "allowed",
    "C1": "yes",
    "C3": "partly",
    "D1": "some",
    "E2": "yes",
    "F1": 0.12,
}


def scores(result):
    return {c["id"]: c["score"] for c in result["components"]}


# ------------------------------------------------------------------ the questionnaire


def test_components_and_items_follow_the_index():
    assert [c.id for c in Q.components] == ["A", "B", "C", "D", "E", "F"]
    counts = {c.id: [i.code for i in c.items] for c in Q.components}
    assert counts == {
        "A": ["A.1"],
        "B": [f"B.{n}" for n in range(1, 9)],
        "C": [f"C.{n}" for n in range(1, 6)],
        "D": ["D.1", "D.2"],
        "E": ["E.1", "E.2", "E.3"],
        "F": ["F.1"],
    }
    assert Q.item("F1").kind == "share"


@pytest.mark.parametrize("lang", LANGS)
def test_every_text_exists_in_every_language(lang):
    for component in Q.components:
        assert component.name[lang].strip() and component.intro[lang].strip()
        for item in component.items:
            assert item.question[lang].strip() and item.help[lang].strip()
            for option in item.options:
                assert option.label[lang].strip()


def test_first_answer_is_not_known_and_scores_zero():
    for item in Q.items:
        if item.kind == "choice":
            assert item.options[0].id == "unknown"
            assert item.options[0].score == 0
            assert all(0 <= o.score <= 1 for o in item.options)
            assert max(o.score for o in item.options) == 1


def test_default_weights_are_equal_and_add_up_to_one():
    weights = sdg1271.default_weights()
    assert set(weights) == set("ABCDEF")
    assert math.fsum(weights.values()) == pytest.approx(1)
    assert len(set(weights.values())) == 1


# ------------------------------------------------------------------ hand-checked scores


def test_no_answers_scores_zero_everywhere():
    result = sdg1271.assess()
    assert result["ok"]
    assert result["overall"] == 0
    assert set(scores(result).values()) == {0}
    assert result["unknown"] == len(Q.items) == 20
    assert result["share_measured"] is False


def test_the_example_of_the_docs_page():
    result = sdg1271.assess(EXAMPLE)
    # A: adopted 0.5; B: five "allowed" (0.5) and one "required" (1) out of 8 items
    # = 3.5 / 8; C: yes 1 + partly 0.5 out of 5 = 0.3; D: some 0.5 out of 2 = 0.25;
    # E: one yes out of 3; F: 12 %.
    expected = {"A": 0.5, "B": 0.4375, "C": 0.3, "D": 0.25, "E": 1 / 3, "F": 0.12}
    assert scores(result) == pytest.approx(expected)
    assert result["overall"] == pytest.approx(sum(expected.values()) / 6)
    assert round(result["overall"] * 100, 1) == 32.3
    assert result["unknown"] == 20 - 12


def test_custom_weights_hand_checked():
    weights = {"A": 0.5, "B": 0.5, "C": 0, "D": 0, "E": 0, "F": 0}
    result = sdg1271.assess(EXAMPLE, weights=weights)
    assert result["overall"] == pytest.approx(0.5 * 0.5 + 0.5 * 0.4375)
    assert result["weights_rescaled"] is False


def test_item_weights_change_the_component_score():
    # B.5 counted three times as much as each other B item: (3 * 1 + 5 * 0.5) / 10.
    result = sdg1271.assess(EXAMPLE, item_weights={"B5": 3})
    assert scores(result)["B"] == pytest.approx(5.5 / 10)


def test_full_marks():
    best = {
        i.id: (1.0 if i.kind == "share" else max(i.options, key=lambda o: o.score).id)
        for i in Q.items
    }
    result = sdg1271.assess(best)
    assert result["overall"] == pytest.approx(1)
    assert result["improvements"] == []
    assert result["unknown"] == 0


def test_possible_gains_are_ordered_and_add_up_to_what_is_missing():
    result = sdg1271.assess(EXAMPLE)
    gains = {i["id"]: i["gain"] for i in result["items"]}
    assert math.fsum(gains.values()) == pytest.approx(1 - result["overall"])
    top = result["improvements"]
    assert len(top) == 5
    assert [gains[i] for i in top] == sorted((gains[i] for i in top), reverse=True)
    # F.1 at 12 %: (1/6) * 1 * 0.88 is the largest possible gain.
    assert top[0] == "F1"
    assert gains["F1"] == pytest.approx(0.88 / 6)


def test_weights_that_do_not_add_up_are_an_error_unless_rescaled():
    weights = {"A": 0.5}  # the others keep 1/6 each: 0.5 + 5/6
    result = sdg1271.assess(EXAMPLE, weights=weights)
    assert not result["ok"]
    (error,) = result["errors"]
    assert error["field"] == "weights"
    assert error["key"] == "sdg-12-7-1.error.weights_sum"
    assert error["params"]["sum"] == pytest.approx(0.5 + 5 / 6)
    rescaled = sdg1271.assess(EXAMPLE, weights=weights, normalise=True)
    assert rescaled["ok"] and rescaled["weights_rescaled"]
    assert math.fsum(rescaled["weights"].values()) == pytest.approx(1)
    assert rescaled["weights"]["A"] == pytest.approx(0.5 / (0.5 + 5 / 6))


def test_six_weights_of_16_67_percent_add_up():
    form = {f"w_{c}": "16.67" for c in "ABCDEF"}
    answer = calculator.assess_form(form, "en")
    assert answer["ok"], answer
    assert answer["result"]["weights_rescaled"] is False
    assert answer["result"]["weights"]["A"] == pytest.approx(1 / 6)


def test_all_weights_zero():
    result = sdg1271.assess(weights=dict.fromkeys("ABCDEF", 0.0), normalise=True)
    assert [e["key"] for e in result["errors"]] == ["sdg-12-7-1.error.weights_zero"]


# ------------------------------------------------------------------ properties

answers_strategy = st.fixed_dictionaries(
    {
        item.id: (
            st.one_of(st.none(), st.floats(0, 1))
            if item.kind == "share"
            else st.sampled_from([o.id for o in item.options])
        )
        for item in Q.items
    }
)
weights_strategy = st.fixed_dictionaries({c: st.floats(0, 1) for c in "ABCDEF"}).filter(
    lambda w: sum(w.values()) > 1e-6
)


@settings(max_examples=60, deadline=None)
@given(answers_strategy, weights_strategy)
def test_scores_stay_within_bounds_and_add_up(answers, weights):
    result = sdg1271.assess(answers, weights=weights, normalise=True)
    assert result["ok"], result
    assert 0 <= result["overall"] <= 1 + 1e-12
    for component in result["components"]:
        assert 0 <= component["score"] <= 1
    assert result["overall"] == pytest.approx(
        math.fsum(c["weight"] * c["score"] for c in result["components"])
    )
    assert math.fsum(i["gain"] for i in result["items"]) == pytest.approx(
        1 - result["overall"], abs=1e-9
    )


@settings(max_examples=60, deadline=None)
@given(answers_strategy, weights_strategy, st.sampled_from([i.id for i in Q.items]))
def test_a_better_answer_never_lowers_the_score(answers, weights, item_id):
    before = sdg1271.assess(answers, weights=weights, normalise=True)
    item = Q.item(item_id)
    better = dict(answers)
    if item.kind == "share":
        better[item_id] = 1.0
    else:
        better[item_id] = max(item.options, key=lambda o: o.score).id
    after = sdg1271.assess(better, weights=weights, normalise=True)
    assert after["overall"] >= before["overall"] - 1e-12


@settings(max_examples=40, deadline=None)
@given(answers_strategy, weights_strategy, st.floats(0.1, 1))
def test_rescaled_weights_do_not_depend_on_their_scale(answers, weights, factor):
    a = sdg1271.assess(answers, weights=weights, normalise=True)
    b = sdg1271.assess(answers, weights={k: v * factor for k, v in weights.items()}, normalise=True)
    assert b["overall"] == pytest.approx(a["overall"])


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("answers", "weights", "field", "key"),
    [
        ({"Z9": "yes"}, None, "Z9", "error.unknown_field"),
        ({"B1": "maybe"}, None, "B1", "error.choice"),
        ({"B1": 1}, None, "B1", "error.choice"),
        ({"F1": 1.5}, None, "F1", "error.between"),
        ({"F1": -0.1}, None, "F1", "error.between"),
        ({"F1": "35"}, None, "F1", "error.not_a_number"),
        ({"F1": True}, None, "F1", "error.not_a_number"),
        ({"F1": float("nan")}, None, "F1", "error.not_a_number"),
        ({}, {"A": -0.1}, "w_A", "error.between"),
        ({}, {"A": 1.2}, "w_A", "error.between"),
        ({}, {"A": "x"}, "w_A", "error.not_a_number"),
        ({}, {"G": 0.1}, "w_G", "error.unknown_field"),
    ],
)
def test_bad_input_is_reported_on_its_field(answers, weights, field, key):
    result = sdg1271.assess(answers, weights=weights)
    assert result["ok"] is False
    assert (field, key) in [(e["field"], e["key"]) for e in result["errors"]]


def test_bad_item_weights():
    result = sdg1271.assess(item_weights={"A1": 0})
    assert [(e["field"], e["key"]) for e in result["errors"]] == [
        ("v_A", "sdg-12-7-1.error.item_weights_zero")
    ]
    assert not sdg1271.assess(item_weights={"A1": -1})["ok"]
    assert not sdg1271.assess(item_weights={"Q1": 1})["ok"]


def test_compute_rejects_malformed_json_inputs():
    assert calculator.compute({"answer": {}})["errors"][0]["key"] == "error.unknown_field"
    assert calculator.compute({"answers": ["A1"]})["ok"] is False
    assert calculator.compute({"normalise": "yes"})["ok"] is False
    assert calculator.compute({"answers": EXAMPLE, "normalise": False})["ok"]


@pytest.mark.parametrize(
    ("lang", "form", "field", "message"),
    [
        ("en", {"F1": "abc"}, "F1", "Enter a number, for example 12.5."),
        ("vi", {"F1": "abc"}, "F1", "Vui lòng nhập một số, ví dụ: 12,5."),
        ("en", {"F1": "120"}, "F1", "Enter a value between 0% and 100%."),
        ("es", {"w_A": ""}, "w_A", i18n.translate("error.required", "es")),
        (
            "en",
            {"w_A": "50"},
            "weights",
            "The weights add up to 133.35%; they must add up to 100%. Correct them, "
            "or tick “Rescale the weights to add up to 100%”.",
        ),
        (
            "vi",
            {"w_A": "50"},
            "weights",
            "Tổng trọng số là 133,35%, trong khi phải bằng 100%. Hãy điều chỉnh hoặc "
            "đánh dấu “Quy đổi trọng số để tổng bằng 100%”.",
        ),
        (
            "es",
            {"B6": "maybe"},
            "B6",
            "Elija una de estas opciones: No se sabe, No lo permite o no lo prevé, "
            "Lo permite, Lo promueve o lo exige.",
        ),
    ],
)
def test_errors_are_worded_in_the_readers_language(lang, form, field, message):
    full = {f"w_{c}": i18n.format_number(100 / 6, lang) for c in "ABCDEF"} | form
    answer = calculator.assess_form(full, lang)
    assert answer["ok"] is False
    (error,) = answer["errors"]
    assert error["field"] == field
    assert error["message"] == message


@pytest.mark.parametrize("lang", LANGS)
def test_every_error_message_is_translated(lang):
    keys = [
        "sdg-12-7-1.error.weights_sum",
        "sdg-12-7-1.error.weights_zero",
        "sdg-12-7-1.error.item_weights_zero",
    ]
    for key in keys:
        text = i18n.translate(key, lang, sum="1")
        assert "\u27e6" not in text and not text.startswith("[es]")


def test_the_checkbox_named_in_the_error_exists():
    for lang in LANGS:
        label = i18n.translate("sdg-12-7-1.normalise", lang)
        assert label in i18n.translate("sdg-12-7-1.error.weights_sum", lang)


def test_form_numbers_are_read_as_the_reader_writes_them():
    kwargs, issues = sdg1271.parse_form({"F1": "12,5", "w_A": "16,67", "normalise": "on"}, "vi")
    assert not issues
    assert kwargs["answers"]["F1"] == pytest.approx(0.125)
    assert kwargs["weights"]["A"] == pytest.approx(0.1667)
    assert kwargs["normalise"] is True
    kwargs, _ = sdg1271.parse_form({"F1": ""}, "en")
    assert kwargs["answers"]["F1"] is None


def test_the_browser_entry_point_never_raises():
    assert json.loads(web.call_json("sdg-12-7-1.assess", "[1, 2]", "th"))["ok"]
    broken = json.loads(web.call_json("sdg-12-7-1.assess", "{oops", "th"))
    assert broken["ok"] is False and broken["message"]


# ------------------------------------------------------------------ view and HTML


@pytest.mark.parametrize("lang", LANGS)
def test_view_in_every_language(lang):
    result = sdg1271.assess(EXAMPLE)
    view = calculator.view(result, lang)
    assert i18n.format_percent(result["overall"], lang) in view["summary"]
    table = view["tables"][0]
    assert len(table["rows"]) == 7 and table["rows"][-1]["emphasis"]
    assert len(view["improvements"]) == 5
    assert len(view["answers"]["rows"]) == 20
    text = json.dumps(view, ensure_ascii=False)
    assert "\u27e6" not in text and "[es] " not in text


@pytest.mark.parametrize("lang", LANGS)
def test_questionnaire_html_is_a_real_form_with_the_default_result(lang):
    html = calculator.render_html(lang)
    assert html.count('type="radio"') == sum(len(i.options) for i in Q.items)
    for item in Q.items:
        assert f'data-field="{item.id}"' in html
        if item.kind == "choice":
            assert (
                f'id="gpp-sdg-12-7-1-{item.id}-unknown" name="{item.id}" value="unknown" checked'
                in html
            )
    for component in "ABCDEF":
        assert f'id="gpp-sdg-12-7-1-w_{component}"' in html
        assert f'<label for="gpp-sdg-12-7-1-w_{component}">' in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate ids"
    summary = calculator.assess_form({}, lang)["view"]["summary"]
    assert escape(summary) in html
    assert 'data-gpp-widget="sdg1271"' in html
    assert escape(i18n.translate("sdg-12-7-1.weights.unconfirmed", lang)) in html
    assert "\u27e6" not in html and "[es] " not in html


def test_preset_answers_are_checked_and_computed():
    html = calculator.render_html("en", {"answers": {"A1": "applied", "F1": 0.4}})
    assert 'name="A1" value="applied" checked' in html
    assert 'value="40"' in html
    assert "Overall score: 23.3%" in html


@pytest.mark.parametrize("lang", LANGS)
def test_describe_lists_every_input(lang):
    info = web.describe("sdg-12-7-1", lang)
    assert info["title"] == i18n.translate("sdg-12-7-1.title", lang)
    assert len(info["fields"]) == 20 + 6
    assert all(f["label"] and f["help"] for f in info["fields"])


def test_command_line():
    code, out, _ = run_cli(
        ["run", "sdg-12-7-1", "-", "--lang", "vi"], json.dumps({"answers": EXAMPLE})
    )
    result = json.loads(out)
    assert code == 0
    assert round(result["overall"], 4) == round(sdg1271.assess(EXAMPLE)["overall"], 4)
    assert result["view"]["summary"].startswith("Điểm tổng hợp: 32,3%")
    code, out, _ = run_cli(
        ["run", "sdg-12-7-1", "-", "--lang", "es"], json.dumps({"answers": {"F1": 2}})
    )
    assert code == 1
    assert json.loads(out)["errors"][0]["message"] == "Ingrese un valor entre 0% y 100%."
