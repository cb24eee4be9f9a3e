"""Search in coaches' words: Material's search, tuned from data/search.yml.

Coaches type "insider", "subpoena", "sponser"; the pages say "inside information", "a court
order", "sponsor". Rather than rewrite pages around search, data/search.yml gives pages
keywords (synonyms and the words coaches use), a boost for the pages a worried coach needs,
and the list of pages kept out of search because they repeat other pages (facilitator's
copies, run sheets, printable cards); those stay reachable through the navigation.

Keywords go into their own field of Material's search index, searched like the title and
text but never shown in results. For a few terms coaches mistype on phones, the index also
carries the usual slips (a letter dropped, two swapped, a wrong vowel), so a slip still
finds the page. Material has no typo tolerance of its own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints

from .checks import read_checked_file
from .errors import DataError, Problem, relative
from .model import Line, Strict

SEARCH_FILE = Path("data") / "search.yml"
INDEX_FILE = Path("search") / "search_index.json"
FIELD = "keywords"
TYPO_FIELD = "slips"
VOWELS = "aeiou"
Word = Annotated[str, StringConstraints(pattern=r"^[a-z]{4,}$")]


class PageTuning(Strict):
    """One page's search keywords and weight."""

    page: Line
    boost: Annotated[float, Field(gt=0, le=10)] | None = None
    keywords: list[Line] = []


class SearchTuning(Strict):
    """data/search.yml."""

    keyword_boost: Annotated[float, Field(gt=0, le=1_000_000)]
    typo_boost: Annotated[float, Field(gt=0, le=1_000_000)] = 10
    typo_terms: list[Word] = []
    exclude: list[Line] = []
    pages: list[PageTuning] = []


def load_tuning(root: Path, sources: set[str]) -> SearchTuning:
    """Read data/search.yml and check that every page it names exists; DataError names file, line, field."""
    root = Path(root)
    path = root / SEARCH_FILE
    display = relative(path, root)
    if not path.is_file():
        raise DataError([Problem(display, 0, "", "missing file; it lists search keywords and exclusions")])
    source, tuning = read_checked_file(path, root, SearchTuning)
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for key, pages in (("exclude", [(n, p) for n, p in enumerate(tuning.exclude)]), ("pages", [(n, p.page) for n, p in enumerate(tuning.pages)])):
        for n, page in pages:
            loc = (key, n) if key == "exclude" else (key, n, "page")
            if page not in sources:
                problems.append(source.problem(loc, f"no page docs/{page} (or generated page) to tune"))
            elif page in seen:
                problems.append(source.problem(loc, f"{page} is already tuned on line {seen[page]}"))
            else:
                seen[page] = source.line_of(loc)
    if problems:
        raise DataError(problems)
    return tuning


def typos(word: str) -> set[str]:
    """The slips a phone keyboard makes most after the first letter: one dropped, two neighbours swapped, a vowel for another."""
    out = set()
    # The first letter stays: slips there are rarer, and Material matches every typed word as a
    # prefix, so variants starting with other letters would answer unrelated short words.
    for i in range(1, len(word)):
        out.add(word[:i] + word[i + 1 :])
        if i + 1 < len(word):
            out.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
        if word[i] in VOWELS:
            out |= {word[:i] + v + word[i + 1 :] for v in VOWELS}
    out.discard(word)
    return {w for w in out if len(w) >= 4}


def page_meta(tuning: SearchTuning, src_uri: str) -> dict | None:
    """Material's own `search:` front matter for a page (exclude or boost), or None to leave it alone."""
    if src_uri in tuning.exclude:
        return {"exclude": True}
    for page in tuning.pages:
        if page.page == src_uri and page.boost:
            return {"boost": page.boost}
    return None


def page_keywords(tuning: SearchTuning, src_uri: str) -> tuple[str, str]:
    """The keyword text for one page, and the usual slips of its typo-prone keywords."""
    for page in tuning.pages:
        if page.page == src_uri:
            slips: set[str] = set()
            for term in tuning.typo_terms:
                if any(term in k.lower().split() for k in page.keywords):
                    slips |= typos(term)
            return " ".join(page.keywords), " ".join(sorted(slips))
    return "", ""


def tune_index(site_dir: Path, tuning: SearchTuning, urls: dict[str, str]) -> None:
    """Add the keyword fields and each page's keywords to the built index (urls maps source path to page URL)."""
    path = Path(site_dir) / INDEX_FILE
    index = json.loads(path.read_text(encoding="utf-8"))
    index["config"]["fields"][FIELD] = {"boost": tuning.keyword_boost}
    # Slips get a low weight of their own: Material matches every typed word as a prefix, so "i"
    # would otherwise pick the page with the most slips starting with i. A mistyped word matches
    # nothing else, so even a low weight puts its page first.
    index["config"]["fields"][TYPO_FIELD] = {"boost": tuning.typo_boost}
    by_location = {doc["location"]: doc for doc in index["docs"]}
    for page in tuning.pages:
        doc = by_location.get(urls.get(page.page, "\0"))
        if doc is not None and page.keywords:
            doc[FIELD], doc[TYPO_FIELD] = page_keywords(tuning, page.page)
    path.write_text(json.dumps(index, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
