"""Save full-page screenshots of the key pages at phone and desktop widths, for people to look at.

`make screenshots` builds site/ first; this script only serves it and takes the pictures.
Usage: screenshots.py [SITE_DIR]   (default: site/)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from tools.localsite import INSTALL_HINT, ROOT, SiteServer, key_pages, launch, missing_tools  # noqa: E402

SITE = ROOT / "site"
OUT = ROOT / "screenshots"
VIEWPORTS = {"phone": (360, 800), "desktop": (1280, 900)}


def main(argv: list[str]) -> int:
    """Serve the built site and write one PNG per key page and viewport into screenshots/."""
    site = Path(argv[0]) if argv else SITE
    if not (site / "index.html").exists():
        raise SystemExit(f"{site} is not built: run `make screenshots`, which builds it first")
    missing = missing_tools()
    if missing:
        raise SystemExit(f"missing: {', '.join(missing)}; {INSTALL_HINT}")
    OUT.mkdir(exist_ok=True)
    pages = key_pages(site)
    with SiteServer(site) as server, sync_playwright() as pw:
        browser = launch(pw)
        for label, (width, height) in VIEWPORTS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            for name, path in pages.items():
                page.goto(server.url(path), wait_until="load")
                target = OUT / f"{name}-{label}.png"
                page.screenshot(path=str(target), full_page=True)
                print(f"{target.relative_to(ROOT)}  {server.url(path)}")
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
