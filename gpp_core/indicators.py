"""Monitoring indicators of sustainable public procurement, from procurement records.

The indicators, the columns of the input template and their mapping to the Open
Contracting Data Standard (OCDS) sustainability extension are declared once, in the data
dictionary ``gpp_core/data/indicators.toml`` (:func:`dictionary`). This module reads a
file of records, checks every row, and computes every indicator, in total and broken
down by product group, entity, year or quarter.

Input (:func:`read_table`): the template as CSV (UTF-8; comma, semicolon or tab
separated) or XLSX, with headers in any of the kit's languages, or an OCDS release
package or record package (JSON). One row is one contract.

Checks: a file that cannot be read at all (wrong encoding, empty, missing columns, mixed
currencies without exchange rates...) raises :class:`FileProblem`, whose key and
parameters name the row and column where possible. A row with a bad cell is rejected,
never dropped silently: :func:`compute` returns each reason (:class:`RowIssue`: row,
column, message key, parameters) and counts rejected and empty rows.

Sums of money are exact sums of the amounts as read (``math.fsum``, correctly rounded),
so the result does not depend on the order of the rows, and the pandas path
(:mod:`gpp_core.indicators_pandas`) gives the very same numbers.

Example
-------
>>> text = '''contract_id,entity,product_group,date,amount,currency,sustainable
... C-1,City,Paper,2024-01-15,300,PEN,yes
... C-2,City,Paper,2024-02-01,100,PEN,no
... C-3,City,Computers,2024-05-02,abc,PEN,yes'''
>>> result = compute(text)
>>> result["total"]["values"]["spp_value_share"]["value"]
0.75
>>> [(i["row"], i["column"], i["key"]) for i in result["rejected"]]
[(4, 'amount', 'indicators.row.not_a_number')]
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import tomllib
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from gpp_core import tabular

__all__ = [
    "BREAKDOWNS",
    "Column",
    "FileProblem",
    "Indicator",
    "RowIssue",
    "Table",
    "compute",
    "dictionary",
    "example_rows",
    "parse_rates",
    "read_table",
    "rejected_csv",
    "results_csv",
    "safe_csv_cell",
]

BREAKDOWNS = ("group", "entity", "year", "quarter")
# OCDS organization scale codes counted as micro, small and medium enterprises.
SME_SCALES = frozenset({"micro", "small", "medium", "sme", "selfEmployed"})
GOAL_ROOTS = ("environmental", "social", "economic", "innovation")
MAX_VALUE_CHARS = 40  # a cell quoted in a message is cut to this length
MAX_NUMBER = 1e15  # larger amounts (or tCO2e) are taken for typing errors
# Low-cardinality column types: each distinct cell is read once.
MEMO_TYPES = frozenset({"date", "currency", "yes_no", "goals", "strategies"})
_CODE_SPLIT = re.compile(r"[;,|\s]+")
_GOAL = re.compile(r"(?:environmental|social|economic|innovation)(?:\.[A-Za-z0-9]+)*")
_OPEN_CODE = re.compile(r"[a-z][A-Za-z0-9]*")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ][0-9:.+\-Z]*)?")
# [0-9], not \d: other scripts' digits are refused the same way by both engines.
_NUMBER_POINT = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
_NUMBER_ANY = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")
_CURRENCY = re.compile(r"[A-Z]{3}")
_HEADER_SPACE = re.compile(r"[\s_\-]+")
_FIRST_CHARACTER = re.compile(r"\S")


# ---------------------------------------------------------------------------------------
# The data dictionary
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of the template (see ``indicators.toml``)."""

    id: str
    type: str
    required: bool
    header: Mapping[str, str]
    guide: Mapping[str, str]
    ocds: tuple[str, ...]


@dataclass(frozen=True)
class Indicator:
    """One indicator: how it is computed (``kind``, ``flag``, ``column``) and its texts."""

    id: str
    kind: str  # value_share | count_share | sum
    flag: str | None
    column: str  # the input column it needs
    unit: str
    breakdowns: tuple[str, ...]
    ocds_goals: tuple[str, ...]
    ocds_strategies: tuple[str, ...]
    ocds_fields: tuple[str, ...]
    texts: Mapping[str, Mapping[str, str]]

    def text(self, part: str, lang: str) -> str:
        """One of ``name``, ``definition``, ``numerator``, ``denominator``, ``formula``,
        ``unit_label``, ``how_to_read`` in ``lang``."""
        return self.texts[part][lang]


@dataclass(frozen=True)
class Dictionary:
    columns: tuple[Column, ...]
    indicators: tuple[Indicator, ...]
    breakdowns: Mapping[str, Mapping[str, Any]]
    strategies: Mapping[str, Mapping[str, str]]
    goals: Mapping[str, Mapping[str, str]]
    yes: frozenset[str]
    no: frozenset[str]
    yes_word: Mapping[str, str]
    no_word: Mapping[str, str]
    example: Mapping[str, Any]

    def column(self, column_id: str) -> Column:
        return next(c for c in self.columns if c.id == column_id)

    def indicator(self, indicator_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == indicator_id)


_TEXT_PARTS = (
    "name",
    "definition",
    "numerator",
    "denominator",
    "formula",
    "unit_label",
    "how_to_read",
)


@cache
def dictionary() -> Dictionary:
    """The data dictionary, read from ``gpp_core/data/indicators.toml``.

    >>> d = dictionary()
    >>> d.indicator("spp_value_share").text("name", "en")
    'Share of sustainable procurement by value'
    >>> [c.id for c in d.columns if c.required]
    ['contract_id', 'entity', 'product_group', 'date', 'amount', 'currency', 'sustainable']
    """
    raw = tomllib.loads(
        resources.files("gpp_core.data").joinpath("indicators.toml").read_text("utf-8")
    )
    columns = tuple(
        Column(c["id"], c["type"], c["required"], c["header"], c["guide"], tuple(c["ocds"]))
        for c in raw["columns"]
    )
    indicators = tuple(
        Indicator(
            id=i["id"],
            kind=i["kind"],
            flag=i.get("flag"),
            column=i.get("column") or i.get("flag") or "",
            unit=i["unit"],
            breakdowns=tuple(i["breakdowns"]),
            ocds_goals=tuple(i["ocds_goals"]),
            ocds_strategies=tuple(i["ocds_strategies"]),
            ocds_fields=tuple(i["ocds_fields"]),
            texts={part: i[part] for part in _TEXT_PARTS},
        )
        for i in raw["indicators"]
    )
    return Dictionary(
        columns=columns,
        indicators=indicators,
        breakdowns=raw["breakdowns"],
        strategies=raw["strategies"],
        goals=raw["goals"],
        yes=frozenset(w.casefold() for w in raw["yes"]),
        no=frozenset(w.casefold() for w in raw["no"]),
        yes_word=raw["yes_word"],
        no_word=raw["no_word"],
        example=raw["example"],
    )


def header_key(text: str) -> str:
    """How headers are compared: case-blind, with spaces, ``_`` and ``-`` alike.

    >>> header_key("  Contract_ID ") == header_key("contract id")
    True
    """
    return _HEADER_SPACE.sub(" ", text.strip().casefold()).strip()


@cache
def _header_names() -> dict[str, str]:
    """Every accepted header (id, or the header in any language) -> column id."""
    names: dict[str, str] = {}
    for column in dictionary().columns:
        for text in (column.id, *column.header.values()):
            key = header_key(text)
            if names.get(key, column.id) != column.id:  # pragma: no cover - tested on data
                raise ValueError(f"header {text!r} names two columns")
            names[key] = column.id
    return names


# ---------------------------------------------------------------------------------------
# Problems
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowIssue:
    """Why a row was rejected: its row number, the column (id), a message key."""

    row: int
    column: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "key": self.key, "params": self.params}


class FileProblem(Exception):
    """The file as a whole cannot be used. ``key`` is a message key (``indicators.error.*``),
    ``params`` its parameters (``row``, ``column`` where the problem is located)."""

    def __init__(self, key: str, field: str = "file", **params: Any) -> None:
        self.key, self.field, self.params = key, field, params
        super().__init__(f"{key} {params}")

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "key": self.key, "params": self.params}


def _shown(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


# ---------------------------------------------------------------------------------------
# Reading a file: bytes -> a table of text cells
# ---------------------------------------------------------------------------------------


@dataclass
class Table:
    """Records as text cells, with the template's columns located.

    ``positions`` maps a column id to its index in each row; ``numbers`` gives each
    row's number as the reader sees it (spreadsheet row, or position of the contract in
    an OCDS file). Rows may be shorter or longer than ``width`` (the header's length).
    """

    source: str  # csv | xlsx | ocds
    positions: dict[str, int]
    rows: list[list[str]]
    numbers: list[int]
    width: int
    decimal_comma: bool = False
    ignored: list[str] = field(default_factory=list)
    refs: list[str] | None = None  # OCDS: "ocid / contract id" of each row
    blocked: dict[int, str] = field(default_factory=dict)  # OCDS: row index -> status


@dataclass(frozen=True)
class CsvLayout:
    """Where the data of a CSV text starts and how it is split."""

    delimiter: str
    skip: int  # records before the header (a ``sep=`` line)
    header: list[str]
    positions: dict[str, int]
    ignored: list[str]


def decode(data: bytes) -> str:
    """The text of a CSV or JSON file: UTF-8 (with or without BOM) or UTF-16 with BOM.

    Raises :class:`FileProblem` ``indicators.error.encoding`` with the row and column
    of the first byte that is not UTF-8 (the usual cause: a file saved as "CSV" in a
    legacy encoding instead of "CSV UTF-8").

    >>> decode("Año".encode("utf-8-sig"))
    'Año'
    >>> try:
    ...     decode("a,b\\nx,Año".encode("cp1252"))
    ... except FileProblem as problem:
    ...     problem.key, problem.params["row"], problem.params["header"]
    ('indicators.error.encoding', 2, 'b')
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise FileProblem("indicators.error.encoding", row=1, header="", byte="") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8-sig", errors="replace")
        lines = before.split("\n")
        header = data.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace").rstrip("\r")
        delimiter = _sniff_delimiter(header)
        cells = next(csv.reader([header], delimiter=delimiter), [])
        index = lines[-1].count(delimiter) if len(lines) > 1 else 0
        column = cells[index].strip() if index < len(cells) else str(index + 1)
        raise FileProblem(
            "indicators.error.encoding",
            row=len(lines),
            header=column,
            byte=f"0x{data[exc.start]:02X}",
        ) from None
    return text


def source_text(data: bytes | str) -> str:
    """The text of a CSV or JSON file (bytes decoded, BOM removed), checked: not empty,
    no NUL character (a UTF-16 file without its byte order mark)."""
    text = decode(data) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    if "\x00" in text:
        before = text[: text.index("\x00")]
        raise FileProblem(
            "indicators.error.encoding", row=before.count("\n") + 1, header="", byte="0x00"
        )
    if not text or text.isspace():  # (not text.strip(): no copy of a large text)
        raise FileProblem("indicators.error.empty_file")
    return text


def is_json(text: str) -> bool:
    """Whether the first character that is not a space is ``{`` (an OCDS package)."""
    match = _FIRST_CHARACTER.search(text)
    return bool(match and match.group() == "{")


def prepare_csv(text: str) -> str:
    """A CSV text with every line break as ``\n`` (Windows ``\r\n`` and old Mac ``\r``
    alike), so that both engines split records the same way."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


@contextmanager
def _large_fields() -> Iterator[None]:
    """Let the csv module read cells of any length (its default limit is 128 KiB)."""
    previous = csv.field_size_limit(2**31 - 1)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _sniff_delimiter(line: str) -> str:
    """The separator of a header line: the most frequent of comma, semicolon, tab."""
    counts = {d: 0 for d in ",;\t"}
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts.values())
    return next(d for d in ",;\t" if counts[d] == best) if best else ","


def map_header(cells: Sequence[str]) -> tuple[dict[str, int], list[str]]:
    """Locate the template's columns in a header row.

    Returns ``{column id: index}`` and the headers that are not template columns
    (ignored, and reported). Raises :class:`FileProblem` for a header row with no names,
    a column given twice, or missing required columns.
    """
    names = _header_names()
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, cell in enumerate(cells):
        key = header_key(cell)
        if not key:
            continue
        column_id = names.get(key)
        if column_id is None:
            ignored.append(cell.strip())
        elif column_id in positions:
            raise FileProblem(
                "indicators.error.duplicate_column",
                row=1,
                column=column_id,
                first=positions[column_id] + 1,
                second=index + 1,
            )
        else:
            positions[column_id] = index
    if not positions and not ignored:
        raise FileProblem("indicators.error.no_header", row=1)
    missing = [c.id for c in dictionary().columns if c.required and c.id not in positions]
    if missing:
        raise FileProblem(
            "indicators.error.missing_columns",
            row=1,
            columns=missing,
            found=[cell.strip() for cell in cells if cell.strip()],
        )
    return positions, ignored


def csv_layout(text: str) -> CsvLayout:
    """Separator, header and columns of a CSV text (shared by both engines)."""
    if not text or text.isspace():
        raise FileProblem("indicators.error.empty_file")
    end = text.find("\n")
    first_line = text if end < 0 else text[:end]
    skip = 0
    match = re.fullmatch(r'"?sep=(.)"?', first_line.strip())
    if match:  # Excel's "sep=;" first line
        delimiter, skip = match.group(1), 1
    else:
        delimiter = _sniff_delimiter(first_line)
    reader = csv.reader(_lines(text), delimiter=delimiter)
    header: list[str] = []
    with _large_fields():
        for _ in range(skip + 1):
            header = next(reader, [])
    if not any(cell.strip() for cell in header):
        raise FileProblem("indicators.error.no_header", row=skip + 1)
    positions, ignored = map_header(header)
    return CsvLayout(delimiter, skip, header, positions, ignored)


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` (with their ``\n``), without copying the whole text."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def read_csv_text(text: str) -> Table:
    """A CSV text as a :class:`Table` (with Python's ``csv`` module)."""
    text = prepare_csv(text)
    layout = csv_layout(text)
    with _large_fields():
        records = list(csv.reader(io.StringIO(text), delimiter=layout.delimiter))
    records = records[layout.skip + 1 :]
    first = layout.skip + 2
    return Table(
        source="csv",
        positions=layout.positions,
        rows=records,
        numbers=list(range(first, first + len(records))),
        width=len(layout.header),
        decimal_comma=layout.delimiter != ",",
        ignored=layout.ignored,
    )


def _number_text(value: float) -> str:
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    text = repr(value)
    return format(Decimal(text), "f") if "e" in text or "E" in text else text


def _excel_date(serial: float) -> str:
    """An Excel (1900 date system) serial number as an ISO date."""
    days = int(serial)
    base = date(1899, 12, 30) if days > 60 else date(1899, 12, 31)
    try:
        return (base + timedelta(days=days)).isoformat()
    except OverflowError:
        return _number_text(serial)


def read_xlsx(data: bytes) -> Table:
    """The first sheet of a workbook holding the template's required columns."""
    from gpp_core.xlsx import read_workbook

    try:
        book = read_workbook(data)
    # What a reader of damaged or foreign files may raise (only the API of gpp_core.xlsx
    # is relied on, not its exception classes).
    except (ValueError, KeyError, IndexError, OSError, SyntaxError, zipfile.BadZipFile):
        raise FileProblem("indicators.error.xlsx") from None
    chosen: tuple[list[list[str | float | bool | None]], dict[str, int], list[str]] | None = None
    first_problem: FileProblem | None = None
    for rows in book.values():
        header = ["" if v is None else str(v) for v in (rows[0] if rows else [])]
        try:
            positions, ignored = map_header(header)
        except FileProblem as problem:
            first_problem = first_problem or problem
            continue
        chosen = rows, positions, ignored
        break
    if chosen is None:
        if all(not rows for rows in book.values()):
            raise FileProblem("indicators.error.empty_file")
        assert first_problem is not None
        raise first_problem
    rows, positions, ignored = chosen
    dates = positions.get("date")
    text_rows = []
    for row in rows[1:]:
        cells = []
        for index, value in enumerate(row):
            if value is None:
                cells.append("")
            elif isinstance(value, bool):
                cells.append("yes" if value else "no")
            elif isinstance(value, (int, float)):
                number = float(value)
                cells.append(_excel_date(number) if index == dates else _number_text(number))
            else:
                cells.append(value)
        text_rows.append(cells)
    return Table(
        source="xlsx",
        positions=positions,
        rows=text_rows,
        numbers=list(range(2, 2 + len(text_rows))),
        width=len(rows[0]),
        ignored=ignored,
    )


def read_table(data: bytes | str, filename: str = "") -> Table:
    """Read a CSV, XLSX or OCDS JSON file (bytes, or already decoded text).

    The format is told by the content, not the name: a ZIP archive is a workbook, text
    starting with ``{`` is OCDS JSON, anything else is CSV.
    """
    if isinstance(data, bytes):
        if not data or data.isspace():
            raise FileProblem("indicators.error.empty_file")
        if data.startswith(b"PK\x03\x04"):
            return read_xlsx(data)
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise FileProblem("indicators.error.xls")
        if filename.lower().endswith(".xlsx"):
            raise FileProblem("indicators.error.xlsx")
    text = source_text(data)
    if is_json(text):
        return read_ocds_text(text)
    return read_csv_text(text)


# ---------------------------------------------------------------------------------------
# OCDS release and record packages (sustainability and organization scale extensions)
# ---------------------------------------------------------------------------------------

OCDS_COLUMNS = (
    "contract_id",
    "entity",
    "product_group",
    "date",
    "amount",
    "currency",
    "sustainable",
    "goals",
    "strategies",
    "sme",
)


def _merge(target: dict[str, Any], release: Mapping[str, Any]) -> None:
    """OCDS merge of one release into a compiled release (arrays of objects with ``id``
    are merged by ``id``; other arrays, and values, are replaced)."""
    for key, value in release.items():
        current = target.get(key)
        if isinstance(value, dict):
            if not isinstance(current, dict):
                current = target[key] = {}
            _merge(current, value)
        elif (
            isinstance(value, list)
            and value
            and all(isinstance(v, dict) and "id" in v for v in value)
            and key not in ("sustainability",)
        ):
            merged = {
                str(item.get("id")): item
                for item in (current if isinstance(current, list) else [])
                if isinstance(item, dict)
            }
            for item in value:
                base = merged.setdefault(str(item["id"]), {})
                _merge(base, item)
            target[key] = list(merged.values())
        else:
            target[key] = value


def _compiled_releases(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    if isinstance(doc.get("records"), list):
        compiled = []
        for record in doc["records"]:
            if not isinstance(record, dict):
                continue
            if isinstance(record.get("compiledRelease"), dict):
                compiled.append(record["compiledRelease"])
            else:
                releases = [r for r in record.get("releases", []) if isinstance(r, dict)]
                merged: dict[str, Any] = {}
                for release in sorted(releases, key=lambda r: str(r.get("date", ""))):
                    _merge(merged, release)
                if merged:
                    compiled.append(merged)
        return compiled
    if isinstance(doc.get("releases"), list):
        by_ocid: dict[str, list[dict[str, Any]]] = {}
        for release in doc["releases"]:
            if isinstance(release, dict):
                by_ocid.setdefault(str(release.get("ocid", "")), []).append(release)
        compiled = []
        for releases in by_ocid.values():
            merged = {}
            for release in sorted(releases, key=lambda r: str(r.get("date", ""))):
                _merge(merged, release)
            compiled.append(merged)
        return compiled
    raise FileProblem("indicators.error.ocds_shape")


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text_of(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return _number_text(value)
    return str(value)


def _ocds_units(release: Mapping[str, Any]) -> Iterable[dict[str, str]]:
    """One row per contract of a compiled release (per award when it has no contracts)."""
    tender = _dict(release.get("tender"))
    parties = {str(p.get("id")): p for p in _list(release.get("parties")) if isinstance(p, dict)}
    lots = {str(lot.get("id")): lot for lot in _list(tender.get("lots")) if isinstance(lot, dict)}
    awards = {str(a.get("id")): a for a in _list(release.get("awards")) if isinstance(a, dict)}
    buyer = _dict(release.get("buyer")).get("name") or next(
        (p.get("name") for p in parties.values() if "buyer" in _list(p.get("roles"))), ""
    )
    contracts = [c for c in _list(release.get("contracts")) if isinstance(c, dict)]
    units = [(c, awards.get(str(c.get("awardID")), {})) for c in contracts] or [
        (a, a) for a in awards.values()
    ]
    for unit, award in units:
        related = [lots[str(i)] for i in _list(award.get("relatedLots")) if str(i) in lots]
        entries = [
            e
            for holder in (tender, *related)
            for e in _list(holder.get("sustainability"))
            if isinstance(e, dict)
        ]
        lot_flags = [lot.get("hasSustainability") for lot in related]
        lot_flags = [f for f in lot_flags if isinstance(f, bool)]
        if lot_flags:
            sustainable = any(lot_flags)
        elif isinstance(tender.get("hasSustainability"), bool):
            sustainable = tender["hasSustainability"]
        else:
            sustainable = bool(entries)
        goals = [str(e["goal"]) for e in entries if e.get("goal")]
        strategies = [str(s) for e in entries for s in _list(e.get("strategies"))]
        value = _dict(unit.get("value"))
        items = [i for i in _list(unit.get("items")) or _list(award.get("items")) if i]
        items = items or [i for i in _list(tender.get("items")) if i]
        classification = _dict(_dict(items[0]).get("classification")) if items else {}
        group = classification.get("description") or classification.get("id")
        group = group or tender.get("mainProcurementCategory") or ""
        when = (
            unit.get("dateSigned")
            or _dict(unit.get("period")).get("startDate")
            or award.get("date")
            or release.get("date")
            or ""
        )
        scales = [
            _dict(_dict(parties.get(str(s.get("id")))).get("details")).get("scale")
            for s in _list(award.get("suppliers"))
            if isinstance(s, dict)
        ]
        if any(s in SME_SCALES for s in scales):
            sme = "yes"
        elif scales and all(s == "large" for s in scales):
            sme = "no"
        else:
            sme = ""
        yield {
            "contract_id": f"{release.get('ocid', '')}/{unit.get('id', '')}",
            "entity": _text_of(buyer),
            "product_group": _text_of(group),
            "date": _text_of(when)[:10],
            "amount": _text_of(value.get("amount")),
            "currency": _text_of(value.get("currency")),
            "sustainable": "yes" if sustainable else "no",
            "goals": ";".join(goals),
            "strategies": ";".join(strategies),
            "sme": sme,
            "_status": _text_of(unit.get("status")),
        }


def read_ocds_text(text: str) -> Table:
    """An OCDS release package or record package as a :class:`Table` of contracts."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileProblem(
            "indicators.error.json", row=exc.lineno, column=exc.colno, detail=exc.msg
        ) from None
    if not isinstance(doc, dict):
        raise FileProblem("indicators.error.ocds_shape")
    rows: list[list[str]] = []
    refs: list[str] = []
    blocked: dict[int, str] = {}
    for release in _compiled_releases(doc):
        for unit in _ocds_units(release):
            if unit["_status"] in ("cancelled", "unsuccessful"):
                blocked[len(rows)] = unit["_status"]
            rows.append([unit[c] for c in OCDS_COLUMNS])
            refs.append(unit["contract_id"])
    if not rows:
        raise FileProblem("indicators.error.ocds_empty")
    return Table(
        source="ocds",
        positions={c: i for i, c in enumerate(OCDS_COLUMNS)},
        rows=rows,
        numbers=list(range(1, len(rows) + 1)),
        width=len(OCDS_COLUMNS),
        refs=refs,
        blocked=blocked,
    )


# ---------------------------------------------------------------------------------------
# Cells -> typed values (the pure-Python engine)
# ---------------------------------------------------------------------------------------


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def parse_date(text: str) -> tuple[int, int] | None:
    """Year and quarter of an ISO date (time part ignored), or None.

    >>> parse_date("2024-05-31"), parse_date("2024-02-30"), parse_date("31/05/2024")
    ((2024, 2), None, None)
    """
    match = _DATE.fullmatch(text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if year < 1 or not 1 <= month <= 12 or not 1 <= day <= _days_in_month(year, month):
        return None
    return year, (month - 1) // 3 + 1


def quarter_key(year: int, quarter: int) -> str:
    return f"{year:04d}-Q{quarter}"


@dataclass
class Parsed:
    """The accepted rows, column by column, and the reasons for the rejected ones."""

    numbers: list[int] = field(default_factory=list)
    contract_ids: list[str] = field(default_factory=list)
    group: list[str] = field(default_factory=list)
    entity: list[str] = field(default_factory=list)
    year: list[str] = field(default_factory=list)
    quarter: list[str] = field(default_factory=list)
    amount: list[float] = field(default_factory=list)
    currency: list[str] = field(default_factory=list)
    flags: dict[str, list[bool | None]] = field(default_factory=dict)
    co2e: list[float | None] = field(default_factory=list)
    issues: list[RowIssue] = field(default_factory=list)
    empty: int = 0
    read: int = 0


def flag_names(positions: Mapping[str, int]) -> list[str]:
    """The flags the available columns allow (see ``indicators.toml``)."""
    names = []
    for indicator in dictionary().indicators:
        if indicator.flag and indicator.column in positions and indicator.flag not in names:
            names.append(indicator.flag)
    return names


class _Bad(Exception):
    """A cell that cannot be read: message key, and the text to quote."""

    def __init__(self, key: str, value: str) -> None:
        self.key, self.value = key, value


def _cell_reader(kind: str, decimal_comma: bool, closed: bool) -> Callable[[str], Any]:
    """A function reading a stripped, non-empty cell of a column of type ``kind``."""
    d = dictionary()
    number_re = _NUMBER_ANY if decimal_comma else _NUMBER_POINT

    def text(cell: str) -> str:
        return cell

    def number(cell: str) -> float:
        if not number_re.fullmatch(cell):
            raise _Bad("indicators.row.not_a_number", cell)
        value = float(cell.replace(",", "."))
        if kind == "amount" and value < 0:
            raise _Bad("indicators.row.negative", cell)
        if abs(value) > MAX_NUMBER:
            raise _Bad("indicators.row.too_large", cell)
        return value

    def when(cell: str) -> tuple[int, int]:
        parsed = parse_date(cell)
        if parsed is None:
            raise _Bad("indicators.row.date", cell)
        return parsed

    def currency(cell: str) -> str:
        code = cell.upper()
        if not _CURRENCY.fullmatch(code):
            raise _Bad("indicators.row.currency", cell)
        return code

    def yes_no(cell: str) -> bool:
        word = cell.casefold()
        if word in d.yes:
            return True
        if word in d.no:
            return False
        raise _Bad("indicators.row.yes_no", cell)

    def goals(cell: str) -> tuple[str, ...]:
        codes = tuple(c for c in _CODE_SPLIT.split(cell) if c)
        for code in codes:
            if not _GOAL.fullmatch(code):
                raise _Bad("indicators.row.goal", code)
        return codes

    def strategies(cell: str) -> tuple[str, ...]:
        codes = tuple(c for c in _CODE_SPLIT.split(cell) if c)
        for code in codes:
            if (code not in d.strategies) if closed else not _OPEN_CODE.fullmatch(code):
                raise _Bad("indicators.row.strategy", code)
        return codes

    readers: dict[str, Callable[[str], Any]] = {
        "text": text,
        "amount": number,
        "number": number,
        "date": when,
        "currency": currency,
        "yes_no": yes_no,
        "goals": goals,
        "strategies": strategies,
    }
    read = readers[kind]
    if kind not in MEMO_TYPES:
        return read
    memo: dict[str, tuple[bool, Any]] = {}

    def remembered(cell: str) -> Any:
        hit = memo.get(cell)
        if hit is None:
            try:
                hit = memo[cell] = (True, read(cell))
            except _Bad as bad:
                hit = memo[cell] = (False, (bad.key, bad.value))
        if hit[0]:
            return hit[1]
        raise _Bad(*hit[1])

    return remembered


def parse_rows(table: Table) -> Parsed:
    """Check every row of ``table``; keep the good ones, column by column.

    A row is empty (counted, not checked) when all its cells are blank. Otherwise every
    cell is checked, and a row with any bad cell is rejected with one reason per cell.
    Cells missing at the end of a row count as empty; extra non-empty cells beyond the
    header reject the row. A contract id seen on an earlier row rejects the later row.
    """
    width = table.width
    closed = table.source != "ocds"  # the template's strategy codes; OCDS lists are open
    readers = [
        (c.id, table.positions[c.id], c.required, _cell_reader(c.type, table.decimal_comma, closed))
        for c in dictionary().columns
        if c.id in table.positions
    ]
    flags = flag_names(table.positions)
    tests = [(name, *flag_test(name)) for name in flags]
    out = Parsed(flags={f: [] for f in flags})
    seen: dict[str, int] = {}
    refs = table.refs
    for index, (number, row) in enumerate(zip(table.numbers, table.rows, strict=True)):
        if not "".join(row).strip():  # every cell blank
            out.empty += 1
            continue
        out.read += 1
        ref: dict[str, Any] = {"ref": refs[index]} if refs is not None else {}
        params: dict[str, Any]
        if index in table.blocked:  # an OCDS contract that did not go ahead
            params = {"status": table.blocked[index], **ref}
            out.issues.append(RowIssue(number, "", "indicators.row.ocds_status", params))
            continue
        if len(row) > width and "".join(row[width:]).strip():
            params = {"found": len(row), "expected": width, **ref}
            out.issues.append(RowIssue(number, "", "indicators.row.cell_count", params))
            continue
        issues: list[RowIssue] = []
        values: dict[str, Any] = {}
        for column_id, i, required, read in readers:
            cell = row[i].strip() if i < len(row) else ""
            if not cell:
                if required:
                    issues.append(RowIssue(number, column_id, "indicators.row.required", {**ref}))
                else:
                    values[column_id] = None
                continue
            try:
                values[column_id] = read(cell)
            except _Bad as bad:
                params = {"value": _shown(bad.value), **ref}
                issues.append(RowIssue(number, column_id, bad.key, params))
        contract: str | None = values.get("contract_id")
        if contract is not None:
            first = seen.setdefault(contract, number)
            if first != number:
                params = {"value": _shown(contract), "first": first, **ref}
                issues.append(RowIssue(number, "contract_id", "indicators.row.duplicate", params))
        if issues:
            out.issues.extend(sorted(issues, key=_issue_order))
            continue
        year, quarter = values["date"]
        out.numbers.append(number)
        out.contract_ids.append(values["contract_id"])
        out.group.append(values["product_group"])
        out.entity.append(values["entity"])
        out.year.append(f"{year:04d}")
        out.quarter.append(quarter_key(year, quarter))
        out.amount.append(values["amount"])
        out.currency.append(values["currency"])
        out.co2e.append(values.get("co2e_avoided"))
        for name, column_id, test in tests:
            out.flags[name].append(test(values.get(column_id)))
    return out


_COLUMN_ORDER = {c: i for i, c in enumerate(["", *[c.id for c in dictionary().columns]])}


def _issue_order(issue: RowIssue) -> tuple[int, int]:
    return issue.row, _COLUMN_ORDER.get(issue.column, 99)


def flag_test(name: str) -> tuple[str, Callable[[Any], bool | None]]:
    """The column a flag reads, and the test of that column's value (as read)."""
    if name.startswith("strategy:"):
        code = name[9:]
        return "strategies", lambda codes: code in codes if codes else False
    if name.startswith("goal:"):
        root = name[5:]
        cache: dict[tuple[str, ...], bool] = {}

        def has_goal(codes: tuple[str, ...] | None) -> bool:
            if not codes:
                return False
            hit = cache.get(codes)
            if hit is None:
                hit = cache[codes] = any(c == root or c.startswith(root + ".") for c in codes)
            return hit

        return "goals", has_goal
    return name, lambda flag: flag


# ---------------------------------------------------------------------------------------
# Currencies
# ---------------------------------------------------------------------------------------


def parse_rates(text: str, lang: str) -> dict[str, float]:
    """Exchange rates as a reader types them: ``USD = 3.75; EUR = 4.05`` (one unit of
    each currency in the reporting currency; numbers as written in ``lang``).

    Raises ``ValueError`` naming the entry that cannot be read.

    >>> parse_rates("USD = 3.75; eur=4,05", "es")
    {'USD': 3.75, 'EUR': 4.05}
    >>> parse_rates("", "en")
    {}
    """
    from gpp_core import i18n

    rates: dict[str, float] = {}
    for entry in re.split(r"[;\n]+", text):
        if not entry.strip():
            continue
        match = re.fullmatch(r"\s*([A-Za-z]{3})\s*[=:]?\s*(\S.*?)\s*", entry)
        if not match:
            raise ValueError(entry.strip())
        try:
            rate = i18n.parse_number(match.group(2), lang)
        except ValueError:
            raise ValueError(entry.strip()) from None
        if not rate > 0:
            raise ValueError(entry.strip())
        rates[match.group(1).upper()] = rate
    return rates


def check_rates(rates: Mapping[str, Any] | None, currency: str | None) -> dict[str, float]:
    """Validate the rates and reporting currency given by the caller (not the file)."""
    if currency is not None and not _CURRENCY.fullmatch(currency):
        raise FileProblem("indicators.error.currency_code", "currency", value=_shown(str(currency)))
    clean: dict[str, float] = {}
    for code, rate in (rates or {}).items():
        ok_code = isinstance(code, str) and _CURRENCY.fullmatch(code)
        ok_rate = (
            isinstance(rate, (int, float))
            and not isinstance(rate, bool)
            and math.isfinite(rate)
            and rate > 0
        )
        if not (ok_code and ok_rate):
            raise FileProblem("indicators.error.rate", "rates", value=_shown(f"{code}={rate}"))
        clean[code] = float(rate)
    return clean


def first_rows(currencies: Sequence[str], numbers: Sequence[int]) -> dict[str, int]:
    """Each currency found, with the row where it first appears."""
    first: dict[str, int] = {}
    for code, number in zip(currencies, numbers, strict=True):
        first.setdefault(code, number)
    return first


def conversion(
    first: Mapping[str, int], currency: str | None, rates: Mapping[str, float]
) -> tuple[str | None, dict[str, float]]:
    """The reporting currency and the rate of each currency found (1.0 for itself).

    ``first``: each currency of the accepted rows and the row where it first appears.
    """
    if currency is None:
        if len(first) > 1:
            primary = min(first, key=lambda c: first[c])
            raise FileProblem(
                "indicators.error.mixed_currencies",
                currencies=sorted(first),
                row=min(n for c, n in first.items() if c != primary),
            )
        currency = next(iter(first), None)
        return currency, {c: 1.0 for c in first}
    missing = sorted(c for c in first if c != currency and c not in rates)
    if missing:
        raise FileProblem(
            "indicators.error.missing_rates",
            currencies=missing,
            currency=currency,
            row=min(first[c] for c in missing),
        )
    return currency, {c: (1.0 if c == currency else rates[c]) for c in first}


# ---------------------------------------------------------------------------------------
# Computing
# ---------------------------------------------------------------------------------------


def check_by(by: str | Sequence[str] | None) -> list[str]:
    """The breakdown names, validated (``"group,entity"`` or a list)."""
    names = [b.strip() for b in by.split(",")] if isinstance(by, str) else list(by or [])
    names = [n for n in names if n]
    for name in names:
        if name not in BREAKDOWNS:
            raise FileProblem(
                "indicators.error.by", "by", value=_shown(str(name)), choices=list(BREAKDOWNS)
            )
    if len(set(names)) != len(names):
        raise FileProblem(
            "indicators.error.by", "by", value=",".join(names), choices=list(BREAKDOWNS)
        )
    return names


@dataclass
class Sums:
    """Exact sums over one group of rows, from which every indicator follows.

    Per flag: the amount and the number of contracts where it is yes, and where it is
    recorded (yes or no). Both engines fill this, and :func:`group_entry` turns it into
    the indicators, so that they cannot differ in how a value is derived.
    """

    contracts: int
    amount: float
    yes_amount: dict[str, float]
    known_amount: dict[str, float]
    yes_count: dict[str, int]
    known_count: dict[str, int]
    co2e: float = 0.0
    co2e_count: int = 0


def group_entry(sums: Sums, available: Sequence[Indicator]) -> dict[str, Any]:
    """Contracts, amount and the numerator, denominator, value and coverage of every
    available indicator, from the sums of one group."""
    contracts, total = sums.contracts, sums.amount
    values: dict[str, Any] = {}
    for ind in available:
        if ind.kind == "sum":
            values[ind.id] = {
                "numerator": sums.co2e,
                "denominator": None,
                "value": sums.co2e if sums.co2e_count else None,
                "coverage": sums.co2e_count / contracts if contracts else None,
            }
            continue
        flag = ind.flag or ""
        if ind.kind == "value_share":
            numerator: float = sums.yes_amount[flag]
            denominator: float = sums.known_amount[flag]
            coverage = denominator / total if total else None
        else:
            numerator = sums.yes_count[flag]
            denominator = sums.known_count[flag]
            coverage = denominator / contracts if contracts else None
        values[ind.id] = {
            "numerator": numerator,
            "denominator": denominator,
            "value": numerator / denominator if denominator else None,
            "coverage": coverage,
        }
    return {"contracts": contracts, "amount": total, "values": values}


def breakdown_keys(parsed: Parsed, by: Sequence[str]) -> list[tuple[str, ...]]:
    columns = {
        "group": parsed.group,
        "entity": parsed.entity,
        "year": parsed.year,
        "quarter": parsed.quarter,
    }
    return list(zip(*(columns[b] for b in by), strict=True))


def aggregate(
    parsed: Parsed, amounts: list[float], by: Sequence[str], available: Sequence[Indicator]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The totals, and one entry per breakdown key (sorted), over the accepted rows.

    Rows are put in breakdown order once, so that each group is a slice; amounts are
    masked with zeros rather than filtered (an exact sum is unchanged by zeros).
    """
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, key in enumerate(breakdown_keys(parsed, by) if by else []):
        groups.setdefault(key, []).append(i)
    keys = sorted(groups)
    order = [i for key in keys for i in groups[key]] if by else list(range(len(amounts)))
    bounds = [0]
    for key in keys:
        bounds.append(bounds[-1] + len(groups[key]))

    def ordered(values: Sequence[Any]) -> list[Any]:
        return [values[i] for i in order] if by else list(values)

    by_value = {i.flag for i in available if i.kind == "value_share"}
    by_count = {i.flag for i in available if i.kind == "count_share"}
    amount = ordered(amounts)
    yes = {f: ordered([v is True for v in flag]) for f, flag in parsed.flags.items()}
    known = {f: ordered([v is not None for v in flag]) for f, flag in parsed.flags.items()}
    yes_amt = {
        f: [a if y else 0.0 for a, y in zip(amount, yes[f], strict=True)]
        for f in yes
        if f in by_value
    }
    known_amt = {
        f: [a if k else 0.0 for a, k in zip(amount, known[f], strict=True)]
        for f in known
        if f in by_value
    }
    co2e = ordered([0.0 if v is None else v for v in parsed.co2e])
    co2e_known = ordered([v is not None for v in parsed.co2e])

    def sums(start: int, end: int) -> Sums:
        return Sums(
            contracts=end - start,
            amount=math.fsum(amount[start:end]),
            yes_amount={f: math.fsum(v[start:end]) for f, v in yes_amt.items()},
            known_amount={f: math.fsum(v[start:end]) for f, v in known_amt.items()},
            yes_count={f: sum(v[start:end]) for f, v in yes.items() if f in by_count},
            known_count={f: sum(v[start:end]) for f, v in known.items() if f in by_count},
            co2e=math.fsum(co2e[start:end]),
            co2e_count=sum(co2e_known[start:end]),
        )

    total = group_entry(sums(0, len(amounts)), available)
    rows = [
        {"key": list(key), **group_entry(sums(bounds[g], bounds[g + 1]), available)}
        for g, key in enumerate(keys)
    ]
    return total, rows


def available_indicators(positions: Mapping[str, int]) -> list[Indicator]:
    return [i for i in dictionary().indicators if i.column in positions]


def assemble(
    table: Table,
    parsed_issues: list[RowIssue],
    counts: Mapping[str, int],
    currency: str | None,
    rates_used: Mapping[str, float],
    by: Sequence[str],
    total: dict[str, Any],
    breakdown: list[dict[str, Any]],
    engine: str,
) -> dict[str, Any]:
    """The JSON-ready result (the same structure from either engine)."""
    d = dictionary()
    positions = table.positions
    return {
        "ok": True,
        "engine": engine,
        "source": table.source,
        "currency": currency,
        "rates": {c: r for c, r in sorted(rates_used.items()) if c != currency},
        "by": list(by),
        "rows": {
            "read": counts["read"],
            "used": counts["used"],
            "rejected": len({i.row for i in parsed_issues}),
            "empty": counts["empty"],
        },
        "columns": {
            "found": [c.id for c in d.columns if c.id in positions],
            "absent": [c.id for c in d.columns if c.id not in positions],
            "ignored": list(table.ignored),
        },
        "indicators": [
            {
                "id": i.id,
                "kind": i.kind,
                "unit": i.unit,
                "column": i.column,
                "available": i.column in positions,
            }
            for i in d.indicators
        ],
        "total": total,
        "breakdown": breakdown,
        "rejected": [i.to_json() for i in parsed_issues],
    }


def compute(
    data: bytes | str | Table,
    *,
    filename: str = "",
    by: str | Sequence[str] | None = None,
    currency: str | None = None,
    rates: Mapping[str, Any] | None = None,
    engine: str = "python",
) -> dict[str, Any]:
    """Every indicator for a file of records (see the module docstring).

    Parameters
    ----------
    data : bytes, str or Table
        The file's bytes (CSV, XLSX or OCDS JSON), a decoded text, or a read table.
    by : str or list of str
        Breakdown: any of ``group``, ``entity``, ``year``, ``quarter`` (``"group,entity"``).
    currency : str, optional
        Reporting currency (ISO 4217). Needed when the file mixes currencies.
    rates : mapping, optional
        ``{code: rate}``: one unit of ``code`` in the reporting currency.
    engine : ``"python"`` or ``"pandas"``
        Same results; pandas is faster on large files (not available in the browser).

    Returns
    -------
    dict
        ``{"ok": True, "total": ..., "breakdown": [...], "rejected": [...], ...}``, or
        ``{"ok": False, "errors": [{"field", "key", "params"}]}`` for a file that cannot be
        used. Nothing raises for bad input.
    """
    if engine == "pandas":
        from gpp_core.indicators_pandas import compute as compute_pandas

        return compute_pandas(data, filename=filename, by=by, currency=currency, rates=rates)
    if engine != "python":
        return {
            "ok": False,
            "errors": [
                {
                    "field": "engine",
                    "key": "indicators.error.engine",
                    "params": {"value": _shown(str(engine))},
                }
            ],
        }
    try:
        names = check_by(by)
        clean_rates = check_rates(rates, currency)
        table = data if isinstance(data, Table) else read_table(data, filename)
        parsed = parse_rows(table)
        if not parsed.read:
            raise FileProblem("indicators.error.no_rows")
        first = first_rows(parsed.currency, parsed.numbers)
        reporting, used_rates = conversion(first, currency, clean_rates)
    except FileProblem as problem:
        return {"ok": False, "errors": [problem.to_json()]}
    amounts = [a * used_rates[c] for a, c in zip(parsed.amount, parsed.currency, strict=True)]
    available = available_indicators(table.positions)
    total, breakdown = aggregate(parsed, amounts, names, available)
    counts = {"read": parsed.read, "used": len(parsed.numbers), "empty": parsed.empty}
    return assemble(
        table, parsed.issues, counts, reporting, used_rates, names, total, breakdown, "python"
    )


# ---------------------------------------------------------------------------------------
# The template and the example dataset
# ---------------------------------------------------------------------------------------


def example_rows(lang: str) -> list[list[str]]:
    """The illustrative example dataset with its header, in ``lang``."""
    d = dictionary()
    example = d.example
    labels = example["labels"]
    words = {"yes": d.yes_word[lang], "no": d.no_word[lang]}
    header = [d.column(c).header[lang] for c in example["columns"]]
    rows = [header]
    for row in example["rows"]:
        cells = []
        for column_id, cell in zip(example["columns"], row, strict=True):
            if cell.startswith("@"):
                cell = labels[cell[1:]][lang]
            elif d.column(column_id).type == "yes_no" and cell:
                cell = words[cell]
            cells.append(cell)
        rows.append(cells)
    return rows


def template_csv(lang: str) -> str:
    """The CSV template (header in ``lang`` and the illustrative example), UTF-8 with BOM."""
    return tabular.csv_text(example_rows(lang), cell=None)


def template_guide(lang: str) -> list[list[str]]:
    """The column guide of the template (header first), in ``lang``."""
    from gpp_core import i18n

    t = i18n.translate
    rows = [
        [
            t("indicators.template.column", lang),
            t("indicators.template.required", lang),
            t("indicators.template.guide", lang),
            t("indicators.template.ocds", lang),
        ]
    ]
    for column in dictionary().columns:
        required = t(f"indicators.template.{'yes' if column.required else 'no'}", lang)
        ocds = ", ".join(column.ocds) or t("indicators.template.no_ocds", lang)
        rows.append([column.header[lang], required, column.guide[lang], ocds])
    return rows


def template_xlsx(lang: str) -> bytes:
    """The XLSX template: a data sheet with the illustrative example (numbers as numbers)
    and a guide sheet describing every column, in ``lang``."""
    from gpp_core import i18n
    from gpp_core.xlsx import Cell, Sheet, write_workbook

    d = dictionary()
    rows = example_rows(lang)
    types = [d.column(c).type for c in d.example["columns"]]
    data: list[list[Cell | str | float | int | bool | None]] = [
        [Cell(h, bold=True) for h in rows[0]]
    ]
    for row in rows[1:]:
        cells: list[Cell | str | float | int | bool | None] = []
        for kind, cell in zip(types, row, strict=True):
            if kind == "amount" and cell:
                cells.append(Cell(float(cell), number_format="#,##0.00"))
            elif kind == "number" and cell:
                cells.append(float(cell))
            else:
                cells.append(cell or None)
        data.append(cells)
    guide = template_guide(lang)
    guide_rows: list[list[Cell | str | float | int | bool | None]] = [
        [Cell(h, bold=True) for h in guide[0]]
    ]
    guide_rows += [list(row) for row in guide[1:]]
    guide_rows += [[], [Cell(i18n.translate("indicators.template.illustrative", lang), bold=True)]]
    widths = [max(12.0, min(40.0, len(h) + 4.0)) for h in rows[0]]
    return write_workbook(
        [
            Sheet(i18n.translate("indicators.template.sheet_data", lang), data, widths),
            Sheet(
                i18n.translate("indicators.template.sheet_guide", lang),
                guide_rows,
                [28.0, 12.0, 90.0, 60.0],
            ),
        ]
    )


# ---------------------------------------------------------------------------------------
# Exports
# ---------------------------------------------------------------------------------------


def safe_csv_cell(value: Any) -> str | float | int:
    """A cell for a CSV export that a spreadsheet will not run as a formula.

    Text starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading
    apostrophe; numbers are kept as numbers (a negative amount is not a formula).

    >>> safe_csv_cell("=HYPERLINK(\\"http://x\\")"), safe_csv_cell(-12.5), safe_csv_cell("Paper")
    ('\\'=HYPERLINK("http://x")', -12.5, 'Paper')
    """
    result: str | float | int = (
        str(value).lower() if isinstance(value, bool) else tabular.safe_cell(value)
    )
    return result


def _csv_text(rows: Iterable[Sequence[Any]]) -> str:
    return tabular.csv_text(rows, safe_csv_cell)


def result_rows(result: Mapping[str, Any], lang: str) -> list[list[Any]]:
    """The result as a table (header first): one row per indicator and breakdown key."""
    from gpp_core import i18n

    d = dictionary()
    by = result["by"]
    header = [
        *(d.breakdowns[b]["label"][lang] for b in by),
        i18n.translate("indicators.export.indicator", lang),
        i18n.translate("indicators.export.id", lang),
        i18n.translate("indicators.export.value", lang),
        i18n.translate("indicators.export.numerator", lang),
        i18n.translate("indicators.export.denominator", lang),
        i18n.translate("indicators.export.coverage", lang),
        i18n.translate("indicators.export.unit", lang),
        i18n.translate("indicators.export.contracts", lang),
    ]
    rows: list[list[Any]] = [header]
    total_label = i18n.translate("indicators.total", lang)
    groups = [([total_label] * len(by), result["total"])]
    groups += [(entry["key"], entry) for entry in result["breakdown"]]
    for key, entry in groups:
        for indicator in d.indicators:
            values = entry["values"].get(indicator.id)
            if values is None:
                continue
            unit = result["currency"] if indicator.kind == "value_share" else None
            rows.append(
                [
                    *key,
                    indicator.text("name", lang),
                    indicator.id,
                    values["value"],
                    values["numerator"],
                    values["denominator"],
                    values["coverage"],
                    indicator.text("unit_label", lang) + (f" ({unit})" if unit else ""),
                    entry["contracts"],
                ]
            )
    return rows


def results_csv(result: Mapping[str, Any], lang: str) -> str:
    """The result as CSV (safe against formula injection). Shares are fractions."""
    return _csv_text(result_rows(result, lang))


def rejected_rows(result: Mapping[str, Any], lang: str, messages: Sequence[str]) -> list[list[Any]]:
    from gpp_core import i18n

    header = [
        i18n.translate("indicators.export.row", lang),
        i18n.translate("indicators.export.column", lang),
        i18n.translate("indicators.export.reason", lang),
    ]
    d = dictionary()
    rows: list[list[Any]] = [header]
    for issue, message in zip(result["rejected"], messages, strict=True):
        column = issue["column"]
        name = d.column(column).header[lang] if column else ""
        rows.append([issue["row"], name, message])
    return rows


def rejected_csv(result: Mapping[str, Any], lang: str, messages: Sequence[str]) -> str:
    """The rejected rows and their reasons (``messages``, already in ``lang``) as CSV."""
    return _csv_text(rejected_rows(result, lang, messages))
