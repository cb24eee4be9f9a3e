"""Evaluate a decision model (questions and linked decisions) and prove it complete and unambiguous.

A walk asks the questions in file order. A question whose `ask_when` does not hold is skipped and has
no value; only a condition of `any` matches a skipped question. Each decision is evaluated as soon as
everything it reads is settled, so later questions can depend on its output; a decision none of whose
inputs has a value is skipped, and its output has no value either. docs/assets/helper.js
mirrors `walk`, and the browser tests hold the two to the same answer on every reachable path.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from .model import ANY, UNSURE, Decision, DecisionModel, Rule, as_list

Facts = Mapping[str, str]

# A hostile or runaway file must not hang the build: verification refuses models with more paths.
MAX_PATHS = 50_000
# Verification tries every rule on every path, so its cost is paths x rules. Past this many rule
# checks (a few seconds here) a hostile or runaway file is refused; the shipped model needs ~0.1M.
MAX_RULE_CHECKS = 2_000_000


def condition_holds(condition, value: str | None) -> bool:
    """`any` accepts everything, including no value; otherwise the value must be listed."""
    if condition == ANY:
        return True
    if value is None:
        return False
    return value in as_list(condition)


def rule_matches(rule: Rule, env: Facts) -> bool:
    """A rule matches when every condition accepts the value it names (an input not named accepts anything)."""
    return all(condition_holds(cond, env.get(key)) for key, cond in rule.when.items())


def applies(conditions: Mapping, env: Facts) -> bool:
    """Whether a question's ask_when holds."""
    return all(condition_holds(cond, env.get(key)) for key, cond in conditions.items())


class NoDecision(LookupError):
    """A gap or an ambiguity; verification rules this out on every reachable path of a valid model."""

    def __init__(self, message: str, decision: int = -1, kind: str = "", rules: tuple[str, ...] = ()):
        super().__init__(message)
        self.decision = decision
        self.kind = kind
        self.rules = rules


def contenders(decision: Decision, env: Facts) -> tuple[list[Rule], list[Rule]]:
    """The matching rules, and those among them that share the top place under the hit policy."""
    hits = [rule for rule in decision.rules if rule_matches(rule, env)]
    if not hits or decision.hit_policy == "unique":
        return hits, hits
    top = max(r.priority or 0 for r in hits)
    return hits, [r for r in hits if (r.priority or 0) == top]


def decide_one(decision: Decision, env: Facts, index: int = -1) -> Rule:
    """The single winning rule of one decision for these values."""
    hits, top = contenders(decision, env)
    if not hits:
        raise NoDecision(f"decision '{decision.id}': no rule matches", index, "gap")
    if len(top) > 1:
        kind = "overlap" if decision.hit_policy == "unique" else "tie"
        raise NoDecision(f"decision '{decision.id}': rules {top[0].id} and {top[1].id} both match", index, kind, (top[0].id, top[1].id))
    return top[0]


def ready_at(model: DecisionModel) -> list[int]:
    """For each decision, the index of the first question it must be evaluated before (len(questions) = at the end)."""
    position = {q.id: n + 1 for n, q in enumerate(model.questions)}
    out: list[int] = []
    for decision in model.decisions:
        at = 0
        for key in decision.inputs:
            at = max(at, position.get(key, 0))
        out.append(at)
        if decision.output is not None:
            position[decision.output.id] = at
    return out


@dataclass
class Walk:
    """Where a set of answers leads: the questions asked, the outputs, and either the next question or the response."""

    asked: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)  # asked questions' values and decisions' outputs
    unsure: list[str] = field(default_factory=list)  # questions answered "not sure", in order
    winners: dict[str, Rule] = field(default_factory=dict)  # decision id -> winning rule
    pending: str | None = None  # the next question to answer, if any
    rule: Rule | None = None  # the response rule, once every asked question has an answer


def walk(model: DecisionModel, answers: Facts, *, ready: list[int] | None = None) -> Walk:
    """Follow the answers through the model. Answers to questions not asked are ignored; "unsure" stands for the question's unsure value."""
    ready = ready if ready is not None else ready_at(model)
    state = Walk()
    done = 0
    for n, question in enumerate(model.questions):
        done = _settle(model, state, ready, done, n)
        if not applies(question.ask_when, state.values):
            continue
        given = answers.get(question.id)
        if given == UNSURE:
            state.unsure.append(question.id)
            given = question.unsure
        if given is None or given not in {v.id for v in question.values}:
            state.pending = question.id
            return state
        state.values[question.id] = given
        state.asked.append(question.id)
    _settle(model, state, ready, done, len(model.questions))
    if model.final.id not in state.winners:
        raise NoDecision(f"decision '{model.final.id}': none of its inputs was asked", len(model.decisions) - 1, "gap")
    state.rule = state.winners[model.final.id]
    return state


def _settle(model: DecisionModel, state: Walk, ready: list[int], done: int, upto: int) -> int:
    """Evaluate, in order, every decision due before question `upto`; return how many are done."""
    while done < len(model.decisions) and ready[done] <= upto:
        decision = model.decisions[done]
        if not any(key in state.values for key in decision.inputs):
            # Nothing it reads was asked on this path, so it does not apply and its output has no value.
            done += 1
            continue
        rule = decide_one(decision, state.values, done)
        state.winners[decision.id] = rule
        # check_model gives every rule of a decision with an output one; a rule without gives no value.
        if decision.output is not None and rule.output is not None:
            state.values[decision.output.id] = rule.output
        done += 1
    return done


def decide(model: DecisionModel, facts: Facts) -> Rule:
    """The response rule for a complete set of answers; NoDecision if a question on the path has no answer."""
    result = walk(model, facts)
    if result.rule is None:  # walk gives a rule or raises, unless a question on the path is still pending
        raise NoDecision(f"no answer given for '{result.pending}', which is asked on this path")
    return result.rule


# --- verification --------------------------------------------------------------


class ModelTooLarge(ValueError):
    """More paths than MAX_PATHS: the build refuses rather than spend minutes or hours checking."""


def paths(model: DecisionModel, limit: int = MAX_PATHS) -> Iterator[tuple[dict[str, str], Walk | NoDecision]]:
    """Every reachable path: answers consistent with ask_when, each ending in a response or a NoDecision."""
    ready = ready_at(model)
    rules = sum(len(decision.rules) for decision in model.decisions)
    limit = min(limit, max(1, MAX_RULE_CHECKS // max(rules, 1)))
    stack: list[dict[str, str]] = [{}]
    count = 0
    while stack:
        answers = stack.pop()
        try:
            result = walk(model, answers, ready=ready)
        except NoDecision as exc:
            count += 1
            _guard(count, limit)
            yield answers, exc
            continue
        if result.pending is None:
            count += 1
            _guard(count, limit)
            yield answers, result
            continue
        question = model.question(result.pending)
        for value in reversed(question.values):
            stack.append({**answers, question.id: value.id})


def _guard(count: int, limit: int) -> None:
    if count > limit:
        raise ModelTooLarge(
            f"the model has more than {limit} reachable paths, the most the build verifies "
            f"(at most {MAX_PATHS:,} paths, and at most {MAX_RULE_CHECKS:,} rule checks: paths times rules); "
            "split questions with ask_when, use fewer values or fewer rules"
        )


@dataclass(frozen=True)
class Finding:
    """One verification failure, located by decision and rule (or question) index where it has one."""

    where: tuple
    message: str


def describe(facts: Facts) -> str:
    return ", ".join(f"{k}={v}" for k, v in facts.items()) or "(no answers)"


def verify_model(model: DecisionModel, *, limit: int = MAX_PATHS, show: int = 3, stats: dict | None = None) -> list[Finding]:
    """Walk every reachable path: gaps, ties or overlaps, unasked questions, dead and shadowed rules.

    `stats`, if given, receives the number of paths walked, so pages can quote it without walking again.
    """
    findings: list[Finding] = []
    asked: set[str] = set()
    matched: set[tuple[int, str]] = set()
    won: set[tuple[int, str]] = set()
    winners_where: dict[tuple[int, str], dict[str, int]] = {}
    gaps: dict[int, list[dict[str, str]]] = {}
    gap_counts: dict[int, int] = {}
    clashes: dict[tuple[int, str, str], tuple[str, dict[str, str]]] = {}
    try:
        for answers, result in paths(model, limit):
            if stats is not None:
                stats["paths"] = stats.get("paths", 0) + 1
            if isinstance(result, NoDecision):
                if result.kind == "gap":
                    gap_counts[result.decision] = gap_counts.get(result.decision, 0) + 1
                    examples = gaps.setdefault(result.decision, [])
                    if len(examples) < show:
                        examples.append(answers)
                else:
                    first, second = result.rules  # an overlap or a tie names the two rules that clash
                    clashes.setdefault((result.decision, first, second), (result.kind, answers))
                continue
            asked.update(result.asked)
            # Replay each decision on its own inputs to see every rule that matched, not just the winner.
            for n, decision in enumerate(model.decisions):
                if decision.id not in result.winners:
                    continue
                env = {k: result.values[k] for k in decision.inputs if k in result.values}
                hits, _ = contenders(decision, env)
                winner = result.winners[decision.id].id
                won.add((n, winner))
                for rule in hits:
                    matched.add((n, rule.id))
                    if rule.id != winner:
                        tally = winners_where.setdefault((n, rule.id), {})
                        tally[winner] = tally.get(winner, 0) + 1
    except ModelTooLarge as exc:
        return [Finding(("questions",), str(exc))]
    for n, examples in gaps.items():
        count = gap_counts[n]
        more = f" (and {count - len(examples)} more)" if count > len(examples) else ""
        listed = "; ".join(describe(a) for a in examples)
        findings.append(
            Finding(
                ("decisions", n, "rules"),
                f"gap: {count} path{'s' if count != 1 else ''} match no rule of decision '{model.decisions[n].id}', e.g. {listed}{more}",
            )
        )
    for (n, a, b), (kind, answers) in clashes.items():
        what = "overlap" if kind == "overlap" else "tie at equal priority"
        index = next(k for k, r in enumerate(model.decisions[n].rules) if r.id == b)
        findings.append(Finding(("decisions", n, "rules", index, "when"), f"{what}: rules {a} and {b} both match on the path {describe(answers)}"))
    if not gaps and not clashes:
        for k, question in enumerate(model.questions):
            if question.id not in asked:
                findings.append(Finding(("questions", k, "ask_when"), f"question '{question.id}' is never asked: its ask_when holds on no reachable path"))
        order = {r.id: k for n, d in enumerate(model.decisions) for k, r in enumerate(d.rules)}
        for n, decision in enumerate(model.decisions):
            for k, rule in enumerate(decision.rules):
                if (n, rule.id) in won:
                    continue
                if (n, rule.id) not in matched:
                    findings.append(Finding(("decisions", n, "rules", k, "when"), f"dead rule: {rule.id} matches no reachable path"))
                    continue
                hiders = sorted(winners_where.get((n, rule.id), {}), key=lambda rule_id: order[rule_id])
                who = f"rule {hiders[0]} always takes" if len(hiders) == 1 else f"rules {', '.join(hiders[:-1])} and {hiders[-1]} always take"
                findings.append(Finding(("decisions", n, "rules", k, "priority"), f"shadowed: rule {rule.id} never wins; {who} precedence"))
    return findings


def reachable(model: DecisionModel, limit: int = MAX_PATHS) -> list[tuple[dict[str, str], Walk]]:
    """Every complete path and where it leads; for tests and the agreement check with the page script."""
    out = []
    for answers, result in paths(model, limit):
        if isinstance(result, NoDecision):
            raise result
        out.append((answers, result))
    return out
