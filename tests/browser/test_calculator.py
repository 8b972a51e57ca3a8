"""The calculator in Chromium, in every language, compared with CPython's gpp_core."""

import pytest

from gpp_core import i18n, web
from gpp_core.html import format_cell

LANGS = ("es", "en", "th", "vi")
READ = """() => {
  const root = document.querySelector('.gpp-calc');
  const summary = root.querySelector('.gpp-summary');
  return {
    state: root.dataset.gppState,
    status: root.querySelector('.gpp-status').textContent,
    summary: summary.textContent,
    summaryHidden: summary.hidden,
    viewHidden: root.querySelector('.gpp-view').hidden,
    announced: root.querySelector('.gpp-announce').textContent,
    cells: [...root.querySelectorAll('.gpp-view tbody tr')].map(
      tr => [...tr.querySelectorAll('td')].map(td => td.textContent)),
    form: Object.fromEntries(
      [...root.querySelectorAll('input, select')].map(e => [e.name, e.value])),
  };
}"""
# What a reader of each language might type: locale decimal separators included.
TYPED = {
    "es": {"price_b": "2,000.5", "discount_rate": "6.5", "life_b": "12", "currency": "PEN"},
    "en": {"price_b": "2000.5", "discount_rate": "6.5", "life_b": "12", "currency": "EUR"},
    "th": {"price_b": "2,000.5", "discount_rate": "6.5", "life_b": "12", "currency": "THB"},
    "vi": {"price_b": "2.000,5", "discount_rate": "6,5", "life_b": "12", "currency": "VND"},
}


def url(base_url, lang):
    return f"{base_url}/{'' if lang == 'es' else lang + '/'}calculators/lcc-compare/"


def expected(form, lang):
    answer = web.evaluate("lcc-compare", form, lang)
    assert answer["ok"], answer
    view = answer["view"]
    na = i18n.translate("widget.not_applicable", lang)
    cells = [
        [format_cell(c, view["currency"], lang) or na for c in row["cells"]]
        for row in view["tables"][0]["rows"]
    ]
    return view["summary"], cells


def loading_messages(lang):
    """The status texts of the three start-up steps, as the widget words them."""
    steps = ("widget.step.download", "widget.step.engine", "widget.step.start")
    return [
        i18n.translate("widget.loading", lang, step=n, steps=3, what=i18n.translate(key, lang))
        for n, key in enumerate(steps, start=1)
    ]


def wait_ready(page):
    page.wait_for_function("window.gppEngine && window.gppEngine.state === 'ready'", timeout=60_000)


def wait_state(page, state):
    page.wait_for_function(
        f"document.querySelector('.gpp-calc').dataset.gppState === '{state}'", timeout=30_000
    )


@pytest.mark.parametrize("lang", LANGS)
def test_calculator_end_to_end(page, base_url, lang):
    page.goto(url(base_url, lang))
    before = page.evaluate(READ)
    summary, cells = expected(before["form"], lang)
    assert before["summary"] == summary, "prerendered result differs from CPython"
    assert before["cells"] == cells
    assert before["state"] == "static"
    assert before["status"] in (
        i18n.translate("widget.static_result", lang),
        i18n.translate("widget.ready", lang),
    ) or before["status"].startswith(i18n.translate("widget.loading", lang).split("(")[0])

    wait_ready(page)
    assert page.evaluate(READ)["status"] == i18n.translate("widget.ready", lang)

    for name, value in TYPED[lang].items():
        if name == "currency":
            page.select_option(f"#gpp-lcc-compare-{name}", value)
        else:
            page.fill(f"#gpp-lcc-compare-{name}", value)
    wait_state(page, "current")
    after = page.evaluate(READ)
    summary, cells = expected(after["form"], lang)
    assert after["summary"] == summary
    assert after["cells"] == cells, "the browser's Intl formatting differs from CPython's"
    assert after["summary"] != before["summary"]
    # The unit labels follow the currency.
    assert TYPED[lang]["currency"] in page.text_content("label[for=gpp-lcc-compare-price_a]")
    # Screen readers hear the new result once typing pauses.
    page.wait_for_function(
        "document.querySelector('.gpp-announce').textContent === "
        "document.querySelector('.gpp-summary').textContent",
        timeout=5_000,
    )


@pytest.mark.parametrize("lang", LANGS)
def test_bad_input_gets_a_message_next_to_its_field(page, base_url, lang):
    page.goto(url(base_url, lang))
    wait_ready(page)
    for typed in ("0", "abc", ""):
        page.fill("#gpp-lcc-compare-life_a", typed)
        wait_state(page, "invalid")
        state = page.evaluate(READ)
        answer = web.evaluate("lcc-compare", state["form"], lang)
        (error,) = answer["errors"]
        assert page.text_content("#gpp-lcc-compare-life_a-error") == error["message"]
        assert page.is_visible("#gpp-lcc-compare-life_a-error")
        assert page.get_attribute("#gpp-lcc-compare-life_a", "aria-invalid") == "true"
        # No stale numbers are left on show as if they were current.
        assert state["summaryHidden"] and state["viewHidden"]
        assert state["status"] == i18n.translate("widget.fix_errors", lang, count=1)
    page.fill("#gpp-lcc-compare-life_a", "8")
    wait_state(page, "current")
    assert not page.is_visible("#gpp-lcc-compare-life_a-error")
    assert page.get_attribute("#gpp-lcc-compare-life_a", "aria-invalid") is None


def test_every_edit_marks_the_result_stale_at_once(page, base_url):
    page.goto(url(base_url, "en"))
    wait_ready(page)
    state = page.evaluate("""() => {
      const input = document.querySelector('#gpp-lcc-compare-running_a');
      input.value = '310';
      input.dispatchEvent(new Event('input', {bubbles: true}));
      return document.querySelector('.gpp-calc').dataset.gppState;
    }""")
    assert state == "stale"
    assert page.get_attribute(".gpp-result", "aria-busy") == "true"
    wait_state(page, "current")
    assert page.get_attribute(".gpp-result", "aria-busy") is None


def test_an_edit_before_python_is_ready_is_computed_once_it_is(page, base_url):
    page.goto(url(base_url, "th"), wait_until="domcontentloaded")
    page.fill("#gpp-lcc-compare-price_a", "5000")
    state = page.evaluate(READ)
    assert state["state"] == "stale"
    assert state["status"] in (i18n.translate("widget.pending", "th"), *loading_messages("th"))
    wait_state(page, "current")
    final = page.evaluate(READ)
    assert final["form"]["price_a"] == "5000"
    assert (final["summary"], final["cells"]) == expected(final["form"], "th")


def test_progress_is_visible_while_python_loads(page, base_url):
    page.goto(url(base_url, "vi"), wait_until="domcontentloaded")
    page.focus("#gpp-lcc-compare-price_a")  # first interaction starts the engine
    page.wait_for_function(
        "document.querySelector('.gpp-progress') && "
        "!document.querySelector('.gpp-progress').hidden",
        timeout=10_000,
    )
    assert page.text_content(".gpp-status") in loading_messages("vi")
    wait_ready(page)
    assert page.is_hidden(".gpp-progress")


def test_without_javascript_the_page_still_gives_the_result(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url(base_url, "es"))
    summary, cells = expected({}, "es")
    assert page.text_content(".gpp-summary") == summary
    rows = page.eval_on_selector_all(
        ".gpp-view tbody tr",
        "rows => rows.map(r => [...r.querySelectorAll('td')].map(td => td.textContent))",
    )
    assert rows == cells
    assert page.is_visible("#gpp-lcc-compare-price_a")
    assert page.text_content(".gpp-noscript") == i18n.translate("widget.noscript", "es")
    assert page.is_visible(".gpp-noscript")
    context.close()


def test_if_python_cannot_load_the_page_says_so_and_keeps_no_result_as_current(browser, base_url):
    context = browser.new_context()
    # Simulate a broken download of the WebAssembly runtime.
    context.route("**/pyodide.asm.wasm", lambda route: route.abort())
    page = context.new_page()
    page.goto(url(base_url, "vi"))
    page.fill("#gpp-lcc-compare-price_a", "5000")
    page.wait_for_function(
        "window.gppEngine && window.gppEngine.state === 'failed'", timeout=60_000
    )
    state = page.evaluate(READ)
    assert state["state"] == "failed"
    assert state["status"] == i18n.translate("widget.failed", "vi")
    # The numbers on show are the prerendered ones, dimmed and labelled as such.
    assert (state["summary"], state["cells"]) == expected({}, "vi")
    opacity = page.eval_on_selector(".gpp-view", "e => getComputedStyle(e).opacity")
    assert float(opacity) < 1
    context.close()
