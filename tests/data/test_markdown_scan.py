"""The shared Markdown scanner reads pages as the build does: front matter as MkDocs splits it, headings and ids as
Python-Markdown makes them, code fences skipped, inline links found."""

from __future__ import annotations

import re

import markdown
import pytest
import yaml
from mkdocs.utils import meta

from macros import markdown_scan as scan

PAGE = """\
# The first hours {: #first }

Some text with [a link](respond/records.md#where "Records") and ![an image](img/a.png).

## What *not* to say

```python
# a comment, not a heading
## nor this [link](nowhere.md)
```

~~~~
```
## inside a longer tilde fence, still code
~~~~

### Keep `records` short ###

## A class and an id {: .wide #kept }

#### Plain `<b>` words & more
"""


def built_ids(text: str) -> list[str]:
    """The heading ids Python-Markdown itself writes, with the extensions the site uses."""
    html = markdown.markdown(text, extensions=["toc", "attr_list", "pymdownx.superfences"])
    return re.findall(r"<h[1-6][^>]* id=\"([^\"]+)\"", html)


def test_heading_ids_match_what_python_markdown_writes():
    """Every id the scanner predicts is one the converter writes, and none is missed."""
    assert scan.heading_ids(PAGE) == set(built_ids(PAGE))
    assert scan.heading_ids(PAGE) == {"first", "what-not-to-say", "keep-records-short", "kept", "plain-b-words-more"}


def test_headings_keep_level_text_and_line():
    """Hashes, closing hashes and the attribute list are not part of the text; code fences hide their lines."""
    found = [(h.number, h.level, h.text, h.explicit_id) for h in scan.headings(PAGE)]
    assert found == [
        (1, 1, "The first hours", "first"),
        (5, 2, "What *not* to say", None),
        (17, 3, "Keep `records` short", None),
        (19, 2, "A class and an id", "kept"),
        (21, 4, "Plain `<b>` words & more", None),
    ]


def test_a_fence_closes_only_with_its_own_character_at_least_as_long():
    """A shorter run or the other fence character inside a block is code, not the end of it."""
    text = "````\n```\n# still code\n````\n# heading\n"
    assert [(line.number, line.code) for line in scan.lines(text)] == [(1, True), (2, True), (3, True), (4, True), (5, False)]
    assert [h.text for h in scan.headings("  ```\n# code in an indented fence\n  ```\n# after\n")] == ["after"]


def test_a_line_that_is_not_a_heading():
    """Seven hashes, or a hash inside a line, make no heading."""
    assert scan.heading("just text # with a hash") is None
    assert scan.heading("####### seven") is not None and scan.heading("####### seven").level == 6
    assert scan.heading("") is None


def test_title_is_the_first_top_level_heading():
    """The page title a link shows: the first # heading, None when there is none."""
    assert scan.title(PAGE) == "The first hours"
    assert scan.title("## Only a section\n") is None
    assert scan.title("```\n# in code\n```\n\n# Real\n") == "Real"


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: A\nrender_macros: true\n---\n\n# Body\n",
        "---  \nlast_reviewed: 2026-11-26\n...\n# Body\n",
        "---\n- a list\n---\n# Body\n",
        "# No front matter\n---\nnot: front matter\n---\n",
        "---\ntitle: unterminated\n# Body\n",
    ],
)
def test_front_matter_splits_where_mkdocs_splits(text):
    """Same mapping and same body as MkDocs' own reader, including front matter that is not a mapping."""
    body, data = meta.get_data(text)
    assert scan.split_front_matter(text) == (data, body)


def test_front_matter_pattern_is_mkdocs_own():
    """Tripwire: the scanner carries a copy of MkDocs' pattern; a new MkDocs with another one must be looked at."""
    assert scan.FRONT_MATTER.pattern == meta.YAML_RE.pattern


def test_broken_front_matter_is_an_error_not_an_empty_page():
    """Broken YAML is raised (MkDocs would quietly drop it), so the caller can name the page."""
    with pytest.raises(yaml.YAMLError):
        scan.split_front_matter("---\ntitle: [unclosed\n---\n# Body\n")


def test_replace_links_changes_targets_and_keeps_text_and_titles():
    """Links and images both; the link text may hold brackets; the title stays."""
    line = 'See [the [2025] code](a.md#x "Title") and ![chart](img/c.png), not [text] alone.'
    out = scan.replace_links(line, lambda target: "../" + target)
    assert out == 'See [the [2025] code](../a.md#x "Title") and ![chart](../img/c.png), not [text] alone.'


def test_unlink_keeps_only_the_link_text():
    assert scan.unlink("Read [the records page](respond/records.md) first.") == "Read the records page first."


def test_front_matter_block_gives_the_yaml_and_where_the_body_starts():
    """The page checks parse the YAML themselves with line numbers, so they need its text and the body's first line."""
    assert scan.front_matter_block("---\ntitle: A\nsearch:\n  boost: 2\n---\n# Body\n") == ("title: A\nsearch:\n  boost: 2\n", "# Body\n", 6)
    assert scan.front_matter_block("# No front matter\n") == (None, "# No front matter\n", 1)


def test_a_byte_order_mark_does_not_hide_front_matter():
    """MkDocs reads pages as utf-8-sig, so a page saved with a BOM still has its front matter."""
    assert scan.split_front_matter("\ufeff---\nrender_macros: true\n---\n# T\n") == ({"render_macros": True}, "# T\n")
    assert scan.front_matter_block("\ufeff# T\n") == (None, "# T\n", 1)
