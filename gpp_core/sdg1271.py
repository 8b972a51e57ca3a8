"""SDG indicator 12.7.1 self-assessment: a score per component and overall.

The questionnaire (``gpp_core/data/sdg1271.toml``) follows the components of UNEP's
SPP Index for SDG indicator 12.7.1 (methodology revised February 2021):

* A: a sustainable public procurement (SPP) policy, action plan or regulatory requirement;
* B: a regulatory framework conducive to SPP (B.1 to B.8);
* C: practical support to procurement practitioners (C.1 to C.5);
* D: sustainable purchasing criteria (D.1 environmental, D.2 social);
* E: a monitoring system (E.1 to E.3);
* F: the share of sustainable purchases of priority products and services.

Scoring (the kit's method; UNEP's official item weights and its threshold for a
country "implementing" SPP are **not confirmed** here, so every weight is a default
the user can change):

* each answer scores a fraction of its item, ``s_i`` in [0, 1] (for example "Allowed"
  0.5, "Encouraged or required" 1; "Not known" 0); item F.1 scores the share typed;
* a component scores the weighted mean of its items, ``S_c = Σ v_i s_i / Σ v_i`` with
  item weights ``v_i`` (default: equal);
* the overall score is ``S = Σ w_c S_c`` with component weights ``w_c`` that add up to 1
  (default: equal, 1/6 each). Weights that do not add up to 1 are an error, unless the
  caller asks for them to be rescaled (``normalise=True``: ``w_c / Σ w``);
* the possible gain of an item is what the overall score would gain if it scored in
  full: ``g_i = w_c (v_i / Σ v) (1 - s_i)``; the gains add up to ``1 - S``.

Scores are fractions (0.425); pages show them as percentages (42.5 %). Sums use
:func:`math.fsum`, so that every Python version (CPython 3.11, Pyodide's 3.14) gives
the same floats and the same rounded digits.

Examples
--------
>>> result = assess({"A1": "applied", "B5": "required", "F1": 0.2})
>>> round(result["overall"], 4)  # (1 + 1/8 + 0.2) / 6
0.2208
>>> [round(c["score"], 3) for c in result["components"]]
[1.0, 0.125, 0.0, 0.0, 0.0, 0.2]
>>> assess({"B5": "maybe"})["errors"][0]["key"]
'error.choice'
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from gpp_core import i18n
from gpp_core.calculator import Field, Issue, localize_issue, read_percentages

__all__ = [
    "COMPONENTS",
    "WEIGHT_TOLERANCE",
    "Component",
    "Item",
    "Option",
    "Questionnaire",
    "assess",
    "default_weights",
    "fields",
    "localize",
    "parse_form",
    "questionnaire",
]

COMPONENTS = ("A", "B", "C", "D", "E", "F")
# Weights typed as percentages with two decimals cannot always add up to exactly 100
# (six equal weights are 16.67 % each, 100.02 % in all): a sum within 0.05 percentage
# points of 100 % counts as adding up.
WEIGHT_TOLERANCE = 0.0005
MAX_ITEM_WEIGHT = 1000.0
IMPROVEMENTS = 5
_TRUE = ("on", "true", "1", "yes")


@dataclass(frozen=True)
class Option:
    """One answer of a scale: its id, the fraction of the item it scores, its labels."""

    id: str
    score: float
    label: dict[str, str]


@dataclass(frozen=True)
class Item:
    """One question. ``kind`` is ``choice`` (answered with an option) or ``share``
    (a percentage typed by the reader; empty means not measured)."""

    id: str
    component: str
    kind: Literal["choice", "share"]
    weight: float
    question: dict[str, str]
    help: dict[str, str]
    options: tuple[Option, ...] = ()

    @property
    def code(self) -> str:
        """The item as printed: ``A.1``."""
        return f"{self.id[0]}.{self.id[1:]}"

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Component:
    id: str
    weight: float
    name: dict[str, str]
    intro: dict[str, str]
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Questionnaire:
    source: str
    components: tuple[Component, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for c in self.components for item in c.items)

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def component(self, component_id: str) -> Component:
        return next(c for c in self.components if c.id == component_id)


def _texts(raw: Any, where: str) -> dict[str, str]:
    return i18n.texts(raw, f"sdg1271.toml: {where}")


@cache
def questionnaire() -> Questionnaire:
    """The questionnaire, read once from ``gpp_core/data/sdg1271.toml`` and checked."""
    text = resources.files("gpp_core.data").joinpath("sdg1271.toml").read_text("utf-8")
    data = tomllib.loads(text)
    scales: dict[str, tuple[Option, ...]] = {}
    for name, options in data["scales"].items():
        scales[name] = tuple(
            Option(str(o["id"]), float(o["score"]), _texts(o["label"], f"scale {name}/{o['id']}"))
            for o in options
        )
        if not all(0.0 <= o.score <= 1.0 for o in scales[name]):
            raise ValueError(f"sdg1271.toml: scale {name} has a score outside 0..1")
        if len({o.id for o in scales[name]}) != len(scales[name]):
            raise ValueError(f"sdg1271.toml: scale {name} repeats an option id")
    components = []
    for raw in data["components"]:
        items = []
        for item in raw["items"]:
            kind = item.get("kind", "choice")
            if kind not in ("choice", "share"):
                raise ValueError(f"sdg1271.toml: item {item['id']}: unknown kind {kind!r}")
            options = scales[item["scale"]] if kind == "choice" else ()
            if not str(item["id"]).startswith(raw["id"]):
                raise ValueError(f"sdg1271.toml: item {item['id']} is not in {raw['id']}")
            items.append(
                Item(
                    id=str(item["id"]),
                    component=str(raw["id"]),
                    kind=kind,
                    weight=float(item["weight"]),
                    question=_texts(item["question"], f"item {item['id']} question"),
                    help=_texts(item["help"], f"item {item['id']} help"),
                    options=options,
                )
            )
        components.append(
            Component(
                id=str(raw["id"]),
                weight=float(raw["weight"]),
                name=_texts(raw["name"], f"component {raw['id']} name"),
                intro=_texts(raw["intro"], f"component {raw['id']} intro"),
                items=tuple(items),
            )
        )
    found = tuple(c.id for c in components)
    if found != COMPONENTS:
        raise ValueError(f"sdg1271.toml: components must be {COMPONENTS}, found {found}")
    return Questionnaire(source=str(data["source"]), components=tuple(components))


def default_weights() -> dict[str, float]:
    """The kit's default component weights, as fractions that add up to 1.

    >>> {k: round(v, 4) for k, v in default_weights().items()}["A"]
    0.1667
    """
    components = questionnaire().components
    total = math.fsum(c.weight for c in components)
    return {c.id: c.weight / total for c in components}


@cache
def fields() -> tuple[Field, ...]:
    """The declared inputs: one per item (answer), one per component weight, and
    ``normalise``. Weights and the share F.1 are fractions shown as percentages."""
    specs: list[Field] = []
    for item in questionnaire().items:
        if item.kind == "choice":
            choices = tuple(o.id for o in item.options)
            specs.append(
                Field(item.id, "choice", choices[0], choices=choices, group=item.component)
            )
        else:
            specs.append(
                Field(item.id, "rate", None, minimum=0.0, maximum=1.0, group=item.component)
            )
    for component_id, weight in default_weights().items():
        specs.append(
            Field(f"w_{component_id}", "rate", weight, minimum=0.0, maximum=1.0, group="weights")
        )
    specs.append(Field("normalise", "choice", False, choices=("false", "true"), group="weights"))
    return tuple(specs)


def _spec(name: str) -> Field | None:
    return next((f for f in fields() if f.name == name), None)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def assess(
    answers: Mapping[str, Any] | None = None,
    *,
    weights: Mapping[str, Any] | None = None,
    normalise: bool = False,
    item_weights: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Score a self-assessment (see the module docstring for the method).

    Parameters
    ----------
    answers : mapping, optional
        Item id (``"A1"``, ``"B6"``...) to option id (``"applied"``, ``"required"``...);
        ``"F1"`` to the share of sustainable purchases, a fraction in [0, 1], or None
        when it is not measured. Missing items take the first option ("Not known").
    weights : mapping, optional
        Component id to weight, fractions; missing components keep their default.
    normalise : bool
        Rescale weights that do not add up to 1 instead of reporting an error.
    item_weights : mapping, optional
        Item id to a non-negative weight within its component (default: all 1).

    Returns
    -------
    dict
        ``{"ok": True, "overall", "components", "items", "weights", ...}`` or
        ``{"ok": False, "errors": [{"field", "key", "params"}, ...]}``.
    """
    q = questionnaire()
    answers = dict(answers or {})
    issues: list[Issue] = []
    for name in answers:
        if q.item(name) is None:
            issues.append(Issue(name, "error.unknown_field"))
    chosen: dict[str, float] = {}
    picked: dict[str, str | float | None] = {}
    unknown = 0
    for item in q.items:
        value = answers.get(item.id, item.options[0].id if item.kind == "choice" else None)
        if item.kind == "choice":
            option = item.option(value) if isinstance(value, str) else None
            if option is None:
                choices = [o.id for o in item.options]
                issues.append(Issue(item.id, "error.choice", {"choices": choices}))
                continue
            chosen[item.id] = option.score
            picked[item.id] = option.id
            unknown += option.id == "unknown"
        elif value is None:
            chosen[item.id] = 0.0
            picked[item.id] = None
            unknown += 1
        elif not _number(value):
            issues.append(Issue(item.id, "error.not_a_number", {"example": "0.35"}))
        elif not 0.0 <= value <= 1.0:
            issues.append(Issue(item.id, "error.between", {"min": 0.0, "max": 1.0}))
        else:
            chosen[item.id] = float(value)
            picked[item.id] = float(value)

    raw_weights = default_weights()
    for name, value in (weights or {}).items():
        if name not in raw_weights:
            issues.append(Issue(f"w_{name}", "error.unknown_field"))
        elif not _number(value):
            issues.append(Issue(f"w_{name}", "error.not_a_number", {"example": "0.2"}))
        elif not 0.0 <= value <= 1.0:
            issues.append(Issue(f"w_{name}", "error.between", {"min": 0.0, "max": 1.0}))
        else:
            raw_weights[name] = float(value)

    inner = {item.id: item.weight for item in q.items}
    for name, value in (item_weights or {}).items():
        if name not in inner:
            issues.append(Issue(f"v_{name}", "error.unknown_field"))
        elif not _number(value) or not 0.0 <= value <= MAX_ITEM_WEIGHT:
            issues.append(Issue(f"v_{name}", "error.between", {"min": 0, "max": 1000}))
        else:
            inner[name] = float(value)
    for component in q.components:
        if math.fsum(inner[i.id] for i in component.items) <= 0:
            issues.append(Issue(f"v_{component.id}", "sdg-12-7-1.error.item_weights_zero"))

    total = math.fsum(raw_weights.values())
    rescaled = False
    if not any(i.field.startswith("w_") for i in issues):
        if total <= 0:
            issues.append(Issue("weights", "sdg-12-7-1.error.weights_zero"))
        elif abs(total - 1.0) > WEIGHT_TOLERANCE:
            if normalise:
                rescaled = True
            else:
                issues.append(Issue("weights", "sdg-12-7-1.error.weights_sum", {"sum": total}))
    if issues:
        return {"ok": False, "calculator": "sdg-12-7-1", "errors": [i.to_json() for i in issues]}

    weight = {k: v / total for k, v in raw_weights.items()}
    components: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    for component in q.components:
        inner_total = math.fsum(inner[i.id] for i in component.items)
        score = math.fsum(inner[i.id] * chosen[i.id] for i in component.items) / inner_total
        components.append(
            {
                "id": component.id,
                "score": score,
                "weight": weight[component.id],
                "contribution": weight[component.id] * score,
                "items": len(component.items),
                "unknown": sum(picked[i.id] in ("unknown", None) for i in component.items),
            }
        )
        for i in component.items:
            share = inner[i.id] / inner_total
            items.append(
                {
                    "id": i.id,
                    "component": component.id,
                    "answer": picked[i.id],
                    "score": chosen[i.id],
                    "weight": share,
                    "gain": weight[component.id] * share * (1.0 - chosen[i.id]),
                }
            )
    ranked = sorted((i for i in items if i["gain"] > 1e-12), key=lambda i: -i["gain"])
    return {
        "ok": True,
        "calculator": "sdg-12-7-1",
        "overall": math.fsum(c["contribution"] for c in components),
        "components": components,
        "items": items,
        "weights": weight,
        "weights_sum": total,
        "weights_rescaled": rescaled,
        "unknown": unknown,
        "share_measured": picked["F1"] is not None,
        "improvements": [i["id"] for i in ranked[:IMPROVEMENTS]],
    }


def parse_form(form: Mapping[str, Any], lang: str) -> tuple[dict[str, Any], list[Issue]]:
    """Read the questionnaire as a reader of ``lang`` filled it in (all values text).

    Keys: item ids (``A1``...) with an option id; ``F1`` with a percentage (empty: not
    measured); ``w_A`` ... ``w_F`` with percentages; ``normalise`` (checked: "on").
    Returns the keyword arguments of :func:`assess` and the issues found while reading.
    """
    q = questionnaire()
    answers: dict[str, Any] = {}
    issues: list[Issue] = []
    example = i18n.format_number(12.5, lang)
    for item in q.items:
        if item.id not in form:
            continue
        text = "" if form[item.id] is None else str(form[item.id]).strip()
        if item.kind == "choice":
            answers[item.id] = text
        elif not text:
            answers[item.id] = None
        else:
            try:
                answers[item.id] = i18n.parse_number(text, lang) / 100
            except ValueError:
                issues.append(Issue(item.id, "error.not_a_number", {"example": example}))
    weights = read_percentages(form, {c: f"w_{c}" for c in COMPONENTS}, lang, issues, example)
    normalise = str(form.get("normalise", "")).strip().lower() in _TRUE
    return {"answers": answers, "weights": weights, "normalise": normalise}, issues


def localize(errors: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Structured errors with their ``message`` in ``lang`` (bounds as percentages)."""
    out = []
    for error in errors:
        params = dict(error["params"])
        if "sum" in params:
            params["sum"] = i18n.format_percent(params["sum"], lang, max_decimals=2)
        issue = Issue(error["field"], error["key"], params)
        spec = _spec(error["field"])
        if error["key"] == "error.choice" and spec is not None:
            item = questionnaire().item(error["field"])
            if item is not None:
                issue = Issue(
                    error["field"],
                    "error.choice",
                    {"choices": [o.label[lang] for o in item.options]},
                )
        out.append({**error, "message": localize_issue(issue, spec, lang)})
    return out
