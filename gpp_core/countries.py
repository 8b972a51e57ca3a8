"""Country packs: the buyer's parameters of a country, each with unit, date and source.

A country is a folder, not code: ``gpp_core/countries/<id>/country.toml`` holds

* ``id`` (the folder's name), ``currency`` (ISO 4217), ``name`` in every language,
  ``carbon_preset`` (the id of a preset in ``data/lcc_presets.toml``, or ``""``);
* ``[parameters.<name>]``, one record per buyer parameter of the life-cycle cost
  calculator (names as in :data:`gpp_core.lcc.BUYER_DEFAULTS`): ``value``, ``unit``,
  ``valid_from`` (``"YYYY"`` or ``"YYYY-MM-DD"``), ``source = {title, url?, reference?}``
  (``reference`` is the key of the entry in ``references/*.toml``), ``note`` (English),
  ``to_be_confirmed`` (secondary or missing source) and ``illustrative`` (a placeholder
  to replace with the user's own figure);
* ``[exchange_rates.<code>]``, records of the same shape: units of the pack's currency
  per unit of ``<code>``, used to convert presets and templates given in that currency.

Rates are fractions (``0.08``). Nothing here computes: a pack only pre-fills the form.
Adding a country is adding a folder; :func:`pack_problems` is the schema check run by
the tests on every pack.

>>> load("pe")["currency"], load("pe")["parameters"]["discount_rate"]["value"]
('PEN', 0.08)
>>> "generic" in available()
True
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from gpp_core import i18n
from gpp_core.errors import UnknownName
from gpp_core.lcc import BUYER_DEFAULTS

__all__ = [
    "UNITS",
    "available",
    "buyer_defaults",
    "carbon_presets",
    "load",
    "pack_problems",
    "pollutant_presets",
]

#: The unit each parameter must be stated in.
UNITS: dict[str, str] = {
    "period": "year",
    "start_year": "",
    "discount_basis": "",
    "discount_rate": "1/year",
    "inflation": "1/year",
    "quantity": "",
    "electricity_price": "currency/kWh",
    "electricity_escalation": "1/year",
    "petrol_price": "currency/l",
    "diesel_price": "currency/l",
    "fuel_escalation": "1/year",
    "water_price": "currency/m3",
    "water_escalation": "1/year",
    "grid_factor": "kgCO2e/kWh",
    "grid_factor_change": "1/year",
    "grid_factor_by_year": "kgCO2e/kWh",
    "petrol_factor": "kgCO2e/l",
    "diesel_factor": "kgCO2e/l",
    "carbon_escalation": "1/year",
    "residual_value": "",
    "rank_by": "",
    "sensitivity_range": "",
}
_RECORD_KEYS = {"value", "unit", "valid_from", "source", "note", "to_be_confirmed", "illustrative"}
_DATE = re.compile(r"\d{4}(-\d{2}-\d{2})?")


def _root() -> Traversable:
    return resources.files("gpp_core").joinpath("countries")


def _folders(root: Traversable | Path | None) -> dict[str, Traversable | Path]:
    base = _root() if root is None else root
    return {
        entry.name: entry
        for entry in base.iterdir()
        if entry.is_dir() and entry.joinpath("country.toml").is_file()
    }


def available(root: Path | None = None) -> list[str]:
    """Ids of the country packs, sorted, the neutral ``generic`` pack last."""
    names = sorted(_folders(root))
    return [n for n in names if n != "generic"] + (["generic"] if "generic" in names else [])


@cache
def _load_cached(country: str) -> dict[str, Any]:
    return _read(country, None)


def _read(country: str, root: Path | None) -> dict[str, Any]:
    folders = _folders(root)
    if country not in folders:
        raise UnknownName("country", country, folders)
    data: dict[str, Any] = tomllib.loads(
        folders[country].joinpath("country.toml").read_text("utf-8")
    )
    problems = pack_problems(data, country)
    if problems:
        raise ValueError(f"country pack {country!r} is invalid: " + "; ".join(problems))
    data.setdefault("parameters", {})
    data.setdefault("exchange_rates", {})
    return data


def load(country: str, root: Path | None = None) -> dict[str, Any]:
    """The pack of ``country`` (checked by :func:`pack_problems`; packs in ``root``
    instead of the packs shipped with gpp_core when given)."""
    return _load_cached(country) if root is None else _read(country, root)


def _record_problems(where: str, record: Any, unit: str | None) -> list[str]:
    if not isinstance(record, dict):
        return [f"{where}: must be a table"]
    problems = [f"{where}: unknown key {k!r}" for k in record if k not in _RECORD_KEYS]
    for key in ("value", "unit", "valid_from"):
        if key not in record:
            problems.append(f"{where}: missing {key!r}")
    if unit is not None and record.get("unit") != unit:
        problems.append(f"{where}: unit must be {unit!r}, not {record.get('unit')!r}")
    if not _DATE.fullmatch(str(record.get("valid_from", ""))):
        problems.append(f"{where}: valid_from must be YYYY or YYYY-MM-DD")
    source = record.get("source")
    if source is not None and (
        not isinstance(source, dict)
        or not isinstance(source.get("title"), str)
        or set(source) - {"title", "url", "reference"}
    ):
        problems.append(f"{where}: source must be {{title, url?, reference?}}")
    if source is None and not record.get("to_be_confirmed") and record.get("unit"):
        problems.append(f"{where}: a value without a source must be to_be_confirmed")
    for flag in ("to_be_confirmed", "illustrative"):
        if flag in record and not isinstance(record[flag], bool):
            problems.append(f"{where}: {flag} must be true or false")
    return problems


def pack_problems(data: Any, folder: str | None = None) -> list[str]:
    """Everything wrong with a pack's data (empty list: the pack is valid)."""
    if not isinstance(data, dict):
        return ["the pack must be a TOML table"]
    problems = [
        f"unknown key {k!r}"
        for k in data
        if k not in {"id", "currency", "name", "carbon_preset", "parameters", "exchange_rates"}
    ]
    if folder is not None and data.get("id") != folder:
        problems.append(f"id {data.get('id')!r} must match the folder name {folder!r}")
    try:
        i18n.currency_minor_units(str(data.get("currency")))
    except UnknownName:
        problems.append(f"unknown currency {data.get('currency')!r}")
    names = data.get("name")
    if not isinstance(names, dict) or set(names) != set(i18n.available_languages()):
        problems.append(f"name must be given in {', '.join(i18n.available_languages())}")
    preset = data.get("carbon_preset", "")
    if preset and preset not in carbon_presets():
        problems.append(f"unknown carbon_preset {preset!r}")
    for name, record in data.get("parameters", {}).items():
        if name not in BUYER_DEFAULTS or name not in UNITS:
            problems.append(f"parameters.{name}: not a buyer parameter")
            continue
        problems += _record_problems(f"parameters.{name}", record, UNITS[name])
        if isinstance(record, dict) and "value" in record:
            problems += _value_problems(name, record["value"])
    for code, record in data.get("exchange_rates", {}).items():
        problems += _record_problems(f"exchange_rates.{code}", record, f"currency/{code}")
        value = record.get("value") if isinstance(record, dict) else None
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
            problems.append(f"exchange_rates.{code}: value must be a positive number")
    return problems


def _value_problems(name: str, value: Any) -> list[str]:
    default = BUYER_DEFAULTS[name]
    if isinstance(default, dict):
        if not isinstance(value, dict) or not all(
            re.fullmatch(r"\d{4}", str(k)) and isinstance(v, (int, float)) and v >= 0
            for k, v in value.items()
        ):
            return [f"parameters.{name}: value must map years to numbers >= 0"]
        return []
    if isinstance(default, str):
        return [] if isinstance(value, str) else [f"parameters.{name}: value must be text"]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return [f"parameters.{name}: value must be a number"]
    if name.endswith(("_price", "_factor")) and value < 0:
        return [f"parameters.{name}: value must be >= 0"]
    return []


@cache
def _presets() -> dict[str, Any]:
    text = resources.files("gpp_core.data").joinpath("lcc_presets.toml").read_text("utf-8")
    return tomllib.loads(text)


def carbon_presets() -> dict[str, dict[str, Any]]:
    """Carbon price presets by id (value per tCO2e in ``currency``, with source)."""
    presets: dict[str, dict[str, Any]] = _presets()["carbon"]
    return presets


def pollutant_presets() -> dict[str, dict[str, Any]]:
    """Pollutant price presets by id (``nox``, ``nmhc``, ``pm`` per kg, with source)."""
    presets: dict[str, dict[str, Any]] = _presets()["pollutants"]
    return presets


def exchange_rate(pack: dict[str, Any], code: str) -> float | None:
    """Units of the pack's currency per unit of ``code`` (1 for the same currency)."""
    if code == pack["currency"]:
        return 1.0
    record = pack["exchange_rates"].get(code)
    return None if record is None else float(record["value"])


def buyer_defaults(
    country: str, root: Path | None = None
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Buyer parameters pre-filled by ``country``, and the provenance of each value.

    Returns ``(values, provenance)``: ``values`` has every buyer parameter (the pack's
    value, else the neutral default); ``provenance[name]`` is ``{"origin": "pack" |
    "preset" | "default", "unit", "valid_from", "source", "note", "to_be_confirmed",
    "illustrative"}`` for the values that come from the pack or a preset.
    """
    pack = load(country, root)
    values = dict(BUYER_DEFAULTS)
    provenance: dict[str, dict[str, Any]] = {}
    for name, record in pack["parameters"].items():
        value = record["value"]
        values[name] = dict(value) if isinstance(value, dict) else value
        provenance[name] = _provenance("pack", record)
    values["externality_currency"] = pack["currency"]
    values["exchange_rate"] = 1.0
    values["carbon_price"] = 0.0
    preset_id = pack.get("carbon_preset", "")
    if preset_id:
        preset = carbon_presets()[preset_id]
        rate = exchange_rate(pack, preset["currency"])
        if rate is not None:
            values["externality_currency"] = preset["currency"]
            values["exchange_rate"] = rate
            values["carbon_price"] = float(preset["value"])
            provenance["carbon_price"] = {**_provenance("preset", preset), "preset": preset_id}
            if preset["currency"] != pack["currency"]:
                record = pack["exchange_rates"][preset["currency"]]
                provenance["exchange_rate"] = _provenance("pack", record)
    return values, provenance


def _provenance(origin: str, record: dict[str, Any]) -> dict[str, Any]:
    return {
        "origin": origin,
        "unit": record.get("unit", ""),
        "valid_from": str(record.get("valid_from", record.get("year", ""))),
        "source": record.get("source"),
        "note": record.get("note", ""),
        "to_be_confirmed": bool(record.get("to_be_confirmed", False)),
        "illustrative": bool(record.get("illustrative", False)),
    }
