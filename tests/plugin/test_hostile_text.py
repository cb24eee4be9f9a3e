"""Every text field of every data file, filled with hostile payloads: the built HTML runs nothing from data.

The fields are found by walking the loaded models (introspection), not listed by hand, so a field
added or renamed on any model is covered without touching this test.
"""

from __future__ import annotations

import copy
import html
import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from macros.schema import SCHEMAS
from macros.source import read_source
from tests.builds import build_in_process
from tests.paths import ROOT
from tools.project import copy_project

pytestmark = pytest.mark.build

# {m} is a marker unique to the field and payload, so the test can tell the payload was published.
PAYLOADS = [
    "{m} <script>alert(1)</script>",
    "{m} <img src=x onerror=alert(1)>",
    '{m} <a href="vbscript:msgbox(1)">v</a>',
    "{m} [j](javascript:alert(1))",
    "{m} [j](&#106;avascript:alert(1))",
    "{m} [j](&#x6A;avascript:alert(1))",
    "{m} [j](java&Tab;script:alert(1))",
    "{m} [j](javascript&colon;alert(1))",
    "{m} [j](VBScript:msgbox(1))",
    "{m} ![d](data:image/svg+xml;base64,PHN2Zz4=)",
    "{m} ![d](d&#97;ta:text/html,x)",
    "{m} [r][ref]\n\n[ref]: &#x6A;avascript:alert(1)",
    '{m} [t](https://example.org "<img src=x onerror=alert(1)>")',
    '{m} [t](https://example.org "&lt;img src=x onerror=alert(1)&gt;")',
    '{m} " onmouseover="alert(1)',
    "{m} {{ 7*7 }} {% raw %}",
    '{m} x {: onclick="alert(1)" }',
    "{m} &lt;script&gt;alert(1)&lt;/script&gt;",
    "{m} <javascript:alert(1)>",
]
# Fields read by the build but never printed, each with the reason; every other field must show its payload.
NOT_PUBLISHED = {
    "Course.title": "the course pages carry headings written in docs/training/",
    "Quiz.title": "the quiz page's heading is written in docs/training/quiz.md",
    "Term.forms": "forms are the words the glossary tooltip attaches to, matched in page text, never inserted",
}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRS = {"href", "src", "action", "formaction", "poster", "xlink:href", "background", "srcset"}
_STRIP = re.compile(r"[\x00-\x20\x7f-\x9f]+")

# Every kind of data file: where it lives and the model that reads it (the same map `make schema` uses).
KINDS = {
    "scenario.schema.json": "scenarios/*.yml",
    "decision-table.schema.json": "data/tables/*.yml",
    "perspectives.schema.json": "data/perspectives.yml",
    "standards.schema.json": "data/standards.yml",
    "glossary.schema.json": "data/glossary.yml",
    "course.schema.json": "data/course.yml",
    "quiz.schema.json": "data/quiz.yml",
}


def string_leaves(obj, loc: tuple = (), owner: str = "", name: str = ""):
    """(field key, location) of every string in a loaded model; the key is model class and field name."""
    if isinstance(obj, BaseModel):
        for field in type(obj).model_fields:
            yield from string_leaves(getattr(obj, field), loc + (field,), type(obj).__name__, field)
    elif isinstance(obj, (list, tuple)):
        for n, item in enumerate(obj):
            yield from string_leaves(item, loc + (n,), owner, name)
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from string_leaves(item, loc + (key,), owner, name)
    elif isinstance(obj, str):
        yield f"{owner}.{name}", loc


def put(data, loc: tuple, value):
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value


class Audit(HTMLParser):
    """Collects everything in a page that could run script or show markup from a tooltip."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(f"{self.page}: <{tag} {name}=...>")
            if name in URL_ATTRS:
                # The parser already decoded character references, as a browser does.
                cleaned = _STRIP.sub("", html.unescape(value)).lower()
                if cleaned.startswith(BAD_SCHEMES):
                    self.found.append(f"{self.page}: <{tag} {name}={value[:60]!r}>")
            if name == "title" and re.search(r"[<>]", value):
                self.found.append(f"{self.page}: <{tag} title={value[:60]!r}> holds markup")
        self.in_script = tag == "script"

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script and ("alert(" in data or "msgbox(" in data):
            self.found.append(f"{self.page}: script element holds data text {data[:60]!r}")


def audit(site: Path) -> tuple[list[str], str]:
    found: list[str] = []
    texts = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        texts.append(text)
        parser = Audit(page.relative_to(site).as_posix())
        parser.feed(text)
        found += parser.found
    return found, "\n".join(texts)


def _load_all():
    """Every data file with its model class, raw data and loaded model."""
    files = []
    for schema, pattern in KINDS.items():
        model = SCHEMAS[schema]
        for path in sorted(ROOT.glob(pattern)):
            source, problems = read_source(path, path.relative_to(ROOT).as_posix())
            assert not problems, problems
            files.append((path.relative_to(ROOT).as_posix(), model, source.data, model.model_validate(source.data)))
    return files


def _accepts(model, data, loc, value) -> bool:
    trial = copy.deepcopy(data)
    put(trial, loc, value)
    try:
        model.model_validate(trial)
    except ValidationError:
        return False
    return True


def plan():
    """Which payloads each kind of field accepts, grouped into as few builds as the fields' occurrences allow."""
    files = _load_all()
    occurrences: dict[str, list[tuple[int, tuple]]] = defaultdict(list)
    for n, (_, _, _, obj) in enumerate(files):
        for key, loc in string_leaves(obj):
            occurrences[key].append((n, loc))
    chunks: dict[str, list[str]] = {}
    refused: dict[str, int] = {}
    for k, (key, places) in enumerate(sorted(occurrences.items())):
        n, loc = places[0]
        _, model, data, _ = files[n]
        marked = [p.replace("{m}", f"zq{k}x{i}q") for i, p in enumerate(PAYLOADS)]
        accepted = [p for p in marked if _accepts(model, data, loc, p)]
        refused[key] = len(PAYLOADS) - len(accepted)
        # Join payloads into as few values as the field takes, so the builds stay few.
        joined: list[str] = []
        for payload in accepted:
            if joined and _accepts(model, data, loc, joined[-1] + "\n\n" + payload):
                joined[-1] += "\n\n" + payload
            else:
                joined.append(payload)
        chunks[key] = joined
    rounds: list[dict[int, list[tuple[tuple, str]]]] = []
    for key, values in chunks.items():
        places = occurrences[key]
        for c, value in enumerate(values):
            r, place = divmod(c, len(places))
            while len(rounds) <= r:
                rounds.append(defaultdict(list))
            n, loc = places[place]
            rounds[r][n].append((loc, value))
    return files, chunks, refused, rounds


def test_every_text_field_is_published_inert(tmp_path):
    """Each payload is either refused by the loader or published as text: no script link, handler, script element or markup in a title."""
    files, chunks, refused, rounds = plan()
    assert len(chunks) > 60, f"only {len(chunks)} kinds of text field found: the model walk is broken"
    assert any(chunks.values()), "no field accepted any payload: the test would prove nothing"
    project = copy_project(tmp_path / "project")
    # Payloads in titles change section ids; whether addresses stay published is test_registry's job.
    (project / "data" / "registry.yml").write_text("pages: []\nsections: []\n", encoding="utf-8")
    problems: list[str] = []
    published = ""
    for r, changes in enumerate(rounds):
        for n, (file, _, data, _) in enumerate(files):
            data = copy.deepcopy(data)
            for loc, value in changes.get(n, []):
                put(data, loc, value)
            (project / file).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
        site = tmp_path / f"site{r}"
        built = build_in_process(project, site)
        assert built.error is None, f"round {r}: the build refused accepted payloads:\n{built.log[-3000:]}"
        found, text = audit(site)
        problems += found
        published += text
    assert problems == [], "\n".join(problems[:30])
    # Every field that accepted a payload must show it somewhere, or the audit looked at nothing.
    unseen = sorted(
        key
        for key, values in chunks.items()
        if values and key not in NOT_PUBLISHED and not any(m in published for m in re.findall(r"zq\d+x\d+q", "".join(values)))
    )
    assert unseen == [], f"payloads accepted but never published (is the field rendered?): {unseen}"


def test_the_audit_catches_what_it_looks_for():
    """The HTML audit itself flags each class of defect, so a clean result means something."""
    bad = (
        '<a href="&#106;avascript:alert(1)">x</a><img src="data:image/png;base64,x">'
        '<abbr title="&lt;img src=x onerror=alert(1)&gt;">t</abbr><p onclick="x">p</p><script>alert(1)</script>'
        '<a href=" vbscript:x">v</a>'
    )
    parser = Audit("page.html")
    parser.feed(bad)
    assert len(parser.found) == 6, parser.found
