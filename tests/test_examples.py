"""Every scenario file in examples/ runs on the command line and gives a result."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GPP = Path(sys.executable).parent / "gpp"
EXAMPLES = {"lcc": "lcc", "scoring": "score"}


@pytest.mark.parametrize(
    "path", sorted(ROOT.glob("examples/*/*.json")), ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_example_runs(path):
    calculator = EXAMPLES[path.parent.name]
    done = subprocess.run(
        [str(GPP), "run", calculator, str(path), "--lang", "th"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    answer = json.loads(done.stdout)
    assert answer["ok"] and answer["view"]["summary"]
