// Module Web Worker that runs gpp_core in Pyodide, off the main thread.
//
// Protocol (postMessage):
//   in  {type: "init", pyodideURL, wheelURL}
//   out {type: "progress", step}      step 1: Python, 2: engine wheel, 3: engine import
//   out {type: "ready", timings}      milliseconds spent in each step
//   out {type: "failed", error}
//   in  {type: "evaluate", id, calculator, form, lang}
//   out {type: "answer", id, answer}  answer: what gpp_core.web.evaluate returns
//   in  {type: "call", id, endpoint, payload, lang}
//   out {type: "answer", id, answer}  answer: what gpp_core.web.call returns
//
// Every number comes from gpp_core; this file only moves JSON text in and out.

let evaluateJson = null;
let callJson = null;
const warn = console.warn;

// Pyodide 314 logs "wasm instantiation failed!" when the WebAssembly download or
// compilation fails, and then never settles loadPyodide(). Turn that into a failure the
// page can show (tested: tests/browser/test_calculator.py).
function wasmFailure() {
  return new Promise((_, reject) => {
    console.warn = (...args) => {
      warn(...args);
      if (String(args[0]).includes("wasm instantiation failed")) {
        reject(new Error("the Python runtime (WebAssembly) could not be loaded"));
      }
    };
  });
}

async function init({ pyodideURL, wheelURL }) {
  const timings = {};
  let t = performance.now();
  const lap = (name) => {
    const now = performance.now();
    timings[name] = Math.round(now - t);
    t = now;
  };
  postMessage({ type: "progress", step: 1 });
  const { loadPyodide } = await import(new URL("pyodide.mjs", pyodideURL).href);
  const pyodide = await Promise.race([
    // packageBaseUrl: even Pyodide's package URLs point here, never to its default CDN.
    loadPyodide({ indexURL: pyodideURL, packageBaseUrl: pyodideURL, stdout: () => {}, stderr: () => {} }),
    wasmFailure(),
  ]);
  console.warn = warn;
  lap("python");
  postMessage({ type: "progress", step: 2 });
  await pyodide.loadPackage(wheelURL, { messageCallback: () => {}, errorCallback: () => {} });
  lap("wheel");
  postMessage({ type: "progress", step: 3 });
  const web = pyodide.pyimport("gpp_core.web");
  evaluateJson = web.evaluate_json;
  callJson = web.call_json;
  lap("engine");
  postMessage({ type: "ready", timings });
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "init") {
    try {
      await init(message);
    } catch (error) {
      postMessage({ type: "failed", error: String(error && error.message ? error.message : error) });
    }
  } else if (message.type === "evaluate") {
    let answer;
    try {
      answer = JSON.parse(evaluateJson(message.calculator, JSON.stringify(message.form), message.lang));
    } catch (error) {
      answer = { ok: false, errors: [], failure: String(error) };
    }
    postMessage({ type: "answer", id: message.id, answer });
  } else if (message.type === "call") {
    let answer;
    try {
      answer = JSON.parse(callJson(message.endpoint, JSON.stringify(message.payload), message.lang));
    } catch (error) {
      answer = { ok: false, errors: [], failure: String(error) };
    }
    postMessage({ type: "answer", id: message.id, answer });
  }
};
