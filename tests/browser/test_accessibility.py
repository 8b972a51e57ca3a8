"""axe-core on every built page, every language, and a calculator in each state: 0 violations."""

import json
import re

import pytest
from browser_helpers import ROOT, SITE

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PREFIX = {"es": "", "en": "en/", "th": "th/", "vi": "vi/"}


def violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
      const r = await axe.run(document, {resultTypes: ['violations']});
      return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
    }""")
    return result


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


def test_every_built_page_as_first_rendered(page, base_url):
    """Every page of the sitemap, in every language, before any script has changed it."""
    sitemap = (SITE / "sitemap.xml").read_text("utf-8")
    urls = sorted(
        {
            u.replace("http://127.0.0.1:8000", base_url)
            for u in re.findall(r'(?:<loc>|hreflang="[a-z]+" href=")([^<"]+)', sitemap)
        }
    )
    assert len(urls) >= 40
    failures = {}
    for url in urls:
        page.goto(url, wait_until="domcontentloaded")
        if found := violations(page):
            failures[url] = found
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)


def test_dark_scheme_and_404(page, base_url):
    page.emulate_media(color_scheme="dark")
    page.goto(f"{base_url}/calculators/lcc-compare/")
    assert not (found := violations(page)), json.dumps(found, ensure_ascii=False, indent=1)
    page.goto(f"{base_url}/calculators/lcc/")
    page.wait_for_function("window.gppLcc && Object.keys(window.gppLcc.charts).length === 3")
    assert not (found := violations(page)), json.dumps(found, ensure_ascii=False, indent=1)
    page.goto(f"{base_url}/404.html")
    assert not (found := violations(page)), json.dumps(found, ensure_ascii=False, indent=1)
