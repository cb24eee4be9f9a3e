"""Serve a built site on 127.0.0.1 and drive the system Chromium, shared by the browser tests and the web tools."""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
# Debian's Chromium by default; CHROMIUM names another Chromium-based browser (e.g. on a CI runner).
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# No sandbox: containers and CI runners rarely allow it. The rest stop Chromium
# phoning home, so every request a page makes is one the page asked for.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
INSTALL_HINT = "run `make node-deps` (it installs Chromium, Java and Node.js first), or `make test`, which does both"


def missing_tools(*paths: Path, chromium: bool = True, java: bool = False) -> list[str]:
    """Name every tool that is absent, so a failure says what to install instead of a stack trace."""
    missing = [f"Chromium ({CHROMIUM})"] if chromium and not CHROMIUM.exists() else []
    if java and shutil.which("java") is None:
        missing.append("Java (java on PATH)")
    missing += [str(p.relative_to(ROOT)) for p in paths if not p.exists()]
    return missing


def base_path(site: Path) -> str:
    """The URL path the site is published under (from site_url), so absolute links such as 404.html's resolve."""
    sitemap = site / "sitemap.xml"
    if sitemap.exists():
        match = re.search(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8"))
        if match and match.group(1).startswith("http"):
            path = urlsplit(match.group(1)).path
            return path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"
    return "/"


def is_redirect(file: Path) -> bool:
    """A redirect or short-link page (macros/publish.py): it sends the reader on at once and is not a page to read."""
    with open(file, encoding="utf-8") as handle:
        return 'http-equiv="refresh"' in handle.read(4096)


def html_pages(site: Path) -> list[str]:
    """Every built HTML page as a site-relative path, generated scenario pages included, redirect pages not."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if not is_redirect(p))


def redirect_pages(site: Path) -> list[str]:
    """The redirect and short-link pages of a build, as site-relative paths."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if is_redirect(p))


def first_page(site: Path, section: str) -> str:
    """The first page inside a section folder (in name order), skipping the section's own index."""
    pages = sorted(p.relative_to(site).as_posix() for p in (site / section).glob("*/index.html"))
    if not pages:
        raise FileNotFoundError(f"no pages under {section}/ in {site}")
    return pages[0]


def key_pages(site: Path) -> dict[str, str]:
    """The pages people look at first, by short name: home, a perspective, a scenario, the table, the helper."""
    return {
        "home": "index.html",
        "perspective": first_page(site, "perspectives"),
        "scenario": first_page(site, "scenarios"),
        "table": "reference/decision-table/index.html",
        "helper": "helper/index.html",
    }


# Text a real static host sends gzip-compressed.
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site directory under its base path only, like the real host, plus any mounted tool files."""

    # Keep-alive, as every real host offers: one connection carries many requests.
    protocol_version = "HTTP/1.1"
    prefix = "/"
    mounts: dict[str, Path] = {}
    compress = False

    def do_GET(self) -> None:
        """Send text gzip-compressed when asked to behave like a production host and the browser accepts it."""
        file = Path(self.translate_path(self.path))
        if self.path.split("?", 1)[0].endswith("/"):
            file = file / "index.html"
        wants_gzip = self.compress and "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and file.is_file() and file.suffix in COMPRESSIBLE):
            super().do_GET()
            return
        body = gzip.compress(file.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(file)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing address gets the site's 404.html with status 404, as GitHub Pages serves it."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def translate_path(self, path: str) -> str:
        mounted = self.mounts.get(path.split("?", 1)[0])
        if mounted is not None:
            return str(mounted)
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_base_path__")
        return super().translate_path("/" + path[len(self.prefix) :])

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's name
        pass


class SiteServer:
    """A threading HTTP server for one built site on a free port of 127.0.0.1, used as a context manager.

    `mounts` maps extra URL paths outside the site to files, e.g. axe-core: served like a page asset, the
    browser caches its compiled code instead of parsing half a megabyte of script on every page.
    `compress` gzips text as production hosts do, so speed measurements see real transfer sizes.
    """

    def __init__(self, site: Path, mounts: dict[str, Path] | None = None, compress: bool = False) -> None:
        self.site = Path(site)
        self.prefix = base_path(self.site)
        attrs = {"prefix": self.prefix, "mounts": dict(mounts or {}), "compress": compress}
        handler = type("Handler", (_Handler,), attrs)
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(self.site)))
        self.origin = f"http://127.0.0.1:{self._httpd.server_port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def url(self, page: str) -> str:
        """The address of a site-relative page path, with index.html dropped as the real host would."""
        page = page[: -len("index.html")] if page.endswith("index.html") else page
        return f"{self.origin}{self.prefix}{page}"

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def launch(playwright):
    """The system Chromium, headless, with the flags every caller needs (Playwright's own browsers are never used)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


# Material's script has arrived and mounted (macros/lazyjs.py): a page expression for wait_for_function or evaluate.
MATERIAL_READY = "() => window.document$ !== undefined && !document.documentElement.classList.contains('md-pending')"


def wake_material(page, timeout: float = 10_000) -> None:
    """Do what a reader's first move does: Material's script loads (macros/lazyjs.py) and mounts; fails if it never does."""
    page.mouse.move(5, 5)
    page.mouse.move(20, 20)
    page.wait_for_function(MATERIAL_READY, timeout=timeout)
