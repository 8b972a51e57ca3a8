"""Benchmarks for the site and the calculator runtime (`make bench`). Prints figures;
asserts nothing (targets: first result < 1 s; Lighthouse 95 / 100 / 100 / 100).

Measured, on the built site served locally with gzip (as a production server would):
  * build time of `mkdocs build --strict`;
  * navigation to the first visible result (prerendered) and first contentful paint,
    unthrottled and on an emulated slow 4G link;
  * navigation to "Python ready", and the engine's own start-up steps;
  * recompute latency: engine round trip, and edit-to-result on the page (median, p95);
  * bytes transferred and requests for a calculator page and for a content page;
  * Lighthouse (mobile) for the home and the calculator page in es and th;
  * the life-cycle cost engine: 6 options x 50 years with full sensitivity, median of the
    JSON round trip in CPython and in Pyodide on Node (the worker's runtime); target
    under 50 ms. ``python bench/bench.py --lcc`` runs only this part (needs ``make site``
    for the wheel).
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from browser_helpers import CHROMIUM_FLAGS as FLAGS  # noqa: E402
from browser_helpers import QuietHandler  # noqa: E402

COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".wasm", ".txt")
SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6e6 / 8,
    "uploadThroughput": 750e3 / 8,
}


class GzipHandler(QuietHandler):
    """The test server's handler, plus gzip for text and WebAssembly."""

    cache: dict[str, bytes] = {}  # noqa: RUF012

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        gz = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (gz and path.suffix in COMPRESSIBLE and path.is_file()):
            return super().send_head()
        key = str(path)
        if key not in self.cache:
            self.cache[key] = gzip.compress(path.read_bytes(), 6)
        body = self.cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        from io import BytesIO

        return BytesIO(body)


def serve() -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(SITE))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def build_time() -> float:
    start = time.perf_counter()
    subprocess.run(
        [str(ROOT / ".venv/bin/mkdocs"), "build", "--strict", "-q"],
        cwd=ROOT,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


FIRST_RESULT_PROBE = """
window.__gpp = {};
new MutationObserver((_, observer) => {
  const s = document.querySelector('.gpp-summary');
  if (s && s.textContent) { window.__gpp.summary = performance.now(); observer.disconnect(); }
}).observe(document, {childList: true, subtree: true});
"""


def page_load(browser, url: str, throttle: bool) -> dict:
    context = browser.new_context()
    page = context.new_page()
    sizes: list[int] = []
    context.on(
        "requestfinished",
        lambda r: sizes.append(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"]),
    )
    if throttle:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    page.add_init_script(FIRST_RESULT_PROBE)
    page.goto(url, wait_until="load")
    result = {}
    fcp = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime")
    result["fcp_ms"] = fcp
    if page.query_selector("[data-gpp-calculator]"):
        result["first_result_ms"] = page.evaluate("window.__gpp.summary")
        page.wait_for_function(
            "window.gppEngine && window.gppEngine.state === 'ready'", timeout=180_000
        )
        result["python_ready_ms"] = page.evaluate("performance.now()")
        result["engine_steps_ms"] = page.evaluate("window.gppEngine.timings")
    page.wait_for_timeout(500)
    result["requests"] = len(sizes)
    result["bytes"] = sum(sizes)
    context.close()
    return result


RECOMPUTE = """async (n) => {
  const engine = window.gppEngine, root = document.querySelector('.gpp-calc');
  const form = () => Object.fromEntries([...root.querySelectorAll('input, select')]
                                        .map(e => [e.name, e.value]));
  const roundTrip = [], edit = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await engine.evaluate('lcc-compare', form(), 'es');
    roundTrip.push(performance.now() - t);
  }
  const input = root.querySelector('#gpp-lcc-compare-running_b');
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    input.value = String(150 + i);
    input.dispatchEvent(new Event('input', {bubbles: true}));
    await new Promise(resolve => {
      const check = () =>
        root.dataset.gppState === 'current' ? resolve() : requestAnimationFrame(check);
      check();
    });
    edit.push(performance.now() - t);
  }
  return {roundTrip, edit};
}"""


def recompute(browser, base: str, n: int = 50) -> dict:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/calculators/lcc-compare/")
    page.wait_for_function(
        "window.gppEngine && window.gppEngine.state === 'ready'", timeout=120_000
    )
    data = page.evaluate(RECOMPUTE, n)
    context.close()
    return {
        k: {"median_ms": statistics.median(v), "p95_ms": percentile(v, 0.95)}
        for k, v in data.items()
    }


def lighthouse(url: str, chromium: str) -> dict | None:
    cli = ROOT / "bench/node_modules/lighthouse/cli/index.js"
    if not cli.exists():
        return None
    out = ROOT / "build/lighthouse.json"
    out.parent.mkdir(exist_ok=True)
    env = {**os.environ, "CHROME_PATH": chromium}
    subprocess.run(
        [
            "node",
            str(cli),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            "--chrome-flags=--headless=new " + " ".join(FLAGS),
        ],
        env=env,
        check=True,
        timeout=300,
    )
    report = json.loads(out.read_text())
    return {name: round(cat["score"] * 100) for name, cat in report["categories"].items()}


def lcc_scenario() -> dict:
    """6 options x 50 years exercising every mechanism (replacements, fuels, water,
    emissions with a carbon price, pollutants, ranking with externalities)."""
    from gpp_core.calculators import lcc as calc

    scenario = calc.defaults("pe", "vehicles", "es")
    scenario["buyer"].update(
        period=50,
        rank_by="lcc_with_externalities",
        electricity_escalation=0.01,
        carbon_escalation=0.02,
        nox_price=4.4,
        nmhc_price=1.0,
        pm_price=87.0,
    )
    base = scenario["options"]
    options = []
    for k in range(6):
        option = dict(base[k % 3])
        option.update(
            name=f"Option {k + 1}",
            service_life=7 + 2 * k,
            water_m3=1 + k,
            purchase_price=option["purchase_price"] * (1 + 0.05 * k),
        )
        options.append(option)
    scenario["options"] = options
    return scenario


def lcc_engine(runs: int = 40) -> None:
    """Print the LCC engine's median time, in CPython and in Pyodide on Node."""
    from gpp_core import web

    text = json.dumps(lcc_scenario())
    assert json.loads(web.call_json("lcc.evaluate", text, "es"))["ok"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        web.call_json("lcc.evaluate", text, "es")
        times.append((time.perf_counter() - start) * 1000)
    print(
        f"lcc engine, 6 options x 50 years with full sensitivity, CPython ({runs} runs): "
        f"median {statistics.median(times):.1f} ms, p95 {percentile(times, 0.95):.1f} ms"
    )
    wheels = sorted(SITE.glob("assets/wheels/*/gpp_core-*-py3-none-any.whl"))
    if not wheels:
        print("lcc engine in Pyodide: no wheel in site/ (run make site first)")
        return
    scenario_path = ROOT / "build" / "lcc-bench-scenario.json"
    scenario_path.parent.mkdir(exist_ok=True)
    scenario_path.write_text(text, "utf-8")
    done = subprocess.run(
        ["node", str(ROOT / "bench/lcc.mjs"), str(wheels[-1]), str(scenario_path), str(runs)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"lcc engine, same scenario, Pyodide on Node ({runs} runs): "
        f"median {figures['median_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms (target < 50 ms)"
    )


def main() -> int:
    if "--lcc" in sys.argv:
        lcc_engine()
        return 0
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        print("Chromium not found (make bench installs it)", file=sys.stderr)
        return 1
    print(f"build: mkdocs build --strict: {build_time():.1f} s")
    lcc_engine()
    server, base = serve()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
            for label, throttle in (("local, unthrottled", False), ("emulated slow 4G", True)):
                calc = page_load(browser, f"{base}/calculators/lcc-compare/", throttle)
                home = page_load(browser, f"{base}/", throttle)
                print(
                    f"calculator page ({label}): first result {calc['first_result_ms']:.0f} ms, "
                    f"FCP {calc['fcp_ms']:.0f} ms, Python ready {calc['python_ready_ms']:.0f} ms "
                    f"(engine steps {calc['engine_steps_ms']}), "
                    f"{calc['requests']} requests, {calc['bytes'] / 1e6:.2f} MB transferred"
                )
                print(
                    f"content page ({label}): FCP {home['fcp_ms']:.0f} ms, "
                    f"{home['requests']} requests, {home['bytes'] / 1e3:.0f} kB transferred"
                )
            for name, figures in recompute(browser, base).items():
                what = "engine round trip" if name == "roundTrip" else "edit to result on the page"
                print(
                    f"recompute, {what} (50 runs): median {figures['median_ms']:.1f} ms, "
                    f"p95 {figures['p95_ms']:.1f} ms"
                )
            browser.close()
        if not (ROOT / "bench/node_modules/lighthouse").exists():
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT / "bench", check=True)
        for path in ("", "calculators/lcc-compare/", "th/", "th/calculators/lcc-compare/"):
            scores = lighthouse(f"{base}/{path}", chromium)
            print(f"lighthouse (mobile) /{path}: {scores}")
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
