"""The ``gpp`` command: run any calculator on a JSON file, print JSON.

    gpp run lcc-compare input.json            # result as JSON
    gpp run lcc-compare input.json --lang th  # with the result laid out in Thai
    gpp list                                  # calculators
    gpp describe lcc-compare --lang es        # declared inputs, with labels
    gpp indicators contracts.csv --by group   # monitoring indicators of a file of records

Exit status: 0 for a result, 1 when the inputs are invalid (the errors are printed as
JSON, with messages in ``--lang``), 2 for a usage error (unknown calculator, unreadable
or malformed file).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

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
    sub.add_parser("list", help="list the calculators")
    desc = sub.add_parser("describe", help="show a calculator's declared inputs")
    desc.add_argument("calculator")
    desc.add_argument("--lang", choices=i18n.available_languages(), default=i18n.DEFAULT_LANGUAGE)
    indicators_cli.add_parser(sub)
    return parser


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
        module = calculators.get(args.calculator)
        text = sys.stdin.read() if args.input == "-" else Path(args.input).read_text("utf-8")
        inputs = json.loads(text)
        if not isinstance(inputs, dict):
            raise ValueError("the input file must hold a JSON object of input names and values")
    except (GppError, OSError, ValueError) as exc:
        sys.stderr.write(f"gpp: error: {exc}\n")
        return 2
    result = module.compute(inputs)
    if args.lang:
        if result["ok"]:
            result["view"] = module.view(result, args.lang)
        else:
            result["errors"] = localize_errors(args.calculator, result["errors"], args.lang)
    _print(result)
    return 0 if result["ok"] else 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
