"""Browser fixtures: the built site served on 127.0.0.1, Debian's Chromium driven by
Playwright, and every request that would leave the local server blocked and recorded.

In CI (CI=true) a missing Chromium is a failure, never a skip.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer

import pytest
from browser_helpers import CHROMIUM_FLAGS, SITE, QuietHandler, chromium_path, watch_page


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    if not (SITE / "index.html").exists():
        pytest.fail("site/ is not built: run `make site` (make test does it first)")
    handler = functools.partial(QuietHandler, directory=str(SITE))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "Chromium not found: `make test` installs Debian's chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Workers' requests go through the context, not the page: route them too.
    yield context
    context.close()


@pytest.fixture
def page(context, base_url):
    """A page whose every request and console message is watched; problems fail the test."""
    page = context.new_page()
    watch = watch_page(page, base_url)
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(base_url)
            else (watch.external.append(route.request.url), route.abort())
        ),
    )
    page.watch = watch
    yield page
    assert not watch.problems(), "\n".join(watch.problems())
