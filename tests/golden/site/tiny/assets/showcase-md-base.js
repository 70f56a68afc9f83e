/* Material's partials/javascripts/base.html (mkdocs-material 9.7.7), as a file instead of an
   inline script, so that the Content-Security-Policy can forbid inline scripts. It defines
   the globals Material's other scripts and its bundle use to keep state in localStorage:
   __md_scope (the site's root, from the script's data-md-scope), __md_hash, __md_get and
   __md_set. If Material changes its inline script, change this file to match. */
(function () {
  var scope = document.currentScript.getAttribute("data-md-scope");
  window.__md_scope = new URL(scope, location);
  window.__md_hash = function (text) {
    return Array.from(text).reduce(function (hash, character) {  // by code point, as [...text]
      return (hash << 5) - hash + character.charCodeAt(0);
    }, 0);
  };
  window.__md_get = function (key, storage, base) {
    storage = storage || localStorage;
    base = base || window.__md_scope;
    return JSON.parse(storage.getItem(base.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, base) {
    storage = storage || localStorage;
    base = base || window.__md_scope;
    try { storage.setItem(base.pathname + "." + key, JSON.stringify(value)); } catch (error) {
      /* storage full or refused: the state is simply not kept */
    }
  };
})();
