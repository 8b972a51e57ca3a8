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
