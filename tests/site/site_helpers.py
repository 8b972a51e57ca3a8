"""Paths and helpers shared by the site and browser tests."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # the build-side package `calculators` (hooks and blocks)
    sys.path.insert(0, str(ROOT))
SITE = ROOT / "site"
DOCS = ROOT / "docs"
LANGS = ("es", "en", "th", "vi")


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE / "index.html").exists():
        pytest.fail("site/ is not built: run `make site` (make test does it first)")
    return SITE


def page_url(lang: str, src: str) -> str:
    """The URL path of the page built from docs/<lang>/<src>."""
    stem = src.removesuffix(".md")
    path = "" if stem == "index" else stem.removesuffix("/index") + "/"
    return ("" if lang == "es" else f"{lang}/") + path


def source_pages() -> list[str]:
    return sorted(p.relative_to(DOCS / "es").as_posix() for p in (DOCS / "es").rglob("*.md"))
