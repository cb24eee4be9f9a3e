"""What browser tests share besides fixtures: a page that watches for foreign requests and script errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page

# axe-core, served beside the site for the accessibility audits (the `server` fixture mounts it here).
AXE_URL = "/__audit__/axe.min.js"


@dataclass
class Watch:
    """What a page did that it should not: requests to other hosts, script errors."""

    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.foreign == [], f"requests to other hosts: {self.foreign}"
        assert self.errors == [], f"script errors: {self.errors}"


@contextmanager
def open_page(browser: Browser, base: str, **options) -> Iterator[tuple[Page, Watch]]:
    """A fresh context that records every request to another host and every script error."""
    context = browser.new_context(**options)
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    watch = Watch()

    def note(request) -> None:
        url = urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and f"{url.scheme}://{url.netloc}" != origin:
            watch.foreign.append(request.url)

    context.on("request", note)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    page.on("console", lambda msg: watch.errors.append(msg.text) if msg.type == "error" else None)
    try:
        yield page, watch
    finally:
        context.close()
