"""The pages in docs/: every page in every language, with the same structure."""

import json
import re

import pytest
import yaml
from site_helpers import DOCS, LANGS, ROOT, source_pages

from gpp_core import calculators, i18n

HEADING_ID = re.compile(r"^#{1,6} .*\{ *#([a-z0-9-]+) *\}\s*$", re.M)
HEADING = re.compile(r"^#{1,6} ", re.M)
PLACEHOLDER_TEXT = re.compile(r"\b(TODO|TBD|FIXME|XXX)\b|(?i:lorem ipsum|\[translate)")
CALCULATOR = re.compile(r'<div data-gpp-calculator="([a-z0-9-]+)"')
LINK = re.compile(r"\]\(([^)#\s]+\.md)(#[a-z0-9-]+)?\)")
CITATION = re.compile(r"\[@([a-z0-9][a-z0-9-]*)\]")
BLOCK = re.compile(r"data-gpp-block=\"([a-z0-9-]+)\"(?:\s+data-gpp-args='([^']*)')?")


def blocks(text):
    """The build-time blocks of a page with their arguments, less the words of the page's
    language (the text of a preset link)."""
    found = []
    for name, raw in BLOCK.findall(text):
        args = json.loads(raw) if raw else {}
        if name == "preset-link":
            args.pop("text", None)
        found.append((name, args))
    return found


def read(lang, src):
    return (DOCS / lang / src).read_text("utf-8")


def front_matter(text):
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    return yaml.safe_load(match.group(1)) if match else {}


def test_the_same_pages_exist_in_every_language():
    pages = {lang: sorted(p.relative_to(DOCS / lang).as_posix()
                          for p in (DOCS / lang).rglob("*.md")) for lang in LANGS}
    for lang in LANGS:
        assert pages[lang] == pages["es"], f"docs/{lang} differs from docs/es"
    assert len(pages["es"]) >= 9


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("src", source_pages())
def test_page_structure_matches_the_spanish_source(lang, src):
    text, source = read(lang, src), read("es", src)
    assert HEADING_ID.findall(text) == HEADING_ID.findall(source), "heading ids differ"
    assert len(HEADING.findall(text)) == len(HEADING_ID.findall(text)), (
        "every heading needs a fixed id { #id }")
    assert CALCULATOR.findall(text) == CALCULATOR.findall(source)
    assert blocks(text) == blocks(source), "build-time blocks differ"
    assert sorted(set(CITATION.findall(text))) == sorted(set(CITATION.findall(source))), (
        "a translation must cite the same sources as the Spanish page")
    assert sorted(m[0] for m in LINK.findall(text)) == sorted(m[0] for m in LINK.findall(source))
    description = front_matter(text).get("description", "")
    assert 40 <= len(description) <= 300, "front matter needs a description for search engines"
    assert not PLACEHOLDER_TEXT.search(text), "placeholder text left in the page"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("src", source_pages())
def test_internal_links_and_anchors_resolve(lang, src):
    text = read(lang, src)
    base = (DOCS / lang / src).parent
    for target, anchor in LINK.findall(text):
        path = (base / target).resolve()
        assert path.exists(), f"broken link to {target}"
        if anchor:
            assert anchor[1:] in HEADING_ID.findall(path.read_text("utf-8")), f"no {anchor}"


def test_placeholders_name_existing_calculators():
    for src in source_pages():
        for name in CALCULATOR.findall(read("es", src)):
            assert name in calculators.CALCULATORS


def test_mkdocs_languages_match_docs_and_catalogues():
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    plugin = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    locales = [lang["locale"] for lang in plugin["languages"]]
    assert locales == list(LANGS)
    assert set(locales) == set(i18n.available_languages())
    for lang in plugin["languages"]:
        if lang.get("default") != "true":
            assert lang.get("site_name") and lang.get("site_description"), lang["locale"]
            assert lang.get("nav_translations"), lang["locale"]
        assert (DOCS / lang["locale"]).is_dir()


@pytest.mark.parametrize("lang", LANGS)
def test_glossaries_define_the_same_number_of_terms(lang):
    def terms(text):
        return len(re.findall(r"^:   ", text, re.M))

    assert terms(read(lang, "glossary.md")) == terms(read("es", "glossary.md")) >= 10


def test_terminology_has_every_term_in_every_language():
    import csv

    with (DOCS / "terminology.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 30
    for row in rows:
        assert set(row) == set(LANGS), row
        assert all(row[lang] and row[lang].strip() == row[lang] for lang in LANGS), row
    for lang in LANGS:
        assert len({row[lang] for row in rows}) == len(rows), f"{lang}: duplicate terms"
        assert "<div data-gpp-terminology></div>" in read(lang, "glossary.md")


def test_every_citation_has_a_reference_entry():
    from calculators.blocks.references import load_references

    entries = load_references()
    for lang in LANGS:
        for src in source_pages():
            for key in CITATION.findall(read(lang, src)):
                assert key in entries, f"{lang}/{src}: [@{key}] is not in references/*.toml"
    for key, entry in entries.items():
        assert entry.get("url", "https://").startswith("https://") or entry["url"].startswith(
            "http://"), key


@pytest.mark.parametrize("lang", LANGS)
def test_table_headers_are_never_empty(lang):
    """A Markdown table whose header row starts with an empty cell fails axe
    (empty-table-header): name the row-label column instead."""
    empty = re.compile(r"^\s*\|\s*\|.*\|\s*\n\s*\|\s*:?-{3,}", re.M)
    for src in source_pages():
        assert not empty.search(read(lang, src)), f"{lang}/{src}: a table header cell is empty"


def test_test_modules_have_unique_names():
    """Test folders are not packages: two test files with one name break collection."""
    names = [p.name for p in (ROOT / "tests").rglob("*.py") if p.name != "conftest.py"]
    assert sorted({n for n in names if names.count(n) > 1}) == []
