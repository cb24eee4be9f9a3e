"""What one build publishes, and what it owes the addresses it published before.

One `Publication` per build (the plugin, macros/plugin.py, makes it in on_config): each built page is noted
as it is written, then `finish` checks the registry, writes the redirect and short-link pages,
the preview images, and the list of addresses the 404 page suggests from.
"""

from __future__ import annotations

import html
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from . import previews, registry
from .previews import Preview
from .registry import LinkError, Links, LinkSources, PageInfo, Published, Registry, Stub, address_href
from .render import environment

_ID = re.compile(r'\sid="([^"]+)"')
_LINK = re.compile(r'<a\s[^>]*?href="([^"]*)"[^>]*>')
ADDRESSES_FILE = "assets/addresses.json"
MANIFEST_ENV = "REGISTER_MANIFEST"


class AddressClash(Exception):
    """A redirect or short link would overwrite a file the build wrote (the plugin reports it as a PluginError)."""


@dataclass
class Publication:
    """One build's pages, checked against the registry when the build ends."""

    root: Path
    site_name: str
    site_url: str
    registry: Registry
    links: Links
    sources: LinkSources
    published: Published = field(default_factory=Published)
    previews: dict[str, Preview] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path, site_name: str, site_url: str) -> Publication:
        reg, links, sources = registry.load_links(root)
        return cls(Path(root), site_name, site_url, reg, links, sources)

    def preview(self, src_uri: str, url: str, title: str, description: str) -> Preview:
        """The preview tags' values for one page (kept for the short links that lead to it)."""
        address = registry.url_to_address(url)
        found = previews.page_preview(self.site_name, self.site_url, src_uri, address, title, description)
        self.previews[address] = found
        return found

    def note_page(self, url: str, page_html: str, headings: list[str]) -> str:
        """Record a written page's ids; give sections that moved within it their old ids back."""
        address = registry.url_to_address(url)
        page_html = self.print_addresses(page_html, address)
        aliases = registry.section_aliases(self.links, address)
        for old, new in aliases.items():
            page_html = _alias(page_html, old, new)
        preview = self.previews.get(address)
        self.published.pages[address] = PageInfo(
            title=preview.title if preview else "",
            description=preview.description if preview else "",
            image=preview.image if preview else "",
            ids=set(_ID.findall(page_html)),
            headings=headings,
        )
        return page_html

    def print_addresses(self, page_html: str, address: str) -> str:
        """Give each link in the page's text the address a reader of the printout can type (site.css prints it).

        A page with a short link prints that (host/go/name/); any other page of the site prints
        host/path/ without the #section; other sites print without https://. In-page links print nothing.
        """
        start, end = page_html.find('<article class="md-content__inner'), page_html.rfind("</article>")
        if start < 0 or end < 0:
            return page_html
        here = previews.absolute(self.site_url, address)
        host = self.site_url.split("://", 1)[-1].rstrip("/")
        shorts = {registry.split(s.to)[0]: registry.short_address(s) for s in reversed(self.links.short_links)}

        def annotate(match: re.Match) -> str:
            tag, href = match.group(0), html.unescape(match.group(1))
            if href.startswith(("#", "mailto:", "tel:")) or "data-print=" in tag:
                return tag
            target = urljoin(here, href)
            if target.startswith(self.site_url.rstrip("/") + "/"):
                path = "/" + target[len(self.site_url.rstrip("/") + "/") :].split("#", 1)[0].split("?", 1)[0]
                if path == address:
                    return tag
                shown = host + shorts.get(path, path)
            elif target.startswith(("http://", "https://")):
                shown = target.split("://", 1)[1].rstrip("/")
            else:
                return tag
            return tag[:-1] + f' data-print="{html.escape(shown, quote=True)}">'

        body = _LINK.sub(annotate, page_html[start:end])
        return page_html[:start] + body + page_html[end:]

    def finish(self, site_dir: Path) -> list[Stub]:
        """Fail on any registered address that would break; otherwise write stubs, cards and the address list."""
        stubs, problems = registry.plan(self.registry, self.links, self.sources, self.published)
        manifest = os.environ.get(MANIFEST_ENV)
        if manifest:  # `make register` asks what this build publishes, even when some old address broke
            pages, sections = registry.registerable(self.published, self.links)
            Path(manifest).write_text(json.dumps({"pages": pages, "sections": sections, "broken": len(problems)}), encoding="utf-8")
        if problems:
            raise LinkError(problems)
        site_dir = Path(site_dir)
        clashes = [stub.address for stub in stubs if _clashes(site_dir, stub.address)]
        if clashes:
            # e.g. a redirect from /sitemap.xml/: its folder would replace a file the build wrote.
            raise AddressClash(
                f"{registry.LINKS_FILE.as_posix()}: these redirect or short-link addresses clash with files the site publishes: "
                + ", ".join(clashes)
                + "; choose other addresses"
            )
        previews.write_cards(site_dir, self.site_name)
        template = environment().get_template("redirect.html")
        for stub in stubs:
            target = self.previews.get(registry.split(stub.target)[0])
            out = site_dir / stub.address.strip("/") / "index.html"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(
                template.render(
                    preview=_stub_preview(target, stub, self.site_url),
                    canonical=previews.absolute(self.site_url, stub.target),
                    href=address_href(stub.address, stub.target),
                    sections={k: address_href(stub.address, v) for k, v in stub.sections.items()},
                    heading="Short link" if stub.kind == "short link" else "This page has moved",
                    kind=stub.kind,
                ),
                encoding="utf-8",
            )
        titles = {a: info.title for a, info in sorted(self.published.pages.items())}
        titles |= {registry.short_address(s): f"Short link: {s.title}" for s in self.links.short_links}
        (site_dir / ADDRESSES_FILE).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / ADDRESSES_FILE).write_text(json.dumps({"pages": list(titles), "titles": titles}, ensure_ascii=False), encoding="utf-8")
        return stubs


def _clashes(site_dir: Path, address: str) -> bool:
    """A stub's index.html would overwrite a built file, or need a folder where a file is."""
    out = site_dir / address.strip("/") / "index.html"
    return out.exists() or any(folder.is_file() for folder in out.parents if site_dir in folder.parents)


def _stub_preview(target: previews.Preview | None, stub: Stub, site_url: str) -> previews.Preview:
    if target is None:  # plan() has already proved the target is published, so this is a bug, not bad data
        raise RuntimeError(f"no preview noted for {stub.target}")
    return previews.Preview(**{**target.__dict__, "url": previews.absolute(site_url, stub.target)})


def _alias(page_html: str, old: str, new: str) -> str:
    """An empty element carrying the old id, placed just before the element that now has the new one."""
    match = re.search(rf'<[a-zA-Z][a-zA-Z0-9]*\b[^>]*\sid="{re.escape(new)}"', page_html)
    if match is None:
        return page_html  # plan() reports the missing target with the file and line to fix
    return page_html[: match.start()] + f'<span id="{old}"></span>' + page_html[match.start() :]
