/* The decision helper. The model (questions and linked decisions) is JSON that the build embeds
   from the same YAML as the reference tables; each response is copied from its rule's row in the
   fallback tables. walk() mirrors macros/decide.py and similar() macros/widget.py; the tests run
   both over every reachable path and hold them to the same answers. */
(() => {
  "use strict";

  const ANY = "any";
  const UNSURE = "unsure";
  const has = (obj, id) => Object.prototype.hasOwnProperty.call(obj, id);

  // "any" accepts everything, a question not asked included; otherwise the value must be listed.
  const holds = (cond, value) => cond === ANY || (value !== undefined && [].concat(cond).includes(value));
  const applies = (conds, env) => Object.entries(conds || {}).every(([key, cond]) => holds(cond, env[key]));

  // For each decision, the question it must be evaluated before (questions.length = at the end).
  function readyAt(model) {
    const position = {};
    model.questions.forEach((q, n) => (position[q.id] = n + 1));
    return model.decisions.map((d) => {
      const at = Math.max(0, ...d.inputs.map((key) => position[key] || 0));
      if (d.output) position[d.output] = at;
      return at;
    });
  }

  // The single winning rule of one decision under its hit policy; an error for a gap or a tie.
  function decideOne(d, env) {
    const hits = d.rules.filter((r) => applies(r.when, env));
    if (!hits.length) throw new Error(`decision '${d.id}': no rule matches`);
    let top = hits;
    if (d.policy !== "unique") {
      const best = Math.max(...hits.map((r) => r.priority || 0));
      top = hits.filter((r) => (r.priority || 0) === best);
    }
    if (top.length > 1) throw new Error(`decision '${d.id}': rules ${top[0].id} and ${top[1].id} both match`);
    return top[0];
  }

  // Follow the answers through the model: the questions asked, the next one, or the response rule.
  function walk(model, answers) {
    const ready = model.ready || (model.ready = readyAt(model));
    const state = { asked: [], values: {}, unsure: [], pending: null, rule: null };
    const winners = {};
    let done = 0;
    const settle = (upto) => {
      for (; done < model.decisions.length && ready[done] <= upto; done++) {
        const d = model.decisions[done];
        if (!d.inputs.some((key) => has(state.values, key))) continue; // nothing it reads was asked
        const rule = decideOne(d, state.values);
        winners[d.id] = rule;
        if (d.output) state.values[d.output] = rule.output;
      }
    };
    for (let n = 0; n < model.questions.length; n++) {
      const q = model.questions[n];
      settle(n);
      if (!applies(q.ask_when, state.values)) continue;
      let given = has(answers, q.id) ? answers[q.id] : undefined;
      if (given === UNSURE) {
        state.unsure.push(q.id);
        given = q.unsure;
      }
      if (!q.values.includes(given)) {
        state.pending = q.id;
        return state;
      }
      state.values[q.id] = given;
      state.asked.push(q.id);
    }
    settle(model.questions.length);
    const last = model.decisions[model.decisions.length - 1];
    if (!winners[last.id]) throw new Error(`decision '${last.id}': none of its inputs was asked`);
    state.rule = winners[last.id];
    return state;
  }

  // Scenarios sharing most facts (at least one). They arrive in title order and the sort is
  // stable, so ties stay in title order, as in rank_similar().
  function similar(model, facts) {
    return model.scenarios
      .map((c) => ({ c, n: Object.entries(facts).filter(([k, v]) => c.facts[k] === v).length }))
      .filter((s) => s.n > 0)
      .sort((a, b) => b.n - a.n)
      .slice(0, model.similar);
  }

  // Node runs the same functions over every path in the tests; the rest needs a page.
  if (typeof window === "undefined") {
    module.exports = { walk, similar };
    return;
  }

  // Material's instant navigation runs page scripts again on every visit: set up once only.
  if (window.decisionHelper) {
    window.decisionHelper.start();
    return;
  }

  // Material resets `input { outline: none }`, which would leave a focused radio invisible.
  const STYLE =
    ".helper-question legend{font-weight:700}" +
    ".helper-option input:focus-visible{outline:2px solid var(--md-primary-fg-color);outline-offset:2px}";
  let current = null; // the helper on the page now

  // Answers from the address, for questions the model has; unknown names and values are ignored by walk().
  function fromQuery(model, search) {
    const params = new URLSearchParams(search);
    const answers = {};
    for (const q of model.questions) if (params.has(q.id)) answers[q.id] = params.get(q.id);
    return answers;
  }

  function toUrl(model, answers) {
    const params = new URLSearchParams();
    for (const q of model.questions) if (has(answers, q.id)) params.set(q.id, answers[q.id]);
    const query = params.toString();
    return location.pathname + (query ? "?" + query : "") + location.hash;
  }

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "true";
    const model = JSON.parse(root.dataset.helper);
    const part = (name) => root.querySelector(`[data-helper-${name}]`);
    const form = root.querySelector("form");
    const status = part("status");
    const result = part("result");
    const rows = part("fallback").querySelectorAll("tr[id]");
    const fieldset = (id) => form.querySelector(`fieldset[data-question="${id}"]`);
    const legend = (id) => fieldset(id).querySelector("legend").textContent;
    const label = (id, value) => form.querySelector(`label[for="${root.id}-${id}-${value}"]`).textContent;
    let answers = {}; // what the reader chose for each asked question: a value or "unsure"
    let last = null; // the question changed last: moving within one group replaces its history entry

    function item(scenario, shared) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = scenario.href;
      a.textContent = scenario.title;
      li.append(a, ` (same answer to ${shared} of the questions asked)`);
      return li;
    }

    // The rule's response from its fallback row (built and sanitised by macros/text.py), without ids
    // so none is doubled; the row's id is the fragment of the rule's link.
    function response(ruleId) {
      const id = decodeURIComponent(model.responses[ruleId].href.split("#")[1]);
      const copy = [...rows].find((tr) => tr.id === id).querySelector(".dt-response").cloneNode(true);
      for (const el of [copy, ...copy.querySelectorAll("[id]")]) el.removeAttribute("id");
      return copy;
    }

    // One answer in the result: the question, the answer, and a button back to the question to change it.
    function answered(id) {
      const dt = document.createElement("dt");
      dt.textContent = legend(id);
      const dd = document.createElement("dd");
      dd.textContent = label(id, answers[id]) + (answers[id] === UNSURE ? ` (counted as: ${label(id, model.questions.find((q) => q.id === id).unsure)})` : "") + " ";
      const change = document.createElement("button");
      change.type = "button";
      change.className = "helper-change";
      change.textContent = "Change";
      change.setAttribute("aria-label", `Change your answer to: ${dt.textContent}`);
      change.addEventListener("click", () => {
        const checked = fieldset(id).querySelector("input:checked") || fieldset(id).querySelector("input");
        fieldset(id).scrollIntoView({ block: "center" });
        checked.focus();
      });
      dd.append(change);
      return [dt, dd];
    }

    function show(given) {
      const state = walk(model, given);
      // Answers to questions no longer asked are dropped, so the address holds only what led here.
      answers = {};
      for (const id of state.asked) answers[id] = given[id];
      const visible = new Set(state.asked.concat(state.pending ? [state.pending] : []));
      for (const q of model.questions) {
        const box = fieldset(q.id);
        box.hidden = !visible.has(q.id);
        for (const radio of box.querySelectorAll("input")) radio.checked = has(answers, q.id) && answers[q.id] === radio.value;
      }
      if (state.pending) {
        result.hidden = true;
        const n = state.asked.length;
        status.textContent = (n ? `${n} answered. ` : "") + `Next: ${legend(state.pending)}`;
        return state;
      }
      const rule = state.rule;
      const link = part("rule");
      link.textContent = rule.id;
      link.href = model.responses[rule.id].href;
      part("response").replaceChildren(response(rule.id));
      const unsure = part("unsure-list");
      unsure.replaceChildren(
        ...state.unsure.map((id) => {
          const li = document.createElement("li");
          const q = model.questions.find((x) => x.id === id);
          li.textContent = `${legend(id)} Taken as: ${label(id, q.unsure)}`;
          return li;
        })
      );
      part("unsure").hidden = !state.unsure.length;
      part("answers").replaceChildren(...state.asked.flatMap(answered));
      const facts = Object.fromEntries(state.asked.map((id) => [id, state.values[id]]));
      const list = part("similar-list");
      list.replaceChildren(...similar(model, facts).map((s) => item(s.c, s.n)));
      part("similar").hidden = !list.children.length;
      result.hidden = false;
      status.textContent = `Rule ${rule.id} applies. ${model.responses[rule.id].summary}`;
      return state;
    }

    function record(name) {
      const url = toUrl(model, answers);
      if (url !== location.pathname + location.search + location.hash) {
        history[name === last ? "replaceState" : "pushState"](null, "", url);
      }
      last = name;
    }

    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("change", (event) => {
      const name = event.target.name;
      const before = walk(model, answers);
      show({ ...answers, [name]: event.target.value });
      record(name);
      // Move on to the next question as it appears, so keyboard and screen-reader users need not hunt for it.
      const next = walk(model, answers).pending;
      if (next && next !== before.pending && next !== name) fieldset(next).querySelector("legend").scrollIntoView({ block: "nearest" });
    });
    part("clear").addEventListener("click", () => {
      answers = {};
      if (location.search) history.pushState(null, "", toUrl(model, {}));
      last = null;
      part("legacy").hidden = true;
      show({});
      form.querySelector("input").focus();
    });

    if (!document.getElementById("helper-style")) {
      document.head.insertAdjacentHTML("beforeend", `<style id="helper-style">${STYLE}</style>`);
    }
    part("fallback").hidden = true;
    part("app").hidden = false;
    current = {
      root,
      model,
      path: location.pathname,
      restore() {
        last = null;
        const params = new URLSearchParams(location.search);
        part("legacy").hidden = !model.legacy.some((name) => params.has(name));
        show(fromQuery(model, location.search));
      },
    };
    current.restore();
    // A shared link with every answer (a trainer's preset case) opens on the answer, not the questions.
    const nav = performance.getEntriesByType("navigation")[0];
    if (!result.hidden && !location.hash && (!nav || nav.type === "navigate")) result.scrollIntoView();
  }

  function start() {
    document.querySelectorAll("[data-helper]").forEach(setup);
  }

  // Back and forward between answers on this page; a different page is Material's or the browser's job.
  addEventListener("popstate", () => {
    if (current && current.root.isConnected && location.pathname === current.path) current.restore();
  });

  window.decisionHelper = {
    start,
    walk: (answers, model = current.model) => {
      const state = walk(model, answers);
      return { asked: state.asked, pending: state.pending, unsure: state.unsure, rule: state.rule && state.rule.id };
    },
    decide: (answers, model = current.model) => {
      const state = walk(model, answers);
      if (state.pending) throw new Error(`no answer given for '${state.pending}', which is asked on this path`);
      return state.rule.id;
    },
    similar: (facts) => similar(current.model, facts).map((s) => s.c.slug),
  };

  if (window.document$) window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
