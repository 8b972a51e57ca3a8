"""gpp_core.xlsx (the minimal workbook writer and reader), as the indicators use it.

Written against the shared API (Cell, Sheet, write_workbook, read_workbook); where a test
looks inside the archive, it checks what the Office Open XML format requires (a formula
is an <f> element, a number format is declared in styles.xml), not this implementation's
layout.
"""

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gpp_core.xlsx import Cell, Sheet, read_workbook, write_workbook

# What the indicators' reader catches from read_workbook (gpp_core.indicators.read_xlsx).
UNREADABLE = (ValueError, KeyError, IndexError, OSError, SyntaxError, zipfile.BadZipFile)


def test_values_round_trip_through_a_workbook():
    rows = [
        [Cell("Entidad", bold=True), Cell("Monto", bold=True), "Sostenible"],
        ["Municipalidad «A» & <B>", 1250.5, True],
        [None, -3, False],
        [],
        ["ใช่", 0.1, "có"],
    ]
    book = read_workbook(write_workbook([Sheet("Datos", rows, column_widths=[30, 12, 10])]))
    assert book == {
        "Datos": [
            ["Entidad", "Monto", "Sostenible"],
            ["Municipalidad «A» & <B>", 1250.5, True],
            [None, -3.0, False],
            [],
            ["ใช่", 0.1, "có"],
        ]
    }


def test_several_sheets_keep_their_order_and_names():
    data = write_workbook([Sheet("Resultados", [["a"]]), Sheet("Filas rechazadas", [["b"]])])
    assert list(read_workbook(data)) == ["Resultados", "Filas rechazadas"]


def test_formulas_recalculate_and_carry_their_cached_value():
    data = write_workbook(
        [Sheet("S", [[2, 3, Cell(formula="A1*B1", value=6), Cell(formula="=A1&B1")]])]
    )
    assert read_workbook(data)["S"] == [[2.0, 3.0, 6.0]]  # no cached value: read as empty
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        workbook = archive.read("xl/workbook.xml").decode()
    assert "<f>A1*B1</f>" in sheet and "<f>A1&amp;B1</f>" in sheet
    assert 'fullCalcOnLoad="1"' in workbook


def test_styles_bold_and_number_formats_are_declared_once():
    data = write_workbook(
        [
            Sheet(
                "S",
                [
                    [Cell(0.25, number_format="0.0%"), Cell(0.5, number_format="0.0%")],
                    [Cell("x", bold=True), Cell(1, number_format='#,##0.00" PEN"', bold=True)],
                ],
            )
        ]
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = archive.read("xl/styles.xml").decode()
    assert styles.count('formatCode="0.0%"') == 1
    assert 'formatCode="#,##0.00&quot; PEN&quot;"' in styles
    assert "<b/>" in styles  # a bold font is declared
    assert read_workbook(data)["S"][0] == [0.25, 0.5]


def test_the_same_sheets_give_the_same_bytes():
    sheets = [Sheet("S", [["a", 1.5]])]
    assert write_workbook(sheets) == write_workbook(sheets)


@pytest.mark.parametrize("name", ["", "a" * 32, "a/b", "x[1]", "why?"])
def test_invalid_sheet_names_are_refused(name):
    with pytest.raises(ValueError, match="sheet name"):
        write_workbook([Sheet(name, [])])


def test_duplicate_sheet_names_and_non_finite_numbers_are_refused():
    with pytest.raises(ValueError, match="unique"):
        write_workbook([Sheet("A", []), Sheet("a", [])])
    with pytest.raises(ValueError):
        write_workbook([Sheet("A", [[float("nan")]])])


def test_control_characters_are_dropped_rather_than_breaking_the_file():
    data = write_workbook([Sheet("S", [["a\x00b\x07c\td"]])])
    assert read_workbook(data)["S"] == [["abc\td"]]


def workbook_with_shared_strings():
    """A workbook as spreadsheet programs write it: shared strings, sparse cells."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    files = {
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
        '<sheet name="Hoja1" sheetId="1" r:id="rId7"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId7" Type="x" '
        'Target="/xl/worksheets/data.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst xmlns="{main}"><si><t>ID contrato</t></si>'
        "<si><r><t>Mon</t></r><r><t>to</t></r></si></sst>",
        "xl/worksheets/data.xml": f'<worksheet xmlns="{main}"><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>'
        '<row r="3"><c r="B3" t="e"><v>#DIV/0!</v></c><c r="C3"><v>45352</v></c>'
        '<c r="D3" t="str"><f>A1</f><v>ID contrato</v></c></row></sheetData></worksheet>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_reads_shared_strings_rich_text_gaps_errors_and_formula_values():
    assert read_workbook(workbook_with_shared_strings()) == {
        "Hoja1": [
            ["ID contrato", None, "Monto"],
            [],
            [None, "#DIV/0!", 45352.0, "ID contrato"],
        ]
    }


@pytest.mark.parametrize(
    "data",
    [b"", b"not a zip", b"PK\x03\x04broken"],
)
def test_unreadable_bytes_raise_an_error(data):
    with pytest.raises(UNREADABLE):
        read_workbook(data)


def test_a_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(UNREADABLE):
        read_workbook(buffer.getvalue())


def test_bytes_that_are_not_a_workbook_are_refused_by_name():
    with pytest.raises(ValueError, match="not an XLSX workbook"):
        read_workbook(b"not a zip")


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    TEXT,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(VALUE, max_size=6), max_size=8))
def test_any_values_round_trip(rows):
    read = read_workbook(write_workbook([Sheet("S", rows)]))["S"]
    expected = []
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, str):
                value = "".join(c for c in value if c in "\t\n\r" or c >= " ")
                value = value.replace("\r\n", "\n").replace("\r", "\n")
                value = value.replace("\ufffe", "").replace("\uffff", "")
            cells.append(value)
        while cells and cells[-1] is None:
            cells.pop()
        expected.append(cells)
    assert read == expected  # every row written is read back, empty ones as []
