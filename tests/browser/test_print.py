"""Printing a page gives its content only: no navigation, tables and collapsed blocks whole."""

import pytest


@pytest.mark.parametrize("path", ["glossary/", "th/calculators/lcc-compare/"])
def test_print_keeps_the_content_and_drops_the_navigation(page, base_url, path):
    page.goto(f"{base_url}/{path}")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".headerlink"):
        assert page.eval_on_selector_all(
            selector, "els => els.every(e => getComputedStyle(e).display === 'none')"
        ), selector
    assert page.is_visible("article h1")
    assert page.is_visible("article table")
    width = page.evaluate("document.querySelector('article').getBoundingClientRect().width")
    page.emulate_media(media="screen")
    assert width > page.evaluate("document.querySelector('article').getBoundingClientRect().width")


def test_collapsed_blocks_are_printed_open(page, base_url):
    page.goto(f"{base_url}/glossary/")
    page.evaluate("""() => {
      const d = document.createElement('details');
      d.innerHTML = '<summary>S</summary><p id="inside">hidden on screen</p>';
      document.querySelector('article').append(d);
    }""")
    assert not page.is_visible("#inside")
    page.emulate_media(media="print")
    assert page.is_visible("#inside")
