"""The criteria catalogue and the eco-label register: loading, checks, filters, and the
tender clauses assembled for a buyer, exported as Markdown, HTML and CSV.

Data (TOML, read with :mod:`tomllib` through :mod:`importlib.resources`):

* ``gpp_core/data/criteria/<group>.toml``: one product or service group and its
  criteria, each with a stable ID ``<PREFIX>-<TYPE CODE>-<NN>``, a type, an ambition
  level, dimensions, the clause text, its verification, accepted labels "or
  equivalent", a source and notes per country (``pe``, ``th``, ``vn``);
* ``gpp_core/data/labels.toml``: the eco-label and certification register.

Every text is a table of the four languages (es, en, th, vi). The format is described in
the repository's criteria format notes; :func:`problems` lists every way the data
breaks it, and the loaders raise :class:`CatalogueError` with that list.

Ambition levels are cumulative: the ``comprehensive`` level is the ``core`` criteria
plus the comprehensive ones, except that a criterion may declare ``replaces = "ID"``
(optional) to stand in for a core criterion it makes stricter.

The procurement stage follows from the type: exclusion and selection criteria →
selection of bidders; technical specifications → specifications; award criteria →
award; contract performance clauses → contract performance.

Examples
--------
>>> [g.id for g in groups()][:1] != []
True
>>> c = criterion(groups()[0].criteria[0].id)
>>> c.stage in STAGES and c.type in TYPES
True
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from html import escape
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from gpp_core import i18n, tabular
from gpp_core.errors import GppError, UnknownName

__all__ = [
    "COUNTRIES",
    "DIMENSIONS",
    "LEVELS",
    "STAGES",
    "TYPES",
    "CatalogueError",
    "Criterion",
    "Group",
    "Label",
    "assemble",
    "criteria_accepting",
    "criterion",
    "group",
    "groups",
    "label",
    "labels",
    "load_groups",
    "load_labels",
    "problems",
    "select",
    "to_csv",
    "to_html",
    "to_markdown",
]

LANGS = ("es", "en", "th", "vi")
TYPES = ("exclusion", "selection", "technical-specification", "award", "contract-clause")
TYPE_CODES = {
    "exclusion": "EX",
    "selection": "SC",
    "technical-specification": "TS",
    "award": "AC",
    "contract-clause": "CP",
}
LEVELS = ("core", "comprehensive")
DIMENSIONS = (
    "environmental",
    "gender-equality",
    "human-rights-labour",
    "sme-local",
    "accessibility",
    "life-cycle-cost",
)
STAGES = ("selection", "specifications", "award", "contract")
STAGE_OF_TYPE = {
    "exclusion": "selection",
    "selection": "selection",
    "technical-specification": "specifications",
    "award": "award",
    "contract-clause": "contract",
}
SECTORS = ("goods", "services", "works")
COUNTRIES = ("pe", "th", "vn")
LABEL_TYPES = (
    "iso-14024",
    "iso-14021",
    "iso-14025",
    "energy",
    "social",
    "forest",
    "management-system",
    "other",
)
ID_PATTERN = re.compile(r"^(?P<prefix>[A-Z]{2,5})-(?P<code>EX|SC|TS|AC|CP)-(?P<n>\d{2,3})$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

Text = Mapping[str, str]


class CatalogueError(GppError, ValueError):
    """The catalogue data breaks its format; the message lists every problem found."""

    def __init__(self, found: Sequence[str]) -> None:
        self.problems = list(found)
        shown = "\n  ".join(self.problems[:40])
        more = f"\n  … and {len(self.problems) - 40} more" if len(self.problems) > 40 else ""
        super().__init__(f"criteria catalogue: {len(self.problems)} problem(s):\n  {shown}{more}")


@dataclass(frozen=True)
class Criterion:
    """One criterion of a group (see the module docstring for the fields)."""

    id: str
    group: str
    type: str
    level: str
    dimensions: tuple[str, ...]
    title: Text
    text: Text
    verification: Text
    labels: tuple[str, ...]
    source: str
    award_points: float | None = None
    country_notes: Mapping[str, Text] = field(default_factory=dict)
    replaces: str | None = None

    def __hash__(self) -> int:  # the texts are dicts: hash by the stable id
        return hash(self.id)

    @property
    def stage(self) -> str:
        """The procurement stage where the criterion is used."""
        return STAGE_OF_TYPE[self.type]

    @property
    def anchor(self) -> str:
        """The id of the criterion's heading on its group page (``il-ts-01``)."""
        return self.id.lower()


@dataclass(frozen=True)
class Group:
    """A product or service group with its criteria."""

    id: str
    order: int
    sector: str
    name: Text
    scope: Text
    impacts: Text
    sources: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    lcc_template: str | None = None


@dataclass(frozen=True)
class Label:
    """An eco-label or certification of the register."""

    id: str
    name: Text
    issuer: str
    country: str
    type: str
    scope: Text
    source: str
    url: str | None = None
    since: str | None = None


# ---------------------------------------------------------------------------- loading


def _data_root() -> Traversable:
    return resources.files("gpp_core").joinpath("data")


def _read_toml(entry: Traversable) -> dict[str, Any]:
    return tomllib.loads(entry.read_text("utf-8"))


def _text(value: Any, where: str, found: list[str]) -> dict[str, str]:
    """A four-language text; problems are appended to ``found``."""
    if not isinstance(value, dict):
        found.append(f"{where}: expected a table of the four languages {LANGS}")
        return {}
    for lang in LANGS:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            found.append(f"{where}: missing text in {lang!r}")
    return {k: v for k, v in value.items() if isinstance(v, str)}


def _criterion(raw: Any, group_id: str, where: str, found: list[str]) -> Criterion | None:
    if not isinstance(raw, dict):
        found.append(f"{where}: a criterion must be a table")
        return None
    ident = raw.get("id")
    if not isinstance(ident, str) or not ID_PATTERN.match(ident):
        found.append(f"{where}: id {ident!r} is not <PREFIX>-<EX|SC|TS|AC|CP>-<NN>")
        return None
    where = f"{where} ({ident})"
    kind = raw.get("type")
    if kind not in TYPES:
        found.append(f"{where}: type {kind!r}; valid: {', '.join(TYPES)}")
        kind = None
    else:
        match = ID_PATTERN.match(ident)
        if match and match["code"] != TYPE_CODES[kind]:
            found.append(f"{where}: type {kind} needs the code {TYPE_CODES[kind]} in its id")
    level = raw.get("level")
    if level not in LEVELS:
        found.append(f"{where}: level {level!r}; valid: {', '.join(LEVELS)}")
    dims = raw.get("dimensions")
    if not isinstance(dims, list) or not dims or any(d not in DIMENSIONS for d in dims):
        found.append(f"{where}: dimensions {dims!r}; valid: {', '.join(DIMENSIONS)}")
        dims = []
    elif len(set(dims)) != len(dims):
        found.append(f"{where}: a dimension is listed twice")
    title = _text(raw.get("title"), f"{where}.title", found)
    text = _text(raw.get("text"), f"{where}.text", found)
    verification = _text(raw.get("verification"), f"{where}.verification", found)
    labels = raw.get("labels", [])
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        found.append(f"{where}: labels must be a list of label ids")
        labels = []
    source = raw.get("source")
    if not isinstance(source, str) or not SLUG.match(source):
        found.append(f"{where}: source must be a reference key")
        source = ""
    points = raw.get("award_points")
    if kind == "award":
        if isinstance(points, bool) or not isinstance(points, (int, float)):
            found.append(f"{where}: an award criterion needs award_points (out of 100)")
            points = None
        elif not 0 < points <= 100:
            found.append(f"{where}: award_points must be above 0 and at most 100")
    elif points is not None:
        found.append(f"{where}: award_points belongs to award criteria only")
        points = None
    notes_raw = raw.get("country_notes", {})
    notes: dict[str, dict[str, str]] = {}
    if not isinstance(notes_raw, dict):
        found.append(f"{where}: country_notes must be a table")
    else:
        for country, note in notes_raw.items():
            if country not in COUNTRIES:
                found.append(f"{where}: country_notes.{country}; valid: {', '.join(COUNTRIES)}")
                continue
            notes[country] = _text(note, f"{where}.country_notes.{country}", found)
    replaces = raw.get("replaces")
    if replaces is not None and not isinstance(replaces, str):
        found.append(f"{where}: replaces must be a criterion id")
        replaces = None
    if kind is None or level not in LEVELS:
        return None
    return Criterion(
        id=ident,
        group=group_id,
        type=kind,
        level=level,
        dimensions=tuple(dims),
        title=title,
        text=text,
        verification=verification,
        labels=tuple(labels),
        source=source,
        award_points=float(points) if points is not None else None,
        country_notes=notes,
        replaces=replaces,
    )


def _group(raw: dict[str, Any], file_id: str, found: list[str]) -> Group:
    where = f"criteria/{file_id}.toml"
    if raw.get("id") != file_id:
        found.append(f"{where}: id {raw.get('id')!r} must equal the file name {file_id!r}")
    order = raw.get("order")
    if isinstance(order, bool) or not isinstance(order, int):
        found.append(f"{where}: order must be a whole number")
        order = 0
    sector = raw.get("sector")
    if sector not in SECTORS:
        found.append(f"{where}: sector {sector!r}; valid: {', '.join(SECTORS)}")
    sources = raw.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        found.append(f"{where}: sources must be a list of reference keys")
        sources = []
    template = raw.get("lcc_template")
    items = raw.get("criteria", [])
    if not isinstance(items, list) or not items:
        found.append(f"{where}: a group needs at least one [[criteria]]")
        items = []
    criteria = []
    prefixes = set()
    for n, item in enumerate(items):
        built = _criterion(item, file_id, f"{where} criterion {n + 1}", found)
        if built is not None:
            criteria.append(built)
            match = ID_PATTERN.match(built.id)
            if match:
                prefixes.add(match["prefix"])
    if len(prefixes) > 1:
        found.append(f"{where}: criteria ids use more than one prefix: {sorted(prefixes)}")
    return Group(
        id=file_id,
        order=order,
        sector=str(sector),
        name=_text(raw.get("name"), f"{where}: name", found),
        scope=_text(raw.get("scope"), f"{where}: scope", found),
        impacts=_text(raw.get("impacts"), f"{where}: impacts", found),
        sources=tuple(sources),
        criteria=tuple(criteria),
        lcc_template=template if isinstance(template, str) else None,
    )


def _label(raw: Any, n: int, found: list[str]) -> Label | None:
    where = f"labels.toml label {n + 1}"
    if not isinstance(raw, dict):
        found.append(f"{where}: must be a table")
        return None
    ident = raw.get("id")
    if not isinstance(ident, str) or not SLUG.match(ident):
        found.append(f"{where}: id {ident!r} must be lowercase words joined by hyphens")
        return None
    where = f"labels.toml ({ident})"
    kind = raw.get("type")
    if kind not in LABEL_TYPES:
        found.append(f"{where}: type {kind!r}; valid: {', '.join(LABEL_TYPES)}")
    country = raw.get("country")
    if not isinstance(country, str) or not re.fullmatch(r"[A-Z]{2}|INT|EU", country):
        found.append(f"{where}: country {country!r} must be ISO 3166 alpha-2, INT or EU")
    issuer = raw.get("issuer")
    if not isinstance(issuer, str) or not issuer.strip():
        found.append(f"{where}: issuer is missing")
    url = raw.get("url")
    if url is not None and (not isinstance(url, str) or not url.startswith("https://")):
        found.append(f"{where}: url must start with https://")
    source = raw.get("source")
    if not isinstance(source, str) or not SLUG.match(source):
        found.append(f"{where}: source must be a reference key")
    since = raw.get("since")
    return Label(
        id=ident,
        name=_text(raw.get("name"), f"{where}: name", found),
        issuer=str(issuer),
        country=str(country),
        type=str(kind),
        scope=_text(raw.get("scope"), f"{where}: scope", found),
        source=str(source),
        url=url if isinstance(url, str) else None,
        since=str(since) if since is not None else None,
    )


def _load(root: Traversable) -> tuple[tuple[Group, ...], tuple[Label, ...], list[str]]:
    found: list[str] = []
    folder = root.joinpath("criteria")
    entries = sorted(
        (e for e in folder.iterdir() if e.name.endswith(".toml")), key=lambda e: e.name
    )
    loaded = []
    for entry in entries:
        try:
            raw = _read_toml(entry)
        except tomllib.TOMLDecodeError as exc:
            found.append(f"criteria/{entry.name}: not valid TOML: {exc}")
            continue
        loaded.append(_group(raw, entry.name.removesuffix(".toml"), found))
    try:
        raw_labels = _read_toml(root.joinpath("labels.toml")).get("labels", [])
    except (tomllib.TOMLDecodeError, FileNotFoundError) as exc:
        found.append(f"labels.toml: {exc}")
        raw_labels = []
    built = [_label(item, n, found) for n, item in enumerate(raw_labels)]
    register = tuple(lb for lb in built if lb is not None)
    found.extend(problems(loaded, register))
    ordered = tuple(sorted(loaded, key=lambda g: (g.order, g.id)))
    return ordered, register, found


def problems(groups: Iterable[Group], labels: Iterable[Label]) -> list[str]:
    """Problems across files: duplicate ids, unknown labels, dangling ``replaces``."""
    found: list[str] = []
    label_ids: set[str] = set()
    for lb in labels:
        if lb.id in label_ids:
            found.append(f"labels.toml: label {lb.id!r} is defined twice")
        label_ids.add(lb.id)
    seen: dict[str, str] = {}
    everything = [c for g in groups for c in g.criteria]
    for c in everything:
        if c.id in seen:
            found.append(f"criterion {c.id} is defined twice ({seen[c.id]} and {c.group})")
        seen[c.id] = c.group
        for name in c.labels:
            if name not in label_ids:
                found.append(f"{c.id}: label {name!r} is not in labels.toml")
    by_id = {c.id: c for c in everything}
    for c in everything:
        if c.replaces is not None:
            target = by_id.get(c.replaces)
            if target is None or target.group != c.group or target.level != "core":
                found.append(f"{c.id}: replaces {c.replaces!r}, not a core criterion of its group")
            elif c.level != "comprehensive":
                found.append(f"{c.id}: only a comprehensive criterion can replace another")
    return found


def load_groups(root: Traversable | None = None) -> tuple[Group, ...]:
    """Every group of the catalogue at ``root`` (default: the package's), in order."""
    found_groups, _, found = _load(root or _data_root())
    if found:
        raise CatalogueError(found)
    return found_groups


def load_labels(root: Traversable | None = None) -> tuple[Label, ...]:
    """The eco-label register at ``root`` (default: the package's)."""
    _, register, found = _load(root or _data_root())
    if found:
        raise CatalogueError(found)
    return register


@cache
def _catalogue() -> tuple[tuple[Group, ...], tuple[Label, ...]]:
    found_groups, register, found = _load(_data_root())
    if found:
        raise CatalogueError(found)
    return found_groups, register


def groups() -> tuple[Group, ...]:
    """The package's groups, in their order (loaded and checked once)."""
    return _catalogue()[0]


def labels() -> tuple[Label, ...]:
    """The package's eco-label register, in file order."""
    return _catalogue()[1]


def group(ident: str) -> Group:
    """The group ``ident``; :class:`~gpp_core.errors.UnknownName` lists the valid ones."""
    for g in groups():
        if g.id == ident:
            return g
    raise UnknownName("criteria group", ident, [g.id for g in groups()])


def label(ident: str) -> Label:
    """The label ``ident`` of the register."""
    for lb in labels():
        if lb.id == ident:
            return lb
    raise UnknownName("label", ident, [lb.id for lb in labels()])


def criterion(ident: str) -> Criterion:
    """The criterion ``ident`` (e.g. ``"IL-TS-01"``), in any group."""
    for g in groups():
        for c in g.criteria:
            if c.id == ident:
                return c
    raise UnknownName("criterion", ident, [c.id for g in groups() for c in g.criteria])


def criteria_accepting(label_id: str) -> list[Criterion]:
    """Criteria that accept the label ``label_id`` "or equivalent"."""
    return [c for g in groups() for c in g.criteria if label_id in c.labels]


# -------------------------------------------------------------------------- filtering


def select(
    group_ids: Iterable[str] | None = None,
    *,
    types: Iterable[str] | None = None,
    level: str | None = None,
    levels: Iterable[str] | None = None,
    dimensions: Iterable[str] | None = None,
) -> list[Criterion]:
    """Criteria of ``group_ids`` (all groups if None) that match every filter given.

    ``level`` is an ambition level to build a tender at (cumulative: ``comprehensive``
    includes the core criteria it does not replace); ``levels`` matches criteria of
    exactly those levels. ``dimensions`` keeps a criterion with any of them.

    >>> ids = [c.id for c in select(["indoor-lighting"], level="core")]
    >>> all(criterion(i).level == "core" for i in ids)
    True
    """
    chosen = [group(g) for g in group_ids] if group_ids is not None else list(groups())
    type_set = set(types) if types is not None else None
    level_set = set(levels) if levels is not None else None
    dim_set = set(dimensions) if dimensions is not None else None
    for name, given, valid in (
        ("type", type_set, TYPES),
        ("level", level_set, LEVELS),
        ("dimension", dim_set, DIMENSIONS),
    ):
        for value in given or ():
            if value not in valid:
                raise UnknownName(name, value, valid)
    if level is not None and level not in LEVELS:
        raise UnknownName("level", level, LEVELS)
    found = []
    for g in chosen:
        items = list(g.criteria)
        if level == "core":
            items = [c for c in items if c.level == "core"]
        elif level == "comprehensive":
            replaced = {c.replaces for c in items if c.replaces}
            items = [c for c in items if c.id not in replaced]
        for c in items:
            if type_set is not None and c.type not in type_set:
                continue
            if level_set is not None and c.level not in level_set:
                continue
            if dim_set is not None and not dim_set & set(c.dimensions):
                continue
            found.append(c)
    return found


# --------------------------------------------------------------------------- assembly


def _t(key: str, lang: str, **params: Any) -> str:
    return i18n.translate(key, lang, **params)


def suggested_weights(chosen: Sequence[Criterion], price_weight: float) -> dict[str, Any]:
    """Suggested weights of the chosen award criteria, as fractions of the total score.

    Each award criterion's ``award_points`` are points out of 100. Together they may
    take at most ``1 − price_weight`` of the score; if they add up to more, they are
    scaled down in proportion. What is left (``rest``) goes to price and any other
    quality criteria.

    >>> c = Criterion("X-AC-01", "x", "award", "core", ("environmental",), {}, {}, {}, (), "s", 30)
    >>> d = Criterion("X-AC-02", "x", "award", "core", ("environmental",), {}, {}, {}, (), "s", 30)
    >>> w = suggested_weights([c, d], 0.6)
    >>> [round(i["weight"], 3) for i in w["items"]], w["scaled"], round(w["rest"], 3)
    ([0.2, 0.2], True, 0.6)
    """
    award = [c for c in chosen if c.type == "award" and c.award_points]
    total_points = sum(c.award_points or 0 for c in award)
    cap = max(0.0, 1 - price_weight)
    share = total_points / 100
    scaled = share > cap + 1e-12
    factor = (cap / share) if scaled and share > 0 else 1.0
    items: list[dict[str, Any]] = [
        {"id": c.id, "points": c.award_points, "weight": (c.award_points or 0) / 100 * factor}
        for c in award
    ]
    used = sum((c.award_points or 0) / 100 * factor for c in award)
    return {
        "items": items,
        "total_points": total_points,
        "cap": cap,
        "scaled": scaled,
        "sustainability": used,
        "rest": 1 - used,
        "price_weight": price_weight,
    }


def _price_weight(country: str) -> tuple[float, str]:
    from gpp_core.scoring import country_defaults

    record = country_defaults(country if country in COUNTRIES else "generic")["price_weight"]
    return float(record["value"]), str(record["status"])


def assemble(
    group_ids: Sequence[str],
    *,
    level: str = "core",
    dimensions: Iterable[str] | None = None,
    country: str = "generic",
    lang: str = "es",
) -> dict[str, Any]:
    """The tender clauses for ``group_ids``, in ``lang``, grouped by procurement stage.

    Returns a JSON-ready document: ``stages`` (each with its ``clauses``: ID, title,
    clause text, verification, accepted labels, the note for ``country``), the suggested
    award weights and what was chosen. Export it with :func:`to_markdown`,
    :func:`to_html` or :func:`to_csv`.
    """
    if country != "generic" and country not in COUNTRIES:
        raise UnknownName("country", country, ("generic", *COUNTRIES))
    dims = list(dimensions) if dimensions is not None else list(DIMENSIONS)
    chosen = select(group_ids, level=level, dimensions=dims)
    register = {lb.id: lb for lb in labels()}
    order = {t: n for n, t in enumerate(TYPES)}
    stages = []
    for stage in STAGES:
        items = [c for c in chosen if c.stage == stage]
        items.sort(key=lambda c: (list(group_ids).index(c.group), order[c.type], c.id))
        clauses = []
        for c in items:
            note = c.country_notes.get(country)
            clauses.append(
                {
                    "id": c.id,
                    "anchor": c.anchor,
                    "group": c.group,
                    "group_name": group(c.group).name[lang],
                    "type": c.type,
                    "type_label": _t(f"criteria.type.{c.type}", lang),
                    "level": c.level,
                    "level_label": _t(f"criteria.level.{c.level}", lang),
                    "dimensions": list(c.dimensions),
                    "dimension_labels": [_t(f"criteria.dimension.{d}", lang) for d in c.dimensions],
                    "title": c.title[lang],
                    "text": c.text[lang],
                    "verification": c.verification[lang],
                    "labels": [
                        {"id": name, "name": register[name].name[lang]} for name in c.labels
                    ],
                    "country_note": note[lang] if note else None,
                    "source": c.source,
                    "award_points": c.award_points,
                }
            )
        if clauses:
            stages.append(
                {
                    "id": stage,
                    "title": _t(f"criteria.stage.{stage}", lang),
                    "clauses": clauses,
                }
            )
    price_weight, status = _price_weight(country)
    weights = suggested_weights(chosen, price_weight)
    titles = {c.id: c.title[lang] for c in chosen}
    for item in weights["items"]:
        item["title"] = titles[item["id"]]
    weights["price_weight_status"] = status
    return {
        "lang": lang,
        "country": country,
        "country_name": _t(f"criteria.country.{country}", lang),
        "level": level,
        "level_label": _t(f"criteria.level.{level}", lang),
        "dimensions": dims,
        "dimension_labels": [_t(f"criteria.dimension.{d}", lang) for d in dims],
        "groups": [{"id": g, "name": group(g).name[lang]} for g in group_ids],
        "count": len(chosen),
        "stages": stages,
        "award_weights": weights,
    }


# ---------------------------------------------------------------------------- exports


def _heading(document: Mapping[str, Any]) -> str:
    names = ", ".join(g["name"] for g in document["groups"])
    return _t("criteria.doc.title", document["lang"], groups=names)


def _meta_lines(document: Mapping[str, Any]) -> list[tuple[str, str]]:
    lang = document["lang"]
    return [
        (_t("criteria.doc.country", lang), document["country_name"]),
        (_t("criteria.doc.level", lang), document["level_label"]),
        (_t("criteria.doc.dimensions", lang), ", ".join(document["dimension_labels"])),
    ]


def _clause_fields(clause: Mapping[str, Any], document: Mapping[str, Any]) -> list[tuple[str, str]]:
    lang = document["lang"]
    fields = [(_t("criteria.field.verification", lang), clause["verification"])]
    if clause["labels"]:
        fields.append(
            (_t("criteria.field.labels", lang), ", ".join(x["name"] for x in clause["labels"]))
        )
    if clause["country_note"]:
        fields.append(
            (
                _t("criteria.field.country_note", lang, country=document["country_name"]),
                clause["country_note"],
            )
        )
    fields.append(
        (
            _t("criteria.field.classification", lang),
            " · ".join(
                [clause["type_label"], clause["level_label"], ", ".join(clause["dimension_labels"])]
            ),
        )
    )
    return fields


def _percent(value: float, lang: str) -> str:
    return i18n.format_percent(value, lang, max_decimals=1)


def _weight_rows(document: Mapping[str, Any]) -> list[tuple[str, str, str, str]]:
    lang = document["lang"]
    weights = document["award_weights"]
    rows = [
        (
            item["id"],
            item["title"],
            i18n.format_number(item["points"], lang),
            _percent(item["weight"], lang),
        )
        for item in weights["items"]
    ]
    rows.append(("", _t("criteria.weights.rest", lang), "", _percent(weights["rest"], lang)))
    return rows


def _weights_note(document: Mapping[str, Any]) -> str:
    lang = document["lang"]
    weights = document["award_weights"]
    key = "criteria.weights.note_scaled" if weights["scaled"] else "criteria.weights.note"
    note = _t(
        key,
        lang,
        cap=_percent(weights["cap"], lang),
        points=i18n.format_number(weights["total_points"], lang),
    )
    if weights["price_weight_status"] == "to-be-confirmed":
        note += " " + _t("criteria.weights.tbc", lang)
    return note


_MD_SPECIAL = re.compile(r"([\\`*_<>])")


def _md(text: str) -> str:
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return ("\\" + escaped) if escaped.startswith(("#", "+", "-", "=")) else escaped


def to_markdown(document: Mapping[str, Any]) -> str:
    """The assembled clauses as Markdown (headings per stage, one section per clause)."""
    lang = document["lang"]
    out = [f"# {_md(_heading(document))}", ""]
    out += [f"- **{_md(k)}:** {_md(v)}" for k, v in _meta_lines(document)]
    out.append("")
    if not document["stages"]:
        out += [_md(_t("criteria.doc.empty", lang)), ""]
    for number, stage in enumerate(document["stages"], start=1):
        out += [f"## {number}. {_md(stage['title'])}", ""]
        for clause in stage["clauses"]:
            out += [f"### {clause['id']} · {_md(clause['title'])}", "", _md(clause["text"]), ""]
            out += [f"- **{_md(k)}:** {_md(v)}" for k, v in _clause_fields(clause, document)]
            out.append("")
    if document["award_weights"]["items"]:
        out += [f"## {_md(_t('criteria.weights.title', lang))}", ""]
        header = [
            _t("criteria.csv.id", lang),
            _t("criteria.csv.title", lang),
            _t("criteria.weights.points", lang),
            _t("criteria.weights.weight", lang),
        ]
        out.append("| " + " | ".join(_md(h) for h in header) + " |")
        out.append("| --- | --- | ---: | ---: |")
        for row in _weight_rows(document):
            out.append("| " + " | ".join(_md(c).replace("|", "\\|") for c in row) + " |")
        out += ["", _md(_weights_note(document)), ""]
    out += [_md(_t("criteria.doc.footer", lang)), ""]
    return "\n".join(out)


def to_html(document: Mapping[str, Any], *, full: bool = False, top: int = 1) -> str:
    """The assembled clauses as simple semantic HTML that pastes into a word processor.

    Only headings, paragraphs, lists, ``strong`` and one plain table, no classes or
    scripts. ``full=True`` gives a whole document (for a download), else a fragment
    whose title is a heading of level ``top`` (stages and clauses one and two below).
    """
    lang = document["lang"]
    h1, h2, h3 = (f"h{min(6, top + n)}" for n in range(3))
    parts = [f"<{h1}>{escape(_heading(document))}</{h1}>", "<ul>"]
    parts += [
        f"<li><strong>{escape(k)}:</strong> {escape(v)}</li>" for k, v in _meta_lines(document)
    ]
    parts.append("</ul>")
    if not document["stages"]:
        parts.append(f"<p>{escape(_t('criteria.doc.empty', lang))}</p>")
    for number, stage in enumerate(document["stages"], start=1):
        parts.append(f"<{h2}>{number}. {escape(stage['title'])}</{h2}>")
        for clause in stage["clauses"]:
            parts.append(f"<{h3}>{escape(clause['id'])} · {escape(clause['title'])}</{h3}>")
            parts.append(f"<p>{escape(clause['text'])}</p>")
            parts.append("<ul>")
            parts += [
                f"<li><strong>{escape(k)}:</strong> {escape(v)}</li>"
                for k, v in _clause_fields(clause, document)
            ]
            parts.append("</ul>")
    if document["award_weights"]["items"]:
        parts.append(f"<{h2}>{escape(_t('criteria.weights.title', lang))}</{h2}>")
        header = "".join(
            f'<th scope="col">{escape(_t(k, lang))}</th>'
            for k in (
                "criteria.csv.id",
                "criteria.csv.title",
                "criteria.weights.points",
                "criteria.weights.weight",
            )
        )
        rows = "".join(
            "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
            for row in _weight_rows(document)
        )
        parts.append(
            f'<table border="1" cellpadding="4"><thead><tr>{header}</tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
        parts.append(f"<p>{escape(_weights_note(document))}</p>")
    parts.append(f"<p><em>{escape(_t('criteria.doc.footer', lang))}</em></p>")
    body = "\n".join(parts)
    if not full:
        return body
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(_heading(document))}</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def to_csv(document: Mapping[str, Any]) -> str:
    """The assembled clauses as CSV: UTF-8 with a byte-order mark (so spreadsheet
    programs read the Thai and Vietnamese text), one row per clause, headers in the
    document's language; cells that start like a formula are neutralised with ``'``.
    """
    lang = document["lang"]
    weights = {i["id"]: i["weight"] for i in document["award_weights"]["items"]}
    columns = (
        "id",
        "group",
        "stage",
        "type",
        "level",
        "dimensions",
        "title",
        "text",
        "verification",
        "labels",
        "country_note",
        "source",
        "suggested_weight",
    )
    rows = [[_t(f"criteria.csv.{c}", lang) for c in columns]]
    for stage in document["stages"]:
        for clause in stage["clauses"]:
            weight = weights.get(clause["id"])
            row = [
                clause["id"],
                clause["group_name"],
                stage["title"],
                clause["type_label"],
                clause["level_label"],
                ", ".join(clause["dimension_labels"]),
                clause["title"],
                clause["text"],
                clause["verification"],
                ", ".join(x["name"] for x in clause["labels"]),
                clause["country_note"] or "",
                clause["source"],
                _percent(weight, lang) if weight is not None else "",
            ]
            rows.append(row)
    return tabular.csv_text(rows)
