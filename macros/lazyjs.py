"""Material's script, fetched on the reader's first interaction instead of at page load.

Why: Material's bundle is about 46 KB gzip and runs for 150 ms or more on a mid-range
phone as the page opens (Lighthouse's Total Blocking Time). Nothing on these pages needs
it to be read: text, links, the phone menu (a CSS toggle), section links and the helper
and quiz scripts all work without it. So each page swaps Material's script tag for a small
loader that fetches the bundle on the first touch, key, pointer, scroll or focus, and at
once when the page is opened from a search result (`?h=`, for the highlight) or at a
section (`#...`, which Material may need to open).

Until then the root element carries `md-pending`: site.css keeps Material's no-JS sidebar
layout under it, and the search box shows, so the first tap on it starts the loader. The
loader also does the few things Material would have done by then: it focuses the search
box on that tap or on / s f, keeps Enter from sending the search form to the server, opens
collapsed sections for printing, and replays a recent first shortcut key. A failed fetch
puts the page back in Material's no-JS state and tries again later.
"""

from __future__ import annotations

import json
import re

from macros import render

BUNDLE_PATH = r'[^"<>]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js'
# Material writes exactly one of these per page, at the end of <body>.
BUNDLE_TAG = re.compile(rf'<script src="({BUNDLE_PATH})"></script>')
# The loader's last line names the bundle it fetches: `})("<address>");`.
LOADER_CALL = re.compile(rf'\}}\)\(("{BUNDLE_PATH}")\);')


class BundleNotFound(ValueError):
    """Material changed how it loads its script; the loader must be updated, not silently skipped."""


def lazy_bundle(page_html: str, where: str) -> str:
    """Replace Material's bundle tag in one built page with the loader; fails unless there is exactly one."""
    found = BUNDLE_TAG.findall(page_html)
    if len(found) != 1:
        raise BundleNotFound(
            f"{where}: expected one Material bundle <script> tag, found {len(found)}; Material's templates changed, so update macros/lazyjs.py"
        )
    loader = render.environment().get_template("lazy_bundle.html").render(src=found[0])
    return BUNDLE_TAG.sub(lambda _: loader, page_html, count=1)


def deferred_bundle(page_html: str) -> str | None:
    """The address of the bundle a built page's loader fetches on first interaction, or None if it has no loader."""
    match = LOADER_CALL.search(page_html)
    return json.loads(match.group(1)) if match else None
