/* showcase search and browse: one filter state, kept in the URL, drives two views.

   - The search dialog (partials/showcase-search.html) asks the Pagefind index in pagefind/
     (built by generator/search_index.py) for a term and the facets chosen.
   - List pages (publications, presentations, outputs) narrow their server-rendered items by
     the same facets, read from each item's data attributes (fragments/_facets.html.j2).

   The URL holds the state, so it can be shared: ?q=term opens the search, and
   programme=, type=, year=, person= hold the facets. Choosing a facet adds a history entry
   (pushState), typing replaces the current one, and Back/Forward restore the state
   (popstate). Without JavaScript none of this appears and the lists stay complete. */
(function () {
  "use strict";

  var FACETS = [  // key in the URL and Pagefind, data attribute on list items, texts
    { key: "programme", attribute: "programmes", many: true, label: "Programme",
      all: "All programmes" },
    { key: "type", attribute: "type", many: false, label: "Type", all: "All types" },
    { key: "year", attribute: "year", many: false, label: "Year", all: "All years" },
    { key: "person", attribute: "people", many: true, label: "Person", all: "All people" }
  ];
  var PAGE_SIZE = 10;
  var TYPING_DELAY = 150;
  var YEAR = /^(1[5-9]|20)\d\d$/;  // a word typed as a year searches by the year facet
  /* Pagefind searches metadata too, weighted by name (its title weighs 5): a programme's
     name (on its own page only) outweighs the same words in the titles of its works. */
  var RANKING = { metaWeights: { programme: 10, partners: 5 } };

  var state = readState();
  var views = [];

  /* ---- State and URL ------------------------------------------------------------------ */

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var filters = {};
    FACETS.forEach(function (facet) {
      if (params.get(facet.key)) { filters[facet.key] = params.get(facet.key); }
    });
    return { query: params.has("q") ? params.get("q") : null, filters: filters };
  }

  function stateUrl() {
    var params = new URLSearchParams(window.location.search);
    params.delete("q");
    FACETS.forEach(function (facet) { params.delete(facet.key); });
    if (state.query !== null) { params.set("q", state.query); }
    FACETS.forEach(function (facet) {
      if (state.filters[facet.key]) { params.set(facet.key, state.filters[facet.key]); }
    });
    var search = params.toString();
    return window.location.pathname + (search ? "?" + search : "") + window.location.hash;
  }

  function commit(push) {
    var url = stateUrl();
    var here = window.location.pathname + window.location.search + window.location.hash;
    if (url !== here) { window.history[push ? "pushState" : "replaceState"](null, "", url); }
  }

  function setFilter(key, value) {
    if (value) { state.filters[key] = value; } else { delete state.filters[key]; }
    commit(true);
    render();
  }

  function render() {
    views.forEach(function (view) { view.render(); });
  }

  /* ---- Shared pieces ------------------------------------------------------------------ */

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function sortValues(facet, values) {
    return values.slice().sort(function (a, b) {
      return facet.key === "year" ? Number(b) - Number(a) : a.localeCompare(b);
    });
  }

  /* A labelled <select> for a facet; its options are filled by fillOptions. */
  function facetControl(facet, idPrefix, values, onChange) {
    var id = idPrefix + "-" + facet.key;
    var field = element("div", { "class": "showcase-facet" });
    var select = element("select", { id: id, name: facet.key });
    field.appendChild(element("label", { "for": id }, facet.label));
    field.appendChild(select);
    select.addEventListener("change", function () { onChange(facet.key, select.value); });
    return { facet: facet, field: field, select: select, values: sortValues(facet, values) };
  }

  function fillOptions(control, chosen, counts) {
    var values = control.values.slice();
    if (chosen && values.indexOf(chosen) < 0) { values.push(chosen); }  // a shared link's value
    var select = control.select;
    select.textContent = "";
    select.appendChild(element("option", { value: "" }, control.facet.all));
    values.forEach(function (value) {
      var count = counts ? counts[value] || 0 : null;
      var option = element("option", { value: value }, count === null ? value
        : value + " (" + count + ")");
      option.disabled = count === 0 && value !== chosen;  // choosing it would show nothing
      select.appendChild(option);
    });
    select.value = chosen || "";
  }

  function plural(count, one, other) {
    return (count === 1 ? one : other).replace("#", String(count));
  }

  /* ---- List pages: narrow the server-rendered items ---------------------------------- */

  function listView(mount) {
    var page = mount.closest(".showcase") || document;
    var items = Array.prototype.map.call(page.querySelectorAll("li.showcase-item"), function (li) {
      return { li: li, values: itemValues(li) };
    });
    if (!items.length) { return null; }
    var controls = FACETS.map(function (facet) {
      var values = uniqueValues(items, facet.key);
      var control = facetControl(facet, "showcase-filter", values, setFilter);
      control.narrows = narrows(items, facet.key, control.values);
      return control;
    });
    var status = buildListForm(mount, controls);
    var noun = { one: mount.getAttribute("data-noun-one"),
                 other: mount.getAttribute("data-noun-other") };
    return { render: function () { renderList(page, items, controls, status, noun); } };
  }

  function itemValues(li) {
    var values = {};
    FACETS.forEach(function (facet) {
      var raw = li.getAttribute("data-" + facet.attribute) || "";
      values[facet.key] = facet.many ? parseList(raw) : (raw ? [raw] : []);
    });
    return values;
  }

  function parseList(raw) {
    try { return raw ? JSON.parse(raw) : []; } catch (error) { return []; }
  }

  function uniqueValues(items, key) {
    var seen = {};
    items.forEach(function (item) { item.values[key].forEach(function (v) { seen[v] = true; }); });
    return Object.keys(seen);
  }

  /* A facet is shown if choosing could hide something: some item lacks one of its values
     (so not "Publication" on the list of publications, where every item has it), or if it
     is chosen all the same (in the search, or in a shared address). */
  function narrows(items, key, values) {
    return items.some(function (item) { return item.values[key].length !== values.length; });
  }

  function buildListForm(mount, controls) {
    var heading = mount.getAttribute("data-noun-other") || "items";
    var form = element("form", { "class": "showcase-filters__form",
                                 "aria-label": "Filter " + heading });
    controls.forEach(function (control) { form.appendChild(control.field); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var clear = element("button", { type: "button", "class": "md-button showcase-filters__clear" },
                        "Clear filters");
    clear.addEventListener("click", function () {
      state.filters = {};
      commit(true);
      render();
      var first = form.querySelector(".showcase-facet:not([hidden]) select");
      if (first) { first.focus(); }  // the button itself has gone
    });
    var status = element("p", { "class": "showcase-filters__status", role: "status",
                                "aria-live": "polite", "aria-atomic": "true" });
    var row = element("div", { "class": "showcase-filters__row" });
    row.appendChild(status);
    row.appendChild(clear);
    mount.appendChild(form);
    mount.appendChild(row);
    mount.hidden = false;
    return { text: status, clear: clear };
  }

  function matches(values, filters, except) {
    return FACETS.every(function (facet) {
      var wanted = filters[facet.key];
      return facet.key === except || !wanted || values[facet.key].indexOf(wanted) >= 0;
    });
  }

  function renderList(page, items, controls, status, noun) {
    var shown = 0;
    items.forEach(function (item) {
      item.li.hidden = !matches(item.values, state.filters);
      shown += item.li.hidden ? 0 : 1;
    });
    controls.forEach(function (control) {
      var chosen = state.filters[control.facet.key];
      control.field.hidden = !control.narrows && !chosen;
      fillOptions(control, chosen, listCounts(items, control.facet.key));
    });
    hideEmptyYears(page);
    var total = plural(items.length, "# " + noun.one, "# " + noun.other);
    status.text.textContent = shown === items.length ? "Showing all " + total + "."
      : "Showing " + shown + " of " + total + ".";
    status.clear.hidden = !Object.keys(state.filters).length;
  }

  /* How many items each value would show, given the other facets chosen. */
  function listCounts(items, key) {
    var counts = {};
    items.forEach(function (item) {
      if (!matches(item.values, state.filters, key)) { return; }
      item.values[key].forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
    });
    return counts;
  }

  function hideEmptyYears(page) {
    page.querySelectorAll('section[aria-labelledby^="year-"]').forEach(function (section) {
      var empty = !section.querySelector("li.showcase-item:not([hidden])");
      section.hidden = empty;
      var id = section.getAttribute("aria-labelledby");
      var link = page.querySelector('.showcase-years a[href="#' + id + '"]');
      if (link) { link.parentNode.hidden = empty; }
    });
  }

  /* ---- Search: a dialog over Pagefind ------------------------------------------------- */

  function searchView(dialog, template) {
    var header = document.querySelector(".md-header__inner");
    if (!header || typeof dialog.showModal !== "function") { return null; }
    var button = template.content.firstElementChild.cloneNode(true);
    /* Before the palette switch: what comes after the new button keeps its place. */
    var after = header.querySelector("[data-md-component=palette]") ||
      header.querySelector(".md-header__source");
    header.insertBefore(button, after);
    var view = {
      dialog: dialog, button: button, controls: null, facetsReady: null, totals: {},
      results: [], shown: 0,
      run: 0, timer: 0,
      input: dialog.querySelector("input[type=search]"),
      facets: dialog.querySelector("[data-showcase-facets]"),
      toggle: dialog.querySelector("[data-showcase-facets-toggle]"),
      chosen: dialog.querySelector("[data-showcase-facets-count]"),
      status: dialog.querySelector("[role=status]"),
      list: dialog.querySelector("[data-showcase-results]"),
      more: dialog.querySelector("[data-showcase-more]")
    };
    bindSearch(view);
    view.render = function () { renderSearch(view); };
    return view;
  }

  function bindSearch(view) {
    view.button.addEventListener("click", function () { openSearch(view); });
    var close = view.dialog.querySelector("[data-showcase-search-close]");
    close.addEventListener("click", function () { view.dialog.close(); });
    view.dialog.addEventListener("click", function (event) {
      if (event.target === view.dialog) { view.dialog.close(); }  // a click on the backdrop
    });
    view.dialog.addEventListener("close", function () { closedSearch(view); });
    view.dialog.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      typed(view, 0);
    });
    view.input.addEventListener("input", function () { typed(view, TYPING_DELAY); });
    view.input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {  // close at once, rather than first clearing the box
        event.preventDefault();
        view.dialog.close();
      } else if (event.key === "ArrowDown" && view.list.querySelector("a")) {
        event.preventDefault();
        view.list.querySelector("a").focus();
      }
    });
    view.list.addEventListener("keydown", function (event) { moveBetweenResults(view, event); });
    view.more.addEventListener("click", function () { showMore(view, view.run, true); });
    view.toggle.addEventListener("click", function () {
      showFacets(view, view.toggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) { shortcut(view, event); });
  }

  /* "/", "s" or "f" opens the search, as in Material, unless the visitor is typing. */
  function shortcut(view, event) {
    var target = event.target;
    var typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    if (typing || event.ctrlKey || event.metaKey || event.altKey || view.dialog.open) { return; }
    if (["/", "s", "f"].indexOf(event.key) >= 0) {
      event.preventDefault();
      openSearch(view);
    }
  }

  function moveBetweenResults(view, event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") { return; }
    var links = Array.prototype.slice.call(view.list.querySelectorAll("a"));
    var index = links.indexOf(document.activeElement);
    if (index < 0) { return; }
    event.preventDefault();
    var next = index + (event.key === "ArrowDown" ? 1 : -1);
    if (next < 0) { view.input.focus(); } else if (next < links.length) { links[next].focus(); }
  }

  function openSearch(view) {
    if (state.query === null) {
      state.query = "";
      commit(true);
    }
    renderSearch(view);
    view.input.focus();
  }

  function closedSearch(view) {
    var focused = document.activeElement;
    if (!focused || focused === document.body || view.dialog.contains(focused)) {
      view.button.focus();  // opened by a shortcut: focus goes back to the search button
    }
    if (state.query === null) { return; }  // closed by Back: the URL is already right
    state.query = null;
    if (!views.some(function (v) { return v !== view; })) { state.filters = {}; }
    commit(true);
    render();
  }

  function typed(view, delay) {
    window.clearTimeout(view.timer);
    view.timer = window.setTimeout(function () {
      state.query = view.input.value;
      commit(false);
      search(view);
    }, delay);
  }

  function renderSearch(view) {
    if (state.query === null) {
      if (view.dialog.open) { view.dialog.close(); }
      return;
    }
    if (!view.dialog.open) { view.dialog.showModal(); }
    if (view.input.value !== state.query) { view.input.value = state.query; }
    var count = Object.keys(state.filters).length;
    view.chosen.textContent = count ? "(" + count + ")" : "";
    if (count) { showFacets(view, true); }
    if (view.controls) { syncSearchFacets(view); }
    search(view);
  }

  /* ---- Pagefind ------------------------------------------------------------------------- */

  var pagefind = null;

  function siteRoot() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  function loadPagefind() {
    if (!pagefind) {
      var root = siteRoot();
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        var options = { baseUrl: root.pathname, ranking: RANKING };
        return Promise.resolve(module.options(options)).then(function () {
          return module;
        });
      });
      pagefind.catch(function () { pagefind = null; });  // try again next time
    }
    return pagefind;
  }

  /* Facets are shown on request (or when some are chosen): their lists are a large part of
     the index, which a plain query does not need to download. */
  function showFacets(view, shown) {
    view.toggle.setAttribute("aria-expanded", String(shown));
    view.facets.hidden = !shown;
    if (shown) { loadFacets(view).catch(function () { /* search() reports it */ }); }
  }

  /* The facet controls, built once from the index's filters; resolves when they are. */
  function loadFacets(view) {
    if (!view.facetsReady) {
      view.facetsReady = loadPagefind().then(function (module) {
        return module.filters();
      }).then(function (counts) {
        view.totals = counts;
        view.controls = FACETS.filter(function (facet) {
          return counts[facet.key] && Object.keys(counts[facet.key]).length;
        }).map(function (facet) {
          var values = Object.keys(counts[facet.key]);
          var control = facetControl(facet, "showcase-search", values, setFilter);
          view.facets.appendChild(control.field);
          return control;
        });
        syncSearchFacets(view);
      });
      view.facetsReady.catch(function () { view.facetsReady = null; });
    }
    return view.facetsReady;
  }

  /* How many results each facet value would give, the other facets and the query held:
     values that would give none are disabled. Resolves to {facet key: {value: count}}. */
  function facetCounts(view, query) {
    return loadPagefind().then(function (module) {
      return Promise.all(view.controls.map(function (control) {
        var key = control.facet.key;
        var filters = searchFilters(state.filters, query.years, key);
        return ask(module, query.term, filters).then(function (found) {
          return found ? found.filters[key] || {} : view.totals[key];
        });
      }));
    }).then(function (counts) {
      var byKey = {};
      view.controls.forEach(function (control, i) { byKey[control.facet.key] = counts[i]; });
      return byKey;
    });
  }

  function syncSearchFacets(view, counts) {
    view.controls.forEach(function (control) {
      var chosen = state.filters[control.facet.key];
      if (counts) {
        fillOptions(control, chosen, counts[control.facet.key]);
      } else if (control.select.value !== (chosen || "") || control.select.options.length <= 1) {
        fillOptions(control, chosen, view.totals[control.facet.key]);
      }
    });
  }

  /* The words of a query and the years among them: "2022" means work of 2022, found by its
     date, never by the digits of a DOI or a page number. */
  function readQuery(query) {
    var words = (query || "").trim().split(/\s+/).filter(Boolean);
    return { term: words.filter(function (w) { return !YEAR.test(w); }).join(" "),
             years: words.filter(function (w) { return YEAR.test(w); }) };
  }

  /* Pagefind's filters for the facets chosen and the years typed, or null if they cannot
     all hold (two different years). `except` leaves one facet out, to count its values. */
  function searchFilters(filters, years, except) {
    var out = {};
    Object.keys(filters).forEach(function (key) {
      if (key !== except) { out[key] = filters[key]; }
    });
    var typed = years.filter(function (year, i) { return years.indexOf(year) === i; });
    if (typed.length > 1) { return null; }
    if (typed.length && except !== "year") {
      if (out.year && out.year !== typed[0]) { return null; }
      out.year = typed[0];
    }
    return out;
  }

  function ask(module, term, filters) {
    if (filters === null) { return Promise.resolve({ results: [], filters: {} }); }
    if (!term && !Object.keys(filters).length) { return Promise.resolve(null); }
    return module.search(term || null, { filters: filters });
  }

  function search(view) {
    var run = ++view.run;
    var query = readQuery(state.query);
    var filters = searchFilters(state.filters, query.years);
    var idle = filters !== null && !query.term && !Object.keys(filters).length;
    view.dialog.setAttribute("aria-busy", "true");
    var found = loadPagefind().then(function (module) { return ask(module, query.term, filters); });
    var facets = view.facets.hidden ? null : loadFacets(view).then(function () {
      return facetCounts(view, query);
    });
    Promise.all([found, facets]).then(function (done) {
      if (run !== view.run) { return; }
      var results = done[0] ? done[0].results : [];
      if (done[1]) { syncSearchFacets(view, done[1]); }
      showResults(view, results, idle ? text(view, "start") : countText(view, results.length));
      return showMore(view, run, false);
    }).catch(function () {
      if (run === view.run) { showResults(view, [], text(view, "error")); }
    }).then(function () {
      if (run === view.run) { view.dialog.removeAttribute("aria-busy"); }
    });
  }

  function text(view, name) {
    return view.dialog.getAttribute("data-text-" + name) || "";
  }

  function countText(view, count) {
    return count === 0 ? text(view, "none") : plural(count, text(view, "one"), text(view, "other"));
  }

  function showResults(view, results, message) {
    view.results = results;
    view.shown = 0;
    view.list.textContent = "";
    view.more.hidden = true;
    if (view.status.textContent !== message) { view.status.textContent = message; }
  }

  /* The next page of results; `focus` moves focus to the first new one ("More results"). */
  function showMore(view, run, focus) {
    var batch = view.results.slice(view.shown, view.shown + PAGE_SIZE);
    view.shown += batch.length;
    var loading = batch.map(function (result) { return result.data(); });
    return Promise.all(loading).then(function (data) {
      if (run !== view.run) { return; }
      var first = null;
      data.forEach(function (page) {
        var item = resultItem(page);
        first = first || item;
        view.list.appendChild(item);
      });
      view.more.hidden = view.shown >= view.results.length;
      if (focus && first) { first.querySelector("a").focus(); }
    });
  }

  function resultItem(page) {
    var item = element("li", { "class": "showcase-search__result" });
    var link = element("a", { href: page.url, "class": "showcase-search__link" },
      page.meta.title || page.url);
    item.appendChild(link);
    if (page.meta.kind) {
      item.appendChild(element("p", { "class": "showcase-search__kind" }, page.meta.kind));
    }
    if (page.meta.citation) {
      item.appendChild(element("p", { "class": "showcase-search__citation" }, page.meta.citation));
    }
    if (page.excerpt && (state.query || "").trim()) {
      var excerpt = element("p", { "class": "showcase-search__excerpt" });
      excerpt.appendChild(markedText(page.excerpt));
      item.appendChild(excerpt);
    }
    return item;
  }

  /* Pagefind's excerpt as text, keeping only its <mark> highlights. */
  function markedText(html) {
    var parsed = document.createElement("template");
    parsed.innerHTML = html;
    var out = document.createDocumentFragment();
    parsed.content.childNodes.forEach(function (node) {
      out.appendChild(node.nodeName === "MARK" ? element("mark", {}, node.textContent)
        : document.createTextNode(node.textContent || ""));
    });
    return out;
  }

  /* ---- Start ------------------------------------------------------------------------- */

  function start() {
    var mount = document.querySelector("[data-showcase-filters]");
    var list = mount ? listView(mount) : null;
    var dialog = document.getElementById("showcase-search");
    var template = document.getElementById("showcase-search-button");
    var searchBox = dialog && template ? searchView(dialog, template) : null;
    views = [list, searchBox].filter(Boolean);
    window.addEventListener("popstate", function () {
      state = readState();
      render();
    });
    render();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
