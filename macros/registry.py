"""Published addresses that must keep working: the registry, redirects, short links, and the checks between them.

Emails, courses and bookmarks point at the site's addresses. `data/registry.yml` records
every address the site has published (pages, short links, and the section anchors people
link to); `data/links.yml` declares redirects for addresses that moved and the short
`/go/...` links for emails. After a build, every registered address must either still be
published or be redirected to one that is, or the build stops and says what to add.

Plain Python, nothing from MkDocs, so a command line (`macros.register`) and the tests use it too.
Addresses are written site-relative with a leading slash, as a reader sees them after the
host name: `/`, `/respond/first-24-hours/`, `/respond/first-24-hours/#the-first-hour`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, TypeVar

from pydantic import BaseModel, Field, StringConstraints

from .checks import read_data_file
from .errors import DataError, Problem, relative
from .model import Line, Slug, Strict, Title
from .source import Source

T = TypeVar("T", bound=BaseModel)

REGISTRY_FILE = Path("data") / "registry.yml"
LINKS_FILE = Path("data") / "links.yml"
SHORT_PREFIX = "/go/"

# A page address: lowercase path segments, each ending in a slash ("/" alone is the start page).
PAGE_PATTERN = r"^/([a-z0-9]+([-_.][a-z0-9]+)*/)*$"
# A page address, optionally with one section anchor.
ADDRESS_PATTERN = r"^/([a-z0-9]+([-_.][a-z0-9]+)*/)*(#[A-Za-z0-9][A-Za-z0-9_:.-]*)?$"
PageAddress = Annotated[str, StringConstraints(pattern=PAGE_PATTERN)]
Address = Annotated[str, StringConstraints(pattern=ADDRESS_PATTERN)]


class Registry(Strict):
    """Every address ever published; `make register` appends, nobody deletes."""

    pages: list[PageAddress]
    sections: list[Address] = []


class Redirect(Strict):
    """An address that moved, and where readers now find it."""

    from_: Address = Field(alias="from")
    to: Address
    why: Line | None = None


class ShortLink(Strict):
    """A short address for emails: /go/<name>/ sends the reader to `to`."""

    name: Slug
    to: Address
    title: Title
    use: Line


class Links(Strict):
    """data/links.yml: declared redirects and the short links email writers may use."""

    redirects: list[Redirect] = []
    short_links: list[ShortLink] = []


def short_address(link: ShortLink) -> str:
    return f"{SHORT_PREFIX}{link.name}/"


def split(address: str) -> tuple[str, str]:
    """An address as (page, anchor); the anchor is '' for a whole page."""
    page, _, anchor = address.partition("#")
    return page, anchor


def _load(path: Path, root: Path, cls: type[T], problems: list[Problem]) -> tuple[Source | None, T | None]:
    if not path.is_file():
        problems.append(Problem(relative(path, root), 0, "", "missing file; create it (see README: Links that never break)"))
        return None, None
    # The same reader as every other data file: bounded, and symbolic links refused.
    return read_data_file(path, root, cls, problems)


def load_links(root: Path) -> tuple[Registry, Links, LinkSources]:
    """Read and check data/registry.yml and data/links.yml; DataError names file, line and field of every slip."""
    root = Path(root)
    problems: list[Problem] = []
    reg_source, registry = _load(root / REGISTRY_FILE, root, Registry, problems)
    links_source, links = _load(root / LINKS_FILE, root, Links, problems)
    if reg_source is not None and registry is not None:
        problems += _repeats(reg_source, [("pages", n, a) for n, a in enumerate(registry.pages)])
        problems += _repeats(reg_source, [("sections", n, a) for n, a in enumerate(registry.sections)])
        for n, address in enumerate(registry.sections):
            if not split(address)[1]:
                problems.append(reg_source.problem(("sections", n), f"'{address}' has no #anchor; whole pages go under pages"))
    if links_source is not None and links is not None:
        problems += _repeats(links_source, [("redirects", n, "from", r.from_) for n, r in enumerate(links.redirects)])
        problems += _repeats(links_source, [("short_links", n, "name", s.name) for n, s in enumerate(links.short_links)])
        for n, redirect in enumerate(links.redirects):
            if redirect.from_.startswith(SHORT_PREFIX):
                problems.append(links_source.problem(("redirects", n, "from"), "short links are declared under short_links, not redirected"))
            if bool(split(redirect.from_)[1]) != bool(split(redirect.to)[1]):
                problems.append(links_source.problem(("redirects", n, "to"), "a section (#anchor) redirects to a section, a page to a page"))
    # Without problems both files were read (read_data_file reports every reason it returns None).
    if problems or reg_source is None or registry is None or links_source is None or links is None:
        raise DataError(problems)
    return registry, links, LinkSources(reg_source, links_source)


@dataclass
class LinkSources:
    """The parsed files, so later checks can name the line of a faulty entry."""

    registry: Source
    links: Source


def _repeats(source: Source, entries: list[tuple]) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for *loc, value in entries:
        if value in seen:
            problems.append(source.problem(tuple(loc), f"'{value}' is listed twice (first on line {seen[value]})"))
        else:
            seen[value] = source.line_of(tuple(loc))
    return problems


# --- what a build published ------------------------------------------------------------


@dataclass
class PageInfo:
    """What one built page offers to links and previews."""

    title: str
    description: str
    image: str  # site-relative address of its preview image, e.g. /assets/previews/how-to.png
    ids: set[str] = field(default_factory=set)
    headings: list[str] = field(default_factory=list)  # section anchors worth registering (h2 ids)


@dataclass
class Published:
    """Every page a build wrote, by address; filled page by page, checked at the end."""

    pages: dict[str, PageInfo] = field(default_factory=dict)

    def resolves(self, address: str) -> bool:
        page, anchor = split(address)
        info = self.pages.get(page)
        return info is not None and (not anchor or anchor in info.ids)


def url_to_address(url: str) -> str:
    """MkDocs' page.url ('' for the start page, 'respond/first-24-hours/') as an address."""
    return "/" + url


# --- the checks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Stub:
    """A static page standing at an old or short address, sending the reader on."""

    address: str  # a page address, e.g. /go/helper/
    target: str  # where it sends readers, possibly with #anchor
    sections: dict[str, str]  # anchor on the old page -> new address, for moved sections
    kind: str  # "redirect" or "short link"


class LinkError(DataError):
    """Registered addresses that no longer resolve, or redirects and short links that lead nowhere."""

    about = "with published addresses (links in sent emails would break)"


MAX_HINTS = 200


def plan(registry: Registry, links: Links, sources: LinkSources, published: Published) -> tuple[list[Stub], list[Problem]]:
    """The redirect and short-link pages to write, and every registered address that would break.

    A registered address is fine when the build publishes it, or when a declared redirect
    (followed through further redirects) ends at an address the build publishes.
    """
    problems: list[Problem] = []
    redirects = {r.from_: r.to for r in links.redirects}
    reg, lk = sources.registry, sources.links
    published_pages = sorted(published.pages)

    def final(address: str, seen: tuple = ()) -> str | None:
        if published.resolves(address) and address not in redirects:
            return address
        if address in seen:
            return None
        if address in redirects:
            return final(redirects[address], seen + (address,))
        page, anchor = split(address)
        if anchor and page in redirects and not published.resolves(page):
            # The redirect page passes the reader's #section on, so a section that kept its id resolves.
            return final(f"{split(redirects[page])[0]}#{anchor}", seen + (address,))
        return None

    hints: dict[str, str] = {}

    def hint(address: str) -> str:
        page = split(address)[0]
        if page not in hints:
            # A similar published page, looked up once per page and for the first pages only: a
            # registry of thousands of lost pages must not cost a fuzzy search each.
            close = difflib.get_close_matches(page, published_pages, n=1, cutoff=0.5) if len(hints) < MAX_HINTS else []
            hints[page] = close[0] if close else "/new/address/"
        return hints[page]

    for n, redirect in enumerate(links.redirects):
        if published.resolves(redirect.from_) and not split(redirect.from_)[1]:
            problems.append(lk.problem(("redirects", n, "from"), f"'{redirect.from_}' is still a published page; remove the redirect or the page"))
        if final(redirect.to) is None:
            problems.append(lk.problem(("redirects", n, "to"), f"'{redirect.to}' is not a published address; did you mean '{hint(redirect.to)}'?"))
    for n, link in enumerate(links.short_links):
        if short_address(link) in published.pages:
            problems.append(lk.problem(("short_links", n, "name"), f"a page already lives at {short_address(link)}"))
        if final(link.to) is None:
            problems.append(lk.problem(("short_links", n, "to"), f"'{link.to}' is not a published address; did you mean '{hint(link.to)}'?"))

    shorts = {short_address(s) for s in links.short_links}
    for key, addresses in (("pages", registry.pages), ("sections", registry.sections)):
        for n, address in enumerate(addresses):
            if address in shorts or final(address) is not None:
                continue
            page, anchor = split(address)
            if page.startswith(SHORT_PREFIX):
                fix = (
                    f"the short link is gone, and emails may carry it. Put it back under short_links in "
                    f"{LINKS_FILE.as_posix()}, pointing at the page it should open:\n"
                    f"      - name: {page[len(SHORT_PREFIX) :].strip('/')}\n        to: /page/address/\n        title: ...\n        use: ..."
                )
            elif anchor and published.resolves(page):
                fix = (
                    f"the page no longer has a section with id '{anchor}'. Put the id back on the heading "
                    f"(`## Heading {{: #{anchor} }}`), or add to {LINKS_FILE.as_posix()} under redirects:\n"
                    f'      - from: "{address}"\n        to: "{page}#new-section-id"'
                )
            elif anchor and page in redirects:
                fix = (
                    f"{page} redirects to {redirects[page]}, which has no section with id '{anchor}'. Give the "
                    f"heading there that id (`## Heading {{: #{anchor} }}`), or add to {LINKS_FILE.as_posix()} under redirects:\n"
                    f'      - from: "{address}"\n        to: "{split(redirects[page])[0]}#section-id"'
                )
            elif anchor:
                fix = (
                    f"its page {page} is not published any more. Redirect the page (its sections follow when the "
                    f"new page keeps their ids); add to {LINKS_FILE.as_posix()} under redirects:\n"
                    f"      - from: {page}\n        to: {hint(address)}"
                )
            else:
                fix = (
                    f"no page is published there any more. Add to {LINKS_FILE.as_posix()} under redirects:\n"
                    f"      - from: {address}\n        to: {hint(address)}"
                )
            problems.append(reg.problem((key, n), f"registered address {address}: {fix}"))

    stubs = _stubs(links, published, problems, lk, final)
    return stubs, problems


def _stubs(links: Links, published: Published, problems: list[Problem], lk: Source, final: Callable[[str], str | None]) -> list[Stub]:
    """One stub per redirected page and per short link; moved sections of a redirected page ride on its stub."""
    page_redirects = {r.from_: r.to for r in links.redirects if not split(r.from_)[1]}
    # Each stub sends readers straight to where a chain of redirects ends: one hop, never a loop.
    stubs = [Stub(old, final(new) or new, {}, "redirect") for old, new in page_redirects.items()]
    by_address = {s.address: s for s in stubs}
    for n, r in enumerate(links.redirects):
        old_page, old_anchor = split(r.from_)
        if not old_anchor:
            continue
        if old_page in by_address:
            by_address[old_page].sections[old_anchor] = final(r.to) or r.to
        elif old_page in published.pages and split(r.to)[0] != old_page:
            problems.append(
                lk.problem(
                    ("redirects", n, "to"),
                    f"{old_page} is still published, so its section can only move within that page; keep the id "
                    f"'{old_anchor}' on {old_page}, or redirect the whole page",
                )
            )
    stubs += [Stub(short_address(s), final(s.to) or s.to, {}, "short link") for s in links.short_links]
    return stubs


def section_aliases(links: Links, page_address: str) -> dict[str, str]:
    """Old anchor -> new anchor for sections that moved within one still-published page."""
    aliases = {}
    for r in links.redirects:
        old_page, old_anchor = split(r.from_)
        new_page, new_anchor = split(r.to)
        if old_anchor and old_page == page_address and new_page == page_address:
            aliases[old_anchor] = new_anchor
    return aliases


# --- the registry file ------------------------------------------------------------------------

REGISTRY_HEADER = """\
# yaml-language-server: $schema=../schemas/registry.schema.json
# Every address this site has published. Emails, courses and bookmarks point at them, so the
# build fails when one stops resolving, unless data/links.yml redirects it.
# Written by `make register` (it adds what a build publishes); do not remove entries by hand.
"""


def registry_text(pages: list[str], sections: list[str]) -> str:
    """The registry file as `make register` writes it: header, then sorted lists."""
    lines = [REGISTRY_HEADER.rstrip("\n"), "pages:"]
    lines += [f'  - "{p}"' for p in sorted(set(pages))]
    lines.append("sections:")
    lines += [f'  - "{s}"' for s in sorted(set(sections))]
    return "\n".join(lines) + "\n"


def registerable(published: Published, links: Links) -> tuple[list[str], list[str]]:
    """The addresses a build offers for registration: every page, every short link, every h2 section."""
    pages = set(published.pages) | {short_address(s) for s in links.short_links}
    sections = {f"{address}#{h}" for address, info in published.pages.items() for h in info.headings}
    return sorted(pages), sorted(sections)


def address_href(from_page: str, to_address: str) -> str:
    """A link from one page address to another that works under any base path: ../../helper/."""
    depth = len([p for p in from_page.split("/") if p])
    return "../" * depth + to_address.lstrip("/") if (depth or to_address != "/") else "./"
