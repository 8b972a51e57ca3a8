"""The training, case-study and toolkit content: data files, pages and the built site.

* every module, programme and template loads with a text in every language, sessions in
  order, quiz answers among their options, modules of 180 minutes;
* every module page in every language has its objectives, plan, exercises with a preset
  link, quiz and handout; the five-day programme covers all seven modules;
* every scenario file is accepted by its calculator in every language;
* no figure is typed into an illustrative case study: numbers come from blocks.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from site_helpers import DOCS, LANGS, ROOT

from calculators.blocks import training
from gpp_core import presets

CONTENT = ROOT / "content"
MODULES = ("intro", "policy", "criteria", "lcc", "gender-rights", "monitoring", "action-plan")
PROGRAMMES = ("five-day", "one-day")
TEMPLATES = (
    "stakeholder-map",
    "consultation-plan",
    "market-dialogue",
    "feedback-log",
    "action-plan",
)
WORKED_CASES = ("street-lighting", "vehicle-fleet", "office-it", "cleaning-services")
SCENARIOS = sorted((CONTENT / "scenarios").rglob("*.json"))


def block_args(text: str, name: str) -> list[dict]:
    pattern = re.compile(rf"data-gpp-block=\"{name}\"\s+data-gpp-args='([^']*)'")
    return [json.loads(m) for m in pattern.findall(text)]


@pytest.mark.parametrize("name", MODULES)
def test_every_module_has_its_data_in_every_language(name):
    data = training.module(name)
    assert 3 <= len(data["objectives"]) <= 8
    assert sum(s["minutes"] for s in data["steps"]) == 180
    assert 4 <= len(data["quiz"]) <= 8
    for q in data["quiz"]:
        assert q["answer"] in [o["key"] for o in q["options"]]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", MODULES)
def test_every_module_page_has_its_parts(name, lang):
    text = (DOCS / lang / "training" / f"{name}.md").read_text("utf-8")
    for block in ("module-objectives", "session-plan", "quiz"):
        assert block_args(text, block) == [{"module": name}], f"{lang}/{name}: {block}"
    for heading in (
        "objectives",
        "session-plan",
        "facilitator-notes",
        "exercises",
        "quiz",
        "handout",
    ):
        assert f"{{ #{heading} }}" in text, f"{lang}/{name}: heading #{heading}"
    assert block_args(text, "preset-link"), f"{lang}/{name}: no exercise opens a calculator"
    assert f"handouts/{name}.md" in text, f"{lang}/{name}: no link to the handout"
    assert (DOCS / lang / "training" / "handouts" / f"{name}.md").is_file()


@pytest.mark.parametrize("name", PROGRAMMES)
def test_programmes_are_ordered_and_link_existing_modules(name):
    data = training.programme(name)
    modules = {s["module"] for day in data["days"] for s in day["sessions"] if s["module"]}
    if name == "five-day":
        assert len(data["days"]) == 5
        assert modules == set(MODULES)
    else:
        assert len(data["days"]) == 1
        assert modules <= set(MODULES) and len(modules) >= 4


def test_a_programme_that_overlaps_stops_the_build(tmp_path, monkeypatch):
    folder = tmp_path / "training" / "programmes"
    folder.mkdir(parents=True)
    texts = 'es = "a"\nen = "a"\nth = "a"\nvi = "a"\n'
    (folder / "x.toml").write_text(
        f'id = "x"\n[title]\n{texts}[[day]]\n[day.title]\n{texts}'
        f'[[day.session]]\nstart = "09:00"\nend = "10:30"\nmethod = "exercise"\n{texts}'
        f'[[day.session]]\nstart = "10:00"\nend = "11:00"\nmethod = "exercise"\n{texts}',
        "utf-8",
    )
    monkeypatch.setattr(training, "CONTENT", tmp_path)
    with pytest.raises(training.BlockError, match="starts before the previous session ends"):
        training.programme("x")


def test_a_quiz_answer_that_is_not_an_option_stops_the_build(tmp_path, monkeypatch):
    folder = tmp_path / "training" / "modules"
    folder.mkdir(parents=True)
    texts = 'es = "a"\nen = "a"\nth = "a"\nvi = "a"\n'
    (folder / "m.toml").write_text(
        f'id = "m"\n[title]\n{texts}[[objective]]\n{texts}'
        f'[[step]]\nminutes = 10\nmethod = "quiz"\n{texts}'
        f'[[quiz]]\nid = "q1"\nanswer = "c"\n[quiz.question]\n{texts}[quiz.explanation]\n{texts}'
        f'[[quiz.option]]\nkey = "a"\n{texts}[[quiz.option]]\nkey = "b"\n{texts}',
        "utf-8",
    )
    monkeypatch.setattr(training, "CONTENT", tmp_path)
    with pytest.raises(training.BlockError, match="is not one of"):
        training.module("m")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", TEMPLATES)
def test_templates_download_as_csv_with_headers_in_the_readers_language(name, lang):
    data = training.template(name)
    rows = list(csv.reader(io.StringIO(training.template_csv(name, lang).lstrip("\ufeff"))))
    assert rows[0] == [c["label"][lang] for c in data["columns"]]
    assert len(rows) == 1 + len(data["rows"]) >= 3
    assert all(len(r) == len(rows[0]) for r in rows)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.relative_to(CONTENT).as_posix())
def test_every_scenario_is_accepted_by_its_calculator_in_every_language(path):
    scenario = json.loads(path.read_text("utf-8"))
    assert scenario.get("illustrative") is True, "scenario files of the kit are illustrative"
    assert scenario.get("note"), "a note says where the values come from"
    for lang in LANGS:
        values = presets.localized(scenario["values"], lang)
        assert presets.check(scenario["calculator"], values, lang) == [], lang


NUMBER = re.compile(r"(?<![\w#/.-])\d[\d.,\u00a0 ]*\d(?:\s?%)?|(?<![\w#/.-])\d(?:\s?%)")


def typed_numbers(text: str) -> list[str]:
    """Numbers written in a page's prose (not in blocks, front matter, ids, links, years)."""
    text = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"<(div|span) data-gpp-block=.*?</\1>", "", text)
    text = re.sub(r"\{ #[^}]*\}", "", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"\[@[^\]]*\]", "", text)
    text = re.sub(r"`[^`]*`", "", text)
    found = []
    for match in NUMBER.finditer(text):
        token = match.group().strip()
        if re.fullmatch(r"(19|20)\d\d", token) or re.fullmatch(r"\d", token):
            continue  # a year of the narrative, a count or a list item
        found.append(token)
    return found


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", WORKED_CASES)
def test_no_figure_is_typed_into_a_worked_case(name, lang):
    text = (DOCS / lang / "case-studies" / f"{name}.md").read_text("utf-8")
    assert block_args(text, "preset-link"), "a worked case links to its calculator"
    files = {a["file"] for b in ("scenario-result", "lcc-example") for a in block_args(text, b)}
    assert files, "a worked case shows a result computed from its scenario file"
    assert typed_numbers(text) == [], f"{lang}/{name}: write figures with blocks"
