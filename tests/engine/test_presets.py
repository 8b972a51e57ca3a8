"""Preset links (gpp_core.presets): encoding, the checks, and what the browser gets."""

from __future__ import annotations

import base64
import zlib

import pytest

from gpp_core import i18n, presets
from gpp_core.calculators import scoring

LANGS = i18n.available_languages()


def open_(calculator, values, lang="en"):
    return presets.api_open(
        {"calculator": calculator, "fragment": presets.fragment(calculator, values)}, lang
    )


def test_a_fragment_round_trips_any_json_value():
    values = {"name": "Oferta técnica – ข้อเสนอ – Hồ sơ", "n": [1, 2.5, None, True]}
    fragment = presets.fragment("bid-scorer", values)
    assert fragment.startswith("bid-scorer=1.")
    assert presets.decode(fragment) == values
    assert presets.decode("#" + fragment) == values
    assert presets.decode(presets.encode(values)) == values


@pytest.mark.parametrize(
    "bad", [None, 3, "", "1.", "2.eJw", "1.!!!!", "bid-scorer=1.eJzLSM3JyQcABiwCFQ"]
)
def test_a_damaged_fragment_is_refused(bad):
    with pytest.raises(ValueError):
        presets.decode(bad)


def test_a_compression_bomb_is_refused():
    bomb = zlib.compress(b"[" + b"0," * 5_000_000 + b"0]", 9)
    fragment = "1." + base64.urlsafe_b64encode(bomb).decode().rstrip("=")
    assert len(fragment) < presets.MAX_BYTES
    with pytest.raises(ValueError):
        presets.decode(fragment)


@pytest.mark.parametrize("lang", LANGS)
def test_language_maps_take_the_readers_language(lang):
    names = {"es": "Limpieza", "en": "Cleaning", "th": "ทำความสะอาด", "vi": "Vệ sinh"}
    got = presets.localized(
        {"groups": [{"name": names, "id": "cleaning"}], "keep": {"es": "x"}}, lang
    )
    assert got == {"groups": [{"name": names[lang], "id": "cleaning"}], "keep": {"es": "x"}}


@pytest.mark.parametrize("lang", LANGS)
def test_valid_values_come_back_as_the_widget_rendered_with_them(lang):
    values = {
        **scoring.EXAMPLE,
        "bids": [{**bid, "name": f"Postor {n}"} for n, bid in enumerate(scoring.EXAMPLE["bids"])],
    }
    answer = open_("bid-scorer", values, lang)
    assert answer["ok"]
    assert 'data-gpp-calculator="bid-scorer"' in answer["html"]
    assert 'value="Postor 2"' in answer["html"]


@pytest.mark.parametrize(
    ("calculator", "values", "field"),
    [
        ("clauses", {"groups": ["no-such-group"]}, "groups"),
        ("sdg-12-7-1", {"answers": {"A1": "perhaps"}}, "A1"),
        ("priorities", {"weights": {"spend": 2}}, None),
        ("bid-scorer", {**scoring.EXAMPLE, "bids": [{"price": -1, "scores": {}}]}, None),
    ],
)
def test_values_the_calculator_refuses_are_reported_not_opened(calculator, values, field):
    answer = open_(calculator, values, "es")
    assert not answer["ok"]
    assert answer["errors"][0]["key"] == "preset.error.invalid"
    assert len(answer["errors"]) > 1
    if field:
        assert any(e["field"] == field for e in answer["errors"][1:]), answer["errors"]
    assert all(e["message"] for e in answer["errors"])


@pytest.mark.parametrize(
    "payload", [None, {}, {"calculator": "nope", "fragment": "1.x"}, {"calculator": "clauses"}]
)
def test_a_request_without_a_calculator_or_fragment_is_refused(payload):
    answer = presets.api_open(payload, "th")
    assert answer == {
        "ok": False,
        "errors": [{**answer["errors"][0], "key": "preset.error.malformed"}],
    }


def test_values_of_the_wrong_shape_get_a_message_not_a_crash():
    for values in ([1, 2], {"criteria": "x", "bids": 3}, {"settings": None}):
        answer = open_("bid-scorer", values)
        assert not answer["ok"]
        assert answer["errors"][0]["key"] in ("preset.error.malformed", "preset.error.invalid")


def test_the_lcc_share_link_is_a_preset_link():
    from gpp_core.calculators import lcc

    scenario = lcc.api_defaults({"country": "pe", "template": "led-indoor"}, "es")["scenario"]
    assert lcc.encode_share(scenario) == presets.encode(scenario)
    assert lcc.api_share_decode({"fragment": presets.fragment("lcc", scenario)}, "es")["ok"]
    assert lcc.check_preset(scenario, "es") == []
    assert lcc.check_preset({**scenario, "options": []}, "es")
