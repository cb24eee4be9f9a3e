"""Relative links from generated HTML, checked, because MkDocs does not validate links in raw HTML."""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from .load import Site
from .render import Linker, scenario_href


def make_linker(site: Site, docs_dir: Path, use_directory_urls: bool, current_src: str) -> Linker:
    """A link function for one page; a target page that does not exist stops the build."""
    generated = {scenario_href(slug) for slug in site.scenarios}
    here = _url(current_src, use_directory_urls)

    def link(target: str) -> str:
        path, _, fragment = target.partition("#")
        if path not in generated and not (docs_dir / path).is_file():
            raise ValueError(f"generated link points to a missing page: {path}")
        href = get_relative_url(_url(path, use_directory_urls), here)
        return f"{href}#{fragment}" if fragment else href

    return link


def _url(src: str, use_directory_urls: bool) -> str:
    return File(src, "", "", use_directory_urls).url
