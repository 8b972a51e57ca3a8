"""The tender-clause builder: the widget's side of :mod:`gpp_core.criteria`.

The reader picks a country, product groups, an ambition level and dimensions; the
engine assembles the clauses in the reader's language, grouped by procurement stage,
with verification, criterion IDs, accepted labels, country notes and suggested award
weights, and exports them as Markdown, HTML (for word processors) and CSV. The browser
only shows the HTML the engine wrote and hands the exports to the clipboard or to a
download.

>>> answer = assemble_form({"groups": ["indoor-lighting"], "level": "core"}, "en")
>>> answer["ok"], answer["csv"].startswith("\\ufeff")
(True, True)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from html import escape
from typing import Any

from gpp_core import criteria, i18n
from gpp_core.calculator import Field, Issue

NAME = "clauses"
WIDGET = "clauses"
COUNTRY_CHOICES = ("generic", *criteria.COUNTRIES)
FILENAME = "gpp-clauses"

FIELDS: tuple[Field, ...] = (
    Field("country", "choice", "generic", choices=COUNTRY_CHOICES),
    Field("level", "choice", "core", choices=criteria.LEVELS),
)


def t(key: str, lang: str, /, **params: Any) -> str:
    return i18n.translate(key, lang, **params)


def default_group() -> str:
    """The group the builder shows first (indoor lighting when the catalogue has it)."""
    ids = [g.id for g in criteria.groups()]
    return "indoor-lighting" if "indoor-lighting" in ids else ids[0]


def validate(inputs: Mapping[str, Any]) -> tuple[dict[str, Any], list[Issue]]:
    """Check the builder's choices; missing ones take their defaults."""
    issues: list[Issue] = []
    known = {"country", "groups", "level", "dimensions", "lang"}
    issues += [Issue(name, "error.unknown_field") for name in inputs if name not in known]
    country = inputs.get("country", "generic")
    if country not in COUNTRY_CHOICES:
        issues.append(Issue("country", "error.choice", {"choices": list(COUNTRY_CHOICES)}))
    level = inputs.get("level", "core")
    if level not in criteria.LEVELS:
        issues.append(Issue("level", "error.choice", {"choices": list(criteria.LEVELS)}))
    valid_groups = [g.id for g in criteria.groups()]
    groups = inputs.get("groups", [default_group()])
    if not isinstance(groups, list) or not groups:
        issues.append(Issue("groups", "clauses.error.no_group"))
        groups = []
    elif any(g not in valid_groups for g in groups):
        issues.append(Issue("groups", "error.choice", {"choices": valid_groups}))
    dims = inputs.get("dimensions", list(criteria.DIMENSIONS))
    if not isinstance(dims, list) or not dims:
        issues.append(Issue("dimensions", "clauses.error.no_dimension"))
        dims = []
    elif any(d not in criteria.DIMENSIONS for d in dims):
        issues.append(Issue("dimensions", "error.choice", {"choices": list(criteria.DIMENSIONS)}))
    lang = inputs.get("lang", i18n.DEFAULT_LANGUAGE)
    if lang not in i18n.available_languages():
        issues.append(Issue("lang", "error.choice", {"choices": list(i18n.available_languages())}))
    ordered_groups = [g for g in valid_groups if g in groups]  # catalogue order, no repeats
    ordered_dims = [d for d in criteria.DIMENSIONS if d in dims]
    return {
        "country": country,
        "level": level,
        "groups": ordered_groups,
        "dimensions": ordered_dims,
        "lang": lang,
    }, issues


def compute(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The assembled document for ``inputs`` (``groups``, ``level``, ``dimensions``,
    ``country``, ``lang``), or structured errors."""
    values, issues = validate(inputs)
    if issues:
        return {"ok": False, "calculator": NAME, "errors": [i.to_json() for i in issues]}
    document = criteria.assemble(
        values["groups"],
        level=values["level"],
        dimensions=values["dimensions"],
        country=values["country"],
        lang=values["lang"],
    )
    return {"ok": True, "calculator": NAME, "document": document}


def summary(document: Mapping[str, Any]) -> str:
    return t(
        f"{NAME}.summary",
        document["lang"],
        count=i18n.format_number(document["count"], document["lang"]),
        groups=i18n.format_number(len(document["groups"]), document["lang"]),
        level=document["level_label"].lower(),
    )


def view(result: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """The summary sentence and the exports (used by ``gpp run clauses --lang``)."""
    document = result["document"]
    return {
        "summary": summary(document),
        "markdown": criteria.to_markdown(document),
    }


def localize_errors(errors: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    out = []
    for error in errors:
        params = dict(error["params"])
        if "choices" in params:
            params["choices"] = ", ".join(params["choices"])
        out.append({**error, "message": t(error["key"], lang, **params)})
    return out


def assemble_form(payload: Any, lang: str) -> dict[str, Any]:
    """The widget's endpoint: the document as HTML to show, and the three exports."""
    if not isinstance(payload, dict):
        payload = {}
    inputs = {k: v for k, v in payload.items() if k != "lang"} | {"lang": lang}
    result = compute(inputs)
    if not result["ok"]:
        return {"ok": False, "errors": localize_errors(result["errors"], lang)}
    document = result["document"]
    return {
        "ok": True,
        "count": document["count"],
        "summary": summary(document),
        "preview": criteria.to_html(document, top=2),
        "html": criteria.to_html(document),
        "html_document": criteria.to_html(document, full=True),
        "markdown": criteria.to_markdown(document),
        "csv": criteria.to_csv(document),
        "filename": FILENAME,
    }


API = {f"{NAME}.assemble": assemble_form}


# ------------------------------------------------------------------------- markup

_P = f"gpp-{NAME}"


def _error_slot(field: str) -> str:
    return f'<p class="gpp-field__error" id="{_P}-{field}-error" hidden></p>'


def _choices(
    field: str, legend: str, kind: str, options: list[tuple[str, str]], chosen: list[str]
) -> str:
    items = []
    for value, text in options:
        ident = f"{_P}-{field}-{value}"
        mark = " checked" if value in chosen else ""
        items.append(
            f'<div class="gpp-choice"><input type="{kind}" id="{ident}" name="{field}" '
            f'value="{escape(value)}"{mark}><label for="{ident}">{escape(text)}</label></div>'
        )
    return (
        f'<fieldset class="gpp-group gpp-choices" data-field="{field}" '
        f'aria-describedby="{_P}-{field}-error"><legend>{escape(legend)}</legend>'
        f'{_error_slot(field)}<div class="gpp-choices__list">{"".join(items)}</div></fieldset>'
    )


def strings(lang: str) -> dict[str, str]:
    keys = [
        k
        for k in i18n.catalogue(i18n.DEFAULT_LANGUAGE)["messages"]
        if k.startswith((f"{NAME}.", "widget."))
    ]
    return {k: t(k, lang) for k in keys}


def render_html(lang: str, values: Mapping[str, Any] | None = None) -> str:
    """The builder as the build prerenders it: the form and the clauses of its example."""
    chosen = {
        "country": "generic",
        "groups": [default_group()],
        "level": "core",
        "dimensions": list(criteria.DIMENSIONS),
    } | dict(values or {})
    answer = assemble_form(chosen, lang)
    if not answer["ok"]:  # pragma: no cover - the example is tested to be valid
        raise ValueError(f"the clause builder's example is invalid: {answer['errors']}")
    country_id = f"{_P}-country"
    countries = "".join(
        f'<option value="{c}"{" selected" if c == chosen["country"] else ""}>'
        f"{escape(t(f'criteria.country.{c}', lang))}</option>"
        for c in COUNTRY_CHOICES
    )
    form = (
        '<form class="gpp-form" novalidate>'
        f'<div class="gpp-field" data-field="country"><label for="{country_id}">'
        f"{escape(t(f'{NAME}.field.country.label', lang))}</label>"
        f'<select id="{country_id}" name="country" aria-describedby="{country_id}-help">'
        f"{countries}</select>"
        f'<p class="gpp-field__help" id="{country_id}-help">'
        f"{escape(t(f'{NAME}.field.country.help', lang))}</p></div>"
        + _choices(
            "groups",
            t(f"{NAME}.field.groups.label", lang),
            "checkbox",
            [(g.id, g.name[lang]) for g in criteria.groups()],
            chosen["groups"],
        )
        + _choices(
            "level",
            t(f"{NAME}.field.level.label", lang),
            "radio",
            [(lv, t(f"criteria.level.{lv}", lang)) for lv in criteria.LEVELS],
            [chosen["level"]],
        )
        + f'<p class="gpp-field__help">{escape(t(f"{NAME}.field.level.help", lang))}</p>'
        + _choices(
            "dimensions",
            t(f"{NAME}.field.dimensions.label", lang),
            "checkbox",
            [(d, t(f"criteria.dimension.{d}", lang)) for d in criteria.DIMENSIONS],
            chosen["dimensions"],
        )
        + "</form>"
    )
    actions = (
        f'<div class="gpp-actions" role="group" aria-label="{escape(t(f"{NAME}.actions", lang))}"'
        " hidden>"
        + "".join(
            f'<button type="button" class="gpp-button" data-action="{action}">'
            f"{escape(t(f'{NAME}.{key}', lang))}</button>"
            for action, key in (
                ("copy", "copy"),
                ("download-md", "download.md"),
                ("download-html", "download.html"),
                ("download-csv", "download.csv"),
            )
        )
        + "</div>"
    )
    config = {
        "calculator": NAME,
        "lang": lang,
        "locale": i18n.language_meta(lang)["locale"],
        "strings": strings(lang),
    }
    config_json = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    title = escape(t(f"{NAME}.result", lang))
    return (
        f'<div class="gpp-calc gpp-builder" id="{_P}" data-gpp-calculator="{NAME}" '
        f'data-gpp-widget="{WIDGET}" data-gpp-lang="{lang}">'
        f"{form}"
        f'<section class="gpp-result" aria-label="{title}">'
        f'<p class="gpp-result__title">{title}</p>'
        f'<p class="gpp-status" role="status"></p>'
        f'<noscript><p class="gpp-noscript">{escape(t(f"{NAME}.noscript", lang))}</p></noscript>'
        f'<p class="gpp-summary">{escape(answer["summary"])}</p>'
        f"{actions}"
        f'<div class="gpp-view gpp-document" lang="{lang}" tabindex="0" role="region" '
        f'aria-label="{escape(t(f"{NAME}.preview", lang))}">{answer["preview"]}</div>'
        f'<p class="gpp-visually-hidden gpp-announce" aria-live="polite" aria-atomic="true"></p>'
        f"</section>"
        f'<script type="application/json" class="gpp-config">{config_json}</script>'
        f"</div>"
    )
