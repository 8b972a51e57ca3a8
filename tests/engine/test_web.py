"""gpp_core.web: what the browser worker and the build call."""

import json

import pytest

from gpp_core import i18n, web
from gpp_core.calculators import lcc_compare


def form(**changes):
    base = {
        "currency": "USD",
        "discount_rate": "8",
        "name_a": "",
        "name_b": "",
        "price_a": "1,000",
        "running_a": "300",
        "life_a": "8",
        "price_b": "1,400",
        "running_b": "180",
        "life_b": "10",
    }
    return {**base, **changes}


def test_evaluate_reads_the_form_as_the_reader_typed_it():
    answer = web.evaluate("lcc-compare", form(), "en")
    assert answer["ok"]
    assert answer["result"] == lcc_compare.compute({})  # the typed form is the defaults


def test_vietnamese_decimal_comma_and_grouping():
    answer = web.evaluate("lcc-compare", form(price_a="1.000", discount_rate="7,5"), "vi")
    assert answer["ok"]
    assert answer["result"]["discount_rate"] == pytest.approx(0.075)
    assert answer["result"]["options"][0]["purchase_price"] == 1000


@pytest.mark.parametrize(
    ("lang", "field", "typed", "message"),
    [
        ("en", "life_a", "0", "Enter a value between 1 and 50."),
        ("es", "life_a", "abc", "Ingrese un número, por ejemplo 1,234.5."),
        ("vi", "life_a", "abc", "Vui lòng nhập một số, ví dụ: 1.234,5."),
        ("en", "life_b", "2.5", "Enter a whole number."),
        ("en", "price_a", "", "Enter a value."),
        ("en", "discount_rate", "31", "Enter a value between 0% and 30%."),
        ("vi", "price_b", "-1", "Vui lòng nhập giá trị từ 0 đến 1.000.000.000.000."),
    ],
)
def test_errors_are_worded_in_the_readers_language(lang, field, typed, message):
    answer = web.evaluate("lcc-compare", form(**{field: typed}), lang)
    assert answer["ok"] is False
    (error,) = answer["errors"]
    assert error["field"] == field
    assert error["message"] == message


def test_thai_errors():
    answer = web.evaluate("lcc-compare", form(life_a="0"), "th")
    assert answer["errors"][0]["message"] == i18n.translate(
        "error.between", "th", min="1", max="50"
    )


def test_evaluate_json_never_raises():
    assert json.loads(web.evaluate_json("lcc-compare", "{not json", "en"))["ok"] is False
    assert json.loads(web.evaluate_json("lcc-compare", "[1, 2]", "en"))["ok"] is False
    broken = json.loads(web.evaluate_json("no-such-calculator", "{}", "th"))
    assert broken["ok"] is False
    assert broken["message"] == i18n.translate("error.internal", "th")
    good = json.loads(web.evaluate_json("lcc-compare", json.dumps(form()), "th"))
    assert good["ok"] and good["view"]["summary"]


@pytest.mark.parametrize("lang", i18n.available_languages())
def test_describe_every_field_with_label_and_help(lang):
    info = web.describe("lcc-compare", lang)
    assert len(info["fields"]) == len(lcc_compare.FIELDS)
    for field in info["fields"]:
        assert field["label"] and not field["label"].startswith("\u27e6")
        assert field["help"] and not field["help"].startswith("\u27e6")


def test_ui_strings_cover_the_widget_runtime():
    strings = web.ui_strings("th")
    for key in (
        "widget.loading",
        "widget.ready",
        "widget.stale",
        "widget.pending",
        "widget.fix_errors",
        "widget.failed",
        "widget.step.download",
    ):
        assert strings[key] and strings[key] != i18n.translate(key, "es")


def test_call_json_reaches_declared_endpoints_and_never_raises(monkeypatch):
    from gpp_core import calculators

    monkeypatch.setitem(
        calculators.API,
        "test.echo",
        lambda payload, lang: {"ok": True, "got": payload, "lang": lang},
    )
    answer = json.loads(web.call_json("test.echo", '{"a": [1, 2]}', "vi"))
    assert answer == {"ok": True, "got": {"a": [1, 2]}, "lang": "vi"}
    unknown = json.loads(web.call_json("no.such.endpoint", "{}", "en"))
    assert unknown["ok"] is False and "no.such.endpoint" in unknown["failure"]
    assert unknown["message"] == i18n.translate("error.internal", "en")
    assert json.loads(web.call_json("test.echo", "{not json", "th"))["ok"] is False


def test_every_calculator_module_is_registered_by_its_name():
    from gpp_core import calculators

    assert calculators.get("lcc-compare") is lcc_compare
    with pytest.raises(KeyError, match=r"valid: .*lcc-compare"):
        calculators.get("nope")
