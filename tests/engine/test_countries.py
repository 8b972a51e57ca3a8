"""gpp_core.countries: the packs' schema, sources, and adding a country as a folder."""

import shutil
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from gpp_core import countries, i18n
from gpp_core.calculators import lcc as calc

REFERENCES = Path(__file__).resolve().parents[2] / "references"


def reference_keys():
    keys = set()
    for path in REFERENCES.glob("*.toml"):
        keys |= set(tomllib.loads(path.read_text("utf-8")))
    return keys


def test_the_four_packs_exist():
    assert countries.available() == ["pe", "th", "vn", "generic"]


@pytest.mark.parametrize("country", ["pe", "th", "vn", "generic"])
def test_every_pack_passes_the_schema_check(country):
    folder = resources.files("gpp_core").joinpath("countries", country)
    data = tomllib.loads(folder.joinpath("country.toml").read_text("utf-8"))
    assert countries.pack_problems(data, country) == []
    assert set(data["name"]) == set(i18n.available_languages())


def test_every_source_reference_is_on_the_references_page():
    keys = reference_keys()
    cited = set()
    for country in countries.available():
        for record in countries.load(country)["parameters"].values():
            if record.get("source", {}).get("reference"):
                cited.add(record["source"]["reference"])
    for preset in [*countries.carbon_presets().values(), *countries.pollutant_presets().values()]:
        cited.add(preset["source"]["reference"])
    assert cited <= keys, cited - keys


def test_values_from_methods_md():
    assert countries.load("pe")["parameters"]["discount_rate"]["value"] == 0.08
    assert countries.load("th")["parameters"]["grid_factor"]["value"] == 0.4750
    series = countries.load("vn")["parameters"]["grid_factor_by_year"]["value"]
    assert series["2014"] == 0.6612 and series["2023"] == 0.6592 and len(series) == 10
    assert countries.carbon_presets()["pe-mef-2016"]["to_be_confirmed"] is True


def test_unconfirmed_values_are_flagged():
    pe = countries.load("pe")["parameters"]
    assert pe["grid_factor"]["to_be_confirmed"] and pe["grid_factor"]["illustrative"]
    assert countries.load("th")["parameters"]["discount_rate"]["to_be_confirmed"]
    assert countries.load("vn")["parameters"]["discount_rate"]["to_be_confirmed"]


def test_buyer_defaults_convert_the_carbon_preset():
    values, provenance = countries.buyer_defaults("pe")
    assert values["carbon_price"] == 7.17 and values["externality_currency"] == "USD"
    assert provenance["carbon_price"]["to_be_confirmed"] is True
    assert provenance["discount_rate"]["source"]["reference"] == "pe-mef-invierte-2019"
    values, _ = countries.buyer_defaults("th")
    assert values["carbon_price"] == 0 and values["externality_currency"] == "THB"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["parameters"]["discount_rate"].update(unit="%"), "unit must be"),
        (lambda d: d["parameters"]["grid_factor"].pop("valid_from"), "missing 'valid_from'"),
        (
            lambda d: d["parameters"].update(colour={"value": 1, "unit": "", "valid_from": "2020"}),
            "not a buyer parameter",
        ),
        (lambda d: d.update(currency="XXX"), "unknown currency"),
        (lambda d: d["parameters"]["electricity_price"].pop("to_be_confirmed"), "without a source"),
        (lambda d: d["name"].pop("th"), "name must be given"),
    ],
)
def test_schema_check_catches_mistakes(change, problem):
    folder = resources.files("gpp_core").joinpath("countries", "pe")
    data = tomllib.loads(folder.joinpath("country.toml").read_text("utf-8"))
    change(data)
    assert any(problem in p for p in countries.pack_problems(data, "pe"))


def test_adding_a_country_is_adding_a_folder(tmp_path):
    source = Path(str(resources.files("gpp_core").joinpath("countries", "generic")))
    shutil.copytree(source, tmp_path / "generic")
    (tmp_path / "xx").mkdir()
    text = (source / "country.toml").read_text("utf-8")
    text = text.replace('id = "generic"', 'id = "xx"').replace("value = 0.04", "value = 0.06")
    (tmp_path / "xx" / "country.toml").write_text(text, "utf-8")
    assert countries.available(tmp_path) == ["xx", "generic"]
    values, _ = countries.buyer_defaults("xx", tmp_path)
    assert values["discount_rate"] == 0.06
    (tmp_path / "yy").mkdir()
    (tmp_path / "yy" / "country.toml").write_text(text, "utf-8")  # id does not match
    with pytest.raises(ValueError, match="must match the folder"):
        countries.load("yy", tmp_path)


def test_templates_are_illustrative_and_titled_in_every_language():
    assert len(calc.templates()) >= 6
    for template in calc.templates().values():
        assert template["illustrative"] is True
        for lang in i18n.available_languages():
            assert template["title"][lang] and template["description"][lang]
            assert all(o["name"][lang] for o in template["options"])
