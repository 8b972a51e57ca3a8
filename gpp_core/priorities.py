"""Priority setting: rank product groups for a sustainable procurement action plan.

Each product group gets a score from 1 (low) to 5 (high) on five criteria, defined in
``gpp_core/data/priority_criteria.toml`` with their explanations and default weights:
spend, environmental impact, social risk, availability of greener products on the
market, and the buyer's ability to influence what is bought.

Method
------
* Weights ``w_c`` are fractions that add up to 1 (typed as percentages that add up to
  100 %). Weights that do not add up are an error, unless the caller asks for them to
  be rescaled (``normalise=True``: ``w_c / Σ w``). A sum within 0.05 percentage points
  of 100 % counts as adding up (rounding of typed percentages).
* Spend is either a score from 1 to 5 (``spend_mode="score"``) or a yearly amount in any
  one currency (``spend_mode="amount"``), turned into a score in proportion to the
  largest amount: ``s = 1 + 4 x / max(x)``. The largest spend scores 5, a group with no
  spend 1; multiplying every amount by the same factor (another currency, thousands
  instead of units) changes nothing.
* The weighted score of a group is ``S = Σ_c w_c s_c``, between 1 and 5.
* Groups are ranked by ``S``, highest first; groups whose scores are equal when rounded
  to 9 decimals share a rank ("1, 2, 2, 4") and keep the order in which they were
  entered.

Sums use :func:`math.fsum` (correctly rounded): CPython 3.11 and Pyodide's Python 3.14,
whose built-in ``sum`` compensates rounding errors, then give the very same floats, so
the browser and the command line show the same digits.

The result (``format = "gpp-priorities/1"``) is the list the action-plan template reads;
:func:`to_csv` writes it as CSV with cells that a spreadsheet cannot run as formulas.

Examples
--------
>>> groups = [{"id": "vehicles", "name": "Vehicles", "scores": {"spend": 4,
...            "environmental_impact": 5, "social_risk": 2, "market_availability": 4,
...            "influence": 3}},
...           {"id": "events", "name": "Events", "scores": {"spend": 1,
...            "environmental_impact": 2, "social_risk": 2, "market_availability": 3,
...            "influence": 5}}]
>>> result = rank(groups)
>>> [(g["rank"], g["id"], round(g["score"], 2)) for g in result["ranking"]]
[(1, 'vehicles', 3.7), (2, 'events', 2.35)]
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from gpp_core import i18n, tabular
from gpp_core.calculator import Issue, read_percentages
from gpp_core.tabular import safe_cell

__all__ = [
    "FORMAT",
    "Catalogue",
    "Criterion",
    "DefaultGroup",
    "catalogue",
    "default_groups",
    "default_weights",
    "localize",
    "parse_form",
    "rank",
    "safe_cell",
    "to_csv",
]

FORMAT = "gpp-priorities/1"
SCORE_MIN, SCORE_MAX = 1.0, 5.0
MAX_GROUPS = 60
MAX_NAME = 80
MAX_AMOUNT = 1e15
WEIGHT_TOLERANCE = 0.0005
TIE_DECIMALS = 9
SPEND_MODES = ("score", "amount")
_TRUE = ("on", "true", "1", "yes")


@dataclass(frozen=True)
class Criterion:
    id: str
    weight: float
    name: dict[str, str]
    help: dict[str, str]
    low: dict[str, str]
    high: dict[str, str]


@dataclass(frozen=True)
class DefaultGroup:
    id: str
    name: dict[str, str]
    scores: dict[str, float]


@dataclass(frozen=True)
class Catalogue:
    criteria: tuple[Criterion, ...]
    groups: tuple[DefaultGroup, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria)

    def criterion(self, criterion_id: str) -> Criterion:
        return next(c for c in self.criteria if c.id == criterion_id)

    def group(self, group_id: str) -> DefaultGroup | None:
        return next((g for g in self.groups if g.id == group_id), None)


def _texts(raw: Any, where: str) -> dict[str, str]:
    return i18n.texts(raw, f"priority_criteria.toml: {where}")


@cache
def catalogue() -> Catalogue:
    """Criteria and default groups, read once from ``priority_criteria.toml`` and checked."""
    text = resources.files("gpp_core.data").joinpath("priority_criteria.toml").read_text("utf-8")
    data = tomllib.loads(text)
    criteria = tuple(
        Criterion(
            id=str(c["id"]),
            weight=float(c["weight"]),
            name=_texts(c["name"], f"criterion {c['id']} name"),
            help=_texts(c["help"], f"criterion {c['id']} help"),
            low=_texts(c["low"], f"criterion {c['id']} low"),
            high=_texts(c["high"], f"criterion {c['id']} high"),
        )
        for c in data["criteria"]
    )
    if abs(math.fsum(c.weight for c in criteria) - 1.0) > 1e-9:
        raise ValueError("priority_criteria.toml: the default weights must add up to 1")
    ids = {c.id for c in criteria}
    groups = []
    for g in data["groups"]:
        scores = {str(k): float(v) for k, v in g["scores"].items()}
        if set(scores) != ids or not all(SCORE_MIN <= v <= SCORE_MAX for v in scores.values()):
            raise ValueError(f"priority_criteria.toml: group {g['id']} needs scores 1-5 for {ids}")
        groups.append(DefaultGroup(str(g["id"]), _texts(g["name"], f"group {g['id']}"), scores))
    if len({g.id for g in groups}) != len(groups):
        raise ValueError("priority_criteria.toml: a group id is repeated")
    return Catalogue(criteria=criteria, groups=tuple(groups))


def default_weights() -> dict[str, float]:
    """The kit's default weights (fractions that add up to 1).

    >>> default_weights()["spend"]
    0.25
    """
    return {c.id: c.weight for c in catalogue().criteria}


def default_groups(lang: str) -> list[dict[str, Any]]:
    """The default product groups named in ``lang``, with their ILLUSTRATIVE scores."""
    return [
        {"id": g.id, "name": g.name[lang], "scores": dict(g.scores)} for g in catalogue().groups
    ]


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _check_weights(
    weights: Mapping[str, Any] | None, normalise: bool, issues: list[Issue]
) -> tuple[dict[str, float], float, bool]:
    raw = default_weights()
    for name, value in (weights or {}).items():
        if name not in raw:
            issues.append(Issue(f"w_{name}", "error.unknown_field"))
        elif not _number(value):
            issues.append(Issue(f"w_{name}", "error.not_a_number", {"example": "0.25"}))
        elif not 0.0 <= value <= 1.0:
            issues.append(Issue(f"w_{name}", "error.between", {"min": 0.0, "max": 1.0}))
        else:
            raw[name] = float(value)
    total = math.fsum(raw.values())
    rescaled = False
    if not any(i.field.startswith("w_") for i in issues):
        if total <= 0:
            issues.append(Issue("weights", "priorities.error.weights_zero"))
        elif abs(total - 1.0) > WEIGHT_TOLERANCE:
            if normalise:
                rescaled = True
            else:
                issues.append(Issue("weights", "priorities.error.weights_sum", {"sum": total}))
    return raw, total, rescaled


def rank(
    groups: Sequence[Mapping[str, Any]],
    *,
    weights: Mapping[str, Any] | None = None,
    normalise: bool = False,
    spend_mode: str = "score",
) -> dict[str, Any]:
    """Rank product groups by their weighted score (see the module docstring).

    Parameters
    ----------
    groups : sequence of mappings
        Each ``{"id": str (optional), "name": str, "scores": {criterion: number}}``;
        scores from 1 to 5, except spend in ``amount`` mode: a yearly amount >= 0 in
        one currency for every group. 1 to 60 groups.
    weights : mapping, optional
        Criterion id to weight (fractions); missing criteria keep their default.
    normalise : bool
        Rescale weights that do not add up to 1 instead of reporting an error.
    spend_mode : {"score", "amount"}

    Returns
    -------
    dict
        ``{"ok": True, "format": "gpp-priorities/1", "ranking": [...], ...}`` or
        ``{"ok": False, "errors": [{"field", "key", "params"}, ...]}``.
    """
    cat = catalogue()
    issues: list[Issue] = []
    if spend_mode not in SPEND_MODES:
        issues.append(Issue("spend_mode", "error.choice", {"choices": list(SPEND_MODES)}))
    if isinstance(groups, (str, bytes)) or not isinstance(groups, Sequence):
        issues.append(Issue("groups", "priorities.error.no_groups"))
        groups = []
    if not groups and not issues:
        issues.append(Issue("groups", "priorities.error.no_groups"))
    if len(groups) > MAX_GROUPS:
        issues.append(Issue("groups", "priorities.error.too_many", {"max": MAX_GROUPS}))
        groups = []
    clean: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, group in enumerate(groups):
        where = f"group.{index}"
        if not isinstance(group, Mapping):
            issues.append(Issue(f"{where}.name", "error.text"))
            continue
        name = group.get("name", "")
        if not isinstance(name, str):
            issues.append(Issue(f"{where}.name", "error.text"))
            name = ""
        elif not name.strip():
            issues.append(Issue(f"{where}.name", "error.required"))
        elif len(name.strip()) > MAX_NAME:
            issues.append(Issue(f"{where}.name", "error.too_long", {"max": MAX_NAME}))
        group_id = group.get("id") or f"group-{index + 1}"
        if not isinstance(group_id, str) or len(group_id) > MAX_NAME:
            issues.append(Issue(f"{where}.name", "error.text"))
            group_id = f"group-{index + 1}"
        elif group_id in seen:
            issues.append(Issue(f"{where}.name", "priorities.error.duplicate", {"id": group_id}))
        seen.add(group_id)
        scores = group.get("scores")
        if not isinstance(scores, Mapping):
            scores = {}
        for name_ in scores:
            if name_ not in cat.ids:
                issues.append(Issue(f"{where}.{name_}", "error.unknown_field"))
        typed: dict[str, float] = {}
        for criterion in cat.ids:
            field = f"{where}.{criterion}"
            value = scores.get(criterion)
            is_amount = criterion == "spend" and spend_mode == "amount"
            low, high = (0.0, MAX_AMOUNT) if is_amount else (SCORE_MIN, SCORE_MAX)
            if value is None:
                issues.append(Issue(field, "error.required"))
            elif not _number(value):
                issues.append(Issue(field, "error.not_a_number", {"example": "3"}))
            elif not low <= value <= high:
                issues.append(Issue(field, "error.between", {"min": low, "max": high}))
            else:
                typed[criterion] = float(value)
        clean.append({"id": group_id, "name": name.strip(), "scores": typed, "index": index})

    raw, total, rescaled = _check_weights(weights, normalise, issues)
    largest = 0.0
    if spend_mode == "amount" and not issues:
        largest = max(g["scores"]["spend"] for g in clean)
        if largest <= 0:
            issues.append(Issue("spend_mode", "priorities.error.spend_zero"))
    if issues:
        return {"ok": False, "calculator": "priorities", "errors": [i.to_json() for i in issues]}

    weight = {k: v / total for k, v in raw.items()}
    scored: list[dict[str, Any]] = []
    for g in clean:
        normalised = dict(g["scores"])
        amount: float | None = None
        if spend_mode == "amount":
            amount = normalised["spend"]
            normalised["spend"] = SCORE_MIN + (SCORE_MAX - SCORE_MIN) * amount / largest
        score = math.fsum(weight[c] * normalised[c] for c in cat.ids)
        scored.append({**g, "scores": normalised, "spend_amount": amount, "score": score})
    # Scores equal to 9 decimals are a tie (float noise must not order them).
    scored.sort(key=lambda g: (-round(g["score"], TIE_DECIMALS), g["index"]))
    ranking: list[dict[str, Any]] = []
    for position, g in enumerate(scored, start=1):
        tied = bool(ranking) and round(ranking[-1]["score"], TIE_DECIMALS) == round(
            g["score"], TIE_DECIMALS
        )
        ranking.append(
            {
                "rank": ranking[-1]["rank"] if tied else position,
                "id": g["id"],
                "name": g["name"],
                "score": g["score"],
                "scores": g["scores"],
                "spend_amount": g["spend_amount"],
                "input_index": g["index"],
            }
        )
    return {
        "ok": True,
        "calculator": "priorities",
        "format": FORMAT,
        "spend_mode": spend_mode,
        "criteria": list(cat.ids),
        "weights": weight,
        "weights_sum": total,
        "weights_rescaled": rescaled,
        "ranking": ranking,
    }


def _plain(value: float | None) -> str:
    """A number for machines: dot decimal, at most 6 decimals, no grouping."""
    if value is None:
        return ""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


CSV_COLUMNS = (
    "rank",
    "group_id",
    "group_name",
    "weighted_score",
    "spend",
    "environmental_impact",
    "social_risk",
    "market_availability",
    "influence",
    "spend_amount",
)


def to_csv(result: Mapping[str, Any]) -> str:
    """The ranking as CSV (UTF-8 text with a byte-order mark, comma, CRLF).

    Columns: ``rank, group_id, group_name, weighted_score``, the five criterion scores
    (1 to 5, spend normalised) and ``spend_amount`` (empty unless spend was entered as
    amounts). Numbers use a dot and no grouping. Text cells go through
    :func:`safe_cell`.
    """
    rows = [
        [
            g["rank"],
            safe_cell(g["id"]),
            safe_cell(g["name"]),
            _plain(g["score"]),
            *(_plain(g["scores"][c]) for c in result["criteria"]),
            _plain(g["spend_amount"]),
        ]
        for g in result["ranking"]
    ]
    return tabular.csv_text([CSV_COLUMNS, *rows], cell=None)  # numbers preformatted


def parse_form(form: Mapping[str, Any], lang: str) -> tuple[dict[str, Any], list[Issue]]:
    """Read the tool's form as a reader of ``lang`` filled it in (values are text).

    ``form``: ``spend_mode``, ``normalise`` ("on" when ticked), ``w_<criterion>``
    (percentages), ``groups``: a list of ``{"id", "name", "<criterion>": text}``.
    Returns the keyword arguments of :func:`rank` and the issues found while reading.
    """
    cat = catalogue()
    issues: list[Issue] = []
    example = i18n.format_number(3.5, lang)
    weights = read_percentages(form, {c: f"w_{c}" for c in cat.ids}, lang, issues, example)
    groups: list[dict[str, Any]] = []
    raw_groups = form.get("groups", [])
    if not isinstance(raw_groups, list):
        raw_groups = []
    for index, raw in enumerate(raw_groups):
        if not isinstance(raw, Mapping):
            raw = {}
        scores: dict[str, float] = {}
        for criterion in cat.ids:
            text = "" if raw.get(criterion) is None else str(raw.get(criterion)).strip()
            field = f"group.{index}.{criterion}"
            if not text:
                issues.append(Issue(field, "error.required"))
                continue
            try:
                scores[criterion] = i18n.parse_number(text, lang)
            except ValueError:
                issues.append(Issue(field, "error.not_a_number", {"example": example}))
        groups.append(
            {"id": str(raw.get("id") or ""), "name": str(raw.get("name") or ""), "scores": scores}
        )
    kwargs = {
        "groups": groups,
        "weights": weights,
        "normalise": str(form.get("normalise", "")).strip().lower() in _TRUE,
        "spend_mode": str(form.get("spend_mode", "score")),
    }
    return kwargs, issues


def localize(errors: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Structured errors with their ``message`` in ``lang``; bounds written as the reader
    writes numbers (weights as percentages)."""
    out = []
    for error in errors:
        params = dict(error["params"])
        is_weight = error["field"].startswith("w_")
        for key in ("min", "max"):
            if key in params:
                params[key] = (
                    i18n.format_percent(params[key], lang)
                    if is_weight
                    else i18n.format_number(params[key], lang)
                )
        if "sum" in params:
            params["sum"] = i18n.format_percent(params["sum"], lang, max_decimals=2)
        if error["key"] == "error.too_long":
            params["max"] = i18n.format_number(error["params"]["max"], lang)
        if error["key"] == "error.choice":
            params["choices"] = ", ".join(
                i18n.translate(f"priorities.spend_mode.{c}", lang) for c in SPEND_MODES
            )
        out.append({**error, "message": i18n.translate(error["key"], lang, **params)})
    return out
