"""Decision models: walk() and the build-time proof over every reachable path."""

from __future__ import annotations

import pytest
import yaml

from macros.decide import MAX_PATHS, MAX_RULE_CHECKS, NoDecision, decide, reachable, verify_model, walk
from macros.model import DecisionModel
from tests.bad_inputs import MINI_TABLE

MINI = yaml.safe_load(MINI_TABLE)


def model(change=None) -> DecisionModel:
    """The mini model from the bad-input catalogue, optionally changed in place first."""
    data = yaml.safe_load(MINI_TABLE)
    if change:
        change(data)
    return DecisionModel.model_validate(data)


def response(data) -> list[dict]:
    return data["decisions"][1]["rules"]


def test_a_question_is_asked_only_when_its_condition_holds():
    """risk=present settles the level as high, so harm is never asked and R01 answers."""
    m = model()
    result = walk(m, {"risk": "present", "harm": "serious"})
    assert result.asked == ["risk"] and result.rule.id == "R01"
    assert walk(m, {"risk": "absent"}).pending == "harm"


def test_priority_picks_the_highest_matching_rule_not_the_first_row():
    """R02 (priority 10) beats R03 (priority 0), which also matches, wherever harm is some or serious."""
    m = model(lambda d: response(d).reverse())
    assert decide(m, {"risk": "absent", "harm": "some"}).id == "R02"
    assert decide(m, {"risk": "absent", "harm": "none"}).id == "R03"


def test_unsure_stands_for_the_questions_safer_value_and_is_recorded():
    """'unsure' counts as the declared value and is listed, so the page can say so."""
    m = model()
    result = walk(m, {"risk": "unsure"})
    assert result.rule.id == "R01" and result.unsure == ["risk"] and result.values["risk"] == "present"


def test_answers_to_questions_not_asked_are_ignored():
    """A stray answer for a question off the path changes nothing."""
    m = model()
    assert walk(m, {"risk": "present", "harm": "none"}).asked == ["risk"]


def test_decide_refuses_an_unanswered_question_on_the_path():
    """decide() names the question still to answer."""
    with pytest.raises(NoDecision, match="'harm'"):
        decide(model(), {"risk": "absent"})


def test_only_any_matches_a_question_that_was_not_asked():
    """A rule naming a value of an unasked question does not match; 'any' does."""
    m = model()
    assert [a for a, w in reachable(m)] == [
        {"risk": "present"},
        {"risk": "absent", "harm": "none"},
        {"risk": "absent", "harm": "some"},
        {"risk": "absent", "harm": "serious"},
    ]


def test_mini_model_verifies_clean():
    """The unbroken model has no findings, so each broken one below fails for its one reason."""
    assert verify_model(model()) == []


def test_gap_names_the_decision_and_an_example_path():
    """A path no rule covers is reported with its answers and a count."""
    findings = verify_model(model(lambda d: response(d)[2].update(when={"harm": "some"})))
    assert [f.message for f in findings] == ["gap: 1 path match no rule of decision 'response', e.g. risk=absent, harm=none"]


def test_tie_at_equal_priority_is_an_error():
    """Two top rules on one path: the build names both and the path."""

    def tie(d):
        response(d)[1].update(priority=100, when={"level": "any"})

    messages = [f.message for f in verify_model(model(tie))]
    assert any("tie at equal priority: rules R01 and R02 both match on the path risk=present" in m for m in messages)


def test_shadowed_rule_names_the_rules_that_hide_it():
    """A rule that matches but never wins is reported with the winners."""
    findings = verify_model(model(lambda d: response(d)[1].update(when={"harm": "any"})))
    assert [f.message for f in findings] == ["shadowed: rule R03 never wins; rules R01 and R02 always take precedence"]


def test_dead_rule_that_matches_no_reachable_path():
    """harm is only asked when the level is low, so a rule wanting harm and a high level is dead."""
    findings = verify_model(model(lambda d: response(d)[1].update(when={"harm": "some", "level": "high"})))
    assert [f.message for f in findings] == ["dead rule: R02 matches no reachable path"]


def test_question_never_asked_is_reported():
    """If no path makes the level low, the harm question is unreachable."""
    findings = verify_model(model(lambda d: d["decisions"][0]["rules"][1].update(output="high")))
    assert "question 'harm' is never asked: its ask_when holds on no reachable path" in [f.message for f in findings]


def test_path_limit_refuses_a_model_that_is_too_large():
    """Twenty yes/no questions make a million paths; verification stops at the limit and says so."""

    def grow(d):
        d["questions"] = [
            {"id": f"q{n}", "question": "Q?", "help": "h", "values": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}], "unsure": "a"} for n in range(20)
        ]
        d["decisions"] = [
            {"id": "response", "title": "R", "hit_policy": "priority", "inputs": [f"q{n}" for n in range(20)], "rules": [response(d)[2] | {"when": {}}]}
        ]

    findings = verify_model(model(grow), limit=1000)
    assert len(findings) == 1 and "more than 1000 reachable paths, the most the build verifies" in findings[0].message
    assert MAX_PATHS <= 100_000


def test_rule_check_limit_refuses_many_rules_over_many_paths():
    """Paths under the path limit but times many rules: refused with the stated limit, not minutes of checking."""

    def grow(d):
        d["questions"] = [
            {"id": f"q{n}", "question": "Q?", "help": "h", "values": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}], "unsure": "a"} for n in range(14)
        ]
        rules = [response(d)[2] | {"when": {}, "priority": 0}]
        rules += [response(d)[2] | {"id": f"R{n:03d}", "when": {"q0": "a", "q1": "b"}, "priority": n} for n in range(100, 500)]
        d["decisions"] = [{"id": "response", "title": "R", "hit_policy": "priority", "inputs": [f"q{n}" for n in range(14)], "rules": rules}]

    big = model(grow)
    assert 2**14 < MAX_PATHS and 2**14 * 401 > MAX_RULE_CHECKS
    findings = verify_model(big)
    assert len(findings) == 1 and "rule checks" in findings[0].message and f"{MAX_RULE_CHECKS:,}" in findings[0].message


# --- the shipped model ---------------------------------------------------------


def test_danger_paths_start_with_the_emergency_step(real_site_data):
    """Every path with danger now or possibly, or 'not sure' (which counts as now), opens with the emergency services."""
    m = real_site_data.tables["breach-response"]
    seen = 0
    for _answers, result in reachable(m):
        if result.values.get("danger") in ("now", "possibly"):
            seen += 1
            first = result.rule.then["do"][0]
            assert "emergency services" in first and first.startswith("If "), f"{result.rule.id}: {first}"
            assert "emergency services" in result.rule.then["involve"][0]
    assert seen == 2
    assert walk(m, {"danger": "unsure"}).rule.id == walk(m, {"danger": "now"}).rule.id


def test_legal_demand_and_crime_paths_start_with_legal_advice_before_handing_over_or_telling(real_site_data):
    """A legal demand, inside information, stolen data or another crime: the first step is legal advice before handing over or telling anyone."""
    m = real_site_data.tables["breach-response"]
    seen = set()
    for _answers, result in reachable(m):
        if result.values.get("demand") == "yes" or result.values.get("crime") not in (None, "no"):
            seen.add(result.rule.id)
            first = result.rule.then["do"][0]
            assert first.startswith("Get legal advice before you hand anything over or tell anyone"), f"{result.rule.id}: {first}"
            assert result.rule.then["involve"][0] == "A lawyer, first"
    assert len(seen) == 4


def test_not_sure_always_takes_the_declared_safer_value(real_site_data):
    """The unsure values of the safety questions are the cautious ones."""
    m = real_site_data.tables["breach-response"]
    assert {q.id: q.unsure for q in m.questions if q.id in ("danger", "demand", "crime", "speakup", "who", "what", "harm")} == {
        "danger": "now",
        "demand": "yes",
        "crime": "crime",
        "speakup": "yes",
        "who": "records",
        "what": "third-party",  # not "records": client + records reads as "not a breach"
        "harm": "serious",
    }


def test_personal_data_out_of_the_coachs_hands_gets_data_protection_steps(real_site_data):
    """Every path where the coach's records left their hands carries the 72-hour step and names the jurisdiction."""
    m = real_site_data.tables["breach-response"]
    for _answers, result in reachable(m):
        if result.values.get("kind") == "data-leak":
            steps = " ".join(result.rule.then.get("data-protection", []))
            assert "72 hours" in steps and "Art. 33" in steps and "EU" in steps and "not legal advice" in steps, result.rule.id


def test_requests_to_the_coach_share_nothing_without_consent(real_site_data):
    """Someone asking the coach: no path tells the coach to disclose, and each says nothing goes without consent."""
    m = real_site_data.tables["breach-response"]
    for _answers, result in reachable(m):
        if result.values.get("route") == "request":
            text = " ".join(result.rule.then["do"]) + result.rule.then["verdict"]
            assert "without the client's consent" in text or "Share nothing" in text, result.rule.id


def test_ending_is_possible_for_more_than_a_repeat(real_site_data):
    """Some path ends the engagement without any repeat: being pressed to pass information on."""
    m = real_site_data.tables["breach-response"]
    ends = {result.rule.id for answers, result in reachable(m) if result.rule.then["engagement"] == "end" and result.values.get("frequency") != "after-raised"}
    assert ends


def test_safety_routes_ask_nothing_after_them(real_site_data):
    """Danger, a legal demand or a crime decide at once: no question about what happened or harm follows."""
    m = real_site_data.tables["breach-response"]
    for _answers, result in reachable(m):
        if result.values["route"] not in ("request", "disclosure"):
            assert set(result.asked) <= {"danger", "demand", "crime", "speakup"}


def test_engagement_is_asked_only_where_it_changes_the_answer(real_site_data):
    """A coach mid-crisis answers nothing in vain: wherever the helper asks about the engagement, another answer would change the response."""
    m = real_site_data.tables["breach-response"]
    values = [v.id for v in m.question("engagement").values]
    asked = 0
    for facts, result in reachable(m):
        if "engagement" not in result.asked:
            continue
        asked += 1
        others = {walk(m, {**facts, "engagement": v}).rule.id for v in values}
        assert len(others) > 1, f"engagement asked in vain on {facts}: every answer gives {others}"
    assert asked > 0, "the engagement question is never asked: the check proves nothing"
