"""Blocks computed at build time, and citations.

A line ``<div data-gpp-block="NAME" data-gpp-args='{"key": "value"}'></div>`` in a page
(or the inline ``<span data-gpp-block=...></span>``) is replaced, in the page's language,
by the Markdown (or HTML) that the renderer ``NAME`` returns. Renderers live in the
modules of this package: each defines ``BLOCKS = {"name": render}`` with
``render(args: dict, lang: str, page: BlockPage) -> str``. Modules are found
automatically; an unknown name or a failing renderer stops the build with the page named.

``[@key]`` in a page becomes a link to the entry ``key`` on the references page; entries
live in ``references/*.toml`` (see :mod:`calculators.blocks.references`).
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import posixpath
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

BLOCK = re.compile(
    r"<(?P<tag>div|span)\s+data-gpp-block=\"(?P<name>[a-z0-9-]+)\""
    r"(?:\s+data-gpp-args='(?P<args>[^']*)')?\s*>\s*</(?P=tag)>"
)
CITATION = re.compile(r"\[@(?P<key>[a-z0-9][a-z0-9-]*)\]")


class BlockError(Exception):
    """A block or a citation that cannot be rendered (the build stops with this message)."""


@dataclass(frozen=True)
class BlockPage:
    """The page a block is rendered into."""

    lang: str
    src_uri: str  # e.g. "es/guide/what-is-spp.md"

    def url_to(self, path: str) -> str:
        """A relative Markdown link from this page to ``path`` (relative to the language
        folder, e.g. ``"references.md"``, ``"criteria/computers.md#award"``)."""
        here = posixpath.dirname(self.src_uri.split("/", 1)[1]) if "/" in self.src_uri else ""
        target, _, anchor = path.partition("#")
        rel = posixpath.relpath(target, here or ".")
        return rel + (f"#{anchor}" if anchor else "")

    def href_to(self, path: str) -> str:
        """The relative URL of the built page ``path`` (relative to the language folder,
        e.g. ``"training/lcc.md"``), for links written in HTML rather than Markdown."""
        here = site_dir(self.src_uri.split("/", 1)[1] if "/" in self.src_uri else self.src_uri)
        target, _, anchor = path.partition("#")
        rel = posixpath.relpath(site_dir(target) or ".", here or ".").rstrip("/") + "/"
        return rel + (f"#{anchor}" if anchor else "")


def site_dir(src: str) -> str:
    """The directory URL of a page (``training/lcc.md`` → ``training/lcc/``, ``x/index.md``
    → ``x/``)."""
    stem = src[: -len(".md")] if src.endswith(".md") else src
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


Renderer = Callable[[dict[str, Any], str, BlockPage], str]
ROOT = Path(__file__).resolve().parents[2]


@cache
def _json(path: Path, mtime: float) -> Any:
    return json.loads(path.read_text("utf-8"))


def read_json(file: Any) -> Any:
    """The JSON file ``file``, a path from the repository root (read once per change)."""
    if not isinstance(file, str):
        raise BlockError("give the 'file', a path from the repository root")
    path = (ROOT / file).resolve()
    if ROOT not in path.parents or not path.is_file():
        raise BlockError(f"file not found: {file}")
    return _json(path, path.stat().st_mtime)


def doc_table(
    caption: str,
    columns: list[str],
    rows: list[list[str]],
    *,
    kind: str = "",
    escaped: bool = False,
) -> str:
    """A documentation table in a focusable, named region (a classed table, so that the
    theme does not wrap it in a second, unfocusable scrolling box). The first cell of a
    row heads it; an empty column title leaves its corner cell empty. Cells are text,
    or HTML already escaped when ``escaped``; ``kind`` is an extra class of the table."""
    from html import escape

    head = "".join(f'<th scope="col">{escape(c)}</th>' if c else "<td></td>" for c in columns)

    def cell(text: str) -> str:
        return text if escaped else escape(text)

    body = "".join(
        f'<tr><th scope="row">{cell(row[0])}</th>'
        + "".join(
            f'<td data-label="{escape(column)}">{cell(text)}</td>'
            for column, text in zip(columns[1:], row[1:], strict=True)
        )
        + "</tr>"
        for row in rows
    )
    classes = f"gpp-table {kind}".strip()
    return (
        f'<div class="gpp-table-wrap" tabindex="0" role="region" aria-label="{escape(caption)}">'
        f'<table class="{classes}"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>\n"
    )


def lookup(data: Any, path: str, where: str) -> Any:
    """The value at the dotted ``path`` in ``data`` (list items by number)."""
    value = data
    for part in path.split("."):
        try:
            value = value[int(part)] if isinstance(value, list) else value[part]
        except (KeyError, IndexError, ValueError, TypeError):
            raise BlockError(f"{where}: no value at {path!r}") from None
    return value


def renderers() -> dict[str, Renderer]:
    """Every block renderer, by name (modules are re-imported for live reload)."""
    found: dict[str, Renderer] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        name = f"{__name__}.{info.name}"
        module = importlib.reload(sys.modules[name]) if name in sys.modules else None
        module = module or importlib.import_module(name)
        for block, render in getattr(module, "BLOCKS", {}).items():
            if block in found:
                raise BlockError(f"block {block!r} is defined twice (second in {name})")
            found[block] = render
    return found


def render_blocks(markdown: str, page: BlockPage, table: dict[str, Renderer]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match["name"]
        if name not in table:
            raise BlockError(
                f"{page.src_uri}: unknown block {name!r}; valid: {', '.join(sorted(table))}"
            )
        try:
            args = json.loads(match["args"]) if match["args"] else {}
        except json.JSONDecodeError as exc:
            raise BlockError(f"{page.src_uri}: block {name!r}: bad data-gpp-args: {exc}") from None
        try:
            return table[name](args, page.lang, page)
        except BlockError:
            raise
        except Exception as exc:
            raise BlockError(f"{page.src_uri}: block {name!r} failed: {exc!r}") from exc

    return BLOCK.sub(replace, markdown)


def cite(markdown: str, page: BlockPage) -> str:
    """Turn every ``[@key]`` into a link to its entry on the references page."""
    from calculators.blocks.references import load_references, short_label

    entries = load_references()

    def replace(match: re.Match[str]) -> str:
        key = match["key"]
        if key not in entries:
            raise BlockError(f"{page.src_uri}: unknown reference [@{key}] (see references/*.toml)")
        link = page.url_to(f"references.md#ref-{key}")
        return f"[({short_label(entries[key])})]({link})"

    return CITATION.sub(replace, markdown)
