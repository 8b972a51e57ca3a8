"""Message catalogues, number formatting and number parsing for es, en, th, vi.

Every string a reader sees (labels, help, errors, result sentences) comes from a
catalogue in ``gpp_core/locales/<lang>.json``; adding a language is adding a file.
Each catalogue has a ``_meta`` block describing how that language writes numbers:
decimal and group separators, minimum grouping digits, currency pattern and symbols.
The browser formats numbers with ``Intl.NumberFormat`` for the same locale; the
functions here produce identical text for the build-time prerender (a test checks
them against Node's ``Intl``), so a page never changes its numbers when JavaScript
takes over.

Rounding follows ``Intl.NumberFormat``: the shortest decimal representation of the
float, rounded half away from zero.
"""

from __future__ import annotations

import json
import re
import string
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any

from gpp_core.errors import UnknownName

DEFAULT_LANGUAGE = "es"
NBSP = "\u00a0"

__all__ = [
    "DEFAULT_LANGUAGE",
    "available_languages",
    "catalogue",
    "catalogue_files",
    "currency_minor_units",
    "format_money",
    "format_number",
    "format_percent",
    "language_meta",
    "parse_number",
    "placeholders",
    "texts",
    "translate",
]


@cache
def available_languages() -> tuple[str, ...]:
    """Languages with a catalogue, the default language first.

    >>> available_languages()[0]
    'es'
    >>> sorted(available_languages())
    ['en', 'es', 'th', 'vi']
    """
    names = sorted(
        entry.name[:-5]
        for entry in resources.files("gpp_core.locales").iterdir()
        if entry.name.endswith(".json")
    )
    return (DEFAULT_LANGUAGE, *[n for n in names if n != DEFAULT_LANGUAGE])


@cache
def catalogue(lang: str) -> dict[str, Any]:
    """The whole catalogue of ``lang``: ``{"_meta": {...}, "messages": {...}}``.

    The messages are those of ``locales/<lang>.json`` (shared keys) merged with those of
    every domain folder, ``locales/<domain>/<lang>.json`` (one folder per calculator or
    content domain, so that teams never edit the same file). A key defined twice is an
    error, not a silent override.
    """
    if lang not in available_languages():
        raise UnknownName("language", lang, available_languages())
    root = resources.files("gpp_core.locales")
    data: dict[str, Any] = json.loads(root.joinpath(f"{lang}.json").read_text("utf-8"))
    messages: dict[str, str] = data["messages"]
    origin = dict.fromkeys(messages, f"{lang}.json")
    for folder in sorted((e for e in root.iterdir() if e.is_dir()), key=lambda e: e.name):
        if folder.name.startswith(("_", ".")) or not folder.joinpath(f"{lang}.json").is_file():
            continue
        part = json.loads(folder.joinpath(f"{lang}.json").read_text("utf-8"))
        for key, text in part["messages"].items():
            if key in messages:
                raise ValueError(
                    f"message {key!r} is defined in both {origin[key]} and "
                    f"{folder.name}/{lang}.json"
                )
            messages[key] = text
            origin[key] = f"{folder.name}/{lang}.json"
    return data


def catalogue_files() -> list[str]:
    """Every catalogue file, relative to ``gpp_core/locales`` (for checks and tools)."""
    root = resources.files("gpp_core.locales")
    names = [e.name for e in root.iterdir() if e.name.endswith(".json")]
    for folder in (e for e in root.iterdir() if e.is_dir() and not e.name.startswith(("_", "."))):
        names += [f"{folder.name}/{e.name}" for e in folder.iterdir() if e.name.endswith(".json")]
    return sorted(names)


def texts(raw: Any, where: str) -> dict[str, str]:
    """A text given in every language (``{"es": ..., "en": ..., ...}``) from a data file,
    checked: each language present, none empty. ``where`` names the place in errors.

    >>> texts({"es": "Sí", "en": "Yes", "th": "ใช่", "vi": "Có"}, "x")["th"]
    'ใช่'
    >>> texts({"es": "Sí"}, "data.toml: item A.1")
    Traceback (most recent call last):
    ValueError: data.toml: item A.1 needs a text in each of ['en', 'es', 'th', 'vi']
    """
    languages = set(available_languages())
    if not isinstance(raw, dict) or set(raw) != languages:
        raise ValueError(f"{where} needs a text in each of {sorted(languages)}")
    if not all(isinstance(v, str) and v.strip() for v in raw.values()):
        raise ValueError(f"{where} has an empty text")
    return {str(k): str(v) for k, v in raw.items()}


def language_meta(lang: str) -> dict[str, Any]:
    """How ``lang`` writes numbers and money (the catalogue's ``_meta`` block)."""
    meta: dict[str, Any] = catalogue(lang)["_meta"]
    return meta


def placeholders(text: str) -> set[str]:
    """Names of the ``{placeholders}`` in a message.

    >>> sorted(placeholders("Enter a value between {min} and {max}."))
    ['max', 'min']
    """
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def translate(key: str, lang: str, /, **params: Any) -> str:
    """The message ``key`` in ``lang``, with ``{placeholders}`` filled from ``params``.

    A message missing from ``lang`` falls back to the default language, marked
    ``[es]`` so the gap is visible to the reader (tests fail on any such gap). A key
    missing everywhere is returned as ``⟦key⟧``.

    >>> translate("widget.result", "en")
    'Result'
    """
    messages = catalogue(lang)["messages"]
    text = messages.get(key)
    if text is None:
        fallback = catalogue(DEFAULT_LANGUAGE)["messages"].get(key)
        if fallback is None:
            return f"\u27e6{key}\u27e7"
        text = f"[{DEFAULT_LANGUAGE}] {fallback}"
    if params:
        text = text.format_map(_SafeParams(params))
    return str(text)


class _SafeParams(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@cache
def _currencies() -> dict[str, dict[str, int]]:
    text = resources.files("gpp_core.data").joinpath("currencies.json").read_text("utf-8")
    data: dict[str, dict[str, int]] = json.loads(text)["currencies"]
    return data


def currency_minor_units(code: str) -> int:
    """Decimals used for amounts in ``code`` (ISO 4217).

    >>> currency_minor_units("VND"), currency_minor_units("PEN")
    (0, 2)
    """
    try:
        return _currencies()[code]["minor_units"]
    except KeyError:
        raise UnknownName("currency", code, _currencies()) from None


def _round(value: float, decimals: int) -> Decimal:
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


def _digits(value: float, lang: str, min_decimals: int, max_decimals: int) -> tuple[bool, str]:
    """Sign and unsigned digits of ``value`` written as ``lang`` writes numbers."""
    meta = language_meta(lang)
    rounded = _round(value, max_decimals)
    negative = rounded < 0  # a value that rounds to zero loses its sign
    text = f"{abs(rounded):f}"
    integer, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    fraction = fraction + "0" * (min_decimals - len(fraction))
    if len(integer) >= 4 + int(meta["min_grouping"]) - 1:
        groups: list[str] = []
        while len(integer) > 3:
            integer, tail = integer[:-3], integer[-3:]
            groups.insert(0, tail)
        integer = meta["group"].join([integer, *groups])
    return negative, integer + (meta["decimal"] + fraction if fraction else "")


def format_number(value: float, lang: str, *, max_decimals: int = 2, min_decimals: int = 0) -> str:
    """``value`` as ``Intl.NumberFormat(locale, {maximumFractionDigits})`` writes it.

    >>> format_number(1234567.891, "es"), format_number(1234567.891, "vi")
    ('1,234,567.89', '1.234.567,89')
    >>> format_number(-0.001, "en")
    '0'
    """
    negative, digits = _digits(value, lang, min_decimals, max_decimals)
    return ("-" if negative else "") + digits


def format_percent(fraction: float, lang: str, *, max_decimals: int = 1) -> str:
    """A fraction as a percentage: ``0.085`` gives ``8.5%`` (``8,5%`` in Vietnamese).

    >>> format_percent(0.085, "vi")
    '8,5%'
    """
    pattern: str = language_meta(lang)["percent_pattern"]
    negative, digits = _digits(fraction * 100, lang, 0, max_decimals)
    return ("-" if negative else "") + pattern.replace("#", digits)


def format_money(value: float, currency: str, lang: str) -> str:
    """An amount with its currency, as ``Intl.NumberFormat(locale, {style: "currency"})``.

    >>> format_money(-1234.5, "PEN", "es")
    '-S/\\xa01,234.50'
    >>> format_money(1234.5, "VND", "vi")
    '1.235\\xa0₫'
    """
    meta = language_meta(lang)
    decimals = currency_minor_units(currency)
    negative, digits = _digits(value, lang, decimals, decimals)
    symbol = meta["currency_symbols"].get(currency, currency)
    pattern: str = meta["currency_pattern"]
    # CLDR currency spacing: a symbol that touches the digits and ends (or starts)
    # with a letter is separated from them by a no-break space.
    if "¤#" in pattern and symbol[-1].isalpha():
        pattern = pattern.replace("¤#", "¤" + NBSP + "#")
    if "#¤" in pattern and symbol[0].isalpha():
        pattern = pattern.replace("#¤", "#" + NBSP + "¤")
    return ("-" if negative else "") + pattern.replace("#", digits).replace("¤", symbol)


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")


def parse_number(text: str, lang: str) -> float:
    """Read a number typed by a reader of ``lang``.

    The language's decimal separator is the decimal separator. Its group separator is
    accepted between groups of three digits; used anywhere else (``8,5`` in Spanish as
    written in Peru, ``8.5`` in Vietnamese) it is read as a decimal separator, because
    that is what the reader meant. Spaces are ignored. Raises ``ValueError`` for
    anything else.

    >>> parse_number("1,234.5", "es"), parse_number("8,5", "es"), parse_number("1.234,5", "vi")
    (1234.5, 8.5, 1234.5)
    >>> parse_number("8.5", "vi"), parse_number(" -12 ", "en")
    (8.5, -12.0)
    """
    meta = language_meta(lang)
    decimal_sep, group_sep = meta["decimal"], meta["group"]
    raw = _SPACES.sub("", text.strip()).replace("\u2212", "-")
    if not raw:
        raise ValueError("empty")
    match = re.fullmatch(r"([+-]?)(\d[\d.,]*|[.,]\d+)", raw)
    if not match:
        raise ValueError(f"not a number: {text!r}")
    sign, body = match.groups()
    grouped = re.fullmatch(
        rf"\d{{1,3}}(?:{re.escape(group_sep)}\d{{3}})+(?:{re.escape(decimal_sep)}\d+)?", body
    )
    if grouped:
        body = body.replace(group_sep, "")
    elif body.count(group_sep) == 1 and decimal_sep not in body:
        body = body.replace(group_sep, decimal_sep)
    if body.count(decimal_sep) > 1 or group_sep in body:
        raise ValueError(f"not a number: {text!r}")
    try:
        number = float(Decimal(sign + body.replace(decimal_sep, ".")))
    except InvalidOperation:  # pragma: no cover - the pattern above excludes it
        raise ValueError(f"not a number: {text!r}") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"not a number: {text!r}")
    return number
