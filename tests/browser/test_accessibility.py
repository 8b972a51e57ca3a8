"""axe-core on every page type, in every language: 0 violations."""

import json

import pytest
from browser_helpers import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PREFIX = {"es": "", "en": "en/", "th": "th/", "vi": "vi/"}
PAGE_TYPES = {
    "home": "",
    "section": "guide/",
    "calculators-index": "calculators/",
    "glossary": "glossary/",
    "calculator-lcc": "calculators/lcc/",
    "guide-chapter": "guide/life-cycle-costing/",
}


def violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
      const r = await axe.run(document, {resultTypes: ['violations']});
      return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
    }""")
    return result


@pytest.mark.parametrize("lang", list(PREFIX))
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_content_pages(page, base_url, lang, kind):
    page.goto(f"{base_url}/{PREFIX[lang]}{PAGE_TYPES[kind]}")
    found = violations(page)
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("lang", list(PREFIX))
def test_calculator_in_each_state(page, base_url, lang):
    page.goto(f"{base_url}/{PREFIX[lang]}calculators/lcc-compare/")
    assert not (found := violations(page)), json.dumps(found, ensure_ascii=False, indent=1)
    page.wait_for_function("window.gppEngine && window.gppEngine.state === 'ready'", timeout=60_000)
    page.fill("#gpp-lcc-compare-life_a", "0")
    page.wait_for_function("document.querySelector('.gpp-calc').dataset.gppState === 'invalid'")
    assert not (found := violations(page)), json.dumps(found, ensure_ascii=False, indent=1)
    page.fill("#gpp-lcc-compare-life_a", "9")
    page.wait_for_function("document.querySelector('.gpp-calc').dataset.gppState === 'current'")
    assert not (found := violations(page)), json.dumps(found, ensure_ascii=False, indent=1)


def test_dark_scheme_and_404(page, base_url):
    page.emulate_media(color_scheme="dark")
    page.goto(f"{base_url}/calculators/lcc-compare/")
    assert not (found := violations(page)), json.dumps(found, ensure_ascii=False, indent=1)
    page.goto(f"{base_url}/calculators/lcc/")
    page.wait_for_function("window.gppLcc && Object.keys(window.gppLcc.charts).length === 3")
    assert not (found := violations(page)), json.dumps(found, ensure_ascii=False, indent=1)
    page.goto(f"{base_url}/404.html")
    assert not (found := violations(page)), json.dumps(found, ensure_ascii=False, indent=1)
