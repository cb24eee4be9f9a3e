"""Docs pages are untrusted input too: their front matter, macro calls and HTML are checked before publishing.

Anyone who can open a pull request can change a page as easily as a data file. A page may hold
Markdown prose, the front matter fields of `PageMeta`, and calls of the site's named macros with
written-out arguments, such as {{ decision_table("breach-response") }}. Nothing else reaches the
template engine (no variables, attributes, filters or statements: `cycler.__init__.__globals__`
would otherwise run code at build time), and the HTML a page converts to may use only content
tags and attributes, with link targets judged as in data text. Plain Python: nothing from MkDocs.
"""

from __future__ import annotations

import difflib
import html
import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from jinja2 import nodes

from . import model as m
from .checks import validate_model
from .errors import DataError, Problem
from .markdown_scan import front_matter_block, headings
from .source import Source, source_from_text
from .text import decoded, tooltip_text, unsafe_url

EXAMPLE = '{{ decision_table("breach-response") }}'


class PageError(DataError):
    about = "in the site's pages"


@dataclass(frozen=True)
class Call:
    """One macro call written in a page: its name, its literal arguments, and its line in the file."""

    name: str
    args: tuple
    line: int


@dataclass
class Page:
    """One checked docs page: its front matter, its body and where the body starts in the file."""

    path: str
    meta: m.PageMeta
    body: str
    body_line: int
    calls: list[Call]


def read_page(text: str, display: str, env: jinja2.Environment, macros: Mapping[str, Callable | None]) -> tuple[Page | None, list[Problem]]:
    """Check one page's front matter and macro calls; every problem names the file and line."""
    front, body, body_line = front_matter_block(text)
    meta: m.PageMeta | None = m.PageMeta()
    problems: list[Problem] = []
    if front is not None:
        source, problems = source_from_text(front, display, first_line=2)
        meta = None
        if source is not None and not problems:
            meta, problems = validate_model(source, m.PageMeta)
    if meta is None:
        return None, problems
    calls: list[Call] = []
    if meta.render_macros:
        calls, found = macro_calls(env, body, macros)
        problems += [Problem(display, line + body_line - 1, "", message) for line, message in found]
    return Page(display, meta, body, body_line, calls), problems


def macro_calls(env: jinja2.Environment, text: str, macros: Mapping[str, Callable | None]) -> tuple[list[Call], list[tuple[int, str]]]:
    """The macro calls in a page body, and (line, message) for anything else the template engine would run."""
    try:
        tree = env.parse(text)
    except RecursionError:
        return [], [(1, f"template syntax nests too deeply to read; a page may only call the site's macros, like {EXAMPLE}")]
    except jinja2.TemplateSyntaxError as error:
        return [], [(error.lineno, f"template syntax error: {error.message}; a page may only call the site's macros, like {EXAMPLE}")]
    calls: list[Call] = []
    problems: list[tuple[int, str]] = []
    for node in tree.body:
        if not isinstance(node, nodes.Output):
            problems.append((node.lineno, f"{{% ... %}} statements are not allowed in pages; a page may only call the site's macros, like {EXAMPLE}"))
            continue
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                continue
            call, problem = _literal_call(child, macros)
            if problem:
                problems.append((child.lineno, problem))
            elif call is not None:
                calls.append(call)
    return calls, problems


def _literal_call(node: nodes.Node, macros: Mapping[str, Callable | None]) -> tuple[Call | None, str | None]:
    if not (isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name)):
        return None, f"only calls of the site's macros with written-out arguments may appear between {{{{ and }}}}, like {EXAMPLE}"
    name = node.node.name
    if name not in macros:
        close = difflib.get_close_matches(name, list(macros), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"the macros are: {', '.join(sorted(macros))}"
        return None, f"unknown macro '{name}'; {hint}"
    if node.kwargs or node.dyn_args or node.dyn_kwargs or not all(isinstance(a, nodes.Const) for a in node.args):
        return None, f"{name}(): write each argument out in quotes, like {EXAMPLE}"
    args = tuple(a.value for a in node.args)  # type: ignore[attr-defined]
    if not all(isinstance(a, str) for a in args):
        return None, f"{name}(): arguments are ids in quotes, like {EXAMPLE}"
    function = macros[name]
    if function is not None:
        try:
            inspect.signature(function).bind(*args)
        except TypeError:
            wanted = ", ".join(inspect.signature(function).parameters) or "no arguments"
            return None, f"{name}() takes {wanted}; it was given {len(args)}"
    return Call(name, args, node.lineno), None


# Far above any real page (the largest is about 30 KB) and far below what hurts the build.
MAX_PAGE_BYTES = 1_000_000


def check_page_file(path: Path, display: str, env: jinja2.Environment, macros: Mapping[str, Callable | None]) -> tuple[Page | None, list[Problem]]:
    """read_page for a file, read as MkDocs reads it (UTF-8, a byte order mark dropped), within bounds."""
    if not path.is_file() or path.stat().st_size > MAX_PAGE_BYTES:
        return None, [Problem(display, 0, "", f"a page must be an ordinary file of at most {MAX_PAGE_BYTES:,} bytes; split it")]
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem(display, 0, "", "the page is not valid UTF-8; save it as UTF-8")]
    return read_page(text, display, env, macros)


# What may sit in docs/ besides pages: pictures (not SVG, which can hold script), and the site's own
# script and styles in assets/, which are code and reviewed as code. Anything else (an .html or .svg
# file, a search index) would be published exactly as written.
PICTURES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"})
ASSETS = PICTURES | {".js", ".css"}


def docs_file_problems(docs_dir: Path, paths: list[Path]) -> list[Problem]:
    """Files under docs/ that would be published as they are: no links out of the project, no active types."""
    problems = []
    docs = docs_dir.absolute()
    for path in paths:
        path = path.absolute()
        if not path.is_relative_to(docs):
            continue  # theme files, from the theme and overrides/
        display = f"docs/{path.relative_to(docs).as_posix()}"
        here = path
        while here != docs:
            if here.is_symlink():
                problems.append(Problem(display, 0, "", "is reached through a symbolic link, which is not followed; copy the file here instead"))
                break
            here = here.parent
        else:
            suffix = path.suffix.lower()
            allowed = {".md"} | (ASSETS if path.relative_to(docs).parts[0] == "assets" else PICTURES)
            if suffix not in allowed:
                problems.append(
                    Problem(
                        display,
                        0,
                        "",
                        f"'{suffix or path.name}' files are published exactly as written; docs/ holds Markdown pages and pictures ({', '.join(sorted(PICTURES))})",
                    )
                )
    return problems


def meta_problems(meta: dict, display: str) -> list[Problem]:
    """The front matter MkDocs itself parsed, checked again: whatever the page's bytes, this is what
    the theme and the macros plugin will use."""
    # No line numbers here: MkDocs keeps none. Messages and field names as for any data file.
    return validate_model(Source(display, meta, {(): 0}), m.PageMeta)[1]


def parse_env() -> jinja2.Environment:
    """An engine for reading calls only (never rendering), with the macros plugin's default delimiters."""
    return jinja2.Environment(autoescape=False)


# --- the HTML a page converts to ------------------------------------------------------------

# What Markdown and the site's extensions write, plus ordinary content tags an author may write by hand.
# Not here: script, style, iframe, object, embed, form controls, svg and math (both can carry script),
# base, meta and link (they change how the page loads).
TAGS = frozenset(
    "a abbr b blockquote br caption cite code col colgroup dd del details dfn div dl dt em figcaption figure "
    "h1 h2 h3 h4 h5 h6 hr i img input ins kbd li mark ol p pre q s samp small span strong sub summary sup "
    "table tbody td tfoot th thead time tr u ul var wbr".split()
)
_ANY_TAG = {"class", "id", "title", "lang", "hidden"}
ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "details": {"open"},
    "time": {"datetime"},
    # Task lists: pymdownx.tasklist writes disabled checkboxes.
    "input": {"type", "disabled", "checked"},
}
# Tags whose mention in raw HTML is refused even where the parser above might read them differently.
_DANGER = re.compile(r"<(script|style|iframe|frame|object|embed|svg|math|base|meta|link|form|template)[\s/>]", re.IGNORECASE)
# Markup that Python's parser and browsers read differently: browsers end `<![CDATA[`, `<!x`, `<?x` and
# `</ x` at the first `>`, take `<!-->` and `<!--->` as whole comments and end one at `--!>`. Whatever
# followed could be live in a browser while the audit saw a comment.
_DIFFERENTIAL = re.compile(r"<!(?!--)|<!---?>|<\?|--!>|</(?![A-Za-z])")
# Deeper than any page needs, and shallow enough that search indexing stays fast (it grows with depth squared).
MAX_DEPTH = 100
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
MAX_FINDINGS = 20


@dataclass(frozen=True)
class Finding:
    """Something in a page's HTML the site will not publish, and a piece of text to find it by in the source."""

    message: str
    # Pieces of source text to look for, best first (an attribute's value, its name, its tag).
    needles: tuple[str, ...]


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Finding] = []
        self.depth = 0

    def handle_endtag(self, tag: str) -> None:
        self.depth -= 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            self.depth += 1
            if self.depth == MAX_DEPTH + 1:
                self.found.append(Finding(f"HTML elements nest more than {MAX_DEPTH} levels deep; no page needs that", (f"<{tag}",)))
        self._check(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.found.append(Finding(f"the HTML tag <{tag}> is not allowed in pages", (f"<{tag}",)))
            return
        allowed = _ANY_TAG | ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            value = value or ""
            if re.search("[<>]", value):
                # Later steps find tags in the HTML by pattern; a > inside a value would end a tag early.
                self.found.append(Finding(f"the value of '{name}' on <{tag}> may not contain < or >", (value[:20], html.escape(value[:20], quote=False), name)))
            elif name not in allowed:
                hint = " (event handlers run script)" if name.startswith("on") else " (styles can load from other hosts)" if name == "style" else ""
                self.found.append(Finding(f"the attribute '{name}' on <{tag}> is not allowed in pages{hint}", (name,)))
            elif name == "href" and unsafe_url(value):
                self.found.append(
                    Finding(
                        f"link target {value!r} is not allowed (only http, https, mailto or relative links)",
                        (value[:20], html.escape(value[:20]), "href", f"<{tag}"),
                    )
                )
            elif name == "src" and _off_site(value):
                self.found.append(
                    Finding(
                        f"image {value!r} must be a file of this site: a page makes no requests to other hosts",
                        (value[:20], html.escape(value[:20]), "src", f"<{tag}"),
                    )
                )
            elif name == "title" and tooltip_text(value) != decoded(value):
                self.found.append(
                    Finding(
                        f"title {value!r} holds markup; titles show as tooltips, so write them without < or >",
                        (value[:20], html.escape(value[:20], quote=False), "title"),
                    )
                )
            elif tag == "input" and name == "type" and value != "checkbox":
                self.found.append(Finding("only task-list checkboxes may be form inputs", ("<input",)))


def _off_site(url: str) -> bool:
    cleaned = decoded(url).strip()
    return unsafe_url(cleaned) or cleaned.startswith(("//", "\\")) or bool(urlsplit(cleaned).scheme)


def html_findings(html: str) -> list[Finding]:
    """What the converted HTML of an author's page holds that the site refuses to publish."""
    audit = _Audit()
    audit.feed(html)
    audit.close()
    found = audit.found
    for match in _DANGER.finditer(html):
        found.append(Finding(f"the HTML tag <{match.group(1).lower()}> is not allowed in pages", (match.group(0)[:-1],)))
    for match in _DIFFERENTIAL.finditer(html):
        found.append(Finding(f"'{match.group(0)}' is not allowed in pages: browsers read it differently from the site's checks", (match.group(0),)))
    # One of each, and not thousands: a table of 8,000 refused cells needs one message, not 8,000.
    return list(dict.fromkeys(found))[:MAX_FINDINGS]


def html_problems(html: str, source: str, display: str) -> list[Problem]:
    """html_findings as author messages, each on the first line of the page's source that shows it."""
    lines = source.lower().splitlines()
    problems = []
    for finding in html_findings(html):
        needles = [n.lower() for n in finding.needles if n]
        line = next((n for needle in needles for n, text in enumerate(lines, start=1) if needle in text), 0)
        problems.append(Problem(display, line, "", finding.message))
    return problems


def title_problems(title: str, source: str, display: str) -> list[Problem]:
    """A page title (from front matter, the nav or the page's first heading) as the browser finally reads it.

    Material prints titles through `striptags`, which decodes character references: a heading written
    as `# A &lt;/title&gt;&lt;script&gt;` would become live markup in the page's <title>.
    """
    if not re.search("[<>]", decoded(title)):
        return []
    front, body, body_line = front_matter_block(source)
    # Where the title was written: the front matter's `title:` (it wins), else the first # heading.
    line = next((n for n, text in enumerate((front or "").splitlines(), start=2) if text.startswith("title:")), 0)
    first = next((h for h in headings(body) if h.level == 1), None)
    if not line and first is not None:
        line = first.number + body_line - 1
    return [Problem(display, line, "title", "the page title may not contain < or >, typed or as character references such as &lt;")]


def model_page_problems(site, checked: Mapping[str, Page]) -> list[Problem]:
    """Each decision model names the page that shows it; the helper links to rules there (#rule-r01),
    so that page must really call decision_table with the model's id."""
    problems = []
    sources = {id(obj): source for source, obj in site.loaded}
    for table_id, model in site.tables.items():
        page = checked.get(model.page)
        if page is None or any(c.name == "decision_table" and c.args == (table_id,) for c in page.calls):
            continue  # a missing page is reported by the loader
        where = sources.get(id(model))
        message = f'docs/{model.page} does not show this model: add {{{{ decision_table("{table_id}") }}}} to it (with render_macros: true), or name the page that has it'
        problems.append(where.problem(("page",), message) if where else Problem(f"data/tables/{table_id}.yml", 0, "page", message))
    return problems


def raise_problems(problems: list[Problem]) -> None:
    if problems:
        raise PageError(problems)
