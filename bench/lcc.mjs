// The LCC engine inside Pyodide on Node (the runtime of the browser worker, without the
// page): 6 options x 50 years with full sensitivity, timed through the same JSON entry
// point the worker calls (gpp_core.web.call_json("lcc.evaluate", ...)). Prints figures.
//
//   node bench/lcc.mjs <gpp_core wheel> <scenario.json> [runs]
import { readFileSync } from "node:fs";
import path from "node:path";
import { loadPyodide } from "pyodide";

const [wheel, scenarioPath, runsText] = process.argv.slice(2);
const runs = Number(runsText || 40);
const pyodide = await loadPyodide();
await pyodide.loadPackage(path.resolve(wheel), { messageCallback: () => {} });
pyodide.globals.set("scenario_json", readFileSync(scenarioPath, "utf-8"));
const call = pyodide.runPython(`
from gpp_core import web
lambda: web.call_json("lcc.evaluate", scenario_json, "es")
`);
const first = JSON.parse(call());
if (!first.ok) throw new Error(JSON.stringify(first.errors || first.failure));
const times = [];
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  call();
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const p95 = times[Math.min(times.length - 1, Math.round(0.95 * (times.length - 1)))];
console.log(JSON.stringify({ runs, median_ms: median, p95_ms: p95 }));
