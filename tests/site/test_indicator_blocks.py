"""The build-time blocks of the indicators page (calculators/blocks/indicators.py)."""

import base64
import re

import pytest

import site_helpers  # noqa: F401 - puts the checkout on sys.path
from calculators import blocks
from calculators.blocks import indicators as indicator_blocks
from gpp_core import indicators

LANGS = ("es", "en", "th", "vi")


def page(lang):
    return blocks.BlockPage(lang=lang, src_uri=f"{lang}/monitoring/indicators.md")


@pytest.mark.parametrize("lang", LANGS)
def test_the_dictionary_has_every_indicator_with_a_fixed_anchor(lang):
    text = indicator_blocks.render_dictionary({}, lang, page(lang))
    anchors = re.findall(r"\{ #(ind-[a-z0-9-]+) \}", text)
    assert anchors == ["ind-" + i.id.replace("_", "-") for i in indicators.dictionary().indicators]
    for indicator in indicators.dictionary().indicators:
        assert indicator.text("definition", lang) in text
        for code in indicator.ocds_goals:
            assert f"<code>{code}</code>" in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_template_links_carry_the_template_and_the_guide_every_column(lang):
    html = indicator_blocks.render_template({}, lang, page(lang))
    urls = dict(re.findall(r'href="data:([^;]+);[^"]*?base64,([^"]+)"', html))
    assert base64.b64decode(urls["text/csv"]).decode("utf-8") == indicators.template_csv(lang)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert base64.b64decode(urls[xlsx]) == indicators.template_xlsx(lang)
    for column in indicators.dictionary().columns:
        assert f'<th scope="row">{column.header[lang]}</th>' in html


def test_the_blocks_are_registered_and_the_limit_is_the_engines():
    names = blocks.renderers()
    assert {"indicator-dictionary", "indicator-template", "indicator-browser-limit"} <= set(names)
    assert indicator_blocks.render_browser_limit({}, "vi", page("vi")) == "30"
