"""The indicators tool in Chromium, in every language: a file opened from the reader's
computer (Playwright set_input_files), the figures compared with CPython's gpp_core, a
bad file giving the translated error next to the file field, downloads, axe, and no
request leaving the local server (the page fixture fails the test on any)."""

import base64
import json

import pytest
from browser_helpers import ROOT

from gpp_core import i18n, indicators, web
from gpp_core.html import format_cell

LANGS = ("es", "en", "th", "vi")
PREFIX = {"es": "", "en": "en/", "th": "th/", "vi": "vi/"}
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
HEADER = "contract_id,entity,product_group,date,amount,currency,sustainable,women_owned,sme"
RECORDS = (
    HEADER
    + "\nC1,City,Paper,2024-01-15,100,PEN,yes,yes,yes"
    + "\nC2,City,Paper,2024-04-01,300,PEN,no,no,"
    + "\nC3,Region,IT,2024-07-20,1234.5,PEN,yes,,no"
    + "\nC4,Region,IT,2025-02-10,abc,PEN,yes,no,no"
    + "\nC5,Region,Paper,2025-03-31,200,PEN,maybe,yes,yes\n"
)
READ = """() => {
  const root = document.querySelector('#gpp-indicators');
  const text = (node) => node ? node.textContent : null;
  const rows = (selector) => [...root.querySelectorAll(selector + ' tbody tr')].map(
    tr => [...tr.querySelectorAll('th, td')].map(c => c.textContent));
  return {
    state: root.dataset.gppState,
    status: text(root.querySelector('.gpp-status')),
    source: text(root.querySelector('.gpp-source')),
    summary: text(root.querySelector('.gpp-summary')),
    totals: rows('.gpp-view table'),
    chart: rows('.gpp-chart-area table'),
    rejected: rows('.gpp-rejected table'),
    fileError: text(root.querySelector('#gpp-indicators-file-error')),
    fileErrorHidden: root.querySelector('#gpp-indicators-file-error').hidden,
    invalid: root.querySelector('#gpp-indicators-file').getAttribute('aria-invalid'),
    outputHidden: root.querySelector('.gpp-output').hidden,
  };
}"""


def url(base_url, lang):
    return f"{base_url}/{PREFIX[lang]}monitoring/indicators/"


def wait_state(page, state, timeout=60_000):
    page.wait_for_function(
        f"document.querySelector('#gpp-indicators').dataset.gppState === '{state}'",
        timeout=timeout,
    )


def ready(page):
    page.wait_for_function("window.gppEngine && window.gppEngine.state === 'ready'", timeout=90_000)
    wait_state(page, "current")  # the example dataset, computed again in the browser


def expected(payload, lang):
    """What CPython's gpp_core answers, laid out as the page shows it."""
    answer = web.call("indicators.compute", payload, lang)
    assert answer["ok"], answer
    view = answer["view"]
    na = i18n.translate("indicators.na", lang)

    def table(data):
        return [
            [
                row["label"],
                *(
                    ""
                    if c["kind"] == "empty"
                    else na
                    if c["value"] is None
                    else format_cell(c, view["currency"], lang)
                    for c in row["cells"]
                ),
            ]
            for row in data["rows"]
        ]

    reasons = [
        [i18n.format_number(r["row"], lang), r["column"], r["message"]]
        for r in view["rejected"]["reasons"]
    ]
    return answer, view, table, reasons


def wait_source(page, name):
    page.wait_for_function(
        "name => document.querySelector('#gpp-indicators .gpp-source').textContent.includes(name)",
        arg=name,
        timeout=30_000,
    )


def open_file(page, name, data, mime="text/csv"):
    page.set_input_files("#gpp-indicators-file", {"name": name, "mimeType": mime, "buffer": data})


@pytest.mark.parametrize("lang", LANGS)
def test_a_file_opened_from_the_computer_gives_cpythons_figures(page, base_url, lang):
    page.goto(url(base_url, lang))
    before = page.evaluate(READ)
    # The prerendered example matches CPython before any script ran a computation.
    example = {"text": indicators.template_csv(lang), "by": ["group"]}
    _, view, table, _ = expected(example, lang)
    assert before["summary"] == view["summary"]
    assert before["totals"] == table(view["tables"][0])
    ready(page)
    open_file(page, "contratos.csv", RECORDS.encode("utf-8"))
    wait_source(page, "contratos.csv")
    wait_state(page, "current")
    after = page.evaluate(READ)
    _, view, table, reasons = expected({"text": RECORDS, "by": ["group"]}, lang)
    assert after["status"] == i18n.translate("indicators.status.done", lang, name="contratos.csv")
    assert after["summary"] == view["summary"]
    assert after["totals"] == table(view["tables"][0])
    assert after["chart"] == table(view["breakdown"]["spp_value_share"])
    assert after["rejected"] == reasons
    assert [r[1] for r in after["rejected"]] == [
        indicators.dictionary().column(c).header[lang] for c in ("amount", "sustainable")
    ]
    # Another breakdown and another indicator in the chart: still CPython's figures.
    page.check("input[name='by'][value='quarter']")
    page.uncheck("input[name='by'][value='group']")
    page.wait_for_function(
        "document.querySelector('#gpp-indicators .gpp-chart-area caption') && "
        f"document.querySelector('#gpp-indicators .gpp-chart-area caption').textContent.includes("
        f"{json.dumps(indicators.dictionary().breakdowns['quarter']['label'][lang].lower())})",
        timeout=30_000,
    )
    page.select_option("#gpp-indicators-chart", "women_count_share")
    wait_state(page, "current")
    _, view, table, _ = expected({"text": RECORDS, "by": ["quarter"]}, lang)
    assert page.evaluate(READ)["chart"] == table(view["breakdown"]["women_count_share"])


@pytest.mark.parametrize("lang", LANGS)
def test_a_bad_file_gives_the_translated_error_next_to_the_file_field(page, base_url, lang):
    page.goto(url(base_url, lang))
    ready(page)
    bad = f"{HEADER}\nC1,Municipalidad de Áncash,Paper,2024-01-15,100,PEN,yes,,\n".encode("cp1252")
    open_file(page, "ancash.csv", bad)
    wait_state(page, "invalid")
    state = page.evaluate(READ)
    payload = {"base64": base64.b64encode(bad).decode()}
    answer = web.call("indicators.compute", payload, lang)
    (error,) = answer["errors"]
    assert state["fileError"] == error["message"]
    assert "0xC1" in state["fileError"]
    assert not state["fileErrorHidden"] and state["invalid"] == "true"
    assert state["outputHidden"]
    assert state["status"] == i18n.translate("indicators.status.error", lang)
    # A good file clears the error.
    open_file(page, "ok.csv", RECORDS.encode("utf-8"))
    wait_state(page, "current")
    state = page.evaluate(READ)
    assert state["fileErrorHidden"] and state["invalid"] is None


def test_mixed_currencies_need_rates_typed_by_the_reader(page, base_url):
    page.goto(url(base_url, "vi"))
    ready(page)
    text = RECORDS + "C9,Region,IT,2025-04-01,10,USD,yes,,\n"
    open_file(page, "mixed.csv", text.encode("utf-8"))
    wait_state(page, "invalid")
    assert "USD" in page.evaluate(READ)["fileError"]
    page.fill("#gpp-indicators-currency", "PEN")
    page.fill("#gpp-indicators-rates", "USD = 3,75")  # a Vietnamese decimal comma
    wait_state(page, "current")
    _, view, _, _ = expected(
        {"text": text, "by": ["group"], "currency": "PEN", "rates": "USD = 3,75"}, "vi"
    )
    assert page.evaluate(READ)["summary"] == view["summary"]
    page.fill("#gpp-indicators-rates", "USD = ba")
    wait_state(page, "invalid")
    message = page.text_content("#gpp-indicators-rates-error")
    assert (
        message
        == web.call("indicators.compute", {"text": text, "rates": "USD = ba"}, "vi")["errors"][0][
            "message"
        ]
    )


def test_xlsx_upload_and_the_results_download(page, base_url):
    page.goto(url(base_url, "th"))
    ready(page)
    open_file(
        page,
        "template.xlsx",
        indicators.template_xlsx("th"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    wait_source(page, "template.xlsx")
    wait_state(page, "current")
    answer, view, _, _ = expected({"text": indicators.template_csv("th"), "by": ["group"]}, "th")
    assert page.evaluate(READ)["summary"] == view["summary"]
    with page.expect_download() as info:
        page.click("button[data-download='results']")
    download = info.value
    assert download.suggested_filename == answer["filenames"]["results"]
    with open(download.path(), encoding="utf-8", newline="") as handle:
        text = handle.read()
    expected_csv = indicators.results_csv(
        indicators.compute(indicators.template_xlsx("th"), by=["group"]), "th"
    )
    assert text == expected_csv


@pytest.mark.parametrize("lang", LANGS)
def test_template_downloads_are_the_dictionarys_template(page, base_url, lang):
    page.goto(url(base_url, lang))
    hrefs = page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('[data-gpp-template]')]"
        ".map(a => [a.dataset.gppTemplate, a.getAttribute('href')]))"
    )
    csv_data = base64.b64decode(hrefs["csv"].split(",", 1)[1]).decode("utf-8")
    assert csv_data == indicators.template_csv(lang)
    assert base64.b64decode(hrefs["xlsx"].split(",", 1)[1]) == indicators.template_xlsx(lang)


def violations(page):
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
      const r = await axe.run(document, {resultTypes: ['violations']});
      return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
    }""")


@pytest.mark.parametrize("lang", LANGS)
def test_no_accessibility_violations_before_and_after_a_file(page, base_url, lang):
    page.goto(url(base_url, lang))
    assert not (found := violations(page)), json.dumps(found, ensure_ascii=False, indent=1)
    ready(page)
    open_file(page, "x.csv", RECORDS.encode("utf-8"))
    wait_source(page, "x.csv")
    assert not (found := violations(page)), json.dumps(found, ensure_ascii=False, indent=1)
    open_file(page, "bad.csv", b"")
    wait_state(page, "invalid")
    assert not (found := violations(page)), json.dumps(found, ensure_ascii=False, indent=1)
