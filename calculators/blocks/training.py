"""Training materials and toolkit templates, rendered from data at build time.

The data lives in ``content/`` (see ``content/README.md`` for the formats), with every
text in es, en, th and vi, so timings, answers and columns are the same in every
language and only the words change:

``module-objectives`` / ``session-plan`` / ``quiz`` ``{"module": "lcc"}``
    from ``content/training/modules/<module>.toml``: the learning objectives; the
    session plan (start time from the beginning, minutes, activity, method, total); the
    self-check quiz (each question's options and a collapsible answer with its
    explanation, so it works without JavaScript; ``quiz.js`` adds checking).
``agenda`` ``{"programme": "five-day"}``
    from ``content/training/programmes/<id>.toml``: one table per day (time, session,
    method, module with a link to its page).
``template`` ``{"template": "stakeholder-map"}``
    from ``content/templates/<id>.toml``: what goes in each column, illustrative example
    rows, and the template as a CSV download (headers in the page's language).
"""

from __future__ import annotations

import tomllib
from functools import cache
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from calculators.blocks import BlockError, BlockPage, doc_table

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
METHODS = (
    "presentation",
    "discussion",
    "exercise",
    "group-work",
    "case-study",
    "role-play",
    "quiz",
    "plenary",
    "break",
)


def _t(key: str, lang: str, **params: Any) -> str:
    from gpp_core import i18n

    return i18n.translate(key, lang, **params)


def _languages() -> tuple[str, ...]:
    from gpp_core import i18n

    return tuple(i18n.available_languages())


def text(raw: Any, where: str, extra: tuple[str, ...] = ()) -> dict[str, str]:
    """A text in every language (non-empty), or BlockError naming ``where``; ``extra``
    names the other keys the same table may hold."""
    langs = _languages()
    if not isinstance(raw, dict) or set(raw) - set(extra) != set(langs):
        got = set(raw) - set(extra) if isinstance(raw, dict) else set()
        raise BlockError(
            f"{where}: needs a text in each of {', '.join(langs)} and nothing else"
            f" (missing {sorted(set(langs) - got)}, unknown {sorted(got - set(langs))})"
        )
    for lang in langs:
        if not isinstance(raw[lang], str) or not raw[lang].strip():
            raise BlockError(f"{where}: the {lang} text is empty")
    return {lang: raw[lang] for lang in langs}


@cache
def _toml(path: Path, mtime: float) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise BlockError(f"{path.relative_to(ROOT)}: {exc}") from None


def _load(folder: str, name: Any) -> tuple[dict[str, Any], str]:
    if not isinstance(name, str) or not name.replace("-", "").isalnum():
        raise BlockError(f"{folder}: give a name made of letters, digits and hyphens")
    path = CONTENT / folder / f"{name}.toml"
    if not path.is_file():
        known = sorted(p.stem for p in (CONTENT / folder).glob("*.toml"))
        raise BlockError(f"{folder}/{name}.toml not found; known: {', '.join(known)}")
    where = f"content/{folder}/{name}.toml"
    return _toml(path, path.stat().st_mtime), where


# ---------------------------------------------------------------------------- modules


def module(name: Any) -> dict[str, Any]:
    """A training module's data, checked: ``{"id", "title", "objectives", "steps",
    "quiz"}`` with texts as ``{lang: text}``."""
    data, where = _load("training/modules", name)
    if data.get("id") != name:
        raise BlockError(f"{where}: id must be {name!r}")
    objectives = [
        text(o, f"{where} objective {n}") for n, o in enumerate(data.get("objective", []), 1)
    ]
    steps = []
    for n, step in enumerate(data.get("step", []), 1):
        minutes = step.get("minutes")
        if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
            raise BlockError(f"{where} step {n}: minutes must be a whole number above 0")
        if step.get("method") not in METHODS:
            raise BlockError(f"{where} step {n}: method must be one of {', '.join(METHODS)}")
        steps.append(
            {
                "minutes": minutes,
                "method": step["method"],
                "text": text(step, f"{where} step {n}", ("minutes", "method")),
            }
        )
    quiz = []
    for n, q in enumerate(data.get("quiz", []), 1):
        at = f"{where} quiz {n}"
        options = [
            {"key": str(o.get("key", "")), "text": text(o, f"{at} option {o.get('key')}", ("key",))}
            for o in q.get("option", [])
        ]
        keys = [o["key"] for o in options]
        if len(options) < 2 or len(set(keys)) != len(keys) or not all(keys):
            raise BlockError(f"{at}: needs at least two options with distinct keys")
        if q.get("answer") not in keys:
            raise BlockError(f"{at}: the answer {q.get('answer')!r} is not one of {keys}")
        if not isinstance(q.get("id"), str) or not q["id"]:
            raise BlockError(f"{at}: needs an id")
        quiz.append(
            {
                "id": q["id"],
                "answer": q["answer"],
                "question": text(q.get("question"), f"{at} question"),
                "explanation": text(q.get("explanation"), f"{at} explanation"),
                "options": options,
            }
        )
    if len({q["id"] for q in quiz}) != len(quiz):
        raise BlockError(f"{where}: two quiz questions share an id")
    if not objectives or not steps or not quiz:
        raise BlockError(f"{where}: needs objectives, steps and quiz questions")
    return {
        "id": name,
        "title": text(data.get("title"), f"{where} title"),
        "objectives": objectives,
        "steps": steps,
        "quiz": quiz,
    }


def duration(minutes: int, lang: str) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _t("content.minutes", lang, minutes=rest)
    if not rest:
        return _t("content.hours", lang, hours=hours)
    return _t("content.duration", lang, hours=hours, minutes=rest)


def render_objectives(args: dict[str, Any], lang: str, page: BlockPage) -> str:
    data = module(args.get("module"))
    items = "".join(f"<li>{escape(o[lang])}</li>" for o in data["objectives"])
    return f'<ul class="gpp-objectives">{items}</ul>'


def render_plan(args: dict[str, Any], lang: str, page: BlockPage) -> str:
    data = module(args.get("module"))
    rows, elapsed = [], 0
    for step in data["steps"]:
        clock = f"{elapsed // 60}:{elapsed % 60:02d}"
        rows.append(
            [
                escape(clock),
                escape(str(step["minutes"])),
                escape(step["text"][lang]),
                escape(_t(f"content.method.{step['method']}", lang)),
            ]
        )
        elapsed += step["minutes"]
    head = [
        _t("content.plan.start", lang),
        _t("content.plan.minutes", lang),
        _t("content.plan.activity", lang),
        _t("content.plan.method", lang),
    ]
    caption = _t("content.plan.caption", lang, total=duration(elapsed, lang))
    return doc_table(caption, head, rows, kind="gpp-session-plan", escaped=True)


def render_quiz(args: dict[str, Any], lang: str, page: BlockPage) -> str:
    data = module(args.get("module"))
    base = f"quiz-{data['id']}"
    items = []
    for n, q in enumerate(data["quiz"], 1):
        qid = f"{base}-{q['id']}"
        options = "".join(
            f'<div class="gpp-quiz__option"><input type="radio" name="{qid}" id="{qid}-{o["key"]}"'
            f' value="{escape(o["key"])}"><label for="{qid}-{o["key"]}">'
            f'<span class="gpp-quiz__key">{escape(o["key"])})</span> '
            f"{escape(o['text'][lang])}</label></div>"
            for o in q["options"]
        )
        right = next(o for o in q["options"] if o["key"] == q["answer"])
        correct = _t("content.quiz.correct", lang, option=f"{right['key']}) {right['text'][lang]}")
        question = _t("content.quiz.question", lang, n=n)
        items.append(
            f'<li class="gpp-quiz__item" id="{qid}" data-answer="{escape(q["answer"])}">'
            f'<fieldset><legend><span class="gpp-quiz__n">{escape(question)}.</span> '
            f"{escape(q['question'][lang])}</legend>{options}</fieldset>"
            f'<p class="gpp-quiz__feedback" hidden></p>'
            f'<details class="gpp-quiz__answer"><summary>{escape(_t("content.quiz.answer", lang))}'
            f"</summary><p><strong>{escape(correct)}</strong></p>"
            f"<p>{escape(q['explanation'][lang])}</p></details></li>"
        )
    strings = {
        "right": _t("content.quiz.right", lang),
        "wrong": _t("content.quiz.wrong", lang),
        "unanswered": _t("content.quiz.unanswered", lang),
        "score": _t("content.quiz.score", lang),
    }
    data_attrs = "".join(f' data-{k}="{escape(v)}"' for k, v in strings.items())
    return (
        f'<div class="gpp-quiz" data-gpp-quiz="{data["id"]}"{data_attrs}>'
        f'<ol class="gpp-quiz__items">{"".join(items)}</ol>'
        f'<p class="gpp-quiz__actions" hidden>'
        f'<button type="button" class="md-button gpp-quiz__check">'
        f"{escape(_t('content.quiz.check', lang))}</button></p>"
        f'<p class="gpp-quiz__score" role="status"></p></div>'
    )


# ------------------------------------------------------------------------- programmes


def _minutes(clock: Any, where: str) -> int:
    try:
        hours, minutes = str(clock).split(":")
        value = int(hours) * 60 + int(minutes)
    except ValueError:
        raise BlockError(f"{where}: times are written HH:MM, got {clock!r}") from None
    if not 0 <= value < 24 * 60 or int(minutes) >= 60:
        raise BlockError(f"{where}: {clock!r} is not a time of day")
    return value


def programme(name: Any) -> dict[str, Any]:
    """A workshop programme, checked: days of sessions in order, without overlaps, whose
    modules exist."""
    data, where = _load("training/programmes", name)
    if data.get("id") != name:
        raise BlockError(f"{where}: id must be {name!r}")
    days = []
    for d, day in enumerate(data.get("day", []), 1):
        sessions, last_end = [], -1
        for s, session in enumerate(day.get("session", []), 1):
            at = f"{where} day {d} session {s}"
            start, end = _minutes(session.get("start"), at), _minutes(session.get("end"), at)
            if end <= start:
                raise BlockError(f"{at}: ends before it starts")
            if start < last_end:
                raise BlockError(f"{at}: starts before the previous session ends")
            last_end = end
            if session.get("method") not in METHODS:
                raise BlockError(f"{at}: method must be one of {', '.join(METHODS)}")
            if session.get("module") is not None:
                module(session["module"])
            sessions.append(
                {
                    "start": session["start"],
                    "end": session["end"],
                    "method": session["method"],
                    "module": session.get("module"),
                    "text": text(session, at, ("start", "end", "method", "module")),
                }
            )
        if not sessions:
            raise BlockError(f"{where} day {d}: has no sessions")
        days.append(
            {"title": text(day.get("title"), f"{where} day {d} title"), "sessions": sessions}
        )
    if not days:
        raise BlockError(f"{where}: has no days")
    return {"id": name, "title": text(data.get("title"), f"{where} title"), "days": days}


def render_agenda(args: dict[str, Any], lang: str, page: BlockPage) -> str:
    data = programme(args.get("programme"))
    head = [
        _t("content.agenda.time", lang),
        _t("content.agenda.session", lang),
        _t("content.agenda.method", lang),
        _t("content.agenda.module", lang),
    ]
    tables = []
    for day in data["days"]:
        rows = []
        for s in day["sessions"]:
            link = ""
            if s["module"]:
                title = module(s["module"])["title"][lang]
                href = page.href_to(f"training/{s['module']}.md")
                link = f'<a href="{escape(href)}">{escape(title)}</a>'
            rows.append(
                [
                    escape(_t("content.agenda.range", lang, start=s["start"], end=s["end"])),
                    escape(s["text"][lang]),
                    escape(_t(f"content.method.{s['method']}", lang)),
                    link,
                ]
            )
        tables.append(doc_table(day["title"][lang], head, rows, kind="gpp-agenda", escaped=True))
    return "".join(tables)


# -------------------------------------------------------------------------- templates


def template(name: Any) -> dict[str, Any]:
    """A toolkit template, checked: columns with label and help, example rows with a
    cell for every column."""
    data, where = _load("templates", name)
    if data.get("id") != name:
        raise BlockError(f"{where}: id must be {name!r}")
    columns = []
    for n, column in enumerate(data.get("column", []), 1):
        key = column.get("key")
        if not isinstance(key, str) or not key:
            raise BlockError(f"{where} column {n}: needs a key")
        columns.append(
            {
                "key": key,
                "label": text(column.get("label"), f"{where} column {key} label"),
                "help": text(column.get("help"), f"{where} column {key} help"),
            }
        )
    keys = [c["key"] for c in columns]
    if not columns or len(set(keys)) != len(keys):
        raise BlockError(f"{where}: needs columns with distinct keys")
    rows = []
    for n, row in enumerate(data.get("row", []), 1):
        if set(row) != set(keys):
            raise BlockError(f"{where} row {n}: needs exactly the cells {keys}")
        rows.append(
            {
                k: (v if isinstance(v, (int, float)) else text(v, f"{where} row {n} {k}"))
                for k, v in row.items()
            }
        )
    return {
        "id": name,
        "title": text(data.get("title"), f"{where} title"),
        "description": text(data.get("description"), f"{where} description"),
        "columns": columns,
        "rows": rows,
    }


def _cell(value: Any, lang: str) -> Any:
    return value[lang] if isinstance(value, dict) else value


def template_csv(name: str, lang: str) -> str:
    """The template as CSV: headers in ``lang``, then the illustrative example rows."""
    from gpp_core.tabular import csv_text

    data = template(name)
    head = [c["label"][lang] for c in data["columns"]]
    body = [[_cell(row[c["key"]], lang) for c in data["columns"]] for row in data["rows"]]
    return csv_text([head, *body])


def render_template(args: dict[str, Any], lang: str, page: BlockPage) -> str:
    from gpp_core import i18n

    name = args.get("template")
    data = template(name)
    title = data["title"][lang]
    guide = doc_table(
        _t("content.template.columns", lang, title=title),
        [_t("content.template.column", lang), _t("content.template.help", lang)],
        [[c["label"][lang], c["help"][lang]] for c in data["columns"]],
        kind="gpp-template-columns",
    )
    example_rows = [
        [
            str(_cell(row[c["key"]], lang))
            if not isinstance(row[c["key"]], (int, float))
            else i18n.format_number(row[c["key"]], lang)
            for c in data["columns"]
        ]
        for row in data["rows"]
    ]
    example = doc_table(
        _t("content.template.caption", lang, title=title),
        [c["label"][lang] for c in data["columns"]],
        example_rows,
        kind="gpp-template-example",
    )
    filename = f"{name}-{lang}.csv"
    href = "data:text/csv;charset=utf-8," + quote(template_csv(str(name), lang))
    download = (
        f'<p class="gpp-template-download"><a class="md-button" href="{href}" download="{filename}"'
        f' data-gpp-template="{escape(str(name))}">'
        f"{escape(_t('content.template.download', lang, filename=filename))}</a></p>"
    )
    note = f'<p class="gpp-template-note">{escape(_t("content.template.illustrative", lang))}</p>'
    return (
        f'<div class="gpp-template" data-gpp-template="{escape(str(name))}">'
        f'<p class="gpp-template-description">{escape(data["description"][lang])}</p>'
        f"{guide}{download}{example}{note}</div>"
    )


BLOCKS = {
    "module-objectives": render_objectives,
    "session-plan": render_plan,
    "quiz": render_quiz,
    "agenda": render_agenda,
    "template": render_template,
}
