"""A minimal XLSX (Office Open XML spreadsheet) writer and reader, standard library only.

Enough for the kit's exports (values, formulas, bold headers, number formats, column
widths) and for reading the values of a workbook that a reader filled in (the indicator
template). Not a general spreadsheet library: no merged cells, charts or styles beyond
those above. Runs in CPython and in Pyodide alike.

API (kept identical to the kit's other implementation, so that either can be used)::

    Cell(value=None, formula=None, number_format=None, bold=False)
    Sheet(name, rows, column_widths=None)
    write_workbook(sheets) -> bytes
    read_workbook(data) -> {sheet name: rows of str | float | bool | None}

>>> data = write_workbook([Sheet("Data", [[Cell("Amount", bold=True)], [1250.5], [True]])])
>>> read_workbook(data)
{'Data': [['Amount'], [1250.5], [True]]}
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from gpp_core.errors import GppError

__all__ = ["Cell", "Sheet", "XlsxError", "read_workbook", "write_workbook"]

Value = str | float | int | bool | None

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
# Characters XML 1.0 cannot carry (control characters other than tab and newlines).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_REF = re.compile(r"([A-Z]+)(\d+)")
# A workbook larger than this once unzipped is refused (protects against zip bombs).
MAX_UNZIPPED_BYTES = 400 * 1024 * 1024
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # reproducible archives: same content, same bytes


class XlsxError(GppError, ValueError):
    """The bytes are not a workbook this reader understands (the message says why)."""


@dataclass(frozen=True)
class Cell:
    """One cell: a value, or a formula (without the leading ``=``), with optional style.

    ``number_format`` is an Excel format code such as ``"0.0%"`` or ``"#,##0.00"``.
    A formula may carry its computed ``value`` too (shown until the sheet recalculates).
    """

    value: Value = None
    formula: str | None = None
    number_format: str | None = None
    bold: bool = False


@dataclass(frozen=True)
class Sheet:
    """A worksheet: a name (at most 31 characters, none of ``[]:*?/\\``) and its rows."""

    name: str
    rows: list[list[Cell | Value]]
    column_widths: list[float] | None = None


def column_letter(index: int) -> str:
    """Excel column letters of a 0-based column index.

    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(701)
    ('A', 'Z', 'AA', 'ZZ')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


def _text(value: str) -> str:
    return escape(_XML_ILLEGAL.sub("", value))


def _number(value: float | int) -> str:
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        raise ValueError(f"a workbook cell cannot hold {value!r}")
    return repr(float(value)) if isinstance(value, float) else str(value)


class _Styles:
    """Collects the (bold, number format) combinations used, as Excel cell formats."""

    def __init__(self) -> None:
        self.formats: dict[str, int] = {}
        self.xfs: dict[tuple[bool, int], int] = {(False, 0): 0}

    def index(self, cell: Cell) -> int:
        fmt = 0
        if cell.number_format:
            fmt = self.formats.setdefault(cell.number_format, 164 + len(self.formats))
        return self.xfs.setdefault((cell.bold, fmt), len(self.xfs))

    def xml(self) -> str:
        formats = "".join(
            f'<numFmt numFmtId="{i}" formatCode="{escape(code, {chr(34): "&quot;"})}"/>'
            for code, i in self.formats.items()
        )
        xfs = "".join(
            f'<xf numFmtId="{fmt}" fontId="{int(bold)}" fillId="0" borderId="0" xfId="0"'
            f"{' applyNumberFormat=' + chr(34) + '1' + chr(34) if fmt else ''}"
            f"{' applyFont=' + chr(34) + '1' + chr(34) if bold else ''}/>"
            for (bold, fmt) in self.xfs
        )
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{_MAIN}">'
            + (f'<numFmts count="{len(self.formats)}">{formats}</numFmts>' if formats else "")
            + '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
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
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _sheet_xml(sheet: Sheet, styles: _Styles) -> str:
    cols = ""
    if sheet.column_widths:
        cols = (
            "<cols>"
            + "".join(
                f'<col min="{i}" max="{i}" width="{float(w):g}" customWidth="1"/>'
                for i, w in enumerate(sheet.column_widths, start=1)
            )
            + "</cols>"
        )
    rows = []
    for r, row in enumerate(sheet.rows, start=1):
        cells = "".join(_cell_xml(f"{column_letter(c)}{r}", v, styles) for c, v in enumerate(row))
        rows.append(f'<row r="{r}">{cells}</row>')
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">{cols}<sheetData>{"".join(rows)}'
        f"</sheetData></worksheet>"
    )


def write_workbook(sheets: Sequence[Sheet]) -> bytes:
    """The bytes of an ``.xlsx`` file holding ``sheets`` (in order; the first is active).

    Formulas recalculate when the file is opened. The same sheets always give the same
    bytes (fixed timestamps inside the archive).
    """
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    names: set[str] = set()
    for sheet in sheets:
        if not 1 <= len(sheet.name) <= 31 or _BAD_SHEET_CHARS.search(sheet.name):
            raise ValueError(
                f"sheet name {sheet.name!r} is not valid: 1 to 31 characters, none of []:*?/\\"
            )
        if sheet.name.casefold() in names:
            raise ValueError(f"two sheets are called {sheet.name!r}")
        names.add(sheet.name.casefold())
    styles = _Styles()
    worksheets = [_sheet_xml(sheet, styles) for sheet in sheets]
    header = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    files = {
        "[Content_Types].xml": header
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.styles+xml"/>' + overrides + "</Types>",
        "_rels/.rels": header + f'<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": header
        + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        + "".join(
            f'<sheet name="{_text(s.name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, s in enumerate(sheets, start=1)
        )
        + '</sheets><calcPr fullCalcOnLoad="1"/></workbook>',
        "xl/_rels/workbook.xml.rels": header
        + f'<Relationships xmlns="{_PKG_REL}">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        + f'<Relationship Id="rId{len(sheets) + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
        "</Relationships>",
        "xl/styles.xml": styles.xml(),
    }
    for i, xml in enumerate(worksheets, start=1):
        files[f"xl/worksheets/sheet{i}.xml"] = xml
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, _FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def _tag(name: str) -> str:
    return f"{{{_MAIN}}}{name}"


def _all_text(element: ET.Element) -> str:
    """The text of a shared or inline string: plain ``<t>`` or rich-text runs."""
    return "".join(t.text or "" for t in element.iter(_tag("t")))


def read_workbook(data: bytes) -> dict[str, list[list[str | float | bool | None]]]:
    """The cell values of every sheet of an ``.xlsx`` file, by sheet name, in order.

    Rows are lists indexed from column A; a gap between cells is ``None`` and an empty
    row is ``[]``. Numbers are ``float`` (dates are Excel serial numbers), booleans
    ``bool``, text ``str``; a formula gives its last computed value, and an error
    value its code (``"#DIV/0!"``). Raises :class:`XlsxError` for anything that is not
    a readable workbook.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise XlsxError("the file is not an XLSX workbook (not a ZIP archive)") from None
    with archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
            raise XlsxError("the workbook is too large once unpacked")

        def part(name: str) -> ET.Element | None:
            try:
                raw = archive.read(name)
            except KeyError:
                return None
            try:
                return ET.fromstring(raw)
            except ET.ParseError as exc:
                raise XlsxError(f"the workbook part {name} is damaged: {exc}") from None

        workbook = part("xl/workbook.xml")
        if workbook is None:
            raise XlsxError("the file is not an XLSX workbook (no xl/workbook.xml)")
        rels = part("xl/_rels/workbook.xml.rels")
        targets = {}
        if rels is not None:
            for rel in rels:
                target = rel.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                targets[rel.get("Id")] = target
        shared: list[str] = []
        strings = part("xl/sharedStrings.xml")
        if strings is not None:
            shared = [_all_text(si) for si in strings.iter(_tag("si"))]
        result: dict[str, list[list[str | float | bool | None]]] = {}
        sheets = workbook.find(_tag("sheets"))
        for position, sheet in enumerate([] if sheets is None else list(sheets), start=1):
            name = sheet.get("name") or f"Sheet{position}"
            target = targets.get(sheet.get(f"{{{_REL}}}id"), f"xl/worksheets/sheet{position}.xml")
            root = part(target)
            if root is None:
                raise XlsxError(f"the workbook has no data for sheet {name!r}")
            result[name] = _read_rows(root, shared)
        if not result:
            raise XlsxError("the workbook has no sheets")
        return result


def _read_rows(root: ET.Element, shared: list[str]) -> list[list[str | float | bool | None]]:
    rows: list[list[str | float | bool | None]] = []
    data = root.find(_tag("sheetData"))
    for row in [] if data is None else data.iter(_tag("row")):
        number = int(row.get("r") or len(rows) + 1)
        while len(rows) < number:
            rows.append([])
        values = rows[number - 1]
        for cell in row.iter(_tag("c")):
            ref = _REF.fullmatch(cell.get("r") or "")
            column = _column_index(ref.group(1)) if ref else len(values)
            while len(values) <= column:
                values.append(None)
            values[column] = _cell_value(cell, shared)
        while values and values[-1] is None:
            values.pop()
    return rows


def _cell_value(cell: ET.Element, shared: list[str]) -> str | float | bool | None:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(_tag("is"))
        return None if inline is None else _all_text(inline)
    v = cell.find(_tag("v"))
    text = None if v is None else v.text
    if text is None:
        return None
    try:
        if kind == "s":
            return shared[int(text)]
        if kind == "b":
            return text.strip() == "1"
        if kind in ("str", "e", "d"):
            return text
        return float(text)
    except (ValueError, IndexError):
        raise XlsxError(f"cell {cell.get('r', '?')} holds an unreadable value {text!r}") from None
