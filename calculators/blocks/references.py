"""The references page, built from ``references/*.toml``.

Each file holds entries keyed by a short id::

    [unep-spp-2017]
    author = "UN Environment"
    title = "Global Review of Sustainable Public Procurement 2017"
    year = 2017
    url = "https://..."       # optional
    note = "..."              # optional (English; e.g. "secondary source")

Pages cite them with ``[@unep-spp-2017]``; the references page shows them all, sorted by
author and year, each with the anchor ``ref-<key>``.
"""

from __future__ import annotations

import tomllib
from html import escape
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FIELDS = {"author", "title", "year", "url", "note", "publisher"}


def load_references(folder: Path = ROOT / "references") -> dict[str, dict[str, Any]]:
    """Every entry of every ``*.toml`` file in ``folder``; a key defined twice is an error."""
    entries: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        for key, entry in data.items():
            if key in entries:
                raise ValueError(f"reference {key!r} is defined twice (again in {path.name})")
            if not isinstance(entry, dict) or not {"author", "title"} <= set(entry):
                raise ValueError(f"{path.name}: reference {key!r} needs author and title")
            unknown = set(entry) - FIELDS
            if unknown:
                raise ValueError(f"{path.name}: reference {key!r}: unknown fields {unknown}")
            entries[key] = {**entry, "file": path.name}
    return entries


def short_label(entry: dict[str, Any]) -> str:
    """``Author, year`` (or the author alone), as shown where a page cites the entry."""
    year = entry.get("year")
    return f"{entry['author']}, {year}" if year else str(entry["author"])


def render_references(args: dict[str, Any], lang: str, page: Any) -> str:
    entries = load_references()
    items = []
    for key, entry in sorted(
        entries.items(), key=lambda kv: (kv[1]["author"].casefold(), str(kv[1].get("year", "")))
    ):
        parts = [f"{escape(entry['author'])}"]
        if entry.get("year"):
            parts.append(f" ({escape(str(entry['year']))})")
        parts.append(f". <cite>{escape(entry['title'])}</cite>")
        if entry.get("publisher"):
            parts.append(f". {escape(entry['publisher'])}")
        parts.append(".")
        if entry.get("url"):
            url = escape(entry["url"])
            parts.append(f' <a href="{url}" rel="noopener">{url}</a>')
        if entry.get("note"):
            parts.append(f' <span class="gpp-ref-note">[{escape(entry["note"])}]</span>')
        items.append(f'<li id="ref-{escape(key)}">{"".join(parts)}</li>')
    return f'<ul class="gpp-references">\n{"".join(items)}\n</ul>\n'


BLOCKS = {"references": render_references}
