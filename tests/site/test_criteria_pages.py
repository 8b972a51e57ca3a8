"""Pages built from the criteria catalogue, and the catalogue's sources (references are
outside the wheel, so this check lives here rather than in tests/engine)."""

import re

import pytest
import yaml

from calculators import blocks
from calculators.blocks import criteria as pages
from calculators.blocks.references import load_references
from gpp_core import criteria

from site_helpers import DOCS, LANGS, ROOT, page_url

GROUPS = criteria.groups()


def test_every_source_key_of_the_catalogue_is_a_reference():
    entries = load_references()
    for group in GROUPS:
        for key in group.sources:
            assert key in entries, f"{group.id}: source {key!r} is not in references/*.toml"
        for c in group.criteria:
            assert c.source in entries, f"{c.id}: source {c.source!r} is not in references/*.toml"
    for label in criteria.labels():
        assert label.source in entries, f"label {label.id}: source {label.source!r} missing"


def test_the_blocks_are_registered():
    assert {"criteria-group", "criteria-index", "label-finder"} <= set(blocks.renderers())


@pytest.mark.parametrize("lang", LANGS)
def test_every_group_has_its_generated_page_in_every_language(lang):
    for group in GROUPS:
        path = DOCS / lang / "criteria" / f"{group.id}.md"
        assert path.exists(), f"run `python -m calculators.blocks.criteria` ({path})"
        assert path.read_text("utf-8") == pages.stub(group, lang), (
            f"{path} is stale: run `python -m calculators.blocks.criteria`"
        )


def test_every_page_of_the_section_is_in_the_nav():
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    listed = set()

    def walk(items):
        for item in items:
            if isinstance(item, str):
                listed.add(item)
            elif isinstance(item, dict):
                for value in item.values():
                    walk(value if isinstance(value, list) else [value])

    walk(config["nav"])
    wanted = {f"criteria/{g.id}.md" for g in GROUPS} | {
        "criteria/index.md",
        "criteria/labels.md",
        "criteria/clause-builder.md",
        "calculators/bid-scorer.md",
    }
    assert wanted <= listed, sorted(wanted - listed)


def test_links_from_raw_html_are_built_like_mkdocs_urls():
    page = blocks.BlockPage("en", "en/criteria/indoor-lighting.md")
    assert pages.href(page, "criteria/labels.md#label-x") == "../labels/#label-x"
    assert pages.href(page, "references.md#ref-y") == "../../references/#ref-y"
    assert pages.href(page, "criteria/indoor-lighting.md#il-ts-01") == "./#il-ts-01"
    index = blocks.BlockPage("es", "es/criteria/index.md")
    assert pages.href(index, "criteria/clause-builder.md") == "clause-builder/"


def built(site_dir, lang, src):
    return (site_dir / page_url(lang, src) / "index.html").read_text("utf-8")


@pytest.mark.site
@pytest.mark.parametrize("lang", LANGS)
def test_group_pages_have_an_anchor_per_criterion(site_dir, lang):
    for group in GROUPS:
        html = built(site_dir, lang, f"criteria/{group.id}.md")
        ids = set(re.findall(r'\sid="([^"]+)"', html))
        for c in group.criteria:
            assert c.anchor in ids, f"{lang}/{group.id}: no anchor #{c.anchor}"
            assert c.title[lang].replace("'", "&#x27;").replace('"', "&quot;")[:30] in html or (
                c.title[lang][:20] in html
            )
        assert html.count("data-gpp-item=") == len(group.criteria)
        assert 'data-gpp-filter="criteria"' in html


@pytest.mark.site
@pytest.mark.parametrize("lang", LANGS)
def test_index_and_label_finder_list_everything(site_dir, lang):
    html = built(site_dir, lang, "criteria/index.md")
    for group in GROUPS:
        assert f'href="../criteria/{group.id}/"' in html or f'href="{group.id}/"' in html
    html = built(site_dir, lang, "criteria/labels.md")
    for label in criteria.labels():
        assert f'id="label-{label.id}"' in html
    # every link to a criterion from the register lands on an existing anchor
    for group_id, anchor in re.findall(r'href="\.\./([a-z0-9-]+)/#([a-z0-9-]+)"', html):
        target = built(site_dir, lang, f"criteria/{group_id}.md")
        assert f'id="{anchor}"' in target, (group_id, anchor)


@pytest.mark.site
@pytest.mark.parametrize("lang", LANGS)
def test_builder_and_scorer_pages_are_prerendered(site_dir, lang):
    from gpp_core.calculators import clauses
    from gpp_core.calculators import scoring as scorer

    html = built(site_dir, lang, "criteria/clause-builder.md")
    assert 'data-gpp-widget="clauses"' in html
    answer = clauses.assemble_form({"groups": [clauses.default_group()]}, lang)
    assert answer["preview"] in html
    html = built(site_dir, lang, "calculators/bid-scorer.md")
    assert 'data-gpp-widget="bid-scorer"' in html
    summary = re.search(r'<p class="gpp-summary">(.*?)</p>', html).group(1)
    state = scorer.payload_from_state(scorer._state(None, lang))
    expected = scorer.score_form(state, lang)["view"]["summary"]
    assert summary == expected.replace("&", "&amp;")
