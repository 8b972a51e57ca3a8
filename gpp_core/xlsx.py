"""Write and read small XLSX workbooks with the standard library (zipfile + XML).

Enough of Office Open XML (ECMA-376) for reports with live formulas: text, numbers,
booleans, formulas with their cached results, number formats, bold, column widths.
Text is written as inline strings; the workbook asks spreadsheet programs to
recalculate every formula when the file is opened.

>>> data = write_workbook([Sheet("Data", [["Item", "Cost"], ["Lamp", 10], ["LED", 25.5],
...                         ["Total", Cell(35.5, formula="SUM(B2:B3)", bold=True)]])])
>>> read_workbook(data)["Data"]
[['Item', 'Cost'], ['Lamp', 10.0], ['LED', 25.5], ['Total', 35.5]]
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Union
from xml.etree import ElementTree
from xml.sax.saxutils import escape

__all__ = ["Cell", "Sheet", "column_letter", "read_workbook", "write_workbook"]

Value = Union[str, float, int, bool, None]  # noqa: UP007 - a runtime alias for 3.11


@dataclass(frozen=True)
class Cell:
    """One cell: a value, or a formula (without ``=``) with ``value`` as its cached result."""

    value: Value = None
    formula: str | None = None
    number_format: str | None = None
    bold: bool = False


@dataclass(frozen=True)
class Sheet:
    """A worksheet: rows of cells (plain values are cells without formatting)."""

    name: str
    rows: list[list[Cell | Value]]
    column_widths: list[float] | None = None


_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index.

    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(702)
    ('A', 'Z', 'AA', 'AAA')
    """
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


def _text(value: str) -> str:
    # Quotes too: the same text goes into attributes (number formats, sheet names).
    return escape(_XML_INVALID.sub("", value), {'"': "&quot;"})


def _number(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError(f"cannot write a non-finite number ({value!r}) to a workbook")
    return repr(float(value)) if value != int(value) or abs(value) >= 1e15 else str(int(value))


class _Styles:
    def __init__(self) -> None:
        self.formats: dict[str, int] = {}
        self.xfs: list[tuple[int, bool]] = [(0, False)]

    def index(self, cell: Cell) -> int:
        if cell.number_format is None and not cell.bold:
            return 0
        fmt = 0
        if cell.number_format is not None:
            fmt = self.formats.setdefault(cell.number_format, 164 + len(self.formats))
        key = (fmt, cell.bold)
        if key not in self.xfs:
            self.xfs.append(key)
        return self.xfs.index(key)

    def xml(self) -> str:
        formats = "".join(
            f'<numFmt numFmtId="{i}" formatCode="{_text(code)}"/>'
            for code, i in self.formats.items()
        )
        apply_fmt, apply_font = ' applyNumberFormat="1"', ' applyFont="1"'
        xfs = "".join(
            f'<xf numFmtId="{fmt}" fontId="{1 if bold else 0}" fillId="0" borderId="0" xfId="0"'
            f"{apply_fmt if fmt else ''}{apply_font if bold else ''}/>"
            for fmt, bold in self.xfs
        )
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="{_NS}">'
            f'<numFmts count="{len(self.formats)}">{formats}</numFmts>'
            '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
            '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            "</borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            "</cellStyleXfs>"
            f'<cellXfs count="{len(self.xfs)}">{xfs}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        )


def _cell_xml(ref: str, item: Cell | Value, styles: _Styles) -> str:
    cell = item if isinstance(item, Cell) else Cell(item)
    style = styles.index(cell)
    s = f' s="{style}"' if style else ""
    value = cell.value
    if cell.formula is not None:
        formula = f"<f>{_text(cell.formula.removeprefix('='))}</f>"
        if value is None:
            return f'<c r="{ref}"{s}>{formula}</c>'
        if isinstance(value, bool):
            return f'<c r="{ref}"{s} t="b">{formula}<v>{int(value)}</v></c>'
        if isinstance(value, str):
            return f'<c r="{ref}"{s} t="str">{formula}<v>{_text(value)}</v></c>'
        return f'<c r="{ref}"{s}>{formula}<v>{_number(value)}</v></c>'
    if value is None:
        return f'<c r="{ref}"{s}/>' if style else ""
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"{s}><v>{_number(value)}</v></c>'
    text = _text(str(value))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _sheet_xml(sheet: Sheet, styles: _Styles) -> str:
    cols = ""
    if sheet.column_widths:
        cols = (
            "<cols>"
            + "".join(
                f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>'
                for i, w in enumerate(sheet.column_widths)
            )
            + "</cols>"
        )
    rows = []
    for r, row in enumerate(sheet.rows, start=1):
        cells = "".join(
            _cell_xml(f"{column_letter(c)}{r}", item, styles) for c, item in enumerate(row)
        )
        rows.append(f'<row r="{r}">{cells}</row>')
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_NS}" '
        f'xmlns:r="{_REL}">{cols}<sheetData>{"".join(rows)}</sheetData></worksheet>'
    )


def write_workbook(sheets: Sequence[Sheet]) -> bytes:
    """The bytes of an XLSX file holding ``sheets`` (in order; names must be unique,
    at most 31 characters, without ``[ ] : * ? / \\``)."""
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    names = [s.name for s in sheets]
    for name in names:
        if not name or len(name) > 31 or _BAD_SHEET_CHARS.search(name):
            raise ValueError(f"invalid sheet name {name!r}")
    if len({n.lower() for n in names}) != len(names):
        raise ValueError("sheet names must be unique")
    styles = _Styles()
    sheet_xml = [_sheet_xml(sheet, styles) for sheet in sheets]
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{overrides}</Types>"
    )
    root_rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{_NS}" '
        f'xmlns:r="{_REL}"><sheets>'
        + "".join(
            f'<sheet name="{_text(name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, name in enumerate(names, start=1)
        )
        + '</sheets><calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>'
    )
    workbook_rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{_PKG_REL}">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        + f'<Relationship Id="rId{len(sheets) + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        fixed = (1980, 1, 1, 0, 0, 0)  # reproducible bytes for the same content

        def add(path: str, text: str) -> None:
            info = zipfile.ZipInfo(path, fixed)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))

        add("[Content_Types].xml", content_types)
        add("_rels/.rels", root_rels)
        add("xl/workbook.xml", workbook)
        add("xl/_rels/workbook.xml.rels", workbook_rels)
        add("xl/styles.xml", styles.xml())
        for i, xml in enumerate(sheet_xml, start=1):
            add(f"xl/worksheets/sheet{i}.xml", xml)
    return buffer.getvalue()


def _q(tag: str) -> str:
    return f"{{{_NS}}}{tag}"


def _all_text(element: ElementTree.Element) -> str:
    return "".join(t.text or "" for t in element.iter(_q("t")))


def read_workbook(data: bytes) -> dict[str, list[list[str | float | bool | None]]]:
    """Cell values of every sheet (cached values for formulas), first row first.

    Reads files written by :func:`write_workbook` and by spreadsheet programs (shared
    strings, inline strings, booleans, errors as text). Missing cells are ``None``.
    Bytes that are not a workbook raise :class:`ValueError` ("not an XLSX workbook").
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ValueError(f"not an XLSX workbook ({exc})") from None
    with archive:
        names = set(archive.namelist())
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
            shared = [_all_text(si) for si in root.iter(_q("si"))]
        rels_root = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {
            rel.get("Id"): rel.get("Target", "")
            for rel in rels_root.iter(f"{{{_PKG_REL}}}Relationship")
        }
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        out: dict[str, list[list[str | float | bool | None]]] = {}
        for sheet in workbook.iter(_q("sheet")):
            target = targets[sheet.get(f"{{{_REL}}}id")].lstrip("/")
            path = target if target.startswith("xl/") else f"xl/{target}"
            root = ElementTree.fromstring(archive.read(path))
            rows: list[list[str | float | bool | None]] = []
            for row_number, row in enumerate(root.iter(_q("row")), start=1):
                r = int(row.get("r", row_number))
                while len(rows) < r:
                    rows.append([])
                values = rows[r - 1]
                for position, cell in enumerate(row.iter(_q("c"))):
                    ref = cell.get("r")
                    column = _column_index(re.match(r"[A-Z]+", ref).group()) if ref else position  # type: ignore[union-attr]
                    while len(values) <= column:
                        values.append(None)
                    kind = cell.get("t", "n")
                    v = cell.find(_q("v"))
                    value: str | float | bool | None
                    if kind == "inlineStr":
                        is_ = cell.find(_q("is"))
                        value = _all_text(is_) if is_ is not None else ""
                    elif v is None or v.text is None:
                        value = None
                    elif kind == "s":
                        value = shared[int(v.text)]
                    elif kind == "b":
                        value = v.text.strip() == "1"
                    elif kind in ("str", "e"):
                        value = v.text
                    else:
                        value = float(v.text)
                    values[column] = value
            for values in rows:
                while values and values[-1] is None:
                    values.pop()
            out[str(sheet.get("name"))] = rows
        return out
