"""Evaluate decision tables and prove them complete and unambiguous."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Iterator, Mapping

from .model import ANY, DecisionTable, Rule

Facts = Mapping[str, str]


def rule_matches(rule: Rule, facts: Facts) -> bool:
    """A rule matches when every input's condition accepts the fact's value."""
    for input_id, condition in rule.when.items():
        if condition == ANY:
            continue
        allowed = condition if isinstance(condition, list) else [condition]
        if facts[input_id] not in allowed:
            return False
    return True


def matching_rules(table: DecisionTable, facts: Facts) -> list[Rule]:
    return [rule for rule in table.rules if rule_matches(rule, facts)]


class NoDecision(LookupError):
    """The facts fall in a gap or an ambiguity; verification rules this out for valid tables."""


def decide(table: DecisionTable, facts: Facts) -> Rule:
    """The single rule that answers these facts under the table's hit policy."""
    missing = [i.id for i in table.inputs if i.id not in facts]
    if missing:
        raise NoDecision(f"no value given for {', '.join(missing)}")
    hits = matching_rules(table, facts)
    if not hits:
        raise NoDecision("no rule matches these facts")
    if table.hit_policy == "unique":
        if len(hits) > 1:
            raise NoDecision(f"rules {hits[0].id} and {hits[1].id} both match")
        return hits[0]
    top = max(r.priority or 0 for r in hits)
    winners = [r for r in hits if (r.priority or 0) == top]
    if len(winners) > 1:
        raise NoDecision(f"rules {winners[0].id} and {winners[1].id} both match at priority {top}")
    return winners[0]


def combinations(table: DecisionTable) -> Iterator[dict[str, str]]:
    """Every possible set of facts: the product of each input's closed values."""
    ids = [i.id for i in table.inputs]
    for values in itertools.product(*[[v.id for v in i.values] for i in table.inputs]):
        yield dict(zip(ids, values))


@dataclass(frozen=True)
class Finding:
    """One verification failure, tied to the rule (if any) it is about."""

    rule_index: int | None
    field: str
    message: str


def describe(facts: Facts) -> str:
    return ", ".join(f"{k}={v}" for k, v in facts.items())


def verify_table(table: DecisionTable, *, show: int = 5) -> list[Finding]:
    """Check every combination: gaps, overlaps (unique) or ties and shadowed rules (priority)."""
    findings: list[Finding] = []
    index = {rule.id: n for n, rule in enumerate(table.rules)}
    gaps: list[dict[str, str]] = []
    gap_count = 0
    overlaps: dict[tuple[str, str], dict[str, str]] = {}
    wins: set[str] = set()
    matched: set[str] = set()
    for facts in combinations(table):
        hits = matching_rules(table, facts)
        matched.update(r.id for r in hits)
        if not hits:
            gap_count += 1
            if len(gaps) < show:
                gaps.append(facts)
            continue
        if table.hit_policy == "unique":
            contenders = hits
        else:
            top = max(r.priority or 0 for r in hits)
            contenders = [r for r in hits if (r.priority or 0) == top]
        if len(contenders) > 1:
            for a, b in itertools.combinations(contenders, 2):
                overlaps.setdefault((a.id, b.id), facts)
        else:
            wins.add(contenders[0].id)
    if gap_count:
        listed = "; ".join(describe(f) for f in gaps)
        more = f" (and {gap_count - len(gaps)} more)" if gap_count > len(gaps) else ""
        findings.append(
            Finding(None, "rules", f"gap: {gap_count} combination{'s' if gap_count != 1 else ''} match no rule, e.g. {listed}{more}")
        )
    for (a, b), facts in overlaps.items():
        what = "overlap" if table.hit_policy == "unique" else "tie at equal priority"
        findings.append(Finding(index[b], "when", f"{what}: rules {a} and {b} both match {describe(facts)}"))
    for n, rule in enumerate(table.rules):
        if rule.id not in matched:
            findings.append(Finding(n, "when", f"rule {rule.id} can never match: a condition accepts no value"))
        elif table.hit_policy == "priority" and rule.id not in wins and not any(rule.id in p for p in overlaps):
            hiders = _hiders(table, rule)
            who = f"rule {hiders[0]} always takes" if len(hiders) == 1 else f"rules {', '.join(hiders[:-1])} and {hiders[-1]} always take"
            findings.append(Finding(n, "priority", f"shadowed: rule {rule.id} never wins; {who} precedence"))
    return findings


def _hiders(table: DecisionTable, rule: Rule) -> list[str]:
    """The rules that win wherever `rule` matches, in table order, to name in the message."""
    counts: dict[str, int] = {}
    for facts in combinations(table):
        if rule_matches(rule, facts):
            try:
                winner = decide(table, facts).id
            except NoDecision:
                continue
            counts[winner] = counts.get(winner, 0) + 1
    order = {r.id: n for n, r in enumerate(table.rules)}
    return sorted(counts, key=order.get) or ["(none)"]
