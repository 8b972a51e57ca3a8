"""Benchmark of the life-cycle cost page in Chromium. Prints figures; asserts nothing.

Run after ``make site``: ``.venv/bin/python bench/lcc_page.py``. Measured on the built
site served locally with gzip (``bench/bench.py``'s server):

* bytes transferred and requests to load the LCC page, up to "Python ready";
* in the page, for the default scenario and for 6 options x 50 years with full
  sensitivity (``bench.bench.lcc_scenario``, opened through a share link):
  - the engine round trip of ``lcc.widget`` (worker, JSON both ways);
  - an edit to a current result on the page (round trip, tables rendered with Intl,
    the three charts redrawn), median and 95th percentile.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench import FLAGS, lcc_scenario, percentile, serve  # noqa: E402

MEASURE = """async (n) => {
  const widget = window.gppLcc, engine = window.gppEngine;
  const payload = widget.readPayload();
  const roundTrip = [], edit = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await engine.call('lcc.widget', payload, widget.lang);
    roundTrip.push(performance.now() - t0);
  }
  const input = document.querySelector('#gpp-lcc-options-1-purchase-price');
  const original = input.value;
  for (let i = 0; i < n; i++) {
    const done = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (widget.root.dataset.gppState === 'current') { observer.disconnect(); resolve(); }
      });
      observer.observe(widget.root, {attributes: true, attributeFilter: ['data-gpp-state']});
    });
    const t0 = performance.now();
    input.value = String(Number(original.replace(/[^0-9.]/g, '')) + i + 1);
    input.dispatchEvent(new Event('input', {bubbles: true}));
    await done;
    await new Promise((r) => requestAnimationFrame(() => r()));
    edit.push(performance.now() - t0);
  }
  return {roundTrip, edit};
}"""


def stats(values: list[float]) -> str:
    return f"median {statistics.median(values):.0f} ms, p95 {percentile(values, 0.95):.0f} ms"


def main() -> int:
    from browser_helpers import chromium_path
    from playwright.sync_api import sync_playwright

    from gpp_core.calculators import lcc as calc

    server, base = serve()
    share = calc.encode_share(calc.read_scenario(lcc_scenario(), "es")[0])
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=FLAGS)
        context = browser.new_context()
        page = context.new_page()
        sizes: list[int] = []
        page.on("response", lambda r: sizes.append(int(r.headers.get("content-length") or 0)))
        page.goto(f"{base}/calculators/lcc/")
        page.wait_for_function(
            "window.gppEngine && window.gppEngine.state === 'ready'", timeout=120_000
        )
        page.wait_for_function("window.gppLcc && Object.keys(window.gppLcc.charts).length === 3")
        print(
            f"lcc page to Python ready: {len(sizes)} requests, {sum(sizes) / 1024:.0f} KiB "
            "transferred (gzip)"
        )
        timings = page.evaluate("window.gppEngine.timings")
        print(f"engine start-up steps (ms): {timings}")
        data = page.evaluate(MEASURE, 20)
        print(
            "lcc page, default scenario (2 options x 15 years): round trip "
            f"{stats(data['roundTrip'])}; edit to current result with charts {stats(data['edit'])}"
        )
        page.goto(f"{base}/calculators/lcc/#lcc={share}")
        page.wait_for_function(
            "window.gppLcc && window.gppLcc.optionCount() === 6 && "
            "window.gppLcc.root.dataset.gppState === 'current'",
            timeout=120_000,
        )
        data = page.evaluate(MEASURE, 20)
        print(
            f"lcc page, 6 options x 50 years, full sensitivity: round trip "
            f"{stats(data['roundTrip'])}; edit to current result with charts {stats(data['edit'])}"
        )
        context.close()
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
