"""CSV exports, the same for every calculator.

UTF-8 with a byte-order mark (so spreadsheet programs read Thai and Vietnamese text),
comma-separated, CRLF line ends, and text cells that a spreadsheet shows but never runs:
text starting with ``=``, ``+``, ``-``, ``@``, a tab or a line break gets a leading
apostrophe (CSV formula injection). Numbers stay numbers: a negative amount is not a
formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

__all__ = ["FORMULA_START", "csv_text", "safe_cell"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet will show, never run.

    >>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell(-12.5), safe_cell("-12.5")
    ('\\'=HYPERLINK("http://x")', -12.5, "'-12.5")
    >>> safe_cell(None), safe_cell("Paper")
    ('', 'Paper')
    """
    if value is None:
        return ""
    if isinstance(value, (int, float)):  # bool included
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_text(rows: Iterable[Sequence[Any]], cell: Callable[[Any], Any] | None = safe_cell) -> str:
    """``rows`` as CSV text with its byte-order mark; each value goes through ``cell``
    (:func:`safe_cell` unless told otherwise; ``None`` writes the values as they are,
    for rows whose text cells are already safe and whose numbers are preformatted).

    >>> csv_text([["a", "=1+1"], [2.5, None]])
    "\\ufeffa,'=1+1\\r\\n2.5,\\r\\n"
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(row if cell is None else [cell(value) for value in row])
    return "\ufeff" + buffer.getvalue()
