"""Build-time blocks of the monitoring pages, computed by gpp_core in the page's language,
so that the text of the pages and the tools can never disagree.

* ``sdg1271-questionnaire``: every item of the SDG 12.7.1 questionnaire with its answers
  and the fraction of the item each answer scores;
* ``sdg1271-example``: a worked example (``args["answers"]``: item id to answer, as for
  :func:`gpp_core.sdg1271.assess`; ``args["weights"]`` optional) with its result table;
* ``priority-criteria``: the criteria of the priority tool, default weights, anchors;
* ``priority-groups``: the default groups, their illustrative scores and their rank.
"""

from __future__ import annotations

from html import escape
from typing import Any

from calculators.blocks import doc_table


def _t(key: str, lang: str, **params: Any) -> str:
    from gpp_core import i18n

    return i18n.translate(key, lang, **params)


def questionnaire(args: dict[str, Any], lang: str, page: Any) -> str:
    from gpp_core import i18n
    from gpp_core.sdg1271 import questionnaire as load

    q = load()
    rows = []
    for component in q.components:
        rows.append([f"{component.id}", component.name[lang], ""])
        for item in component.items:
            if item.kind == "share":
                answers = _t("sdg-12-7-1.block.share", lang)
            else:
                answers = _t("sdg-12-7-1.block.separator", lang).join(
                    f"{o.label[lang]} ({i18n.format_number(o.score, lang)})" for o in item.options
                )
            rows.append([item.code, item.question[lang], answers])
    return doc_table(
        _t("sdg-12-7-1.block.caption", lang),
        [
            _t("sdg-12-7-1.block.item", lang),
            _t("sdg-12-7-1.column.question", lang),
            _t("sdg-12-7-1.block.answers", lang),
        ],
        rows,
        kind="gpp-table--doc",
    )


def example(args: dict[str, Any], lang: str, page: Any) -> str:
    from gpp_core.calculators import sdg1271 as calculator
    from gpp_core.monitoring_html import table_html
    from gpp_core.sdg1271 import questionnaire as load

    result = calculator.compute(
        {"answers": args.get("answers", {}), "weights": args.get("weights", {})}
    )
    if not result["ok"]:
        raise ValueError(f"sdg1271-example: invalid answers {result['errors']}")
    view = calculator.view(result, lang)
    # Its own caption: the page's tool has a table called "Score by component" too.
    table = {**view["tables"][0], "caption": _t("sdg-12-7-1.block.example_caption", lang)}
    q = load()
    answered = []
    for item_id, answer in args.get("answers", {}).items():
        item = q.item(item_id)
        if item is None:  # pragma: no cover - compute() rejected it above
            continue
        if item.kind == "share":
            from gpp_core import i18n

            text = i18n.format_percent(float(answer), lang)
        else:
            option = item.option(answer)
            text = option.label[lang] if option else str(answer)
        answered.append(f"<li><strong>{item.code}</strong> {escape(text)}</li>")
    others = _t("sdg-12-7-1.block.others", lang)
    return (
        f"<p>{escape(_t('sdg-12-7-1.block.example_answers', lang))}</p>"
        f'<ul class="gpp-example-answers">{"".join(answered)}<li>{escape(others)}</li></ul>'
        f"{table_html(table, lang)}"
        f'<p class="gpp-summary">{escape(view["summary"])}</p>\n'
    )


def criteria(args: dict[str, Any], lang: str, page: Any) -> str:
    from gpp_core import i18n
    from gpp_core.priorities import catalogue

    rows = [
        [
            c.name[lang],
            i18n.format_percent(c.weight, lang),
            c.help[lang],
            c.low[lang],
            c.high[lang],
        ]
        for c in catalogue().criteria
    ]
    return doc_table(
        _t("priorities.block.criteria_caption", lang),
        [
            _t("priorities.block.criterion", lang),
            _t("priorities.block.default_weight", lang),
            _t("priorities.block.measures", lang),
            _t("priorities.block.low", lang),
            _t("priorities.block.high", lang),
        ],
        rows,
        kind="gpp-table--doc",
    )


def groups(args: dict[str, Any], lang: str, page: Any) -> str:
    from gpp_core import i18n
    from gpp_core.priorities import catalogue, default_groups, rank

    cat = catalogue()
    result = rank(default_groups(lang))
    if not result["ok"]:  # pragma: no cover - the data file is checked by tests
        raise ValueError(f"priority-groups: {result['errors']}")
    rows = [
        [
            g["name"],
            g["id"],
            *(i18n.format_number(g["scores"][c], lang) for c in result["criteria"]),
            i18n.format_number(g["score"], lang),
            i18n.format_number(g["rank"], lang),
        ]
        for g in result["ranking"]
    ]
    return doc_table(
        _t("priorities.block.groups_caption", lang),
        [
            _t("priorities.column.group", lang),
            _t("priorities.block.id", lang),
            *(cat.criterion(c).name[lang] for c in result["criteria"]),
            _t("priorities.column.score", lang),
            _t("priorities.column.rank", lang),
        ],
        rows,
        kind="gpp-table--doc",
    )


BLOCKS = {
    "sdg1271-questionnaire": questionnaire,
    "sdg1271-example": example,
    "priority-criteria": criteria,
    "priority-groups": groups,
}
