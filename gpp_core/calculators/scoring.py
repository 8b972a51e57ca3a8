"""The bid scorer: the widget's side of :mod:`gpp_core.scoring`.

* ``compute(inputs)``: :func:`gpp_core.scoring.score_bids` on typed JSON (the CLI:
  ``gpp run score bids.json``);
* ``view(result, lang)``: the ranking, the points and the weighted scores, as tables
  whose cells carry the text readers see, with the summary, the method used, the
  warnings and the sensitivity sentence;
* ``API["bid-scorer.score"]``: the form as a reader typed it (numbers in the reader's
  notation, weights and thresholds in %), parsed, scored and laid out, errors worded
  in the reader's language and addressed to their field (``bids.0.price``);
* ``render_html(lang, values)``: the prerendered widget with an illustrative example.

Every figure is computed here; the browser only shows the texts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from html import escape
from typing import Any

from gpp_core import i18n, scoring
from gpp_core.calculator import Field

NAME = "bid-scorer"
ALIASES = ("score",)
WIDGET = "bid-scorer"
COUNTRIES = scoring.COUNTRIES
RATE_FIELDS = ("price_weight", "abnormally_low_threshold")

FIELDS: tuple[Field, ...] = (
    Field("country", "choice", "generic", choices=COUNTRIES),
    Field("method", "choice", "inverse-proportion", choices=scoring.METHODS),
    Field("currency", "choice", "USD", choices=scoring.CURRENCIES),
    Field("price_basis", "choice", "price", choices=("price", "life-cycle-cost")),
    Field("price_weight", "rate", 0.6, unit="1", minimum=0.0, maximum=1.0),
    Field("budget", "number", 120000.0, unit="currency", minimum=0.0, maximum=scoring.MAX_AMOUNT),
    Field("rounding", "choice", "round", choices=scoring.ROUNDING),
    Field("decimals", "integer", 2, minimum=0, maximum=scoring.MAX_DECIMALS),
    Field("abnormally_low_threshold", "rate", 0.2, unit="1", minimum=0.0, maximum=0.99),
    Field("normalise_weights", "choice", "no", choices=("no", "yes")),
)

# The illustrative example shown before the reader types anything (not real bids).
EXAMPLE: dict[str, Any] = {
    "settings": {
        "country": "generic",
        "method": "inverse-proportion",
        "currency": "USD",
        "price_basis": "price",
        "price_weight": 0.6,
        "budget": 120000.0,
        "rounding": "round",
        "decimals": 2,
        "abnormally_low_threshold": 0.2,
        "normalise_weights": False,
    },
    "criteria": [
        {"key": "c1", "name_key": "quality", "kind": "quality", "weight": 0.25, "max_score": 100},
        {
            "key": "c2",
            "name_key": "energy",
            "kind": "sustainability",
            "weight": 0.1,
            "max_score": 100,
        },
        {
            "key": "c3",
            "name_key": "women",
            "kind": "sustainability",
            "weight": 0.05,
            "max_score": 10,
        },
    ],
    "bids": [
        {"name": "", "price": 100000.0, "level": 0, "scores": {"c1": 80, "c2": 40, "c3": 0}},
        {"name": "", "price": 109000.0, "level": 0, "scores": {"c1": 85, "c2": 90, "c3": 10}},
        {"name": "", "price": 96000.0, "level": 0, "scores": {"c1": 70, "c2": 30, "c3": 0}},
    ],
}


def t(key: str, lang: str, /, **params: Any) -> str:
    return i18n.translate(key, lang, **params)


def compute(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Score typed bids (see :func:`gpp_core.scoring.score_bids` for the inputs).

    >>> result = compute({"price_weight": 1.0, "bids": [{"price": 90}, {"price": 100}]})
    >>> [b["price_points"] for b in result["bids"]], result["winner"]
    ([100.0, 90.0], 0)
    """
    return {**scoring.score_bids(inputs), "calculator": NAME}


# ------------------------------------------------------------------------------ view


def _score(value: float, decimals: int, lang: str) -> str:
    return i18n.format_number(value, lang, max_decimals=decimals, min_decimals=decimals)


def _percent(value: float, lang: str) -> str:
    return i18n.format_percent(value, lang, max_decimals=2)


def bid_names(result: Mapping[str, Any], lang: str) -> list[str]:
    """Each bid's name, or "Bid n" where the reader left it empty."""
    return [
        b["name"].strip() or t(f"{NAME}.bid", lang, n=n)
        for n, b in enumerate(result["bids"], start=1)
    ]


def criterion_names(result: Mapping[str, Any], lang: str) -> dict[str, str]:
    return {
        c["id"]: (c["name"] or "").strip() or t(f"{NAME}.criterion", lang, n=n)
        for n, c in enumerate(result["criteria"], start=1)
    }


def _join(names: list[str], lang: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + t(f"{NAME}.and", lang) + names[-1]


def _cell(kind: str, value: Any, text: str) -> dict[str, Any]:
    return {"kind": kind, "value": value, "text": text}


def _warning(warning: Mapping[str, Any], result: Mapping[str, Any], lang: str) -> str:
    params = dict(warning["params"])
    names = bid_names(result, lang)
    if "bid" in params:
        params["bid"] = names[params["bid"]]
    if "bids" in params:
        params["bids"] = _join([names[i] for i in params["bids"]], lang)
    if "threshold" in params:
        params["threshold"] = _percent(params["threshold"], lang)
    if "total" in params:
        params["total"] = _percent(params["total"], lang)
    if "id" in params:
        params["name"] = criterion_names(result, lang)[params.pop("id")]
    return t(warning["key"], lang, **params)


def _sensitivity(result: Mapping[str, Any], lang: str) -> str:
    info = result["sensitivity"]
    if not info["applicable"]:
        reason = {"no_sustainability_criteria": "no_criteria"}.get(info["reason"], info["reason"])
        return t(f"{NAME}.sensitivity.{reason}", lang)
    if not info["changes"]:
        return t(f"{NAME}.sensitivity.none", lang)
    direction = "up" if info["change"] > 0 else "down"
    change = info["change"] * 100
    return t(
        f"{NAME}.sensitivity.{direction}",
        lang,
        current=_percent(info["weight"], lang),
        threshold=_percent(info["threshold"], lang),
        change=("+" if change > 0 else "−") + i18n.format_number(abs(change), lang, max_decimals=2),
        rival=bid_names(result, lang)[info["rival"]],
    )


def view(result: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Lay out a successful result for readers of ``lang`` (cells carry their text)."""
    currency, decimals = result["currency"], result["decimals"]
    names = bid_names(result, lang)
    crit_names = criterion_names(result, lang)
    bids = result["bids"]
    order = result["ranking"]
    fictitious = result["method"] == "fictitious-discount"

    def money(value: float) -> dict[str, Any]:
        return _cell("money", value, i18n.format_money(value, currency, lang))

    def score(value: float) -> dict[str, Any]:
        return _cell("score", value, _score(value, decimals, lang))

    tie_ranks = {bids[i]["rank"] for tie in result["ties"] for i in tie}
    ranking_columns = [t(f"{NAME}.column.bid", lang), t(f"{NAME}.column.rank", lang)]
    ranking_columns.append(
        t(f"{NAME}.field.price_lcc.label", lang)
        if result["price_basis"] == "life-cycle-cost"
        else t(f"{NAME}.column.price", lang)
    )
    if fictitious:
        ranking_columns.append(t(f"{NAME}.column.evaluated_price", lang))
    ranking_columns += [t(f"{NAME}.column.total", lang), t(f"{NAME}.column.remarks", lang)]
    ranking_rows = []
    points_rows = []
    weighted_rows = []
    for i in order:
        bid = bids[i]
        remarks = [t(f"{NAME}.flag.{flag}", lang) for flag in bid["flags"]]
        if bid["rank"] in tie_ranks:
            remarks.append(t(f"{NAME}.flag.tie", lang))
        cells = [
            _cell("rank", bid["rank"], i18n.format_number(bid["rank"], lang)),
            money(bid["price"]),
        ]
        if fictitious:
            cells.append(money(bid["evaluated_price"]))
        cells += [score(bid["total"]), _cell("text", None, "; ".join(remarks))]
        emphasis = bid["rank"] == 1
        ranking_rows.append({"label": names[i], "cells": cells, "emphasis": emphasis})
        points_rows.append(
            {
                "label": names[i],
                "cells": [score(bid["price_points"])]
                + [score(bid["points"][c["id"]]) for c in result["criteria"]],
                "emphasis": emphasis,
            }
        )
        weighted_rows.append(
            {
                "label": names[i],
                "cells": [score(bid["contributions"]["price"])]
                + [score(bid["contributions"][c["id"]]) for c in result["criteria"]]
                + [score(bid["total"])],
                "emphasis": emphasis,
            }
        )
    price_label = t(f"{NAME}.column.price_points", lang)
    points_columns = [
        t(f"{NAME}.column.bid", lang),
        price_label,
        *(crit_names[c["id"]] for c in result["criteria"]),
    ]
    weighted_columns = [
        t(f"{NAME}.column.bid", lang),
        t(
            f"{NAME}.column.weighted",
            lang,
            name=price_label,
            weight=_percent(result["price_weight"], lang),
        ),
        *(
            t(
                f"{NAME}.column.weighted",
                lang,
                name=crit_names[c["id"]],
                weight=_percent(c["weight"], lang),
            )
            for c in result["criteria"]
        ),
        t(f"{NAME}.column.total", lang),
    ]
    if len(bids) == 1:
        summary = t(
            f"{NAME}.summary.single",
            lang,
            winner=names[0],
            total=_score(bids[0]["total"], decimals, lang),
        )
    elif result["winner"] is None:
        first = [i for i in order if bids[i]["rank"] == 1]
        summary = t(
            f"{NAME}.summary.tie",
            lang,
            bids=_join([names[i] for i in first], lang),
            total=_score(bids[first[0]]["total"], decimals, lang),
        )
    else:
        second = order[1]
        summary = t(
            f"{NAME}.summary.winner",
            lang,
            winner=names[order[0]],
            total=_score(bids[order[0]]["total"], decimals, lang),
            second=names[second],
            second_total=_score(bids[second]["total"], decimals, lang),
        )
    notes = [
        t(
            f"{NAME}.note.method",
            lang,
            method=t(f"{NAME}.method.{result['method']}", lang),
            formula=result["formula"],
        ),
        t(f"{NAME}.note.rounding.{result['rounding']}", lang, decimals=decimals),
    ]
    if fictitious:
        notes.append(
            t(
                f"{NAME}.note.discounts",
                lang,
                discounts=", ".join(
                    f"{n}: {_percent(d, lang)}"
                    for n, d in enumerate(result["level_discounts"], start=1)
                ),
            )
        )
    if result["price_basis"] == "life-cycle-cost":
        notes.append(t(f"{NAME}.note.lcc", lang))
    warnings = [
        _warning(w, result, lang) for w in result["warnings"] if w["key"] != "scoring.warning.tie"
    ]
    return {
        "currency": currency,
        "summary": summary,
        "tables": [
            {
                "caption": t(f"{NAME}.table.ranking", lang),
                "columns": ranking_columns,
                "rows": ranking_rows,
            },
            {
                "caption": t(f"{NAME}.table.points", lang),
                "columns": points_columns,
                "rows": points_rows,
            },
            {
                "caption": t(f"{NAME}.table.weighted", lang),
                "columns": weighted_columns,
                "rows": weighted_rows,
            },
        ],
        "warnings": warnings,
        "sensitivity": _sensitivity(result, lang),
        "notes": notes,
    }


# ------------------------------------------------------------------ the widget's API


def _issue(field: str, key: str, **params: Any) -> dict[str, Any]:
    return {"field": field, "key": key, "params": params}


def _parse(
    text: Any, field: str, lang: str, errors: list[dict[str, Any]], *, rate: bool = False
) -> float | None:
    if isinstance(text, bool):
        text = ""
    if isinstance(text, (int, float)):
        return float(text) / 100 if rate else float(text)
    text = "" if text is None else str(text)
    if not text.strip():
        errors.append(_issue(field, "error.required"))
        return None
    try:
        number = i18n.parse_number(text, lang)
    except ValueError:
        errors.append(_issue(field, "error.not_a_number", example=i18n.format_number(1234.5, lang)))
        return None
    return number / 100 if rate else number


def parse_payload(payload: Any, lang: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Read the widget's form (text as typed in ``lang``) into :func:`compute`'s inputs."""
    errors: list[dict[str, Any]] = []
    if not isinstance(payload, dict):
        return {}, [_issue("bids", "scoring.error.no_bids")]
    settings = payload.get("settings", {}) if isinstance(payload.get("settings"), dict) else {}
    data: dict[str, Any] = {}
    for name in ("method", "currency", "price_basis", "rounding"):
        if name in settings:
            data[name] = settings[name]
    data["normalise_weights"] = settings.get("normalise_weights") in (True, "yes", "true", "on")
    for name in ("price_weight", "abnormally_low_threshold"):
        if name in settings:
            value = _parse(settings[name], name, lang, errors, rate=True)
            if value is not None:
                data[name] = value
    if "decimals" in settings:
        value = _parse(settings["decimals"], "decimals", lang, errors)
        if value is not None:
            data["decimals"] = int(value) if value == int(value) else value
    budget = settings.get("budget")
    if budget not in (None, "") and not (isinstance(budget, str) and not budget.strip()):
        value = _parse(budget, "budget", lang, errors)
        if value is not None:
            data["budget"] = value
    criteria = []
    raw_criteria = payload.get("criteria", [])
    for n, item in enumerate(raw_criteria if isinstance(raw_criteria, list) else []):
        if not isinstance(item, dict):
            continue
        where = f"criteria.{n}"
        key = str(item.get("key") or f"c{n + 1}")
        weight = _parse(item.get("weight"), f"{where}.weight", lang, errors, rate=True)
        top = _parse(item.get("max_score", "100"), f"{where}.max_score", lang, errors)
        criteria.append(
            {
                "id": key,
                "name": str(item.get("name", ""))[:200],
                "kind": item.get("kind", "quality"),
                "weight": weight if weight is not None else 0.0,
                "max_score": top if top is not None else 100.0,
            }
        )
    data["criteria"] = criteria
    keys = [c["id"] for c in criteria]
    bids = []
    raw_bids = payload.get("bids", [])
    for n, item in enumerate(raw_bids if isinstance(raw_bids, list) else []):
        if not isinstance(item, dict):
            continue
        where = f"bids.{n}"
        price = _parse(item.get("price"), f"{where}.price", lang, errors)
        level_text = item.get("level", "0")
        level = _parse(
            level_text if level_text not in (None, "") else "0", f"{where}.level", lang, errors
        )
        raw_scores = item.get("scores", {}) if isinstance(item.get("scores"), dict) else {}
        scores = {}
        for key in keys:
            value = _parse(raw_scores.get(key), f"{where}.scores.{key}", lang, errors)
            if value is not None:
                scores[key] = value
        bids.append(
            {
                "name": str(item.get("name", ""))[:200],
                "price": price if price is not None else 1.0,
                "level": int(level) if level is not None and level == int(level) else 0,
                "scores": {k: scores.get(k, 0.0) for k in keys},
            }
        )
    data["bids"] = bids
    return data, errors


def _field_name(field: str, names: Mapping[str, str]) -> str:
    return names.get(field, field)


def localize_errors(
    errors: list[dict[str, Any]], lang: str, criterion_labels: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """Errors with their ``message`` in ``lang``; numbers as the reader writes them."""
    labels = dict(criterion_labels or {})
    out = []
    for error in errors:
        params = dict(error["params"])
        field = error["field"]
        is_rate = field in RATE_FIELDS or field.endswith(".weight")
        for name in ("min", "max"):
            if name in params and isinstance(params[name], (int, float)):
                params[name] = (
                    _percent(params[name], lang)
                    if is_rate
                    else i18n.format_number(params[name], lang, max_decimals=4)
                )
        if "total" in params:
            params["total"] = _percent(params["total"], lang)
        if "choices" in params:
            params["choices"] = ", ".join(str(c) for c in params["choices"])
        if "id" in params:
            params["id"] = labels.get(params["id"], params["id"])
        key = error["key"]
        if field.endswith(".kind") and key == "error.choice":
            key = f"{NAME}.error.bad_kind"
        out.append({**error, "key": key, "message": t(key, lang, **params)})
    return out


def score_form(payload: Any, lang: str) -> dict[str, Any]:
    """The widget's endpoint: parse, score, lay out (see the module docstring)."""
    data, errors = parse_payload(payload, lang)
    labels = {
        c["id"]: c["name"] or t(f"{NAME}.criterion", lang, n=n)
        for n, c in enumerate(data.get("criteria", []), start=1)
    }
    if errors:
        return {"ok": False, "errors": localize_errors(errors, lang, labels)}
    result = compute(data)
    if not result["ok"]:
        return {"ok": False, "errors": localize_errors(result["errors"], lang, labels)}
    return {"ok": True, "result": result, "view": view(result, lang)}


def defaults(payload: Any, lang: str) -> dict[str, Any]:
    """A country's defaults as the form shows them: ``{name: {text, status, note}}``."""
    country = payload.get("country") if isinstance(payload, dict) else None
    if country not in COUNTRIES:
        return {"ok": False, "errors": [_issue("country", "error.choice", choices=COUNTRIES)]}
    return {"ok": True, "settings": _country_form(country, lang)}


def _display(name: str, value: Any, lang: str) -> str:
    if name in RATE_FIELDS:
        return i18n.format_number(value * 100, lang, max_decimals=4)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return i18n.format_number(value, lang, max_decimals=6)
    return str(value)


def _country_form(country: str, lang: str) -> dict[str, dict[str, Any]]:
    records = scoring.country_defaults(country)
    country_name = t(f"criteria.country.{country}", lang)
    out = {}
    for name, record in records.items():
        status = record["status"]
        note = record.get("note", {}).get(lang, "")
        out[name] = {
            "value": record["value"],
            "text": _display(name, record["value"], lang),
            "status": status,
            "status_text": t(
                f"{NAME}.default_note",
                lang,
                country=country_name,
                status=t(f"{NAME}.status.{status}", lang),
            ),
            "note": note,
        }
    return out


def country_note(country: str, lang: str) -> str:
    """What the form says once a country's values are pre-filled: which are to be
    confirmed or illustrative, and the notes that come with them."""
    parts = [t(f"{NAME}.default_note_for", lang, country=t(f"criteria.country.{country}", lang))]
    for name, record in scoring.country_defaults(country).items():
        if record["status"] != "sourced":
            status = t(f"{NAME}.status.{record['status']}", lang)
            label = t(f"{NAME}.field.{name}.label", lang)
            parts.append(t(f"{NAME}.status_line", lang, label=label, status=status))
        note = record.get("note", {}).get(lang)
        if note:
            parts.append(note)
    return " ".join(parts)


API = {f"{NAME}.score": score_form, f"{NAME}.defaults": defaults}


# ------------------------------------------------------------------------- markup

_P = f"gpp-{NAME}"


def _id(field: str) -> str:
    return f"{_P}-{field.replace('.', '-')}"


def _error_slot(field: str) -> str:
    return f'<p class="gpp-field__error" id="{_id(field)}-error" hidden></p>'


def _input(
    field: str, label: str, value: str, *, mode: str = "decimal", help_text: str = ""
) -> str:
    ident = _id(field)
    described = f"{ident}-help {ident}-error" if help_text else f"{ident}-error"
    help_html = (
        f'<p class="gpp-field__help" id="{ident}-help">{escape(help_text)}</p>' if help_text else ""
    )
    extra = f' inputmode="{mode}"' if mode else ' maxlength="80"'
    return (
        f'<div class="gpp-field" data-field="{escape(field)}">'
        f'<label for="{ident}">{escape(label)}</label>'
        f'<input id="{ident}" name="{escape(field)}" type="text"{extra} autocomplete="off" '
        f'value="{escape(value)}" aria-describedby="{described}">'
        f"{help_html}{_error_slot(field)}</div>"
    )


def _select(
    field: str, label: str, options: list[tuple[str, str]], selected: str, *, help_text: str = ""
) -> str:
    ident = _id(field)
    described = f"{ident}-help {ident}-error" if help_text else f"{ident}-error"
    help_html = (
        f'<p class="gpp-field__help" id="{ident}-help">{escape(help_text)}</p>' if help_text else ""
    )
    opts = "".join(
        f'<option value="{escape(v)}"{" selected" if v == selected else ""}>{escape(text)}</option>'
        for v, text in options
    )
    return (
        f'<div class="gpp-field" data-field="{escape(field)}">'
        f'<label for="{ident}">{escape(label)}</label>'
        f'<select id="{ident}" name="{escape(field)}" aria-describedby="{described}">'
        f"{opts}</select>"
        f"{help_html}{_error_slot(field)}</div>"
    )


def _button(action: str, text: str, index: int | None = None) -> str:
    """A button the script shows (hidden without JavaScript, where it could not work)."""
    kind = " gpp-button--secondary" if index is not None else ""
    data = f' data-index="{index}"' if index is not None else ""
    return (
        f'<button type="button" class="gpp-button{kind}" data-action="{action}"{data} hidden>'
        f"{escape(text)}</button>"
    )


def _label(name: str, lang: str) -> str:
    return t(f"{NAME}.field.{name}.label", lang)


def _help(name: str, lang: str) -> str:
    return t(f"{NAME}.field.{name}.help", lang)


def level_options(discounts: list[float], lang: str) -> list[tuple[str, str]]:
    return [("0", t(f"{NAME}.level.none", lang))] + [
        (str(n), t(f"{NAME}.level.n", lang, n=n, discount=_percent(d, lang)))
        for n, d in enumerate(discounts, start=1)
    ]


def strings(lang: str) -> dict[str, str]:
    """The texts the browser needs to build new rows and show results."""
    keys = [
        k
        for k in i18n.catalogue(i18n.DEFAULT_LANGUAGE)["messages"]
        if k.startswith((f"{NAME}.", "widget."))
    ]
    return {k: t(k, lang) for k in keys}


def _state(values: Mapping[str, Any] | None, lang: str) -> dict[str, Any]:
    """The form's initial state as text (the example, or ``values`` in the same shape)."""
    source = values if values else EXAMPLE
    settings = {**EXAMPLE["settings"], **source.get("settings", {})}
    state_settings = {
        name: ("yes" if value is True else "no" if value is False else _display(name, value, lang))
        if name not in ("method", "currency", "price_basis", "rounding", "country")
        else value
        for name, value in settings.items()
    }
    criteria = []
    for c in source.get("criteria", []):
        name = c.get("name") or (
            t(f"{NAME}.example.{c['name_key']}", lang) if c.get("name_key") else ""
        )
        criteria.append(
            {
                "key": c["key"],
                "name": name,
                "kind": c["kind"],
                "weight": _display("price_weight", c["weight"], lang),
                "max_score": _display("max_score", c["max_score"], lang),
            }
        )
    bids = [
        {
            "name": b.get("name", ""),
            "price": _display("price", b["price"], lang),
            "level": str(b.get("level", 0)),
            "scores": {k: _display("score", v, lang) for k, v in b["scores"].items()},
        }
        for b in source.get("bids", [])
    ]
    return {"settings": state_settings, "criteria": criteria, "bids": bids}


def _criterion_card(n: int, c: Mapping[str, Any], lang: str) -> str:
    where = f"criteria.{n}"
    title = t(f"{NAME}.criterion", lang, n=n + 1)
    kinds = [(k, t(f"{NAME}.kind.{k}", lang)) for k in scoring.KINDS]
    return (
        f'<fieldset class="gpp-group gpp-card" data-criterion="{escape(c["key"])}">'
        f"<legend>{escape(title)}</legend>"
        + _input(f"{where}.name", _label("name", lang), c["name"], mode="")
        + _select(f"{where}.kind", _label("kind", lang), kinds, c["kind"])
        + _input(f"{where}.weight", _label("weight", lang), c["weight"])
        + _input(f"{where}.max_score", _label("max_score", lang), c["max_score"])
        + _button("remove-criterion", t(f"{NAME}.remove_criterion", lang, n=n + 1), n)
        + "</fieldset>"
    )


def _bid_card(
    n: int,
    b: Mapping[str, Any],
    criteria: list[dict[str, Any]],
    state: Mapping[str, Any],
    lang: str,
) -> str:
    where = f"bids.{n}"
    title = t(f"{NAME}.bid", lang, n=n + 1)
    price_label = (
        _label("price_lcc", lang)
        if state["settings"].get("price_basis") == "life-cycle-cost"
        else _label("price", lang)
    )
    level = _select(
        f"{where}.level",
        _label("level", lang),
        level_options(list(scoring.CO2_LADDER_DISCOUNTS), lang),
        b.get("level", "0"),
    )
    fictitious = state["settings"].get("method") == "fictitious-discount"
    level = f'<div class="gpp-level"{"" if fictitious else " hidden"}>{level}</div>'
    scores = "".join(
        _input(
            f"{where}.scores.{c['key']}",
            t(
                f"{NAME}.field.score.label",
                lang,
                criterion=c["name"] or t(f"{NAME}.criterion", lang, n=m + 1),
                max=c["max_score"],
            ),
            b["scores"].get(c["key"], ""),
        )
        for m, c in enumerate(criteria)
    )
    return (
        f'<fieldset class="gpp-group gpp-card" data-bid="{n}"><legend>{escape(title)}</legend>'
        + _input(f"{where}.name", _label("bid_name", lang), b["name"], mode="")
        + _input(f"{where}.price", price_label, b["price"])
        + level
        + scores
        + _button("remove-bid", t(f"{NAME}.remove_bid", lang, n=n + 1), n)
        + "</fieldset>"
    )


def render_view_html(view_data: Mapping[str, Any]) -> str:
    """The result's tables, warnings, sensitivity sentence and notes (no summary)."""
    parts = []
    for table in view_data["tables"]:
        head = "".join(f'<th scope="col">{escape(c)}</th>' for c in table["columns"])
        body = []
        for row in table["rows"]:
            cells = "".join(
                f'<td data-kind="{c["kind"]}" data-label="{escape(col)}">{escape(c["text"])}</td>'
                for col, c in zip(table["columns"][1:], row["cells"], strict=True)
            )
            emphasis = ' class="gpp-row--emphasis"' if row.get("emphasis") else ""
            body.append(f'<tr{emphasis}><th scope="row">{escape(row["label"])}</th>{cells}</tr>')
        parts.append(
            f'<div class="gpp-table-wrap" tabindex="0" role="region" '
            f'aria-label="{escape(table["caption"])}">'
            f'<table class="gpp-table"><caption>{escape(table["caption"])}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        )
    if view_data["warnings"]:
        items = "".join(f"<li>{escape(w)}</li>" for w in view_data["warnings"])
        parts.append(f'<ul class="gpp-warnings">{items}</ul>')
    parts.append(f'<p class="gpp-sensitivity">{escape(view_data["sensitivity"])}</p>')
    notes = "".join(f"<li>{escape(n)}</li>" for n in view_data["notes"])
    parts.append(f'<ul class="gpp-notes">{notes}</ul>')
    return "".join(parts)


def payload_from_state(state: Mapping[str, Any]) -> dict[str, Any]:
    """The API payload that the form in ``state`` sends (as the browser builds it)."""
    return {
        "settings": {
            **state["settings"],
            "normalise_weights": state["settings"].get("normalise_weights") == "yes",
        },
        "criteria": state["criteria"],
        "bids": state["bids"],
    }


def check_preset(values: Mapping[str, Any], lang: str) -> list[dict[str, Any]]:
    """What a preset link's values (the shape of :data:`EXAMPLE`) get wrong, as the form
    would report it (see :mod:`gpp_core.presets`)."""
    answer = score_form(payload_from_state(_state(values, lang)), lang)
    return [] if answer["ok"] else list(answer["errors"])


def render_html(lang: str, values: Mapping[str, Any] | None = None) -> str:
    """The widget as the build prerenders it: the form with the example, its result."""
    state = _state(values, lang)
    settings = state["settings"]
    country_options = [(c, t(f"criteria.country.{c}", lang)) for c in COUNTRIES]
    choice = {
        "method": [(m, t(f"{NAME}.method.{m}", lang)) for m in scoring.METHODS],
        "currency": [(c, t(f"choice.currency.{c}", lang)) for c in scoring.CURRENCIES],
        "price_basis": [
            (b, t(f"{NAME}.price_basis.{b}", lang)) for b in ("price", "life-cycle-cost")
        ],
        "rounding": [(r, t(f"{NAME}.rounding.{r}", lang)) for r in scoring.ROUNDING],
    }
    fields = [
        _select(
            "country",
            _label("country", lang),
            country_options,
            settings["country"],
            help_text=_help("country", lang),
        ),
        *(
            _select(
                name, _label(name, lang), choice[name], settings[name], help_text=_help(name, lang)
            )
            for name in ("method", "currency", "price_basis")
        ),
        _input(
            "price_weight",
            _label("price_weight", lang),
            settings["price_weight"],
            help_text=_help("price_weight", lang),
        ),
        _input(
            "budget",
            _label("budget", lang),
            settings.get("budget", ""),
            help_text=_help("budget", lang),
        ),
        _select(
            "rounding",
            _label("rounding", lang),
            choice["rounding"],
            settings["rounding"],
            help_text=_help("rounding", lang),
        ),
        _input(
            "decimals",
            _label("decimals", lang),
            settings["decimals"],
            mode="numeric",
            help_text=_help("decimals", lang),
        ),
        _input(
            "abnormally_low_threshold",
            _label("abnormally_low_threshold", lang),
            settings["abnormally_low_threshold"],
            help_text=_help("abnormally_low_threshold", lang),
        ),
    ]
    checked = " checked" if settings.get("normalise_weights") == "yes" else ""
    ident = _id("normalise_weights")
    fields.append(
        f'<div class="gpp-field gpp-field--check" data-field="normalise_weights">'
        f'<input id="{ident}" name="normalise_weights" type="checkbox" value="yes"{checked} '
        f'aria-describedby="{ident}-help {ident}-error">'
        f'<label for="{ident}">{escape(_label("normalise_weights", lang))}</label>'
        f'<p class="gpp-field__help" id="{ident}-help">'
        f"{escape(_help('normalise_weights', lang))}</p>"
        f"{_error_slot('normalise_weights')}</div>"
    )
    criteria = "".join(_criterion_card(n, c, lang) for n, c in enumerate(state["criteria"]))
    bids = "".join(
        _bid_card(n, b, state["criteria"], state, lang) for n, b in enumerate(state["bids"])
    )
    legend = {g: escape(t(f"{NAME}.group.{g}", lang)) for g in ("settings", "criteria", "bids")}
    form = (
        '<form class="gpp-form" novalidate>'
        f'<fieldset class="gpp-group gpp-group--buyer gpp-settings"><legend>{legend["settings"]}'
        f"</legend>{''.join(fields)}"
        '<p class="gpp-country-note gpp-field__help" aria-live="polite"></p></fieldset>'
        f'<fieldset class="gpp-group gpp-list"><legend>{legend["criteria"]}</legend>'
        f"{_error_slot('weights')}{_error_slot('criteria')}"
        f'<div class="gpp-cards gpp-criteria">{criteria}</div>'
        f"{_button('add-criterion', t(f'{NAME}.add_criterion', lang))}</fieldset>"
        f'<fieldset class="gpp-group gpp-list"><legend>{legend["bids"]}</legend>'
        f'{_error_slot("bids")}<div class="gpp-cards gpp-bids">{bids}</div>'
        f"{_button('add-bid', t(f'{NAME}.add_bid', lang))}</fieldset>"
        "</form>"
    )
    answer = score_form(payload_from_state(state), lang)
    if not answer["ok"]:  # pragma: no cover - the example is tested to be valid
        raise ValueError(f"the bid scorer's example is invalid: {answer['errors']}")
    view_data = answer["view"]
    config = {
        "calculator": NAME,
        "lang": lang,
        "locale": i18n.language_meta(lang)["locale"],
        "strings": strings(lang),
        "countries": {c: _country_form(c, lang) for c in COUNTRIES},
        "country_notes": {c: country_note(c, lang) for c in COUNTRIES},
        "kinds": {k: t(f"{NAME}.kind.{k}", lang) for k in scoring.KINDS},
        "levels": level_options(list(scoring.CO2_LADDER_DISCOUNTS), lang),
    }
    config_json = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    result_title = escape(t("widget.result", lang))
    return (
        f'<div class="gpp-calc gpp-scorer" id="{_P}" data-gpp-calculator="{NAME}" '
        f'data-gpp-widget="{WIDGET}" data-gpp-lang="{lang}">'
        f'<p class="gpp-example">{escape(t(f"{NAME}.example", lang))}</p>'
        f"{form}"
        f'<section class="gpp-result" aria-label="{result_title}">'
        f'<p class="gpp-result__title">{result_title}</p>'
        f'<p class="gpp-status" role="status"></p>'
        f'<noscript><p class="gpp-noscript">{escape(t("widget.noscript", lang))}</p></noscript>'
        f'<p class="gpp-summary">{escape(view_data["summary"])}</p>'
        f'<div class="gpp-view">{render_view_html(view_data)}</div>'
        f'<p class="gpp-visually-hidden gpp-announce" aria-live="polite" aria-atomic="true"></p>'
        f"</section>"
        f'<script type="application/json" class="gpp-config">{config_json}</script>'
        f"</div>"
    )
