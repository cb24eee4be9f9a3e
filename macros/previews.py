"""Link previews: one image per page kind, drawn at build time, and the tags that point at it.

Material's social plugin would draw a card per page, but it needs Cairo and fetches its fonts
from Google Fonts on the first build: a network request and an extra system library. Pillow
draws these cards offline with DejaVu Sans (fonts-dejavu-core on Debian and Ubuntu; ships
with most Linux images and GitHub's runners). One card per kind keeps the build quick and each
image cached by chat apps once.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from pathlib import Path

WIDTH, HEIGHT = 1200, 630
IMAGE_DIR = "assets/previews"
FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"), Path("/usr/local/share/fonts")]


@dataclass(frozen=True)
class Kind:
    """A kind of page: its label on the card and in the image's alt text, and its accent colour."""

    slug: str
    label: str
    line: str
    colour: tuple[int, int, int]


KINDS = {
    "home": Kind("home", "Start here", "What to do when a coaching client breaks confidentiality", (48, 63, 159)),
    "how-to": Kind("how-to", "How-to guide", "Clear next steps, grounded in the professional codes", (0, 105, 92)),
    "helper": Kind("helper", "Decision helper", "Answer a few questions, get the response the table gives", (106, 27, 154)),
    "scenario": Kind("scenario", "Case scenario", "A worked case with the decision table's verdict", (173, 20, 87)),
    "perspective": Kind("perspective", "Perspective", "A common view, what it gets right and where it falls short", (69, 90, 100)),
    "reference": Kind("reference", "Reference", "The decision table, the codes, sample clauses, the glossary", (21, 101, 192)),
    "training": Kind("training", "Training", "Modules, scenarios and handouts for a ready-to-teach course", (191, 54, 12)),
}


def page_kind(src_uri: str) -> Kind:
    """The kind of a page from where its source lives; anything unplanned falls back to the start page's card."""
    top = src_uri.split("/", 1)[0]
    if src_uri in ("index.md", ""):
        return KINDS["home"]
    if src_uri == "is-it-a-breach.md" or top == "respond":
        return KINDS["how-to"]
    if src_uri == "helper.md":
        return KINDS["helper"]
    if top in ("scenarios", "perspectives", "reference", "training"):
        return KINDS[{"scenarios": "scenario", "perspectives": "perspective"}.get(top, top)]
    return KINDS["home"]


def image_address(kind: Kind) -> str:
    return f"/{IMAGE_DIR}/{kind.slug}.png"


def alt_text(kind: Kind, site_name: str) -> str:
    return f"{kind.label}: {site_name}. {kind.line}."


@dataclass(frozen=True)
class Preview:
    """The values of one page's preview tags, unescaped; the template escapes them."""

    site_name: str
    type: str
    title: str
    description: str
    url: str
    image: str
    alt: str
    width: int = WIDTH
    height: int = HEIGHT


def absolute(site_url: str, address: str) -> str:
    """A site-relative address (/x/) under the published site_url, as previews require."""
    return site_url.rstrip("/") + "/" + address.lstrip("/")


def page_preview(site_name: str, site_url: str, src_uri: str, address: str, title: str, description: str) -> Preview:
    kind = page_kind(src_uri)
    return Preview(
        site_name=site_name,
        type="website" if address == "/" else "article",
        title=html.unescape(title),
        description=html.unescape(description),
        url=absolute(site_url, address),
        image=absolute(site_url, image_address(kind)),
        alt=alt_text(kind, site_name),
    )


def _font(bold: bool, size: int):
    from PIL import ImageFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        if (folder / name).is_file():
            return ImageFont.truetype(str(folder / name), size)
    raise FileNotFoundError(
        f"{name} not found in {', '.join(map(str, FONT_DIRS))}: install the DejaVu fonts "
        "(Debian/Ubuntu: apt-get install fonts-dejavu-core) so link-preview images can be drawn offline"
    )


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    return lines + ([line] if line else [])


def draw_card(kind: Kind, site_name: str) -> bytes:
    """One 1200x630 PNG: a colour band with the kind, the site's name, and what pages of this kind hold."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 150), fill=kind.colour)
    draw.text((72, 48), kind.label.upper(), font=_font(True, 44), fill=(255, 255, 255))
    y = 200
    for line in _wrap(draw, site_name, _font(True, 68), WIDTH - 144):
        draw.text((72, y), line, font=_font(True, 68), fill=(33, 33, 33))
        y += 84
    y += 24
    for line in _wrap(draw, kind.line, _font(False, 38), WIDTH - 144):
        draw.text((72, y), line, font=_font(False, 38), fill=(66, 66, 66))
        y += 52
    draw.rectangle((72, HEIGHT - 72, 312, HEIGHT - 64), fill=kind.colour)
    # Flat colours compress well: each card stays far under 100 KB without a slow palette reduction.
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def write_cards(site_dir: Path, site_name: str) -> list[Path]:
    """Draw every kind's card into the built site; returns the files written."""
    folder = Path(site_dir) / IMAGE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS.values():
        path = folder / f"{kind.slug}.png"
        path.write_bytes(draw_card(kind, site_name))
        written.append(path)
    return written


def render_short_links(links, site_url: str, here: str) -> str:
    """The table of short links for email writers: the full address to paste, what it opens, when to use it."""
    from .registry import address_href, short_address
    from .render import environment

    rows = [
        {
            "name": s.name,
            "full": absolute(site_url, short_address(s)),
            "href": address_href(here, short_address(s)),
            "title": s.title,
            "use": s.use,
        }
        for s in links.short_links
    ]
    return environment().get_template("short_links.html").render(links=rows)
