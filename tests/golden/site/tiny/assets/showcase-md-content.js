/* Material's partials/javascripts/content.html (mkdocs-material 9.7.7), as a file instead of
   an inline script (see showcase-md-base.js). Run where Material runs it, after the content:
   with content.tabs.link (data-md-tabs-link) it selects the content tabs chosen on other
   pages, and a link to a tab (#__tabbed_…) selects that tab. */
(function () {
  if (document.currentScript.hasAttribute("data-md-tabs-link")) {
    var tabs = window.__md_get("__tabs");
    if (Array.isArray(tabs)) {
      document.querySelectorAll(".tabbed-set").forEach(function (set) {
        var labels = set.querySelector(".tabbed-labels").getElementsByTagName("label");
        tabs.some(function (tab) {
          var label = Array.prototype.find.call(labels, function (l) {
            return l.innerText.trim() === tab;
          });
          if (label) { document.getElementById(label.htmlFor).checked = true; }
          return Boolean(label);
        });
      });
    }
  }
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) { target.checked = target.name.startsWith("__tabbed_"); }
})();
