/* Only under `mkdocs serve`: the page reloads when the preview has been rebuilt.
   MkDocs puts its live-reload script into each page it serves, inline, which the pages'
   Content-Security-Policy does not run (no script from the page itself runs). This file,
   from the site, does what that script does: it reads the build's number ("epoch") and
   the page's request number from it, asks the server for a newer build, and reloads the
   page when there is one, only while the page is in view. */
(function () {
  "use strict";
  var req, timeout, epoch, requestId;

  function poll() {
    req = new XMLHttpRequest();
    req.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) {
        location.reload();
      } else {
        timeout = setTimeout(poll, this.status === 200 ? 0 : 3000);
      }
    };
    req.open("GET", "/livereload/" + epoch + "/" + requestId);
    req.send();
  }

  function stop() {
    if (req) req.abort();
    if (timeout) clearTimeout(timeout);
    req = timeout = undefined;
  }

  window.addEventListener("load", function () {
    var found;
    document.querySelectorAll("script:not([src])").forEach(function (script) {
      found = /livereload\((\d+), (\d+)\)/.exec(script.textContent) || found;
    });
    if (!found) return;  // not served by `mkdocs serve`
    epoch = Number(found[1]);
    requestId = found[2];
    if (document.visibilityState === "visible") poll();
    window.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") poll(); else stop();
    });
    window.addEventListener("beforeunload", stop);
  });
})();
