"""gpp_core.xlsx: a standard-library XLSX writer and reader."""

import io
import zipfile

import pytest

from gpp_core.xlsx import Cell, Sheet, column_letter, read_workbook, write_workbook


def test_round_trip_of_values_formulas_and_scripts():
    rows = [
        [Cell("Option", bold=True), "Coût", "ค่าใช้จ่าย", "Chi phí"],
        ["A", 1.5, True, None, -2],
        [
            "B",
            Cell(3.0, formula="SUM(B2:B2)*2", number_format="#,##0.00"),
            Cell("yes", formula='IF(1>0,"yes","no")'),
            Cell(False, formula="1>2"),
        ],
        [" padded ", "<&>\"'", "tab\there"],
    ]
    data = write_workbook([Sheet("Data", rows, [20, 12]), Sheet("Ôtro", [["x"]])])
    book = read_workbook(data)
    assert list(book) == ["Data", "Ôtro"]
    assert book["Data"] == [
        ["Option", "Coût", "ค่าใช้จ่าย", "Chi phí"],
        ["A", 1.5, True, None, -2.0],
        ["B", 3.0, "yes", False],
        [" padded ", "<&>\"'", "tab\there"],
    ]


def test_formulas_are_stored_without_equals_with_cached_values_and_styles():
    data = write_workbook(
        [Sheet("S", [[1, 2, Cell(3, formula="=A1+B1", number_format="0.0%", bold=True)]])]
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        styles = archive.read("xl/styles.xml").decode()
        workbook = archive.read("xl/workbook.xml").decode()
    assert "<f>A1+B1</f><v>3</v>" in sheet
    assert 'formatCode="0.0%"' in styles and "<b/>" in styles
    assert 'fullCalcOnLoad="1"' in workbook


def test_same_content_gives_the_same_bytes():
    sheets = [Sheet("S", [["a", 1]])]
    assert write_workbook(sheets) == write_workbook(sheets)


@pytest.mark.parametrize("name", ["", "a" * 32, "a/b", "x[1]", "q?"])
def test_invalid_sheet_names(name):
    with pytest.raises(ValueError, match="invalid sheet name"):
        write_workbook([Sheet(name, [])])


def test_duplicate_names_and_non_finite_numbers_are_refused():
    with pytest.raises(ValueError, match="unique"):
        write_workbook([Sheet("A", []), Sheet("a", [])])
    with pytest.raises(ValueError, match="non-finite"):
        write_workbook([Sheet("A", [[float("nan")]])])
    with pytest.raises(ValueError):
        write_workbook([])


def test_column_letters():
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]


def test_reads_shared_strings_and_sparse_rows_as_spreadsheet_programs_write_them():
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{ns}" xmlns:r="{rel}"><sheets>'
            '<sheet name="One" sheetId="1" r:id="rId7"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{pkg}">'
            '<Relationship Id="rId7" Target="/xl/worksheets/s.xml"/></Relationships>',
        )
        z.writestr(
            "xl/sharedStrings.xml",
            f'<sst xmlns="{ns}"><si><t>hola</t></si><si><r><t>a</t></r><r><t>b</t></r></si></sst>',
        )
        z.writestr(
            "xl/worksheets/s.xml",
            f'<worksheet xmlns="{ns}"><sheetData>'
            '<row r="2"><c r="C2" t="s"><v>1</v></c><c r="A2" t="s"><v>0</v></c></row>'
            '<row r="3"><c r="B3" t="e"><v>#DIV/0!</v></c></row></sheetData></worksheet>',
        )
    assert read_workbook(buffer.getvalue()) == {
        "One": [[], ["hola", None, "ab"], [None, "#DIV/0!"]]
    }
