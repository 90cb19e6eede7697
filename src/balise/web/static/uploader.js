// Resumable upload of large decision logs (docs/audits.md, "Upload protocol").
//
// Enhances a form marked data-uploader: instead of posting the file in one request, it opens an
// upload on the API, sends the file in chunks with a progress bar, and after a network failure
// asks the server which offset it holds and goes on from there (also after a page reload: the
// upload's id is remembered in localStorage). Without JavaScript the form posts the file itself.
(function () {
  "use strict";

  var MAX_ATTEMPTS = 30;

  function wait(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, name) {
      return values[name] !== undefined ? values[name] : "";
    });
  }

  function Failure(message, retry) {
    this.message = message;
    this.retry = retry;
  }

  async function problemText(response) {
    try {
      var body = await response.json();
      if (body.errors && body.errors.length) { return body.errors[0].detail; }
      return body.title || String(response.status);
    } catch (error) {
      return String(response.status);
    }
  }

  function enhance(form) {
    var input = form.querySelector("input[type=file]");
    var box = form.querySelector(".upload-progress");
    var bar = form.querySelector("progress");
    var status = form.querySelector(".upload-status");
    var button = form.querySelector("button[type=submit]");
    var hint = form.querySelector("[data-js-hint]");
    var csrf = form.querySelector("input[name=csrf_token]").value;
    var target = JSON.parse(form.dataset.target);
    var maxBytes = Number(form.dataset.max);
    if (hint) { hint.textContent = hint.dataset.jsHint; }

    function headers(extra) {
      var all = { "X-CSRF-Token": csrf, "Accept": "application/json" };
      Object.keys(extra || {}).forEach(function (key) { all[key] = extra[key]; });
      return all;
    }

    async function call(method, url, body, extra) {
      var response;
      try {
        response = await fetch(url, {
          method: method, body: body, headers: headers(extra), credentials: "same-origin",
        });
      } catch (error) {
        throw new Failure(form.dataset.msgRetrying, true);
      }
      if (response.status >= 500 || response.status === 429) {
        throw new Failure(form.dataset.msgRetrying, true);
      }
      return response;
    }

    function showError(text) {
      var message = form.querySelector(".upload-error");
      if (!message) {
        message = document.createElement("p");
        message.className = "error upload-error";
        message.setAttribute("role", "alert");
        box.appendChild(message);
      }
      message.textContent = fill(form.dataset.msgFailed, { reason: text });
    }

    function show(offset, size) {
      var percent = size ? Math.floor((100 * offset) / size) : 0;
      bar.value = percent;
      status.textContent = fill(form.dataset.msgSending, {
        percent: percent + " %",
        size: (size / 1048576).toFixed(1),
      });
    }

    async function open(file, key) {
      var saved = localStorage.getItem(key);
      if (saved) {
        var found = await call("GET", "/api/v1/uploads/" + encodeURIComponent(saved));
        if (found.ok) {
          var state = await found.json();
          if (!state.complete) { return state; }
        }
        localStorage.removeItem(key);
      }
      var body = { file_name: file.name, size: file.size };
      Object.keys(target).forEach(function (name) { body[name] = target[name]; });
      var created = await call(
        "POST", form.dataset.create, JSON.stringify(body), { "Content-Type": "application/json" }
      );
      if (!created.ok) { throw new Failure(await problemText(created), false); }
      var upload = await created.json();
      localStorage.setItem(key, upload.id);
      return upload;
    }

    async function send(file, upload) {
      var offset = upload.offset;
      var chunk = upload.chunk_bytes;
      var url = "/api/v1/uploads/" + encodeURIComponent(upload.id);
      while (offset < file.size) {
        show(offset, file.size);
        var piece = file.slice(offset, Math.min(offset + chunk, file.size));
        var response = await call(
          "PUT", url + "/chunks/" + offset, piece,
          { "Content-Type": "application/octet-stream" }
        );
        if (response.status === 409) {
          offset = (await response.json()).offset;
          continue;
        }
        if (!response.ok) { throw new Failure(await problemText(response), false); }
        offset = (await response.json()).offset;
      }
      show(file.size, file.size);
      status.textContent = form.dataset.msgChecking;
      var finished = await call("POST", url + "/finish");
      if (!finished.ok) { throw new Failure(await problemText(finished), false); }
      return finished.json();
    }

    async function resume(upload) {
      // After a failure the server is the judge of how far the file got.
      var response = await call("GET", "/api/v1/uploads/" + encodeURIComponent(upload.id));
      if (!response.ok) { throw new Failure(await problemText(response), false); }
      return response.json();
    }

    async function run(file) {
      var key = "balise-upload:" + form.dataset.target + ":" + file.name + ":" + file.size +
        ":" + file.lastModified;
      var upload = null;
      var attempts = 0;
      for (;;) {
        try {
          if (upload === null) { upload = await open(file, key); } else { upload = await resume(upload); }
          var done = await send(file, upload);
          localStorage.removeItem(key);
          window.location.assign(form.dataset.next + encodeURIComponent(done.id));
          return;
        } catch (error) {
          if (!(error instanceof Failure) || !error.retry || attempts >= MAX_ATTEMPTS) {
            if (upload === null || !(error instanceof Failure) || !error.retry) {
              localStorage.removeItem(key);
            }
            throw error;
          }
          attempts += 1;
          status.textContent = error.message;
          await wait(Math.min(30000, 1000 * Math.pow(2, Math.min(attempts, 5))) / 2);
        }
      }
    }

    form.addEventListener("submit", function (event) {
      var file = input.files && input.files[0];
      if (!file || !window.fetch || !window.Promise) { return; }
      event.preventDefault();
      var old = form.querySelector(".upload-error");
      if (old) { old.remove(); }
      box.hidden = false;
      if (file.size > maxBytes) {
        showError(form.dataset.msgTooLarge);
        return;
      }
      button.disabled = true;
      run(file).catch(function (error) {
        showError(error && error.message ? error.message : String(error));
        button.disabled = false;
      });
    });
  }

  document.querySelectorAll("form[data-uploader]").forEach(enhance);
})();
