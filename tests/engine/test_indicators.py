"""gpp_core.indicators: hand-checked fixtures for every indicator, breakdowns, every
bad-file case, OCDS input, exports safe against formula injection, the CLI.

Pure Python: these tests also run inside Pyodide (the pandas engine is tested in
tests/test_indicators_pandas.py).
"""

import csv
import io
import json
import math

import pytest
from cli_helpers import run_cli as run
from hypothesis import given, settings
from hypothesis import strategies as st

from gpp_core import i18n, indicators, web
from gpp_core.calculators import indicators as tool
from gpp_core.xlsx import Cell, Sheet, read_workbook, write_workbook

HEADER = (
    "contract_id,entity,product_group,date,amount,currency,sustainable,goals,strategies,"
    "co2e_avoided,women_owned,sme,local_supplier,ecolabel"
)
# Five contracts, checked by hand below (amounts in PEN, total 2,200).
ROWS = [
    "C1,City,Paper,2024-01-15,100,PEN,yes,environmental,technicalSpecifications,2.5,yes,yes,yes,yes",
    "C2,City,Paper,2024-04-01,300,PEN,no,,,,no,no,,no",
    "C3,City,IT,2024-07-20,600,PEN,yes,environmental.energyEfficiency;social,"
    "technicalSpecifications;awardCriteria,10,,yes,no,",
    "C4,Region,IT,2025-02-10,1000,PEN,yes,social.smeInclusion,"
    "selectionCriteria;contractPerformanceConditions,,no,no,no,yes",
    "C5,Region,Paper,2025-03-31,200,PEN,no,,,,yes,yes,yes,no",
]
FIXTURE = "\n".join([HEADER, *ROWS]) + "\n"

# indicator: (numerator, denominator, value, coverage), worked out by hand from ROWS.
EXPECTED = {
    # sustainable: C1 + C3 + C4 = 100 + 600 + 1000 = 1700 of 2200
    "spp_value_share": (1700.0, 2200.0, 17 / 22, 1.0),
    "spp_count_share": (3, 5, 0.6, 1.0),
    "criteria_specifications_share": (2, 5, 0.4, 1.0),  # C1, C3
    "criteria_selection_share": (1, 5, 0.2, 1.0),  # C4
    "criteria_award_share": (1, 5, 0.2, 1.0),  # C3
    "criteria_contract_share": (1, 5, 0.2, 1.0),  # C4
    "environmental_goal_share": (2, 5, 0.4, 1.0),  # C1, C3 (environmental.energyEfficiency)
    "social_goal_share": (2, 5, 0.4, 1.0),  # C3 (social), C4 (social.smeInclusion)
    "co2e_avoided": (12.5, None, 12.5, 0.4),  # C1 2.5 + C3 10; 2 of 5 contracts carry it
    # women: recorded on C1 yes 100, C2 no 300, C4 no 1000, C5 yes 200 (C3 empty)
    "women_value_share": (300.0, 1600.0, 0.1875, 1600 / 2200),
    "women_count_share": (2, 4, 0.5, 0.8),
    "sme_value_share": (900.0, 2200.0, 900 / 2200, 1.0),  # C1, C3, C5
    # local: C1 yes 100, C3 no 600, C4 no 1000, C5 yes 200 (C2 empty)
    "local_value_share": (300.0, 1900.0, 300 / 1900, 1900 / 2200),
    # eco-label: C1 yes 100, C2 no 300, C4 yes 1000, C5 no 200 (C3 empty)
    "ecolabel_value_share": (1100.0, 1600.0, 0.6875, 1600 / 2200),
}


def values(result, key=None):
    entry = (
        result["total"]
        if key is None
        else next(e for e in result["breakdown"] if e["key"] == list(key))
    )
    return entry["values"]


def check(found, expected):
    numerator, denominator, value, coverage = expected
    assert found["numerator"] == pytest.approx(numerator)
    assert found["denominator"] == (None if denominator is None else pytest.approx(denominator))
    assert found["value"] == pytest.approx(value)
    assert found["coverage"] == pytest.approx(coverage)


def reasons(result):
    return [(i["row"], i["column"], i["key"]) for i in result["rejected"]]


def one_error(result):
    assert result["ok"] is False
    (error,) = result["errors"]
    return error


# --- every indicator, by hand --------------------------------------------------------


@pytest.mark.parametrize("indicator", sorted(EXPECTED))
def test_each_indicator_matches_the_hand_computation(indicator):
    result = indicators.compute(FIXTURE)
    assert result["ok"], result
    check(values(result)[indicator], EXPECTED[indicator])


def test_every_indicator_of_the_dictionary_has_a_hand_checked_fixture():
    assert sorted(EXPECTED) == sorted(i.id for i in indicators.dictionary().indicators)


def test_totals_and_row_counts():
    result = indicators.compute(FIXTURE)
    assert result["total"]["contracts"] == 5
    assert result["total"]["amount"] == 2200.0
    assert result["rows"] == {"read": 5, "used": 5, "rejected": 0, "empty": 0}
    assert result["currency"] == "PEN" and result["rejected"] == []


def test_breakdown_by_product_group():
    result = indicators.compute(FIXTURE, by="group")
    assert [e["key"] for e in result["breakdown"]] == [["IT"], ["Paper"]]
    it, paper = values(result, ["IT"]), values(result, ["Paper"])
    check(it["spp_value_share"], (1600.0, 1600.0, 1.0, 1.0))  # C3, C4
    check(paper["spp_value_share"], (100.0, 600.0, 1 / 6, 1.0))  # C1 of C1, C2, C5
    check(paper["women_count_share"], (2, 3, 2 / 3, 1.0))  # C1 yes, C2 no, C5 yes
    check(it["co2e_avoided"], (10.0, None, 10.0, 0.5))
    assert [e["contracts"] for e in result["breakdown"]] == [2, 3]


def test_breakdown_by_entity_and_year():
    result = indicators.compute(FIXTURE, by=["entity", "year"])
    assert [e["key"] for e in result["breakdown"]] == [["City", "2024"], ["Region", "2025"]]
    check(values(result, ["City", "2024"])["spp_count_share"], (2, 3, 2 / 3, 1.0))
    check(values(result, ["Region", "2025"])["local_value_share"], (200.0, 1200.0, 1 / 6, 1.0))


def test_breakdown_by_quarter():
    result = indicators.compute(FIXTURE, by="quarter")
    keys = [e["key"][0] for e in result["breakdown"]]
    assert keys == ["2024-Q1", "2024-Q2", "2024-Q3", "2025-Q1"]  # 1 Apr is Q2, 31 Mar is Q1
    assert values(result, ["2025-Q1"])["spp_count_share"]["value"] == 0.5


def test_breakdown_counts_add_up_to_the_total():
    result = indicators.compute(FIXTURE, by="group,entity")
    for indicator in ("spp_count_share", "women_count_share", "criteria_award_share"):
        total = values(result)[indicator]
        assert (
            sum(e["values"][indicator]["numerator"] for e in result["breakdown"])
            == (total["numerator"])
        )
        assert (
            sum(e["values"][indicator]["denominator"] for e in result["breakdown"])
            == (total["denominator"])
        )


def test_unknown_breakdown_is_an_error_naming_the_valid_ones():
    error = one_error(indicators.compute(FIXTURE, by="group,region"))
    assert error["field"] == "by" and error["params"]["value"] == "region"
    assert error["params"]["choices"] == ["group", "entity", "year", "quarter"]


def test_absent_optional_columns_leave_their_indicators_unavailable():
    text = "\n".join(
        [",".join(HEADER.split(",")[:7]), *(",".join(r.split(",")[:7]) for r in ROWS[:2])]
    )
    result = indicators.compute(text)
    available = {i["id"] for i in result["indicators"] if i["available"]}
    assert available == {"spp_value_share", "spp_count_share"}
    assert set(result["total"]["values"]) == available
    assert "women_owned" in result["columns"]["absent"]


# --- reading: headers, separators, formats --------------------------------------------


def test_headers_in_any_of_the_four_languages():
    d = indicators.dictionary()
    for lang in ("es", "en", "th", "vi"):
        header = ",".join(c.header[lang] for c in d.columns)
        result = indicators.compute("\n".join([header, *ROWS]))
        assert result["ok"] and values(result)["spp_value_share"]["value"] == 17 / 22, lang


def test_headers_never_name_two_columns():
    names = {}
    for column in indicators.dictionary().columns:
        for text in (column.id, *column.header.values()):
            key = indicators.header_key(text)
            assert names.setdefault(key, column.id) == column.id, text


def test_extra_columns_are_ignored_and_reported():
    text = "Supplier," + HEADER + "\n" + "\n".join("ACME," + row for row in ROWS)
    result = indicators.compute(text)
    assert result["columns"]["ignored"] == ["Supplier"]
    assert values(result)["spp_count_share"]["value"] == 0.6


def test_semicolons_with_decimal_commas_and_an_excel_sep_line():
    rows = [r.replace(",", ";").replace("2.5", "2,5") for r in [HEADER, *ROWS]]
    rows[3] = rows[3].replace("environmental.energyEfficiency;social", '"environmental;social"')
    rows[3] = rows[3].replace("technicalSpecifications;awardCriteria", '"awardCriteria"')
    rows[4] = rows[4].replace(
        "selectionCriteria;contractPerformanceConditions",
        '"selectionCriteria;contractPerformanceConditions"',
    )
    text = "sep=;\n" + "\n".join(rows)
    result = indicators.compute(text)
    assert result["ok"], result
    assert result["rejected"] == []
    assert values(result)["co2e_avoided"]["value"] == 12.5
    assert values(result)["criteria_award_share"]["numerator"] == 1
    assert result["rows"]["read"] == 5


def test_tab_separated_with_utf8_bom_and_crlf():
    text = "\ufeff" + "\r\n".join(r.replace(",", "\t") for r in [HEADER, *ROWS])
    result = indicators.compute(text.encode("utf-8"))
    assert result["ok"] and values(result)["sme_value_share"]["numerator"] == 900.0


def test_utf16_with_bom_is_read():
    result = indicators.compute(FIXTURE.encode("utf-16"))
    assert result["ok"] and result["rows"]["used"] == 5


def test_yes_no_words_in_every_language_and_case():
    words = ["Sí", "no", "ใช่", "ไม่ใช่", "CÓ", "không", "TRUE", "0"]
    rows = [f"X{i},E,G,2024-01-01,10,PEN,{w}" for i, w in enumerate(words)]
    result = indicators.compute("\n".join([",".join(HEADER.split(",")[:7]), *rows]))
    assert result["rejected"] == []
    assert values(result)["spp_count_share"]["numerator"] == 4


def test_cells_are_trimmed_and_short_rows_padded():
    text = HEADER + "\n  C9 , City ,Paper, 2024-01-01 , 50 ,pen, yes \n"
    result = indicators.compute(text)
    assert result["rejected"] == [] and result["currency"] == "PEN"
    assert values(result)["spp_value_share"]["value"] == 1.0


def test_line_breaks_of_every_kind_and_very_long_cells():
    header = ",".join(HEADER.split(",")[:7])
    long_name = "Municipalidad " * 20_000  # 280,000 characters, more than csv's default limit
    text = (
        f"{header}\r\nC1,City,Paper,2024-01-15,100,PEN,yes\r"  # an old Mac line break
        f'C2,"Ci\r\nty",Paper,2024-01-15,5,PEN,no\r\n'  # a line break inside a quoted cell
        f"C3,{long_name},Paper,2024-01-15,5,PEN,no\n"
    )
    result = indicators.compute(text, by="entity")
    assert result["rejected"] == [] and result["rows"]["used"] == 3
    assert [e["key"][0] for e in result["breakdown"]][:2] == ["Ci\nty", "City"]
    error = one_error(indicators.compute(header + "\nC\x00,1"))  # text given as str
    assert error["key"] == "indicators.error.encoding"


def test_empty_rows_are_counted_not_checked():
    text = FIXTURE + ",,,,\n   \n"
    result = indicators.compute(text)
    assert result["rows"] == {"read": 5, "used": 5, "rejected": 0, "empty": 2}


def test_xlsx_input_with_numbers_and_excel_dates():
    header = HEADER.split(",")
    rows = []
    for row in csv.reader(ROWS):
        cells = list(row)
        y, m, d = (int(x) for x in cells[3].split("-"))
        from datetime import date

        cells[3] = float((date(y, m, d) - date(1899, 12, 30)).days)  # an Excel date
        cells[4] = float(cells[4])
        cells = [None if c == "" else c for c in cells]
        rows.append(cells)
    book = write_workbook(
        [
            Sheet("Notes", [["read me"]]),
            Sheet("Data", [[Cell(h, bold=True) for h in header], *rows]),
        ]
    )
    result = indicators.compute(book, filename="contracts.xlsx")
    assert result["ok"] and result["source"] == "xlsx"
    plain = indicators.compute(FIXTURE)
    assert result["total"] == plain["total"]


def test_template_in_every_language_reads_back_to_the_example_without_rejections():
    for lang in ("es", "en", "th", "vi"):
        for data in (indicators.template_csv(lang).encode("utf-8"), indicators.template_xlsx(lang)):
            result = indicators.compute(data, by="group")
            assert result["ok"] and result["rejected"] == [], lang
            assert result["rows"]["used"] == len(indicators.dictionary().example["rows"])
    es = indicators.compute(indicators.template_csv("es"))
    th = indicators.compute(indicators.template_xlsx("th"))
    assert es["total"] == th["total"]  # same figures, whatever the language


def test_the_template_guide_describes_every_column():
    guide = indicators.template_guide("vi")
    assert len(guide) == 1 + len(indicators.dictionary().columns)
    assert all(row[2] for row in guide[1:])


# --- rows rejected, never dropped silently ----------------------------------------------

BAD_ROWS = [
    # (row text, column, key, params)
    (
        "B1,City,Paper,2024-01-15,1 000,PEN,yes",
        "amount",
        "indicators.row.not_a_number",
        {"value": "1 000"},
    ),
    (
        "B2,City,Paper,2024-01-15,1,000.50,PEN,yes",
        "",
        "indicators.row.cell_count",
        {"found": 8, "expected": 7},
    ),
    (
        "B3,City,Paper,2024-01-15,abc,PEN,yes",
        "amount",
        "indicators.row.not_a_number",
        {"value": "abc"},
    ),
    ("B4,City,Paper,2024-01-15,-5,PEN,yes", "amount", "indicators.row.negative", {"value": "-5"}),
    (
        "B5,City,Paper,2024-01-15,1e20,PEN,yes",
        "amount",
        "indicators.row.not_a_number",
        {"value": "1e20"},
    ),
    (
        "B6,City,Paper,2024-01-15,9999999999999999,PEN,yes",
        "amount",
        "indicators.row.too_large",
        {"value": "9999999999999999"},
    ),
    ("B7,City,Paper,15/01/2024,5,PEN,yes", "date", "indicators.row.date", {"value": "15/01/2024"}),
    ("B8,City,Paper,2023-02-29,5,PEN,yes", "date", "indicators.row.date", {"value": "2023-02-29"}),
    ("B9,City,Paper,2024-01-15,5,S/,yes", "currency", "indicators.row.currency", {"value": "S/"}),
    (
        "B10,City,Paper,2024-01-15,5,PEN,maybe",
        "sustainable",
        "indicators.row.yes_no",
        {"value": "maybe"},
    ),
    ("B11,,Paper,2024-01-15,5,PEN,yes", "entity", "indicators.row.required", {}),
    ("B12,City,Paper,2024-01-15,5,PEN,", "sustainable", "indicators.row.required", {}),
    (
        "C1,City,Paper,2024-01-15,5,PEN,yes",
        "contract_id",
        "indicators.row.duplicate",
        {"value": "C1", "first": 2},
    ),
    (
        "B13,City,Paper,2024-01-15,١٢,PEN,yes",
        "amount",
        "indicators.row.not_a_number",
        {"value": "١٢"},
    ),
]


@pytest.mark.parametrize(("row", "column", "key", "params"), BAD_ROWS)
def test_each_bad_cell_rejects_its_row_with_row_column_and_reason(row, column, key, params):
    header = ",".join(HEADER.split(",")[:7])
    good = ",".join(ROWS[0].split(",")[:7])
    result = indicators.compute("\n".join([header, good, row, good.replace("C1", "C9")]))
    assert result["ok"]
    assert result["rejected"] == [{"row": 3, "column": column, "key": key, "params": params}]
    assert result["rows"] == {"read": 3, "used": 2, "rejected": 1, "empty": 0}


def test_a_row_with_several_bad_cells_lists_every_reason_in_column_order():
    text = HEADER + "\nX,City,Paper,2024-13-01,abc,PEN,maybe,nature,awardCriterion,many,,,,\n"
    result = indicators.compute(text)
    assert reasons(result) == [
        (2, "date", "indicators.row.date"),
        (2, "amount", "indicators.row.not_a_number"),
        (2, "sustainable", "indicators.row.yes_no"),
        (2, "goals", "indicators.row.goal"),
        (2, "strategies", "indicators.row.strategy"),
        (2, "co2e_avoided", "indicators.row.not_a_number"),
    ]
    assert result["rows"]["rejected"] == 1 and result["rows"]["used"] == 0
    assert result["total"]["values"]["spp_value_share"]["value"] is None


def test_rows_read_are_used_or_rejected():
    text = FIXTURE + "\n".join(r for r, *_ in BAD_ROWS[:6]) + "\n\n"
    result = indicators.compute(text)
    rows = result["rows"]
    assert rows["read"] == rows["used"] + rows["rejected"] == 11
    assert rows["empty"] == 1 and len({i["row"] for i in result["rejected"]}) == 6


# --- files that cannot be used at all ---------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \n\n", "", "\ufeff"])
def test_empty_file(data):
    assert one_error(indicators.compute(data))["key"] == "indicators.error.empty_file"


def test_wrong_encoding_gives_row_column_and_byte():
    text = HEADER + "\nC1,Municipalidad de Áncash,Paper,2024-01-15,100,PEN,yes\n"
    error = one_error(indicators.compute(text.encode("cp1252")))
    assert error["key"] == "indicators.error.encoding"
    assert error["params"] == {"row": 2, "header": "entity", "byte": "0xC1"}


def test_nul_bytes_are_an_encoding_error():
    data = FIXTURE.encode("utf-16-le")  # UTF-16 without its BOM
    error = one_error(indicators.compute(data))
    assert error["key"] == "indicators.error.encoding" and error["params"]["row"] == 1


def test_missing_columns_are_listed_with_the_columns_found():
    error = one_error(indicators.compute("ID,Entity,Amount\n1,x,5\n"))
    assert error["key"] == "indicators.error.missing_columns"
    # "Entity" and "Amount" are column ids, accepted as headers
    assert error["params"]["columns"] == [
        "contract_id",
        "product_group",
        "date",
        "currency",
        "sustainable",
    ]
    assert error["params"]["found"] == ["ID", "Entity", "Amount"]


def test_a_column_given_twice():
    error = one_error(indicators.compute("Amount," + HEADER + "\n"))
    assert error["key"] == "indicators.error.duplicate_column"
    assert error["params"] == {"row": 1, "column": "amount", "first": 1, "second": 6}


def test_header_only_and_blank_header():
    assert one_error(indicators.compute(HEADER + "\n"))["key"] == "indicators.error.no_rows"
    assert one_error(indicators.compute(HEADER + "\n,,,\n"))["key"] == "indicators.error.no_rows"
    assert one_error(indicators.compute(",,,\n" + ROWS[0]))["key"] == "indicators.error.no_header"


def test_mixed_currencies_without_rates():
    text = FIXTURE + "C6,City,IT,2024-05-05,50,USD,yes\nC7,City,IT,2024-05-06,50,EUR,no\n"
    error = one_error(indicators.compute(text))
    assert error["key"] == "indicators.error.mixed_currencies"
    assert error["params"] == {"currencies": ["EUR", "PEN", "USD"], "row": 7}


def test_mixed_currencies_with_rates_are_converted():
    text = FIXTURE + "C6,City,IT,2024-05-05,50,USD,yes,,,,,,,\n"
    result = indicators.compute(text, currency="PEN", rates={"USD": 3.75})
    assert result["ok"] and result["currency"] == "PEN" and result["rates"] == {"USD": 3.75}
    assert values(result)["spp_value_share"]["numerator"] == 1700 + 50 * 3.75
    assert result["total"]["amount"] == 2200 + 187.5


def test_a_rate_missing_for_one_currency():
    text = FIXTURE + "C6,City,IT,2024-05-05,50,USD,yes\nC7,City,IT,2024-05-06,50,EUR,no\n"
    error = one_error(indicators.compute(text, currency="PEN", rates={"USD": 3.75}))
    assert error["key"] == "indicators.error.missing_rates"
    assert error["params"] == {"currencies": ["EUR"], "currency": "PEN", "row": 8}


def test_a_single_other_currency_converts_to_the_reporting_one():
    result = indicators.compute(FIXTURE, currency="USD", rates={"PEN": 0.25})
    assert result["total"]["amount"] == 550.0 and result["currency"] == "USD"


@pytest.mark.parametrize(
    ("currency", "rates", "field"),
    [("soles", None, "currency"), ("PEN", {"USD": 0}, "rates"), ("PEN", {"usd": 3}, "rates")],
)
def test_bad_reporting_currency_or_rates(currency, rates, field):
    assert one_error(indicators.compute(FIXTURE, currency=currency, rates=rates))["field"] == field


def test_old_xls_and_damaged_xlsx():
    assert one_error(indicators.compute(b"\xd0\xcf\x11\xe0rest"))["key"] == "indicators.error.xls"
    error = one_error(indicators.compute(b"PK\x03\x04broken", filename="a.xlsx"))
    assert error["key"] == "indicators.error.xlsx"
    error = one_error(indicators.compute(b"a,b\n", filename="a.xlsx"))
    assert error["key"] == "indicators.error.xlsx"


def test_json_errors_give_line_and_column():
    error = one_error(indicators.compute('{\n  "releases": [,]\n}'))
    assert error["key"] == "indicators.error.json"
    assert (error["params"]["row"], error["params"]["column"]) == (2, 16)
    assert one_error(indicators.compute('{"data": []}'))["key"] == "indicators.error.ocds_shape"
    assert one_error(indicators.compute('{"releases": []}'))["key"] == "indicators.error.ocds_empty"


def test_parse_rates_as_typed_by_readers():
    assert indicators.parse_rates("USD = 3.75\nEUR: 4,05", "es") == {"USD": 3.75, "EUR": 4.05}
    assert indicators.parse_rates("USD 25.400", "vi") == {"USD": 25400.0}
    for bad in ("USD", "USD = -1", "dollars = 3", "USD = abc"):
        with pytest.raises(ValueError):
            indicators.parse_rates(bad, "en")


# --- OCDS -------------------------------------------------------------------------------


def release(ocid, date, **extra):
    return {"ocid": ocid, "id": f"{ocid}-{date}", "date": date, "tag": ["contract"], **extra}


OCDS_PACKAGE = {
    "releases": [
        release(
            "ocds-1",
            "2024-01-01T00:00:00Z",
            buyer={"name": "City"},
            tender={
                "id": "t1",
                "hasSustainability": False,
                "mainProcurementCategory": "goods",
                "lots": [
                    {
                        "id": "L1",
                        "hasSustainability": True,
                        "sustainability": [
                            {
                                "goal": "environmental.energyEfficiency",
                                "strategies": ["technicalSpecifications"],
                            }
                        ],
                    },
                    {"id": "L2", "hasSustainability": False},
                ],
            },
            parties=[
                {
                    "id": "S1",
                    "name": "Small Co",
                    "roles": ["supplier"],
                    "details": {"scale": "sme"},
                },
                {
                    "id": "S2",
                    "name": "Big Co",
                    "roles": ["supplier"],
                    "details": {"scale": "large"},
                },
            ],
            awards=[
                {"id": "A1", "relatedLots": ["L1"], "suppliers": [{"id": "S1"}]},
                {"id": "A2", "relatedLots": ["L2"], "suppliers": [{"id": "S2"}]},
            ],
        ),
        # a later release of the same process adds the contracts (merged by id)
        release(
            "ocds-1",
            "2024-03-01T00:00:00Z",
            contracts=[
                {
                    "id": "K1",
                    "awardID": "A1",
                    "value": {"amount": 400, "currency": "PEN"},
                    "dateSigned": "2024-02-20T10:00:00Z",
                    "items": [
                        {"id": "1", "classification": {"id": "44121600", "description": "Paper"}}
                    ],
                },
                {
                    "id": "K2",
                    "awardID": "A2",
                    "value": {"amount": 600.5, "currency": "PEN"},
                    "dateSigned": "2024-02-21T10:00:00Z",
                },
            ],
        ),
        release(
            "ocds-2",
            "2024-05-01T00:00:00Z",
            buyer={"name": "Region"},
            tender={
                "id": "t2",
                "sustainability": [
                    {"goal": "social.womenInclusion", "strategies": ["awardCriteria", "customCode"]}
                ],
                "items": [
                    {"id": "1", "classification": {"id": "90910000", "description": "Cleaning"}}
                ],
            },
            awards=[
                {"id": "A3", "date": "2024-05-10", "value": {"amount": 1000, "currency": "PEN"}}
            ],
        ),
        release(
            "ocds-3",
            "2024-06-01T00:00:00Z",
            buyer={"name": "Region"},
            tender={"id": "t3", "hasSustainability": True},
            contracts=[
                {
                    "id": "K9",
                    "status": "cancelled",
                    "value": {"amount": 5, "currency": "PEN"},
                    "dateSigned": "2024-06-02",
                }
            ],
        ),
    ]
}


def test_ocds_release_package_with_the_sustainability_extension():
    result = indicators.compute(json.dumps(OCDS_PACKAGE), by="entity")
    assert result["ok"] and result["source"] == "ocds"
    # K1 (lot L1, sustainable, SME, 400), K2 (lot L2, not, large, 600.5), award A3 (no
    # contracts: sustainable by its sustainability entries, 1000); K9 cancelled.
    assert reasons(result) == [(4, "", "indicators.row.ocds_status")]
    assert result["rejected"][0]["params"] == {"status": "cancelled", "ref": "ocds-3/K9"}
    check(values(result)["spp_value_share"], (1400.0, 2000.5, 1400 / 2000.5, 1.0))
    check(values(result)["criteria_specifications_share"], (1, 3, 1 / 3, 1.0))
    check(values(result)["criteria_award_share"], (1, 3, 1 / 3, 1.0))  # customCode accepted
    check(values(result)["social_goal_share"], (1, 3, 1 / 3, 1.0))
    check(values(result)["sme_value_share"], (400.0, 1000.5, 400 / 1000.5, 1000.5 / 2000.5))
    unavailable = {i["id"] for i in result["indicators"] if not i["available"]}
    assert unavailable == {
        "co2e_avoided",
        "women_value_share",
        "women_count_share",
        "local_value_share",
        "ecolabel_value_share",
    }
    assert [e["key"] for e in result["breakdown"]] == [["City"], ["Region"]]
    by_group = indicators.compute(json.dumps(OCDS_PACKAGE), by="group,year")
    assert [e["key"] for e in by_group["breakdown"]] == [
        ["Cleaning", "2024"],
        ["Paper", "2024"],
        ["goods", "2024"],
    ]


def test_ocds_record_package_with_compiled_releases():
    compiled = {
        "ocid": "ocds-9",
        "buyer": {"name": "City"},
        "tender": {"hasSustainability": True, "mainProcurementCategory": "works"},
        "contracts": [
            {"id": "K", "value": {"amount": 10, "currency": "THB"}, "dateSigned": "2025-01-01"}
        ],
    }
    package = {"records": [{"ocid": "ocds-9", "compiledRelease": compiled}]}
    result = indicators.compute(json.dumps(package).encode("utf-8"))
    assert result["ok"] and result["currency"] == "THB"
    assert values(result)["spp_value_share"]["value"] == 1.0


def test_ocds_contract_without_value_is_rejected_with_its_reference():
    package = {
        "releases": [
            release(
                "ocds-5",
                "2024-01-01",
                buyer={"name": "X"},
                tender={"mainProcurementCategory": "goods"},
                contracts=[{"id": "K", "dateSigned": "2024-01-02"}],
            )
        ]
    }
    result = indicators.compute(json.dumps(package))
    assert reasons(result) == [
        (1, "amount", "indicators.row.required"),
        (1, "currency", "indicators.row.required"),
    ]
    assert result["rejected"][0]["params"] == {"ref": "ocds-5/K"}


# --- exports ----------------------------------------------------------------------------

DANGEROUS = ['=HYPERLINK("http://x","y")', "+1+2", "-3+4", "@SUM(A1)", "=1+1"]


def test_results_csv_is_safe_against_formula_injection():
    rows = [
        [f"D{i}", cell, cell, f"2024-01-0{i + 1}", 10 + i, "PEN", "yes"]
        for i, cell in enumerate(DANGEROUS)
    ]
    result = indicators.compute(as_csv(rows, columns=7), by="group,entity")
    assert result["rejected"] == []
    text = indicators.results_csv(result, "en")
    assert text.startswith("\ufeff")
    cells = [c for row in csv.reader(io.StringIO(text[1:])) for c in row]
    for cell in cells:
        if cell[:1] in ("=", "+", "-", "@"):
            float(cell)  # only numbers may start so (a negative number is not a formula)
    for dangerous in DANGEROUS:
        assert "'" + dangerous in cells


def test_rejected_csv_is_safe_and_translated():
    text = ",".join(HEADER.split(",")[:7]) + "\n=cmd,City,Paper,2024-01-01,-5,PEN,yes\n"
    result = indicators.compute(text)
    messages = [tool.issue_message(i, "es") for i in result["rejected"]]
    exported = indicators.rejected_csv(result, "es", messages)
    rows = list(csv.reader(io.StringIO(exported[1:])))
    assert rows[0] == ["Fila", "Columna", "Motivo"]
    assert rows[1] == [
        "2",
        "Monto del contrato",
        "«-5» es negativo: el monto de un contrato debe ser cero o mayor.",
    ]


def test_safe_csv_cell_keeps_numbers():
    assert indicators.safe_csv_cell(-12.5) == -12.5
    assert indicators.safe_csv_cell("-12.5") == "'-12.5"  # text, even if it looks numeric
    assert indicators.safe_csv_cell("\t=x") == "'\t=x"
    assert indicators.safe_csv_cell(None) == ""


# --- the tool's endpoint, messages in four languages -------------------------------------


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("es", "Faltan columnas obligatorias: Fecha del contrato, Compra sostenible."),
        ("en", "Required columns are missing: Contract date, Sustainable."),
        ("th", "ขาดคอลัมน์ที่ต้องมี: วันที่ลงนามสัญญา, การจัดซื้อที่ยั่งยืน"),
        ("vi", "Thiếu các cột bắt buộc: Ngày ký hợp đồng, Mua sắm bền vững."),
    ],
)
def test_file_errors_are_worded_in_the_readers_language(lang, message):
    text = "contract_id,entity,product_group,amount,currency\nC,E,G,5,PEN\n"
    answer = web.call("indicators.compute", {"text": text}, lang)
    assert answer["ok"] is False
    (error,) = answer["errors"]
    assert error["field"] == "file" and error["message"].startswith(message)


@pytest.mark.parametrize("lang", ["es", "en", "th", "vi"])
def test_the_endpoint_reads_base64_bytes_and_words_the_reasons(lang):
    import base64

    text = FIXTURE + "C8,City,IT,2024-13-01,5,PEN,yes\n"
    payload = {
        "base64": base64.b64encode(text.encode("utf-8")).decode(),
        "by": ["group"],
        "filename": "x.csv",
        "currency": "",
        "rates": "",
    }
    answer = web.call("indicators.compute", payload, lang)
    assert answer["ok"], answer
    assert answer["result"] == indicators.compute(text, by=["group"])
    (reason,) = answer["view"]["rejected"]["reasons"]
    assert reason["row"] == 7
    assert reason["column"] == indicators.dictionary().column("date").header[lang]
    assert "2024-13-01" in reason["message"]
    assert answer["csv"].startswith("\ufeff") and answer["rejected_csv"].count("\n") == 2
    assert set(answer["view"]["breakdown"]) == set(EXPECTED)
    assert i18n.translate("indicators.file.results", lang) in answer["filenames"]["results"]


def test_the_endpoint_reports_rates_typed_wrong_next_to_their_field():
    answer = web.call("indicators.compute", {"text": FIXTURE, "rates": "USD = tres"}, "es")
    (error,) = answer["errors"]
    assert error["field"] == "rates" and "«USD = tres»" in error["message"]


def test_the_endpoint_refuses_files_too_large_for_the_browser():
    answer = web.call("indicators.compute", {"text": "x", "size": 31 * 1024 * 1024}, "en")
    (error,) = answer["errors"]
    assert error["field"] == "file"
    assert error["message"].startswith("The file is 31 MB; the browser accepts up to 30 MB.")


def test_a_broken_payload_is_an_error_not_a_crash():
    answer = web.call("indicators.compute", {"base64": "***"}, "vi")
    assert answer["errors"][0]["key"] == "indicators.error.payload"


@pytest.mark.parametrize("lang", ["es", "en", "th", "vi"])
def test_prerendered_widget_shows_the_example_result(lang):
    html = tool.render_html(lang)
    result = indicators.compute(indicators.template_csv(lang), by=["group"])
    view = tool.view(result, lang)
    assert view["summary"] in html
    assert 'data-gpp-widget="indicators"' in html and 'type="file"' in html
    assert tool.issue_message  # the module's public helpers exist
    assert "http" not in html.split('class="gpp-config"')[0]  # nothing external


def test_view_cells_are_typed_for_intl_formatting():
    result = indicators.compute(FIXTURE, by="quarter")
    view = tool.view(result, "th")
    row = view["tables"][0]["rows"][0]
    assert [c["kind"] for c in row["cells"]] == ["percent", "money", "money", "percent"]
    chart = view["breakdown"]["spp_count_share"]
    assert chart["rows"][0]["label"] == "ไตรมาส 1/2024"
    assert [r["bar"] for r in chart["rows"]] == [1.0, 0.0, 1.0, 0.5]


# --- properties -------------------------------------------------------------------------

CELL = st.sampled_from(["yes", "no", ""])
DATE_PARTS = ((0, 4), (1, 9), (0, 9))


@st.composite
def datasets(draw):
    n = draw(st.integers(1, 25))
    rows = []
    for i in range(n):
        amount = draw(st.decimals(0, 10**9, places=2, allow_nan=False, allow_infinity=False))
        rows.append(
            [
                f"K{i}",
                draw(st.sampled_from(["A", "B", "C"])),
                draw(st.sampled_from(["x", "y"])),
                "202{}-0{}-1{}".format(*(draw(st.integers(a, b)) for a, b in DATE_PARTS)),
                str(amount),
                "PEN",
                draw(st.sampled_from(["yes", "no"])),
                "",
                "",
                "",
                draw(CELL),
                draw(CELL),
                draw(CELL),
                draw(CELL),
            ]
        )
    return rows


def as_csv(rows, columns=None):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER.split(",")[:columns])
    writer.writerows(rows)
    return buffer.getvalue()


@settings(max_examples=40, deadline=None)
@given(datasets(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_row_order(rows, rng):
    first = indicators.compute(as_csv(rows), by="group")
    shuffled = list(rows)
    rng.shuffle(shuffled)
    second = indicators.compute(as_csv(shuffled), by="group")
    assert first["total"] == second["total"] and first["breakdown"] == second["breakdown"]


@settings(max_examples=40, deadline=None)
@given(datasets())
def test_shares_are_fractions_and_groups_add_up(rows):
    result = indicators.compute(as_csv(rows), by="entity,quarter")
    assert result["rejected"] == []
    for entry in [result["total"], *result["breakdown"]]:
        for value in entry["values"].values():
            if value["denominator"] is not None and value["value"] is not None:
                assert 0.0 <= value["value"] <= 1.0
    total = result["total"]["amount"]
    assert math.isclose(sum(e["amount"] for e in result["breakdown"]), total, rel_tol=1e-12)
    assert sum(e["contracts"] for e in result["breakdown"]) == len(rows)


# --- the command line -------------------------------------------------------------------


def test_cli_prints_a_table(tmp_path):
    path = tmp_path / "contracts.csv"
    path.write_text(FIXTURE + "C9,City,IT,2024-01-01,abc,PEN,yes\n", "utf-8")
    code, out, _ = run(["indicators", str(path), "--by", "group", "--lang", "en"])
    assert code == 0
    assert "5 of 6 contracts used; rejected rows: 1; empty rows: 0" in out
    line = next(x for x in out.splitlines() if x.startswith("IT ") and "by value" in x)
    assert "100%" in line and "PEN\xa01,600.00" in line
    assert "[7, Contract amount] “abc” is not a number" in out


def test_cli_json_and_xlsx(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(FIXTURE, "utf-8")
    code, out, _ = run(["indicators", str(path), "--json"])
    assert code == 0 and json.loads(out) == indicators.compute(
        FIXTURE.encode("utf-8"), filename=str(path)
    )
    xlsx = tmp_path / "r.xlsx"
    code, _, _ = run(
        ["indicators", str(path), "--by", "entity", "--xlsx", str(xlsx), "--lang", "vi"]
    )
    assert code == 0
    book = read_workbook(xlsx.read_bytes())
    results = book["Kết quả"]
    assert results[0][:2] == ["Đơn vị mua sắm", "Chỉ số"]
    assert results[1][3] == pytest.approx(17 / 22)  # Total, spp_value_share value
    assert "Dòng bị loại" in book


def test_cli_rates_and_exit_codes(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(FIXTURE + "C6,City,IT,2024-05-05,50,USD,yes\n", "utf-8")
    code, _, err = run(["indicators", str(path), "--lang", "es"])
    assert code == 1 and "mezcla monedas (PEN, USD" in err
    code, out, _ = run(
        ["indicators", str(path), "--currency", "pen", "--rate", "USD=3.75", "--json"]
    )
    assert code == 0 and json.loads(out)["total"]["amount"] == 2387.5
    assert run(["indicators", str(tmp_path / "missing.csv")])[0] == 2
    assert run(["indicators", str(path), "--rate", "USD:3"])[0] == 2
    code, out, _ = run(["indicators", "-", "--json"], stdin=FIXTURE.encode("utf-8"))
    assert code == 0 and json.loads(out)["rows"]["used"] == 5
