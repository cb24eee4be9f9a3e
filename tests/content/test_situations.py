"""Content tests: realistic situations, as a coach would describe them, and what a sound answer must contain.

Each situation gives its answers to the questions on its path through the breach-response model and names
the properties a sound response must have. The properties are small predicates over the winning rule's
outputs (verdict, do, say, involve, engagement, data-protection, sources), so a rule whose wording or
priority is wrong fails here: a missing emergency step, legal advice that no longer comes first, a
data-protection list without the 72 hours, an ending that is no longer offered. Scenario files are held
to the properties their own facts imply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from macros.decide import walk
from macros.model import UNSURE, DecisionModel
from macros.site import Site
from tests.paths import ROOT

HELPER_TEMPLATE = ROOT / "macros" / "templates" / "helper.html"


@pytest.fixture(scope="module")
def site(real_site_data):
    """The real data (loaded once per session by the top conftest), by the name every property uses."""
    return real_site_data


@pytest.fixture(scope="module")
def model(site):
    return site.tables["breach-response"]


@dataclass
class Answer:
    """The response a walk ends in, with the parts the properties read."""

    rule_id: str
    verdict: str
    do: list[str]
    say: str
    involve: list[str]
    engagement: str
    data_protection: list[str]
    reason: str
    standards: list[str]
    perspectives: list[str]
    route: str | None
    kind: str | None
    unsure: list[str]
    answers: dict
    model: DecisionModel
    site: Site

    @property
    def text(self) -> str:
        """Everything the reader sees, for checks that may be met anywhere in the response."""
        return " ".join([self.verdict, *self.do, self.say, *self.involve, *self.data_protection, self.reason])


def one(value: str | list[str]) -> str:
    """An output the model declares as one text, not a list of steps."""
    assert isinstance(value, str), f"expected one text, got a list: {value}"
    return value


def answer(site: Site, model: DecisionModel, facts: dict) -> Answer:
    result = walk(model, facts)
    assert result.pending is None, f"situation leaves '{result.pending}' unanswered"
    stray = set(facts) - set(result.asked)
    assert not stray, f"answers to questions not asked on this path: {sorted(stray)}"
    rule = result.rule
    assert rule is not None and rule.then is not None, f"no response for {facts}"
    then = rule.then
    sources = rule.sources
    return Answer(
        rule_id=rule.id,
        verdict=one(then["verdict"]),
        do=list(then["do"]),
        say=one(then["say"]),
        involve=list(then["involve"]),
        engagement=one(then["engagement"]),
        data_protection=list(then.get("data-protection") or []),
        reason=rule.reason or "",
        standards=list(sources.standards if sources else []),
        perspectives=list(sources.perspectives if sources else []),
        route=result.values.get("route"),
        kind=result.values.get("kind"),
        unsure=list(result.unsure),
        answers=dict(facts),
        model=model,
        site=site,
    )


def has(text: str, *patterns: str) -> bool:
    return all(re.search(p, text, re.I) for p in patterns)


def any_step(steps: list[str], *patterns: str) -> bool:
    return any(has(step, *patterns) for step in steps)


# --- properties of a sound answer ------------------------------------------------
# Each takes an Answer and raises AssertionError saying what is missing.


def emergency_first(a: Answer):
    """Danger now: the first thing to do is call the emergency services, and the coaching pauses."""
    assert has(a.do[0], r"emergency services", r"\bcall"), f"{a.rule_id}: first step is not the emergency call: {a.do[0]!r}"
    assert has(a.involve[0], r"emergency services"), f"{a.rule_id}: the emergency services are not the first to involve"
    assert a.engagement == "pause", f"{a.rule_id}: engagement is {a.engagement}, not pause"


def emergency_in_reach(a: Answer):
    """Possible danger: the emergency step is first, conditionally, the risk is acted on today, and the coaching pauses."""
    assert has(a.do[0], r"emergency services"), f"{a.rule_id}: first step does not name the emergency services: {a.do[0]!r}"
    assert any_step(a.do, r"\btoday\b"), f"{a.rule_id}: nothing is done today"
    assert a.engagement == "pause", f"{a.rule_id}: engagement is {a.engagement}, not pause"


def safety_before_confidentiality(a: Answer):
    """The verdict puts safety first, and the reader is told confidentiality has agreed limits."""
    assert has(a.verdict, r"safety|danger|risk"), f"{a.rule_id}: verdict does not lead with safety"
    assert has(a.say, r"limits|before anything we agreed|comes before"), f"{a.rule_id}: what to say does not name the limits of confidentiality"


def legal_advice_first(a: Answer):
    """Legal demand or suspected crime: legal advice before handing anything over or telling anyone."""
    assert has(a.do[0], r"legal advice", r"before", r"hand anything over", r"tell anyone"), (
        f"{a.rule_id}: first step is not legal advice before handing over or telling: {a.do[0]!r}"
    )
    assert has(a.do[0], r"investigation"), f"{a.rule_id}: first step does not say why (warning someone can harm an investigation)"
    assert has(a.involve[0], r"lawyer"), f"{a.rule_id}: a lawyer is not the first to involve"
    assert has(a.verdict, r"legal advice"), f"{a.rule_id}: the verdict does not say legal advice"


def client_told_only_when_safe(a: Answer):
    """Under a legal demand or suspected crime the client hears only once the lawyer agrees."""
    assert any_step(a.do, r"client", r"(lawyer says|lawyer agrees|once your lawyer)"), f"{a.rule_id}: no step holds telling the client until the lawyer agrees"


def records_kept_unchanged(a: Answer):
    """Nothing is destroyed, edited or tidied once the law may be involved."""
    assert any_step(a.do, r"(do not destroy|as they are|unchanged|do not delete)"), f"{a.rule_id}: no step keeps the records unchanged"


def no_privilege_claimed(a: Answer):
    """Coaching is not legally privileged, and the response must not suggest it is."""
    text = a.text
    assert not has(text, r"\bis (legally )?privileged"), f"{a.rule_id}: suggests coaching is privileged"
    if a.route == "legal-demand":
        assert has(text, r"not legally privileged|no privilege|not privileged"), f"{a.rule_id}: does not say coaching is not privileged"


def law_caveat(a: Answer):
    """Where the law is involved: says it is not legal advice and names a jurisdiction or says the rules differ."""
    assert has(a.text, r"not legal advice"), f"{a.rule_id}: does not say it is not legal advice"
    assert has(a.text, r"\b(EU|UK|US)\b|differ|vary|varies"), f"{a.rule_id}: names no jurisdiction and does not say the law varies"


def data_protection_steps(a: Answer):
    """Records out of the coach's hands: controller, 72 hours, supervisory authority, people affected, EU/UK, not legal advice."""
    dp = " ".join(a.data_protection)
    assert dp, f"{a.rule_id}: no data-protection steps"
    for pattern, what in [
        (r"controller", "the coach as controller"),
        (r"72 hours", "the 72-hour deadline"),
        (r"supervisory authority", "the supervisory authority"),
        (r"\bEU\b", "the EU named"),
        (r"\bUK\b", "the UK named"),
        (r"not legal advice", "not legal advice"),
        (r"(tell|inform) (the people affected|them)", "telling the people affected"),
        (r"high", "when the risk is high"),
    ]:
        assert re.search(pattern, dp, re.I), f"{a.rule_id}: data-protection steps lack {what}"
    assert "gdpr-breach-notification" in a.standards, f"{a.rule_id}: does not cite the GDPR breach notification duty"


def leak_contained_and_client_told(a: Answer):
    """A leak is stopped first and the client hears it from the coach."""
    assert has(a.do[0], r"(stop|contain|recall)"), f"{a.rule_id}: first step does not stop the leak: {a.do[0]!r}"
    assert any_step(a.do, r"tell the client"), f"{a.rule_id}: no step tells the client"
    assert has(a.involve[0], r"client"), f"{a.rule_id}: the client is not the first to involve"


def own_the_breach(a: Answer):
    """The coach's own slip: the coach owns it, apologises and tells those concerned."""
    assert has(a.verdict + a.say, r"(yours|my mistake|I made a mistake|I'm (so )?sorry)"), f"{a.rule_id}: the coach does not own the breach"
    assert any_step(a.do, r"tell the client"), f"{a.rule_id}: no step tells the client"


def nothing_without_consent(a: Answer):
    """A request to the coach: nothing from the coaching is shared without the client's consent (the law aside), and the client is told."""
    assert any_step(a.do, r"(share nothing|nothing .* shared|nothing else)"), f"{a.rule_id}: no step says nothing is shared"
    assert any_step(a.do, r"without the client's consent|confirm or deny"), f"{a.rule_id}: sharing is not tied to the client's consent"
    assert any_step(a.do, r"tell the client"), f"{a.rule_id}: no step tells the client about the request"
    assert not any_step(a.do, r"(report|tell|inform) .*(sponsor|organisation|HR)\b.*(concern|what was said|what the client said)"), (
        f"{a.rule_id}: a step passes concerns on"
    )


def nothing_confirmed(a: Answer):
    """Someone outside the engagement: not even the fact of coaching is confirmed."""
    assert any_step(a.do, r"(confirm or deny|not even whether)") or has(a.verdict, r"not even whether"), f"{a.rule_id}: does not refuse to confirm the coaching"


def client_not_in_breach(a: Answer):
    """The client has broken nothing: nothing says breach (other than 'not a breach'), blames, or warns of a repeat."""
    text = " ".join([a.verdict, *a.do, a.say])
    for match in re.finditer(r"breach", text, re.I):
        before = text[max(0, match.start() - 12) : match.start()].lower()
        assert "not a " in before or "no " in before, f"{a.rule_id}: calls it a breach: …{text[max(0, match.start() - 60) : match.end()]}"
    assert not has(text, r"what a repeat would mean|on purpose|wasn't theirs|not theirs to share"), f"{a.rule_id}: treats the client as having done wrong"


def not_a_breach(a: Answer):
    """Not a breach at all, and the coaching goes on."""
    assert has(a.verdict, r"^not a (breach|confidentiality crisis)"), f"{a.rule_id}: verdict does not open with 'Not a breach': {a.verdict!r}"
    assert a.engagement == "continue", f"{a.rule_id}: engagement is {a.engagement}"


def coach_keeps_confidence(a: Answer):
    """The coach's own duty is restated: they keep confidentiality whatever the client did."""
    assert has(a.text, r"(your own confidentiality|I won't (discuss|pass on)|won't pass on|keep (your|my) (own )?confidentiality|don't pass their name)"), (
        f"{a.rule_id}: the coach's own duty is not restated"
    )


def speak_up_supported(a: Answer):
    """Someone speaking up is supported, not discouraged, and not reported."""
    assert any_step(a.do, r"don't (treat|discourage)"), f"{a.rule_id}: does not protect the person speaking up"
    assert a.engagement == "continue", f"{a.rule_id}: engagement is {a.engagement}"


def inside_information_steps(a: Answer):
    """Inside information: no trading, no passing on, legal advice, sourced to MAR."""
    assert any_step(a.do, r"(buy or sell|trade|deal)"), f"{a.rule_id}: does not forbid trading"
    assert any_step(a.do, r"(do not repeat|don't repeat|pass .* on|passing .* on)"), f"{a.rule_id}: does not forbid passing it on"
    assert has(a.text, r"unlawful"), f"{a.rule_id}: does not say passing it on can be unlawful"
    assert "eu-mar-inside-information" in a.standards, f"{a.rule_id}: does not cite the Market Abuse Regulation"


def stolen_data_untouched(a: Answer):
    """Stolen data: not used, copied or passed on, not destroyed either, and data-protection duties flagged."""
    assert any_step(a.do, r"do not .*(use|copy|forward)"), f"{a.rule_id}: does not forbid using the data"
    assert any_step(a.do, r"(do not delete|not .* delete)"), f"{a.rule_id}: does not stop the coach destroying it"
    assert a.data_protection and has(" ".join(a.data_protection), r"72 hours"), f"{a.rule_id}: no data-protection steps"


def no_investigating(a: Answer):
    """Suspected crime: the coach does not investigate."""
    assert any_step(a.do, r"do not investigate|don't investigate"), f"{a.rule_id}: does not tell the coach not to investigate"


def stop_it_first(a: Answer):
    """Still going on: stopping it comes first."""
    assert has(a.verdict, r"stop it first|stop"), f"{a.rule_id}: verdict does not put stopping first"
    assert has(a.do[0], r"stop"), f"{a.rule_id}: first step does not stop it: {a.do[0]!r}"


def ending_possible(a: Answer):
    """A repeat after being raised, pressure, or continuing harm: ending the engagement is offered."""
    assert a.engagement == "end" or any_step(a.do, r"\bend\b"), f"{a.rule_id}: ending is not offered (engagement {a.engagement})"
    if a.engagement == "end" or any_step(a.do, r"\bend\b"):
        assert any_step(a.do, r"(contract|fairly|notice)"), f"{a.rule_id}: ending is offered without the contract's terms"


def proportionate(a: Answer):
    """A small first slip: no ending, no pause, no authorities."""
    assert a.engagement == "continue", f"{a.rule_id}: engagement is {a.engagement}"
    assert not any_step(a.do, r"\bend\b|emergency|supervisory authority"), f"{a.rule_id}: overreacts"


def group_ground_rules(a: Answer):
    """In a group: the ground rules are restated with everyone, without naming anyone."""
    assert any_step(a.do, r"ground rules", r"without naming anyone"), f"{a.rule_id}: ground rules not restated without naming anyone"


def person_affected_checked(a: Answer):
    """Whoever the information was about is looked after."""
    assert any_step(a.do, r"(check|contact|look after|people harmed|person it was about|whoever)"), f"{a.rule_id}: no one checks on the person affected"


def not_behind_the_clients_back(a: Answer):
    """Where the response brings in the sponsor or organisation, it is only with consent or the client's knowledge."""
    if not has(" ".join([*a.do, *a.involve]), r"\b(sponsor|organisation|employer|HR)\b"):
        return
    assert has(" ".join([*a.do, *a.involve]), r"(with the client's knowledge|only with consent|without consent|client's consent)"), (
        f"{a.rule_id}: nothing stops the coach reporting behind the client's back"
    )


def advice_before_a_claim(a: Answer):
    """A dispute over the coach's materials: advice before any formal step, and the client first."""
    assert any_step(a.do, r"advice before"), f"{a.rule_id}: no advice before a formal step"
    assert has(a.involve[0], r"client"), f"{a.rule_id}: the client is not the first to involve"


def recording_handled(a: Answer):
    """A secret recording: stop it, delete copies, agree recordings in writing; consent law varies."""
    assert any_step(a.do, r"stop", r"delete"), f"{a.rule_id}: does not ask for recording to stop and copies to be deleted"
    assert any_step(a.do, r"agree in writing", r"record"), f"{a.rule_id}: no written agreement on recordings"
    assert has(a.text, r"(consent|agreement)") and has(a.text, r"var(y|ies)|depends on the country|differ"), (
        f"{a.rule_id}: does not say recording-consent law varies"
    )


def records_given_to_client(a: Answer):
    """The client asks for their own records: a copy is given, other people's details are left out, nothing is
    deleted while a legal demand or dispute is open, and the right of access is cited."""
    assert not any_step(a.do, r"confirm or deny"), f"{a.rule_id}: refuses to confirm the coaching to the client themselves"
    assert any_step(a.do, r"\bcopy\b"), f"{a.rule_id}: no step gives the client a copy"
    assert any_step(a.do, r"(remove|leave out|redact) other people's details"), f"{a.rule_id}: third parties' details are not kept out"
    assert any_step(a.do, r"delete", r"delete nothing", r"lawyer"), f"{a.rule_id}: deletion is not held while a legal demand or dispute is open"
    assert "gdpr-art-15-access" in a.standards and has(" ".join(a.data_protection), r"Art\. 15"), f"{a.rule_id}: the right of access is not cited"
    assert a.engagement == "continue", f"{a.rule_id}: engagement is {a.engagement}"


def threat_to_coach(a: Answer):
    """A threat against the coach: the coach's own safety is a step, not only the client's or a third person's."""
    assert any_step(a.do, r"threat is to you", r"(safety|alone|police)"), f"{a.rule_id}: nothing for a coach who is the one threatened"


def child_not_kept_waiting(a: Answer):
    """A child may be at risk: no waiting for the client's agreement; child protection or the police today."""
    assert any_step(a.do, r"child", r"do not wait", r"(child-protection|police)"), f"{a.rule_id}: a child at risk waits on the client's agreement"


def safe_contact(a: Answer):
    """Someone may be watching the client's messages: the coach agrees a safe way to reach them."""
    assert any_step(a.do, r"safe way to reach"), f"{a.rule_id}: contacting the client could alert an abuser"


def deadline_noted(a: Answer):
    """A court order or demand usually has a date: it goes to the lawyer at once."""
    assert any_step(a.do, r"deadline"), f"{a.rule_id}: the demand's deadline is not noted"


def planned_leak_addressed(a: Answer):
    """A client who says they will pass inside information on is told it may be unlawful, the same day."""
    assert any_step(a.do, r"says they will pass", r"(unlawful|breaking the law)", r"same day"), f"{a.rule_id}: nothing about a leak the client is planning"


def lost_device_wiped(a: Answer):
    """Notes on a lost or stolen device: wiping it remotely is part of containing the leak."""
    assert has(a.do[0], r"wipe", r"(lost|stolen)"), f"{a.rule_id}: containing the leak does not cover a lost or stolen device"


def not_used_behind_the_back(a: Answer):
    """Something about the client sent to the coach without the client's knowledge is not used behind their back."""
    assert any_step(a.do, r"passed to you", r"behind (their|the client's) back"), f"{a.rule_id}: nothing stops the coach using it behind the client's back"


def coach_repairs_own_words(a: Answer):
    """The coach's own remark did serious harm: the coach, not the client, apologises and tells the insurer."""
    assert any_step(a.do, r"seriously harmed", r"apologise", r"insurer"), f"{a.rule_id}: the coach does not own the harm their words did"


def internal_coach_route(a: Answer):
    """An internal coach pressed by their own manager cannot simply end: the conflict goes through the agreed route."""
    assert any_step(a.do, r"internal coach", r"conflicts of interest"), f"{a.rule_id}: no route for an internal coach under pressure"


def held_not_acted_on(a: Answer):
    """Confidential plans passed to the coach: not passed on or acted on; the sender tells the client; supervision."""
    assert any_step(a.do, r"passed to you", r"don't pass it on or act on it", r"sender to tell the client", r"conflict of interest"), (
        f"{a.rule_id}: nothing for plans passed to the coach"
    )


def whistleblower_pointed_to_advice(a: Answer):
    """A client who wants to raise wrongdoing is pointed to proper routes and to advice for people who raise concerns."""
    assert any_step(a.do, r"wants to raise", r"advice service for people who raise concerns"), f"{a.rule_id}: no help for a client who wants to raise it"


def intent_not_assumed(a: Answer):
    """The coach answered "Not sure" about intent: the words offered must not tell the client they did it on purpose."""
    assert not has(a.say, r"(by choice|you chose|on purpose|deliberately)"), (
        f"{a.rule_id}: the words accuse the client of intent the coach is unsure of: {a.say!r}"
    )


def supervision(a: Answer):
    """The dilemma goes to a supervisor."""
    assert has(" ".join([*a.do, *a.involve]), r"supervis"), f"{a.rule_id}: no supervisor"


def what_to_say(a: Answer):
    """There are words the coach can use, in quotation marks."""
    assert re.search(r"[“\"].{20,}[”\"]", a.say, re.S), f"{a.rule_id}: no words to say"


def sourced(a: Answer):
    """The response names real sources and gives its reason."""
    known = set(a.site.standards)
    assert a.standards, f"{a.rule_id}: cites no standard"
    assert set(a.standards) <= known, f"{a.rule_id}: unknown standards {set(a.standards) - known}"
    assert len(a.reason) > 60, f"{a.rule_id}: no reason given"


ENGAGEMENT_RANK = {"continue": 0, "review": 1, "pause": 2, "end": 2}


def caution(a: Answer) -> tuple[int, int, int]:
    """A rough order of caution: safety or legal step first, then data-protection duties, then (for a request)
    how little is shared or (otherwise) how far the work stops."""
    tier = 2 if has(a.do[0], r"emergency services") else 1 if has(a.do[0], r"legal advice") else 0
    if a.route == "request":
        # How little is shared counts before data protection: handing a client their own records is not "more cautious".
        guarded = 2 if any_step(a.do, r"confirm or deny") else 0 if any_step(a.do, r"\bgive only\b") else 1
        return (tier, guarded, int(bool(a.data_protection)))
    return (tier, int(bool(a.data_protection)), ENGAGEMENT_RANK[a.engagement])


def _cautious_fill(model, facts: dict) -> dict:
    """Complete a set of answers by answering every further question on the path with its safer value."""
    facts = dict(facts)
    while (pending := walk(model, facts).pending) is not None:
        facts[pending] = UNSURE
    return facts


def unsure_is_cautious(a: Answer):
    """Each "Not sure" is recorded, so the page can say so, and leads to a response at least as cautious as any definite answer."""
    asked_unsure = [q for q, v in a.answers.items() if v == UNSURE]
    assert asked_unsure, "property used on a situation with no 'unsure' answer"
    assert a.unsure == [q.id for q in a.model.questions if q.id in asked_unsure], f"{a.rule_id}: not-sure answers not recorded: {a.unsure}"
    mine = caution(a)
    for qid in asked_unsure:
        for value in a.model.question(qid).values:
            other = _cautious_fill(a.model, {**a.answers, qid: value.id})
            alt = walk(a.model, other)
            alt_answer = answer(a.site, a.model, {k: v for k, v in other.items() if k in alt.asked})
            assert mine >= caution(alt_answer), (
                f"'Not sure' for {qid} gives {a.rule_id} {mine}, less cautious than {value.id} -> {alt_answer.rule_id} {caution(alt_answer)}"
            )


# --- the situations ------------------------------------------------------------

NO = {"danger": "no", "demand": "no", "crime": "no", "speakup": "no"}


def disclosed(**facts) -> dict:
    return {**NO, "event": "disclosed", **facts}


def request(**facts) -> dict:
    return {**NO, "event": "request", **facts}


@dataclass
class Situation:
    id: str
    said: str  # as a coach would put it, to a supervisor
    facts: dict
    properties: list


SAFE = [sourced, what_to_say]
LAW_FIRST = [legal_advice_first, client_told_only_when_safe, records_kept_unchanged, law_caveat, no_privilege_claimed, *SAFE]

SITUATIONS = [
    # Danger to a person
    Situation(
        "colleague-suicide-risk-now",
        "My client told me her colleague posted last night that he 'won't be around to see the restructure', and no one can reach him.",
        {"danger": "now"},
        [emergency_first, safety_before_confidentiality, supervision, *SAFE],
    ),
    Situation(
        "client-self-harm-hint",
        "At the end of a session my client said, half-joking, that some days he wonders whether anyone would notice if he just disappeared.",
        {"danger": "possibly"},
        [emergency_in_reach, safety_before_confidentiality, supervision, *SAFE],
    ),
    Situation(
        "threat-to-manager",
        "A client in a three-way engagement said he'd 'make sure his manager pays' and he knows where she parks. I can't tell if it was anger or a plan.",
        {"danger": UNSURE},
        [emergency_first, safety_before_confidentiality, unsure_is_cautious, *SAFE],
    ),
    Situation(
        "domestic-abuse-disclosed",
        "A director told me her partner checks her phone and has hit her; she's going home to him tonight.",
        {"danger": "now"},
        [emergency_first, supervision, *SAFE],
    ),
    Situation(
        "team-member-burnout-signs",
        "In team coaching, one member said a colleague has stopped eating and sleeps in the office. Nobody thinks it's an emergency, but everyone's worried.",
        {"danger": "possibly"},
        [emergency_in_reach, supervision, *SAFE],
    ),
    Situation(
        "bullying-with-health-effects",
        "My client described being shouted at daily by her boss and said she's started having chest pains before work.",
        {"danger": "possibly"},
        [emergency_in_reach, safety_before_confidentiality, *SAFE],
    ),
    # Legal demands
    Situation(
        "police-ask-for-notes",
        "A detective phoned asking for my notes on a client who has been accused of assault at a work party.",
        {"danger": "no", "demand": "yes"},
        LAW_FIRST,
    ),
    Situation(
        "tribunal-witness-order",
        "My client's former employer's solicitors have sent a letter asking for all my session notes for an employment tribunal.",
        {"danger": "no", "demand": "yes"},
        LAW_FIRST,
    ),
    Situation(
        "regulator-phone-call",
        "Someone saying they're from the financial regulator rang asking what my client told me about a trade. I don't know if that's a formal demand.",
        {"danger": "no", "demand": UNSURE},
        [*LAW_FIRST, unsure_is_cautious],
    ),
    # Crime and wrongdoing
    Situation(
        "takeover-news-one-to-one",
        "My one-to-one client, a listed company's general counsel, told me about a takeover bid that hasn't been announced. I own some of their shares.",
        {"danger": "no", "demand": "no", "crime": "inside-information"},
        [legal_advice_first, inside_information_steps, law_caveat, supervision, *SAFE],
    ),
    Situation(
        "results-leak-in-group",
        "In a peer group, a finance director shared her company's unpublished results, and another member works at a fund that holds the shares.",
        {"danger": "no", "demand": "no", "crime": "inside-information"},
        [legal_advice_first, inside_information_steps, law_caveat, *SAFE],
    ),
    Situation(
        "usb-of-hr-files",
        "My client gave me a memory stick of a rival's HR file and his boss's emails, copied from an open shared drive, 'so I understand'.",
        {"danger": "no", "demand": "no", "crime": "stolen-data"},
        [legal_advice_first, stolen_data_untouched, law_caveat, supervision, *SAFE],
    ),
    Situation(
        "screenshots-of-salary-data",
        "A client forwarded me screenshots of the whole department's pay and performance ratings that she shouldn't have had access to.",
        {"danger": "no", "demand": "no", "crime": "stolen-data"},
        [legal_advice_first, stolen_data_untouched, law_caveat, *SAFE],
    ),
    Situation(
        "backdated-contracts",
        "My client admitted she backdated sales contracts to hit the quarter because her boss told her to.",
        {"danger": "no", "demand": "no", "crime": "crime"},
        [*LAW_FIRST, no_investigating, supervision],
    ),
    Situation(
        "bribe-to-a-supplier",
        "A client mentioned, as if it were normal, that they pay a 'consultancy fee' to a buyer at their biggest customer.",
        {"danger": "no", "demand": "no", "crime": "crime"},
        [*LAW_FIRST, no_investigating],
    ),
    Situation(
        "maybe-harassment",
        "My client described a senior partner's behaviour towards junior staff that might be harassment; I honestly can't tell if it's a crime.",
        {"danger": "no", "demand": "no", "crime": UNSURE},
        [*LAW_FIRST, no_investigating, unsure_is_cautious],
    ),
    # Speaking up
    Situation(
        "client-uses-whistleblowing-line",
        "My client has reported her director's expense fraud to the ethics hotline and is scared of what happens next.",
        {**NO, "speakup": "yes"},
        [speak_up_supported, client_not_in_breach, coach_keeps_confidence, *SAFE],
    ),
    Situation(
        "safety-concern-to-regulator",
        "A client in a three-way engagement tells me he has written to the health and safety regulator about shortcuts at his plant.",
        {**NO, "speakup": "yes"},
        [speak_up_supported, client_not_in_breach, *SAFE],
    ),
    # Requests to the coach
    Situation(
        "hr-asks-for-concerns",
        "HR, who arranged the coaching, rang to ask if I have 'any concerns' about my client before a promotion decision. We never agreed any reporting.",
        request(asker="sponsor", pressing="no", engagement="one-to-one"),
        [nothing_without_consent, client_not_in_breach, *SAFE],
    ),
    Situation(
        "sponsor-asks-in-three-way",
        "The sponsor in our three-way agreement asked me how my client is 'really' doing; the agreement says I report attendance and goals.",
        request(asker="sponsor", pressing="no", engagement="three-way"),
        [nothing_without_consent, client_not_in_breach, *SAFE],
    ),
    Situation(
        "sponsor-ties-payment-to-report",
        "After I declined once, the MD said she'd only approve the next invoice if I tell her whether my client is committed.",
        request(asker="sponsor", pressing="yes"),
        [nothing_without_consent, client_not_in_breach, ending_possible, supervision, *SAFE],
    ),
    Situation(
        "internal-coach-boss-asks",
        "I'm an internal coach, and my own line manager keeps asking which of the managers I coach are 'flight risks'.",
        request(asker="sponsor", pressing="yes"),
        [nothing_without_consent, client_not_in_breach, ending_possible, *SAFE],
    ),
    Situation(
        "journalist-calls",
        "A journalist asked me, off the record, whether I coach a chief executive who is in the news.",
        request(asker="other", pressing="no"),
        [nothing_without_consent, nothing_confirmed, client_not_in_breach, *SAFE],
    ),
    Situation(
        "spouse-asks",
        "My client's husband emailed asking whether his wife 'talks about leaving' in our sessions.",
        request(asker="other", pressing="no"),
        [nothing_without_consent, nothing_confirmed, client_not_in_breach, *SAFE],
    ),
    Situation(
        "unknown-caller-pressing",
        "Someone who wouldn't say who they were has called three times asking about one of my team-coaching clients.",
        request(asker=UNSURE, pressing="yes"),
        [nothing_without_consent, nothing_confirmed, client_not_in_breach, unsure_is_cautious, *SAFE],
    ),
    # The client's own story
    Situation(
        "client-tells-team-about-coaching",
        "My client told her whole team what she's working on in coaching, including that she struggles with delegation.",
        disclosed(who="client", what="client-own"),
        [not_a_breach, client_not_in_breach, coach_keeps_confidence, *SAFE],
    ),
    Situation(
        "client-forwards-own-summary",
        "My client forwarded the session summary I wrote for her to her manager, to show her progress.",
        disclosed(who="client", what="records"),
        [not_a_breach, client_not_in_breach, *SAFE],
    ),
    Situation(
        "group-member-own-story",
        "In a group programme, one member wrote a blog post about his own experience of the group, naming no one else.",
        disclosed(who="client", what="client-own"),
        [not_a_breach, client_not_in_breach, *SAFE],
    ),
    # Records out of the coach's hands
    Situation(
        "summary-to-wrong-colleague",
        "I emailed a session summary full of my client's health details to a colleague of his with the same first name.",
        disclosed(who="coach", what="records", harm="serious"),
        [data_protection_steps, leak_contained_and_client_told, law_caveat, supervision, *SAFE],
    ),
    Situation(
        "manager-reads-notes-via-it",
        "My client's manager read my coaching notes on the company laptop I was lent, through IT.",
        disclosed(who="records", what="records", harm="serious"),
        [data_protection_steps, leak_contained_and_client_told, *SAFE],
    ),
    Situation(
        "ai-notetaker-sends-transcript",
        "My AI note-taker emailed the whole session transcript to everyone on the invite, including the sponsor, who says she deleted it unread.",
        disclosed(who="coach", what="records", harm="contained"),
        [data_protection_steps, leak_contained_and_client_told, law_caveat, *SAFE],
    ),
    Situation(
        "assistant-sends-notes",
        "My virtual assistant attached the wrong client's notes to an invoice; the other client told me.",
        disclosed(who="coach", what="client-own", harm="contained"),
        [data_protection_steps, leak_contained_and_client_told, *SAFE],
    ),
    Situation(
        "dont-know-how-it-got-out",
        "Details only in my notes are being repeated in my client's office, and I have no idea how they got out.",
        disclosed(who=UNSURE, what="records", harm="contained"),
        [data_protection_steps, leak_contained_and_client_told, unsure_is_cautious, *SAFE],
    ),
    Situation(
        "unsure-what-the-client-passed-on",
        "A client passed 'something from our sessions' on to his boss and I don't know yet whether it was his own story or about his colleagues.",
        disclosed(who="client", what=UNSURE, ongoing="over", frequency="once", intent="careless", harm="contained", engagement="one-to-one"),
        [unsure_is_cautious, supervision, *SAFE],
    ),
    Situation(
        "secret-recording-shared",
        "My client secretly recorded a session and played my blunt remark about his manager's plan to that manager.",
        disclosed(who="client", what="recording", ongoing="over", harm="contained"),
        [recording_handled, law_caveat, supervision, *SAFE],
    ),
    Situation(
        "team-session-recorded-and-shared",
        "A team member recorded our team session on his phone without telling anyone and sent the audio to a friend in another department.",
        disclosed(who="group-member", what="recording", ongoing="ongoing", harm="contained"),
        [recording_handled, law_caveat, person_affected_checked, *SAFE],
    ),
    Situation(
        "client-quotes-coach",
        "My client quoted my offhand remark about the CEO's strategy in a leadership meeting, and the CEO, our sponsor, mentioned it to me.",
        disclosed(who="client", what="coach-words", ongoing="over"),
        [client_not_in_breach, supervision, *SAFE],
    ),
    # The coach's own slips and material
    Situation(
        "coach-mentions-plant-closure",
        "At a dinner I told another client that a firm I coach in is closing a plant; the staff haven't been told.",
        disclosed(who="coach", what="organisation", harm="contained"),
        [own_the_breach, supervision, *SAFE],
    ),
    Situation(
        "coach-publishes-own-exercise",
        "I published my own exercises online, and a client asked whether his story is in the example.",
        disclosed(who="coach", what="materials"),
        [not_a_breach, *SAFE],
    ),
    # Group and sponsor breaches
    Situation(
        "ongoing-side-chat",
        "A team member keeps posting a colleague's news from our sessions in a chat with other departments, and it's still spreading.",
        disclosed(who="group-member", what="third-party", ongoing="ongoing", frequency="repeated", intent="careless", harm="contained"),
        [stop_it_first, person_affected_checked, supervision, *SAFE],
    ),
    Situation(
        "wrong-channel-being-reshared",
        "An hour ago a team member pasted a colleague's news from our session into the wrong chat channel by mistake, and people are resharing it.",
        disclosed(who="group-member", what="third-party", ongoing="ongoing", frequency="once", intent="accidental", harm="contained"),
        [stop_it_first, person_affected_checked, *SAFE],
    ),
    Situation(
        "peer-repeats-story-once",
        "In a leadership cohort, a member used another member's board troubles as an example in her own team meeting, naming him.",
        disclosed(who="group-member", what="third-party", ongoing="over", frequency="once", intent="careless", harm="contained", engagement="team-or-group"),
        [group_ground_rules, person_affected_checked, *SAFE],
    ),
    Situation(
        "slip-of-the-tongue-once",
        "My client mentioned another client's name in passing to a colleague, by accident; no harm done that I know of.",
        disclosed(who="client", what="third-party", ongoing="over", frequency="once", intent="accidental", harm="none", engagement="one-to-one"),
        [proportionate, *SAFE],
    ),
    Situation(
        "repeat-after-warning-deliberate",
        "After we agreed last month he'd stop, my client again forwarded the team's confidential reorganisation plan to a friend at a rival, on purpose.",
        disclosed(who="client", what="organisation", ongoing="over", frequency="after-raised", intent="deliberate", harm="contained"),
        [ending_possible, supervision, *SAFE],
    ),
    Situation(
        "serious-harm-on-purpose",
        "In an action-learning set, a member told another member's boss about her mental-health leave, on purpose, and she's now been moved off a project.",
        disclosed(who="group-member", what="third-party", ongoing="over", frequency="once", intent="deliberate", harm="serious"),
        [ending_possible, person_affected_checked, supervision, *SAFE],
    ),
    Situation(
        "months-of-small-leaks-raised-again",
        "Despite our talk in spring, my client keeps telling his peers what his manager says in our three-way meetings; I'm not sure he means it.",
        disclosed(who="client", what="third-party", ongoing="ongoing", frequency="after-raised", intent=UNSURE, harm="contained"),
        [ending_possible, unsure_is_cautious, *SAFE],
    ),
    Situation(
        "peer-news-repeated-after-talk",
        "Last month I talked with my client about repeating a peer's health news in meetings. He's done it again; I think he just doesn't stop to think.",
        disclosed(who="client", what="third-party", ongoing="over", frequency="after-raised", intent="careless", harm="contained"),
        [person_affected_checked, supervision, *SAFE],
    ),
    Situation(
        "budget-plans-on-the-printer",
        "My client left the sponsor's budget-cut notes from our three-way review on a shared printer, and a colleague read part of them.",
        disclosed(who="client", what="organisation", ongoing="over", frequency="once", intent="careless", harm="contained"),
        [not_behind_the_clients_back, coach_keeps_confidence, supervision, *SAFE],
    ),
    Situation(
        "toolkit-posted-again",
        "A founder I coach posted my paid toolkit in a forum again, on purpose, two months after agreeing in writing not to.",
        disclosed(who="client", what="materials", frequency="after-raised", intent="deliberate", harm="contained"),
        [ending_possible, supervision, *SAFE],
    ),
    Situation(
        "framework-in-company-course",
        "My client gave my licensed leadership framework to his company's learning team, and it's now in their course under another name.",
        disclosed(who="client", what="materials", frequency="once", intent="careless", harm="serious"),
        [advice_before_a_claim, *SAFE],
    ),
    Situation(
        "sponsor-passes-on-remark",
        "The sponsor told the client's team what the client said in a three-way meeting about a struggling colleague.",
        disclosed(who="sponsor", what="third-party", ongoing="over", frequency="once", intent="careless", harm="contained", engagement="three-way"),
        [person_affected_checked, *SAFE],
    ),
    Situation(
        "workbook-forwarded",
        "My client forwarded my workbook to her whole department; she probably didn't know it was mine.",
        disclosed(who="client", what="materials", frequency="once", intent="careless", harm="none"),
        [not_a_breach, proportionate, *SAFE],
    ),
    Situation(
        "harm-unsure-others-info",
        "A group member told people outside the group about a peer's divorce; I don't know yet how much damage it has done.",
        disclosed(who="group-member", what="third-party", ongoing="over", frequency="once", intent="careless", harm=UNSURE),
        [unsure_is_cautious, person_affected_checked, *SAFE],
    ),
    # Found in the supervisor's review: situations no one had written down, each of which got a weak or unsafe answer.
    Situation(
        "client-asks-for-a-copy-of-notes",
        "My client emailed asking for a copy of everything I hold about her, including my notes, which mention two of her colleagues by name.",
        request(asker="client"),
        [records_given_to_client, law_caveat, *SAFE],
    ),
    Situation(
        "client-asks-to-delete-records",
        "After a difficult ending, my former client asked me to delete all my notes and recordings of our sessions.",
        request(asker="client"),
        [records_given_to_client, law_caveat, *SAFE],
    ),
    Situation(
        "client-threatens-the-coach-in-session",
        "Halfway through a session in his office my client stood up, blocked the door and said I'd 'regret' what I wrote in the report.",
        {"danger": "now"},
        [emergency_first, threat_to_coach, *SAFE],
    ),
    Situation(
        "client-threatens-the-coach-by-message",
        "A client whose contract I ended sent messages saying he knows where I live and that I should 'watch myself'.",
        {"danger": "possibly"},
        [emergency_in_reach, threat_to_coach, supervision, *SAFE],
    ),
    Situation(
        "group-member-hints-at-child-harm",
        "In a leadership group a member joked that he 'sorts out' his stepson with a belt when the boy misbehaves; the others laughed.",
        {"danger": "possibly"},
        [emergency_in_reach, child_not_kept_waiting, supervision, *SAFE],
    ),
    Situation(
        "abuse-disclosed-phone-watched",
        "My client said her husband goes through her phone and has pushed her; she isn't in danger tonight, she says, but she's frightened.",
        {"danger": "possibly"},
        [emergency_in_reach, safe_contact, *SAFE],
    ),
    Situation(
        "court-order-with-a-date",
        "A court order arrived by recorded post requiring my notes on a client by Friday, for a divorce case.",
        {"danger": "no", "demand": "yes"},
        [*LAW_FIRST, deadline_noted],
    ),
    Situation(
        "client-will-leak-merger-to-press",
        "My client, furious about a merger that hasn't been announced, said he's going to tip off a journalist tomorrow.",
        {"danger": "no", "demand": "no", "crime": "inside-information"},
        [legal_advice_first, inside_information_steps, planned_leak_addressed, law_caveat, *SAFE],
    ),
    Situation(
        "client-wants-to-expose-falsified-tests",
        "My client says safety tests at her plant are falsified and she wants to take it to someone outside the company; she hasn't yet.",
        {"danger": "no", "demand": "no", "crime": "crime"},
        [*LAW_FIRST, no_investigating, whistleblower_pointed_to_advice],
    ),
    Situation(
        "coach-laptop-stolen",
        "My laptop was stolen from my car with all my session notes on it; I don't know whether anyone can get into it.",
        disclosed(who="records", what="records", harm=UNSURE),
        [data_protection_steps, leak_contained_and_client_told, lost_device_wiped, unsure_is_cautious, *SAFE],
    ),
    Situation(
        "phone-left-in-a-taxi",
        "I left my phone in a taxi; it has my clients' messages and voice notes, and the driver hasn't answered.",
        disclosed(who="records", what="records", harm="contained"),
        [data_protection_steps, leak_contained_and_client_told, lost_device_wiped, *SAFE],
    ),
    Situation(
        "sponsor-sends-clients-appraisal",
        "The sponsor emailed me my client's full performance review 'for background' and asked me not to tell her he had sent it.",
        disclosed(who="sponsor", what="client-own", ongoing="over", frequency="once", intent="deliberate", harm="none", engagement="three-way"),
        [not_used_behind_the_back, not_behind_the_clients_back, *SAFE],
    ),
    Situation(
        "client-posts-coachs-remark-about-ceo",
        "My client posted online, on purpose, my blunt remark about her CEO from a session; the CEO is furious and my name is on it.",
        disclosed(who="client", what="coach-words", ongoing="over"),
        [client_not_in_breach, coach_repairs_own_words, supervision, *SAFE],
    ),
    Situation(
        "secret-recording-costs-a-job",
        "A team member secretly recorded our session and played a colleague's remarks to the director; the colleague has been suspended.",
        disclosed(who="group-member", what="recording", ongoing="over", harm="serious"),
        [recording_handled, law_caveat, person_affected_checked, supervision, *SAFE],
    ),
    Situation(
        "internal-coach-manager-wants-notes",
        "I'm an internal coach. My own line manager asked again for my notes on a director I coach, saying my appraisal 'reflects teamwork'.",
        request(asker="sponsor", pressing="yes"),
        [nothing_without_consent, ending_possible, internal_coach_route, supervision, *SAFE],
    ),
    Situation(
        "sponsor-confides-clients-redundancy",
        "Over coffee the sponsor told me, 'between us', that my client's role goes in the spring, and asked me to keep coaching as if nothing's wrong.",
        disclosed(who="sponsor", what="organisation", ongoing="over", frequency="once", intent="deliberate", harm="none"),
        [held_not_acted_on, not_behind_the_clients_back, supervision, *SAFE],
    ),
    Situation(
        "health-news-to-the-boss-intent-unclear",
        "A peer in my action-learning set told a member's boss about her cancer treatment; she's lost a promotion. I can't tell if he meant to.",
        disclosed(who="group-member", what="third-party", ongoing="over", frequency="once", intent=UNSURE, harm="serious"),
        [intent_not_assumed, person_affected_checked, ending_possible, unsure_is_cautious, *SAFE],
    ),
    Situation(
        "repeat-after-talk-intent-unclear",
        "After our talk, my client again forwarded his team's restructuring notes to a peer at another firm; I don't know whether he meant to.",
        disclosed(who="client", what="organisation", ongoing="over", frequency="after-raised", intent=UNSURE, harm="contained"),
        [intent_not_assumed, ending_possible, unsure_is_cautious, *SAFE],
    ),
]


def test_there_are_enough_situations_and_several_unsure():
    """The brief: at least 40 situations, several with a not-sure answer, covering every route and kind."""
    assert len(SITUATIONS) >= 40
    assert len({s.id for s in SITUATIONS}) == len(SITUATIONS)
    assert sum(UNSURE in s.facts.values() for s in SITUATIONS) >= 5


def test_situations_reach_every_route_and_kind(site, model):
    """No part of the model goes untested by a situation."""
    routes, kinds = set(), set()
    for s in SITUATIONS:
        result = walk(model, s.facts)
        routes.add(result.values.get("route"))
        kinds.add(result.values.get("kind"))
    decisions = {d.id: d for d in model.decisions}
    assert routes >= {v.id for v in decisions["route"].output.values}
    assert kinds - {None} >= {v.id for v in decisions["kind"].output.values}
    rules = {walk(model, s.facts).rule.id for s in SITUATIONS}
    assert rules == {r.id for r in model.final.rules}, f"no situation reaches {sorted({r.id for r in model.final.rules} - rules)}"


@pytest.mark.parametrize("situation", SITUATIONS, ids=lambda s: s.id)
def test_situation_gets_a_sound_answer(site, model, situation):
    """Every property the situation needs holds for the response the model decides."""
    assert 30 <= len(situation.said) <= 300
    result = answer(site, model, situation.facts)
    failures = []
    for prop in dict.fromkeys([*situation.properties, *implied(result)]):
        try:
            prop(result)
        except AssertionError as exc:
            failures.append(f"{prop.__name__}: {first_line(exc)}")
    assert not failures, f"{situation.id} -> {result.rule_id}:\n  " + "\n  ".join(failures)


def first_line(exc: AssertionError) -> str:
    """The property's own message, without pytest's expansion of the expression."""
    return str(exc).splitlines()[0]


def implied(a: Answer) -> list:
    """The properties any sound answer must have, given only where the answers lead."""
    props = [sourced, what_to_say]
    if a.route == "danger-now":
        props += [emergency_first]
    elif a.route == "danger-possible":
        props += [emergency_in_reach]
    elif a.route == "legal-demand":
        props += [legal_advice_first, records_kept_unchanged, law_caveat, no_privilege_claimed]
    elif a.route == "inside-information":
        props += [legal_advice_first, inside_information_steps, law_caveat]
    elif a.route == "stolen-data":
        props += [legal_advice_first, stolen_data_untouched, law_caveat]
    elif a.route == "crime":
        props += [legal_advice_first, no_investigating, law_caveat]
    elif a.route == "speak-up":
        props += [speak_up_supported, client_not_in_breach, law_caveat]
    elif a.route == "request" and a.answers.get("asker") == "client":
        props += [records_given_to_client, client_not_in_breach, law_caveat]
    elif a.route == "request":
        props += [nothing_without_consent, client_not_in_breach]
        if a.answers.get("pressing") in ("yes", UNSURE) and a.answers.get("asker") == "sponsor":
            props += [ending_possible]
        if a.answers.get("asker") in ("other", UNSURE):
            props += [nothing_confirmed]
    if a.kind == "data-leak":
        props += [data_protection_steps, leak_contained_and_client_told, law_caveat]
    elif a.kind == "own-story":
        props += [not_a_breach, client_not_in_breach]
    elif a.kind == "coach-slip":
        props += [own_the_breach]
    elif a.kind == "coach-words":
        props += [client_not_in_breach]
    elif a.kind == "recording":
        props += [recording_handled, law_caveat]
    values = {q: walk(a.model, a.answers).values.get(q) for q in ("ongoing", "frequency", "intent", "harm")}
    if values["ongoing"] == "ongoing" and a.kind in ("others-info", "org-info", "coach-words"):
        props += [stop_it_first]
    if values["frequency"] == "after-raised" and values["intent"] == "deliberate":
        props += [ending_possible]
    if a.kind in ("others-info", "org-info") and values["harm"] == "serious" and values["intent"] == "deliberate":
        props += [ending_possible]
    if a.kind in ("others-info", "org-info"):
        props += [not_behind_the_clients_back]
    if UNSURE in a.answers.values():
        props += [unsure_is_cautious]
    if a.answers.get("intent") == UNSURE:
        props += [intent_not_assumed]
    return props


def test_every_scenario_meets_the_properties_its_facts_imply(site, model):
    """Each scenario's expected rule is the model's answer and gives a sound answer for that path."""
    failures = []
    for slug, scenario in sorted(site.scenarios.items()):
        if scenario.table != "breach-response":
            continue
        result = answer(site, model, scenario.facts)
        if scenario.expected_rule is not None:
            assert result.rule_id == scenario.expected_rule, slug
        for prop in dict.fromkeys(implied(result)):
            try:
                prop(result)
            except AssertionError as exc:
                failures.append(f"{slug} ({result.rule_id}) {prop.__name__}: {first_line(exc)}")
    assert not failures, "\n".join(failures)


def test_the_result_page_says_when_an_answer_was_not_sure():
    """The engine records not-sure answers (checked above); the helper's result shows them in words."""
    template = HELPER_TEMPLATE.read_text(encoding="utf-8")
    assert "data-helper-unsure" in template and re.search(r"not sure", template, re.I)


def _broken(model, rule_id: str, change) -> object:
    """The model rebuilt with one response rule's data changed (the models are frozen)."""
    data = model.model_dump(by_alias=True, exclude_none=True)
    change(next(r for r in data["decisions"][-1]["rules"] if r["id"] == rule_id))
    return type(model).model_validate(data)


def _drop(steps: list, pattern: str) -> None:
    steps[:] = [s for s in steps if not re.search(pattern, s)]


def _continue_instead_of_ending(rule: dict) -> None:
    rule["then"].update(engagement="continue")
    _drop(rule["then"]["do"], r"\bend\b")


def _failures(site, model, situation_id: str) -> list[str]:
    situation = next(s for s in SITUATIONS if s.id == situation_id)
    result = answer(site, model, situation.facts)
    failed = []
    for prop in dict.fromkeys([*situation.properties, *implied(result)]):
        try:
            prop(result)
        except AssertionError:
            failed.append(prop.__name__)
    return failed


BREAKAGES = [
    ("R01", lambda r: _drop(r["then"]["do"], "emergency services"), "colleague-suicide-risk-now", "emergency_first"),
    ("R03", lambda r: r["then"]["do"].reverse(), "police-ask-for-notes", "legal_advice_first"),
    ("R04", lambda r: _drop(r["then"]["do"], "buy or sell"), "takeover-news-one-to-one", "inside_information_steps"),
    ("R15", lambda r: _drop(r["then"]["data-protection"], "72 hours"), "summary-to-wrong-colleague", "data_protection_steps"),
    ("R10", lambda r: _drop(r["then"]["do"], "Share nothing"), "hr-asks-for-concerns", "nothing_without_consent"),
    ("R12", lambda r: r["then"].update(verdict="A breach of the agreement."), "client-tells-team-about-coaching", "not_a_breach"),
    ("R08", _continue_instead_of_ending, "sponsor-ties-payment-to-report", "ending_possible"),
    ("R23", lambda r: r.update(priority=65), "wrong-channel-being-reshared", "stop_it_first"),
]


@pytest.mark.parametrize("rule_id, change, situation_id, prop", BREAKAGES, ids=[f"{b[0]}-{b[3]}" for b in BREAKAGES])
def test_a_broken_rule_fails_its_situations(site, model, rule_id, change, situation_id, prop):
    """The properties are tests of the content: the sound model passes, and breaking one rule's wording or priority fails."""
    assert prop not in _failures(site, model, situation_id)
    assert prop in _failures(site, _broken(model, rule_id, change), situation_id)


def test_every_reachable_path_meets_the_properties_its_answers_imply(site, model):
    """Not only the written situations: every path through the helper gets an answer with the properties its own
    answers imply (the supervisor's review found the coach's own words and serious-harm recordings falling through)."""
    from macros.decide import reachable

    failures: dict[tuple[str, str], dict] = {}
    for answers, _ in reachable(model):
        result = answer(site, model, answers)
        for prop in dict.fromkeys(implied(result)):
            try:
                prop(result)
            except AssertionError as exc:
                failures.setdefault((result.rule_id, prop.__name__), {"example": answers, "why": first_line(exc)})
    assert not failures, "\n".join(f"{rule} {prop}: {f['why']} e.g. {f['example']}" for (rule, prop), f in failures.items())


def test_a_client_talking_about_someone_in_session_is_not_a_disclosure(model):
    """'My client told me about a colleague's affair' is the material of coaching, not a breach: the question that
    splits requests from disclosures says so, or the coach walks on to 'A real breach' (R24)."""
    event = model.question("event")
    assert has(event.help, r"telling you", r"in a session") and has(event.help, r"out of your notes"), event.help
