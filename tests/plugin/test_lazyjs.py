"""Material's script in the built site: every page loads it through the loader, and its no-JS rules are accounted for."""

from __future__ import annotations

import re

import pytest

from macros.lazyjs import BUNDLE_TAG, deferred_bundle
from tests.paths import ROOT
from tools.localsite import base_path, is_redirect


@pytest.mark.build
def test_every_built_page_loads_material_through_the_loader(built_site):
    pages = sorted(p for p in built_site.rglob("*.html") if not is_redirect(p))  # redirect pages leave at once
    base = base_path(built_site)
    assert any(p.name == "404.html" for p in pages)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not BUNDLE_TAG.search(html), page
        assert html.count("window.__mdLoader = true") == 1, page
        href = deferred_bundle(html)
        assert href, page
        # 404.html is served from any folder, so its addresses start from the site's base path.
        target = built_site / href[len(base) :] if href.startswith("/") else page.parent / href
        assert target.resolve().is_file(), f"{page}: {href} is not in the build"


def css_rules(css: str) -> list[tuple[tuple[str, ...], str, str]]:
    """(enclosing at-rules, selector, declarations) for every style rule: enough CSS for these checks."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules, stack, start, i = [], [], 0, 0
    while i < len(css):
        if css[i] == "{":
            prelude = " ".join(css[start:i].split())
            if prelude.startswith("@"):
                stack.append(prelude.replace(": ", ":"))
                start = i + 1
            else:
                end = css.index("}", i)
                declarations = ";".join(d.strip().replace(": ", ":") for d in css[i + 1 : end].split(";") if d.strip())
                rules += [(tuple(stack), sel.strip(), declarations) for sel in prelude.split(",")]
                i = start = end + 1
                continue
        elif css[i] == "}":
            stack.pop()
            start = i + 1
        elif css[i] == ";":  # a statement at-rule such as @charset or @import
            start = i + 1
        i += 1
    return rules


def test_css_rules_reads_media_scopes():
    rules = css_rules('@charset "UTF-8";/* x { } */ a{color:red}@media screen and (min-width: 60em){.b .c,.d{height: auto;}}')
    assert rules == [
        ((), "a", "color:red"),
        (("@media screen and (min-width:60em)",), ".b .c", "height:auto"),
        (("@media screen and (min-width:60em)",), ".d", "height:auto"),
    ]


@pytest.mark.build
def test_material_no_js_rules_are_all_accounted_for_while_the_script_waits(built_site, mkdocs_config):
    """The loader switches no-js to js at once; each of Material's no-JS rules is either wanted off or kept by site.css.

    Kept means the same declarations at the same widths, under .md-pending. A new no-JS rule in a
    Material upgrade fails here until someone decides which it is.
    """
    css = next((built_site / "assets" / "stylesheets").glob("main.*.min.css")).read_text(encoding="utf-8")
    no_js = [r for r in css_rules(css) if r[1].startswith(".no-js ")]
    # Content tabs are not enabled (no pymdownx.tabbed in mkdocs.yml), so their rules never apply.
    assert "pymdownx.tabbed" not in mkdocs_config.markdown_extensions
    no_js = [r for r in no_js if ".tabbed-" not in r[1]]
    # Off on purpose: the search box should show, so a first tap on it starts the loader. The site has no banner.
    dropped = {".no-js .md-search", ".no-js .md-header__button[for=__search]", ".no-js .md-banner__button"}
    kept = {(media, sel.replace(".no-js ", ".md-pending "), decl) for media, sel, decl in no_js if sel not in dropped}
    assert {sel for _, sel, _ in no_js} - dropped == {".no-js .md-sidebar", ".no-js .md-sidebar--secondary"}, (
        "Material's no-JS rules changed: decide how each behaves while the script waits"
    )
    site_css = (ROOT / "docs" / "assets" / "site.css").read_text(encoding="utf-8")
    pending = {r for r in css_rules(site_css) if ".md-pending" in r[1]}
    assert pending == kept


@pytest.mark.build
def test_the_transfer_benchmark_still_counts_material_as_later_js(built_site):
    """`make bench-web` must not lose the bundle from its sums just because the page no longer names it in a tag."""
    from tools.bench_web import gzip_kb, transfer

    bundle = next((built_site / "assets" / "javascripts").glob("bundle.*.min.js"))
    home = transfer(built_site, "index.html")
    assert home["JS"] == 0.0
    assert home["later JS"] > gzip_kb(bundle) > 10
    helper = transfer(built_site, "helper/index.html")
    assert helper["JS"] > 0, "the helper's own script loads with the page"
