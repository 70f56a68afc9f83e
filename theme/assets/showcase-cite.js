/* "Copy citation" buttons: copy the plain-text citation and say so, visibly and to screen
   readers (the status element is a polite live region); and the page's address on paper.
   Material loads pages with instant navigation off by default, so binding on
   DOMContentLoaded is enough; document$ covers instant navigation when a site turns it on. */
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
      document.body.removeChild(area);
      if (copied) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  function announce(button, message) {
    var status = button.parentNode.querySelector(".showcase-copy-status");
    if (!status) { return; }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function bindButtons(root) {
    root.querySelectorAll("button.showcase-copy[data-copy-text]").forEach(function (button) {
      if (button.dataset.bound) { return; }
      button.dataset.bound = "true";
      button.hidden = false;
      button.addEventListener("click", function () {
        copyText(button.dataset.copyText).then(
          function () { announce(button, "Citation copied to the clipboard."); },
          function () { announce(button, "Could not copy: select the citation text and copy it."); }
        );
      });
    });
  }

  /* The page's address where it is printed, if the build did not know the site's. */
  function address(root) {
    root.querySelectorAll("[data-showcase-address]").forEach(function (element) {
      if (!element.textContent.trim()) { element.textContent = window.location.href; }
    });
  }

  function bind(root) {
    bindButtons(root);
    address(root);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { bind(document); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { bind(document); });
  } else {
    bind(document);
  }
})();
