// Offer the device's own time zone when it differs from the one on the profile.
(function () {
  "use strict";
  var select = document.getElementById("id_time_zone");
  var note = document.getElementById("browser-time-zone");
  if (!select || !note || !window.Intl) {
    return;
  }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var known = Array.prototype.some.call(select.options, function (option) {
    return option.value === zone;
  });
  if (!zone || !known || select.value === zone) {
    return;
  }
  note.querySelector("[data-zone-name]").textContent = zone.replace(/_/g, " ");
  note.hidden = false;
  note.querySelector("[data-use-zone]").addEventListener("click", function () {
    select.value = zone;
    note.hidden = true;
    select.focus();
  });
})();
