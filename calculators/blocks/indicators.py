"""Build-time blocks of the indicators page, from the data dictionary
(``gpp_core/data/indicators.toml``), in the page's language:

* ``indicator-dictionary``: every indicator (definition, formula, numerator,
  denominator, unit, breakdowns, columns used, OCDS goals, strategies and fields, how
  to read it);
* ``indicator-template``: the downloadable template (CSV and XLSX, with the
  illustrative example), embedded in the page as ``data:`` links (nothing to fetch,
  works offline), and the column guide.
"""

from __future__ import annotations

import base64
from html import escape
from typing import Any

from gpp_core import i18n, indicators


def _code(text: str) -> str:
    return f"<code>{escape(text)}</code>"


def _list(items: list[str], lang: str, empty: str = "indicators.dict.none") -> str:
    return ", ".join(items) if items else escape(i18n.translate(empty, lang))


def render_dictionary(args: dict[str, Any], lang: str, page: Any) -> str:
    """One section per indicator, with a fixed anchor ``ind-<id>``."""
    t = i18n.translate
    d = indicators.dictionary()
    parts = []
    for ind in d.indicators:
        anchor = "ind-" + ind.id.replace("_", "-")
        columns = [ind.column] if ind.column else []
        if ind.kind == "value_share" and "amount" not in columns:
            columns.append("amount")
        rows = [
            ("indicators.dict.definition", escape(ind.text("definition", lang))),
            ("indicators.dict.formula", escape(ind.text("formula", lang))),
            ("indicators.dict.numerator", escape(ind.text("numerator", lang))),
            ("indicators.dict.denominator", escape(ind.text("denominator", lang))),
            ("indicators.dict.unit", escape(ind.text("unit_label", lang))),
            (
                "indicators.dict.breakdowns",
                escape(", ".join(d.breakdowns[b]["label"][lang] for b in ind.breakdowns)),
            ),
            (
                "indicators.dict.columns",
                ", ".join(escape(d.column(c).header[lang]) for c in columns),
            ),
            (
                "indicators.dict.ocds_goals",
                _list(
                    [_code(g) for g in ind.ocds_goals],
                    lang,
                    "indicators.dict.none",
                ),
            ),
            (
                "indicators.dict.ocds_strategies",
                _list([_code(s) for s in ind.ocds_strategies], lang),
            ),
            ("indicators.dict.ocds_fields", _list([_code(f) for f in ind.ocds_fields], lang)),
            ("indicators.dict.how_to_read", escape(ind.text("how_to_read", lang))),
        ]
        body = "".join(
            f'<tr><th scope="row">{escape(t(key, lang))}</th><td>{value}</td></tr>'
            for key, value in rows
        )
        parts.append(
            f"### {ind.text('name', lang)} {{ #{anchor} }}\n\n"
            f'<table class="gpp-doc-table gpp-dictionary"><tbody>{body}</tbody></table>\n'
        )
    return "\n".join(parts)


def _data_url(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def render_template(args: dict[str, Any], lang: str, page: Any) -> str:
    """Download links of the template (CSV and XLSX) and the column guide."""
    t = i18n.translate
    base = t("indicators.template.file_base", lang)
    csv_url = _data_url("text/csv;charset=utf-8", indicators.template_csv(lang).encode("utf-8"))
    xlsx_url = _data_url(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        indicators.template_xlsx(lang),
    )
    links = (
        '<p class="gpp-template-downloads">'
        f'<a class="md-button" href="{csv_url}" download="{escape(base)}.csv" '
        f'data-gpp-template="csv">{escape(t("indicators.download.template_csv", lang))}</a> '
        f'<a class="md-button" href="{xlsx_url}" download="{escape(base)}.xlsx" '
        f'data-gpp-template="xlsx">{escape(t("indicators.download.template_xlsx", lang))}</a>'
        "</p>"
        f'<p class="gpp-template-note">{escape(t("indicators.template.illustrative", lang))}</p>'
    )
    guide = indicators.template_guide(lang)
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in guide[0])
    columns = indicators.dictionary().columns
    body = "".join(
        f'<tr><th scope="row">{escape(row[0])}</th><td>{escape(row[1])}</td>'
        f"<td>{escape(row[2])}</td>"
        f"<td>{_list([_code(f) for f in column.ocds], lang, 'indicators.template.no_ocds')}</td>"
        "</tr>"
        for row, column in zip(guide[1:], columns, strict=True)
    )
    caption = escape(t("indicators.template.guide", lang))
    table = (
        f'<div class="gpp-table-wrap" tabindex="0" role="region" aria-label="{caption}">'
        f'<table class="gpp-doc-table gpp-template-guide"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )
    return links + "\n\n" + table + "\n"


def render_browser_limit(args: dict[str, Any], lang: str, page: Any) -> str:
    """The largest file the browser tool accepts, in MB (inline)."""
    from gpp_core.calculators.indicators import MAX_BROWSER_BYTES

    return i18n.format_number(MAX_BROWSER_BYTES / 1024 / 1024, lang)


BLOCKS = {
    "indicator-dictionary": render_dictionary,
    "indicator-template": render_template,
    "indicator-browser-limit": render_browser_limit,
}
