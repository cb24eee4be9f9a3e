"""Search answers the safety questions: every safety query of the benchmark finds its page in the top three."""

from __future__ import annotations

import pytest

from tools.bench_search import load_queries, report, run

pytestmark = pytest.mark.browser


def test_every_safety_query_finds_its_page_in_the_top_three(built_site, chromium):
    """Risk and the law come first: a coach typing police, suicide or insider reaches the right page (make bench-search has the rest)."""
    safety = [q for q in load_queries() if q.get("safety")]
    assert len(safety) >= 5
    outcomes = run(built_site, safety, chromium)
    misses = [o for o in outcomes if not o.hit]
    assert not misses, report(outcomes)
