"""``gpp indicators``: the monitoring indicators of a file of procurement records.

    gpp indicators contracts.csv                       # a table of every indicator
    gpp indicators contracts.csv --by group,entity     # broken down
    gpp indicators contracts.csv --json                # the result as JSON (stdout)
    gpp indicators contracts.csv --json result.json    # ... or into a file
    gpp indicators contracts.xlsx --xlsx result.xlsx   # results and rejected rows
    gpp indicators ocds.json --currency PEN --rate USD=3.75 --engine pandas

Exit status: 0 with a result (rows may have been rejected: they are listed), 1 when the
file cannot be used (the reason is printed in ``--lang``), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from gpp_core import i18n, indicators
from gpp_core.calculators.indicators import issue_message, localize_errors

MAX_REASONS_PRINTED = 20


def add_parser(sub: Any) -> None:
    """Declare the ``indicators`` command on the ``gpp`` argument parser."""
    parser = sub.add_parser(
        "indicators",
        help="compute the monitoring indicators of a CSV, XLSX or OCDS JSON file",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    parser.add_argument("file", help="CSV, XLSX or OCDS JSON file ('-' for standard input)")
    parser.add_argument(
        "--by", default="", help="breakdown: any of group, entity, year, quarter (comma-separated)"
    )
    parser.add_argument("--currency", help="reporting currency (ISO 4217), for mixed currencies")
    parser.add_argument(
        "--rate",
        action="append",
        default=[],
        metavar="CODE=RATE",
        help="exchange rate: one unit of CODE in the reporting currency (repeatable)",
    )
    parser.add_argument("--engine", choices=("python", "pandas"), default="python")
    parser.add_argument("--lang", choices=i18n.available_languages(), default=i18n.DEFAULT_LANGUAGE)
    parser.add_argument(
        "--json", nargs="?", const="-", metavar="OUT", help="write the result as JSON"
    )
    parser.add_argument("--xlsx", metavar="OUT", help="write the result as an XLSX workbook")


def _rates(pairs: list[str]) -> dict[str, float]:
    rates: dict[str, float] = {}
    for pair in pairs:
        code, sep, value = pair.partition("=")
        try:
            rates[code.strip().upper()] = float(value)
        except ValueError:
            raise ValueError(f"--rate {pair!r}: expected CODE=RATE, e.g. USD=3.75") from None
        if not sep:
            raise ValueError(f"--rate {pair!r}: expected CODE=RATE, e.g. USD=3.75")
    return rates


def _format(value: Any, kind: str, currency: str | None, lang: str) -> str:
    if value is None:
        return "—"
    if kind == "percent":
        return i18n.format_percent(value, lang)
    if kind == "money" and currency:
        try:
            return i18n.format_money(value, currency, lang)
        except KeyError:
            pass
    return i18n.format_number(value, lang)


def table_text(result: dict[str, Any], lang: str) -> str:
    """The result as a plain-text table (one line per indicator and breakdown key)."""
    d = indicators.dictionary()
    currency = result["currency"]
    rows = indicators.result_rows(result, lang)
    header, body = rows[0], rows[1:]
    n_by = len(result["by"])
    kinds = {ind.id: ind.kind for ind in d.indicators}
    lines = [header[: n_by + 1] + header[n_by + 2 : n_by + 6]]
    for row in body:
        kind = kinds[row[n_by + 1]]
        share = kind != "sum"
        amount = "money" if kind == "value_share" else "number"
        lines.append(
            [
                *row[: n_by + 1],
                _format(row[n_by + 2], "percent" if share else "number", currency, lang),
                _format(row[n_by + 3], amount, currency, lang),
                _format(row[n_by + 4], amount, currency, lang) if share else "",
                _format(row[n_by + 5], "percent", currency, lang),
            ]
        )
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(lines[0]))]
    numeric = set(range(n_by + 1, len(widths)))
    out = []
    for line in lines:
        cells = [
            str(c).rjust(w) if i in numeric else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip())
    return "\n".join(out)


def workbook(result: dict[str, Any], lang: str) -> bytes:
    """The result as an XLSX workbook: results, rejected rows (with reasons), notes."""
    from gpp_core.calculators.indicators import view
    from gpp_core.xlsx import Cell, Sheet, write_workbook

    d = indicators.dictionary()
    t = i18n.translate
    n_by = len(result["by"])
    rows = indicators.result_rows(result, lang)
    kinds = {ind.id: ind.kind for ind in d.indicators}
    sheet_rows: list[list[Any]] = [[Cell(h, bold=True) for h in rows[0]]]
    for row in rows[1:]:
        kind = kinds[row[n_by + 1]]
        share = "0.0%" if kind != "sum" else "#,##0.00"
        amount = "#,##0.00" if kind == "value_share" else "#,##0.##"
        sheet_rows.append(
            [
                *row[: n_by + 2],
                Cell(row[n_by + 2], number_format=share),
                Cell(row[n_by + 3], number_format=amount),
                Cell(row[n_by + 4], number_format=amount),
                Cell(row[n_by + 5], number_format="0.0%"),
                *row[n_by + 6 :],
            ]
        )
    messages = [issue_message(issue, lang) for issue in result["rejected"]]
    rejected = indicators.rejected_rows(result, lang, messages)
    notes = view(result, lang)["notes"]
    return write_workbook(
        [
            Sheet(
                t("indicators.sheet.results", lang),
                sheet_rows,
                column_widths=[24.0] * n_by + [48.0, 24.0, 12.0, 16.0, 16.0, 12.0, 20.0, 10.0],
            ),
            Sheet(
                t("indicators.sheet.rejected", lang),
                [[Cell(h, bold=True) for h in rejected[0]], *rejected[1:]],
                column_widths=[8.0, 24.0, 90.0],
            ),
            Sheet(t("indicators.sheet.notes", lang), [[n] for n in notes], column_widths=[120.0]),
        ]
    )


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    try:
        rates = _rates(args.rate)
        if args.file == "-":
            data: bytes = sys.stdin.buffer.read()
        else:
            data = Path(args.file).read_bytes()
    except (OSError, ValueError) as exc:
        sys.stderr.write(f"gpp: error: {exc}\n")
        return 2
    result = indicators.compute(
        data,
        filename=args.file,
        by=args.by,
        currency=args.currency.upper() if args.currency else None,
        rates=rates,
        engine=args.engine,
    )
    if not result["ok"]:
        for error in localize_errors(result["errors"], lang):
            sys.stderr.write(f"gpp: {error['message']}\n")
        if args.json:
            _write_json(result, args.json)
        return 1
    if args.json:
        _write_json(result, args.json)
    if args.xlsx:
        Path(args.xlsx).write_bytes(workbook(result, lang))
    if args.json == "-":
        return 0
    rows = result["rows"]
    print(
        i18n.translate(
            "indicators.cli.header",
            lang,
            file=args.file,
            used=rows["used"],
            read=rows["read"],
            rejected=rows["rejected"],
            empty=rows["empty"],
            currency=result["currency"] or "—",
            engine=result["engine"],
        )
    )
    print(table_text(result, lang))
    if result["rejected"]:
        print()
        print(i18n.translate("indicators.rejected.title", lang, count=rows["rejected"]))
        for issue in result["rejected"][:MAX_REASONS_PRINTED]:
            column = (
                indicators.dictionary().column(issue["column"]).header[lang]
                if issue["column"]
                else ""
            )
            where = f"{issue['row']}" + (f", {column}" if column else "")
            print(f"  [{where}] {issue_message(issue, lang)}")
        if len(result["rejected"]) > MAX_REASONS_PRINTED:
            more = len(result["rejected"]) - MAX_REASONS_PRINTED
            print("  " + i18n.translate("indicators.cli.more", lang, count=more))
    return 0


def _write_json(result: dict[str, Any], target: str) -> None:
    text = json.dumps(result, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    if target == "-":
        sys.stdout.write(text)
    else:
        Path(target).write_text(text, "utf-8")
