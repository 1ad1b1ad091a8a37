// The docs page's quick find, run in the reader's browser (scripts/lib/quick-find.mjs inlines it before Redoc). It
// answers as soon as the page is parsed, long before Redoc's own full-text search has built its index: type an SDK
// method (`getUserBalances`), a webhook kind, a title or a path, and Enter opens the operation. Plain ES2020, no
// dependency; the entries come from the JSON script element #p100-find-index.
(function quickFind() {
  var root = document.getElementById("p100-find");
  var input = document.getElementById("p100-find-input");
  var list = document.getElementById("p100-find-results");
  var data = document.getElementById("p100-find-index");
  if (!root || !input || !list || !data) return;
  /** @type {{ name: string, call: string, title: string, method: string, path: string, href: string }[]} */
  var entries = JSON.parse(data.textContent || "[]");
  var shown = [];
  var active = 0;

  // Best first: the method name itself, then a method name starting with the query, then one containing it, then a
  // title word starting with it; anything else matching every word last.
  function rank(entry, query, words) {
    var name = entry.name.toLowerCase();
    var haystack = (name + " " + entry.title + " " + entry.method + " " + entry.path).toLowerCase();
    for (var i = 0; i < words.length; i++) if (haystack.indexOf(words[i]) < 0) return -1;
    if (name === query) return 0;
    if (name.indexOf(query) === 0) return 1;
    if (name.indexOf(query) > 0) return 2;
    if ((" " + entry.title.toLowerCase()).indexOf(" " + words[0]) >= 0) return 3;
    return 4;
  }

  function find(text) {
    var query = text.trim().toLowerCase();
    if (!query) return [];
    var words = query.split(/\s+/);
    var ranked = [];
    for (var i = 0; i < entries.length; i++) {
      var score = rank(entries[i], query.replace(/\s+/g, ""), words);
      if (score >= 0) ranked.push({ score: score, order: i, entry: entries[i] });
    }
    ranked.sort(function (a, b) {
      return a.score - b.score || a.order - b.order;
    });
    return ranked.slice(0, 12).map(function (r) {
      return r.entry;
    });
  }

  function render() {
    list.textContent = "";
    shown.forEach(function (entry, index) {
      var item = document.createElement("li");
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", String(index === active));
      var link = document.createElement("a");
      link.href = entry.href;
      link.setAttribute("data-p100-find-result", entry.name);
      var call = document.createElement("code");
      call.textContent = entry.call;
      var title = document.createElement("span");
      title.textContent = entry.title + (entry.method ? " — " + entry.method + " " + entry.path : "");
      link.appendChild(call);
      link.appendChild(title);
      link.addEventListener("click", close);
      item.appendChild(link);
      list.appendChild(item);
    });
    if (input.value.trim() && shown.length === 0) {
      var none = document.createElement("li");
      none.className = "p100-find-none";
      none.textContent = "No operation or webhook matches. Redoc's search (Ctrl+K) searches the full text.";
      list.appendChild(none);
    }
    list.hidden = !input.value.trim();
    input.setAttribute("aria-expanded", String(!list.hidden));
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
  }

  input.addEventListener("input", function () {
    shown = find(input.value);
    active = 0;
    render();
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (shown.length === 0) return;
      active = (active + (event.key === "ArrowDown" ? 1 : shown.length - 1)) % shown.length;
      render();
    } else if (event.key === "Enter" && shown[active]) {
      location.hash = shown[active].href;
      close();
    } else if (event.key === "Escape") {
      close();
    }
  });
  document.addEventListener("click", function (event) {
    if (!root.contains(/** @type {Node} */ (event.target))) close();
  });
  input.disabled = false;
  root.setAttribute("data-ready", "true");
  // When the quick find could answer, for scripts/measure-docs.mjs.
  if (window.performance && performance.mark) performance.mark("p100-find-ready");
})();
