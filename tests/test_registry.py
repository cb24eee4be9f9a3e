"""Links that never break: the registry, redirects and short links, from the data files to the built pages."""

from __future__ import annotations

import re
import tempfile
import textwrap
from pathlib import Path

import pytest
import yaml

from macros.errors import DataError
from macros.register import register
from macros.registry import Links, LinkSources, PageInfo, Published, Registry, load_links, plan, registry_text
from macros.registry import address_href as relative
from macros.source import read_source

from conftest import ROOT, run_build


def parsed(text: str, cls, name: str):
    """A model and its parsed source from YAML text, as load_links would make them."""
    with tempfile.TemporaryDirectory() as scratch:
        file = Path(scratch) / "file.yml"
        file.write_text(text, encoding="utf-8")
        source, problems = read_source(file, name)
    assert not problems
    return cls.model_validate(source.data), source


def published(*addresses: str, ids: dict[str, set[str]] | None = None) -> Published:
    ids = ids or {}
    return Published({a: PageInfo(a, "d", "/i.png", ids.get(a, set())) for a in addresses})


def check(registry_yaml: str, links_yaml: str, pub: Published):
    registry, reg_source = parsed(registry_yaml, Registry, "data/registry.yml")
    links, links_source = parsed(links_yaml, Links, "data/links.yml")
    return plan(registry, links, LinkSources(reg_source, links_source), pub)


REGISTRY = 'pages:\n  - "/"\n  - "/old/"\nsections:\n  - "/old/#part"\n'


def test_a_registered_page_that_disappears_fails_and_names_the_redirect_to_add():
    """No page at a registered address and no redirect: the problem names the registry line and the YAML to add."""
    stubs, problems = check(REGISTRY, "redirects: []\n", published("/", "/new/"))
    messages = [str(p) for p in problems]
    assert any(m.startswith("data/registry.yml:3 [pages[1]]") and "- from: /old/" in m for m in messages), messages
    assert stubs == []


def test_a_page_redirect_keeps_the_page_and_its_sections_working():
    """A redirect for the page also carries its sections, when the new page kept their ids."""
    stubs, problems = check(REGISTRY, "redirects:\n  - from: /old/\n    to: /new/\n", published("/", "/new/", ids={"/new/": {"part"}}))
    assert problems == []
    assert [(s.address, s.target) for s in stubs] == [("/old/", "/new/")]


def test_a_section_that_lost_its_id_fails_unless_redirected_within_its_page():
    """A renamed heading breaks its registered anchor; a section redirect on the same page fixes it."""
    registry = 'pages:\n  - "/a/"\nsections:\n  - "/a/#old"\n'
    _, problems = check(registry, "redirects: []\n", published("/a/", ids={"/a/": {"new"}}))
    assert len(problems) == 1 and "{: #old }" in str(problems[0]) and problems[0].line == 4
    links = 'redirects:\n  - from: "/a/#old"\n    to: "/a/#new"\n'
    _, problems = check(registry, links, published("/a/", ids={"/a/": {"new"}}))
    assert problems == []


def test_redirects_and_short_links_must_lead_to_a_published_address():
    """A typo in a redirect's or short link's target is caught, with the nearest published page as a hint."""
    links = textwrap.dedent(
        """\
        redirects:
          - from: /gone/
            to: /helpr/
        short_links:
          - name: helper
            to: /helpr/
            title: Helper
            use: Testing.
        """
    )
    _, problems = check('pages: ["/"]\n', links, published("/", "/helper/"))
    assert {(p.line, p.field) for p in problems} == {(3, "redirects[0].to"), (6, "short_links[0].to")}
    assert all("did you mean '/helper/'" in p.message for p in problems)


def test_a_removed_short_link_must_come_back():
    """A short link once registered cannot vanish: the message says to restore it under short_links."""
    _, problems = check('pages: ["/", "/go/helper/"]\n', "redirects: []\n", published("/"))
    assert len(problems) == 1 and "short_links" in problems[0].message and "name: helper" in problems[0].message


def test_redirect_chains_end_in_one_hop_and_loops_are_caught():
    """A -> B -> C gives A a page that goes straight to C; A -> B -> A is reported, never written."""
    chain = "redirects:\n  - from: /a/\n    to: /b/\n  - from: /b/\n    to: /c/\n"
    stubs, problems = check('pages: ["/a/"]\n', chain, published("/c/"))
    assert problems == [] and {s.address: s.target for s in stubs} == {"/a/": "/c/", "/b/": "/c/"}
    loop = "redirects:\n  - from: /a/\n    to: /b/\n  - from: /b/\n    to: /a/\n"
    _, problems = check('pages: ["/a/"]\n', loop, published("/c/"))
    assert len(problems) == 3


def test_a_redirect_from_a_live_page_is_refused():
    """Redirecting an address that still has a page would hide the page: the build says to remove one."""
    _, problems = check('pages: ["/a/"]\n', "redirects:\n  - from: /a/\n    to: /b/\n", published("/a/", "/b/"))
    assert len(problems) == 1 and "still a published page" in problems[0].message


def test_data_file_mistakes_name_file_line_and_field(tmp_path):
    """A repeat in the registry and a misspelt key in the links file are reported together, with their lines."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "registry.yml").write_text('pages:\n  - "/a/"\n  - "/a/"\n', encoding="utf-8")
    (tmp_path / "data" / "links.yml").write_text("redirects: []\nshort_link: []\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_links(tmp_path)
    found = {(p.file, p.line, p.field) for p in info.value.problems}
    assert found == {("data/registry.yml", 3, "pages[1]"), ("data/links.yml", 2, "short_link")}, info.value
    (tmp_path / "data" / "registry.yml").write_text('pages:\n  - "/a/"\n  - "/Caps/"\n', encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_links(tmp_path)
    assert ("data/registry.yml", 3, "pages[1]") in {(p.file, p.line, p.field) for p in info.value.problems}


def test_relative_links_work_under_any_base_path():
    """Redirect pages link relatively, so they work at / and under /repo/ on GitHub Pages."""
    assert relative("/go/helper/", "/helper/") == "../../helper/"
    assert relative("/go/start/", "/") == "../../"
    assert relative("/", "/") == "./"
    assert relative("/old/", "/a/#b") == "../a/#b"


def test_registry_text_is_sorted_and_loads_back(tmp_path):
    """What `make register` writes is valid registry YAML, in a stable order, with its schema comment."""
    text = registry_text(["/b/", "/", "/a/"], ["/a/#x"])
    assert text.startswith("# yaml-language-server: $schema=../schemas/registry.schema.json\n")
    data = yaml.safe_load(text)
    assert data == {"pages": ["/", "/a/", "/b/"], "sections": ["/a/#x"]}
    Registry.model_validate(data)


@pytest.mark.build
def test_committed_registry_lists_every_page_and_short_link(built_site):
    """Nothing published is missing from data/registry.yml: run `make register` after adding pages."""
    registry, links, _ = load_links(ROOT)
    built = {"/" + p.relative_to(built_site).parent.as_posix().strip(".") for p in built_site.rglob("index.html")}
    built = {a if a == "/" else a + "/" for a in built}
    missing = sorted(built - set(registry.pages))
    assert not missing, f"not registered (run `make register`): {missing}"



@pytest.mark.build
def test_build_writes_a_redirect_page_per_short_link_with_canonical_and_preview(built_site):
    """Each /go/ link is a static page: instant redirect, meta refresh, canonical at the target, the target's preview."""
    registry, links, _ = load_links(ROOT)
    assert len(links.short_links) >= 5
    for link in links.short_links:
        html = (built_site / "go" / link.name / "index.html").read_text(encoding="utf-8")
        target = link.to
        assert re.search(rf'<link rel="canonical" href="http[^"]+{re.escape(target)}">', html), link.name
        assert 'http-equiv="refresh"' in html and "location.replace" in html
        assert '<meta property="og:title" content="' in html
        assert '<meta name="robots" content="noindex">' in html


@pytest.mark.build
def test_renaming_a_page_fails_the_build_until_a_redirect_is_declared(project, tmp_path):
    """The author's loop: rename a page, read the message, add the redirect it names, build again."""
    old, new = project / "docs" / "respond" / "records.md", project / "docs" / "respond" / "keeping-records.md"
    old.rename(new)
    for path in [project / "mkdocs.yml", *project.glob("docs/**/*.md"), *project.glob("data/*.yml")]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("respond/records.md", "respond/keeping-records.md").replace("(records.md", "(keeping-records.md"), encoding="utf-8")
    links = project / "data" / "links.yml"
    links.write_text(links.read_text(encoding="utf-8").replace("to: /respond/records/", "to: /respond/keeping-records/"), encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "registered address /respond/records/" in output and "data/registry.yml:" in output
    assert "- from: /respond/records/\n        to: /respond/keeping-records/" in output, output[-3000:]
    # A heading renamed on a page that stays: its old anchor is kept as an alias just before the new one.
    conversation = project / "docs" / "respond" / "conversation.md"
    conversation.write_text(conversation.read_text(encoding="utf-8").replace("## Before you start", "## Before you begin"), encoding="utf-8")
    declared = yaml.safe_load(links.read_text(encoding="utf-8"))
    declared["redirects"] = (declared.get("redirects") or []) + [
        {"from": "/respond/records/", "to": "/respond/keeping-records/"},
        {"from": "/respond/records/#what-to-write-down", "to": "/respond/keeping-records/#where-to-keep-them"},
        {"from": "/respond/conversation/#before-you-start", "to": "/respond/conversation/#before-you-begin"},
    ]
    links.write_text(yaml.safe_dump(declared, sort_keys=False), encoding="utf-8")
    result = run_build(project, tmp_path / "site2")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    page = (tmp_path / "site2" / "respond" / "conversation" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<span id="before-you-start"></span><h2 id="before-you-begin"', page)
    stub = (tmp_path / "site2" / "respond" / "records" / "index.html").read_text(encoding="utf-8")
    assert '"what-to-write-down": "../../respond/keeping-records/#where-to-keep-them"' in stub
    assert 'content="0; url=../../respond/keeping-records/"' in stub
    assert re.search(r'<link rel="canonical" href="http[^"]+/respond/keeping-records/">', stub)


@pytest.mark.build
def test_make_register_adds_a_new_page_and_keeps_the_old(project):
    """A new page goes into the registry by command; nothing registered before is dropped."""
    (project / "docs" / "respond" / "new-page.md").write_text(
        "---\ndescription: A page added by an author to test the registry command.\nlast_reviewed: 2026-12-01\n---\n\n# New page\n\n## A section\n\nText.\n",
        encoding="utf-8",
    )
    before = yaml.safe_load((project / "data" / "registry.yml").read_text(encoding="utf-8"))
    assert register(project) == 0
    after = yaml.safe_load((project / "data" / "registry.yml").read_text(encoding="utf-8"))
    assert "/respond/new-page/" in after["pages"] and "/respond/new-page/#a-section" in after["sections"]
    assert set(before["pages"]) <= set(after["pages"]) and set(before["sections"]) <= set(after["sections"])


@pytest.mark.build
def test_a_redirect_over_a_published_file_is_refused(project, tmp_path):
    """A redirect from /sitemap.xml/ would need a folder where the build wrote a file: an error, not a traceback."""
    from conftest import build_in_process

    links = project / "data" / "links.yml"
    declared = yaml.safe_load(links.read_text(encoding="utf-8"))
    declared["redirects"] = (declared.get("redirects") or []) + [{"from": "/sitemap.xml/", "to": "/helper/"}]
    links.write_text(yaml.safe_dump(declared, sort_keys=False), encoding="utf-8")
    built = build_in_process(project, tmp_path / "site")
    assert built.error is not None and "Traceback" not in built.log
    assert "data/links.yml: these redirect or short-link addresses clash with files the site publishes: /sitemap.xml/" in built.log


def test_a_huge_lost_registry_costs_a_bounded_number_of_fuzzy_lookups(monkeypatch):
    """Thousands of lost addresses are all reported, but similar pages are searched for once per page
    and for the first MAX_HINTS pages only (a 24,000-entry registry took 38 s of difflib)."""
    import difflib

    from macros import registry as reg

    calls = []
    real = difflib.get_close_matches
    monkeypatch.setattr(difflib, "get_close_matches", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    lost = "".join(f'  - "/lost-{i}/"\n' for i in range(reg.MAX_HINTS * 3)) + "sections:\n" + "".join(f'  - "/lost-0/#s{j}"\n' for j in range(50))
    _, problems = check('pages:\n  - "/"\n' + lost, "redirects: []\n", published("/", "/lost/"))
    assert len(problems) == reg.MAX_HINTS * 3 + 50
    assert len(calls) == len(set(calls)) == reg.MAX_HINTS
    assert "to: /lost/" in str(problems[0]) and "to: /new/address/" in str(problems[-51])
