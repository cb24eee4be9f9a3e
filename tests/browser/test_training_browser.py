"""The training section in Chromium: the quiz with and without JavaScript, facilitator separation, print, PDFs and the offline copy."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from macros.handbook import handbook_pages
from macros.markdown_scan import split_front_matter
from tests.paths import ROOT
from tools.localsite import AXE
from tools.offline import FOLDER, build_offline
from tools.pdf import DOCUMENTS, make_pdfs, pdf_name

pytestmark = pytest.mark.browser

QUIZ = "training/quiz/"
LEARNER_PAGES = [
    "training/",
    "training/modules/whose-confidentiality/",
    "training/modules/safety-first/",
    "training/modules/the-conversation/",
    "training/modules/decision-table/",
    "training/modules/repair-and-prevent/",
    "training/quiz/",
    "training/handouts/",
    "training/handouts/scenario-cards/",
    "training/handouts/role-play-cards/",
    "training/handouts/decision-table/",
]


def open_page(browser: Browser, url: str, allowed: str, foreign: list[str], **options) -> Page:
    """A page that blocks and records any request outside `allowed`: the quiz must send nothing anywhere."""
    context = browser.new_context(**options)

    def guard(route) -> None:
        if route.request.url.startswith(allowed):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(url)
    return page


def article_text(page: Page) -> str:
    return " ".join(page.inner_text("article").split())


def choose(page: Page, question_id: str, correct: bool) -> None:
    """Tick the options whose answer is (or is not) correct, as a learner would click them."""
    options = page.locator(f"#quiz-{question_id} .quiz-answer-option")
    for n in range(options.count()):
        if (options.nth(n).get_attribute("data-correct") == "true") == correct:
            key = options.nth(n).get_attribute("data-option")
            page.locator(f"label[for='quiz-{question_id}-{key}']").click()
            if not correct:
                return


# --- the quiz ---------------------------------------------------------------------


def test_quiz_gives_instant_feedback_on_every_option_and_a_score(chromium, server, real_site_data):
    """With JavaScript: checking shows why for every option, and the score counts right answers; nothing leaves the page."""
    foreign: list[str] = []
    page = open_page(chromium, server.url(QUIZ), server.origin, foreign)
    quiz = real_site_data.training.quiz
    assert page.locator(".quiz-answer").first.is_hidden(), "answers give way to instant feedback"
    for n, question in enumerate(quiz.questions):
        choose(page, question.id, correct=n != 0)
        page.locator(f"#quiz-{question.id} .quiz-check").click()
        block = page.locator(f"#quiz-{question.id}")
        result = block.locator(".quiz-result").inner_text()
        assert result.startswith("Not quite" if n == 0 else "Correct"), (question.id, result)
        feedback = block.locator(".quiz-feedback")
        assert feedback.count() == len(question.options)
        for k, option in enumerate(question.options):
            assert feedback.nth(k).is_visible(), (question.id, k)
            assert option.feedback.split(".")[0] in feedback.nth(k).inner_text()
            assert feedback.nth(k).locator("a", has_text="Learn more").count() == 1
    assert page.locator(f"#quiz-{quiz.questions[0].id} .quiz-option--wrong").count() == 1
    total = len(quiz.questions)
    assert page.locator(".quiz-score").inner_text() == f"Your score: {total - 1} out of {total}."
    page.locator(".quiz-reset").click()
    assert page.locator(".quiz-question input:checked").count() == 0
    assert page.locator(".quiz-feedback:visible").count() == 0
    assert page.locator(".quiz-summary").is_hidden()
    page.wait_for_load_state("networkidle")
    assert not foreign, foreign
    page.context.close()


def test_quiz_asks_for_a_choice_before_checking(chromium, server, real_site_data):
    """Checking with nothing ticked says so in the live status and counts nothing."""
    page = open_page(chromium, server.url(QUIZ), server.origin, [])
    first = real_site_data.training.quiz.questions[0].id
    page.locator(f"#quiz-{first} .quiz-check").click()
    assert page.locator(f"#quiz-{first} .quiz-result").inner_text() == "Choose an answer first."
    assert page.locator(f"#quiz-{first} .quiz-result").get_attribute("role") == "status"
    assert page.locator(".quiz-summary").is_hidden()
    page.context.close()


def test_quiz_without_javascript_keeps_answers_in_collapsible_blocks(chromium, server, real_site_data):
    """Without JavaScript: no dead buttons, and each question's answer and feedback open from a closed block."""
    page = open_page(chromium, server.url(QUIZ), server.origin, [], java_script_enabled=False)
    quiz = real_site_data.training.quiz
    assert page.locator(".quiz-check:visible").count() == 0
    details = page.locator("details.quiz-answer")
    assert details.count() == len(quiz.questions)
    for n, question in enumerate(quiz.questions):
        block = details.nth(n)
        assert block.get_attribute("open") is None
        assert not block.locator(".quiz-why").first.is_visible()
        block.locator("summary").click()
        for option in question.options:
            assert option.feedback.split(".")[0] in block.inner_text()
        assert block.locator("[data-correct=true]").count() == sum(o.correct for o in question.options)
    page.context.close()


def test_quiz_passes_axe_after_answering(chromium, server, real_site_data):
    """The quiz meets WCAG 2.2 AA in its answered state too, when feedback and the score are showing."""
    page = open_page(chromium, server.url(QUIZ), server.origin, [])
    for question in real_site_data.training.quiz.questions:
        choose(page, question.id, correct=True)
        page.locator(f"#quiz-{question.id} .quiz-check").click()
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}))
             .violations.map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).join(", "))"""
    )
    assert not violations, violations
    page.context.close()


# --- facilitator separation and print ------------------------------------------


def facilitator_phrases(real_site_data) -> list[str]:
    """The opening words of every facilitator-only field, as a reader would see them."""
    phrases = []
    for module in real_site_data.training.course.modules:
        texts = [module.facilitator_notes or ""]
        for activity in module.activities:
            texts += [activity.setup, *activity.debrief]
        phrases += [" ".join(re.sub(r"[*_`]", "", t).split())[:50] for t in texts if t.strip()]
    return phrases


def test_learner_pages_show_no_facilitator_notes(chromium, server, real_site_data):
    """Set-up notes, debrief questions and facilitator notes appear in the guide and nowhere on learner pages."""
    phrases = facilitator_phrases(real_site_data)
    page = open_page(chromium, server.url("training/facilitator/run-sheets/"), server.origin, [])
    guide = article_text(page)
    assert all(p in guide for p in phrases), "the run sheets hold every facilitator note"
    for path in LEARNER_PAGES:
        page.goto(server.url(path))
        text = article_text(page)
        leaked = [p for p in phrases if p in text]
        assert not leaked, f"{path}: {leaked}"
        assert page.locator(".facilitator-note, .model-answer--facilitator").count() == 0, path
    page.context.close()


def test_print_hides_learner_answers_and_shows_the_facilitator_copy(chromium, server):
    """In print media, learner model answers are not displayed; the facilitator's are, and navigation is gone."""
    page = open_page(chromium, server.url("training/handouts/scenario-cards/"), server.origin, [])
    page.emulate_media(media="print")
    shown = "els => els.filter(e => getComputedStyle(e).display !== 'none').length"
    assert page.locator(".model-answer").count() > 0
    assert page.eval_on_selector_all(".model-answer", shown) == 0
    for chrome in (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer"):
        assert page.eval_on_selector_all(chrome, shown) == 0, chrome
    page.goto(server.url("training/facilitator/answers/"))
    answers = page.locator(".model-answer--facilitator").count()
    assert answers > 0 and page.eval_on_selector_all(".model-answer--facilitator", shown) == answers
    page.context.close()


# --- PDFs ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdfs(built_site: Path, chromium: Browser, tmp_path_factory: pytest.TempPathFactory) -> dict[str, PdfReader]:
    """Every PDF that `make pdf` writes, printed from the session's build into a scratch folder."""
    out = tmp_path_factory.mktemp("pdf")
    paths = make_pdfs(built_site, out, browser=chromium, papers={"a4": "A4"})
    assert [p.name for p in paths] == [pdf_name(d, "a4") for d in DOCUMENTS]
    return {p.stem.removesuffix("-a4"): PdfReader(p) for p in paths}


def plain(text: str) -> str:
    """NFKC with collapsed spaces: Chromium may print "fi" as one ligature glyph, depending on the font."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def pdf_text(reader: PdfReader) -> str:
    return plain(" ".join(page.extract_text() or "" for page in reader.pages))


def test_pdf_handouts_have_the_expected_pages(pdfs, real_site_data):
    """One sheet printed both sides for the model (questions and routing on the front, responses on the back), several scenario cards to a sheet, one page per role-play set, two at most for the checklist."""
    training = real_site_data.training
    role_plays = sum(len(a.role_play) for m in training.course.modules for a in m.activities)
    table = pdfs["decision-table"]
    assert len(table.pages) == 2
    front, back = (plain(page.extract_text() or "") for page in table.pages)
    final = len(real_site_data.tables["breach-response"].decisions)
    assert "Decision 1:" in front and f"Decision {final}:" not in front
    assert f"Decision {final}:" in back
    assert len(pdfs["scenario-cards"].pages) < len(training.scenario_slugs())
    assert len(pdfs["facilitator-answers"].pages) >= len(training.scenario_slugs())
    assert len(pdfs["role-play-cards"].pages) == role_plays
    assert 1 <= len(pdfs["first-24-hours"].pages) <= 2


def test_pdf_headings_and_answers_are_where_they_belong(pdfs, real_site_data):
    """Cards carry every scenario title; answers print only in the facilitator's copy."""
    training = real_site_data.training
    cards, answers = pdf_text(pdfs["scenario-cards"]), pdf_text(pdfs["facilitator-answers"])
    for slug in training.scenario_slugs():
        scenario = real_site_data.scenarios[slug]
        title = plain(scenario.title)
        assert title in cards and title in answers, slug
        opening = plain(scenario.model_answer)[:40]
        assert opening not in cards, f"learner card for {slug} prints its answer"
        assert opening in answers, f"facilitator copy for {slug} lacks its answer"
    assert "The first 24 hours" in pdf_text(pdfs["first-24-hours"])
    assert "Pause before you act" in pdf_text(pdfs["first-24-hours"])
    table = pdf_text(pdfs["decision-table"])
    assert all(rule.id in table for rule in real_site_data.tables["breach-response"].rules)
    plan = pdf_text(pdfs["facilitator-guide"])
    assert "Session plan" in plan and f"{training.total_minutes} minutes" in plan


def test_pdf_handbook_holds_every_handbook_page(pdfs, built_site, mkdocs_config):
    """The whole-handbook PDF has each page's title, each page starting a new sheet."""
    pages = handbook_pages(mkdocs_config.nav)
    reader = pdfs["handbook"]
    assert len(reader.pages) >= len(pages)
    text = pdf_text(reader)
    for src in pages:
        _, body = split_front_matter((ROOT / "docs" / src).read_text(encoding="utf-8"))
        title = next(line[2:].strip() for line in body.splitlines() if line.startswith("# "))
        assert plain(title) in text, src
    assert "Self-check quiz" not in text, "training pages stay out of the handbook"


def test_pdf_handbook_prints_collapsed_sections_open(pdfs, real_site_data):
    """Each rule's full response sits in a collapsed section on screen; on paper it is printed in full."""
    text = pdf_text(pdfs["handbook"])
    for rule in real_site_data.tables["breach-response"].rules:
        say = plain(str(rule.then["say"]))[:50]
        assert say in text, f"{rule.id}: its full response is missing from the handbook PDF"


def test_pdfs_come_in_a4_and_letter_with_the_table_in_landscape(built_site, chromium, tmp_path, pdfs):
    """A4 and Letter sheets of the stated size; the decision model stays one landscape sheet, both sides, on both."""
    docs = [d for d in DOCUMENTS if d.name in ("first-24-hours", "decision-table")]
    letter = {p.stem: PdfReader(p) for p in make_pdfs(built_site, tmp_path, docs, browser=chromium, papers={"letter": "Letter"})}

    def size(reader: PdfReader) -> tuple[int, int]:
        box = reader.pages[0].mediabox
        return round(float(box.width)), round(float(box.height))

    assert size(letter["first-24-hours-letter"]) == (612, 792)
    assert size(letter["decision-table-letter"]) == (792, 612) and len(letter["decision-table-letter"].pages) == 2
    assert size(pdfs["first-24-hours"]) == (595, 842)
    assert size(pdfs["decision-table"]) == (842, 595)


def test_session_plan_prints_on_one_sheet_with_its_total_last(pdfs, real_site_data):
    """The plan's table is never split, and its total row comes after every activity row."""
    pages = [plain(p.extract_text() or "") for p in pdfs["facilitator-guide"].pages]
    holding = [n for n, text in enumerate(pages) if "Whole session" in text]
    assert len(holding) == 1, holding
    text = pages[holding[0]]
    assert "Session plan:" in text, "the plan's caption and its total are on different sheets"
    last = [a for m in real_site_data.training.course.modules for a in m.activities][-1]
    assert text.index(plain(last.title)) < text.index("Whole session")


def test_offline_instructions_name_the_folder_the_zip_opens_at():
    """The handouts page tells trainers the folder name the zip really unpacks to."""
    text = (ROOT / "docs" / "training" / "handouts" / "index.md").read_text(encoding="utf-8")
    assert f"`{FOLDER}`" in text


# --- the offline copy ------------------------------------------------------------


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`make offline`'s zip, built into a scratch folder and unzipped as a trainer would."""
    scratch = tmp_path_factory.mktemp("offline")
    archive = build_offline(scratch / "offline.zip")
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
        assert all(n.startswith(FOLDER + "/") for n in names)
        zipped.extractall(scratch / "unzipped")
    return scratch / "unzipped" / FOLDER


def local_target(href: str) -> Path | None:
    parts = urlsplit(href)
    return Path(unquote(parts.path)) if parts.scheme == "file" else None


def test_offline_copy_follows_links_from_the_file_system(chromium, offline_site):
    """Opened from file://, every link on the home and training pages reaches a file, and clicking through works."""
    foreign: list[str] = []
    errors: list[str] = []
    page = open_page(chromium, (offline_site / "index.html").as_uri(), "file://", foreign)
    page.on("pageerror", lambda error: errors.append(str(error)))
    for start in ("index.html", "training/index.html", "training/modules/the-conversation.html"):
        page.goto((offline_site / start).as_uri())
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        targets = [t for t in map(local_target, hrefs) if t is not None]
        assert len(targets) > 10, start
        missing = sorted({str(t) for t in targets if not t.is_file()})
        assert not missing, f"{start}: {missing}"
    page.goto((offline_site / "index.html").as_uri())
    page.locator("article a[href$='training/index.html']").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("training/index.html")
    page.locator("article a", has_text="self-check quiz").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("training/quiz.html")
    assert page.locator("h1").inner_text().rstrip("¶ ") == "Self-check quiz"
    assert not foreign, foreign
    assert not errors, errors
    page.context.close()


def test_offline_copy_search_works_from_the_file_system(chromium, offline_site):
    """Search runs without a server or network and its results open local pages."""
    foreign: list[str] = []
    page = open_page(chromium, (offline_site / "index.html").as_uri(), "file://", foreign)
    page.locator("input.md-search__input").click()
    # Type as a person does: Material starts its search engine on focus and searches on each keystroke.
    page.keyboard.type("privilege", delay=60)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=20_000)
    assert results.count() > 0
    link = page.locator(".md-search-result__link").first
    target = local_target(link.evaluate("a => a.href"))
    assert target is not None and target.is_file()
    link.click()
    page.wait_for_load_state("load")
    assert page.url.startswith("file://") and "privilege" in page.inner_text("article").lower()
    assert not foreign, foreign
    page.context.close()
