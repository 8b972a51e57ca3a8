"""The lcc calculator's API: describe, defaults, evaluate, errors, share links, exports."""

import base64
import csv
import io
import json
from importlib import resources

import pytest

from gpp_core import i18n, presets, web
from gpp_core.calculators import lcc as calc
from gpp_core.xlsx import read_workbook

LANGS = i18n.available_languages()


def scenario(country="pe", template="led-indoor", lang="es"):
    return calc.defaults(country, template, lang)


def call(endpoint, payload, lang="en"):
    answer = json.loads(web.call_json(endpoint, json.dumps(payload), lang))
    assert "failure" not in answer, answer
    return answer


@pytest.mark.parametrize("lang", LANGS)
def test_describe_has_every_field_labelled_in_every_language(lang):
    info = call("lcc.describe", {}, lang)
    assert len(info["buyer_fields"]) == len(calc.BUYER_FIELDS)
    assert len(info["option_fields"]) == len(calc.OPTION_FIELDS)
    for field in info["buyer_fields"] + info["option_fields"]:
        assert "⟦" not in field["label"] + field["help"] + field["unit_text"]
        assert not field["label"].startswith("[")
    assert [c["id"] for c in info["countries"]] == ["pe", "th", "vn", "generic"]
    assert len(info["templates"]) >= 6 and all(t["illustrative"] for t in info["templates"])
    assert all(p["source"]["title"] for p in info["carbon_presets"])


def test_every_message_key_used_exists():
    messages = i18n.catalogue("en")["messages"]
    names = [f.name for f in calc.BUYER_FIELDS + calc.OPTION_FIELDS] + [calc.SERIES]
    for name in names:
        assert f"lcc.field.{name}.label" in messages and f"lcc.field.{name}.help" in messages
    for spec in calc.BUYER_FIELDS + calc.OPTION_FIELDS:
        if spec.unit:
            assert f"lcc.unit.{spec.unit}" in messages
        for choice in spec.choices:
            assert f"lcc.choice.{spec.name}.{choice}" in messages


@pytest.mark.parametrize("country", ["pe", "th", "vn", "generic"])
@pytest.mark.parametrize("template", sorted(calc.templates()))
def test_every_country_and_template_evaluates(country, template):
    answer = call("lcc.defaults", {"country": country, "template": template}, "th")
    assert answer["ok"]
    result = call("lcc.evaluate", answer["scenario"], "th")
    assert result["ok"], result.get("errors")
    assert result["view"]["summary"] and "⟦" not in json.dumps(result["view"])
    assert result["scenario"] == answer["scenario"]


def test_form_text_evaluates_to_the_same_result():
    for lang in LANGS:
        defaults = call("lcc.defaults", {"country": "vn", "template": "vehicles"}, lang)
        typed = call("lcc.evaluate", defaults["form"], lang)
        plain = call("lcc.evaluate", defaults["scenario"], lang)
        assert typed["ok"] and typed["result"]["options"] == plain["result"]["options"]
    assert defaults["form"]["buyer"]["discount_rate"] == "4"  # a percentage, as typed


def test_provenance_marks_values_to_be_confirmed():
    answer = call("lcc.defaults", {"country": "pe", "template": "led-indoor"}, "es")
    provenance = answer["provenance"]
    assert provenance["discount_rate"]["to_be_confirmed"] is False
    assert provenance["grid_factor"]["to_be_confirmed"] is True
    assert any("por confirmar" in note for note in answer["notes"])


def test_summary_sentence_in_each_language():
    s = scenario("pe", "led-indoor")
    result = calc.compute(s)
    saving = i18n.format_money(result["comparisons"][1]["net_savings"], "PEN", "es")
    tonnes = i18n.format_number(result["comparisons"][1]["co2e_avoided_t"], "es", max_decimals=1)
    summary = call("lcc.evaluate", s, "es")["view"]["summary"]
    assert summary == (
        f"En 15 años, Panel LED 36 W cuesta {saving} menos que "
        f"Fluorescente 2×36 W y evita {tonnes} tCO2e."
    )
    assert (
        "tCO2e" in call("lcc.evaluate", scenario("vn", "led-indoor", "vi"), "vi")["view"]["summary"]
    )


def with_changes(buyer=None, option=None, index=0, **top):
    s = scenario()
    s["buyer"].update(buyer or {})
    s["options"][index].update(option or {})
    s.update(top)
    return s


BAD = [
    (with_changes(option={"service_life": 0}), "options.0.service_life", "error.between"),
    (with_changes(option={"service_life": -3}), "options.0.service_life", "error.between"),
    (with_changes(buyer={"quantity": 0}), "buyer.quantity", "error.between"),
    (with_changes(option={"quantity": 0}, index=1), "options.1.quantity", "error.between"),
    (
        with_changes(option={"purchase_price": 1e308}, index=1),
        "options.1.purchase_price",
        "error.between",
    ),
    (
        with_changes(option={"purchase_price": "NaN"}),
        "options.0.purchase_price",
        "error.not_a_number",
    ),
    (with_changes(buyer={"period": 0}), "buyer.period", "error.between"),
    (with_changes(buyer={"period": 500}), "buyer.period", "error.between"),
    (with_changes(buyer={"period": 2.5}), "buyer.period", "error.not_whole"),
    (with_changes(buyer={"discount_rate": "abc"}), "buyer.discount_rate", "error.not_a_number"),
    (with_changes(buyer={"discount_rate": True}), "buyer.discount_rate", "error.not_a_number"),
    (with_changes(buyer={"colour": 1}), "buyer.colour", "error.unknown_field"),
    (with_changes(option={"colour": 1}), "options.0.colour", "error.unknown_field"),
    (with_changes(extra=1), "extra", "error.unknown_field"),
    (with_changes(country="xx"), "country", "lcc.error.unknown_country"),
    (with_changes(currency="GBP"), "currency", "error.choice"),
    (with_changes(buyer={"residual_value": "maybe"}), "buyer.residual_value", "error.choice"),
    (
        with_changes(buyer={"grid_factor_by_year": {"20x4": 1}}),
        "buyer.grid_factor_by_year",
        "lcc.error.series",
    ),
    (with_changes(options=[scenario()["options"][0]]), "options", "lcc.error.options_count"),
    (with_changes(options=scenario()["options"] * 4), "options", "lcc.error.options_count"),
    (with_changes(options="none"), "options", "lcc.error.not_a_list"),
    (with_changes(options=[1, 2]), "options.0", "lcc.error.not_an_object"),
]


@pytest.mark.parametrize(("bad", "field", "key"), BAD)
@pytest.mark.parametrize("lang", LANGS)
def test_bad_input_gives_a_translated_error(bad, field, key, lang):
    answer = call("lcc.evaluate", bad, lang)
    assert answer["ok"] is False
    match = [e for e in answer["errors"] if e["field"] == field]
    assert match and match[0]["key"] == key, answer["errors"]
    assert match[0]["message"] and "⟦" not in match[0]["message"]
    assert not match[0]["message"].startswith("[")


def test_missing_required_fields():
    s = scenario()
    del s["buyer"]["period"]
    del s["options"][1]["purchase_price"]
    fields = {e["field"]: e["key"] for e in call("lcc.evaluate", s)["errors"]}
    assert fields == {
        "buyer.period": "error.required",
        "options.1.purchase_price": "error.required",
    }
    assert call("lcc.evaluate", [1, 2])["errors"][0]["field"] == "scenario"
    assert call("lcc.evaluate", None)["ok"] is False


def test_bounds_are_worded_in_the_readers_numbers():
    s = with_changes(option={"purchase_price": "1e308"})
    message = call("lcc.evaluate", with_changes(option={"purchase_price": 1e308}), "vi")["errors"][
        0
    ]["message"]
    assert "1.000.000.000.000" in message
    assert call("lcc.evaluate", s, "en")["errors"][0]["key"] == "error.not_a_number"
    rate = call("lcc.evaluate", with_changes(buyer={"discount_rate": "60"}), "es")
    assert rate["errors"][0]["message"] == i18n.translate(
        "error.between", "es", min="0%", max="50%"
    )


def test_missing_buyer_values_come_from_the_country_pack():
    s = {
        "country": "pe",
        "buyer": {"period": 10},
        "options": [
            {"purchase_price": 1, "service_life": 5},
            {"purchase_price": "2,5", "service_life": "5"},
        ],
    }
    answer = call("lcc.evaluate", s, "es")
    assert answer["ok"]
    assert answer["scenario"]["buyer"]["discount_rate"] == 0.08
    assert answer["scenario"]["currency"] == "PEN"
    assert answer["scenario"]["options"][1]["purchase_price"] == 2.5


def test_share_link_round_trip_and_malformed_links():
    s = scenario("vn", "vehicles", "vi")
    fragment = call("lcc.share_encode", {"scenario": s})["fragment"]
    assert fragment.startswith("1.") and len(fragment) < 2000
    assert all(c.isalnum() or c in "-_." for c in fragment)
    decoded = call("lcc.share_decode", {"fragment": "#lcc=" + fragment}, "vi")
    assert decoded["ok"] and decoded["scenario"] == call("lcc.evaluate", s)["scenario"]
    for broken in [
        "",
        "1.",
        "2." + fragment[2:],
        fragment[:-10],
        "1.!!!",
        "1.AAAA",
        42,
        calc.encode_share([1, 2]),
    ]:
        answer = call("lcc.share_decode", {"fragment": broken}, "th")
        assert answer["ok"] is False
        assert answer["errors"][0]["field"] == "share"
        assert answer["errors"][0]["message"] in (
            i18n.translate("lcc.error.share_malformed", "th"),
            i18n.translate("lcc.error.share_invalid", "th"),
        )
    invalid = calc.encode_share(with_changes(buyer={"period": 500}))
    answer = call("lcc.share_decode", {"fragment": invalid}, "es")
    assert [e["field"] for e in answer["errors"]] == ["share", "buyer.period"]


def test_share_decode_refuses_a_compression_bomb():
    import zlib

    bomb = zlib.compress(b"[" + b"0," * 5_000_000 + b"0]", 9)
    fragment = "1." + base64.urlsafe_b64encode(bomb).decode().rstrip("=")
    assert len(fragment) < presets.MAX_BYTES
    assert call("lcc.share_decode", {"fragment": fragment})["errors"][0]["key"] == (
        "lcc.error.share_malformed"
    )


def test_csv_export_has_a_bom_labels_and_neutralised_formulas():
    s = scenario("th", "printers", "th")
    s["options"][0]["name"] = '=HYPERLINK("http://x")'
    s["options"][1]["name"] = "@SUM(A1)"
    answer = call("lcc.export", {"scenario": s, "format": "csv"}, "th")
    assert answer["ok"] and answer["filename"] == "lcc-printers.csv"
    text = answer["text"]
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    cells = [c for row in rows for c in row]
    assert '\'=HYPERLINK("http://x")' in cells and "'@SUM(A1)" in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    negatives = [c for c in cells if c.startswith("-")]
    assert negatives and all(float(c) < 0 for c in negatives)  # numbers stay numbers
    assert i18n.translate("lcc.row.lcc", "th") in cells
    result = calc.compute(s)
    lcc_row = next(r for r in rows if r and r[0] == i18n.translate("lcc.row.lcc", "th"))
    assert [float(v) for v in lcc_row[1:3]] == [o["lcc"] for o in result["options"]]


def test_json_export_opens_again():
    s = scenario("generic", "air-conditioners", "en")
    text = call("lcc.export", {"scenario": s, "format": "json"})["text"]
    again = call("lcc.evaluate", json.loads(text))
    assert again["ok"] and again["scenario"] == json.loads(text)


def test_xlsx_export_caches_the_engine_values():
    s = scenario("pe", "vehicles", "es")
    answer = call("lcc.export", {"scenario": s, "format": "xlsx"}, "es")
    assert answer["mime"].endswith("spreadsheetml.sheet")
    book = read_workbook(base64.b64decode(answer["base64"]))
    results = book[i18n.translate("lcc.sheet.results", "es")]
    engine = calc.compute(s)
    assert results[1][1:4] == pytest.approx([o["lcc"] for o in engine["options"]], rel=1e-12)
    assert call("lcc.export", {"scenario": s, "format": "pdf"})["errors"][0]["field"] == "format"


def test_apply_preset_sets_prices_currency_and_rate():
    s = scenario("pe", "vehicles", "es")
    answer = call("lcc.apply_preset", {"scenario": s, "preset": "pollutants:eu-cvd-2009"})
    buyer = answer["scenario"]["buyer"]
    assert (buyer["externality_currency"], buyer["nox_price"], buyer["pm_price"]) == (
        "EUR",
        4.4,
        87.0,
    )
    assert buyer["carbon_price"] == 35.0 and buyer["exchange_rate"] == 4.2
    unknown = call("lcc.apply_preset", {"scenario": s, "preset": "carbon:nope"})
    assert unknown["errors"][0]["field"] == "preset"


def test_published_schema_matches_the_declarations():
    text = (
        resources.files("gpp_core")
        .joinpath("schemas", "lcc-scenario.schema.json")
        .read_text("utf-8")
    )
    assert json.loads(text) == calc.scenario_schema()


def test_cli_runs_a_scenario_file_and_exports(tmp_path):
    from gpp_core import cli

    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(scenario("pe", "led-indoor", "es")), "utf-8")
    out = tmp_path / "result.json"
    assert cli.main(["run", "lcc", str(path), "--lang", "en", "-o", str(out)]) == 0
    printed = json.loads(out.read_text("utf-8"))
    assert printed["result"]["options"] == calc.compute(json.loads(path.read_text()))["options"]
    xlsx = tmp_path / "lcc.xlsx"
    assert cli.main(["run", "lcc", str(path), "--format", "xlsx", "-o", str(xlsx)]) == 0
    assert read_workbook(xlsx.read_bytes())
    csv_path = tmp_path / "lcc.csv"
    assert cli.main(["run", "lcc", str(path), "--format", "csv", "-o", str(csv_path)]) == 0
    assert csv_path.read_bytes().startswith("\ufeff".encode())
    bad = tmp_path / "bad.json"
    bad.write_text('{"buyer": {}, "options": []}', "utf-8")
    assert cli.main(["run", "lcc", str(bad), "-o", str(out)]) == 1
