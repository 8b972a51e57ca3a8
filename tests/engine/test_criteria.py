"""gpp_core.criteria: the catalogue's schema, the label register, filters, assembly, exports.

The check that every source key exists in references/*.toml is in tests/site (the
references are outside the wheel).
"""

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from gpp_core import criteria, i18n
from gpp_core.calculators import clauses
from gpp_core.criteria import (
    DIMENSIONS,
    LEVELS,
    TYPES,
    CatalogueError,
    assemble,
    groups,
    labels,
    load_groups,
    select,
    to_csv,
    to_html,
    to_markdown,
)

LANGS = ("es", "en", "th", "vi")
ALL = [c for g in groups() for c in g.criteria]


def test_the_catalogue_loads_and_is_not_empty():
    assert len(groups()) >= 1 and len(ALL) >= 10
    assert len(labels()) >= 10


@pytest.mark.parametrize("criterion", ALL, ids=lambda c: c.id)
def test_every_criterion_is_complete_in_four_languages(criterion):
    for text in (criterion.title, criterion.text, criterion.verification):
        assert set(LANGS) <= set(text) and all(text[lang].strip() for lang in LANGS)
    assert criterion.type in TYPES and criterion.level in LEVELS
    assert criterion.dimensions and set(criterion.dimensions) <= set(DIMENSIONS)
    assert criterion.source
    code = criteria.TYPE_CODES[criterion.type]
    assert re.fullmatch(rf"[A-Z]{{2,5}}-{code}-\d{{2,3}}", criterion.id)
    if criterion.type == "award":
        assert criterion.award_points and 0 < criterion.award_points <= 100
    for note in criterion.country_notes.values():
        assert all(note[lang].strip() for lang in LANGS)


def test_criterion_ids_are_unique_and_labels_exist():
    ids = [c.id for c in ALL]
    assert len(ids) == len(set(ids))
    register = {lb.id for lb in labels()}
    for c in ALL:
        assert set(c.labels) <= register, c.id


@pytest.mark.parametrize("group", groups(), ids=lambda g: g.id)
def test_every_group_is_complete(group):
    for text in (group.name, group.scope, group.impacts):
        assert all(text[lang].strip() for lang in LANGS)
    assert group.sector in criteria.SECTORS
    prefixes = {c.id.split("-")[0] for c in group.criteria}
    assert len(prefixes) == 1


@pytest.mark.parametrize("label", labels(), ids=lambda lb: lb.id)
def test_every_label_is_complete(label):
    assert all(label.name[lang].strip() and label.scope[lang].strip() for lang in LANGS)
    assert label.type in criteria.LABEL_TYPES
    assert label.issuer and label.source
    assert label.url is None or label.url.startswith("https://")


def write_catalogue(root: Path, group_text: str, labels_text: str = "") -> Path:
    (root / "criteria").mkdir(parents=True)
    (root / "criteria" / "x.toml").write_text(group_text, "utf-8")
    (root / "labels.toml").write_text(labels_text, "utf-8")
    return root


TEXT = '{ es = "a", en = "b", th = "c", vi = "d" }'
GOOD = f"""
id = "x"
order = 1
sector = "goods"
name = {TEXT}
scope = {TEXT}
impacts = {TEXT}
sources = ["s"]

[[criteria]]
id = "XX-TS-01"
type = "technical-specification"
level = "core"
dimensions = ["environmental"]
title = {TEXT}
text = {TEXT}
verification = {TEXT}
labels = []
source = "s"
"""


def test_a_good_catalogue_loads(tmp_path):
    (group,) = load_groups(write_catalogue(tmp_path, GOOD))
    assert group.criteria[0].stage == "specifications"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            ('text = { es = "a", en = "b", th = "c", vi = "d" }', 'text = { es = "a", en = "b" }'),
            "missing text in 'th'",
        ),
        (('type = "technical-specification"', 'type = "specification"'), "type 'specification'"),
        (('type = "technical-specification"', 'type = "award"'), "needs the code AC"),
        (('level = "core"', 'level = "gold"'), "level 'gold'"),
        (('dimensions = ["environmental"]', 'dimensions = ["green"]'), "dimensions ['green']"),
        (("labels = []", 'labels = ["no-such-label"]'), "'no-such-label' is not in labels.toml"),
        (('id = "XX-TS-01"', 'id = "xx-1"'), "is not <PREFIX>"),
        (('verification = { es = "a", en = "b", th = "c", vi = "d" }', ""), "verification"),
        (('id = "x"', 'id = "y"'), "must equal the file name"),
    ],
)
def test_each_schema_problem_is_named(tmp_path, change, problem):
    old, new = change
    with pytest.raises(CatalogueError) as caught:
        load_groups(write_catalogue(tmp_path, GOOD.replace(old, new, 1)))
    assert problem in str(caught.value)


def test_duplicate_ids_are_an_error(tmp_path):
    twice = GOOD + GOOD[GOOD.index("[[criteria]]") :]
    with pytest.raises(CatalogueError, match="XX-TS-01 is defined twice"):
        load_groups(write_catalogue(tmp_path, twice))


def test_optional_replaces_makes_a_comprehensive_criterion_stand_in(tmp_path, monkeypatch):
    stricter = (
        GOOD[GOOD.index("[[criteria]]") :]
        .replace("XX-TS-01", "XX-TS-02")
        .replace('level = "core"', 'level = "comprehensive"\nreplaces = "XX-TS-01"')
    )
    root = write_catalogue(tmp_path, GOOD + stricter)
    monkeypatch.setattr(criteria, "_data_root", lambda: root)
    criteria._catalogue.cache_clear()
    try:
        assert [c.id for c in select(["x"], level="core")] == ["XX-TS-01"]
        assert [c.id for c in select(["x"], level="comprehensive")] == ["XX-TS-02"]
        assert [c.id for c in select(["x"], levels=["core", "comprehensive"])] == [
            "XX-TS-01",
            "XX-TS-02",
        ]
    finally:
        criteria._catalogue.cache_clear()


# ------------------------------------------------------------------------- filtering


def test_filters_by_type_level_and_dimension():
    assert select() == ALL
    for c in select(types=["award"]):
        assert c.type == "award"
    core = select(level="core")
    assert core and all(c.level == "core" for c in core)
    comprehensive = select(level="comprehensive")
    assert set(core) < set(comprehensive)
    gender = select(dimensions=["gender-equality"])
    assert gender and all("gender-equality" in c.dimensions for c in gender)
    with pytest.raises(KeyError, match="unknown dimension 'green'"):
        select(dimensions=["green"])
    with pytest.raises(KeyError, match="unknown criteria group"):
        select(["no-such-group"])


def test_criteria_accepting_a_label():
    label_id = next(name for c in ALL for name in c.labels)
    accepting = criteria.criteria_accepting(label_id)
    assert accepting and all(label_id in c.labels for c in accepting)


# -------------------------------------------------------------------------- assembly


GROUP = clauses.default_group()


@pytest.mark.parametrize("lang", LANGS)
def test_assembled_clauses_are_grouped_by_stage_in_the_readers_language(lang):
    document = assemble([GROUP], level="comprehensive", country="pe", lang=lang)
    stages = [s["id"] for s in document["stages"]]
    assert stages == [s for s in criteria.STAGES if s in stages]
    clauses_found = [c for s in document["stages"] for c in s["clauses"]]
    assert len(clauses_found) == document["count"] == len(select([GROUP], level="comprehensive"))
    group = criteria.group(GROUP)
    for clause in clauses_found:
        source = criteria.criterion(clause["id"])
        assert clause["text"] == source.text[lang]
        assert clause["verification"] == source.verification[lang]
        note = source.country_notes.get("pe")
        assert clause["country_note"] == (note[lang] if note else None)
        assert clause["group_name"] == group.name[lang]


def test_dimensions_narrow_the_clauses():
    everything = assemble([GROUP], level="comprehensive", lang="en")
    gender = assemble([GROUP], level="comprehensive", dimensions=["gender-equality"], lang="en")
    ids = {c["id"] for s in gender["stages"] for c in s["clauses"]}
    assert ids == {
        c.id for c in select([GROUP], level="comprehensive", dimensions=["gender-equality"])
    }
    assert gender["count"] < everything["count"]


def test_suggested_award_weights_are_normalised():
    award = [c for c in select(level="comprehensive") if c.type == "award"]
    assert award, "the catalogue needs award criteria"
    document = assemble([g.id for g in groups()], level="comprehensive", country="pe", lang="en")
    weights = document["award_weights"]
    total_points = sum(c.award_points for c in award)
    assert weights["total_points"] == total_points
    assert weights["price_weight"] == 0.6 and weights["cap"] == pytest.approx(0.4)
    assert weights["sustainability"] <= 0.4 + 1e-12
    assert weights["sustainability"] + weights["rest"] == pytest.approx(1)
    for item in weights["items"]:
        assert item["weight"] == pytest.approx(
            item["points"] / 100 * (min(1, 40 / total_points)), rel=1e-9
        )
    assert weights["scaled"] == (total_points > 40)


def test_unknown_choices_are_refused():
    with pytest.raises(KeyError, match="unknown country 'fr'"):
        assemble([GROUP], country="fr")
    with pytest.raises(KeyError, match="unknown level 'gold'"):
        assemble([GROUP], level="gold")


# --------------------------------------------------------------------------- exports


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = set(), set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs |= {name for name, _ in attrs}


@pytest.mark.parametrize("lang", LANGS)
def test_exports_hold_every_clause(lang):
    document = assemble([GROUP], level="comprehensive", country="th", lang=lang)
    every = [c for s in document["stages"] for c in s["clauses"]]
    markdown = to_markdown(document)
    html = to_html(document, full=True)
    rows = list(csv.reader(io.StringIO(to_csv(document).removeprefix("\ufeff"))))
    assert len(rows) == len(every) + 1
    assert rows[0][0] == i18n.translate("criteria.csv.id", lang)
    for clause, row in zip(every, rows[1:], strict=True):
        assert f"### {clause['id']} · " in markdown
        assert clause["id"] in html
        assert row[0] == clause["id"]
        assert row[7].lstrip("'") == clause["text"]
    assert html.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in html


def test_html_is_simple_and_pastes_into_a_word_processor():
    document = assemble([GROUP], level="comprehensive", lang="es")
    parser = Tags()
    parser.feed(to_html(document))
    assert parser.tags <= {
        "h1",
        "h2",
        "h3",
        "p",
        "ul",
        "li",
        "strong",
        "em",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
    assert parser.attrs <= {"border", "cellpadding", "scope"}
    shifted = to_html(document, top=3)
    assert "<h1>" not in shifted and "<h3>" in shifted and "<h5>" in shifted


def test_csv_is_utf8_with_bom_and_neutralises_formulas():
    document = assemble([GROUP], lang="vi")
    text = to_csv(document)
    assert text.startswith("\ufeff")
    clause = document["stages"][0]["clauses"][0]
    for dangerous in ('=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)"):
        clause["title"] = dangerous
        row = next(csv.reader(io.StringIO(to_csv(document).removeprefix("\ufeff").splitlines()[1])))
        assert row[6] == "'" + dangerous


def test_markdown_escapes_what_would_change_its_meaning():
    document = assemble([GROUP], lang="en")
    document["stages"][0]["clauses"][0]["text"] = "# not a heading *nor bold* <b>"
    markdown = to_markdown(document)
    assert "\\# not a heading \\*nor bold\\* \\<b\\>" in markdown


# ---------------------------------------------------------------- the builder's API


@pytest.mark.parametrize("lang", LANGS)
def test_the_builder_prerenders_its_example(lang):
    html = clauses.render_html(lang)
    answer = clauses.assemble_form({"groups": [GROUP]}, lang)
    assert answer["ok"] and answer["preview"] in html
    assert 'data-gpp-widget="clauses"' in html and "\u27e6" not in html and "[es] " not in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("payload", "field", "key"),
    [
        ({"groups": []}, "groups", "clauses.error.no_group"),
        ({"groups": ["nope"]}, "groups", "error.choice"),
        ({"dimensions": []}, "dimensions", "clauses.error.no_dimension"),
        ({"level": "gold"}, "level", "error.choice"),
        ({"country": "fr"}, "country", "error.choice"),
    ],
)
def test_the_builder_reports_bad_choices(payload, field, key):
    answer = clauses.assemble_form(payload, "th")
    assert answer["ok"] is False
    (error,) = answer["errors"]
    assert (error["field"], error["key"]) == (field, key)
    assert error["message"] and "\u27e6" not in error["message"]
