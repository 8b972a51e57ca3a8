"""A crawl of every built page: nothing leaves the origin, no console error, no 404."""

import re

from browser_helpers import SITE, watch_page


def all_pages(base_url):
    sitemap = (SITE / "sitemap.xml").read_text("utf-8")
    urls = {
        u.replace("http://127.0.0.1:8000", base_url)
        for u in re.findall(r"<loc>([^<]+)</loc>", sitemap)
    }
    urls |= {
        u.replace("http://127.0.0.1:8000", base_url)
        for u in re.findall(r'hreflang="[a-z]+" href="([^"]+)"', sitemap)
    }
    return [*sorted(urls), f"{base_url}/404.html"]


def test_every_page_is_clean(context, base_url):
    urls = all_pages(base_url)
    assert len(urls) >= 37
    problems = {}
    booted: set[str] = set()
    for url in urls:
        page = context.new_page()
        watch = watch_page(page, base_url)
        response = page.goto(url, wait_until="load")
        assert response is not None and response.status == 200, url
        calculator = page.query_selector("[data-gpp-calculator]")
        if calculator:
            # Let the engine boot once per calculator, so that everything Pyodide fetches
            # (the same files on every calculator page) is checked too; the calculators'
            # own browser tests boot it in every language.
            name = calculator.get_attribute("data-gpp-calculator")
            if name not in booted:
                page.wait_for_function(
                    "window.gppEngine && window.gppEngine.state === 'ready'", timeout=60_000
                )
                booted.add(name)
        else:
            assert page.evaluate("typeof window.gppEngine") == "undefined", (
                f"{url}: Pyodide runtime on a page without a calculator"
            )
        # Open the search once per page: its worker and index load must be clean too.
        page.click("input.md-search__input")
        page.fill("input.md-search__input", "a")
        page.press("input.md-search__input", "End")
        page.wait_for_timeout(300)
        if watch.problems():
            problems[url] = watch.problems()
        page.close()
    assert not problems, problems
