"""Hostile-page reproductions: each case copies the project, writes files, builds strictly, and greps the output.

Run: .venv/bin/python tools/attack/harness.py [case ...]   (no args: all cases)
Each case prints: exit code, the last lines of the build log, and the offending snippet if it was published.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tools.project import copy_project  # noqa: E402

SCRATCH = Path(os.environ.get("ATTACK_DIR", "/tmp/attack"))
PY = str(ROOT / ".venv/bin/python")


def build(case: str, files: dict[str, str | bytes], grep: str | None = None, where: str = "", timeout: int = 120, setup=None) -> None:
    dest = SCRATCH / case
    shutil.rmtree(dest, ignore_errors=True)
    copy_project(dest)
    for rel, content in files.items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    if setup:
        setup(dest)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    start = time.time()
    try:
        import resource

        def _limit():
            # Cap memory at 2 GB so a case that reads forever fails here instead of starving the machine.
            resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

        run = subprocess.run([PY, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest / "site")], cwd=dest, env=env,
                             capture_output=True, text=True, timeout=timeout, preexec_fn=_limit)
        rc, log = str(run.returncode), run.stdout + run.stderr
    except subprocess.TimeoutExpired:
        rc, log = "TIMEOUT", ""
    took = time.time() - start
    print(f"=== {case}: exit {rc} in {took:.1f}s")
    tail = [line for line in log.splitlines() if "INFO" not in line and not line.startswith("  - ")][-12:]
    print("\n".join("   | " + line[:300] for line in tail))
    if grep and rc == "0":
        hits = []
        for html in (dest / "site").rglob(where or "*.html"):
            if not html.is_file():
                continue
            text = html.read_text(encoding="utf-8", errors="replace")
            for m in re.finditer(grep, text):
                hits.append(f"{html.relative_to(dest / 'site')}: ...{text[max(0, m.start() - 80):m.end() + 80]}...")
        print("   PUBLISHED:" if hits else "   not found in output")
        for h in hits[:4]:
            print("   > " + h.replace("\n", "\\n")[:400])


def page(path: str, extra: str) -> str:
    """An existing page with text appended."""
    return (ROOT / path).read_text(encoding="utf-8") + "\n\n" + extra + "\n"


CASES: dict[str, Callable[[], None]] = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn

REC = "docs/respond/records.md"
TRAIN = "docs/training/index.md"
XSS = "<img src=x onerror=alert(document.domain)>"


@case
def handbook_indented_code():
    # Safe on its own page (an indented code block is escaped text); the handbook stashes the chunk as raw HTML.
    build("handbook_indented_code", {REC: page(REC, f"What a hostile paste looks like:\n\n    {XSS}")}, grep=r"<img src=x onerror")


@case
def handbook_inline_code():
    build("handbook_inline_code", {REC: page(REC, f"<b>Note</b> never paste `{XSS}` into notes.")}, grep=r"<img src=x onerror")


@case
def handbook_backslash():
    build("handbook_backslash", {REC: page(REC, f"<i>Careful</i> with \\{XSS} in notes.")}, grep=r"<img src=x onerror")


@case
def handbook_recursion():
    text = (ROOT / REC).read_text(encoding="utf-8").replace("---\n", "---\nrender_macros: true\n", 1)
    build("handbook_recursion", {REC: text + "\n{{ handbook() }}\n"})


@case
def bom_front_matter():
    # A page the handbook leaves out (the handbook would show the front matter as text and refuse it).
    text = (ROOT / TRAIN).read_text(encoding="utf-8").replace(
        "---\n", "---\nsubtitle: '<img src=x onerror=alert(1)>'\nstatus: 'x\"><img src=y onerror=alert(2)>'\n", 1)
    build("bom_front_matter", {TRAIN: b"\xef\xbb\xbf" + text.encode()}, grep=r"<img src=[xy] onerror")


@case
def no_bom_front_matter_refused():
    text = (ROOT / REC).read_text(encoding="utf-8").replace("---\n", "---\nsubtitle: 'hello'\n", 1)
    build("no_bom_front_matter_refused", {REC: text})


@case
def static_html_in_docs():
    build("static_html_in_docs", {"docs/evil.html": f"<html><body>{XSS}<script>alert(1)</script></body></html>"}, grep=r"<script>alert", where="evil.html")


def _links(dest):
    os.symlink("/etc/passwd", dest / "docs/passwd.txt")
    os.symlink("/etc/hostname", dest / "docs/hostname.md")


@case
def symlinks_in_docs():
    build("symlinks_in_docs", {}, setup=_links, grep=r"root:x:0", where="*")


@case
def cdata_differential():
    build("cdata_differential", {REC: page(REC, f"<![CDATA[ > {XSS} ]]>")}, grep=r"<img src=x onerror")


@case
def comment_bang_differential():
    build("comment_bang_differential", {REC: page(REC, f"<!-- a --!> {XSS} -->")}, grep=r"<img src=x onerror")


@case
def comment_empty_differential():
    build("comment_empty_differential", {REC: page(REC, f"<!--> {XSS} -->")}, grep=r"<img src=x onerror")


@case
def bom_ssti():
    # MkDocs reads pages as utf-8-sig, macros/pages.py as utf-8: with a BOM the front matter is never checked.
    # render_macros: 1 is `== True` for the macros plugin but not `is True` for the plugin's second check.
    text = (ROOT / TRAIN).read_text(encoding="utf-8").replace("render_macros: true", "render_macros: 1")
    text += "\n\nBuilt by: {{ cycler.__init__.__globals__.os.popen('id; head -1 /etc/passwd').read() }}\n"
    build("bom_ssti", {TRAIN: b"\xef\xbb\xbf" + text.encode()}, grep=r"uid=\d+|root:x:0")


@case
def bom_ssti_without_bom_refused():
    text = (ROOT / TRAIN).read_text(encoding="utf-8").replace("render_macros: true", "render_macros: 1")
    text += "\n\nBuilt by: {{ cycler.__init__.__globals__.os.popen('id').read() }}\n"
    build("bom_ssti_without_bom_refused", {TRAIN: text}, grep=r"uid=\d+")


@case
def entity_text():
    # Escaped text is inert in the page; does the search index, toc, or a preview decode it back into markup?
    extra = ("Text &lt;img src=x onerror=alert(11)&gt; here and `<img src=x onerror=alert(14)>` in code.\n\n"
             "## Heading &lt;img src=x onerror=alert(12)&gt;\n\nMore.\n\n"
             "## Label { data-toc-label=\"&lt;img src=x onerror=alert(13)&gt;\" }\n\nEnd.")
    sc = (ROOT / "scenarios/overheard-at-the-break.yml").read_text(encoding="utf-8").replace(
        "title: Overheard at the coffee break", "title: Overheard &lt;img src=x onerror=alert(16)&gt; break")
    build("entity_text", {REC: page(REC, extra), "scenarios/overheard-at-the-break.yml": sc}, grep=r"<img src=x onerror", where="*")


def _records_body() -> str:
    return (ROOT / REC).read_text(encoding="utf-8").split("---\n", 2)[2]


@case
def handbook_fm_dots():
    # Front matter closed by `...` (MkDocs and pages.py accept it); the handbook's own regex reads on to the next `---`.
    text = (ROOT / REC).read_text(encoding="utf-8").replace("\n---\n", "\n...\n", 1) + "\n---\n\nAfter a rule.\n"
    build("handbook_fm_dots", {REC: text})


@case
def handbook_fm_nbsp():
    # `---` + no-break space: not front matter for MkDocs or pages.py (shown as text), front matter for the handbook.
    build("handbook_fm_nbsp", {REC: "---\u00a0\n- a list, not a mapping\n---\n" + _records_body()})


@case
def handbook_fm_nbsp_yaml_error():
    build("handbook_fm_nbsp_yaml_error", {REC: "---\u00a0\nkey: [unclosed\n---\n" + _records_body()})


@case
def deep_blockquote():
    build("deep_blockquote", {REC: page(REC, ">" * 3000 + " deep")})


@case
def deep_list():
    build("deep_list", {REC: page(REC, "\n".join("  " * i + "- x" for i in range(400)))}, timeout=300)


@case
def deep_jinja():
    build("deep_jinja", {TRAIN: page(TRAIN, "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}")})


@case
def deep_html():
    build("deep_html", {REC: page(REC, "<div>" * 20000 + "x" + "</div>" * 20000)}, timeout=300)


@case
def big_page():
    build("big_page", {REC: page(REC, ("A plain sentence of prose about records and notes. " * 20 + "\n\n") * 5000)}, timeout=600)


SC = "scenarios/overheard-at-the-break.yml"


@case
def yaml_offsite_image():
    # Markdown text from YAML may hold an https image: text.py allows https for src as for href,
    # and generated pages (and macro output restored after the audit) are never audited.
    text = (ROOT / SC).read_text(encoding="utf-8").replace(
        "situation: |\n", "situation: |\n  ![](https://tracker.example/pixel.png)\n\n", 1)
    build("yaml_offsite_image", {SC: text}, grep=r"<img[^>]*tracker\.example")


@case
def marker_in_attribute():
    # A macro call inside an attribute value: the audit sees the marker comment as the attribute's text; the stash
    # then restores generated HTML there, and an apostrophe in YAML text ends the value early.
    sc = (ROOT / SC).read_text(encoding="utf-8").replace(
        "situation: |\n  Sofia is", "situation: |\n  Sofia's onmouseover=alert(7) tabindex=0 x. Sofia is", 1)
    extra = "<div class='{{ scenario_page(\"overheard-at-the-break\") }}'>Hover here</div>"
    build("marker_in_attribute", {SC: sc, TRAIN: page(TRAIN, extra)}, grep=r"onmouseover=alert\(7\)", where="training/index.html")


@case
def forged_marker():
    # The reserved-marker check reads the raw body; a Jinja comment inside it is removed only when the page renders.
    build("forged_marker", {TRAIN: page(TRAIN, "<!--generated{# #}-block-999-->")})


@case
def hostile_filename():
    name = "docs/respond/x'\"><img src=x onerror=alert(9)>.md"
    build("hostile_filename", {name: "# A plain title\n\nText.\n"}, grep=r"<img src=x onerror=alert\(9\)", where="*")


@case
def new_page_entity_h1():
    build("new_page_entity_h1", {"docs/respond/new.md": "# A &amp;lt;img src=x onerror=alert(1)&amp;gt; title\n\nText.\n"})


@case
def non_utf8_page():
    build("non_utf8_page", {"docs/respond/latin.md": b"# Caf\xe9\n\nText.\n"})


@case
def comment_dash_differential():
    build("comment_dash_differential", {REC: page(REC, f"<!---> {XSS} -->")}, grep=r"<img src=x onerror")


@case
def cdata_inline():
    build("cdata_inline", {REC: page(REC, f"Some text <![CDATA[ > {XSS} ]]> more text.")}, grep=r"<img src=x onerror")


@case
def table_alignment():
    # Not an attack: an ordinary aligned Markdown table, to see whether the audit refuses legitimate content.
    build("table_alignment", {REC: page(REC, "| A | B |\n|:--|--:|\n| 1 | 2 |")})


@case
def print_address_injection():
    # publish.print_addresses adds data-print before the first `>` of each <a ...> by regex; a `>` inside a
    # quoted class value (never checked) ends the tag there, and the rest of the value becomes live markup.
    extra = f'<div><a href="https://example.org/" class="x>{XSS}">a link</a></div>'
    build("print_address_injection", {REC: page(REC, extra)}, grep=r"data-print=\"example.org\"><img src=x onerror", where="respond/records/index.html")


@case
def many_findings():
    # Each refused attribute is looked for line by line in the source; `style` from an aligned table is in no line,
    # so every finding scans the whole page: findings x lines.
    rows = int(os.environ.get("ROWS", "8000"))
    table = "| A | B |\n|:--|--:|\n" + "\n".join(f"| {i} | {i} |" for i in range(rows))
    build("many_findings", {REC: page(REC, table)}, timeout=1200)


@case
def symlink_dev_zero():
    build("symlink_dev_zero", {}, setup=lambda dest: os.symlink("/dev/zero", dest / "docs/zero.md"), timeout=120)


@case
def toc_tooltip():
    # A long heading whose toc entry is cut off: does Material's tooltip show its text as HTML?
    extra = ("## A very long heading about keeping records of every single conversation &lt;img src=x onerror=alert(21)&gt; "
             "that goes on and on\n\nText.")
    build("toc_tooltip", {REC: page(REC, extra)})


@case
def symlink_yaml_refused():
    def setup(dest):
        os.symlink("/etc/passwd", dest / "scenarios/passwd.yml")
    build("symlink_yaml_refused", {}, setup=setup)


@case
def yaml_template_text():
    text = (ROOT / SC).read_text(encoding="utf-8").replace("situation: |\n  Sofia is", "situation: |\n  {{ 7*7 }} {% raw %} Sofia is", 1)
    build("yaml_template_text", {SC: text}, grep=r"\b49\b.{0,20}Sofia|\{\{ 7\*7", where="scenarios/overheard-at-the-break/index.html")


@case
def marked_section_if():
    # Python's parser reads `<![if ...]>` to `]>`; browsers end a bogus comment at the first `>`.
    build("marked_section_if", {REC: page(REC, f"<![if a > {XSS} ]>")}, grep=r"<img src=x onerror")


# Minutes each, or memory-hungry: run by name.
SLOW = {"deep_html", "big_page", "many_findings", "deep_list", "symlink_dev_zero"}

if __name__ == "__main__":
    for name in sys.argv[1:] or [c for c in CASES if c not in SLOW]:
        CASES[name]()
