// "Copy link" on the calendar page: shown only where the browser can copy; the box works without it.
(function () {
  "use strict";
  var button = document.querySelector("[data-copy-target]");
  if (!button || !navigator.clipboard) {
    return;
  }
  var source = document.querySelector(button.getAttribute("data-copy-target"));
  var status = document.querySelector("[data-copy-status]");
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(source.value).then(
      function () { status.textContent = "Link copied. Paste it into your calendar app."; },
      function () { source.select(); status.textContent = "Select the link and copy it."; }
    );
  });
})();
