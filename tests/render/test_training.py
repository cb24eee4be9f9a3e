"""The training pages and the print handbook rendered from the course and quiz data."""

from __future__ import annotations

import re
from html import unescape

from macros.handbook import _rewrite, handbook_pages
from macros.markdown_scan import split_front_matter
from macros.training_render import render_module, render_quiz, render_scenario_cards, render_session_plan
from macros.training_schedule import clock


def visible_text(html: str) -> str:
    """Rendered HTML as the words a reader sees, so escaping does not hide a match."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_learner_module_holds_no_facilitator_fields(real_site_data, link):
    """A module page renders objectives and key points but never set-up, debrief, materials or notes."""
    site = real_site_data
    for module in site.training.course.modules:
        text = visible_text(render_module(site, module.id, link))
        for objective in module.objectives:
            assert objective in text
        hidden = [module.facilitator_notes or ""]
        for activity in module.activities:
            hidden += [activity.setup, *activity.debrief, *activity.materials]
        for hidden_text in filter(None, hidden):
            words = " ".join(re.sub(r"[*_`]", "", hidden_text).split())[:60]
            assert words not in text, f"{module.id}: {words!r}"


def test_facilitator_copy_prints_answers_and_learner_cards_hide_them(real_site_data, link):
    """Only the facilitator's cards carry the opt-in class that the print rules show on paper."""
    learner = render_scenario_cards(real_site_data, link)
    facilitator = render_scenario_cards(real_site_data, link, facilitator=True)
    assert "model-answer--facilitator" not in learner and 'class="model-answer"' in learner
    assert facilitator.count("model-answer--facilitator") == len(real_site_data.training.scenario_slugs())


def test_session_plan_lists_every_activity_with_its_time(real_site_data, link):
    """The plan shows each activity's start and end, and the computed total."""
    html = render_session_plan(real_site_data, link)
    for slot in real_site_data.training.schedule():
        assert f"{clock(slot.start)}–{clock(slot.end)}" in html
    assert f"{real_site_data.training.total_minutes} minutes" in html


def test_quiz_markup_works_without_javascript(real_site_data, link):
    """Every question has labelled native inputs and a closed answer block with feedback and a link."""
    html = render_quiz(real_site_data, link)
    quiz = real_site_data.training.quiz
    assert html.count('<details class="quiz-answer model-answer">') == len(quiz.questions)
    assert html.count("<fieldset>") == len(quiz.questions)
    options = sum(len(q.options) for q in quiz.questions)
    assert html.count("<label for=") == options
    assert html.count('data-correct="') == options
    assert html.count("Learn more:") == options


def test_handbook_pages_follow_the_nav_and_leave_out_training(mkdocs_config):
    """Nav order is kept; training, the helper and generated scenario pages stay out."""
    pages = handbook_pages(mkdocs_config.nav)
    assert pages[0] == "index.md" and "is-it-a-breach.md" in pages
    assert not [p for p in pages if p.startswith(("training/", "scenarios/")) or p == "helper.md"]


def test_handbook_demotes_headings_and_repoints_links():
    """H1 becomes H2, relative and same-page links are rewritten from the print page; code and URLs stay."""
    body = "# Title\n\n## Part\n\nSee [a](../is-it-a-breach.md#x), [b](#part), [c](https://example.org/).\n\n```\n# not a heading\n```"
    out = _rewrite(body, "respond/records.md", "training/handouts/handbook.md")
    assert out.startswith("## Title\n\n### Part")
    assert "](../../is-it-a-breach.md#x)" in out
    assert "](../../respond/records.md#part)" in out
    assert "](https://example.org/)" in out
    assert "\n# not a heading\n" in out


def test_front_matter_is_split_off():
    """Included pages lose their front matter but keep their body."""
    meta, body = split_front_matter("---\ndescription: x\nrender_macros: true\n---\n\n# T\n")
    assert meta == {"description": "x", "render_macros": True} and body.strip() == "# T"
