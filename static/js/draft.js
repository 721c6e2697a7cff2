// The draft page: "Open in my email app" (<a data-mailto>) carries the text as it
// is typed, not only as it was last saved. Same encoding as outreach.drafts.mailto_link
// (RFC 6068: line breaks as CRLF, %-encoded).
(function () {
  "use strict";
  var link = document.querySelector("a[data-mailto]");
  var subject = document.getElementById("id_subject");
  var body = document.getElementById("id_body");
  if (!link || !subject || !body) {
    return;
  }
  var address = link.getAttribute("href").split("?")[0];
  function update() {
    var text = body.value.replace(/\r\n/g, "\n").replace(/\n/g, "\r\n");
    link.setAttribute(
      "href",
      address + "?subject=" + encodeURIComponent(subject.value) + "&body=" + encodeURIComponent(text)
    );
  }
  subject.addEventListener("input", update);
  body.addEventListener("input", update);
})();
