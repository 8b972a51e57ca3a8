"""Python's number formatting (build-time prerender) equals the browser's Intl.NumberFormat.

Node ships the same ICU data as Chromium, so a mismatch here is a number that would
change on the page when JavaScript takes over.
"""

import json
import shutil
import subprocess

import pytest

from gpp_core import i18n

VALUES = [
    0,
    0.004,
    -0.004,
    0.005,
    0.125,
    1,
    12.5,
    999.995,
    1234.5,
    -1234.5,
    12345.678,
    1234567.891,
    -98765432.1,
    1e12,
    2.675,
    1.005,
]
CURRENCIES = ["PEN", "THB", "VND", "USD", "EUR"]

SCRIPT = r"""
const cases = JSON.parse(process.argv[1]);
const out = cases.map(([kind, locale, value, currency]) => {
  const base = {signDisplay: "negative"};
  const options =
    kind === "money" ? {...base, style: "currency", currency} :
    kind === "percent" ? {...base, style: "percent", maximumFractionDigits: 1} :
    {...base, maximumFractionDigits: 2};
  return new Intl.NumberFormat(locale, options).format(value);
});
console.log(JSON.stringify(out));
"""


def test_python_formatting_equals_intl():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is required (make test installs the site's npm packages with it)")
    cases, expected = [], []
    for lang in i18n.available_languages():
        locale = i18n.language_meta(lang)["locale"]
        for value in VALUES:
            cases.append(["number", locale, value, None])
            expected.append(i18n.format_number(value, lang))
            cases.append(["percent", locale, value / 100, None])
            expected.append(i18n.format_percent(value / 100, lang))
            for currency in CURRENCIES:
                cases.append(["money", locale, value, currency])
                expected.append(i18n.format_money(value, currency, lang))
    run = subprocess.run(
        [node, "-e", SCRIPT, json.dumps(cases)], capture_output=True, text=True, check=True
    )
    intl = json.loads(run.stdout)
    mismatches = [(c, p, j) for c, p, j in zip(cases, expected, intl, strict=True) if p != j]
    assert not mismatches, f"{len(mismatches)} of {len(cases)} differ, e.g. {mismatches[:5]}"
