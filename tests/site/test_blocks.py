"""Build-time blocks and citations (calculators/blocks)."""

import pytest

import site_helpers  # noqa: F401 - puts the checkout on sys.path
from calculators import blocks
from calculators.blocks.references import load_references, render_references, short_label


def page(src="es/guide/what-is-spp.md"):
    return blocks.BlockPage(lang=src.split("/")[0], src_uri=src)


def test_relative_links_from_a_page():
    assert page().url_to("references.md#ref-x") == "../references.md#ref-x"
    assert page("en/index.md").url_to("criteria/computers.md") == "criteria/computers.md"
    assert page("th/criteria/a.md").url_to("criteria/b.md") == "b.md"


def test_a_block_is_replaced_by_its_renderer_output_with_its_arguments():
    table = {"echo": lambda args, lang, where: f"{lang}:{args['n']}:{where.src_uri}"}
    text = "before\n<div data-gpp-block=\"echo\" data-gpp-args='{\"n\": 3}'></div>\nafter"
    assert blocks.render_blocks(text, page(), table) == (
        "before\nes:3:es/guide/what-is-spp.md\nafter"
    )
    inline = 'It saves <span data-gpp-block="echo" data-gpp-args=\'{"n": 1}\'></span> a year.'
    assert blocks.render_blocks(inline, page(), table) == (
        "It saves es:1:es/guide/what-is-spp.md a year."
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('<div data-gpp-block="nope"></div>', "unknown block 'nope'; valid: echo"),
        ("<div data-gpp-block=\"echo\" data-gpp-args='{bad'></div>", "bad data-gpp-args"),
        ('<div data-gpp-block="echo"></div>', "block 'echo' failed: KeyError"),
    ],
)
def test_block_errors_name_the_page_and_the_problem(text, message):
    table = {"echo": lambda args, lang, where: args["n"]}
    with pytest.raises(blocks.BlockError, match="es/guide/what-is-spp.md") as caught:
        blocks.render_blocks(text, page(), table)
    assert message in str(caught.value)


def test_every_block_renderer_is_discovered():
    assert "references" in blocks.renderers()


def test_citations_link_to_the_references_page():
    key = next(iter(load_references()))
    out = blocks.cite(f"Rate [@{key}].", page())
    assert out == (
        f"Rate [({short_label(load_references()[key])})](../references.md#ref-{key})."
    )
    with pytest.raises(blocks.BlockError, match=r"unknown reference \[@no-such-key\]"):
        blocks.cite("[@no-such-key]", page())


def test_reference_entries_are_checked(tmp_path):
    (tmp_path / "a.toml").write_text('[x]\nauthor = "A"\ntitle = "T"\n')
    (tmp_path / "b.toml").write_text('[x]\nauthor = "B"\ntitle = "U"\n')
    with pytest.raises(ValueError, match="'x' is defined twice"):
        load_references(tmp_path)
    (tmp_path / "b.toml").write_text('[y]\nauthor = "B"\n')
    with pytest.raises(ValueError, match="needs author and title"):
        load_references(tmp_path)
    (tmp_path / "b.toml").write_text('[y]\nauthor = "B"\ntitle = "U"\nlink = "z"\n')
    with pytest.raises(ValueError, match="unknown fields"):
        load_references(tmp_path)


def test_the_references_list_has_an_anchor_per_entry():
    html = render_references({}, "es", page())
    for key in load_references():
        assert f'<li id="ref-{key}">' in html
