"""Link previews: every page and every short link carries OpenGraph and Twitter tags, and their images are real."""

from __future__ import annotations

import struct

from macros.previews import HEIGHT, KINDS, WIDTH, draw_card, page_kind

MAX_BYTES = 100_000


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk, with the signature checked."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def test_each_page_kind_draws_a_distinct_card_offline():
    """Cards are drawn from local fonts only, at 1200x630, and differ by kind."""
    cards = {slug: draw_card(kind, "A site name long enough to wrap onto a second line of the card") for slug, kind in KINDS.items()}
    assert all(png_size(c) == (WIDTH, HEIGHT) for c in cards.values())
    assert len(set(cards.values())) == len(KINDS)
    assert all(len(c) < MAX_BYTES for c in cards.values())


def test_page_kinds_follow_the_site_sections():
    """How-to guides, scenarios and training pages each get their own card."""
    assert page_kind("respond/first-24-hours.md").slug == "how-to"
    assert page_kind("scenarios/sponsor-asks-what-client-said.md").slug == "scenario"
    assert page_kind("training/modules/safety-first.md").slug == "training"
    assert page_kind("helper.md").slug == "helper"
    assert page_kind("index.md").slug == "home"
