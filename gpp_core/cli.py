"""The ``gpp`` command: run any calculator on a JSON file, print JSON.

    gpp run lcc-compare input.json            # result as JSON
    gpp run lcc-compare input.json --lang th  # with the result laid out in Thai
    gpp run score bids.json --lang es         # the bid scorer ("score" is its short name)
    gpp list                                  # calculators
    gpp describe lcc-compare --lang es        # declared inputs, with labels
    gpp run lcc scenario.json --lang es       # life-cycle cost scenario: result and view
    gpp run lcc scenario.json --format xlsx -o lcc.xlsx   # export: csv, xlsx or json
    gpp indicators contracts.csv --by group   # monitoring indicators of a file of records

Calculators that expose an API (``NAME.evaluate``, ``NAME.export``) are run through it,
so the CLI gives exactly what the browser shows. ``--format`` asks such a calculator
for an export instead of the result: CSV and JSON go to standard output (or ``-o``);
XLSX needs ``-o``.

Exit status: 0 for a result, 1 when the inputs are invalid (the errors are printed as
JSON, with messages in ``--lang``), 2 for a usage error (unknown calculator, unreadable
or malformed file).
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from gpp_core import __version__, calculators, i18n, indicators_cli
from gpp_core.errors import GppError
from gpp_core.web import describe, localize_errors


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gpp", description="Green and sustainable public procurement calculators (gpp_core)."
    )
    parser.add_argument("--version", action="version", version=f"gpp_core {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run a calculator on a JSON file of inputs")
    run.add_argument("calculator", help="calculator name, e.g. lcc-compare")
    run.add_argument("input", help="JSON file with the inputs ('-' for standard input)")
    run.add_argument(
        "--lang",
        choices=i18n.available_languages(),
        help="also lay out the result (and word errors) in this language",
    )
    run.add_argument(
        "--format", choices=("csv", "xlsx", "json"), help="export instead of the result"
    )
    run.add_argument("-o", "--output", help="write the output to this file")
    sub.add_parser("list", help="list the calculators")
    desc = sub.add_parser("describe", help="show a calculator's declared inputs")
    desc.add_argument("calculator")
    desc.add_argument("--lang", choices=i18n.available_languages(), default=i18n.DEFAULT_LANGUAGE)
    indicators_cli.add_parser(sub)
    return parser


def _calculator(name: str) -> ModuleType:
    """The calculator called ``name`` or by one of its short names (``ALIASES``)."""
    for module in calculators.CALCULATORS.values():
        if name in getattr(module, "ALIASES", ()):
            return module
    return calculators.get(name)


def _print(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "indicators":
        return indicators_cli.run(args)
    try:
        if args.command == "list":
            _print(sorted(calculators.CALCULATORS))
            return 0
        if args.command == "describe":
            _print(describe(args.calculator, args.lang))
            return 0
        module = _calculator(args.calculator)
        text = sys.stdin.read() if args.input == "-" else Path(args.input).read_text("utf-8")
        inputs = json.loads(text)
        if not isinstance(inputs, dict):
            raise ValueError("the input file must hold a JSON object of input names and values")
    except (GppError, OSError, ValueError) as exc:
        sys.stderr.write(f"gpp: error: {exc}\n")
        return 2
    api = getattr(module, "API", {})
    if f"{module.NAME}.evaluate" in api:
        return _run_api(module.NAME, api, inputs, args)
    if args.format:
        sys.stderr.write(f"gpp: error: {module.NAME} has no exports\n")
        return 2
    result = module.compute(inputs)
    if args.lang:
        if result["ok"]:
            result["view"] = module.view(result, args.lang)
        else:
            localize = getattr(module, "localize_errors", None)
            result["errors"] = (
                localize(result["errors"], args.lang)
                if localize
                else localize_errors(module.NAME, result["errors"], args.lang)
            )
    _print(result)
    return 0 if result["ok"] else 1


def _run_api(name: str, api: Any, inputs: Any, args: argparse.Namespace) -> int:
    lang = args.lang or i18n.DEFAULT_LANGUAGE
    if args.format:
        answer = api[f"{name}.export"]({"scenario": inputs, "format": args.format}, lang)
        if not answer["ok"]:
            _print(answer)
            return 1
        if "base64" in answer:
            if not args.output:
                sys.stderr.write("gpp: error: --format xlsx needs --output FILE\n")
                return 2
            Path(args.output).write_bytes(base64.b64decode(answer["base64"]))
        elif args.output:
            Path(args.output).write_text(answer["text"], "utf-8", newline="")
        else:
            sys.stdout.write(answer["text"])
        return 0
    answer = api[f"{name}.evaluate"](inputs, lang)
    if answer["ok"] and not args.lang:
        answer.pop("view", None)
    if args.output:
        text = json.dumps(answer, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
        Path(args.output).write_text(text, "utf-8")
    else:
        _print(answer)
    return 0 if answer["ok"] else 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
