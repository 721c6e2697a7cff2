// The "Copy" button: shown only where the browser can copy; the text box works without it.
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
      function () { status.textContent = "Copied."; },
      function () { source.select(); status.textContent = "Select the text and copy it."; }
    );
  });
})();
