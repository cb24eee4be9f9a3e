// The 404 page's suggestions: the published addresses nearest to the one typed (overrides/404.html).
// Case and trailing-slash slips are matched first, then the closest by edit distance, whole path
// and last part alike. The search form hands its words to the site search in the header.
(function () {
  "use strict";
  var box = document.querySelector(".notfound-nearest");
  var form = document.querySelector(".notfound-search");
  if (!box || !form) return;
  var base = box.getAttribute("data-base").replace(/\/+$/, "/");

  // "Respond/First-24-Hours.html" and "respond/first-24-hours" both become "/respond/first-24-hours/".
  function normal(path) {
    var p = decodeURIComponent(path).toLowerCase().replace(/\/index\.html?$/, "/").replace(/\.(html?|md)$/, "");
    p = ("/" + p + "/").replace(/\/{2,}/g, "/");
    return p;
  }

  function distance(a, b) {
    var prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      for (j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      prev = cur;
    }
    return prev[b.length];
  }

  function last(path) {
    var parts = path.split("/").filter(Boolean);
    return parts.length ? parts[parts.length - 1] : "";
  }

  // [address, score] pairs, best first: at most five, and none that is not close.
  function nearest(typed, addresses) {
    var want = normal(typed);
    return addresses.map(function (address) {
      if (address === want) return [address, -1];  // the same address but for case or slashes
      var whole = distance(want, address) / Math.max(want.length, address.length);
      var tail = distance(last(want), last(address)) / Math.max(last(want).length, last(address).length, 1);
      return [address, Math.min(whole, tail + 0.1)];
    }).filter(function (pair) { return pair[1] < 0.5; })
      .sort(function (a, b) { return a[1] - b[1] || a[0].length - b[0].length; })
      .slice(0, 5);
  }

  var path = location.pathname;
  var typed = path.indexOf(base) === 0 ? path.slice(base.length) : path;
  fetch(box.getAttribute("data-addresses")).then(function (r) { return r.json(); }).then(function (data) {
    var found = nearest(typed, data.pages);
    if (!found.length) return;
    var list = box.querySelector("ul");
    found.forEach(function (pair) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = base + pair[0].slice(1) + location.hash;
      a.textContent = data.titles[pair[0]] || pair[0];
      li.appendChild(a);
      var code = document.createElement("code");
      code.textContent = pair[0];
      li.appendChild(document.createTextNode(" "));
      li.appendChild(code);
      list.appendChild(li);
    });
    box.hidden = false;
  }).catch(function () { /* no suggestions; the links below still help */ });

  // The header search needs Material's script, which the page loads on first interaction
  // (macros/lazyjs.py); typing there and pressing Enter searches once it has arrived.
  form.addEventListener("submit", function (event) {
    var words = form.querySelector("input").value.trim();
    var header = document.querySelector("input.md-search__input");
    var toggle = document.getElementById("__search");
    if (!words || !header || !toggle) return;
    event.preventDefault();
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change", { bubbles: true }));
    header.focus();
    header.value = words;
    header.dispatchEvent(new Event("input", { bubbles: true }));
  });
})();
