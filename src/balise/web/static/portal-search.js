// Live search on the portal: results follow the words and filters as they change, and the
// address follows the results (history.replaceState), so that what is shown can be shared.
// Without JavaScript the form's buttons do the same with a page load.
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-search]");
  var body = document.getElementById("results-body");
  var count = document.getElementById("results-count");
  if (!form || !body || !count || !window.fetch || !window.DOMParser) {
    return;
  }
  var timer = null;
  var latest = 0;

  // A field's default (data-default) stays out of the address, as an empty field does.
  var defaults = {};
  Array.prototype.forEach.call(form.elements, function (field) {
    if (field.name && field.dataset && field.dataset.default) {
      defaults[field.name] = field.dataset.default;
    }
  });

  function address() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && value.trim() !== "" && value.trim() !== defaults[name]) {
        params.append(name, value.trim());
      }
    });
    var query = params.toString();
    return form.getAttribute("action") + (query ? "?" + query : "");
  }

  function refresh() {
    var url = address();
    var ticket = ++latest;
    fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        if (ticket !== latest) {
          return; // a later search has been sent since
        }
        var page = new DOMParser().parseFromString(html, "text/html");
        var newBody = page.getElementById("results-body");
        var newCount = page.getElementById("results-count");
        if (!newBody || !newCount) {
          return;
        }
        body.replaceChildren.apply(body, Array.prototype.slice.call(newBody.childNodes).map(function (node) {
          return document.importNode(node, true);
        }));
        // The count is a live region that stays in place: changing its text is announced.
        count.textContent = newCount.textContent.replace(/\s+/g, " ").trim();
        window.history.replaceState(null, "", url);
        var next = document.querySelector(".language-switch input[name='next']");
        if (next) {
          next.value = url; // switching language keeps the search
        }
      })
      .catch(function () { /* the buttons still work */ });
  }

  function later(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, delay);
  }

  var words = document.getElementById("field-q");
  if (words) {
    words.addEventListener("input", function () { later(350); });
  }
  document.querySelectorAll("[form='" + form.id + "']").forEach(function (field) {
    if (field.tagName === "SELECT" || field.type === "checkbox") {
      field.addEventListener("change", function () { later(0); });
    }
  });
})();
