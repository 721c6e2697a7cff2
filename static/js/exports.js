// Import progress: ask the status endpoint how far the import got and move the
// bar; when it has finished, reload to show the result. Without JavaScript the
// page shows the same numbers and a "Check progress" link.
(function () {
  "use strict";
  var box = document.querySelector("[data-import-status-url]");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-import-status-url");
  var bar = box.querySelector("progress");
  var label = box.querySelector("label");
  var message = box.querySelector("[data-import-message]");
  var POLL_MS = 1500;
  var RETRY_MS = 5000;

  function show(job) {
    if (job.total_rows) {
      bar.max = job.total_rows;
    }
    if (job.status === "pending") {
      bar.removeAttribute("value");
    } else {
      bar.value = job.processed_rows;
    }
    bar.textContent = job.percent + "%";
    if (label.textContent !== job.status_label) {
      label.textContent = job.status_label;
    }
    message.textContent = job.message;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (job) {
        if (job.finished) {
          window.location.reload();
          return;
        }
        show(job);
        window.setTimeout(poll, POLL_MS);
      })
      .catch(function () {
        window.setTimeout(poll, RETRY_MS);
      });
  }

  window.setTimeout(poll, POLL_MS);
})();
