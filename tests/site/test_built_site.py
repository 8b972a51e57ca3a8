"""The built site in site/: what every reader gets before any script runs."""

import json
import re
import zipfile
from html.parser import HTMLParser

import pytest

from gpp_core import i18n, web

from site_helpers import LANGS, page_url, source_pages

RESOURCE_ATTRS = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"),
                  ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}
FETCHED_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest"}


class Resources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        for element, attr in RESOURCE_ATTRS:
            if tag == element and attrs.get(attr):
                self.urls.append(attrs[attr])
        if tag == "link" and FETCHED_LINKS & set((attrs.get("rel") or "").split()):
            self.urls.append(attrs.get("href", ""))


def built(site_dir, lang, src):
    return (site_dir / page_url(lang, src) / "index.html").read_text("utf-8")


PAGES = [(lang, src) for lang in LANGS for src in source_pages()]


@pytest.mark.parametrize(("lang", "src"), PAGES)
def test_every_page_is_in_its_language_and_loads_nothing_from_elsewhere(site_dir, lang, src):
    html = built(site_dir, lang, src)
    parser = Resources()
    parser.feed(html)
    assert parser.lang == lang
    external = [u for u in parser.urls if re.match(r"^(https?:)?//", u)]
    assert not external, f"resources from another origin: {external}"
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    assert '<meta name="description"' in html
    # A page shown in a fallback language carries a notice; none may be left.
    for other in LANGS:
        assert i18n.translate("site.untranslated.title", other) not in html
    # Search runs through our wrapper, told the page's language.
    assert f"gpp-search.js?lang={lang}&" in html
    # No head hreflang links (Material would request a sitemap beside each one).
    assert not re.search(r'<link rel="alternate"[^>]*hreflang', html)


@pytest.mark.parametrize(("lang", "src"), PAGES)
def test_language_switcher_keeps_the_reader_on_the_same_page(site_dir, lang, src):
    html = built(site_dir, lang, src)
    links = re.findall(r'<a href="([^"]*)" hreflang="([a-z]{2})"', html)
    targets = {hreflang: href for href, hreflang in links}
    assert set(targets) == set(LANGS)
    here = site_dir / page_url(lang, src)
    for other, href in targets.items():
        target = site_dir / href.lstrip("/") if href.startswith("/") else here / href
        assert target.resolve() == (site_dir / page_url(other, src)).resolve()


@pytest.mark.parametrize(("lang", "src"), PAGES)
def test_pyodide_is_loaded_only_on_calculator_pages(site_dir, lang, src):
    html = built(site_dir, lang, src)
    has_calculator = "data-gpp-calculator=" in html
    assert ("assets/gpp/widget.js" in html) == has_calculator
    assert "pyodide" not in html.replace("data-gpp-pyodide", "") or has_calculator


@pytest.mark.parametrize("lang", LANGS)
def test_calculator_page_is_prerendered_with_the_default_result(site_dir, lang):
    html = built(site_dir, lang, "calculators/lcc-compare.md")
    view = web.evaluate("lcc-compare", {}, lang)["view"]
    summary = re.search(r'<p class="gpp-summary">(.*?)</p>', html).group(1)
    assert summary == view["summary"].replace("&", "&amp;")
    config = json.loads(re.search(r'<script type="application/json" class="gpp-config">'
                                  r"(.*?)</script>", html).group(1))
    assert config["lang"] == lang and config["locale"] == i18n.language_meta(lang)["locale"]
    assert f'data-gpp-lang="{lang}"' in html


def test_runtime_assets_are_in_the_site(site_dir):
    html = built(site_dir, "es", "calculators/lcc-compare.md")
    wheel = re.search(r'data-gpp-wheel="\.\./\.\./(assets/wheels/[^"]+)"', html).group(1)
    pyodide = re.search(r'data-gpp-pyodide="\.\./\.\./(assets/pyodide/[^"]+)"', html).group(1)
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json"):
        assert (site_dir / pyodide / name).is_file()
    with zipfile.ZipFile(site_dir / wheel) as archive:
        names = archive.namelist()
    for lang in LANGS:
        assert f"gpp_core/locales/{lang}.json" in names
    assert "gpp_core/data/currencies.json" in names
    for name in ("widget.js", "worker.mjs", "site.css"):
        assert (site_dir / "assets/gpp" / name).is_file()
    assert (site_dir / "assets/javascripts/workers/gpp-search.js").is_file()


def test_sitemap_lists_every_page_with_its_alternates(site_dir):
    sitemap = (site_dir / "sitemap.xml").read_text("utf-8")
    for src in source_pages():
        for lang in LANGS:
            assert f'hreflang="{lang}" href="http://127.0.0.1:8000/{page_url(lang, src)}"' in sitemap


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_shows_the_terminology_table_in_the_readers_language_first(site_dir, lang):
    html = built(site_dir, lang, "glossary.md")
    rows = re.findall(r"<tr>(.*?)</tr>", html.split('id="terminology"')[1])
    assert len(rows) >= 31  # header and terms
    assert rows[0].startswith(f'<th scope="col" lang="{lang}">')


def test_every_search_section_has_its_page(site_dir):
    """Material links a search result to its page's document: a section whose page has
    no document of its own shows up as a link to "/undefined"."""
    docs = json.loads((site_dir / "search" / "search_index.json").read_text("utf-8"))["docs"]
    pages = {d["location"] for d in docs if "#" not in d["location"]}
    orphans = sorted({d["location"].split("#")[0] for d in docs} - pages)
    assert not orphans, orphans[:10]
