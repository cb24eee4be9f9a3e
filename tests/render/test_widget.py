"""The decision helper's Python side (ranking, safe JSON embedding, the rendered widget) and its script's walk in Node."""

from __future__ import annotations

import json
import random
import subprocess
from collections import Counter
from html.parser import HTMLParser

import pytest

from macros.decide import reachable, walk
from macros.widget import Case, by_title, embed_json, helper_data, rank_similar, render_helper, similarity, table_cases
from tests.paths import ROOT

SCRIPT = ROOT / "docs" / "assets" / "helper.js"
TABLE = "breach-response"


def case(slug: str, title: str, **facts: str) -> Case:
    """A scenario as the ranking sees it."""
    return Case(slug, title, facts)


class Tags(HTMLParser):
    """Collects every start tag with its attributes, to check ids, labels and references."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parse(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


# --- ranking -----------------------------------------------------------------


def test_similarity_counts_equal_facts_only():
    """Same input, same answer counts; a different answer or a missing input does not."""
    assert similarity({"a": "1", "b": "2", "c": "3"}, {"a": "1", "b": "9"}) == 1
    assert similarity({"a": "1"}, {"a": "1"}) == 1
    assert similarity({}, {"a": "1"}) == 0


def test_rank_puts_most_shared_facts_first():
    """The case sharing three facts beats two, which beats one."""
    cases = [case("one", "A", x="1"), case("three", "C", x="1", y="2", z="3"), case("two", "B", x="1", y="2")]
    ranked = rank_similar(cases, {"x": "1", "y": "2", "z": "3"})
    assert [c.slug for c in ranked] == ["three", "two", "one"]


def test_rank_breaks_ties_by_title_ignoring_case_then_slug():
    """Equal scores list in title order, whatever order the cases came in."""
    cases = [case("c", "charlie", x="1"), case("b2", "Bravo", x="1"), case("a", "alpha", x="1"), case("b1", "bravo", x="1")]
    for _ in range(5):
        random.shuffle(cases)
        assert [c.slug for c in rank_similar(cases, {"x": "1"}, limit=10)] == ["a", "b1", "b2", "c"]


def test_rank_leaves_out_cases_sharing_nothing_and_respects_the_limit():
    """A case with no fact in common is not 'similar'; only `limit` cases are returned."""
    cases = [case("none", "A", x="0"), case("p", "P", x="1"), case("q", "Q", x="1"), case("r", "R", x="1")]
    assert [c.slug for c in rank_similar(cases, {"x": "1"}, limit=2)] == ["p", "q"]
    assert rank_similar(cases, {"x": "9"}) == []


def test_by_title_is_the_order_the_script_relies_on():
    """The script's stable sort keeps ties in the order cases are embedded: title, then slug."""
    cases = [case("z", "b"), case("y", "B"), case("x", "a")]
    assert [c.slug for c in by_title(cases)] == ["x", "y", "z"]


def test_table_cases_are_the_scenarios_of_that_table_in_title_order(real_site_data):
    """Every scenario of the table is a candidate, listed in title order."""
    cases = table_cases(real_site_data, TABLE)
    expected = {slug for slug, s in real_site_data.scenarios.items() if s.table == TABLE}
    assert {c.slug for c in cases} == expected
    assert cases == by_title(cases)


def test_exact_facts_rank_their_own_scenario_first(real_site_data):
    """A scenario's own facts find that scenario first (unless another has identical facts and an earlier title)."""
    cases = table_cases(real_site_data, TABLE)
    for c in cases:
        top = rank_similar(cases, c.facts)[0]
        assert top.facts == c.facts


# --- embedding ---------------------------------------------------------------


def test_embedded_json_cannot_end_its_attribute_or_open_markup_or_template_syntax():
    """Quotes, angle brackets, ampersands and braces in strings become escapes; the data parses back unchanged."""
    data = {"html": "' onload='x' </div><script>alert(1)</script> &amp; <!-- {{ x }} {% y %} {# z #}", "nested": [{"a": {"b": "}}"}}]}
    text = str(embed_json(data))
    for bad in ("'", "<", ">", "&", "{{", "{%", "{#", '}}"'):
        assert bad not in text
    assert json.loads(text) == data


def test_embedded_json_reaches_the_page_verbatim_in_the_helper_attribute(real_site_data, link):
    """The attribute value an HTML parser reads back is exactly the JSON, and it parses to the helper's data."""
    html = render_helper(real_site_data, TABLE, link)
    root = next(a for tag, a in parse(html) if tag == "div" and "data-helper" in a)
    assert json.loads(root["data-helper"]) == helper_data(real_site_data, TABLE, link)


def test_embedded_json_keeps_non_ascii_text_readable():
    """Curly quotes and accents stay as characters, so the page is not bloated with escapes."""
    text = str(embed_json({"say": "“Thank you” – café"}))
    assert "“Thank you” – café" in text


# --- the helper's data -------------------------------------------------------


def test_helper_data_carries_the_model_itself(real_site_data, link):
    """No second copy of the rules: the JSON is the model's own questions, conditions, decisions and priorities."""
    table = real_site_data.tables[TABLE]
    data = helper_data(real_site_data, TABLE, link)
    assert [(q["id"], q["values"], q["unsure"], q["ask_when"]) for q in data["questions"]] == [
        (q.id, [v.id for v in q.values], q.unsure, dict(q.ask_when)) for q in table.questions
    ]
    for entry, decision in zip(data["decisions"], table.decisions, strict=True):
        assert (entry["id"], entry["policy"], entry["inputs"]) == (decision.id, decision.hit_policy, decision.inputs)
        assert [(r["id"], r["priority"], r["when"], r["output"]) for r in entry["rules"]] == [
            (r.id, r.priority, dict(r.when), r.output) for r in decision.rules
        ]


def test_helper_responses_link_to_their_row_and_carry_a_plain_summary_but_no_response(real_site_data, link):
    """Each response rule links to its row and carries a plain-text summary; the response HTML is not duplicated."""
    table = real_site_data.tables[TABLE]
    responses = helper_data(real_site_data, TABLE, link)["responses"]
    assert list(responses) == [r.id for r in table.rules]
    for rule_id, entry in responses.items():
        assert entry["href"] == f"/{table.page}#rule-{rule_id.lower()}"
        assert "<" not in entry["summary"] and entry["summary"]


def test_each_rules_response_sits_once_in_its_fallback_row(real_site_data, widget, link):
    """The script copies a rule's response from the row its link names, so that row holds exactly one sanitised response."""
    data = helper_data(real_site_data, TABLE, link)
    assert "dt-response" not in json.dumps(data)
    rows = widget.split('<tr id="')[1:]
    by_id = {row.partition('"')[0]: row.partition("</tr>")[0] for row in rows}
    for entry in data["responses"].values():
        row = by_id[entry["href"].partition("#")[2]]
        assert row.count('<dl class="dt-response">') == 1
        assert "<script" not in row and "{{" not in row
    assert widget.count('<dl class="dt-response">') == len(data["responses"])


def test_helper_scenarios_carry_links_and_facts(real_site_data, link):
    """The script ranks scenarios itself, so each carries its facts and its page link."""
    scenarios = helper_data(real_site_data, TABLE, link)["scenarios"]
    assert [s["slug"] for s in scenarios] == [c.slug for c in table_cases(real_site_data, TABLE)]
    for s in scenarios:
        assert s["href"] == f"/scenarios/{s['slug']}.md"
        assert s["facts"] == dict(real_site_data.scenarios[s["slug"]].facts)


def test_old_helper_links_are_recognised(real_site_data, link):
    """The first helper's question names are listed, so its links land on a clear message."""
    assert set(helper_data(real_site_data, TABLE, link)["legacy"]) == {"whose", "occurrence", "risk"}
    assert not {"whose", "occurrence", "risk"} & {q.id for q in real_site_data.tables[TABLE].questions}


# --- the script's walk, in Node, over every path --------------------------------

NODE_WALK = """
const { walk } = require(process.argv[1]);
const { model, all } = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = all.map((answers) => {
  const s = walk(model, answers);
  return { asked: s.asked, unsure: s.unsure, pending: s.pending, rule: s.rule && s.rule.id };
});
process.stdout.write(JSON.stringify(out));
"""


def run_node_walk(model: dict, all_answers: list[dict]) -> list[dict]:
    result = subprocess.run(
        ["node", "-e", NODE_WALK, str(SCRIPT)], input=json.dumps({"model": model, "all": all_answers}), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def python_walk(table, answers: dict) -> dict:
    s = walk(table, answers)
    return {"asked": s.asked, "unsure": s.unsure, "pending": s.pending, "rule": s.rule.id if s.rule else None}


def test_script_walks_every_reachable_path_as_python_does(real_site_data, link):
    """Every path the build verifies, and the same path answered 'not sure' wherever that stands for the answer, gives the same questions and rule in JavaScript."""
    table = real_site_data.tables[TABLE]
    data = helper_data(real_site_data, TABLE, link)
    every = [answers for answers, _ in reachable(table)]
    unsure = {q.id: q.unsure for q in table.questions}
    with_unsure = [{k: ("unsure" if unsure[k] == v else v) for k, v in a.items()} for a in every]
    partial = [dict(list(a.items())[:-1]) for a in every]  # one answer short: the next question is pending
    cases = every + with_unsure + partial
    # Hundreds of paths (741 when the engagement question became conditional): a broken walk finds a handful.
    assert len(every) > 500
    assert run_node_walk(data, cases) == [python_walk(table, a) for a in cases]


def test_script_ignores_unknown_names_and_values_like_python(real_site_data, link):
    """Stray or old parameters and values outside the closed sets leave the question pending in both."""
    table = real_site_data.tables[TABLE]
    data = helper_data(real_site_data, TABLE, link)
    cases = [{}, {"whose": "client-own", "risk": "present"}, {"danger": "maybe"}, {"danger": "no", "demand": "no", "crime": "any"}]
    assert run_node_walk(data, cases) == [python_walk(table, a) for a in cases]


# --- the rendered widget -----------------------------------------------------


@pytest.fixture(scope="module")
def widget(real_site_data, link) -> str:
    """The helper as the page receives it."""
    return render_helper(real_site_data, TABLE, link)


def test_widget_asks_each_question_in_a_fieldset_with_labelled_radios_and_not_sure(real_site_data, widget):
    """One fieldset per question, only the first shown before the script runs; one labelled radio per value, then Not sure."""
    table = real_site_data.tables[TABLE]
    tags = parse(widget)
    fieldsets = [a for tag, a in tags if tag == "fieldset"]
    assert [a["data-question"] for a in fieldsets] == [q.id for q in table.questions]
    assert ["hidden" in a for a in fieldsets] == [False] + [True] * (len(fieldsets) - 1)
    radios = [a for tag, a in tags if tag == "input" and a.get("type") == "radio"]
    assert [(a["name"], a["value"]) for a in radios] == [(q.id, v) for q in table.questions for v in [v.id for v in q.values] + ["unsure"]]
    labelled = {a["for"] for tag, a in tags if tag == "label"}
    assert all(a["id"] in labelled for a in radios)
    for q in table.questions:
        assert f"<legend>{q.question}</legend>" in widget.replace("&#39;", "'")


def test_widget_ids_are_unique_and_every_reference_resolves(widget):
    """No duplicate ids (the fallback table included), and aria references point at real elements."""
    tags = parse(widget)
    ids = [a["id"] for _, a in tags if a.get("id")]
    assert not [i for i, n in Counter(ids).items() if n > 1]
    refs = [a[key] for _, a in tags for key in ("aria-describedby", "aria-labelledby", "for") if a.get(key)]
    assert refs and set(refs) <= set(ids)


def test_widget_announces_politely_and_hides_the_form_until_the_script_runs(widget):
    """The status is a polite live region; the form starts hidden and the full table visible."""
    tags = parse(widget)
    status = next(a for _, a in tags if "data-helper-status" in a)
    assert status["aria-live"] == "polite" and status["role"] == "status"
    app = next(a for _, a in tags if "data-helper-app" in a)
    fallback = next(a for _, a in tags if "data-helper-fallback" in a)
    assert "hidden" in app and "hidden" not in fallback
    assert 'class="decision-table"' in widget


def test_widget_loads_its_script_from_this_site(widget):
    """The script comes from the site's own assets, through the page's linker."""
    scripts = [a for tag, a in parse(widget) if tag == "script" and a.get("src")]
    assert [a["src"] for a in scripts] == ["/assets/helper.js"]


def test_script_stays_small():
    """The helper script is plain JavaScript of a few kilobytes (under 5 KB gzip), with no framework."""
    import gzip

    assert len(gzip.compress(SCRIPT.read_bytes())) < 5 * 1024
    text = SCRIPT.read_text(encoding="utf-8")
    assert "import " not in text and "http" not in text
