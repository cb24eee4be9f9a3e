"""The stash swaps generated HTML back only where a macro call stood alone (attack review, issue 10)."""

from __future__ import annotations

import markdown
import pytest

from macros.swap import MisplacedBlock, Stash


def converted(stash: Stash, page_markdown: str) -> str:
    return markdown.markdown(page_markdown, extensions=["md_in_html", "attr_list"])


def test_a_call_on_its_own_line_is_restored_with_its_ids():
    stash = Stash()
    hidden = stash.hide("p.md", '<table id="t1"><tr><td>x</td></tr></table>')
    html, ids = stash.restore("p.md", converted(stash, f"Intro.\n\n{hidden}\n\nOutro.\n"))
    assert '<table id="t1">' in html and ids == {"t1"} and "generated-block" not in html


def test_a_marker_inside_an_attribute_is_refused_not_restored():
    """Generated HTML in an attribute would end it early: an apostrophe in YAML text became an attribute."""
    stash = Stash()
    hidden = stash.hide("p.md", "<p>Sofia's onmouseover=alert(7) x</p>")
    with pytest.raises(MisplacedBlock) as info:
        stash.restore("p.md", converted(stash, f"<div class='{hidden}'>Hover</div>\n"))
    assert "put each macro call on a line of its own" in str(info.value)


def test_a_forged_marker_pulls_nothing_in():
    """Markers carry a key made per build, so a page cannot name a block by number."""
    stash = Stash()
    stash.hide("p.md", "<p>secret block</p>")
    page = "<!--generated-block-0-->\n\n<!--generated-block-999-->\n"
    html, _ = stash.restore("p.md", converted(stash, page))
    assert "secret block" not in html
    assert Stash()._key != stash._key
