"""Print the handbook and the training handouts to PDF with headless Chromium: `python tools/pdf.py [SITE] [OUT]`.

Reads a built site (`make build` writes site/) and prints each page with the
site's own print stylesheet, so the PDFs match what a trainer gets from the
browser's print command.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SITE = ROOT / "site"
DEFAULT_OUT = ROOT / "dist" / "pdf"
sys.path.insert(0, str(ROOT))

from tools.localsite import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

FOOTER = (
    '<div style="width:100%;font-size:8px;color:#555;padding:0 14mm;display:flex;justify-content:space-between;">'
    '<span>{title}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
)


@dataclass(frozen=True)
class Document:
    """One PDF: the site page it prints and the name it is saved under."""

    name: str
    page: str
    title: str


DOCUMENTS = [
    Document("handbook", "training/handouts/handbook/", "When a client breaks confidentiality: the handbook"),
    Document("first-24-hours", "respond/first-24-hours/", "The first 24 hours"),
    Document("decision-table", "training/handouts/decision-table/", "The decision model on one sheet"),
    Document("scenario-cards", "training/handouts/scenario-cards/", "Scenario cards"),
    Document("role-play-cards", "training/handouts/role-play-cards/", "Role-play cards"),
    Document("facilitator-guide", "training/facilitator/", "Facilitator guide: session plan"),
    Document("facilitator-run-sheets", "training/facilitator/run-sheets/", "Facilitator guide: run sheets"),
    Document("facilitator-answers", "training/facilitator/answers/", "Facilitator's copy with answers"),
]


# Paper sizes, by the suffix of the file name. The site's print stylesheet leaves the size to the
# printer; each PDF states it, keeping the one-page decision table's landscape sheet.
PAPER = {"a4": "A4", "letter": "Letter"}


def pdf_name(doc: Document, paper: str) -> str:
    return f"{doc.name}-{paper}.pdf"


def make_pdfs(
    site_dir: Path = DEFAULT_SITE,
    out_dir: Path = DEFAULT_OUT,
    documents: list[Document] = DOCUMENTS,
    browser=None,
    papers: dict[str, str] = PAPER,
) -> list[Path]:
    """Print every document on every paper size from the built site into out_dir; returns the PDF paths in order.

    Pass a running Playwright browser to reuse it (Playwright allows one sync session per thread).
    """
    missing = [d.page for d in documents if not (site_dir / d.page / "index.html").is_file()]
    if missing:
        raise FileNotFoundError(f"not in the built site {site_dir}: {', '.join(missing)}; run `make build` first")
    out_dir.mkdir(parents=True, exist_ok=True)
    if browser is not None:
        return _print_all(browser, site_dir, out_dir, documents, papers)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        own = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            return _print_all(own, site_dir, out_dir, documents, papers)
        finally:
            own.close()


def _print_all(browser, site_dir: Path, out_dir: Path, documents: list[Document], papers: dict[str, str]) -> list[Path]:
    written = []
    context = browser.new_context()
    try:
        page = context.new_page()
        page.emulate_media(media="print")
        for doc, (paper, size) in ((d, p) for d in documents for p in papers.items()):
            page.goto((site_dir / doc.page / "index.html").as_uri(), wait_until="load")
            # Collapsed sections (each rule's full response) print open; Material's script, which
            # would open them, waits for a reader's first move (macros/lazyjs.py).
            page.evaluate("document.querySelectorAll('details:not([open])').forEach(d => { d.open = true; })")
            page.add_style_tag(content=f"@page {{ size: {size}; }} @page table-handout {{ size: {size} landscape; }}")
            target = out_dir / pdf_name(doc, paper)
            page.pdf(
                path=str(target),
                prefer_css_page_size=True,
                print_background=True,
                display_header_footer=True,
                header_template="<div></div>",
                footer_template=FOOTER.format(title=doc.title),
                tagged=True,
                outline=True,
            )
            written.append(target)
    finally:
        context.close()
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    site_dir = Path(args[0]) if args else DEFAULT_SITE
    out_dir = Path(args[1]) if len(args) > 1 else DEFAULT_OUT
    try:
        paths = make_pdfs(site_dir, out_dir)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 1
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
