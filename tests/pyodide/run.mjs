// Run the engine's test suite inside Pyodide (Python in WebAssembly) on Node.
//
//   node tests/pyodide/run.mjs <gpp_core wheel> <folder of test-dependency wheels>
//
// The gpp_core wheel is the very file the site ships to browsers. Test dependencies
// (pytest, hypothesis... see requirements.txt here) are pure-Python wheels from PyPI.
// The repository is mounted read-only in spirit (no bytecode, no pytest cache) and
// pytest runs tests/engine plus the doctests of the installed gpp_core package.
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const [wheel, wheelDir] = process.argv.slice(2).map((p) => path.resolve(p));
if (!wheel || !wheelDir) {
  console.error("usage: node tests/pyodide/run.mjs <gpp_core wheel> <wheel folder>");
  process.exit(2);
}
const started = performance.now();
const pyodide = await loadPyodide();
const raw = (stream) => ({ write: (buffer) => { stream.write(buffer); return buffer.length; } });
pyodide.setStdout(raw(process.stdout));
pyodide.setStderr(raw(process.stderr));
const wheels = readdirSync(wheelDir).filter((f) => f.endsWith(".whl")).map((f) => path.join(wheelDir, f));
await pyodide.loadPackage([wheel, ...wheels], { messageCallback: () => {} });
pyodide.FS.mkdirTree("/repo");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: repo }, "/repo");
const code = await pyodide.runPythonAsync(`
import os, sys
sys.dont_write_bytecode = True
os.chdir("/tmp")
import pytest, gpp_core
print(f"Python {sys.version.split()[0]} on {sys.platform}; gpp_core from {gpp_core.__file__}")
assert not gpp_core.__file__.startswith("/repo"), "must test the installed wheel"
int(pytest.main([
    "-q", "-p", "no:cacheprovider", "--rootdir=/repo", "-c", "/repo/pyproject.toml",
    "--doctest-modules", "--pyargs", "gpp_core", "/repo/tests/engine",
]))
`);
console.log(`Pyodide run finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(Number(code));
