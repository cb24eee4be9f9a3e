"""Material's script waits for the reader's first move: the tag swap, its failure modes, and its CSS fallback."""

from __future__ import annotations

import pytest

from macros.lazyjs import BUNDLE_TAG, BundleNotFound, deferred_bundle, lazy_bundle

TAG = '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
PAGE = f'<html class="no-js"><body><p>Text</p>{TAG}<script src="../assets/helper.js"></script></body></html>'


def test_the_bundle_tag_becomes_the_loader_with_the_same_address():
    out = lazy_bundle(PAGE, "x.md")
    assert TAG not in out and not BUNDLE_TAG.search(out)
    assert "script.src = src" in out
    assert deferred_bundle(out) == "../assets/javascripts/bundle.a5f9d56c.min.js"
    assert deferred_bundle(PAGE) is None
    # Everything else on the page is untouched, other scripts included, in the same order.
    assert out.startswith('<html class="no-js"><body><p>Text</p><script>')
    assert out.endswith('<script src="../assets/helper.js"></script></body></html>')


@pytest.mark.parametrize("count", [0, 2])
def test_no_bundle_tag_or_two_of_them_stops_the_build(count):
    page = "<body>" + TAG * count + "</body>"
    with pytest.raises(BundleNotFound, match=rf"docs/x.md: expected one Material bundle <script> tag, found {count}"):
        lazy_bundle(page, "docs/x.md")


def test_a_deferred_or_otherwise_changed_tag_is_not_silently_kept():
    """If Material ever writes its tag differently, the build says so instead of shipping the bundle eagerly."""
    with pytest.raises(BundleNotFound):
        lazy_bundle(TAG.replace("<script src", "<script defer src"), "x.md")
