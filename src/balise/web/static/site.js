// Small screens: the main menu and the filter panels start folded, so that the page's own
// content comes first. Without JavaScript they stay open, and everything still works.
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 48rem)");
  function fold() {
    document.querySelectorAll("details[data-narrow-closed]").forEach(function (details) {
      if (narrow.matches) {
        details.removeAttribute("open");
      } else {
        details.setAttribute("open", "");
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fold);
  } else {
    fold();
  }
  narrow.addEventListener("change", fold);
})();
