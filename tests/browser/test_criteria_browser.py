"""The catalogue pages, the clause builder and the bid scorer in Chromium, compared with
CPython's gpp_core; filters; axe on the new pages. The page fixture fails any test whose
page requests something outside the local server or logs an error."""

import copy
import json

import pytest
from test_accessibility import violations

from gpp_core import criteria, i18n
from gpp_core.calculators import clauses
from gpp_core.calculators import scoring as scorer

LANGS = ("es", "en", "th", "vi")
PREFIX = {"es": "", "en": "en/", "th": "th/", "vi": "vi/"}
BUILDER = "[data-gpp-calculator='clauses']"
SCORER = "[data-gpp-calculator='bid-scorer']"


def url(base_url, lang, path):
    return f"{base_url}/{PREFIX[lang]}{path}"


def same_html(page, selector, html):
    """Whether the element shows exactly ``html`` (both serialised by the browser)."""
    return page.evaluate(
        """([selector, html]) => {
          const expected = document.createElement('div');
          expected.innerHTML = html;
          return document.querySelector(selector).innerHTML === expected.innerHTML;
        }""",
        [selector, html],
    )


def read_bytes(path):
    with open(path, "rb") as handle:
        return handle.read()


def wait_ready(page):
    page.wait_for_function("window.gppEngine && window.gppEngine.state === 'ready'", timeout=60_000)


def wait_state(page, root, state):
    page.wait_for_function(
        f"document.querySelector(\"{root}\").dataset.gppState === '{state}'", timeout=30_000
    )


# ---------------------------------------------------------------------- clause builder


def builder_payload(groups, level, dimensions, country):
    return {"groups": groups, "level": level, "dimensions": dimensions, "country": country}


@pytest.mark.parametrize("lang", ["en", "th"])
def test_builder_choose_copy_and_download(page, context, base_url, lang):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page.goto(url(base_url, lang, "criteria/clause-builder/"))
    first = clauses.default_group()
    static = clauses.assemble_form({"groups": [first]}, lang)
    assert same_html(page, f"{BUILDER} .gpp-document", static["preview"])
    wait_ready(page)
    second = next(g.id for g in criteria.groups() if g.id != first)
    page.check(f"#gpp-clauses-groups-{second}")
    page.check("#gpp-clauses-level-comprehensive")
    page.uncheck("#gpp-clauses-dimensions-accessibility")
    page.select_option("#gpp-clauses-country", "th")
    wait_state(page, BUILDER, "current")
    dims = [d for d in criteria.DIMENSIONS if d != "accessibility"]
    groups = [g.id for g in criteria.groups() if g.id in (first, second)]
    answer = clauses.assemble_form(builder_payload(groups, "comprehensive", dims, "th"), lang)
    assert answer["ok"]
    assert page.text_content(f"{BUILDER} .gpp-summary") == answer["summary"]
    assert same_html(page, f"{BUILDER} .gpp-document", answer["preview"])
    page.wait_for_function(
        f'document.querySelector("{BUILDER} .gpp-announce").textContent === '
        f"{json.dumps(answer['summary'])}",
        timeout=5_000,
    )

    page.click(f"{BUILDER} button[data-action='copy']")
    page.wait_for_function(
        f'document.querySelector("{BUILDER} .gpp-status").textContent === '
        f"{json.dumps(i18n.translate('clauses.copied', lang))}"
    )
    assert page.evaluate("navigator.clipboard.readText()") == answer["markdown"]

    for action, key, suffix in (
        ("download-md", "markdown", ".md"),
        ("download-html", "html_document", ".html"),
        ("download-csv", "csv", ".csv"),
    ):
        with page.expect_download() as info:
            page.click(f"{BUILDER} button[data-action='{action}']")
        download = info.value
        assert download.suggested_filename == "gpp-clauses" + suffix
        data = read_bytes(download.path())
        assert data == answer[key].encode("utf-8"), action
    assert data.startswith(b"\xef\xbb\xbf")  # the CSV's byte-order mark


def test_builder_downloads_before_python_is_ready(page, base_url):
    page.goto(url(base_url, "vi", "criteria/clause-builder/"), wait_until="domcontentloaded")
    with page.expect_download(timeout=60_000) as info:
        page.click(f"{BUILDER} button[data-action='download-md']")
    answer = clauses.assemble_form({"groups": [clauses.default_group()]}, "vi")
    assert read_bytes(info.value.path()) == answer["markdown"].encode("utf-8")


def test_builder_says_what_is_missing(page, base_url):
    page.goto(url(base_url, "es", "criteria/clause-builder/"))
    wait_ready(page)
    page.uncheck(f"#gpp-clauses-groups-{clauses.default_group()}")
    wait_state(page, BUILDER, "invalid")
    assert page.text_content("#gpp-clauses-groups-error") == i18n.translate(
        "clauses.error.no_group", "es"
    )
    assert page.get_attribute(f"{BUILDER} .gpp-choices[data-field='groups']", "aria-invalid")
    assert page.is_hidden(f"{BUILDER} .gpp-document")
    assert not (found := violations(page)), json.dumps(found, ensure_ascii=False, indent=1)


# --------------------------------------------------------------------------- bid scorer

# What a reader of each language types: the second bid's price, a weight, a score.
TYPED = {
    "es": {"bids.1.price": "101,500.5", "criteria.1.weight": "12.5", "criteria.0.weight": "22.5"},
    "en": {"bids.1.price": "101500.5", "criteria.1.weight": "12.5", "criteria.0.weight": "22.5"},
    "th": {"bids.1.price": "101,500.5", "criteria.1.weight": "12.5", "criteria.0.weight": "22.5"},
    "vi": {"bids.1.price": "101.500,5", "criteria.1.weight": "12,5", "criteria.0.weight": "22,5"},
}


def field_id(name):
    return "#gpp-bid-scorer-" + name.replace(".", "-")


def apply_typed(state, typed):
    state = copy.deepcopy(state)
    for name, value in typed.items():
        parts = name.split(".")
        if parts[0] == "bids" and parts[2] == "scores":
            state["bids"][int(parts[1])]["scores"][parts[3]] = value
        elif parts[0] in ("bids", "criteria"):
            state[parts[0]][int(parts[1])][parts[2]] = value
        else:
            state["settings"][name] = value
    return state


READ = """(root) => {
  const el = document.querySelector(root);
  return {
    summary: el.querySelector('.gpp-summary').textContent,
    sensitivity: el.querySelector('.gpp-sensitivity').textContent,
    tables: [...el.querySelectorAll('.gpp-view table')].map(t =>
      [...t.querySelectorAll('tbody tr')].map(tr =>
        [tr.querySelector('th').textContent,
         ...[...tr.querySelectorAll('td')].map(td => td.textContent)])),
  };
}"""


def expected_view(state, lang):
    answer = scorer.score_form(scorer.payload_from_state(state), lang)
    assert answer["ok"], answer
    view = answer["view"]
    return {
        "summary": view["summary"],
        "sensitivity": view["sensitivity"],
        "tables": [
            [[row["label"], *(c["text"] for c in row["cells"])] for row in table["rows"]]
            for table in view["tables"]
        ],
    }


@pytest.mark.parametrize("lang", LANGS)
def test_scorer_in_every_language_matches_cpython(page, base_url, lang):
    page.goto(url(base_url, lang, "calculators/bid-scorer/"))
    state = scorer._state(None, lang)
    assert page.evaluate(READ, SCORER) == expected_view(state, lang)
    wait_ready(page)
    for name, value in TYPED[lang].items():
        page.fill(field_id(name), value)
    wait_state(page, SCORER, "current")
    state = apply_typed(state, TYPED[lang])
    assert page.evaluate(READ, SCORER) == expected_view(state, lang)

    # Add a bid, fill it in; remove the first criterion.
    page.click(f"{SCORER} button[data-action='add-bid']")
    assert page.evaluate("document.activeElement.id") == "gpp-bid-scorer-bids-3-name"
    new_bid = {
        "bids.3.name": "Z",
        "bids.3.price": "99000",
        "bids.3.scores.c1": "60",
        "bids.3.scores.c2": "95",
        "bids.3.scores.c3": "10",
    }
    for name, value in new_bid.items():
        page.fill(field_id(name), value)
    state["bids"].append({"name": "", "price": "", "level": "0", "scores": {}})
    state = apply_typed(state, new_bid)
    wait_state(page, SCORER, "current")
    assert page.evaluate(READ, SCORER) == expected_view(state, lang)
    page.click(f"{SCORER} button[data-action='remove-criterion'][data-index='0']")
    page.fill(field_id("price_weight"), "60")
    page.fill(field_id("criteria.0.weight"), "25")
    page.fill(field_id("criteria.1.weight"), "15")
    wait_state(page, SCORER, "current")
    state["criteria"].pop(0)
    for bid in state["bids"]:
        bid["scores"].pop("c1", None)
    state = apply_typed(state, {"criteria.0.weight": "25", "criteria.1.weight": "15"})
    assert page.evaluate(READ, SCORER) == expected_view(state, lang)
    page.wait_for_function(
        f'document.querySelector("{SCORER} .gpp-announce").textContent.length > 0',
        timeout=5_000,
    )


@pytest.mark.parametrize("lang", ["es", "vi"])
def test_scorer_errors_next_to_their_fields(page, base_url, lang):
    page.goto(url(base_url, lang, "calculators/bid-scorer/"))
    wait_ready(page)
    page.fill(field_id("price_weight"), "130")
    wait_state(page, SCORER, "invalid")
    assert page.text_content(field_id("price_weight") + "-error") == i18n.translate(
        "scoring.error.weight_range", lang
    )
    assert page.get_attribute(field_id("price_weight"), "aria-invalid") == "true"
    assert page.is_hidden(f"{SCORER} .gpp-view")
    assert not (found := violations(page)), json.dumps(found, ensure_ascii=False, indent=1)
    page.fill(field_id("price_weight"), "50")
    wait_state(page, SCORER, "invalid")
    message = page.text_content("#gpp-bid-scorer-weights-error")
    assert message.startswith(i18n.translate("scoring.error.weights_sum", lang, total="90%")[:10])
    page.check("#gpp-bid-scorer-normalise_weights")
    wait_state(page, SCORER, "current")
    assert page.get_attribute(field_id("price_weight"), "aria-invalid") is None
    page.fill(field_id("bids.0.price"), "0")
    wait_state(page, SCORER, "invalid")
    assert page.text_content(field_id("bids.0.price") + "-error") == i18n.translate(
        "scoring.error.price_positive", lang
    )


def test_choosing_a_country_prefills_its_values(page, base_url):
    page.goto(url(base_url, "es", "calculators/bid-scorer/"))
    wait_ready(page)
    page.select_option(field_id("country"), "pe")
    wait_state(page, SCORER, "current")
    assert page.input_value(field_id("method")) == "inverse-proportion"
    assert page.input_value(field_id("rounding")) == "truncate"
    assert page.input_value(field_id("decimals")) == "3"
    assert page.input_value(field_id("currency")) == "PEN"
    assert page.input_value(field_id("price_weight")) == "60"
    assert page.text_content(f"{SCORER} .gpp-country-note") == scorer.country_note("pe", "es")
    assert i18n.translate("bid-scorer.status.to-be-confirmed", "es") in scorer.country_note(
        "pe", "es"
    )
    # 60 % price + 40 % criteria: the example's criteria weights add up to 40 %
    state = scorer._state(None, "es")
    state["settings"].update(
        country="pe",
        method="inverse-proportion",
        rounding="truncate",
        decimals="3",
        currency="PEN",
        price_weight="60",
        abnormally_low_threshold="20",
    )
    assert page.evaluate(READ, SCORER) == expected_view(state, "es")
    # The fictitious-discount method shows each bid's certified level.
    assert page.is_hidden(field_id("bids.0.level"))
    page.select_option(field_id("method"), "fictitious-discount")
    page.select_option(field_id("bids.0.level"), "3")
    wait_state(page, SCORER, "current")
    state["settings"]["method"] = "fictitious-discount"
    state["bids"][0]["level"] = "3"
    assert page.evaluate(READ, SCORER) == expected_view(state, "es")


def test_without_javascript_the_scorer_and_the_catalogue_still_work(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url(base_url, "th", "calculators/bid-scorer/"))
    summary = page.text_content(f"{SCORER} .gpp-summary")
    assert summary == expected_view(scorer._state(None, "th"), "th")["summary"]
    assert page.is_visible(".gpp-noscript")
    assert page.is_hidden(f"{SCORER} button[data-action='add-bid']")
    group = criteria.groups()[0]
    page.goto(url(base_url, "th", f"criteria/{group.id}/"))
    assert page.is_hidden("form[data-gpp-filter]")
    assert len(page.query_selector_all("[data-gpp-item]:visible")) == len(group.criteria)
    context.close()


# ------------------------------------------------------------------------------ filters


def visible_ids(page):
    return page.eval_on_selector_all("[data-gpp-item]:not([hidden]) h3", "hs => hs.map(h => h.id)")


def test_group_page_filters_by_type_level_and_dimension(page, base_url):
    group = next(g for g in criteria.groups() if any(c.type == "award" for c in g.criteria))
    page.goto(url(base_url, "en", f"criteria/{group.id}/"))
    page.wait_for_selector("form[data-gpp-filter]:not([hidden])")
    assert len(visible_ids(page)) == len(group.criteria)
    page.select_option("#gpp-filter-type", "award")
    expected = [c.anchor for c in criteria.select([group.id], types=["award"])]
    assert sorted(visible_ids(page)) == sorted(expected)
    assert page.is_hidden("section[data-stage='specifications']")
    assert page.text_content(".gpp-filter-count") == i18n.translate(
        "criteria.page.shown", "en", shown=len(expected), total=len(group.criteria)
    )
    page.select_option("#gpp-filter-type", "")
    page.select_option("#gpp-filter-level", "core")
    page.select_option("#gpp-filter-dimension", "environmental")
    expected = [
        c.anchor for c in criteria.select([group.id], levels=["core"], dimensions=["environmental"])
    ]
    assert sorted(visible_ids(page)) == sorted(expected)
    page.click("form[data-gpp-filter] button[type='reset']")
    page.wait_for_function(
        "document.querySelectorAll('[data-gpp-item]:not([hidden])').length === "
        f"{len(group.criteria)}"
    )
    assert not (found := violations(page)), json.dumps(found, ensure_ascii=False, indent=1)


def test_label_finder_filters_and_links_to_criteria(page, base_url):
    page.goto(url(base_url, "vi", "criteria/labels/"))
    page.wait_for_selector("form[data-gpp-filter]:not([hidden])")
    labels = criteria.labels()
    assert len(page.query_selector_all("[data-gpp-item]:not([hidden])")) == len(labels)
    page.fill("#gpp-filter-search", "thai green")  # no accents, any case
    shown = page.eval_on_selector_all("[data-gpp-item]:not([hidden]) h3", "hs => hs.map(h => h.id)")
    assert "label-thai-green-label" in shown and len(shown) < len(labels)
    page.fill("#gpp-filter-search", "")
    page.select_option("#gpp-filter-type", "iso-14024")
    shown = page.eval_on_selector_all("[data-gpp-item]:not([hidden]) h3", "hs => hs.map(h => h.id)")
    assert sorted(shown) == sorted(f"label-{lb.id}" for lb in labels if lb.type == "iso-14024")
    accepted = next(lb for lb in labels if criteria.criteria_accepting(lb.id))
    c = criteria.criteria_accepting(accepted.id)[0]
    page.goto(url(base_url, "vi", f"criteria/labels/#label-{accepted.id}"))
    page.click(f"#label-{accepted.id} ~ dl a[href$='#{c.anchor}']")
    page.wait_for_url(f"**/criteria/{c.group}/#{c.anchor}")
    assert page.is_visible(f"#{c.anchor}")


# ------------------------------------------------------------------------ accessibility

PAGES = {
    "index": "criteria/",
    "group": f"criteria/{criteria.groups()[0].id}/",
    "labels": "criteria/labels/",
    "builder": "criteria/clause-builder/",
    "scorer": "calculators/bid-scorer/",
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", list(PAGES))
def test_axe_finds_nothing_on_the_new_pages(page, base_url, lang, kind):
    page.goto(url(base_url, lang, PAGES[kind]))
    if kind in ("builder", "scorer"):
        wait_ready(page)
    found = violations(page)
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
