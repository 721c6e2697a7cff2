// "Copy" buttons: <button data-copy-target="#box" data-copy-done="Copied." data-copy-fallback="…" hidden>.
// Shown only where the browser can copy; the text box beside it works without them.
(function () {
  "use strict";
  if (!navigator.clipboard) {
    return;
  }
  var status = document.querySelector("[data-copy-status]");
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy-target]"), function (button) {
    var source = document.querySelector(button.getAttribute("data-copy-target"));
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value).then(
        function () { status.textContent = button.getAttribute("data-copy-done") || "Copied."; },
        function () {
          source.select();
          status.textContent = button.getAttribute("data-copy-fallback") || "Select the text and copy it.";
        }
      );
    });
  });
})();
