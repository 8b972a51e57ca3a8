"""The monitoring tools in Chromium, in every language, compared with CPython's gpp_core:
the SDG 12.7.1 self-assessment and the priority-setting tool. Errors next to their
fields, axe on the new pages, and the pages without JavaScript.

The ``page`` fixture fails a test on any request that leaves the local server, any
console error and any failed response.
"""

import json
from urllib.parse import unquote

import pytest
from browser_helpers import ROOT

from gpp_core import i18n, priorities
from gpp_core.calculators import priorities as prio_calc
from gpp_core.calculators import sdg1271 as sdg_calc
from gpp_core.html import format_cell

LANGS = ("es", "en", "th", "vi")
PREFIX = {"es": "", "en": "en/", "th": "th/", "vi": "vi/"}
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# What the page shows and what the widget sends: read from the live DOM.
READ = """(root) => {
  const cells = (sel) => [...root.querySelectorAll(sel + ' tbody tr')].map(
    tr => [...tr.querySelectorAll('td')].map(td => td.textContent));
  const data = {};
  const form = root.querySelector('form');
  for (const el of form.elements) {
    if (!el.name || el.closest('tr.gpp-group-row')) continue;
    if (el.type === 'radio') { if (el.checked) data[el.name] = el.value; }
    else if (el.type === 'checkbox') data[el.name] = el.checked ? 'on' : '';
    else data[el.name] = el.value;
  }
  const rows = [...root.querySelectorAll('tr.gpp-group-row')];
  if (rows.length || root.querySelector('.gpp-score-table')) {
    data.groups = rows.map(tr => Object.fromEntries(
      [...tr.querySelectorAll('input[name]')].map(i => [i.name, i.value])));
  }
  const summary = root.querySelector('.gpp-summary');
  return {
    state: root.dataset.gppState,
    status: root.querySelector('.gpp-status').textContent,
    summary: summary.textContent,
    summaryHidden: summary.hidden,
    viewHidden: root.querySelector('.gpp-view').hidden,
    announced: root.querySelector('.gpp-announce').textContent,
    cells: cells('.gpp-view'),
    answers: cells('.gpp-answers'),
    improvements: [...root.querySelectorAll('.gpp-improvements li')].map(li => li.textContent),
    notes: [...root.querySelectorAll('.gpp-view .gpp-notes li')].map(li => li.textContent),
    payload: data,
  };
}"""


def url(base_url, lang, page):
    return f"{base_url}/{PREFIX[lang]}monitoring/{page}/"


def open_tool(page, base_url, lang, name):
    """Open a tool's page and wait until its widget module has mounted."""
    page.goto(url(base_url, lang, name))
    page.wait_for_function("document.querySelector('.gpp-calc').dataset.gppState", timeout=30_000)


def read(page):
    return page.eval_on_selector(".gpp-calc", READ)


def table_cells(table, lang):
    na = i18n.translate("widget.not_applicable", lang)
    return [[format_cell(c, "USD", lang) or na for c in row["cells"]] for row in table["rows"]]


def wait_ready(page):
    page.wait_for_function("window.gppEngine && window.gppEngine.state === 'ready'", timeout=60_000)


def wait_state(page, state):
    page.wait_for_function(
        f"document.querySelector('.gpp-calc').dataset.gppState === '{state}'", timeout=30_000
    )


def wait_announced(page):
    page.wait_for_function(
        "document.querySelector('.gpp-announce').textContent === "
        "document.querySelector('.gpp-summary').textContent",
        timeout=5_000,
    )


def violations(page):
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
      const r = await axe.run(document, {resultTypes: ['violations']});
      return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
    }""")


# ------------------------------------------------------------------ SDG 12.7.1


def sdg_expected(payload, lang):
    answer = sdg_calc.assess_form(payload, lang)
    assert answer["ok"], answer
    view = answer["view"]
    return {
        "summary": view["summary"],
        "cells": table_cells(view["tables"][0], lang),
        "answers": table_cells(view["answers"], lang),
        "improvements": view["improvements"],
        "notes": view["notes"],
    }


def sdg_shown(state):
    return {k: state[k] for k in ("summary", "cells", "answers", "improvements", "notes")}


@pytest.mark.parametrize("lang", LANGS)
def test_questionnaire_end_to_end(page, base_url, lang):
    open_tool(page, base_url, lang, "sdg-12-7-1")
    before = read(page)
    assert before["state"] == "static"
    assert sdg_shown(before) == sdg_expected(before["payload"], lang), "prerender differs"
    assert before["payload"]["A1"] == "unknown"

    wait_ready(page)
    assert read(page)["status"] == i18n.translate("widget.ready", lang)
    for item, option in (
        ("A1", "applied"),
        ("B5", "required"),
        ("B6", "allowed"),
        ("C3", "partly"),
    ):
        page.check(f"#gpp-sdg-12-7-1-{item}-{option}")
    page.fill("#gpp-sdg-12-7-1-F1", i18n.format_number(12.5, lang))
    page.fill("#gpp-sdg-12-7-1-w_A", i18n.format_number(13.34, lang))
    page.fill("#gpp-sdg-12-7-1-w_F", i18n.format_number(20, lang))
    wait_state(page, "current")
    after = read(page)
    assert after["payload"]["F1"] == i18n.format_number(12.5, lang)
    expected = sdg_expected(after["payload"], lang)
    assert sdg_shown(after) == expected, "the browser's result differs from CPython's"
    assert after["summary"] != before["summary"]
    assert after["status"] == i18n.translate("widget.ready", lang)
    # The answers table (printed with the result) follows the answers.
    applied = sdg_calc.engine.questionnaire().item("A1").option("applied").label[lang]
    assert after["answers"][0][0] == applied != before["answers"][0][0]
    wait_announced(page)


@pytest.mark.parametrize("lang", LANGS)
def test_questionnaire_errors_next_to_their_fields(page, base_url, lang):
    open_tool(page, base_url, lang, "sdg-12-7-1")
    wait_ready(page)
    page.fill("#gpp-sdg-12-7-1-w_A", "50")
    wait_state(page, "invalid")
    state = read(page)
    answer = sdg_calc.assess_form(state["payload"], lang)
    (error,) = answer["errors"]
    assert error["field"] == "weights"
    assert page.text_content("#gpp-sdg-12-7-1-weights-error") == error["message"]
    assert page.is_visible("#gpp-sdg-12-7-1-weights-error")
    assert state["summaryHidden"] and state["viewHidden"]
    assert state["status"] == i18n.translate("widget.fix_errors", lang, count=1)
    assert page.is_disabled(".gpp-print")

    # Rescaling on request gives a result again, with a note saying so.
    page.check("#gpp-sdg-12-7-1-normalise")
    wait_state(page, "current")
    state = read(page)
    assert sdg_shown(state) == sdg_expected(state["payload"], lang)
    assert not page.is_visible("#gpp-sdg-12-7-1-weights-error")
    total = sdg_calc.assess_form(state["payload"], lang)["result"]["weights_sum"]
    rescaled = i18n.translate(
        "sdg-12-7-1.note.rescaled", lang, sum=i18n.format_percent(total, lang, max_decimals=2)
    )
    assert rescaled in state["notes"]

    page.fill("#gpp-sdg-12-7-1-F1", "abc")
    wait_state(page, "invalid")
    (error,) = sdg_calc.assess_form(read(page)["payload"], lang)["errors"]
    assert page.text_content("#gpp-sdg-12-7-1-F1-error") == error["message"]
    assert page.get_attribute("#gpp-sdg-12-7-1-F1", "aria-invalid") == "true"
    page.fill("#gpp-sdg-12-7-1-F1", "")
    wait_state(page, "current")
    assert page.get_attribute("#gpp-sdg-12-7-1-F1", "aria-invalid") is None


def test_print_the_result_alone(page, base_url):
    open_tool(page, base_url, "es", "sdg-12-7-1")
    wait_ready(page)
    assert page.is_visible(".gpp-print")
    page.evaluate("""() => { window.print = () => {
      window.__printed = document.documentElement.classList.contains('gpp-print-result')
        && document.querySelector('.gpp-calc').classList.contains('gpp-print-target');
      window.dispatchEvent(new Event('afterprint'));
    }; }""")
    page.click(".gpp-print")
    assert page.evaluate("window.__printed") is True
    assert "gpp-print-result" not in (page.get_attribute("html", "class") or "")
    date = page.text_content(".gpp-print-date")
    assert date.startswith("(Impreso el ")
    # In print, the form is left out and the answers table is shown.
    page.emulate_media(media="print")
    assert page.is_hidden(".gpp-questionnaire")
    assert page.is_visible(".gpp-answers")
    assert page.is_visible(".gpp-print-title")
    page.emulate_media(media="screen")
    assert page.is_hidden(".gpp-answers")


# ------------------------------------------------------------------ priorities


def prio_expected(payload, lang):
    answer = prio_calc.rank_form(payload, lang)
    assert answer["ok"], answer
    view = answer["view"]
    return answer, {
        "summary": view["summary"],
        "cells": table_cells(view["tables"][0], lang),
        "notes": view["notes"],
    }


def prio_shown(state):
    return {k: state[k] for k in ("summary", "cells", "notes")}


def row(n):
    return f".gpp-score-table tbody tr.gpp-group-row:nth-child({n})"


def link_text(page, selector):
    href = page.get_attribute(selector, "href")
    prefix, _, data = href.partition(",")
    assert prefix.startswith("data:")
    return unquote(data)


@pytest.mark.parametrize("lang", LANGS)
def test_priority_tool_end_to_end(page, base_url, lang):
    open_tool(page, base_url, lang, "priorities")
    before = read(page)
    assert before["state"] == "static"
    answer, expected = prio_expected(before["payload"], lang)
    assert prio_shown(before) == expected, "prerender differs"
    assert link_text(page, ".gpp-download-csv") == answer["csv"]
    assert len(before["payload"]["groups"]) == 15

    wait_ready(page)
    page.fill(f"{row(1)} input[name=name]", "=Papel")
    page.fill(f"{row(2)} input[name=environmental_impact]", i18n.format_number(1.5, lang))
    page.click(f"{row(3)} .gpp-remove")
    page.click(".gpp-add")
    new = row(15)
    assert page.input_value(f"{new} input[name=name]") == i18n.translate(
        "priorities.new_group", lang, n=1
    )
    assert page.evaluate("document.activeElement.name") == "name"  # focus moved to the new row
    page.fill(f"{new} input[name=spend]", "5")
    page.fill(f"{new} input[name=influence]", "5")
    wait_state(page, "current")
    after = read(page)
    assert len(after["payload"]["groups"]) == 15
    assert after["payload"]["groups"][-1]["id"] == "custom-1"
    answer, expected = prio_expected(after["payload"], lang)
    assert prio_shown(after) == expected, "the browser's ranking differs from CPython's"
    assert after["summary"] != before["summary"]
    # Downloads carry gpp_core's files for the current ranking, safe from formulas.
    csv_text = link_text(page, ".gpp-download-csv")
    assert csv_text == answer["csv"]
    assert ",'=Papel," in csv_text
    assert json.loads(link_text(page, ".gpp-download-json")) == json.loads(answer["json"])
    # The hidden labels of a renamed row follow its name.
    label = page.text_content(f"{row(1)} td[data-criterion=spend] label")
    assert label == i18n.translate(
        "priorities.cell_label",
        lang,
        criterion=priorities.catalogue().criterion("spend").name[lang],
        group="=Papel",
    )
    wait_announced(page)


@pytest.mark.parametrize("lang", LANGS)
def test_priority_errors_next_to_their_fields(page, base_url, lang):
    open_tool(page, base_url, lang, "priorities")
    wait_ready(page)
    cell = f"{row(4)} td[data-criterion=social_risk]"
    page.fill(f"{cell} input", "9")
    wait_state(page, "invalid")
    state = read(page)
    (error,) = prio_calc.rank_form(state["payload"], lang)["errors"]
    assert error["field"] == "group.3.social_risk"
    assert page.text_content(f"{cell} .gpp-field__error") == error["message"]
    assert page.get_attribute(f"{cell} input", "aria-invalid") == "true"
    assert state["summaryHidden"] and state["viewHidden"]
    assert page.is_hidden(".gpp-downloads"), "no download of a ranking that is not current"

    page.fill(f"{cell} input", "4")
    page.fill("#gpp-priorities-w_spend", "35")
    wait_state(page, "invalid")
    (error,) = prio_calc.rank_form(read(page)["payload"], lang)["errors"]
    assert page.text_content("#gpp-priorities-weights-error") == error["message"]
    assert page.get_attribute(f"{cell} input", "aria-invalid") is None

    page.check("#gpp-priorities-normalise")
    wait_state(page, "current")
    assert page.is_visible(".gpp-downloads")

    # Spend as amounts: the column head follows, and all-zero amounts are an error.
    page.select_option("#gpp-priorities-spend_mode", "amount")
    head = page.text_content(".gpp-score-table thead th[data-criterion=spend]")
    assert head == i18n.translate(
        "priorities.head.amount", lang, name=priorities.catalogue().criterion("spend").name[lang]
    )
    wait_state(page, "current")
    state = read(page)
    assert prio_shown(state) == prio_expected(state["payload"], lang)[1]

    # Removing every group asks for one.
    while page.locator(".gpp-remove").count():
        page.click(".gpp-remove >> nth=0")
    wait_state(page, "invalid")
    assert page.text_content("#gpp-priorities-groups-error") == i18n.translate(
        "priorities.error.no_groups", lang
    )
    assert page.evaluate("document.activeElement.classList.contains('gpp-add')")


# ------------------------------------------------------------------ without JavaScript


@pytest.mark.parametrize("lang", ("es", "th"))
def test_without_javascript_the_questionnaire_and_its_result_are_there(browser, base_url, lang):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url(base_url, lang, "sdg-12-7-1"))
    expected = sdg_calc.assess_form({}, lang)["view"]
    assert page.text_content(".gpp-summary") == expected["summary"]
    rows = page.eval_on_selector_all(
        ".gpp-view tbody tr",
        "rows => rows.map(r => [...r.querySelectorAll('td')].map(td => td.textContent))",
    )
    assert rows == table_cells(expected["tables"][0], lang)
    # A real form: every question can be answered (and printed) without the script.
    radios = sum(len(i.options) for i in sdg_calc.engine.questionnaire().items)
    assert page.locator(".gpp-questionnaire input[type=radio]").count() == radios == 77
    assert page.is_visible("#gpp-sdg-12-7-1-B6-required")
    page.check("#gpp-sdg-12-7-1-B6-required")
    assert page.is_checked("#gpp-sdg-12-7-1-B6-required")
    assert page.is_visible("#gpp-sdg-12-7-1-w_A")
    assert page.is_visible(".gpp-noscript")
    assert page.is_hidden(".gpp-print"), "the print button needs the script"
    context.close()


def test_without_javascript_the_ranking_and_its_downloads_are_there(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url(base_url, "vi", "priorities"))
    answer = prio_calc.rank_form(prio_calc._initial(None, "vi"), "vi")
    assert page.text_content(".gpp-summary") == answer["view"]["summary"]
    assert page.locator("tr.gpp-group-row").count() == 15
    assert page.is_hidden(".gpp-add")
    assert (
        unquote(page.get_attribute(".gpp-download-csv", "href").split(",", 1)[1]) == (answer["csv"])
    )
    context.close()


# ------------------------------------------------------------------ accessibility


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ["", "sdg-12-7-1/", "priorities/"])
def test_axe_on_the_monitoring_pages(page, base_url, lang, name):
    page.goto(f"{base_url}/{PREFIX[lang]}monitoring/{name}")
    assert not (found := violations(page)), json.dumps(found, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("lang", ("es", "vi"))
def test_axe_on_the_tools_with_errors_and_added_rows(page, base_url, lang):
    open_tool(page, base_url, lang, "sdg-12-7-1")
    wait_ready(page)
    page.fill("#gpp-sdg-12-7-1-F1", "abc")
    page.fill("#gpp-sdg-12-7-1-w_B", "90")
    wait_state(page, "invalid")
    assert not (found := violations(page)), json.dumps(found, ensure_ascii=False, indent=1)
    open_tool(page, base_url, lang, "priorities")
    wait_ready(page)
    page.click(".gpp-add")
    page.fill(f"{row(2)} input[name=spend]", "0")
    wait_state(page, "invalid")
    assert not (found := violations(page)), json.dumps(found, ensure_ascii=False, indent=1)


def test_axe_in_the_dark_scheme_and_on_a_phone(page, base_url):
    page.emulate_media(color_scheme="dark")
    open_tool(page, base_url, "en", "priorities")
    assert not (found := violations(page)), json.dumps(found, ensure_ascii=False, indent=1)
    page.set_viewport_size({"width": 390, "height": 844})
    open_tool(page, base_url, "th", "sdg-12-7-1")
    assert not (found := violations(page)), json.dumps(found, ensure_ascii=False, indent=1)
