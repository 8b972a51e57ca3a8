"""The life-cycle cost widget in Chromium, compared with CPython's gpp_core.

Every figure on the page must equal what gpp_core computes in CPython for the same
form text (the page sends what the reader typed; gpp_core reads it in the page's
language). The fixtures fail a test on any request leaving the local server, any
console error and any failed response.
"""

from __future__ import annotations

import base64
import json
import re

import pytest
from browser_helpers import ROOT, watch_page

from gpp_core import i18n, lcc_html, xlsx
from gpp_core.calculators import lcc as calc
from gpp_core.html import format_cell

LANGS = ("es", "en", "th", "vi")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
READ = """() => {
  const root = document.querySelector('.gpp-lcc');
  const text = (s) => root.querySelector(s).textContent;
  return {
    state: root.dataset.gppState,
    status: text('.gpp-status'),
    summary: text('.gpp-summary'),
    sensitivity: text('.gpp-lcc-sensitivity-summary'),
    tables: [...root.querySelectorAll('.gpp-view table')].map(t => ({
      caption: t.querySelector('caption').textContent,
      columns: [...t.querySelectorAll('thead th')].map(th => th.textContent),
      rows: [...t.querySelectorAll('tbody tr')].map(tr => [
        tr.querySelector('th').textContent,
        ...[...tr.querySelectorAll('td')].map(td => td.textContent)]),
    })),
    payload: window.gppLcc ? window.gppLcc.readPayload() : null,
    options: root.querySelectorAll('.gpp-lcc-option').length,
  };
}"""
# What a reader of each language types: their own decimal and group separators.
TYPED = {
    "es": {"options.1.purchase_price": "1,250.5", "buyer.discount_rate": "6.5"},
    "en": {"options.1.purchase_price": "1250.5", "buyer.discount_rate": "6.5"},
    "th": {"options.1.purchase_price": "1,250.5", "buyer.discount_rate": "6.5"},
    "vi": {"options.1.purchase_price": "1.250,5", "buyer.discount_rate": "6,5"},
}


def url(base_url: str, lang: str) -> str:
    return f"{base_url}/{'' if lang == 'es' else lang + '/'}calculators/lcc/"


def control(path: str) -> str:
    return "#gpp-lcc-" + path.replace(".", "-").replace("_", "-")


def open_widget(page, address: str) -> None:
    """Go to the page and wait until the widget's script has enhanced it."""
    page.goto(address)
    page.wait_for_function("window.gppLcc !== undefined", timeout=30_000)


def wait_ready(page) -> None:
    page.wait_for_function("window.gppEngine && window.gppEngine.state === 'ready'", timeout=90_000)


def wait_state(page, state: str) -> None:
    page.wait_for_function(
        f"document.querySelector('.gpp-lcc').dataset.gppState === '{state}'", timeout=60_000
    )


def expected(payload: dict, lang: str) -> dict:
    """What the page must show for ``payload``, computed by CPython."""
    answer = lcc_html.widget_answer(payload, lang)
    assert answer["ok"], answer
    widget = answer["widget"]
    na = i18n.translate("widget.not_applicable", lang)
    order = [
        *widget["tables"][:2],
        widget["yearly_table"],
        *widget["tables"][2:],
        *widget["sensitivity_tables"],
    ]
    tables = [
        {
            "caption": table["caption"],
            "columns": [c for c in table["columns"] if c],
            "rows": [
                [
                    row["label"],
                    *[format_cell(c, widget["currency"], lang) or na for c in row["cells"]],
                ]
                for row in table["rows"]
            ],
        }
        for table in order
    ]
    return {
        "summary": widget["summary"],
        "sensitivity": widget["sensitivity_summary"],
        "tables": tables,
    }


def assert_matches_cpython(page, lang: str) -> dict:
    seen = page.evaluate(READ)
    want = expected(seen["payload"], lang)
    assert seen["summary"] == want["summary"]
    assert seen["sensitivity"] == want["sensitivity"]
    assert seen["tables"] == want["tables"]
    return seen


def error_of(page, path: str) -> str:
    return page.text_content(control(path) + "-error")


def violations(page) -> list:
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
      const r = await axe.run(document, {resultTypes: ['violations']});
      return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
    }""")


@pytest.mark.parametrize("lang", LANGS)
def test_typing_recomputes_like_cpython_and_errors_are_translated(page, base_url, lang):
    open_widget(page, url(base_url, lang))
    before = page.evaluate(READ)
    assert before["state"] == "static"
    assert before["options"] == 2
    assert_matches_cpython(page, lang)  # the prerendered result is CPython's

    wait_ready(page)
    for path, text in TYPED[lang].items():
        page.locator(control(path)).fill("")
        page.locator(control(path)).press_sequentially(text)
    wait_state(page, "current")
    seen = assert_matches_cpython(page, lang)
    typed = TYPED[lang]["options.1.purchase_price"]
    assert seen["payload"]["options"][1]["purchase_price"] == typed
    answer = lcc_html.widget_answer(seen["payload"], lang)
    assert answer["scenario"]["options"][1]["purchase_price"] == 1250.5
    assert answer["scenario"]["buyer"]["discount_rate"] == pytest.approx(0.065)
    assert page.evaluate("Object.keys(window.gppLcc.charts).sort()") == [
        "breakdown",
        "cumulative",
        "tornado",
    ]
    assert not (found := violations(page)), json.dumps(found, ensure_ascii=False, indent=1)

    # Bad input: the engine's message, in the page's language, next to its field.
    page.fill(control("options.1.purchase_price"), "abc")
    page.fill(control("buyer.period"), "0")
    wait_state(page, "invalid")
    payload = page.evaluate("window.gppLcc.readPayload()")
    errors = {e["field"]: e["message"] for e in calc.api_evaluate(payload, lang)["errors"]}
    assert set(errors) == {"options.1.purchase_price", "buyer.period"}
    for path, message in errors.items():
        assert error_of(page, path) == message
        assert page.get_attribute(control(path), "aria-invalid") == "true"
    assert page.is_hidden(".gpp-summary")
    assert page.text_content(".gpp-status") == i18n.translate("widget.fix_errors", lang, count=2)
    assert not (found := violations(page)), json.dumps(found, ensure_ascii=False, indent=1)

    page.fill(control("options.1.purchase_price"), TYPED[lang]["options.1.purchase_price"])
    page.fill(control("buyer.period"), "12")
    wait_state(page, "current")
    assert error_of(page, "buyer.period") == ""
    assert_matches_cpython(page, lang)


def test_add_and_remove_options(page, base_url):
    open_widget(page, url(base_url, "es"))
    wait_ready(page)
    page.click(".gpp-lcc-add")
    assert page.evaluate(READ)["options"] == 3
    assert page.evaluate("document.activeElement.name") == "options.2.name"
    page.fill(control("options.2.name"), "Panel LED con sensor")
    page.fill(control("options.2.purchase_price"), "60")
    page.fill(control("options.2.service_life"), "12")
    page.fill(control("options.2.electricity_kwh"), "30")
    wait_state(page, "current")
    seen = assert_matches_cpython(page, "es")
    assert seen["tables"][0]["columns"][-1] == "Panel LED con sensor"

    for _ in range(3):
        page.click(".gpp-lcc-add")
    assert page.evaluate(READ)["options"] == 6
    assert page.is_disabled(".gpp-lcc-add")
    wait_state(page, "current")
    assert len(page.evaluate(READ)["tables"][0]["columns"]) == 6

    # Remove the three blank ones, then the baseline: the others move up and the new
    # first one becomes the baseline.
    second = page.input_value(control("options.1.name"))
    for index in (5, 4, 3, 0):
        page.click(f".gpp-lcc-option[data-option='{index}'] .gpp-lcc-remove")
    seen = page.evaluate(READ)
    assert seen["options"] == 2
    assert page.input_value(control("options.0.name")) == second
    assert page.input_value(control("options.1.name")) == "Panel LED con sensor"
    assert page.text_content(".gpp-lcc-option[data-option='0'] legend") == "Opción 1 (referencia)"
    assert page.is_disabled(".gpp-lcc-option[data-option='1'] .gpp-lcc-remove")
    assert not page.is_disabled(".gpp-lcc-add")
    wait_state(page, "current")
    assert_matches_cpython(page, "es")
    assert not (found := violations(page)), json.dumps(found, ensure_ascii=False, indent=1)


def test_country_template_preset_and_sensitivity(page, base_url):
    open_widget(page, url(base_url, "en"))
    wait_ready(page)
    page.select_option(control("country"), "th")
    wait_state(page, "current")
    defaults = calc.api_defaults({"country": "th", "template": "led-indoor"}, "en")
    assert page.text_content(".gpp-lcc-notice") == i18n.translate(
        "lcc-widget.loaded", "en", country="Thailand", template="Indoor lighting: LED retrofit"
    )
    seen = page.evaluate(READ)
    assert seen["payload"]["currency"] == "THB"
    assert seen["payload"]["buyer"]["grid_factor"] == defaults["form"]["buyer"]["grid_factor"]
    source = page.text_content(control("buyer.grid_factor") + "-source")
    assert defaults["provenance"]["grid_factor"]["source"]["title"] in source
    flagged = [n for n, p in defaults["provenance"].items() if p["to_be_confirmed"]]
    assert flagged, "the Thai pack flags some values as to be confirmed"
    assert page.text_content(control(f"buyer.{flagged[0]}") + "-source .gpp-lcc-tbc") == (
        "to be confirmed"
    )
    assert_matches_cpython(page, "en")

    page.select_option(control("template"), "vehicles")
    wait_state(page, "current")
    vehicles = calc.api_defaults({"country": "th", "template": "vehicles"}, "en")
    seen = assert_matches_cpython(page, "en")
    assert seen["options"] == len(vehicles["scenario"]["options"])
    assert [o["name"] for o in seen["payload"]["options"]] == [
        o["name"] for o in vehicles["form"]["options"]
    ]
    assert "THB" in seen["tables"][0]["rows"][0][1] or "฿" in seen["tables"][0]["rows"][0][1]

    # An edited value is shown as the reader's own, not as the pack's.
    page.fill(control("buyer.electricity_price"), "5")
    wait_state(page, "current")
    assert page.text_content(control("buyer.electricity_price") + "-source") == (
        "Value entered by you."
    )

    # Carbon price reference, then rank with the cost of emissions.
    page.select_option(control("preset"), "carbon:eib-2030")
    page.click(".gpp-lcc-apply-preset")
    wait_state(page, "current")
    assert page.input_value(control("buyer.carbon_price")) == "250"
    assert page.input_value(control("buyer.externality_currency")) == "EUR"
    page.select_option(control("buyer.rank_by"), "lcc_with_externalities")
    wait_state(page, "current")
    assert_matches_cpython(page, "en")

    # Run the sensitivity with another range: the tornado and the sentence follow.
    page.fill(control("buyer.sensitivity_range"), "35")
    wait_state(page, "current")
    seen = assert_matches_cpython(page, "en")
    tornado = next(t for t in seen["tables"] if "raised by 35%" in t["caption"])
    assert len(tornado["rows"]) > 3
    assert tornado["columns"] == ["With the input 35% lower", "With the input 35% higher"]
    result = calc.compute(seen["payload"], "en")
    assert result["ok"], result
    labels = calc.view(result, "en")["tornado_labels"]
    assert [r[0] for r in tornado["rows"][1:]] == [
        labels[item["input"]] for item in result["sensitivity"]["tornado"]
    ]
    assert page.evaluate("window.gppLcc.charts.tornado.data.labels.length") == len(
        result["sensitivity"]["tornado"]
    )


def test_every_export_downloads_the_engines_file(page, base_url, tmp_path):
    open_widget(page, url(base_url, "es"))
    wait_ready(page)
    page.fill(control("title"), "Sede central, piso 3")
    page.fill(control("options.1.purchase_price"), "52.5")
    wait_state(page, "current")
    payload = page.evaluate("window.gppLcc.readPayload()")
    answer = calc.api_evaluate(payload, "es")
    files = {}
    for fmt in ("csv", "xlsx", "json"):
        with page.expect_download() as download:
            page.click(f"[data-export='{fmt}']")
        files[fmt] = (download.value.suggested_filename, download.value.path().read_bytes())
        status = page.text_content(".gpp-lcc-share-status")
        assert status == i18n.translate("lcc-widget.export.done", "es", filename=files[fmt][0])

    name, data = files["csv"]
    assert name == "lcc-led-indoor.csv"
    assert data.startswith(b"\xef\xbb\xbf"), "CSV needs a byte-order mark"
    text = data.decode("utf-8-sig")
    assert text == calc.api_export({"scenario": payload, "format": "csv"}, "es")["text"][1:]
    assert "Sede central, piso 3" in text
    for option in answer["scenario"]["options"]:
        assert option["name"] in text

    name, data = files["xlsx"]
    assert name == "lcc-led-indoor.xlsx"
    sheets = xlsx.read_workbook(data)
    cells = [c for rows in sheets.values() for row in rows for c in row if c is not None]
    assert "Sede central, piso 3" in cells
    engine = calc.api_export({"scenario": payload, "format": "xlsx"}, "es")
    assert sheets == xlsx.read_workbook(base64.b64decode(engine["base64"]))
    lcc_values = [o["lcc"] for o in answer["result"]["options"]]
    numbers = [c for c in cells if isinstance(c, float)]
    for value in lcc_values:
        assert any(abs(n - value) < 1e-6 * max(1.0, abs(value)) for n in numbers), value

    name, data = files["json"]
    assert name == "lcc-led-indoor.json"
    assert json.loads(data) == answer["scenario"]
    assert calc.api_evaluate(json.loads(data), "es")["result"] == answer["result"]


def test_share_link_reopens_the_same_scenario(page, context, base_url):
    open_widget(page, url(base_url, "vi"))
    wait_ready(page)
    page.click(".gpp-lcc-add")
    page.fill(control("options.2.name"), "Đèn LED có cảm biến")
    page.fill(control("options.2.purchase_price"), "1.500.000,5")
    page.fill(control("options.2.service_life"), "12")
    page.select_option(control("country"), "vn")
    wait_state(page, "current")
    # The reader's options are kept, with a visible reminder of the currency.
    assert page.text_content(".gpp-lcc-notice") == i18n.translate(
        "lcc-widget.loaded_country", "vi", country="Việt Nam", currency="VND"
    )
    before = page.evaluate(READ)
    page.click(".gpp-lcc-share")
    page.wait_for_function("document.querySelector('#gpp-lcc-share-link').value !== ''")
    link = page.input_value("#gpp-lcc-share-link")
    assert re.search(r"/vi/calculators/lcc/#lcc=1\.[A-Za-z0-9_-]+$", link), link
    assert page.evaluate("location.href") == link
    assert page.text_content(".gpp-lcc-share-status") in (
        i18n.translate("lcc-widget.share.copied", "vi"),
        i18n.translate("lcc-widget.share.copy_failed", "vi"),
    )
    fragment = link.split("#", 1)[1]
    decoded = calc.api_share_decode({"fragment": fragment}, "vi")
    assert decoded["ok"], decoded
    assert decoded["scenario"] == lcc_html.widget_answer(before["payload"], "vi")["scenario"]

    other = context.new_page()
    watch = watch_page(other, base_url)
    open_widget(other, link)
    wait_state(other, "current")
    after = other.evaluate(READ)
    assert after["options"] == 3
    assert after["summary"] == before["summary"]
    assert after["tables"] == before["tables"]
    assert other.input_value(control("options.2.name")) == "Đèn LED có cảm biến"
    assert other.input_value(control("country")) == "vn"
    assert other.text_content(".gpp-lcc-notice") == i18n.translate("lcc-widget.share.opened", "vi")
    assert not watch.problems(), watch.problems()
    other.close()


@pytest.mark.parametrize("lang", ["th", "es"])
def test_a_malformed_link_gives_the_engines_error(page, base_url, lang):
    open_widget(page, url(base_url, lang) + "#lcc=1.this-is-not-a-scenario")
    message = i18n.translate("lcc.error.share_malformed", lang)
    page.wait_for_function(
        "document.querySelector('.gpp-lcc-link-error').textContent !== ''", timeout=90_000
    )
    assert page.is_visible(".gpp-lcc-link-error")
    text = page.text_content(".gpp-lcc-link-error")
    assert text == f"{i18n.translate('lcc-widget.share.error', lang)} {message}"
    # The page still shows the (valid) default scenario and its result.
    assert page.evaluate(READ)["state"] == "static"
    assert_matches_cpython(page, lang)


def test_without_javascript_the_page_is_a_complete_static_result(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url(base_url, "es"))
    summary = page.text_content(".gpp-summary")
    assert summary.startswith("En 15 años")
    assert page.is_visible("noscript p") or "JavaScript" in page.content()
    assert page.is_hidden(".gpp-lcc-exports")
    assert page.is_hidden(".gpp-lcc-add")
    assert page.locator(".gpp-view table").count() >= 6
    context.close()


def test_print_report_fits_two_pages(page, base_url):
    open_widget(page, url(base_url, "es"))
    wait_ready(page)
    page.wait_for_function("Object.keys(window.gppLcc.charts).length === 3")
    page.emulate_media(media="print")
    assert page.is_hidden(".md-sidebar--primary")
    assert page.is_hidden(".gpp-lcc-exports")
    assert page.is_hidden(".gpp-lcc-add")
    assert page.is_visible(".gpp-view table")
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    print(f"print report: {pages} A4 pages")
    assert 1 <= pages <= 2
