"""gpp_core.cli: `gpp run <calculator> input.json` prints JSON."""

import json

import pytest
from cli_helpers import run_cli as run

from gpp_core.calculators import CALCULATORS


def test_run_prints_the_result(tmp_path):
    path = tmp_path / "input.json"
    path.write_text(json.dumps({"price_a": 500, "currency": "PEN"}))
    code, out, _ = run(["run", "lcc-compare", str(path)])
    result = json.loads(out)
    assert code == 0 and result["ok"] and result["currency"] == "PEN"
    assert result["options"][0]["purchase_price"] == 500


def test_run_with_a_language_adds_the_view():
    code, out, _ = run(["run", "lcc-compare", "-", "--lang", "th"], stdin="{}")
    assert code == 0 and "view" in json.loads(out)


def test_invalid_inputs_exit_1_with_worded_errors():
    code, out, _ = run(["run", "lcc-compare", "-", "--lang", "es"], stdin='{"life_a": 0}')
    result = json.loads(out)
    assert code == 1
    assert result["errors"][0]["message"] == "Ingrese un valor entre 1 y 50."


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (
            ["run", "no-such", "-"],
            "{}",
            "unknown calculator 'no-such'; valid: " + ", ".join(sorted(CALCULATORS)),
        ),
        (["run", "lcc-compare", "-"], "{oops", "gpp: error:"),
        (["run", "lcc-compare", "-"], "[]", "JSON object"),
        (["run", "lcc-compare", "/no/such/file.json"], "", "No such file"),
    ],
)
def test_usage_errors_exit_2_with_a_message(args, stdin, message):
    code, _, err = run(args, stdin)
    assert code == 2 and message in err


def test_list_and_describe():
    assert json.loads(run(["list"])[1]) == sorted(CALCULATORS)
    assert {"bid-scorer", "clauses", "indicators", "lcc", "lcc-compare", "priorities"} <= set(
        CALCULATORS
    )
    described = json.loads(run(["describe", "lcc-compare", "--lang", "vi"])[1])
    assert described["title"] == "So sánh chi phí vòng đời của hai phương án"
