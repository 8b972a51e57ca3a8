"""Build-time worked examples of the LCC calculator (calculators/blocks/lcc.py)."""

import json

import pytest

from calculators.blocks import BlockError, BlockPage, render_blocks, renderers
from gpp_core import i18n
from gpp_core.calculators import lcc as calc

PAGE = BlockPage("es", "es/guide/life-cycle-costing.md")


def render(markup, lang="es"):
    return render_blocks(markup, BlockPage(lang, f"{lang}/guide/x.md"), renderers())


def test_example_shows_the_engines_summary_and_tables():
    html = render(
        '<div data-gpp-block="lcc-example" '
        'data-gpp-args=\'{"country": "pe", "template": "led-indoor"}\'></div>'
    )
    answer = calc.api_evaluate(calc.defaults("pe", "led-indoor", "es"), "es")
    assert answer["view"]["summary"] in html
    assert i18n.translate("lcc.row.lcc", "es") in html
    assert i18n.format_money(answer["result"]["options"][0]["lcc"], "PEN", "es") in html


@pytest.mark.parametrize("lang", i18n.available_languages())
def test_value_is_one_figure_formatted_for_the_page(lang):
    args = '{"country": "vn", "template": "vehicles", "value": "comparisons.1.co2e_avoided_t"}'
    text = render(f"<span data-gpp-block=\"lcc-value\" data-gpp-args='{args}'></span>", lang)
    result = calc.compute(calc.defaults("vn", "vehicles", lang))
    expected = result["comparisons"][1]["co2e_avoided_t"]
    assert text == i18n.format_number(expected, lang, max_decimals=0 if expected >= 100 else 1)
    money = render(
        '<span data-gpp-block="lcc-value" data-gpp-args=\'{"country": "vn", '
        '"template": "vehicles", "value": "options.0.lcc"}\'></span>',
        lang,
    )
    assert money == i18n.format_money(result["options"][0]["lcc"], "VND", lang)


def test_scenario_file(tmp_path, monkeypatch):
    import calculators.blocks
    from calculators.blocks import lcc as blocks

    monkeypatch.setattr(calculators.blocks, "ROOT", tmp_path)
    (tmp_path / "s.json").write_text(json.dumps(calc.defaults("th", "printers", "th")))
    text = blocks.render_value({"file": "s.json", "value": "period"}, "th", PAGE)
    assert text == "5"
    with pytest.raises(BlockError, match="not found"):
        blocks.render_value({"file": "../etc/passwd", "value": "period"}, "th", PAGE)


@pytest.mark.parametrize(
    "args",
    [
        {"template": "nope"},
        {"value": "options.9.lcc"},
        {"value": 3},
        {"value": "options.0.lcc", "format": "stars"},
    ],
)
def test_bad_arguments_stop_the_build(args):
    from calculators.blocks import lcc as blocks

    with pytest.raises(BlockError):
        blocks.render_value(args, "es", PAGE)
