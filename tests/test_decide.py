"""Decision tables: decide() and the build-time proof of completeness, uniqueness and reachability."""

from __future__ import annotations

import pytest

from macros.decide import NoDecision, combinations, decide, verify_table
from macros.model import DecisionTable


def table(rules: list[dict], policy: str = "priority") -> DecisionTable:
    """A two-input table (3 x 2 = 6 combinations) with the given rules."""
    return DecisionTable.model_validate(
        {
            "title": "Test table",
            "description": "For tests.",
            "page": "reference/decision-table.md",
            "hit_policy": policy,
            "inputs": [
                {"id": "harm", "question": "Harm?", "help": "h", "values": [{"id": "none", "label": "None"}, {"id": "some", "label": "Some"}, {"id": "serious", "label": "Serious"}]},
                {"id": "risk", "question": "Risk?", "help": "h", "values": [{"id": "present", "label": "Present"}, {"id": "absent", "label": "Absent"}]},
            ],
            "outputs": [{"id": "verdict", "label": "In short", "kind": "text"}],
            "rules": [
                {"then": {"verdict": r["id"]}, "reason": "r", "sources": {"perspectives": ["p"]}, **r} for r in rules
            ],
        }
    )


def rule(id: str, harm="any", risk="any", priority: int | None = None) -> dict:
    out = {"id": id, "when": {"harm": harm, "risk": risk}}
    if priority is not None:
        out["priority"] = priority
    return out


def test_combinations_cover_the_product_of_values():
    """Every input value pairs with every other: 3 x 2 = 6."""
    t = table([rule("R01", priority=0)])
    assert len(list(combinations(t))) == 6


def test_priority_picks_highest_matching_rule_not_first_row():
    """Safety rules win by policy even when written last."""
    t = table([rule("R01", priority=0), rule("R02", risk="present", priority=100)])
    assert decide(t, {"harm": "none", "risk": "present"}).id == "R02"
    assert decide(t, {"harm": "none", "risk": "absent"}).id == "R01"


def test_list_conditions_match_any_listed_value():
    """A list of values matches each of them and nothing else."""
    t = table([rule("R01", harm=["some", "serious"]), rule("R02", harm="none")], policy="unique")
    assert decide(t, {"harm": "serious", "risk": "absent"}).id == "R01"
    assert decide(t, {"harm": "none", "risk": "absent"}).id == "R02"


def test_verified_unique_table_has_no_findings():
    """A complete, non-overlapping unique table passes."""
    t = table([rule("R01", risk="present"), rule("R02", risk="absent")], policy="unique")
    assert verify_table(t) == []


def test_gap_lists_uncovered_combinations_and_count():
    """A gap names example combinations and the total number missed."""
    t = table([rule("R01", risk="present")], policy="unique")
    findings = verify_table(t)
    assert len(findings) == 1
    message = findings[0].message
    assert "gap: 3 combinations match no rule" in message
    assert "harm=none, risk=absent" in message


def test_gap_message_truncates_long_lists():
    """Beyond five examples the message says how many more there are."""
    t = table([rule("R01", harm="none", risk="present")], policy="unique")
    findings = verify_table(t, show=2)
    assert "(and 3 more)" in findings[0].message


def test_unique_overlap_names_both_rules_and_a_shared_case():
    """Two rules matching one combination under unique is an overlap naming both."""
    t = table([rule("R01", risk="present"), rule("R02"), ], policy="unique")
    messages = [f.message for f in verify_table(t)]
    assert any("overlap: rules R01 and R02 both match harm=none, risk=present" in m for m in messages)


def test_priority_tie_is_an_error():
    """Equal priorities on overlapping rules would make the answer depend on row order."""
    t = table([rule("R01", priority=5), rule("R02", risk="present", priority=5)])
    messages = [f.message for f in verify_table(t)]
    assert any("tie at equal priority: rules R01 and R02" in m for m in messages)


def test_shadowed_rule_names_the_rule_that_hides_it():
    """A rule that never wins is reported with the rule that always beats it."""
    t = table([rule("R01", priority=10), rule("R02", risk="present", priority=1)])
    findings = verify_table(t)
    assert [f.message for f in findings] == ["shadowed: rule R02 never wins; rule R01 always takes precedence"]
    assert findings[0].rule_index == 1


def test_rule_with_empty_condition_never_matches():
    """An empty list of values is reported as a rule that can never match."""
    t = table([rule("R01", priority=0), rule("R02", harm=[], priority=5)])
    assert any("R02 can never match" in f.message for f in verify_table(t))


def test_decide_refuses_gaps_and_missing_facts():
    """decide() never guesses: no match or a missing fact raises NoDecision."""
    t = table([rule("R01", risk="present")], policy="unique")
    with pytest.raises(NoDecision):
        decide(t, {"harm": "none", "risk": "absent"})
    with pytest.raises(NoDecision):
        decide(t, {"harm": "none"})


def test_real_table_decides_every_combination(real_site_data):
    """The shipped breach-response table answers all combinations, and risk rules win them all."""
    t = real_site_data.tables["breach-response"]
    assert verify_table(t) == []
    for facts in combinations(t):
        winner = decide(t, facts)
        if facts["risk"] == "present":
            assert winner.when["risk"] == "present", f"{winner.id} beats the risk rules for {facts}"
