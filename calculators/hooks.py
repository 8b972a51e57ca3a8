"""MkDocs build hooks: the bridge between the site and the gpp_core engine.

* Prerender: each ``<div data-gpp-calculator="NAME"></div>`` in a page becomes the
  calculator's real form and its default result, rendered by CPython with gpp_core in
  the page's language (so the page works before, or without, JavaScript).
* Runtime: the widget scripts, the Pyodide core (from ``node_modules/pyodide``), Chart.js
  (from ``node_modules/chart.js``, loaded by the widgets that draw charts) and a freshly
  built gpp_core wheel are copied into ``site/assets``; the widget script is added only
  to pages that hold a calculator, so Pyodide and Chart.js never load elsewhere.
* Search: Material's search worker is wrapped (``gpp-search.js``) so that results come
  from the reader's language only, Thai is split into words and accents are optional.
* Theme fixes: no requests for per-page sitemaps (hreflang lives in sitemap.xml), and a
  visible notice on any page shown in a fallback language.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import re
import shutil
import sys
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "calculators" / "static"
PYODIDE_SRC = ROOT / "node_modules" / "pyodide"
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
# Chart.js, self-hosted: its UMD build (one file, no imports) and the source map it names.
CHARTJS_SRC = ROOT / "node_modules" / "chart.js"
CHARTJS_FILES = ("dist/chart.umd.min.js", "dist/chart.umd.min.js.map", "LICENSE.md")
WHEEL_CACHE = ROOT / "build" / "wheel"
log = logging.getLogger("mkdocs.hooks.gpp")

PLACEHOLDER = re.compile(
    r"<div\s+data-gpp-calculator=\"(?P<name>[a-z0-9-]+)\""
    r"(?:\s+data-gpp-values='(?P<values>[^']*)')?\s*>\s*</div>"
)
TERMINOLOGY = re.compile(r"<div\s+data-gpp-terminology\s*>\s*</div>")
SEARCH_WORKER = re.compile(
    r"(?P<base>\"search\":\s*\"[^\"]*?assets/javascripts/workers/)"
    r"(?P<file>search\.[0-9a-f]+\.min\.js)\""
)

# A nav section with an index page (navigation.indexes): Material labels the section's
# <nav> with its toggle, a <label> that holds only an icon, so every such section is a
# navigation landmark without a name (axe: landmark-unique once there are two).
_state: dict[str, Any] = {}


def _engine() -> Any:
    """Import gpp_core from this checkout, afresh on every build (live reload)."""
    for name in [
        m for m in sys.modules if m.split(".")[0] == "gpp_core" or m.startswith("calculators.")
    ]:
        del sys.modules[name]
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import gpp_core.html

    return gpp_core


def _source_hash() -> str:
    digest = hashlib.sha256()
    files = sorted(
        p for p in (ROOT / "gpp_core").rglob("*") if p.is_file() and "__pycache__" not in p.parts
    )
    for path in [*files, ROOT / "pyproject.toml"]:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _build_wheel() -> Path:
    """Build the gpp_core wheel from the current sources (cached by their hash)."""
    from flit_core import wheel as flit_wheel

    out = WHEEL_CACHE / _source_hash()
    existing = sorted(out.glob("gpp_core-*-py3-none-any.whl"))
    if existing:
        return existing[0]
    tmp = out.with_suffix(".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    info = flit_wheel.make_wheel_in(ROOT / "pyproject.toml", tmp)
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    for stale in WHEEL_CACHE.iterdir():  # keep only the wheel of the current sources
        if stale != out:
            shutil.rmtree(stale, ignore_errors=True)
    log.info("Built %s", info.file.name)
    return out / info.file.name


def _language(config: Any) -> str:
    i18n = config.plugins.get("i18n")
    return str(i18n.current_language) if i18n else "es"


def on_config(config: Any) -> Any:
    gpp_core = _engine()
    if not PYODIDE_SRC.joinpath("package.json").exists():
        raise PluginError("node_modules/pyodide is missing: run `npm ci` (`make site` does).")
    wheel = _build_wheel()
    pyodide_version = json.loads(PYODIDE_SRC.joinpath("package.json").read_text())["version"]
    if not CHARTJS_SRC.joinpath("package.json").exists():
        raise PluginError("node_modules/chart.js is missing: run `npm ci` (`make site` does).")
    chartjs_version = json.loads(CHARTJS_SRC.joinpath("package.json").read_text())["version"]
    _state.update(
        gpp_core=gpp_core,
        wheel=wheel,
        wheel_url=f"assets/wheels/{wheel.parent.name}/{wheel.name}",
        pyodide_url=f"assets/pyodide/{pyodide_version}/",
        chartjs_url=f"assets/vendor/chartjs/{chartjs_version}/",
        languages=[lang["locale"] for lang in config.plugins["i18n"].config.languages],
        blocks=_blocks().renderers(),
    )
    return config


def _blocks() -> Any:
    import calculators.blocks

    return calculators.blocks


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Render build-time blocks and citations; flag a page shown in a fallback language."""
    lang = _language(config)
    blocks = _blocks()
    where = blocks.BlockPage(lang=lang, src_uri=page.file.src_uri)
    try:
        markdown = blocks.cite(blocks.render_blocks(markdown, where, _state["blocks"]), where)
    except blocks.BlockError as exc:
        raise PluginError(str(exc)) from None
    if not page.file.src_uri.startswith(f"{lang}/"):
        t = _state["gpp_core"].i18n.translate
        notice = t("site.untranslated", lang)
        title = t("site.untranslated.title", lang)
        markdown = f'!!! warning "{title}"\n    {notice}\n\n' + markdown
    return markdown


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    lang = _language(config)
    gpp_core = _state["gpp_core"]
    names: list[str] = []

    def render(match: re.Match[str]) -> str:
        name = match["name"]
        values = json.loads(match["values"]) if match["values"] else None
        try:
            gpp_core.calculators.get(name)
        except KeyError as exc:
            raise PluginError(f"{page.file.src_uri}: {exc}") from None
        names.append(name)
        return str(gpp_core.html.render_widget(name, lang, values))

    html = PLACEHOLDER.sub(render, html)
    page.meta["gpp_calculators"] = names
    return TERMINOLOGY.sub(lambda _: _terminology_table(lang), html)


def _terminology_table(lang: str) -> str:
    """docs/terminology.csv as a table, the reader's language first."""
    with (ROOT / "docs" / "terminology.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    meta = _state["gpp_core"].i18n.language_meta
    order = [lang, *[code for code in _state["languages"] if code != lang]]
    head = "".join(f'<th scope="col" lang="{c}">{escape(meta(c)["name"])}</th>' for c in order)
    body = "".join(
        "<tr>" + "".join(f'<td lang="{c}">{escape(row[c])}</td>' for c in order) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _fix_head(output: str, lang: str) -> str:
    # Search: our wrapper worker, told the page's language.
    output = SEARCH_WORKER.sub(
        lambda m: (
            f"{m['base']}gpp-search.js?lang={lang}&default={_state['languages'][0]}"
            f'&langs={",".join(_state["languages"])}&worker={m["file"]}"'
        ),
        output,
    )
    # hreflang alternates: Material's script requests "<alternate>/sitemap.xml" for every
    # <link rel="alternate"> in the head, i.e. four 404s per page. The sitemap written by
    # static-i18n already lists every page's hreflang alternates (absolute URLs), and the
    # language menu links straight to the same page in each language, so the head links
    # are dropped.
    output = re.sub(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">', "", output)
    output = _name_section_navs(output)
    # Material's search dialog has no accessible name (axe: aria-dialog-name).
    label = _state["gpp_core"].i18n.translate("site.search_dialog", lang)
    return output.replace(
        '<div class="md-search" data-md-component="search" role="dialog">',
        f'<div class="md-search" data-md-component="search" role="dialog" aria-label="{label}">',
    )


SECTION_NAV = re.compile(
    r'<nav class="md-nav" data-md-level="(?P<level>\d+)" '
    r'aria-labelledby="(?P<label>__nav_[\d_]+_label)"'
    r'(?P<rest>[^>]*)>\s*<label class="md-nav__title" for="[^"]+">(?P<title>.*?)</label>',
    re.S,
)


def _name_section_navs(output: str) -> str:
    """A nav section whose index page is its link (navigation.indexes) is labelled by an
    icon-only toggle, so two sections are two navigation landmarks without a name (axe:
    landmark-unique). Name each one by its title instead."""

    def name(match: re.Match[str]) -> str:
        title = " ".join(re.sub(r"<[^>]+>", " ", match["title"]).split())
        return (
            f'<nav class="md-nav" data-md-level="{match["level"]}" aria-label="{escape(title)}"'
            f"{match['rest']}>" + match.group(0).split(">", 1)[1]
        )

    return SECTION_NAV.sub(name, output)


def on_post_template(output: str, template_name: str, config: Any) -> str:
    """The 404 page is a template, not a page: same fixes, and language links to homes."""
    if template_name != "404.html":
        return output
    default = _state["languages"][0]
    root = urlsplit(config.site_url or "/").path.rstrip("/")
    output = re.sub(
        r'<a href="[^"]*" hreflang="([a-z]{2})"',
        lambda m: f'<a href="{root}/{"" if m[1] == default else m[1] + "/"}" hreflang="{m[1]}"',
        output,
    )
    return _fix_head(output, default)


def on_post_page(output: str, page: Any, config: Any) -> str:
    output = _fix_head(output, _language(config))
    # A language's home page is titled with the site name alone, not "name - name".
    if page.file.src_uri.endswith("/index.md") and page.file.src_uri.count("/") == 1:
        name = re.escape(config.site_name)
        output = re.sub(
            rf"<title>{name} - {name}</title>",
            f"<title>{config.site_name}</title>",
            output,
            count=1,
        )
    if page.meta.get("gpp_calculators"):
        rel = get_relative_url(".", page.url).rstrip("/") or "."
        script = (
            f'<script type="module" src="{rel}/assets/gpp/widget.js" '
            f'data-gpp-pyodide="{rel}/{_state["pyodide_url"]}" '
            f'data-gpp-wheel="{rel}/{_state["wheel_url"]}" '
            f'data-gpp-chartjs="{rel}/{_state["chartjs_url"]}chart.umd.min.js"></script>'
        )
        output = output.replace("</body>", script + "</body>", 1)
        # A calculator with its own stylesheet (calculators/static/NAME.css) gets it in
        # the head, so its prerendered markup and print report are styled without script.
        sheets = "".join(
            f'<link rel="stylesheet" href="{rel}/assets/gpp/{name}.css">'
            for name in dict.fromkeys(page.meta["gpp_calculators"])
            if (STATIC / f"{name}.css").is_file()
        )
        output = output.replace("</head>", sheets + "</head>", 1)
    return output


def _copy(src: Path, dst: Path) -> None:
    if (
        dst.exists()
        and dst.stat().st_size == src.stat().st_size
        and (dst.stat().st_mtime >= src.stat().st_mtime)
    ):
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)


def on_post_build(config: Any) -> None:
    site = Path(config.site_dir)
    for path in STATIC.rglob("*"):
        if path.is_file():
            _copy(path, site / "assets" / "gpp" / path.relative_to(STATIC))
    # The search wrapper sits beside Material's worker, whose relative imports it keeps.
    _copy(
        ROOT / "calculators" / "search" / "gpp-search.js",
        site / "assets" / "javascripts" / "workers" / "gpp-search.js",
    )
    for name in PYODIDE_FILES:
        _copy(PYODIDE_SRC / name, site / _state["pyodide_url"] / name)
    # Published JSON Schemas of the scenario files (linked from the guide).
    for schema in sorted((ROOT / "gpp_core" / "schemas").glob("*.schema.json")):
        _copy(schema, site / "schemas" / schema.name)
    for name in CHARTJS_FILES:
        _copy(CHARTJS_SRC / name, site / _state["chartjs_url"] / Path(name).name)
    _copy(_state["wheel"], site / _state["wheel_url"])


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    for folder in ("gpp_core", "calculators"):
        server.watch(str(ROOT / folder))
    return server
