"""The life-cycle cost (LCC) and cost-benefit calculator: 2 to 6 options, country packs,
externalities, sensitivity, exports and share links.

The model is :mod:`gpp_core.lcc`; this module declares the inputs, reads and checks a
scenario, words the result in the reader's language and exposes the API that the
browser widget, the CLI (``gpp run lcc scenario.json``) and the build call.

Scenario (JSON; schema: ``gpp_core/schemas/lcc-scenario.schema.json``)
----------------------------------------------------------------------
::

    {"version": 1,                      # optional
     "title": "Oficinas sede central",  # optional, free text
     "country": "pe",                   # optional, default "generic": pre-fills the buyer
     "template": "led-indoor",          # optional, informational (null or an id)
     "currency": "PEN",                 # optional, default: the country's currency
     "buyer": {"period": 15, "discount_rate": 0.08, ...},
     "options": [{"name": "...", "purchase_price": 30, "service_life": 15, ...}, ...]}

* ``buyer.period`` and, per option, ``purchase_price`` and ``service_life`` are
  required. Every other buyer value missing from the scenario takes the country pack's
  value (or the neutral default of :data:`gpp_core.lcc.BUYER_DEFAULTS`); every other
  option value defaults to 0 (``fuel`` to ``"none"``, ``quantity`` to the buyer's).
  Unknown names are errors, never ignored.
* **Numbers and text.** A JSON number is a value in the field's unit, rates as
  fractions (``0.08``). A JSON string is text as typed by a reader of ``lang``: read
  with that language's separators (``"1.234,5"`` in Vietnamese), and for rates as a
  percentage (``"8"`` is 0.08). So a form can send what the reader typed and a file can
  hold plain numbers. An empty string is "missing" (an error for required fields; the
  default for ``options.N.quantity`` and ``name``).
* ``buyer.grid_factor_by_year`` is an object ``{"2023": 0.6592, ...}``
  [kgCO2e/kWh]; published values apply to their own calendar year (analysis year
  ``t`` is the calendar year ``start_year + t - 1``), ``grid_factor`` to the others.

Errors: ``{"field": "options.1.purchase_price" | "buyer.discount_rate" | "options" |
"country" | "share" | ..., "key", "params", "message"}``: dotted paths, options counted
from 0, the message in ``lang``.

API (``API`` below; every function is ``(payload, lang) -> dict``, JSON in and out)
------------------------------------------------------------------------------------
``lcc.describe`` ``{}`` →
    ``{"ok", "name", "title", "buyer_fields": [field], "option_fields": [field],
    "min_options", "max_options", "categories": [{"key", "label"}], "countries":
    [{"id", "name", "currency"}], "templates": [{"id", "title", "description",
    "illustrative"}], "carbon_presets": [preset], "pollutant_presets": [preset],
    "currencies": [{"code", "label", "decimals"}], "conventions"}``, where a field is
    ``{"name", "path", "kind", "unit", "unit_text", "label", "help", "minimum",
    "maximum", "choices": [{"value", "label"}], "default", "default_text", "required",
    "group"}`` (``unit_text`` holds ``{currency}`` and ``{externality_currency}``
    placeholders) and a preset is ``{"id", "label", "value" | "values", "currency",
    "unit", "year", "source", "note", "to_be_confirmed"}``.
``lcc.defaults`` ``{"country": "pe", "template": "led-indoor"}`` (both optional) →
    ``{"ok", "scenario", "form", "provenance", "notes"}``: a complete scenario (numbers),
    the same as form text in ``lang``, and for each buyer value from the pack or a
    preset ``{"origin", "unit", "valid_from", "source": {"title", "url"?, "reference"?}
    | null, "note", "to_be_confirmed", "illustrative"}``.
``lcc.evaluate`` scenario → ``{"ok": True, "scenario", "result", "view"}`` or
    ``{"ok": False, "errors": [...]}``. ``scenario`` is the complete scenario as numbers.
    ``result`` (see :func:`gpp_core.lcc.life_cycle_costs`): ``currency``,
    ``externality_currency``, ``period``, ``real_discount_rate``, ``discount_factors``,
    ``annuity_factor``, ``rank_by``, ``ranking``, ``best``; ``options[k]``: ``name``,
    ``quantity``, ``pv`` {acquisition, energy, water, consumables, maintenance, other,
    end_of_life, residual_value (<= 0), benefits (<= 0), carbon, pollutants}, ``lcc``,
    ``externalities``, ``lcc_with_externalities``, ``eac``, ``eac_with_externalities``,
    ``co2e_t``, ``yearly`` {``cost``, ``externalities``, ``co2e_t``, ``by_category``,
    ``cumulative_discounted_cost``, ``cumulative_discounted_cost_with_externalities``}
    (lists for years 0..N); ``comparisons[k]`` (``None`` for the baseline, k = 0):
    ``net_savings`` (by ``rank_by``), ``net_savings_financial``,
    ``net_savings_with_externalities``, ``extra_investment``, ``simple_payback``,
    ``discounted_payback``, ``benefit_cost_ratio``, ``co2e_avoided_t``,
    ``cost_per_tco2e_avoided``, ``break_even_electricity_price``,
    ``break_even_petrol_price``, ``break_even_diesel_price``,
    ``break_even_carbon_price`` (``None`` when there is none); ``sensitivity``:
    ``range``, ``focus`` (the option compared with the baseline), ``tornado`` [{``input``,
    ``base_value``, ``is_scale``, ``low``/``high`` {``value``, ``net_savings``,
    ``measures``, ``best``, ``ranking``}, ``swing``, ``ranking_changes``,
    ``best_changes``}], ``scenarios`` {optimistic, base, pessimistic}, ``sweeps``
    {discount_rate, carbon_price: [{``value``, ``measures``, ``best``, ``ranking``}]},
    ``best_changes``, ``ranking_stable``.
    ``view``: ``summary`` (one sentence), ``sensitivity_summary``, ``currency``,
    ``option_names``, ``categories`` [{key, label}], ``tables`` [{caption, columns,
    rows: [{label, cells: [{kind, value}], emphasis}]}] (as :func:`gpp_core.html.render_view`
    renders them), ``charts`` {cumulative, breakdown, tornado, sweep_discount_rate,
    sweep_carbon_price: {title, x_label, y_label}}, ``tornado_labels`` {input: label},
    ``conventions``, ``notes``.
``lcc.export`` ``{"scenario", "format": "csv" | "xlsx" | "json"}`` → ``{"ok", "filename",
    "mime", "text"}`` (csv: UTF-8 with a byte-order mark; json) or ``{"ok", "filename",
    "mime", "base64"}`` (xlsx, with live formulas).
``lcc.share_encode`` ``{"scenario"}`` → ``{"ok", "fragment"}``: ``"1." + base64url(zlib(
    compact JSON))``. ``lcc.share_decode`` ``{"fragment"}`` (bare, or as found after ``#``
    with an optional ``name=`` prefix) → ``{"ok", "scenario", "form"}`` or errors on the
    field ``share``.
``lcc.apply_preset`` ``{"scenario", "preset": "carbon:<id>" | "pollutants:<id>"}`` →
    ``{"ok", "scenario", "form"}``: the externality prices, currency and exchange rate set.
"""

from __future__ import annotations

import importlib
import json
import math
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from typing import Any

from gpp_core import countries, i18n, lcc, presets
from gpp_core.calculator import Field, Issue, field_display_value, localize_issue

NAME = "lcc"
MIN_OPTIONS, MAX_OPTIONS = 2, 6
CURRENCIES = ("PEN", "THB", "VND", "USD", "EUR")
MAX_AMOUNT = 1e12
MAX_PHYSICAL = 1e9

_rate = 0.3
BUYER_FIELDS: tuple[Field, ...] = (
    Field("period", "integer", 10, unit="year", minimum=1, maximum=100),
    Field("start_year", "integer", 2026, minimum=1990, maximum=2100),
    Field("quantity", "integer", 1, unit="unit", minimum=1, maximum=1_000_000),
    Field("discount_basis", "choice", "real", choices=("real", "nominal")),
    Field("discount_rate", "rate", 0.04, unit="1/year", minimum=0.0, maximum=0.5),
    Field("inflation", "rate", 0.0, unit="1/year", minimum=0.0, maximum=0.5),
    Field("electricity_price", "number", 0.0, unit="currency/kWh", minimum=0.0, maximum=1e9),
    Field("electricity_escalation", "rate", 0.0, unit="1/year", minimum=-0.2, maximum=_rate),
    Field("petrol_price", "number", 0.0, unit="currency/l", minimum=0.0, maximum=1e9),
    Field("diesel_price", "number", 0.0, unit="currency/l", minimum=0.0, maximum=1e9),
    Field("fuel_escalation", "rate", 0.0, unit="1/year", minimum=-0.2, maximum=_rate),
    Field("water_price", "number", 0.0, unit="currency/m3", minimum=0.0, maximum=1e9),
    Field("water_escalation", "rate", 0.0, unit="1/year", minimum=-0.2, maximum=_rate),
    Field("grid_factor", "number", 0.0, unit="kgCO2e/kWh", minimum=0.0, maximum=3.0),
    Field("grid_factor_change", "rate", 0.0, unit="1/year", minimum=-0.3, maximum=_rate),
    Field("petrol_factor", "number", 2.52, unit="kgCO2e/l", minimum=0.0, maximum=10.0),
    Field("diesel_factor", "number", 2.98, unit="kgCO2e/l", minimum=0.0, maximum=10.0),
    Field("externality_currency", "choice", "USD", choices=CURRENCIES),
    Field("exchange_rate", "number", 1.0, unit="currency/xcurrency", minimum=1e-6, maximum=1e9),
    Field("carbon_price", "number", 0.0, unit="xcurrency/tCO2e", minimum=0.0, maximum=1e9),
    Field("carbon_escalation", "rate", 0.0, unit="1/year", minimum=-0.2, maximum=_rate),
    Field("nox_price", "number", 0.0, unit="xcurrency/kg", minimum=0.0, maximum=1e9),
    Field("nmhc_price", "number", 0.0, unit="xcurrency/kg", minimum=0.0, maximum=1e9),
    Field("pm_price", "number", 0.0, unit="xcurrency/kg", minimum=0.0, maximum=1e9),
    Field("residual_value", "choice", "linear", choices=("linear", "none")),
    Field("rank_by", "choice", "lcc", choices=("lcc", "lcc_with_externalities")),
    Field("sensitivity_range", "rate", 0.2, minimum=0.01, maximum=0.9),
)
_money = {"minimum": 0.0, "maximum": MAX_AMOUNT, "role": "option", "group": "option"}
_physical = {"minimum": 0.0, "maximum": MAX_PHYSICAL, "role": "option", "group": "option"}
OPTION_FIELDS: tuple[Field, ...] = (
    Field("name", "text", "", role="option", group="option", max_length=60),
    Field(
        "quantity",
        "integer",
        None,
        unit="unit",
        minimum=1,
        maximum=1_000_000,
        role="option",
        group="option",
    ),
    Field("purchase_price", "number", 0.0, unit="currency", **_money),  # type: ignore[arg-type]
    Field("installation", "number", 0.0, unit="currency", **_money),  # type: ignore[arg-type]
    Field(
        "service_life",
        "integer",
        10,
        unit="year",
        minimum=1,
        maximum=100,
        role="option",
        group="option",
    ),
    Field("electricity_kwh", "number", 0.0, unit="kWh/year", **_physical),  # type: ignore[arg-type]
    Field("fuel", "choice", "none", choices=("none", *lcc.FUELS), role="option", group="option"),
    Field("fuel_litres", "number", 0.0, unit="l/year", **_physical),  # type: ignore[arg-type]
    Field("water_m3", "number", 0.0, unit="m3/year", **_physical),  # type: ignore[arg-type]
    Field("consumables", "number", 0.0, unit="currency/year", **_money),  # type: ignore[arg-type]
    Field("maintenance", "number", 0.0, unit="currency/year", **_money),  # type: ignore[arg-type]
    Field(
        "maintenance_share",
        "rate",
        0.0,
        unit="1/year",
        minimum=0.0,
        maximum=1.0,
        role="option",
        group="option",
    ),
    Field("other_costs", "number", 0.0, unit="currency/year", **_money),  # type: ignore[arg-type]
    Field(
        "end_of_life",
        "number",
        0.0,
        unit="currency",
        minimum=-MAX_AMOUNT,
        maximum=MAX_AMOUNT,
        role="option",
        group="option",
    ),
    Field("benefit_once", "number", 0.0, unit="currency", **_money),  # type: ignore[arg-type]
    Field("benefit_yearly", "number", 0.0, unit="currency/year", **_money),  # type: ignore[arg-type]
    Field("other_emissions", "number", 0.0, unit="kgCO2e/year", **_physical),  # type: ignore[arg-type]
    Field(
        "nox_kg",
        "number",
        0.0,
        unit="kg/year",
        minimum=0.0,
        maximum=1e6,
        role="option",
        group="option",
    ),
    Field(
        "nmhc_kg",
        "number",
        0.0,
        unit="kg/year",
        minimum=0.0,
        maximum=1e6,
        role="option",
        group="option",
    ),
    Field(
        "pm_kg",
        "number",
        0.0,
        unit="kg/year",
        minimum=0.0,
        maximum=1e6,
        role="option",
        group="option",
    ),
)
#: Every declared input (the registry's contract); buyer names and option names differ
#: except ``quantity``, declared once per role.
FIELDS: tuple[Field, ...] = BUYER_FIELDS + tuple(f for f in OPTION_FIELDS if f.name != "quantity")
_BUYER = {f.name: f for f in BUYER_FIELDS}
_OPTION = {f.name: f for f in OPTION_FIELDS}
REQUIRED_BUYER = ("period",)
REQUIRED_OPTION = ("purchase_price", "service_life")
OPTIONAL_BLANK = ("name", "quantity")
TOP_LEVEL = ("version", "title", "country", "template", "currency", "buyer", "options")
SERIES = "grid_factor_by_year"
MONEY_OPTION_FIELDS = (
    "purchase_price",
    "installation",
    "consumables",
    "maintenance",
    "other_costs",
    "end_of_life",
    "benefit_once",
    "benefit_yearly",
)
MONEY_BUYER_FIELDS = ("electricity_price", "petrol_price", "diesel_price", "water_price")
_TIE = 0.005


# --------------------------------------------------------------------------- templates


@cache
def templates() -> dict[str, dict[str, Any]]:
    """The product templates, by id (``gpp_core/lcc_templates/*.json``)."""
    folder = resources.files("gpp_core").joinpath("lcc_templates")
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            data = json.loads(entry.read_text("utf-8"))
            found[data["id"]] = data
    return found


def _round_money(value: float, currency: str) -> float:
    """Three significant figures, never finer than the currency's minor unit."""
    if value == 0:
        return 0.0
    digits = 2 - math.floor(math.log10(abs(value)))
    digits = min(digits, i18n.currency_minor_units(currency))
    return float(round(value, digits))


def template_options(
    template_id: str, country: str, lang: str
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A template's options in the country's currency, with names in ``lang``."""
    template = templates()[template_id]
    pack = countries.load(country)
    rate = countries.exchange_rate(pack, template["money_currency"]) or 1.0
    options = []
    for option in template["options"]:
        values = dict(lcc.OPTION_DEFAULTS)
        for key, value in option.items():
            if key == "name":
                values["name"] = value.get(lang) or value.get("en", "")
            elif key in MONEY_OPTION_FIELDS:
                values[key] = _round_money(float(value) * rate, pack["currency"])
            else:
                values[key] = value
        options.append(values)
    return options, template.get("buyer", {})


# --------------------------------------------------------------------------- reading


def _spec(path: str) -> Field | None:
    parts = path.split(".")
    if parts[0] == "buyer" and len(parts) == 2:
        return _BUYER.get(parts[1])
    if parts[0] == "options" and len(parts) == 3:
        return _OPTION.get(parts[2])
    return None


def _read_value(spec: Field, path: str, raw: Any, lang: str, issues: list[Issue]) -> Any:
    """One value, typed (a JSON value) or as text typed by a reader of ``lang``."""
    if spec.kind in ("number", "integer", "rate"):
        if isinstance(raw, str):
            if not raw.strip():
                if spec.name in OPTIONAL_BLANK:
                    return None
                issues.append(Issue(path, "error.required"))
                return None
            try:
                number = i18n.parse_number(raw, lang)
            except ValueError:
                example = i18n.format_number(1234.5, lang)
                issues.append(Issue(path, "error.not_a_number", {"example": example}))
                return None
            if spec.kind == "rate":
                number /= 100
        elif raw is None and spec.name in OPTIONAL_BLANK:
            return None
        elif isinstance(raw, bool) or not isinstance(raw, (int, float)) or not math.isfinite(raw):
            issues.append(
                Issue(path, "error.not_a_number", {"example": i18n.format_number(1234.5, lang)})
            )
            return None
        else:
            number = float(raw)
        if spec.kind == "integer" and number != int(number):
            issues.append(Issue(path, "error.not_whole"))
            return None
        low, high = spec.minimum, spec.maximum
        if (low is not None and number < low) or (high is not None and number > high):
            issues.append(Issue(path, "error.between", {"min": low, "max": high}))
            return None
        return int(number) if spec.kind == "integer" else number
    if spec.kind == "choice":
        if raw not in spec.choices:
            issues.append(Issue(path, "error.choice", {"choices": list(spec.choices)}))
            return None
        return raw
    if raw is None:
        return ""
    if not isinstance(raw, str):
        issues.append(Issue(path, "error.text"))
        return None
    if len(raw) > spec.max_length:
        issues.append(Issue(path, "error.too_long", {"max": spec.max_length}))
        return None
    return raw.strip()


def _read_series(raw: Any, lang: str, issues: list[Issue]) -> dict[str, float]:
    path = f"buyer.{SERIES}"
    if not isinstance(raw, dict):
        issues.append(Issue(path, "lcc.error.series"))
        return {}
    series = {}
    for year, value in raw.items():
        number: Any = value
        if isinstance(value, str):
            try:
                number = i18n.parse_number(value, lang)
            except ValueError:
                number = None
        valid_year = isinstance(year, str) and year.isdigit() and 1990 <= int(year) <= 2100
        if (
            not valid_year
            or isinstance(number, bool)
            or not isinstance(number, (int, float))
            or not math.isfinite(number)
            or not 0 <= number <= 3
        ):
            issues.append(Issue(path, "lcc.error.series"))
            return {}
        series[str(int(year))] = float(number)
    return dict(sorted(series.items()))


def read_scenario(payload: Any, lang: str) -> tuple[dict[str, Any], list[Issue]]:
    """Read and check a scenario; returns the complete scenario (numbers) and issues."""
    issues: list[Issue] = []
    if not isinstance(payload, dict):
        return {}, [Issue("scenario", "lcc.error.not_an_object")]
    issues += [Issue(k, "error.unknown_field") for k in payload if k not in TOP_LEVEL]
    country = payload.get("country") or "generic"
    if country not in countries.available():
        issues.append(
            Issue("country", "lcc.error.unknown_country", {"choices": countries.available()})
        )
        country = "generic"
    template = payload.get("template")
    if template is not None and template not in templates():
        issues.append(
            Issue("template", "lcc.error.unknown_template", {"choices": sorted(templates())})
        )
        template = None
    pack = countries.load(country)
    currency = payload.get("currency") or pack["currency"]
    if currency not in CURRENCIES:
        issues.append(Issue("currency", "error.choice", {"choices": list(CURRENCIES)}))
        currency = pack["currency"]
    title = payload.get("title", "")
    if not isinstance(title, str) or len(title) > 120:
        issues.append(Issue("title", "error.too_long", {"max": 120}))
        title = ""
    version = payload.get("version", 1)
    if version != 1:
        issues.append(Issue("version", "error.choice", {"choices": ["1"]}))

    defaults, _ = countries.buyer_defaults(country)
    raw_buyer = payload.get("buyer")
    buyer: dict[str, Any] = {}
    if not isinstance(raw_buyer, dict):
        issues.append(Issue("buyer", "lcc.error.not_an_object"))
        raw_buyer = {}
    for name in raw_buyer:
        if name not in _BUYER and name != SERIES:
            issues.append(Issue(f"buyer.{name}", "error.unknown_field"))
    for spec in BUYER_FIELDS:
        path = f"buyer.{spec.name}"
        if spec.name not in raw_buyer:
            if spec.name in REQUIRED_BUYER:
                issues.append(Issue(path, "error.required"))
            buyer[spec.name] = defaults[spec.name]
            continue
        buyer[spec.name] = _read_value(spec, path, raw_buyer[spec.name], lang, issues)
    buyer[SERIES] = (
        _read_series(raw_buyer[SERIES], lang, issues)
        if SERIES in raw_buyer
        else dict(defaults[SERIES])
    )

    raw_options = payload.get("options")
    options: list[dict[str, Any]] = []
    if not isinstance(raw_options, list):
        issues.append(Issue("options", "lcc.error.not_a_list"))
        raw_options = []
    elif not MIN_OPTIONS <= len(raw_options) <= MAX_OPTIONS:
        issues.append(
            Issue("options", "lcc.error.options_count", {"min": MIN_OPTIONS, "max": MAX_OPTIONS})
        )
    for index, raw in enumerate(raw_options[:MAX_OPTIONS]):
        if not isinstance(raw, dict):
            issues.append(Issue(f"options.{index}", "lcc.error.not_an_object"))
            continue
        option: dict[str, Any] = {}
        for name in raw:
            if name not in _OPTION:
                issues.append(Issue(f"options.{index}.{name}", "error.unknown_field"))
        for spec in OPTION_FIELDS:
            path = f"options.{index}.{spec.name}"
            if spec.name not in raw:
                if spec.name in REQUIRED_OPTION:
                    issues.append(Issue(path, "error.required"))
                option[spec.name] = lcc.OPTION_DEFAULTS[spec.name]
                continue
            option[spec.name] = _read_value(spec, path, raw[spec.name], lang, issues)
        options.append(option)
    scenario = {
        "version": 1,
        "title": title,
        "country": country,
        "template": template,
        "currency": currency,
        "buyer": buyer,
        "options": options,
    }
    return scenario, issues


def localize(issues: list[Issue], lang: str) -> list[dict[str, Any]]:
    """Issues as JSON, each with its ``message`` in ``lang``."""
    out = []
    for issue in issues:
        params = dict(issue.params)
        if issue.key in ("lcc.error.unknown_country", "lcc.error.unknown_template"):
            params["choices"] = ", ".join(params["choices"])
        message = localize_issue(Issue(issue.field, issue.key, params), _spec(issue.field), lang)
        out.append({**issue.to_json(), "message": message})
    return out


# --------------------------------------------------------------------------- compute


def _finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return True


def compute(scenario: Mapping[str, Any], lang: str = i18n.DEFAULT_LANGUAGE) -> dict[str, Any]:
    """Check ``scenario`` and compute its result (JSON-ready, never raises for bad input).

    Returns ``{"ok": True, "calculator": "lcc", "scenario": {...}, **result}`` or
    ``{"ok": False, "calculator": "lcc", "errors": [{"field", "key", "params"}]}``.
    """
    complete, issues = read_scenario(scenario, lang)
    if issues:
        return {"ok": False, "calculator": NAME, "errors": [i.to_json() for i in issues]}
    result = lcc.life_cycle_costs(complete["buyer"], complete["options"])
    if not _finite(result):
        issue = Issue("scenario", "lcc.error.too_large")
        return {"ok": False, "calculator": NAME, "errors": [issue.to_json()]}
    return {
        "ok": True,
        "calculator": NAME,
        "scenario": complete,
        "currency": complete["currency"],
        "externality_currency": complete["buyer"]["externality_currency"],
        **result,
    }


# --------------------------------------------------------------------------- view


def _t(key: str, lang: str, **params: Any) -> str:
    return i18n.translate(f"{NAME}.{key}", lang, **params)


def option_names(result: Mapping[str, Any], lang: str) -> list[str]:
    letters = "ABCDEF"
    return [
        o["name"] or _t("option_default", lang, letter=letters[k])
        for k, o in enumerate(result["options"])
    ]


def _tonnes(value: float, lang: str) -> str:
    return i18n.format_number(value, lang, max_decimals=0 if abs(value) >= 100 else 1)


def _summary(result: Mapping[str, Any], lang: str, names: list[str]) -> str:
    currency = result["currency"]
    years = result["period"]
    focus = result["sensitivity"]["focus"]
    comparison = result["comparisons"][focus]
    saving = comparison["net_savings"]
    avoided = comparison["co2e_avoided_t"]
    base_scale = max(abs(result["options"][0][result["rank_by"]]), 1.0)
    money = (
        "tie" if abs(saving) < max(_TIE, 1e-9 * base_scale) else ("less" if saving > 0 else "more")
    )
    co2 = "same" if abs(avoided) < 0.05 else ("avoids" if avoided > 0 else "emits")
    text = _t(
        f"summary.{money}_{co2}",
        lang,
        years=i18n.format_number(years, lang),
        option=names[focus],
        baseline=names[0],
        amount=i18n.format_money(abs(saving), currency, lang),
        tonnes=_tonnes(abs(avoided), lang),
    )
    if result["rank_by"] == "lcc_with_externalities":
        text += " " + _t("summary.with_externalities", lang)
    return text


def _input_label(name: str, lang: str) -> str:
    return _t(f"input.{name}", lang)


def _sensitivity_summary(result: Mapping[str, Any], lang: str, names: list[str]) -> str:
    sensitivity = result["sensitivity"]
    share = i18n.format_percent(sensitivity["range"], lang)
    best = names[result["best"]]
    if not sensitivity["best_changes"]:
        return _t("sensitivity.stable", lang, option=best, range=share)
    parts = []
    shown = sensitivity["best_changes"][:4]
    for change in shown:
        winner = names[change["best"]]
        if change["source"] == "tornado":
            sign = "−" if change["end"] == "low" else "+"
            parts.append(
                _t(
                    "sensitivity.change_input",
                    lang,
                    input=_input_label(change["input"], lang),
                    change=sign + share,
                    option=winner,
                )
            )
        elif change["source"] == "scenario":
            parts.append(
                _t(
                    "sensitivity.change_case",
                    lang,
                    case=_t(f"case.{change['input']}", lang),
                    option=winner,
                )
            )
        elif change["input"] == "discount_rate":
            parts.append(
                _t(
                    "sensitivity.change_rate",
                    lang,
                    value=i18n.format_percent(change["value"], lang),
                    option=winner,
                )
            )
        else:
            value = i18n.format_money(change["value"], result["externality_currency"], lang)
            parts.append(_t("sensitivity.change_carbon", lang, value=value, option=winner))
    hidden = len(sensitivity["best_changes"]) - len(shown)
    if hidden:
        parts.append(_t("sensitivity.more", lang, count=i18n.format_number(hidden, lang)))
    return _t("sensitivity.changes", lang, option=best, changes="; ".join(parts))


def _cell(kind: str, value: Any) -> dict[str, Any]:
    return {"kind": "empty"} if value is None else {"kind": kind, "value": value}


def view(result: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Lay out a successful result for readers of ``lang``."""
    names = option_names(result, lang)
    options = result["options"]
    categories = [
        {"key": c, "label": _t(f"category.{c}", lang)}
        for c in (*lcc.CATEGORIES, *lcc.EXTERNALITY_CATEGORIES)
    ]
    used = [c for c in categories if any(abs(o["pv"][c["key"]]) > 0 for o in options)]
    rows = [
        {
            "label": c["label"],
            "cells": [_cell("money", o["pv"][c["key"]]) for o in options],
            "emphasis": False,
        }
        for c in used
        if c["key"] not in lcc.EXTERNALITY_CATEGORIES
    ]
    for key, kind, emphasis in (
        ("lcc", "money", True),
        ("eac", "money", False),
        ("externalities", "money", False),
        ("lcc_with_externalities", "money", True),
        ("co2e_t", "number", False),
    ):
        rows.append(
            {
                "label": _t(f"row.{key}", lang),
                "cells": [_cell(kind, o[key]) for o in options],
                "emphasis": emphasis,
            }
        )
    comparisons = result["comparisons"]
    comparison_rows = []
    for key, kind in (
        ("net_savings_financial", "money"),
        ("net_savings_with_externalities", "money"),
        ("extra_investment", "money"),
        ("simple_payback", "years"),
        ("discounted_payback", "years"),
        ("benefit_cost_ratio", "number"),
        ("co2e_avoided_t", "number"),
        ("cost_per_tco2e_avoided", "money"),
        ("break_even_electricity_price", "money"),
        ("break_even_petrol_price", "money"),
        ("break_even_diesel_price", "money"),
    ):
        cells = [_cell(kind, None if c is None else c[key]) for c in comparisons]
        if key.startswith("break_even") and all(c.get("value") is None for c in cells):
            continue
        comparison_rows.append(
            {
                "label": _t(f"row.{key}", lang),
                "cells": cells,
                "emphasis": key == "net_savings_financial",
            }
        )
    carbon_cells = [
        _cell("number", None if c is None else c["break_even_carbon_price"]) for c in comparisons
    ]
    if any(c.get("value") is not None for c in carbon_cells):
        comparison_rows.append(
            {
                "label": _t(
                    "row.break_even_carbon_price", lang, currency=result["externality_currency"]
                ),
                "cells": carbon_cells,
                "emphasis": False,
            }
        )
    scenarios = result["sensitivity"]["scenarios"]
    scenario_rows = [
        {
            "label": _t(f"case.{case}", lang),
            "cells": [_cell("money", v) for v in scenarios[case]["measures"]],
            "emphasis": case == "base",
        }
        for case in ("optimistic", "base", "pessimistic")
    ]
    columns = ["", *names]
    notes = [_t("conventions", lang)]
    if result["rank_by"] == "lcc_with_externalities":
        notes.append(_t("note.rank_by_externalities", lang))
    if len({o["name"] for o in options}) < len(options):
        notes.append(_t("note.same_names", lang))
    return {
        "currency": result["currency"],
        "externality_currency": result["externality_currency"],
        "summary": _summary(result, lang, names),
        "sensitivity_summary": _sensitivity_summary(result, lang, names),
        "option_names": names,
        "categories": categories,
        "tables": [
            {
                "caption": _t("table.results", lang, years=result["period"]),
                "columns": columns,
                "rows": rows,
            },
            {
                "caption": _t("table.comparison", lang, baseline=names[0]),
                "columns": columns,
                "rows": comparison_rows,
            },
            {
                "caption": _t(
                    "table.scenarios",
                    lang,
                    range=i18n.format_percent(result["sensitivity"]["range"], lang),
                ),
                "columns": columns,
                "rows": scenario_rows,
            },
        ],
        "charts": {
            chart: {
                "title": _t(f"chart.{chart}.title", lang),
                "x_label": _t(f"chart.{chart}.x", lang),
                "y_label": _t(f"chart.{chart}.y", lang, currency=result["currency"]),
            }
            for chart in (
                "cumulative",
                "breakdown",
                "tornado",
                "sweep_discount_rate",
                "sweep_carbon_price",
            )
        },
        "tornado_labels": {name: _input_label(name, lang) for name in lcc.TORNADO_INPUTS},
        "case_labels": {c: _t(f"case.{c}", lang) for c in ("optimistic", "base", "pessimistic")},
        "conventions": _t("conventions", lang),
        "notes": notes,
    }


# --------------------------------------------------------------------------- form text


def form_text(scenario: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """A complete scenario as the text a form shows in ``lang`` (rates as percentages)."""

    def text(spec: Field, value: Any) -> str:
        if value is None:
            return ""
        if spec.name == "start_year":  # a calendar year: 2026, never "2,026"
            return str(int(value))
        return field_display_value(spec, value, lang)

    buyer: dict[str, Any] = {
        spec.name: text(spec, scenario["buyer"][spec.name]) for spec in BUYER_FIELDS
    }
    buyer[SERIES] = {
        year: i18n.format_number(v, lang, max_decimals=6)
        for year, v in scenario["buyer"].get(SERIES, {}).items()
    }
    return {
        **{k: scenario[k] for k in ("version", "title", "country", "template", "currency")},
        "buyer": buyer,
        "options": [
            {spec.name: text(spec, option[spec.name]) for spec in OPTION_FIELDS}
            for option in scenario["options"]
        ],
    }


# --------------------------------------------------------------------------- endpoints


def _unit_text(unit: str, lang: str) -> str:
    return _t(f"unit.{unit}", lang) if unit else ""


def _describe_field(spec: Field, path: str, lang: str) -> dict[str, Any]:
    return {
        "name": spec.name,
        "path": path,
        "kind": spec.kind,
        "unit": spec.unit,
        "unit_text": _unit_text(spec.unit, lang),
        "label": _t(f"field.{spec.name}.label", lang),
        "help": _t(f"field.{spec.name}.help", lang),
        "minimum": spec.minimum,
        "maximum": spec.maximum,
        "choices": [
            {"value": c, "label": _t(f"choice.{spec.name}.{c}", lang)} for c in spec.choices
        ],
        "default": spec.default,
        "default_text": ""
        if spec.default is None
        else field_display_value(spec, spec.default, lang),
        "required": spec.name in (REQUIRED_BUYER if spec.role == "buyer" else REQUIRED_OPTION),
        "group": _GROUPS.get(spec.name, "general"),
    }


_GROUPS = {
    **dict.fromkeys(("period", "start_year", "quantity", "residual_value", "rank_by"), "general"),
    **dict.fromkeys(("discount_basis", "discount_rate", "inflation"), "finance"),
    **dict.fromkeys(
        (
            "electricity_price",
            "electricity_escalation",
            "petrol_price",
            "diesel_price",
            "fuel_escalation",
            "water_price",
            "water_escalation",
        ),
        "prices",
    ),
    **dict.fromkeys(
        (
            "grid_factor",
            "grid_factor_change",
            "petrol_factor",
            "diesel_factor",
            "externality_currency",
            "exchange_rate",
            "carbon_price",
            "carbon_escalation",
            "nox_price",
            "nmhc_price",
            "pm_price",
        ),
        "externalities",
    ),
    "sensitivity_range": "sensitivity",
    **dict.fromkeys(
        ("name", "quantity", "purchase_price", "installation", "service_life", "end_of_life"),
        "acquisition",
    ),
    **dict.fromkeys(
        (
            "electricity_kwh",
            "fuel",
            "fuel_litres",
            "water_m3",
            "consumables",
            "maintenance",
            "maintenance_share",
            "other_costs",
        ),
        "operation",
    ),
    **dict.fromkeys(("benefit_once", "benefit_yearly"), "benefits"),
    **dict.fromkeys(("other_emissions", "nox_kg", "nmhc_kg", "pm_kg"), "emissions"),
}


def _preset_json(kind: str, preset_id: str, preset: Mapping[str, Any], lang: str) -> dict[str, Any]:
    out = {
        "id": f"{kind}:{preset_id}",
        "label": _t(f"preset.{preset_id}", lang),
        "currency": preset["currency"],
        "unit": preset["unit"],
        "year": preset["year"],
        "source": preset.get("source"),
        "note": preset.get("note", ""),
        "to_be_confirmed": bool(preset.get("to_be_confirmed", False)),
    }
    if kind == "carbon":
        out["value"] = preset["value"]
    else:
        out["values"] = {p: preset[p] for p in lcc.POLLUTANTS}
        out["carbon"] = f"carbon:{preset['carbon']}" if preset.get("carbon") else None
    return out


def api_describe(payload: Any, lang: str) -> dict[str, Any]:
    """Every input's metadata, countries, templates and presets (see the module doc)."""
    del payload
    return {
        "ok": True,
        "name": NAME,
        "title": _t("title", lang),
        "buyer_fields": [_describe_field(s, f"buyer.{s.name}", lang) for s in BUYER_FIELDS],
        "option_fields": [_describe_field(s, f"options.N.{s.name}", lang) for s in OPTION_FIELDS],
        "groups": {g: _t(f"group.{g}", lang) for g in sorted(set(_GROUPS.values()))},
        "min_options": MIN_OPTIONS,
        "max_options": MAX_OPTIONS,
        "categories": [
            {"key": c, "label": _t(f"category.{c}", lang)}
            for c in (*lcc.CATEGORIES, *lcc.EXTERNALITY_CATEGORIES)
        ],
        "countries": [
            {
                "id": c,
                "name": countries.load(c)["name"][lang],
                "currency": countries.load(c)["currency"],
            }
            for c in countries.available()
        ],
        "templates": [
            {
                "id": t["id"],
                "title": t["title"][lang],
                "description": t["description"][lang],
                "illustrative": bool(t.get("illustrative", True)),
                "sources": t.get("sources", []),
            }
            for t in templates().values()
        ],
        "carbon_presets": [
            _preset_json("carbon", k, v, lang) for k, v in countries.carbon_presets().items()
        ],
        "pollutant_presets": [
            _preset_json("pollutants", k, v, lang) for k, v in countries.pollutant_presets().items()
        ],
        "currencies": [
            {
                "code": c,
                "label": i18n.translate(f"choice.currency.{c}", lang),
                "decimals": i18n.currency_minor_units(c),
            }
            for c in CURRENCIES
        ],
        "conventions": _t("conventions", lang),
    }


def defaults(
    country: str = "generic", template: str | None = "led-indoor", lang: str = "es"
) -> dict[str, Any]:
    """A complete scenario for ``country`` and ``template`` (numbers, names in ``lang``)."""
    buyer, _ = countries.buyer_defaults(country)
    options: list[dict[str, Any]]
    if template:
        options, overrides = template_options(template, country, lang)
        buyer.update(overrides)
    else:
        options = [
            dict(lcc.OPTION_DEFAULTS, name=_t("option_default", lang, letter=letter))
            for letter in "AB"
        ]
    return {
        "version": 1,
        "title": templates()[template]["title"][lang] if template else "",
        "country": country,
        "template": template,
        "currency": countries.load(country)["currency"],
        "buyer": buyer,
        "options": options,
    }


def api_defaults(payload: Any, lang: str) -> dict[str, Any]:
    """The complete scenario pre-filled by a country pack and a template."""
    payload = payload if isinstance(payload, dict) else {}
    country = payload.get("country") or "generic"
    template = payload.get("template", "led-indoor")
    issues = []
    if country not in countries.available():
        issues.append(
            Issue("country", "lcc.error.unknown_country", {"choices": countries.available()})
        )
    if template is not None and template not in templates():
        issues.append(
            Issue("template", "lcc.error.unknown_template", {"choices": sorted(templates())})
        )
    if issues:
        return {"ok": False, "errors": localize(issues, lang)}
    scenario = defaults(country, template, lang)
    _, provenance = countries.buyer_defaults(country)
    return {
        "ok": True,
        "scenario": scenario,
        "form": form_text(scenario, lang),
        "provenance": provenance,
        "notes": _notes(scenario, provenance, lang),
    }


def _notes(scenario: Mapping[str, Any], provenance: Mapping[str, Any], lang: str) -> list[str]:
    notes = []
    if scenario.get("template") and templates()[scenario["template"]].get("illustrative", True):
        notes.append(_t("note.illustrative_template", lang))
    pending = [
        _t(f"field.{name}.label", lang) for name, p in provenance.items() if p["to_be_confirmed"]
    ]
    if pending:
        notes.append(_t("note.to_be_confirmed", lang, fields=", ".join(pending)))
    return notes


def api_evaluate(payload: Any, lang: str) -> dict[str, Any]:
    """Check a scenario and return its result and view (see the module doc)."""
    result = compute(payload, lang)
    if not result["ok"]:
        return {"ok": False, "errors": localize([Issue(**e) for e in result["errors"]], lang)}
    scenario = result.pop("scenario")
    result_view = view(result, lang)
    _, provenance = countries.buyer_defaults(scenario["country"])
    changed = {
        name: p
        for name, p in provenance.items()
        if scenario["buyer"].get(name) == countries.buyer_defaults(scenario["country"])[0].get(name)
    }
    result_view["notes"] += _notes(scenario, changed, lang)
    return {"ok": True, "scenario": scenario, "result": result, "view": result_view}


def api_export(payload: Any, lang: str) -> dict[str, Any]:
    """The scenario and its result as CSV, XLSX (live formulas) or JSON."""
    from gpp_core import lcc_export

    if not isinstance(payload, dict):
        return {
            "ok": False,
            "errors": localize([Issue("scenario", "lcc.error.not_an_object")], lang),
        }
    fmt = payload.get("format")
    if fmt not in lcc_export.FORMATS:
        issue = Issue("format", "error.choice", {"choices": list(lcc_export.FORMATS)})
        return {"ok": False, "errors": localize([issue], lang)}
    answer = api_evaluate(payload.get("scenario"), lang)
    if not answer["ok"]:
        return answer
    return {"ok": True, **lcc_export.export(answer, fmt, lang)}


def encode_share(scenario: Mapping[str, Any]) -> str:
    """A complete scenario as a compact URL-fragment string (``1.`` + base64url(zlib))."""
    return presets.encode(scenario)


def decode_share(fragment: Any) -> Any:
    """The JSON value in a share fragment; raises ``ValueError`` if it is malformed."""
    return presets.decode(fragment)


def check_preset(values: Mapping[str, Any], lang: str) -> list[dict[str, Any]]:
    """What a preset link's scenario gets wrong (see :mod:`gpp_core.presets`)."""
    answer = api_evaluate(values, lang)
    return [] if answer["ok"] else list(answer["errors"])


def api_share_encode(payload: Any, lang: str) -> dict[str, Any]:
    """Validate a scenario and encode it for a URL fragment."""
    scenario_in = payload.get("scenario") if isinstance(payload, dict) else None
    scenario, issues = read_scenario(scenario_in, lang)
    if issues:
        return {"ok": False, "errors": localize(issues, lang)}
    return {"ok": True, "fragment": encode_share(scenario)}


def api_share_decode(payload: Any, lang: str) -> dict[str, Any]:
    """Decode a share fragment and validate the scenario it holds like any input."""
    fragment = payload.get("fragment") if isinstance(payload, dict) else payload
    try:
        data = decode_share(fragment)
    except ValueError:
        return {
            "ok": False,
            "errors": localize([Issue("share", "lcc.error.share_malformed")], lang),
        }
    scenario, issues = read_scenario(data, lang)
    if issues:
        errors = [Issue("share", "lcc.error.share_invalid"), *issues]
        return {"ok": False, "errors": localize(errors, lang)}
    return {"ok": True, "scenario": scenario, "form": form_text(scenario, lang)}


def apply_preset(scenario: Mapping[str, Any], preset: str) -> dict[str, Any]:
    """``scenario`` with a carbon or pollutant preset applied (values, currency, rate).

    Raises ``KeyError`` for an unknown preset.
    """
    kind, _, preset_id = preset.partition(":")
    out = json.loads(json.dumps(scenario))
    buyer = out["buyer"]
    pack = countries.load(out["country"])
    if kind == "carbon":
        record = countries.carbon_presets()[preset_id]
        targets = {"carbon_price": float(record["value"])}
    elif kind == "pollutants":
        record = countries.pollutant_presets()[preset_id]
        targets = {f"{p}_price": float(record[p]) for p in lcc.POLLUTANTS}
        if record.get("carbon"):
            targets["carbon_price"] = float(countries.carbon_presets()[record["carbon"]]["value"])
    else:
        raise KeyError(preset)
    code = record["currency"]
    if code != buyer["externality_currency"]:
        # Converting every externality price to the preset's currency keeps them consistent.
        old_rate = float(buyer["exchange_rate"])
        new_rate = countries.exchange_rate(pack, code) if code != out["currency"] else 1.0
        if new_rate is None:
            new_rate = old_rate if buyer["externality_currency"] == code else 1.0
        for name in ("carbon_price", *(f"{p}_price" for p in lcc.POLLUTANTS)):
            if name not in targets:
                buyer[name] = float(buyer[name]) * old_rate / new_rate
        buyer["externality_currency"] = code
        buyer["exchange_rate"] = new_rate
    buyer.update(targets)
    return dict(out)


def api_apply_preset(payload: Any, lang: str) -> dict[str, Any]:
    """Apply a carbon or pollutant preset to a scenario."""
    payload = payload if isinstance(payload, dict) else {}
    scenario, issues = read_scenario(payload.get("scenario"), lang)
    preset = payload.get("preset")
    known = [f"carbon:{k}" for k in countries.carbon_presets()] + [
        f"pollutants:{k}" for k in countries.pollutant_presets()
    ]
    if preset not in known:
        issues.append(Issue("preset", "error.choice", {"choices": known}))
    if issues:
        return {"ok": False, "errors": localize(issues, lang)}
    updated = apply_preset(scenario, str(preset))
    return {"ok": True, "scenario": updated, "form": form_text(updated, lang)}


def api_widget(payload: Any, lang: str) -> dict[str, Any]:
    """:func:`api_evaluate` laid out for the browser widget
    (:func:`gpp_core.lcc_html.widget_answer`)."""
    from gpp_core import lcc_html

    return lcc_html.widget_answer(payload, lang)


API: dict[str, Callable[[Any, str], dict[str, Any]]] = {
    "lcc.describe": api_describe,
    "lcc.defaults": api_defaults,
    "lcc.evaluate": api_evaluate,
    "lcc.export": api_export,
    "lcc.share_encode": api_share_encode,
    "lcc.share_decode": api_share_decode,
    "lcc.apply_preset": api_apply_preset,
    "lcc.widget": api_widget,
}


def __getattr__(name: str) -> Any:
    """``render_html`` (the prerendered widget) lives with the widget, in
    ``gpp_core/lcc_html.py``; it is found here when that module exists."""
    if name == "render_html":
        try:
            module = importlib.import_module("gpp_core.lcc_html")
        except ModuleNotFoundError:
            raise AttributeError(name) from None
        return module.render_html
    raise AttributeError(name)


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario, generated from the declarations above (the file
    ``gpp_core/schemas/lcc-scenario.schema.json`` is this, and a test keeps them equal).

    Strings typed in a reader's language are accepted for numbers by the calculator;
    the schema describes the canonical form, with numbers.
    """

    def prop(spec: Field) -> dict[str, Any]:
        description = i18n.translate(f"{NAME}.field.{spec.name}.help", "en")
        if spec.unit:
            description += f" [{spec.unit}]"
        if spec.kind in ("number", "integer", "rate"):
            out: dict[str, Any] = {"type": "integer" if spec.kind == "integer" else "number"}
            if spec.minimum is not None:
                out["minimum"] = spec.minimum
            if spec.maximum is not None:
                out["maximum"] = spec.maximum
            if spec.name in OPTIONAL_BLANK:
                out["type"] = [out["type"], "null"]
        elif spec.kind == "choice":
            out = {"enum": list(spec.choices)}
        else:
            out = {"type": "string", "maxLength": spec.max_length}
        if spec.kind == "rate":
            description += " (a fraction: 0.08 is 8 %)"
        return {**out, "description": description}

    buyer_props = {s.name: prop(s) for s in BUYER_FIELDS}
    buyer_props[SERIES] = {
        "type": "object",
        "description": i18n.translate(f"{NAME}.field.{SERIES}.help", "en") + " [kgCO2e/kWh]",
        "propertyNames": {"pattern": "^[0-9]{4}$"},
        "additionalProperties": {"type": "number", "minimum": 0, "maximum": 3},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "lcc-scenario.schema.json",
        "title": "Life-cycle cost scenario (gpp_core lcc calculator)",
        "description": (
            "Options compared over an analysis period with the buyer's parameters. Buyer "
            "values left out take the country pack's values; option values left out are 0. "
            "Option 0 is the baseline."
        ),
        "type": "object",
        "additionalProperties": False,
        "required": ["buyer", "options"],
        "properties": {
            "version": {"const": 1},
            "title": {"type": "string", "maxLength": 120},
            "country": {"enum": countries.available()},
            "template": {"enum": [*sorted(templates()), None]},
            "currency": {"enum": list(CURRENCIES)},
            "buyer": {
                "type": "object",
                "additionalProperties": False,
                "required": list(REQUIRED_BUYER),
                "properties": buyer_props,
            },
            "options": {
                "type": "array",
                "minItems": MIN_OPTIONS,
                "maxItems": MAX_OPTIONS,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": list(REQUIRED_OPTION),
                    "properties": {s.name: prop(s) for s in OPTION_FIELDS},
                },
            },
        },
    }
