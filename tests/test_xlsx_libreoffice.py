"""The XLSX export recomputes to the engine's results in a real spreadsheet program.

LibreOffice (headless) opens a copy of the export whose cached formula values were
removed, so every figure it writes back was recomputed from the inputs sheet; the test
compares them with the engine. Tolerance: relative 1e-9 (LibreOffice computes in IEEE
doubles like the engine; the sums run in a different order).
Needs ``soffice`` (``make libreoffice`` installs it); outside CI a missing LibreOffice
skips the test, in CI it fails.
"""

import base64
import io
import os
import re
import shutil
import subprocess
import zipfile

import pytest

from gpp_core import i18n
from gpp_core.calculators import lcc as calc
from gpp_core.xlsx import read_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
if SOFFICE is None:
    if os.environ.get("CI"):
        pytest.fail("LibreOffice is required in CI (make libreoffice)", pytrace=False)
    pytest.skip("LibreOffice not installed (make libreoffice)", allow_module_level=True)


def strip_cached_values(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info)
            if info.filename.startswith("xl/worksheets/"):
                body = re.sub(rb"(<f>[^<]*</f>)<v>[^<]*</v>", rb"\1", body)
                body = body.replace(b' t="str"', b"").replace(b' t="b"', b"")
            zout.writestr(info, body)
    return out.getvalue()


def rich_scenario():
    """Every mechanism at once: replacements, residual value, nominal rate, fuel,
    a grid series, escalations, carbon and pollutant prices, benefits."""
    s = calc.defaults("vn", "vehicles", "vi")
    s["buyer"].update(
        period=13,
        start_year=2020,
        discount_basis="nominal",
        discount_rate=0.09,
        inflation=0.03,
        electricity_escalation=0.02,
        fuel_escalation=-0.01,
        carbon_price=101,
        externality_currency="EUR",
        exchange_rate=28500,
        carbon_escalation=0.05,
        nox_price=4.4,
        nmhc_price=1.0,
        pm_price=87.0,
        grid_factor_change=-0.02,
    )
    s["options"][0].update(service_life=4, water_m3=3, maintenance_share=0.02)
    s["options"][1].update(service_life=6, benefit_once=500_000, benefit_yearly=10_000, quantity=7)
    s["options"][2].update(service_life=13, other_emissions=50, fuel="diesel", fuel_litres=10)
    return s


@pytest.mark.parametrize("lang", ["vi", "th"])
@pytest.mark.parametrize("residual", ["linear", "none"])
def test_libreoffice_recomputes_the_engine_results(tmp_path, lang, residual):
    s = rich_scenario()
    s["buyer"]["residual_value"] = residual
    answer = calc.api_export({"scenario": s, "format": "xlsx"}, lang)
    original = base64.b64decode(answer["base64"])
    source = tmp_path / "in.xlsx"
    source.write_bytes(strip_cached_values(original))
    assert read_workbook(source.read_bytes()) != read_workbook(original)  # caches are gone
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    recomputed = read_workbook((tmp_path / "out" / "in.xlsx").read_bytes())
    expected = read_workbook(original)  # the engine's values, cached at export
    engine = calc.compute(s)
    for sheet, rows in expected.items():
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, float):
                    got = recomputed[sheet][r][c]
                    assert got == pytest.approx(value, rel=1e-9, abs=1e-6), (sheet, r, c)
    results = recomputed[i18n.translate("lcc.sheet.results", lang)]
    assert results[1][1:4] == pytest.approx([o["lcc"] for o in engine["options"]], rel=1e-9)
    assert results[3][1:4] == pytest.approx(
        [o["lcc_with_externalities"] for o in engine["options"]], rel=1e-9
    )
    assert results[4][1:4] == pytest.approx([o["eac"] for o in engine["options"]], rel=1e-9)
    assert results[5][1:4] == pytest.approx([o["co2e_t"] for o in engine["options"]], rel=1e-9)
