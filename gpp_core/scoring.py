"""Scoring bids: price points by a named method, quality and sustainability criteria,
weights, a ranking, checks, and how far the sustainability weight is from changing the
winner.

The model (best price-quality ratio, Art. 67 of Directive 2014/24/EU, and the weighted
totals of Peru's procurement practice): every component is scored on 0–100 points,

* the price (or the life-cycle cost) by one of :data:`METHODS` on the *evaluated* price
  (the bid, or the bid less a fictitious discount), with ``Pmax = 100``;
* each quality or sustainability criterion as the evaluator's score on the criterion's
  own scale (``0 .. max_score``), rescaled to 0–100;

and the total is ``Σ weight × points`` with weights that are fractions adding up to 1,
so totals stay on 0–100. Scores and totals are rounded, or truncated as in the worked
examples of Peru's OSCE, to a number of decimals that is a setting.

Price-scoring methods (``method=``), each named after the practice it implements:

``inverse-proportion``
    ``P_i = Pmax · O_min / O_i`` (common in Peru and Spain). The lowest price gets Pmax.
``linear-to-budget``
    ``P_i = Pmax · (B − O_i) / (B − O_min)``, ``B`` the budget; 0 at or above the budget.
``square-root-discount``
    ``P_i = Pmax · sqrt(d_i / d_max)`` with the discount ``d_i = (B − O_i) / B``.
``osce-linear``
    ``P_i = Pmax · (2 − O_i / O_min)``, floored at 0 (legacy formula of Peru's OSCE).
``fictitious-discount``
    CO2 Performance Ladder (Netherlands): the evaluated price is
    ``O_i · (1 − discount of the bidder's certified level)`` (ProRail: levels 1–5 give
    1, 2, 4, 7, 10 %), then scored by inverse proportion.

Sensitivity. The weight of sustainability ``w_S`` is the sum of the weights of the
criteria of kind ``sustainability``. Moving it to ``w`` while every other weight keeps
its share of the rest (``1 − w``) makes each total linear in ``w``:
``T_i(w) = w · S_i + (1 − w) · R_i``, with ``S_i`` and ``R_i`` the weighted means of the
bid's points on the sustainability criteria and on the rest. The winner changes where
its line crosses a rival's; the nearest crossing in 0–100 % is reported.

Examples
--------
The fictitious discount (CO2 Performance Ladder): €30 M at level 3 (4 %) is evaluated as
€28.8 M and beats a €29 M bid without a certified level.

>>> result = score_bids({
...     "method": "fictitious-discount", "currency": "EUR", "price_weight": 1.0,
...     "bids": [{"name": "A", "price": 30e6, "level": 3}, {"name": "B", "price": 29e6}]})
>>> [b["evaluated_price"] for b in result["bids"]], result["winner"]
([28800000.0, 29000000.0], 0)

Peru's weighted total (2004 example): 0.4 × technical + 0.6 × economic; a technical
score of 95.000 with a single offer (economic 100) gives 98.000.

>>> result = score_bids({
...     "method": "inverse-proportion", "price_weight": 0.6,
...     "rounding": "truncate", "decimals": 3,
...     "criteria": [{"id": "technical", "kind": "quality", "weight": 0.4}],
...     "bids": [{"name": "Postor 1", "price": 100000, "scores": {"technical": 95}}]})
>>> result["bids"][0]["price_points"], result["bids"][0]["total"]
(100.0, 98.0)
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from typing import Any, TypeGuard

from gpp_core import i18n
from gpp_core.calculator import Issue
from gpp_core.errors import UnknownName

__all__ = [
    "CO2_LADDER_DISCOUNTS",
    "KINDS",
    "METHODS",
    "ROUNDING",
    "apply_rounding",
    "country_defaults",
    "country_settings",
    "price_points",
    "score_bids",
]

PMAX = 100.0
METHODS = (
    "inverse-proportion",
    "linear-to-budget",
    "square-root-discount",
    "osce-linear",
    "fictitious-discount",
)
METHOD_FORMULAS = {
    "inverse-proportion": "P_i = Pmax · O_min / O_i",
    "linear-to-budget": "P_i = Pmax · (B − O_i) / (B − O_min)",
    "square-root-discount": "P_i = Pmax · √(d_i / d_max), d_i = (B − O_i) / B",
    "osce-linear": "P_i = Pmax · (2 − O_i / O_min)",
    "fictitious-discount": "O'_i = O_i · (1 − r_level); P_i = Pmax · O'_min / O'_i",
}
NEEDS_BUDGET = ("linear-to-budget", "square-root-discount")
ROUNDING = ("round", "truncate")
KINDS = ("quality", "sustainability")
# ProRail's fictitious discounts for CO2 Performance Ladder levels 1-5 (fractions).
CO2_LADDER_DISCOUNTS = (0.01, 0.02, 0.04, 0.07, 0.10)
CURRENCIES = ("PEN", "THB", "VND", "USD", "EUR")
MAX_AMOUNT = 1e15
MAX_BIDS = 50
MAX_CRITERIA = 30
MAX_DECIMALS = 6
WEIGHT_TOLERANCE = 1e-6
DEFAULTS: dict[str, Any] = {
    "method": "inverse-proportion",
    "currency": "USD",
    "price_weight": 1.0,
    "rounding": "round",
    "decimals": 2,
    "normalise_weights": False,
    "abnormally_low_threshold": 0.2,
    "level_discounts": list(CO2_LADDER_DISCOUNTS),
    "price_basis": "price",
}
SETTINGS = (*DEFAULTS, "budget", "criteria", "bids", "country")


def apply_rounding(value: float, decimals: int, mode: str) -> float:
    """``value`` rounded half away from zero, or truncated, to ``decimals`` decimals.

    Truncation first removes floating-point noise below 1e-9, so that a total that is
    98 in exact arithmetic is not truncated to 97.999.

    >>> apply_rounding(99.31034482758621, 3, "truncate"), apply_rounding(99.3105, 3, "round")
    (99.31, 99.311)
    >>> apply_rounding(0.1 + 0.7, 1, "truncate")
    0.8
    """
    quantum = Decimal(1).scaleb(-decimals)
    if mode == "truncate":
        exact = Decimal(repr(round(value, 9)))
        return float(exact.quantize(quantum, ROUND_DOWN))
    return float(Decimal(repr(value)).quantize(quantum, ROUND_HALF_UP))


def price_points(prices: Sequence[float], method: str, budget: float | None = None) -> list[float]:
    """Price points (0–100) of evaluated prices ``prices`` under ``method``.

    ``method`` is one of :data:`METHODS` (``fictitious-discount`` takes prices already
    discounted and scores them by inverse proportion). ``budget`` is needed by
    ``linear-to-budget`` and ``square-root-discount``. Prices must be positive.

    >>> price_points([100, 125, 200], "inverse-proportion")
    [100.0, 80.0, 50.0]
    >>> price_points([100, 125, 250], "osce-linear")
    [100.0, 75.0, 0.0]
    >>> price_points([80, 90, 110], "linear-to-budget", budget=100)
    [100.0, 50.0, 0.0]
    >>> [round(p, 3) for p in price_points([80, 95], "square-root-discount", budget=100)]
    [100.0, 50.0]
    """
    if not prices:
        return []
    lowest = min(prices)
    if method in ("inverse-proportion", "fictitious-discount"):
        # The lowest price gets exactly Pmax (100 * p / p may be 100.00000000000001).
        return [PMAX if p == lowest else min(PMAX, PMAX * lowest / p) for p in prices]
    if method == "osce-linear":
        return [max(0.0, PMAX * (2 - p / lowest)) for p in prices]
    if budget is None:
        raise ValueError(f"method {method!r} needs a budget")
    if method == "linear-to-budget":
        span = budget - lowest
        if span <= 0:  # every bid is at (or above) the budget: only the lowest scores
            return [PMAX if p == lowest else 0.0 for p in prices]
        return [max(0.0, PMAX * (budget - p) / span) for p in prices]
    if method == "square-root-discount":
        discounts = [(budget - p) / budget for p in prices]
        best = max(discounts)
        if best <= 0:
            return [PMAX if p == lowest else 0.0 for p in prices]
        return [PMAX * math.sqrt(d / best) if d > 0 else 0.0 for d in discounts]
    raise ValueError(f"unknown method {method!r}; valid: {', '.join(METHODS)}")


def _number(value: Any) -> TypeGuard[int | float]:
    return not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value)


def _check_settings(data: Mapping[str, Any], issues: list[Issue]) -> dict[str, Any]:
    settings = {**DEFAULTS, **{k: v for k, v in data.items() if k in DEFAULTS}}
    for name in data:
        if name not in SETTINGS:
            issues.append(Issue(name, "error.unknown_field"))
    if settings["method"] not in METHODS:
        issues.append(Issue("method", "error.choice", {"choices": list(METHODS)}))
    if settings["rounding"] not in ROUNDING:
        issues.append(Issue("rounding", "error.choice", {"choices": list(ROUNDING)}))
    if settings["price_basis"] not in ("price", "life-cycle-cost"):
        issues.append(
            Issue("price_basis", "error.choice", {"choices": ["price", "life-cycle-cost"]})
        )
    decimals = settings["decimals"]
    if not _number(decimals) or decimals != int(decimals):
        issues.append(Issue("decimals", "error.not_whole"))
    elif not 0 <= decimals <= MAX_DECIMALS:
        issues.append(Issue("decimals", "error.between", {"min": 0, "max": MAX_DECIMALS}))
    else:
        settings["decimals"] = int(decimals)
    if not isinstance(settings["normalise_weights"], bool):
        issues.append(Issue("normalise_weights", "error.choice", {"choices": ["true", "false"]}))
    threshold = settings["abnormally_low_threshold"]
    if not _number(threshold) or not 0 <= threshold < 1:
        issues.append(Issue("abnormally_low_threshold", "error.between", {"min": 0, "max": 0.99}))
    try:
        i18n.currency_minor_units(settings["currency"])
    except (UnknownName, TypeError):
        issues.append(Issue("currency", "error.choice", {"choices": list(CURRENCIES)}))
    discounts = settings["level_discounts"]
    if (
        not isinstance(discounts, list)
        or not 1 <= len(discounts) <= 10
        or not all(_number(d) and 0 <= d < 1 for d in discounts)
    ):
        issues.append(Issue("level_discounts", "scoring.error.level_discounts"))
    budget = data.get("budget")
    if budget is not None and (not _number(budget) or not 0 < budget <= MAX_AMOUNT):
        issues.append(Issue("budget", "scoring.error.positive_amount"))
    settings["budget"] = budget
    if settings["method"] in NEEDS_BUDGET and budget is None:
        issues.append(Issue("budget", "scoring.error.budget_needed"))
    return settings


def _check_weight(value: Any, field: str, issues: list[Issue]) -> float | None:
    if not _number(value):
        issues.append(Issue(field, "error.not_a_number", {"example": "0.4"}))
        return None
    if not 0 <= value <= 1:
        issues.append(Issue(field, "scoring.error.weight_range"))
        return None
    return float(value)


def _check_criteria(data: Mapping[str, Any], issues: list[Issue]) -> list[dict[str, Any]]:
    raw = data.get("criteria", [])
    if not isinstance(raw, list) or len(raw) > MAX_CRITERIA:
        issues.append(Issue("criteria", "scoring.error.criteria_list", {"max": MAX_CRITERIA}))
        return []
    criteria: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n, item in enumerate(raw):
        where = f"criteria.{n}"
        if not isinstance(item, dict):
            issues.append(Issue(where, "scoring.error.criteria_list", {"max": MAX_CRITERIA}))
            continue
        unknown = set(item) - {"id", "name", "kind", "weight", "max_score"}
        issues.extend(Issue(f"{where}.{name}", "error.unknown_field") for name in sorted(unknown))
        ident = item.get("id")
        if not isinstance(ident, str) or not ident.strip() or len(ident) > 40:
            issues.append(Issue(f"{where}.id", "scoring.error.criterion_id"))
            continue
        if ident in seen:
            issues.append(Issue(f"{where}.id", "scoring.error.duplicate_id", {"id": ident}))
            continue
        seen.add(ident)
        name = item.get("name", "")
        if not isinstance(name, str) or len(name) > 120:
            issues.append(Issue(f"{where}.name", "error.too_long", {"max": 120}))
        kind = item.get("kind", "quality")
        if kind not in KINDS:
            issues.append(Issue(f"{where}.kind", "error.choice", {"choices": list(KINDS)}))
        weight = _check_weight(item.get("weight"), f"{where}.weight", issues)
        max_score = item.get("max_score", 100)
        if not _number(max_score) or not 0 < max_score <= 1e6:
            issues.append(Issue(f"{where}.max_score", "scoring.error.positive_amount"))
            max_score = None
        criteria.append(
            {
                "id": ident,
                "name": name if isinstance(name, str) else "",
                "kind": kind,
                "weight": weight,
                "max_score": None if max_score is None else float(max_score),
            }
        )
    return criteria


def _check_bids(
    data: Mapping[str, Any],
    criteria: list[dict[str, Any]],
    settings: Mapping[str, Any],
    issues: list[Issue],
) -> list[dict[str, Any]]:
    raw = data.get("bids")
    if not isinstance(raw, list) or not raw:
        issues.append(Issue("bids", "scoring.error.no_bids"))
        return []
    if len(raw) > MAX_BIDS:
        issues.append(Issue("bids", "scoring.error.too_many_bids", {"max": MAX_BIDS}))
        return []
    discounts = settings["level_discounts"]
    levels = len(discounts) if isinstance(discounts, list) else 0
    bids: list[dict[str, Any]] = []
    for n, item in enumerate(raw):
        where = f"bids.{n}"
        if not isinstance(item, dict):
            issues.append(Issue(where, "scoring.error.no_bids"))
            continue
        unknown = set(item) - {"name", "price", "scores", "level"}
        issues.extend(Issue(f"{where}.{name}", "error.unknown_field") for name in sorted(unknown))
        name = item.get("name", "")
        if not isinstance(name, str) or len(name) > 80:
            issues.append(Issue(f"{where}.name", "error.too_long", {"max": 80}))
            name = ""
        price = item.get("price")
        if not _number(price):
            issues.append(Issue(f"{where}.price", "error.not_a_number", {"example": "1234.5"}))
        elif price <= 0:
            issues.append(Issue(f"{where}.price", "scoring.error.price_positive"))
        elif price > MAX_AMOUNT:
            issues.append(Issue(f"{where}.price", "error.max", {"max": MAX_AMOUNT}))
        level = item.get("level", 0)
        if not _number(level) or level != int(level) or not 0 <= level <= levels:
            issues.append(Issue(f"{where}.level", "error.between", {"min": 0, "max": levels}))
            level = 0
        scores = item.get("scores", {})
        if not isinstance(scores, dict):
            issues.append(Issue(f"{where}.scores", "scoring.error.score_missing", {"id": ""}))
            scores = {}
        for key in scores:
            if key not in {c["id"] for c in criteria}:
                issues.append(Issue(f"{where}.scores.{key}", "error.unknown_field"))
        checked: dict[str, float] = {}
        for criterion in criteria:
            field = f"{where}.scores.{criterion['id']}"
            value = scores.get(criterion["id"])
            top = criterion["max_score"]
            if value is None:
                issues.append(Issue(field, "scoring.error.score_missing", {"id": criterion["id"]}))
            elif not _number(value):
                issues.append(Issue(field, "error.not_a_number", {"example": "75"}))
            elif top is not None and not 0 <= value <= top:
                issues.append(Issue(field, "error.between", {"min": 0, "max": top}))
            else:
                checked[criterion["id"]] = float(value)
        bids.append(
            {
                "name": name,
                "price": float(price) if _number(price) else None,
                "level": int(level),
                "scores": checked,
            }
        )
    return bids


def _check_weights(
    data: Mapping[str, Any],
    criteria: list[dict[str, Any]],
    settings: Mapping[str, Any],
    issues: list[Issue],
    warnings: list[dict[str, Any]],
) -> tuple[float, dict[str, float]] | None:
    price_weight = _check_weight(settings["price_weight"], "price_weight", issues)
    weights = [c["weight"] for c in criteria]
    if price_weight is None or any(w is None for w in weights):
        return None
    total = price_weight + sum(w for w in weights if w is not None)
    if total <= 0:
        issues.append(Issue("price_weight", "scoring.error.weights_zero"))
        return None
    if abs(total - 1) > WEIGHT_TOLERANCE:
        if not settings["normalise_weights"]:
            issues.append(Issue("weights", "scoring.error.weights_sum", {"total": total}))
            return None
        warnings.append({"key": "scoring.warning.normalised", "params": {"total": total}})
    scale = 1 / total
    final = {c["id"]: float(c["weight"]) * scale for c in criteria}
    for criterion in criteria:
        if criterion["weight"] == 0:
            warnings.append(
                {"key": "scoring.warning.zero_weight", "params": {"id": criterion["id"]}}
            )
    if price_weight == 0:
        warnings.append({"key": "scoring.warning.zero_price_weight", "params": {}})
    return price_weight * scale, final


def _group_means(bid: Mapping[str, Any], weights: Mapping[str, float], members: list[str]) -> float:
    """Weighted mean of a bid's points over ``members`` (equal weights if theirs are 0)."""
    total = sum(weights[m] for m in members)
    if total > 0:
        return float(sum(weights[m] * bid["points"][m] for m in members) / total)
    return float(sum(bid["points"][m] for m in members) / len(members))


def _sensitivity(
    bids: list[dict[str, Any]],
    price_weight: float,
    weights: Mapping[str, float],
    criteria: list[dict[str, Any]],
    winner: int | None,
) -> dict[str, Any]:
    sustainability = [c["id"] for c in criteria if c["kind"] == "sustainability"]
    current = sum(weights[m] for m in sustainability)
    if not sustainability:
        return {"applicable": False, "reason": "no_sustainability_criteria", "weight": 0.0}
    if winner is None or len(bids) < 2:
        reason = "tie" if winner is None else "single_bid"
        return {"applicable": False, "reason": reason, "weight": current}
    rest = [c["id"] for c in criteria if c["kind"] != "sustainability"]
    rest_weights = {**weights, "__price__": price_weight}
    rest_members = [*rest, "__price__"]
    lines = []
    for bid in bids:
        points = {**bid["points"], "__price__": bid["price_points"]}
        s = _group_means({"points": points}, weights, sustainability)
        r = _group_means({"points": points}, rest_weights, rest_members)
        lines.append((s, r))
    best: tuple[float, int, float] | None = None  # distance, rival, crossing
    sw, rw = lines[winner]
    for j, (sj, rj) in enumerate(lines):
        if j == winner:
            continue
        slope = (sw - rw) - (sj - rj)
        if abs(slope) < 1e-12:
            continue
        crossing = (rj - rw) / slope
        if not -1e-12 <= crossing <= 1 + 1e-12:
            continue
        crossing = min(1.0, max(0.0, crossing))
        # Past the nearest crossing of the winner's line, a rival's total is higher.
        distance = abs(crossing - current)
        if best is None or distance < best[0] - 1e-12:
            best = (distance, j, crossing)
    if best is None:
        return {"applicable": True, "changes": False, "weight": current}
    _, rival, crossing = best
    return {
        "applicable": True,
        "changes": True,
        "weight": current,
        "threshold": crossing,
        "change": crossing - current,
        "rival": rival,
    }


def score_bids(data: Mapping[str, Any]) -> dict[str, Any]:
    """Score and rank bids (see the module docstring for the model and the methods).

    Parameters
    ----------
    data : mapping
        ``bids``: list of ``{"name", "price" [currency], "scores": {criterion id: points
        on 0..max_score}, "level": certified level (fictitious discount; 0 = none)}``;
        ``criteria``: list of ``{"id", "name", "kind": "quality" | "sustainability",
        "weight" [fraction], "max_score"}``; ``price_weight`` [fraction]; ``method``;
        ``budget`` [currency]; ``rounding`` (round | truncate); ``decimals``;
        ``normalise_weights`` (scale weights that do not add up to 1 instead of an
        error); ``abnormally_low_threshold`` [fraction below the average of the bids];
        ``level_discounts`` [fractions, level 1 first]; ``currency``; ``price_basis``
        (price | life-cycle-cost, for the wording only); ``country`` (ignored here: the
        country only pre-fills settings, see :func:`country_defaults`).

    Returns
    -------
    dict
        ``{"ok": True, "bids": [...], "ranking": [...], "winner", "ties", "warnings",
        "sensitivity", "method", ...}`` with bids in input order, or ``{"ok": False,
        "errors": [{"field", "key", "params"}]}``.
    """
    if not isinstance(data, Mapping):
        return {"ok": False, "errors": [Issue("bids", "scoring.error.no_bids").to_json()]}
    issues: list[Issue] = []
    warnings: list[dict[str, Any]] = []
    settings = _check_settings(data, issues)
    criteria = _check_criteria(data, issues)
    bids = _check_bids(data, criteria, settings, issues)
    resolved = _check_weights(data, criteria, settings, issues, warnings)
    if issues or resolved is None:
        return {"ok": False, "errors": [i.to_json() for i in issues]}
    price_weight, weights = resolved
    method, decimals, mode = settings["method"], settings["decimals"], settings["rounding"]
    budget = settings["budget"]

    def rounded(value: float) -> float:
        return apply_rounding(value, decimals, mode)

    evaluated = []
    for bid in bids:
        discount = 0.0
        if method == "fictitious-discount" and bid["level"] > 0:
            discount = settings["level_discounts"][bid["level"] - 1]
        bid["discount"] = discount
        evaluated.append(bid["price"] * (1 - discount))
    points = price_points(evaluated, method, budget)
    mean_price = sum(b["price"] for b in bids) / len(bids)
    threshold = settings["abnormally_low_threshold"]
    for bid, price_eval, p in zip(bids, evaluated, points, strict=True):
        bid["evaluated_price"] = price_eval
        bid["price_points"] = rounded(p)
        bid["points"] = {
            c["id"]: rounded(PMAX * bid["scores"][c["id"]] / c["max_score"]) for c in criteria
        }
        contributions = {"price": price_weight * bid["price_points"]} | {
            c["id"]: weights[c["id"]] * bid["points"][c["id"]] for c in criteria
        }
        bid["contributions"] = {k: rounded(v) for k, v in contributions.items()}
        bid["total"] = rounded(sum(contributions.values()))
        flags = []
        if budget is not None and bid["price"] > budget:
            flags.append("above_budget")
        reference = mean_price if len(bids) > 1 else budget
        if threshold > 0 and reference is not None and bid["price"] < (1 - threshold) * reference:
            flags.append("abnormally_low")
        bid["flags"] = flags
    order = sorted(range(len(bids)), key=lambda i: (-bids[i]["total"], i))
    rank = 0
    previous: float | None = None
    for position, i in enumerate(order, start=1):
        if bids[i]["total"] != previous:
            rank, previous = position, bids[i]["total"]
        bids[i]["rank"] = rank
    ties = []
    for total in sorted({b["total"] for b in bids}, reverse=True):
        same = [i for i in order if bids[i]["total"] == total]
        if len(same) > 1:
            ties.append(same)
    top = [i for i in order if bids[i]["rank"] == 1]
    winner = top[0] if len(top) == 1 else None
    if len(bids) == 1:
        warnings.append({"key": "scoring.warning.single_bid", "params": {}})
    for i, bid in enumerate(bids):
        for flag in bid["flags"]:
            key = f"scoring.warning.{flag}"
            if flag == "abnormally_low" and len(bids) == 1:
                key += "_budget"
            warnings.append({"key": key, "params": {"bid": i, "threshold": threshold}})
    for tie in ties:
        warnings.append({"key": "scoring.warning.tie", "params": {"bids": tie}})
    return {
        "ok": True,
        "calculator": "bid-scorer",
        "method": method,
        "formula": METHOD_FORMULAS[method],
        "currency": settings["currency"],
        "price_basis": settings["price_basis"],
        "budget": budget,
        "rounding": mode,
        "decimals": decimals,
        "abnormally_low_threshold": threshold,
        "level_discounts": list(settings["level_discounts"]),
        "weights_normalised": any(w["key"] == "scoring.warning.normalised" for w in warnings),
        "price_weight": price_weight,
        "criteria": [{**c, "weight": weights[c["id"]]} for c in criteria],
        "bids": [
            {
                "name": b["name"],
                "price": b["price"],
                "level": b["level"],
                "discount": b["discount"],
                "evaluated_price": b["evaluated_price"],
                "price_points": b["price_points"],
                "points": b["points"],
                "contributions": b["contributions"],
                "total": b["total"],
                "rank": b["rank"],
                "flags": b["flags"],
            }
            for b in bids
        ],
        "ranking": order,
        "winner": winner,
        "ties": ties,
        "warnings": warnings,
        "sensitivity": _sensitivity(bids, price_weight, weights, criteria, winner),
    }


COUNTRIES = ("generic", "pe", "th", "vn")
COUNTRY_SETTINGS = (
    "method",
    "price_weight",
    "rounding",
    "decimals",
    "currency",
    "abnormally_low_threshold",
)
STATUSES = ("sourced", "to-be-confirmed", "illustrative")


@cache
def country_defaults(country: str) -> dict[str, dict[str, Any]]:
    """The bid-scoring defaults of ``country`` (``gpp_core/countries/<iso>/scoring.toml``).

    Each setting is a record ``{"value", "status", "source"?, "note"?, "unit"?}``;
    ``status`` is ``sourced``, ``to-be-confirmed`` or ``illustrative``. A country only
    pre-fills the scorer: :func:`score_bids` takes plain values.

    >>> defaults = country_defaults("pe")
    >>> defaults["price_weight"]["value"], defaults["price_weight"]["status"]
    (0.6, 'to-be-confirmed')
    >>> defaults["rounding"]["value"], defaults["decimals"]["value"]
    ('truncate', 3)
    """
    if country not in COUNTRIES:
        raise UnknownName("country", country, COUNTRIES)
    path = resources.files("gpp_core").joinpath("countries", country, "scoring.toml")
    data: dict[str, dict[str, Any]] = tomllib.loads(path.read_text("utf-8"))
    missing = set(COUNTRY_SETTINGS) - set(data)
    unknown = set(data) - set(COUNTRY_SETTINGS)
    if missing or unknown:
        raise ValueError(f"{country}/scoring.toml: missing {missing}, unknown {unknown}")
    for name, record in data.items():
        if record.get("status") not in STATUSES:
            raise ValueError(f"{country}/scoring.toml: {name}.status must be one of {STATUSES}")
    return data


def country_settings(country: str) -> dict[str, Any]:
    """Just the values of :func:`country_defaults`, ready for :func:`score_bids`."""
    return {name: record["value"] for name, record in country_defaults(country).items()}
