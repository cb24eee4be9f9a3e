"""Open built pages in headless Chromium and report any script the page ran (alert dialogs) or off-site request.

Run: .venv/bin/python tools/attack/browser.py SITE_DIR page/path/ [page/path/ ...]
A page path may end with `?q=words` to type a search query, or `#hover=CSS` to hover an element (tooltips).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from playwright.sync_api import sync_playwright  # noqa: E402

from tools.localsite import SiteServer, launch, wake_material  # noqa: E402


def main(site: str, paths: list[str]) -> None:
    with SiteServer(Path(site)) as server, sync_playwright() as pw:
        browser = launch(pw)
        for spec in paths:
            path, _, query = spec.partition("?q=")
            path, _, hover = path.partition("#hover=")
            page = browser.new_page()
            fired: list[str] = []
            offsite: list[str] = []

            def on_dialog(dialog, fired=fired) -> None:
                fired.append(dialog.message)
                dialog.dismiss()

            def on_request(request, offsite=offsite) -> None:
                if not request.url.startswith((server.origin, "data:")):
                    offsite.append(request.url)

            page.on("dialog", on_dialog)
            page.on("request", on_request)
            page.goto(server.url(path))
            try:
                wake_material(page)
            except Exception as exc:  # noqa: BLE001
                print(f"   (material did not wake: {exc.__class__.__name__})")
            if hover:
                page.hover(hover)
                page.wait_for_timeout(800)
            if query:
                page.keyboard.press("/")
                page.wait_for_timeout(300)
                page.fill("input.md-search__input", query)
                page.wait_for_timeout(2500)
                items = page.locator(".md-search-result__item").count()
                print(f"   search results shown: {items}")
            page.wait_for_timeout(500)
            print(f"{spec}: script ran: {fired or 'no'}; off-site requests: {offsite or 'none'}")
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
