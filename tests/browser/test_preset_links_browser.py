"""Preset links and quizzes in Chromium.

Every preset link of the built site (training exercises, case studies, toolkits) is
followed: the calculator must open with the values of the link's scenario file, with
the form gpp_core renders for those values and the summary CPython computes for them.
A damaged link says so next to the calculator and leaves it working. Quizzes work with
JavaScript (checking, a score announced) and without it (answers in collapsible blocks).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from browser_helpers import SITE

from calculators.blocks import scenarios
from gpp_core import html as gpp_html
from gpp_core import presets
from gpp_core.calculators import lcc as lcc_calc

LANGS = ("es", "en", "th", "vi")
LINK = re.compile(
    r'<a class="gpp-preset-link" href="(?P<href>[^"]+)" data-gpp-preset="(?P<file>[^"]+)"'
    r' data-gpp-preset-calculator="(?P<calculator>[^"]+)"'
)


def page_path(html_file) -> str:
    rel = html_file.relative_to(SITE).as_posix()
    return "/" + rel[: -len("index.html")]


def preset_links(lang: str) -> list[tuple[str, str, str]]:
    """(page URL path, link href, scenario file) of every preset link in ``lang``."""
    root = SITE if lang == "es" else SITE / lang
    found = []
    for html_file in sorted(root.rglob("index.html")):
        rel = html_file.relative_to(SITE).as_posix()
        if lang == "es" and rel.split("/", 1)[0] in LANGS[1:]:
            continue
        for match in LINK.finditer(html_file.read_text("utf-8")):
            found.append((page_path(html_file), match["href"].replace("&amp;", "&"), match["file"]))
    return found


class Controls(HTMLParser):
    """The value of every named input, select and textarea of some HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") not in ("radio", "checkbox"):
            self.values[a["name"]] = a.get("value") or ""
        elif tag == "input" and a.get("name") and "checked" in a:
            self.values[a["name"]] = a.get("value") or "on"
        elif tag == "select" and a.get("name"):
            self.select = a["name"]
            self.values.setdefault(a["name"], "")
        elif tag == "option" and self.select and "selected" in a:
            self.values[self.select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None


def dom_controls(page, selector: str) -> dict[str, str]:
    return page.evaluate(
        """(selector) => {
          const out = {};
          const root = document.querySelector(selector);
          for (const el of root.querySelectorAll("input[name], select[name]")) {
            if (el.type !== "radio" && el.type !== "checkbox") out[el.name] = el.value;
            else if (el.checked) out[el.name] = el.value;
          }
          return out;
        }""",
        selector,
    )


def wait_opened(page, calculator: str) -> None:
    if calculator == "lcc":
        page.wait_for_function(
            "window.gppLcc && document.querySelector('#gpp-lcc').dataset.gppState === 'current'",
            timeout=90_000,
        )
    else:
        page.wait_for_selector(
            f'[data-gpp-calculator="{calculator}"][data-gpp-preset="opened"][data-gpp-mounted]',
            timeout=90_000,
        )


def check_link(page, base_url: str, where: str, href: str, file: str, lang: str) -> None:
    scenario = scenarios.load(file)
    calculator = scenario["calculator"]
    values = scenarios.values(scenario, lang)
    url = urljoin(base_url + where, href)
    page.goto("about:blank")  # a new load, as when the reader follows the link from its page
    page.goto(url)
    wait_opened(page, calculator)
    summary = page.locator(f'[data-gpp-calculator="{calculator}"] .gpp-summary').first.inner_text()
    expected = scenarios.answer(file, lang)["summary"]
    assert summary.strip() == expected.strip(), f"{file} from {where}"
    if calculator == "lcc":
        form = lcc_calc.api_share_decode({"fragment": presets.encode(values)}, lang)["form"]
        assert form["buyer"], file
        return
    expected_controls = Controls()
    expected_controls.feed(gpp_html.render_widget(calculator, lang, values))
    shown = dom_controls(page, f'[data-gpp-calculator="{calculator}"]')
    for name, value in expected_controls.values.items():
        got = shown.get(name)
        assert got == value, f"{file}: field {name} shows {got!r}, not {value!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_preset_links_carry_their_scenario_in_every_language(lang):
    links = preset_links(lang)
    if lang == "en" and not links:
        pytest.fail("the built site has no preset links")
    for _where, href, file in links:
        scenario = scenarios.load(file)
        name, _, fragment = href.partition("#")[2].partition("=")
        assert name == scenario["calculator"], href
        assert presets.decode(fragment) == scenarios.values(scenario, lang), file


def test_every_preset_link_opens_its_calculator_with_its_values(page, base_url):
    links = preset_links("en")
    assert links, "the built site has no preset links"
    seen = set()
    for where, href, file in links:
        if (href, file) in seen:
            continue
        seen.add((href, file))
        check_link(page, base_url, where, href, file, "en")


@pytest.mark.parametrize("lang", ["es", "th", "vi"])
def test_a_preset_link_opens_in_every_language(page, base_url, lang):
    links = [link for link in preset_links(lang) if scenarios.load(link[2])["calculator"] != "lcc"]
    assert links, f"no preset link in {lang}"
    where, href, file = links[0]
    check_link(page, base_url, where, href, file, lang)


def test_the_default_result_is_stale_until_the_link_is_open(page, base_url):
    values = {"answers": {"A1": "applied", "B1": "required"}}
    fragment = presets.fragment("sdg-12-7-1", values)
    page.goto(f"{base_url}/en/monitoring/sdg-12-7-1/#{fragment}")
    root = '[data-gpp-calculator="sdg-12-7-1"]'
    page.wait_for_selector(f'{root}[data-gpp-state="stale"]', timeout=10_000)
    assert page.locator('[data-gpp-calculator="sdg-12-7-1"] form').evaluate("f => f.inert")
    wait_opened(page, "sdg-12-7-1")
    status = page.locator('[data-gpp-calculator="sdg-12-7-1"] .gpp-status').inner_text()
    assert "values from the link are open" in status


def test_a_second_link_to_the_same_page_opens_its_own_values(page, base_url):
    first = {"answers": {"A1": "applied"}}
    second = {"answers": {"A1": "draft", "B1": "required"}}
    root = '[data-gpp-calculator="sdg-12-7-1"]'
    page.goto(f"{base_url}/en/monitoring/sdg-12-7-1/#{presets.fragment('sdg-12-7-1', first)}")
    wait_opened(page, "sdg-12-7-1")
    summary = page.locator(f"{root} .gpp-summary").inner_text()
    page.evaluate("(hash) => { location.hash = hash; }", presets.fragment("sdg-12-7-1", second))
    page.wait_for_function(
        '(old) => { const s = document.querySelector(\'[data-gpp-calculator="sdg-12-7-1"]'
        '[data-gpp-mounted="true"] .gpp-summary\'); return s && s.innerText !== old; }',
        arg=summary,
        timeout=60_000,
    )
    assert page.locator(root).count() == 1
    expected = Controls()
    expected.feed(gpp_html.render_widget("sdg-12-7-1", "en", second))
    shown = dom_controls(page, root)
    assert {k: shown.get(k) for k in expected.values} == expected.values
    from gpp_core.calculators import sdg1271

    got = page.locator(f"{root} .gpp-summary").inner_text().strip()
    assert got == sdg1271.view(sdg1271.compute(second), "en")["summary"].strip()


@pytest.mark.parametrize("lang", ["en", "th"])
def test_a_damaged_link_says_so_and_the_calculator_keeps_working(page, base_url, lang):
    prefix = "" if lang == "es" else f"/{lang}"
    page.goto(f"{base_url}{prefix}/calculators/bid-scorer/#bid-scorer=1.not-a-preset")
    error = page.locator(".gpp-preset-error")
    error.wait_for(timeout=90_000)
    assert (
        error.inner_text()
        == presets.api_open({"calculator": "bid-scorer", "fragment": "1.x"}, lang)["errors"][0][
            "message"
        ]
    )
    root = page.locator('[data-gpp-calculator="bid-scorer"]')
    page.fill("#gpp-bid-scorer-bids-0-price", "99000")
    page.wait_for_function(
        "document.querySelector('[data-gpp-calculator=bid-scorer]').dataset.gppState === 'current'",
        timeout=60_000,
    )
    assert root.get_attribute("data-gpp-state") == "current"


def test_values_the_calculator_refuses_are_named(page, base_url):
    values = {
        "settings": {"price_weight": 0.6},
        "criteria": [{"key": "q", "name": "Q", "kind": "quality", "weight": 0.4, "max_score": 100}],
        "bids": [{"name": "A", "price": -5, "scores": {"q": 50}}],
    }
    page.goto(f"{base_url}/en/calculators/bid-scorer/#{presets.fragment('bid-scorer', values)}")
    error = page.locator(".gpp-preset-error")
    error.wait_for(timeout=90_000)
    text = error.inner_text()
    assert "not valid for this calculator" in text
    assert "greater than zero" in text or "price" in text.lower()


def quiz_page(lang: str) -> str:
    root = SITE if lang == "es" else SITE / lang
    for html_file in sorted((root / "training").rglob("index.html")):
        if 'class="gpp-quiz"' in html_file.read_text("utf-8"):
            return page_path(html_file)
    pytest.fail(f"no quiz in the {lang} training pages")


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_quiz_checks_the_answers_and_announces_the_score(page, base_url, lang):
    page.goto(base_url + quiz_page(lang))
    quiz = page.locator(".gpp-quiz").first
    items = quiz.locator(".gpp-quiz__item")
    count = items.count()
    assert count >= 2
    first = items.nth(0)
    answer = first.get_attribute("data-answer")
    first.locator(f'input[value="{answer}"]').check()
    second_answer = items.nth(1).get_attribute("data-answer")
    wrong = items.nth(1).locator(f'input:not([value="{second_answer}"])').first
    wrong.check()
    quiz.locator(".gpp-quiz__check").click()
    assert first.get_attribute("data-gpp-result") == "right"
    assert items.nth(1).get_attribute("data-gpp-result") == "wrong"
    assert first.locator("details").evaluate("d => d.open")
    score = quiz.locator(".gpp-quiz__score")
    assert score.get_attribute("role") == "status"
    template = quiz.get_attribute("data-score")
    assert score.inner_text() == template.replace("{correct}", "1").replace("{total}", str(count))


def test_without_javascript_a_quiz_shows_its_answers_on_demand(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base_url + quiz_page("th"))
        quiz = page.locator(".gpp-quiz").first
        assert quiz.locator(".gpp-quiz__actions").is_hidden()
        details = quiz.locator("details").first
        assert not details.evaluate("d => d.open")
        details.locator("summary").click()
        assert details.evaluate("d => d.open")
        assert details.locator("p").first.is_visible()
    finally:
        context.close()
