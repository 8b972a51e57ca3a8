"""gpp_core.html: the prerendered form and default result."""

import re

import pytest

from gpp_core import i18n, web
from gpp_core.calculators import lcc_compare
from gpp_core.html import format_cell, render_widget


@pytest.mark.parametrize("lang", i18n.available_languages())
def test_widget_has_a_labelled_control_for_every_field_and_the_default_result(lang):
    html = render_widget("lcc-compare", lang)
    for spec in lcc_compare.FIELDS:
        control_id = f"gpp-lcc-compare-{spec.name}"
        assert f'id="{control_id}"' in html
        assert f'<label for="{control_id}">' in html
        assert f'id="{control_id}-error"' in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate ids"
    summary = web.evaluate("lcc-compare", {}, lang)["view"]["summary"]
    assert summary.replace("\u00a0", "&nbsp;") in html or summary in html
    assert "\u27e6" not in html and "[es] " not in html


def test_values_are_escaped():
    html = render_widget("lcc-compare", "en", {"name_a": '<script>alert("x")</script>'})
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_preset_values_are_shown_and_computed():
    html = render_widget("lcc-compare", "es", {"discount_rate": 0.05, "currency": "PEN"})
    assert 'value="5"' in html and '<option value="PEN" selected>' in html
    assert "S/" in html


def test_format_cell_kinds():
    assert format_cell({"kind": "money", "value": -85.37}, "USD", "en") == "-$85.37"
    assert format_cell({"kind": "years", "value": 10}, "USD", "vi") == "10"
    assert format_cell({"kind": "percent", "value": 0.18}, "USD", "th") == "18%"
    assert format_cell({"kind": "empty"}, "USD", "en") == ""
