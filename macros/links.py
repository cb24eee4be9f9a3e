"""Relative links from generated HTML, checked, because MkDocs does not validate links in raw HTML."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from .render import Linker, scenario_href
from .site import Site


def make_linker(generated: frozenset[str], docs_dir: Path, use_directory_urls: bool, current_src: str) -> Linker:
    """A link function for one page; a target page that does not exist stops the build."""
    here = _url(current_src, use_directory_urls)

    def link(target: str) -> str:
        path, _, fragment = target.partition("#")
        if path not in generated and not (docs_dir / path).is_file():
            raise ValueError(f"generated link points to a missing page: {path}")
        href = get_relative_url(_url(path, use_directory_urls), here)
        return f"{href}#{fragment}" if fragment else href

    return link


def generated_pages(site: Site) -> frozenset[str]:
    """Source paths of the generated scenario pages; compute once per build, not per link."""
    return frozenset(scenario_href(slug) for slug in site.scenarios)


@lru_cache(maxsize=8192)
def _url(src: str, use_directory_urls: bool) -> str:
    return File(src, "", "", use_directory_urls).url
