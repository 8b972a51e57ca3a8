"""Helpers for the browser tests: paths, Chromium flags, the local server's handler,
and the watch that records what a page must not do."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
DOCS = ROOT / "docs"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


class QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 (a class attribute by design of http.server)
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".whl": "application/zip",
    }

    def log_message(self, *args: object) -> None:
        pass


@dataclass
class Watch:
    """What a page did that it must not: leave the origin, log errors, hit 404s."""

    origin: str
    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"external request: {u}" for u in self.external]
            + [f"console error: {m}" for m in self.console_errors]
            + [f"failed response: {u}" for u in self.failed]
        )


def watch_page(page, origin: str) -> Watch:
    watch = Watch(origin)

    def route(route):
        url = route.request.url
        if url.startswith(origin + "/") or url == origin or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            watch.external.append(url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and watch.console_errors.append(m.text))
    page.on("pageerror", lambda e: watch.console_errors.append(str(e)))
    page.on("response", lambda r: r.status >= 400 and watch.failed.append(f"{r.status} {r.url}"))
    return watch
