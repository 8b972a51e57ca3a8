"""Pages built from the criteria catalogue (gpp_core/data/criteria, labels.toml).

Blocks:

* ``criteria-group`` ``{"group": "indoor-lighting"}``: a group's scope and impacts, then
  every criterion by procurement stage, each under a heading whose id is the criterion
  ID in lower case (``#il-ts-01``), so any page can link to a criterion; filter controls
  (type, level, dimension) that the page's script shows (the full list without it);
* ``criteria-index``: the groups with their number of criteria, by type and dimension;
* ``label-finder``: the eco-label register with the criteria that accept each label,
  filterable by type, country and text.

Group pages are small stubs, one per group and language, written by
``python -m calculators.blocks.criteria`` (which also lists them in mkdocs.yml's nav):
the criteria themselves are never copied into a page.
"""

from __future__ import annotations

import json
import posixpath
import re
import sys
from html import escape
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("es", "en", "th", "vi")
NAV_BEGIN = "# criteria-groups: begin (written by python -m calculators.blocks.criteria)"
NAV_END = "# criteria-groups: end"


def _engine() -> Any:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from gpp_core import criteria, i18n

    return criteria, i18n


def _t(key: str, lang: str, **params: Any) -> str:
    _, i18n = _engine()
    return str(i18n.translate(key, lang, **params))


def _url(path: str) -> str:
    """The built URL (directory style) of ``path`` relative to the language folder."""
    target, _, anchor = path.partition("#")
    stem = target.removesuffix(".md")
    url = "" if stem == "index" else stem.removesuffix("/index") + "/"
    return url + (f"#{anchor}" if anchor else "")


def href(page: Any, path: str) -> str:
    """A link usable in raw HTML from ``page`` to ``path`` (e.g. ``labels.md#label-x``
    under ``criteria/``): Markdown links are rewritten by MkDocs, raw HTML links are not.
    """
    here = _url(page.src_uri.split("/", 1)[1]).split("#")[0]
    target = _url(path)
    base, _, anchor = target.partition("#")
    rel = posixpath.relpath(base or ".", here or ".")
    rel = "" if rel == "." else rel + "/"
    rel = rel or "./"
    return rel + (f"#{anchor}" if anchor else "")


_MD = re.compile(r"([\\`*_\[\]<>#|{}])")


def md(text: str) -> str:
    """Text made literal inside a Markdown heading or table cell."""
    return _MD.sub(r"\\\1", text)


def _reference(key: str, page: Any) -> str:
    from calculators.blocks import BlockError
    from calculators.blocks.references import load_references, short_label

    entries = load_references()
    if key not in entries:
        raise BlockError(f"{page.src_uri}: unknown reference {key!r} (see references/*.toml)")
    return (
        f'<a href="{escape(href(page, "references.md#ref-" + key))}">'
        f"{escape(short_label(entries[key]))}</a>"
    )


def _select(name: str, label: str, options: list[tuple[str, str]], lang: str) -> str:
    ident = f"gpp-filter-{name}"
    opts = f'<option value="">{escape(_t("criteria.page.filter_all", lang))}</option>' + "".join(
        f'<option value="{escape(v)}">{escape(text)}</option>' for v, text in options
    )
    return (
        f'<div class="gpp-field"><label for="{ident}">{escape(label)}</label>'
        f'<select id="{ident}" data-filter="{name}">{opts}</select></div>'
    )


def _filters(kind: str, controls: list[str], total: int, lang: str, *, noun: str) -> str:
    shown = escape(_t(f"{noun}.shown", lang, shown="{shown}", total="{total}"))
    none = escape(_t(f"{noun}.none", lang))
    legend = escape(_t(f"{noun}.filters", lang))
    reset = escape(_t("criteria.page.reset", lang))
    return (
        f'<form class="gpp-filters" data-gpp-filter="{kind}" data-shown="{shown}" '
        f'data-none="{none}" data-total="{total}" hidden>'
        f'<fieldset class="gpp-group"><legend>{legend}</legend>'
        f'<div class="gpp-filters__controls">{"".join(controls)}</div>'
        f'<button type="reset" class="gpp-button gpp-button--secondary">{reset}</button>'
        f"</fieldset>"
        f'<p class="gpp-filter-count" role="status" aria-live="polite"></p></form>'
    )


def _dl(items: list[tuple[str, str]]) -> str:
    return (
        '<dl class="gpp-criterion__meta">'
        + "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in items)
        + "</dl>"
    )


def render_group(args: dict[str, Any], lang: str, page: Any) -> str:
    criteria, i18n = _engine()
    group = criteria.group(args["group"])
    register = {lb.id: lb for lb in criteria.labels()}
    parts = [
        f'<p class="gpp-group-sector"><strong>{escape(_t("criteria.index.sector", lang))}:'
        f"</strong> {escape(_t(f'criteria.sector.{group.sector}', lang))}</p>",
        f"<p><strong>{escape(_t('criteria.field.scope', lang))}:</strong> "
        f"{escape(group.scope[lang])}</p>",
        f"<p><strong>{escape(_t('criteria.field.impacts', lang))}:</strong> "
        f"{escape(group.impacts[lang])}</p>",
    ]
    core = sum(1 for c in group.criteria if c.level == "core")
    parts.append(
        "<p>"
        + escape(
            _t(
                "criteria.page.summary",
                lang,
                count=len(group.criteria),
                core=core,
                comprehensive=len(group.criteria) - core,
            )
        )
        + "</p>"
    )
    builder = href(page, "criteria/clause-builder.md")
    parts.append(
        f'<p class="gpp-builder-hint">{escape(_t("criteria.page.builder_hint", lang))} '
        f'<a href="{escape(builder)}">{escape(_t("criteria.page.builder_link", lang))}</a></p>'
    )
    present = {
        "type": [t for t in criteria.TYPES if any(c.type == t for c in group.criteria)],
        "level": [lv for lv in criteria.LEVELS if any(c.level == lv for c in group.criteria)],
        "dimension": [
            d for d in criteria.DIMENSIONS if any(d in c.dimensions for c in group.criteria)
        ],
    }
    controls = [
        _select(
            "type",
            _t("criteria.field.type", lang),
            [(t, _t(f"criteria.type.{t}", lang)) for t in present["type"]],
            lang,
        ),
        _select(
            "level",
            _t("criteria.field.level", lang),
            [(lv, _t(f"criteria.level.{lv}", lang)) for lv in present["level"]],
            lang,
        ),
        _select(
            "dimension",
            _t("criteria.field.dimensions", lang),
            [(d, _t(f"criteria.dimension.{d}", lang)) for d in present["dimension"]],
            lang,
        ),
    ]
    parts.append(_filters("criteria", controls, len(group.criteria), lang, noun="criteria.page"))
    out = ["\n".join(parts), ""]
    order = {t: n for n, t in enumerate(criteria.TYPES)}
    for stage in criteria.STAGES:
        items = sorted(
            (c for c in group.criteria if c.stage == stage), key=lambda c: (order[c.type], c.id)
        )
        if not items:
            continue
        out += [
            f'<section class="gpp-stage" data-stage="{stage}" markdown="1">',
            "",
            f"## {md(_t(f'criteria.stage.{stage}', lang))} {{ #{stage} }}",
            "",
        ]
        for c in items:
            meta = [
                (_t("criteria.field.verification", lang), escape(c.verification[lang])),
            ]
            if c.labels:
                links = ", ".join(
                    f'<a href="{escape(href(page, "criteria/labels.md#label-" + name))}">'
                    f"{escape(register[name].name[lang])}</a>"
                    for name in c.labels
                )
                meta.append((_t("criteria.field.labels", lang), links))
            if c.award_points is not None:
                points = i18n.format_number(c.award_points, lang)
                meta.append(
                    (
                        _t("criteria.field.points", lang),
                        escape(_t("criteria.field.points_value", lang, points=points)),
                    )
                )
            for country in criteria.COUNTRIES:
                note = c.country_notes.get(country)
                if note:
                    name = _t(f"criteria.country.{country}", lang)
                    meta.append(
                        (_t("criteria.field.country_note", lang, country=name), escape(note[lang]))
                    )
            meta.append((_t("criteria.field.source", lang), _reference(c.source, page)))
            tags = " ".join(
                f'<span class="gpp-tag gpp-tag--{kind}">{escape(text)}</span>'
                for kind, text in [
                    ("type", _t(f"criteria.type.{c.type}", lang)),
                    ("level", _t(f"criteria.level.{c.level}", lang)),
                    *(("dimension", _t(f"criteria.dimension.{d}", lang)) for d in c.dimensions),
                ]
            )
            out += [
                f'<div class="gpp-criterion" data-gpp-item data-type="{c.type}" '
                f'data-level="{c.level}" data-dimension="{" ".join(c.dimensions)}" markdown="1">',
                "",
                f"### {c.id} · {md(c.title[lang])} {{ #{c.anchor} }}",
                "",
                f'<p class="gpp-tags">{tags}</p>',
                f'<p class="gpp-criterion__text">{escape(c.text[lang])}</p>',
                _dl(meta),
                "",
                "</div>",
                "",
            ]
        out += ["</section>", ""]
    out += [f"## {md(_t('criteria.page.sources', lang))} {{ #sources }}", ""]
    refs = ", ".join(_reference(key, page) for key in group.sources) if group.sources else ""
    out += [f"<p>{refs}</p>", ""]
    return "\n".join(out)


def render_index(args: dict[str, Any], lang: str, page: Any) -> str:
    criteria, _ = _engine()
    groups = criteria.groups()
    total = sum(len(g.criteria) for g in groups)
    codes = {t: criteria.TYPE_CODES[t] for t in criteria.TYPES}
    head = [
        _t("criteria.index.group", lang),
        _t("criteria.index.sector", lang),
        _t("criteria.index.count", lang),
        *(f"{_t(f'criteria.type.{t}', lang)} ({codes[t]})" for t in criteria.TYPES),
    ]
    lines = [
        escape(_t("criteria.index.total", lang, criteria=total, groups=len(groups))),
        "",
        "| " + " | ".join(md(h) for h in head) + " |",
        "| --- | --- | ---: | " + " | ".join("---:" for _ in criteria.TYPES) + " |",
    ]
    for g in groups:
        link = f"[{md(g.name[lang])}]({page.url_to(f'criteria/{g.id}.md')})"
        counts = [sum(1 for c in g.criteria if c.type == t) for t in criteria.TYPES]
        lines.append(
            "| "
            + " | ".join(
                [
                    link,
                    md(_t(f"criteria.sector.{g.sector}", lang)),
                    str(len(g.criteria)),
                    *(str(n) for n in counts),
                ]
            )
            + " |"
        )
    lines += ["", f"**{md(_t('criteria.index.by_dimension', lang))}**", ""]
    lines += [
        f"| {md(_t('criteria.field.dimensions', lang))} | {md(_t('criteria.index.count', lang))} |",
        "| --- | ---: |",
    ]
    everything = [c for g in groups for c in g.criteria]
    for d in criteria.DIMENSIONS:
        count = sum(1 for c in everything if d in c.dimensions)
        lines.append(f"| {md(_t(f'criteria.dimension.{d}', lang))} | {count} |")
    return "\n".join(lines) + "\n"


def _region(code: str, lang: str) -> str:
    _, i18n = _engine()
    key = f"criteria.region.{code}"
    return _t(key, lang) if key in i18n.catalogue(lang)["messages"] else code


def _folded(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d")


def render_labels(args: dict[str, Any], lang: str, page: Any) -> str:
    criteria, _ = _engine()
    register = criteria.labels()
    types = [t for t in criteria.LABEL_TYPES if any(lb.type == t for lb in register)]
    countries = sorted({lb.country for lb in register}, key=lambda c: _region(c, lang))
    controls = [
        _select(
            "type",
            _t("criteria.label.type", lang),
            [(t, _t(f"criteria.label_type.{t}", lang)) for t in types],
            lang,
        ),
        _select(
            "country",
            _t("criteria.label.country", lang),
            [(c, _region(c, lang)) for c in countries],
            lang,
        ),
        '<div class="gpp-field"><label for="gpp-filter-search">'
        f"{escape(_t('criteria.label.search', lang))}</label>"
        '<input id="gpp-filter-search" type="search" data-filter="search" autocomplete="off">'
        "</div>",
    ]
    out = [
        "<p>" + escape(_t("criteria.label.total", lang, labels=len(register))) + "</p>",
        _filters("labels", controls, len(register), lang, noun="criteria.label"),
        "",
    ]
    for kind in types:
        out += [
            f'<section class="gpp-stage" data-stage="{kind}" markdown="1">',
            "",
            f"## {md(_t(f'criteria.label_type.{kind}', lang))} {{ #{kind} }}",
            "",
        ]
        for lb in (x for x in register if x.type == kind):
            accepting = criteria.criteria_accepting(lb.id)
            if accepting:
                accepted = ", ".join(
                    f'<a href="{escape(href(page, f"criteria/{c.group}.md#{c.anchor}"))}">'
                    f"{escape(c.id)}</a>"
                    for c in accepting
                )
            else:
                accepted = escape(_t("criteria.label.accepted_none", lang))
            meta = [
                (_t("criteria.label.issuer", lang), escape(lb.issuer)),
                (_t("criteria.label.country", lang), escape(_region(lb.country, lang))),
                (_t("criteria.label.scope", lang), escape(lb.scope[lang])),
            ]
            if lb.since:
                meta.append((_t("criteria.label.since", lang), escape(lb.since)))
            if lb.url:
                meta.append(
                    (
                        _t("criteria.label.website", lang),
                        f'<a href="{escape(lb.url)}" rel="noopener">{escape(lb.url)}</a>',
                    )
                )
            meta.append((_t("criteria.field.source", lang), _reference(lb.source, page)))
            meta.append((_t("criteria.label.accepted_by", lang), accepted))
            search = _folded(
                " ".join([*lb.name.values(), lb.issuer, lb.scope[lang], lb.id, lb.country])
            )
            out += [
                f'<div class="gpp-criterion gpp-label" data-gpp-item data-type="{lb.type}" '
                f'data-country="{escape(lb.country)}" data-search="{escape(search)}" '
                'markdown="1">',
                "",
                f"### {md(lb.name[lang])} {{ #label-{lb.id} }}",
                "",
                _dl(meta),
                "",
                "</div>",
                "",
            ]
        out += ["</section>", ""]
    return "\n".join(out)


BLOCKS = {
    "criteria-group": render_group,
    "criteria-index": render_index,
    "label-finder": render_labels,
}


# ------------------------------------------------------------ group pages and the nav


def _description(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= 300:
        return text
    cut = text[:297].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def stub(group: Any, lang: str) -> str:
    """The page of ``group`` in ``lang``: front matter, title, and the block."""
    description = _description(group.scope[lang])
    if len(description) < 40:
        description = _description(f"{group.name[lang]}: {group.scope[lang]} {group.impacts[lang]}")
    args = json.dumps({"group": group.id})
    return (
        f"---\ndescription: {json.dumps(description, ensure_ascii=False)}\n---\n\n"
        # The title comes first: search takes a page's first heading as the page itself
        # (a comment before it left every group page without a page-level result).
        f"# {md(group.name[lang])} {{ #{group.id} }}\n\n"
        f"<!-- Generated from gpp_core/data/criteria/{group.id}.toml by "
        "`python -m calculators.blocks.criteria`: edit the catalogue, not this page. -->\n\n"
        f"<div data-gpp-block=\"criteria-group\" data-gpp-args='{args}'></div>\n"
    )


def nav_lines() -> list[str]:
    criteria, _ = _engine()
    return [f"      - criteria/{g.id}.md" for g in criteria.groups()]


def write_pages(docs: Path = ROOT / "docs", config: Path = ROOT / "mkdocs.yml") -> list[Path]:
    """Write every group's stub page in every language and the nav lines between the
    markers in mkdocs.yml; remove stubs of groups that no longer exist."""
    criteria, _ = _engine()
    written = []
    ids = {g.id for g in criteria.groups()}
    for lang in LANGS:
        folder = docs / lang / "criteria"
        folder.mkdir(parents=True, exist_ok=True)
        for g in criteria.groups():
            path = folder / f"{g.id}.md"
            path.write_text(stub(g, lang), "utf-8")
            written.append(path)
        for old in folder.glob("*.md"):
            if old.stem not in ids and "Generated from gpp_core/data/criteria" in old.read_text(
                "utf-8"
            ):
                old.unlink()
    text = config.read_text("utf-8")
    begin, end = text.index(NAV_BEGIN), text.index(NAV_END)
    indent = text[:begin].rsplit("\n", 1)[1]
    block = NAV_BEGIN + "\n" + "\n".join(line for line in nav_lines()) + "\n" + indent
    config.write_text(text[:begin] + block + text[end:], "utf-8")
    return written


if __name__ == "__main__":  # pragma: no cover
    for path in write_pages():
        print(path.relative_to(ROOT))
