"""Shared paths. Tests under tests/engine must import nothing but gpp_core and the
standard library (plus pytest and hypothesis): they also run inside Pyodide."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
