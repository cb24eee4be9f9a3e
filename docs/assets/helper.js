/* The decision helper. Its rules and scenarios are JSON that the build embeds from the same
   YAML as the decision table; each response is copied from its rule's row in the fallback
   table. decide() and similar() mirror macros/decide.py and macros/widget.py, and the browser
   tests hold them to the same answers. */
(() => {
  "use strict";

  // Material's instant navigation runs page scripts again on every visit: set up once only.
  if (window.decisionHelper) {
    window.decisionHelper.start();
    return;
  }

  const ANY = "any";
  // Material resets `input { outline: none }`, which would leave a focused radio invisible.
  const STYLE =
    ".helper-question legend{font-weight:700}" +
    ".helper-option input:focus-visible{outline:2px solid var(--md-primary-fg-color);outline-offset:2px}";
  let current = null; // the helper on the page now

  const has = (facts, id) => Object.prototype.hasOwnProperty.call(facts, id);

  // Every condition accepts the fact: "any", the value itself, or a list holding it.
  const matches = (rule, facts) =>
    Object.entries(rule.when).every(([id, cond]) => cond === ANY || [].concat(cond).includes(facts[id]));

  // The single winning rule under the table's hit policy; an error for a gap or a tie.
  function decide(table, facts) {
    const missing = table.inputs.filter((i) => !has(facts, i.id)).map((i) => i.id);
    if (missing.length) throw new Error("no value given for " + missing.join(", "));
    const hits = table.rules.filter((r) => matches(r, facts));
    if (!hits.length) throw new Error("no rule matches these facts");
    let winners = hits;
    if (table.policy !== "unique") {
      const top = Math.max(...hits.map((r) => r.priority || 0));
      winners = hits.filter((r) => (r.priority || 0) === top);
    }
    if (winners.length > 1) throw new Error(`rules ${winners[0].id} and ${winners[1].id} both match`);
    return winners[0];
  }

  // Scenarios sharing most facts (at least one). They arrive in title order and the sort is
  // stable, so ties stay in title order, as in rank_similar().
  function similar(table, facts) {
    return table.scenarios
      .map((c) => ({ c, n: Object.entries(facts).filter(([k, v]) => c.facts[k] === v).length }))
      .filter((s) => s.n > 0)
      .sort((a, b) => b.n - a.n)
      .slice(0, table.similar);
  }

  // Answers from the address; unknown names and values are ignored.
  function fromQuery(table, search) {
    const params = new URLSearchParams(search);
    const facts = {};
    for (const i of table.inputs) if (i.values.includes(params.get(i.id))) facts[i.id] = params.get(i.id);
    return facts;
  }

  function toUrl(table, facts) {
    const params = new URLSearchParams();
    for (const i of table.inputs) if (has(facts, i.id)) params.set(i.id, facts[i.id]);
    const query = params.toString();
    return location.pathname + (query ? "?" + query : "") + location.hash;
  }

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "true";
    const table = JSON.parse(root.dataset.helper);
    const part = (name) => root.querySelector(`[data-helper-${name}]`);
    const form = root.querySelector("form");
    const status = part("status");
    const result = part("result");
    const total = table.inputs.length;
    const rows = part("fallback").querySelectorAll("tr[id]");
    let last = null; // the question changed last: moving within one group replaces its history entry

    function item(scenario, shared) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = scenario.href;
      a.textContent = scenario.title;
      li.append(a, ` (same answer to ${shared} of ${total} questions)`);
      return li;
    }

    // The rule's response from its fallback row (built and sanitised by macros/text.py), without ids
    // so none is doubled; the row's id is the fragment of the rule's link.
    function response(rule) {
      const id = decodeURIComponent(rule.href.split("#")[1]);
      const copy = [...rows].find((tr) => tr.id === id).querySelector(".dt-response").cloneNode(true);
      for (const el of [copy, ...copy.querySelectorAll("[id]")]) el.removeAttribute("id");
      return copy;
    }

    function show(facts) {
      for (const radio of form.querySelectorAll("input")) radio.checked = facts[radio.name] === radio.value;
      const left = total - Object.keys(facts).length;
      if (left) {
        result.hidden = true;
        status.textContent =
          left === total ? `${total} questions to answer.` : `${total - left} of ${total} questions answered, ${left} to go.`;
        return;
      }
      // The build proves every combination has one winning rule, so this cannot throw for a full set.
      const rule = decide(table, facts);
      const link = part("rule");
      link.textContent = rule.id;
      link.href = rule.href;
      part("response").replaceChildren(response(rule));
      const list = part("similar-list");
      list.replaceChildren(...similar(table, facts).map((s) => item(s.c, s.n)));
      part("similar").hidden = !list.children.length;
      result.hidden = false;
      status.textContent = `Rule ${rule.id} applies. ${rule.summary}`;
    }

    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("change", (event) => {
      const facts = Object.fromEntries(new FormData(form)); // checked radios only, named by input
      const url = toUrl(table, facts);
      if (url !== location.pathname + location.search + location.hash) {
        history[event.target.name === last ? "replaceState" : "pushState"](null, "", url);
      }
      last = event.target.name;
      show(facts);
    });
    part("clear").addEventListener("click", () => {
      if (location.search) history.pushState(null, "", toUrl(table, {}));
      last = null;
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
      table,
      path: location.pathname,
      restore() {
        last = null;
        show(fromQuery(table, location.search));
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
    decide: (facts, table = current.table) => decide(table, facts).id,
    similar: (facts) => similar(current.table, facts).map((s) => s.c.slug),
  };

  if (window.document$) window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
