"""gpp_core.i18n: catalogues complete in every language, number reading and writing."""

import json
from importlib import resources

import pytest

from gpp_core import i18n

LANGS = i18n.available_languages()


def test_the_four_languages_are_there_and_spanish_is_first():
    assert LANGS[0] == "es"
    assert set(LANGS) == {"es", "en", "th", "vi"}


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_exists_in_every_language_with_the_same_placeholders(lang):
    source = i18n.catalogue("es")["messages"]
    messages = i18n.catalogue(lang)["messages"]
    assert sorted(messages) == sorted(source), f"{lang}: keys differ from es"
    for key, text in messages.items():
        assert isinstance(text, str) and text.strip(), f"{lang}: {key} is empty"
        assert i18n.placeholders(text) == i18n.placeholders(source[key]), (
            f"{lang}: {key} has placeholders {i18n.placeholders(text)}, "
            f"es has {i18n.placeholders(source[key])}"
        )


@pytest.mark.parametrize("lang", LANGS)
def test_no_message_was_left_in_another_language(lang):
    if lang == "es":
        return
    messages = i18n.catalogue(lang)["messages"]
    spanish = i18n.catalogue("es")["messages"]
    # Units and codes may coincide; sentences may not.
    same = [k for k, v in messages.items() if v == spanish[k] and len(v.split()) > 2]
    assert not same, f"{lang}: untranslated (identical to Spanish): {same}"


@pytest.mark.parametrize("lang", LANGS)
def test_meta_block_is_complete(lang):
    meta = i18n.language_meta(lang)
    for key in (
        "language",
        "name",
        "locale",
        "decimal",
        "group",
        "min_grouping",
        "percent_pattern",
        "currency_pattern",
        "currency_symbols",
    ):
        assert key in meta, f"{lang}: _meta.{key} missing"
    assert meta["language"] == lang
    assert meta["decimal"] != meta["group"]


def test_catalogue_files_are_valid_json_with_only_known_blocks():
    root = resources.files("gpp_core.locales")
    for name in i18n.catalogue_files():
        data = json.loads(root.joinpath(name).read_text("utf-8"))
        expected = {"_meta", "messages"} if "/" not in name else {"messages"}
        assert set(data) == expected, name
        if "/" in name:  # a domain folder has a file for every language
            folder = name.split("/")[0]
            assert {n for n in i18n.catalogue_files() if n.startswith(folder + "/")} == {
                f"{folder}/{lang}.json" for lang in i18n.available_languages()
            }


def test_a_key_defined_in_two_catalogue_files_is_an_error(tmp_path, monkeypatch):
    import shutil

    copy = tmp_path / "locales"
    shutil.copytree(resources.files("gpp_core.locales"), copy)
    (copy / "dup").mkdir()
    for lang in i18n.available_languages():
        (copy / "dup" / f"{lang}.json").write_text('{"messages": {"widget.result": "x"}}')
    monkeypatch.setattr(i18n.resources, "files", lambda _name: copy)
    i18n.catalogue.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"widget\.result.*dup/es\.json"):
            i18n.catalogue("es")
    finally:
        i18n.catalogue.cache_clear()


def test_translate_fills_placeholders_and_marks_gaps():
    assert i18n.translate("error.between", "en", min="1", max="50") == (
        "Enter a value between 1 and 50."
    )
    assert i18n.translate("no.such.key", "th") == "\u27e6no.such.key\u27e7"


def test_unknown_language_lists_the_valid_ones():
    with pytest.raises(KeyError, match="valid: en, es, th, vi"):
        i18n.catalogue("fr")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("1234.5", "es", 1234.5),
        ("1,234.5", "es", 1234.5),
        ("8,5", "es", 8.5),  # a Spanish reader's decimal comma
        ("1,234,567", "en", 1234567.0),
        ("  12 ", "th", 12.0),
        ("1.234,5", "vi", 1234.5),
        ("1.234", "vi", 1234.0),  # grouping, as Vietnamese writes thousands
        ("8.5", "vi", 8.5),  # not a valid grouping: the reader meant 8,5
        ("0,5", "vi", 0.5),
        ("-3", "en", -3.0),
        ("\u22123", "en", -3.0),  # a typographic minus
        ("1 234,5", "vi", 1234.5),
        (".5", "en", 0.5),
    ],
)
def test_parse_number(text, lang, expected):
    assert i18n.parse_number(text, lang) == expected


@pytest.mark.parametrize(
    "text", ["", "  ", "abc", "1.2.3", "1,2,3.4.5", "1e5", "--1", "1,23,4", "inf", "nan", "12abc"]
)
def test_parse_number_rejects(text):
    with pytest.raises(ValueError):
        i18n.parse_number(text, "en")


@pytest.mark.parametrize(
    ("value", "currency", "lang", "expected"),
    [
        (1234.5, "PEN", "es", "S/\u00a01,234.50"),
        (-1234.5, "USD", "es", "-USD\u00a01,234.50"),
        (1234.5, "USD", "en", "$1,234.50"),
        (1234.5, "PEN", "en", "PEN\u00a01,234.50"),
        (1234.5, "THB", "th", "\u0e3f1,234.50"),
        (1234.5, "VND", "vi", "1.235\u00a0\u20ab"),
        (0.125, "PEN", "es", "S/\u00a00.13"),  # half away from zero, like Intl
        (-0.001, "EUR", "en", "\u20ac0.00"),  # no "-0.00"
    ],
)
def test_format_money(value, currency, lang, expected):
    assert i18n.format_money(value, currency, lang) == expected


def test_format_number_and_percent():
    assert i18n.format_number(1234567.891, "vi") == "1.234.567,89"
    assert i18n.format_number(12, "th") == "12"
    assert i18n.format_number(1.005, "en") == "1.01"
    assert i18n.format_percent(0.085, "es") == "8.5%"
    assert i18n.format_percent(-0.5, "vi") == "-50%"


def test_unknown_currency_is_named():
    with pytest.raises(KeyError, match="unknown currency 'XXX'"):
        i18n.format_money(1, "XXX", "en")
