/* Material's partials/javascripts/palette.html (mkdocs-material 9.7.7), as a file instead of
   an inline script (see showcase-md-base.js). Run where Material runs it, after the palette
   toggles: it applies the palette the visitor chose earlier before the page is painted. */
(function () {
  var palette = window.__md_get("__palette");
  if (!palette || !palette.color) { return; }
  if (palette.color.media === "(prefers-color-scheme)") {
    var light = matchMedia("(prefers-color-scheme: light)").matches;
    var input = document.querySelector(light
      ? "[data-md-color-media='(prefers-color-scheme: light)']"
      : "[data-md-color-media='(prefers-color-scheme: dark)']");
    palette.color.media = input.getAttribute("data-md-color-media");
    palette.color.scheme = input.getAttribute("data-md-color-scheme");
    palette.color.primary = input.getAttribute("data-md-color-primary");
    palette.color.accent = input.getAttribute("data-md-color-accent");
  }
  Object.keys(palette.color).forEach(function (key) {
    document.body.setAttribute("data-md-color-" + key, palette.color[key]);
  });
})();
