"""gpp_core.lcc_html: the prerendered life-cycle cost widget and the layout it draws."""

import json
import re
from html import unescape

import pytest

from gpp_core import i18n, lcc_html
from gpp_core.calculators import lcc
from gpp_core.html import render_widget

LANGS = i18n.available_languages()


def config(html: str) -> dict:
    text = re.search(r'<script type="application/json" class="gpp-config">(.*?)</script>', html)
    assert text, "no runtime config"
    return json.loads(text.group(1).replace("<\\/", "</"))


@pytest.mark.parametrize("lang", LANGS)
def test_every_input_of_the_scenario_has_a_labelled_control_and_an_error_slot(lang):
    html = render_widget("lcc", lang)  # gpp_core.html dispatches to lcc_html.render_html
    assert 'data-gpp-calculator="lcc" data-gpp-links="own" data-gpp-widget="lcc"' in html
    defaults = lcc.api_defaults({"country": "pe", "template": "led-indoor"}, lang)
    paths = [f"buyer.{f.name}" for f in lcc.BUYER_FIELDS] + [
        f"options.{k}.{f.name}"
        for k in range(len(defaults["scenario"]["options"]))
        for f in lcc.OPTION_FIELDS
    ]
    for path in [*paths, "country", "template", "title", "currency"]:
        control = "gpp-lcc-" + path.replace(".", "-").replace("_", "-")
        assert f'id="{control}" name="{path}"' in html, path
        assert f'<label for="{control}">' in html, path
        assert f'id="{control}-error" hidden' in html, path
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert "\u27e6" not in html and "[es] " not in html, "a string is missing from a catalogue"


@pytest.mark.parametrize("lang", LANGS)
def test_the_prerendered_result_is_the_engines_answer_for_the_forms_own_text(lang):
    html = render_widget("lcc", lang)
    form = {
        name: unescape(value)
        for name, value in re.findall(r'<input id="[^"]+" name="([^"]+)"[^>]*value="([^"]*)"', html)
    }
    payload = {
        "country": "pe",
        "template": "led-indoor",
        "currency": "PEN",
        "buyer": {},
        "options": [{}, {}],
    }
    for name, value in form.items():
        parts = name.split(".")
        if parts[0] == "buyer":
            payload["buyer"][parts[1]] = value
        elif parts[0] == "options":
            payload["options"][int(parts[1])][parts[2]] = value
    for name, value in re.findall(
        r'<select id="[^"]+" name="(buyer\.[^"]+)".*?<option value="([^"]*)" selected', html
    ):
        payload["buyer"][name.split(".")[1]] = value
    answer = lcc_html.widget_answer(payload, lang)
    assert answer["ok"], answer
    summary = re.search(r'<p class="gpp-summary">(.*?)</p>', html).group(1)
    assert unescape(summary) == answer["widget"]["summary"]
    assert config(html)["widget"]["charts"] == answer["widget"]["charts"]


def test_sources_and_to_be_confirmed_marks_come_from_the_country_pack():
    html = lcc_html.render_html("es", {"country": "pe"})
    provenance = lcc.api_defaults({"country": "pe", "template": "led-indoor"}, "es")["provenance"]
    flagged = [name for name, p in provenance.items() if p["to_be_confirmed"]]
    assert flagged
    for name in provenance:
        source = re.search(rf'id="gpp-lcc-buyer-{name.replace("_", "-")}-source">(.*?)</p>', html)
        assert source, name
        assert ('class="gpp-lcc-tbc">por confirmar<' in source.group(1)) == (name in flagged)
    rate = re.search(r'id="gpp-lcc-buyer-discount-rate-source">(.*?)</p>', html).group(1)
    assert "Invierte.pe" in unescape(rate)


def test_a_page_can_choose_the_country_and_the_template():
    html = lcc_html.render_html("th", {"country": "vn", "template": "vehicles"})
    assert '<option value="vn" selected>' in html
    assert '<option value="vehicles" selected>' in html
    vehicles = lcc.api_defaults({"country": "vn", "template": "vehicles"}, "th")["scenario"]
    assert html.count('class="gpp-group gpp-lcc-option"') == len(vehicles["options"])
    assert "VND" in html
    with pytest.raises(ValueError, match="lcc widget"):
        lcc_html.render_html("es", {"country": "xx"})


def test_layout_holds_every_charts_numbers_as_a_table():
    scenario = lcc.defaults("pe", "vehicles", "en")
    answer = lcc.api_evaluate(scenario, "en")
    widget = lcc_html.layout(answer["scenario"], answer["result"], answer["view"], "en")
    result = answer["result"]
    years = result["period"] + 1
    assert len(widget["yearly_table"]["rows"]) == years
    cumulative = widget["charts"]["cumulative"]
    assert cumulative["years"] == list(range(years))
    for series, option in zip(cumulative["series"], result["options"], strict=True):
        assert series["values"] == option["yearly"]["cumulative_discounted_cost"]
    tornado = widget["sensitivity_tables"][0]
    items = result["sensitivity"]["tornado"]
    assert len(tornado["rows"]) == len(items) + 1  # the base case first
    assert [r["low"] for r in widget["charts"]["tornado"]["rows"]] == [
        i["low"]["net_savings"] for i in items
    ]
    assert widget["charts"]["tornado"]["table"] == tornado["caption"]
    breakdown = widget["charts"]["breakdown"]
    for category in breakdown["categories"]:
        assert any(category["values"])


def test_blank_inputs_are_marked_for_the_printed_report():
    html = lcc_html.render_html("en")
    assert 'class="gpp-field gpp-field--rate gpp-lcc-zero" data-field="buyer.inflation"' in html
    assert 'class="gpp-field gpp-field--rate" data-field="buyer.discount_rate"' in html
