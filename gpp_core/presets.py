"""Preset links: a link that opens a calculator already filled with given values.

Training exercises and case studies link to a calculator's page with the values in the
URL fragment, ``#<calculator>=1.<base64url(zlib(compact JSON))>``. A fragment never
reaches a server: the values stay in the reader's browser. The values are the
calculator's *typed* inputs, the same JSON that ``gpp run <calculator>`` and the build
take, so one scenario file drives the command line, a case study computed at build time
and the link to try it.

In the browser the runtime asks ``preset.open`` (:func:`api_open`): gpp_core decodes the
fragment, checks the values like any other input and answers the widget's markup
rendered with them (the very :func:`gpp_core.html.render_widget` the build uses), which
the runtime puts in place of the page's default form. A link that is damaged or holds
values the calculator refuses gets a message in the reader's language and changes
nothing.

>>> link = fragment("sdg-12-7-1", {"answers": {"A1": "applied"}})
>>> link.split("=")[0], decode(link)
('sdg-12-7-1', {'answers': {'A1': 'applied'}})
>>> api_open({"calculator": "sdg-12-7-1", "fragment": link}, "en")["ok"]
True
>>> damaged = api_open({"calculator": "sdg-12-7-1", "fragment": "sdg-12-7-1=1.xyz"}, "en")
>>> damaged["ok"], damaged["errors"][0]["key"]
(False, 'preset.error.malformed')
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Mapping
from typing import Any

from gpp_core import i18n

__all__ = ["VERSION", "api_open", "check", "decode", "encode", "fragment", "localized"]

VERSION = "1"
MAX_BYTES = 200_000


def encode(values: Any) -> str:
    """``values`` as a compact URL-fragment string (``1.`` + base64url(zlib(JSON)))."""
    text = json.dumps(values, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    packed = zlib.compress(text.encode("utf-8"), 9)
    return VERSION + "." + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def fragment(calculator: str, values: Any) -> str:
    """The URL fragment (without ``#``) that opens ``calculator`` with ``values``."""
    return f"{calculator}={encode(values)}"


def decode(text: Any) -> Any:
    """The JSON value in a fragment (``name=1.…``, ``#name=1.…`` or bare ``1.…``).

    Raises ``ValueError`` if it is malformed, of an unknown version or too large.
    """
    if not isinstance(text, str):
        raise ValueError("not text")
    text = text.strip().lstrip("#")
    if "=" in text.split(".", 1)[0]:
        text = text.split("=", 1)[1]
    version, _, data = text.partition(".")
    if version != VERSION or not data or len(data) > MAX_BYTES:
        raise ValueError("unknown version or empty")
    try:
        packed = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, MAX_BYTES)
        if inflater.unconsumed_tail or not inflater.eof:
            raise ValueError("truncated or too large")
        return json.loads(raw.decode("utf-8"))
    except (binascii.Error, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(str(exc)) from None


def localized(value: Any, lang: str) -> Any:
    """``value`` with every language map (an object whose keys are exactly the kit's
    languages) replaced by its text in ``lang``: how a scenario file names its options,
    bids and groups in four languages.

    >>> bid = {"es": "Oferta", "en": "Bid", "th": "ข้อเสนอ", "vi": "Hồ sơ"}
    >>> localized({"name": bid, "n": [1]}, "en")
    {'name': 'Bid', 'n': [1]}
    """
    if isinstance(value, Mapping):
        if value and set(value) == set(i18n.available_languages()):
            return value[lang]
        return {k: localized(v, lang) for k, v in value.items()}
    if isinstance(value, list):
        return [localized(v, lang) for v in value]
    return value


def _error(key: str, lang: str) -> dict[str, Any]:
    return {"field": "preset", "key": key, "params": {}, "message": i18n.translate(key, lang)}


def check(calculator: str, values: Any, lang: str) -> list[dict[str, Any]]:
    """What ``calculator`` refuses in ``values`` (errors with messages in ``lang``; empty
    when it accepts them). A calculator may define ``check_preset(values, lang)``;
    otherwise its ``compute(values)`` decides."""
    from gpp_core import calculators

    module = calculators.get(calculator)
    if not isinstance(values, Mapping):
        return [_error("preset.error.malformed", lang)]
    if hasattr(module, "check_preset"):
        return list(module.check_preset(values, lang))
    from gpp_core.web import localize_errors

    result = module.compute(values)
    return [] if result["ok"] else localize_errors(calculator, result["errors"], lang)


def api_open(payload: Any, lang: str) -> dict[str, Any]:
    """The browser's entry point: ``{"calculator", "fragment"}`` in; ``{"ok": True,
    "html"}`` (the widget rendered with the link's values) or ``{"ok": False, "errors"}``
    out. Never raises."""
    from gpp_core import calculators
    from gpp_core.html import render_widget

    if not isinstance(payload, Mapping) or payload.get("calculator") not in calculators.CALCULATORS:
        return {"ok": False, "errors": [_error("preset.error.malformed", lang)]}
    calculator = str(payload["calculator"])
    try:
        values = decode(payload.get("fragment"))
    except ValueError:
        return {"ok": False, "errors": [_error("preset.error.malformed", lang)]}
    try:
        errors = check(calculator, values, lang)
        if errors:
            return {"ok": False, "errors": [_error("preset.error.invalid", lang), *errors]}
        html = render_widget(calculator, lang, dict(values))
    except Exception:  # noqa: BLE001 - values of an unexpected shape: a message, not a crash
        return {"ok": False, "errors": [_error("preset.error.malformed", lang)]}
    return {"ok": True, "html": html}


API = {"preset.open": api_open}
