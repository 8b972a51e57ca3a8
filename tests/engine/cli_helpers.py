"""Running the command line inside a test: arguments in, exit code and output out."""

from __future__ import annotations

import io
import sys

from gpp_core import cli


def run_cli(args: list[str], stdin: str | bytes = "") -> tuple[int, str, str]:
    """``gpp <args>`` with ``stdin`` as standard input (text, or bytes read as a text
    stream, as a pipe gives them); returns the exit code, standard output and error."""
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr, sys.stdin
    sys.stdout, sys.stderr = out, err
    sys.stdin = (
        io.TextIOWrapper(io.BytesIO(stdin)) if isinstance(stdin, bytes) else io.StringIO(stdin)
    )
    try:
        code = cli.main(args)
    finally:
        sys.stdout, sys.stderr, sys.stdin = old
    return code, out.getvalue(), err.getvalue()
