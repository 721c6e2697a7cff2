// "Copy" buttons: <button data-copy-target="#box" data-copy-done="Copied." data-copy-fallback="…" hidden>.
// The target may name several fields ("#id_subject, #id_body"): their texts are copied
// in page order, a blank line between them.
// Shown only where the browser can copy; the text boxes beside it work without them.
(function () {
  "use strict";
  if (!navigator.clipboard) {
    return;
  }
  var status = document.querySelector("[data-copy-status]");
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy-target]"), function (button) {
    var sources = document.querySelectorAll(button.getAttribute("data-copy-target"));
    if (!sources.length) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = Array.prototype.map.call(sources, function (source) { return source.value; }).join("\n\n");
      navigator.clipboard.writeText(text).then(
        function () { status.textContent = button.getAttribute("data-copy-done") || "Copied."; },
        function () {
          sources[sources.length - 1].select();
          status.textContent = button.getAttribute("data-copy-fallback") || "Select the text and copy it.";
        }
      );
    });
  });
})();
