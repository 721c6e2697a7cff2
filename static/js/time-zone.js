// The device's own time zone, for the sign-up form and the zone pickers.
// - input[data-device-zone]: filled with the zone (the sign-up form's hidden field,
//   the "use this device's zone" form);
// - [data-device-zone-offer]: shown when the device's zone is one we list and is
//   not the one already saved (data-current); [data-zone-name] inside names it.
(function () {
  "use strict";
  if (!window.Intl || !Intl.DateTimeFormat) {
    return;
  }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) {
    return;
  }
  Array.prototype.forEach.call(document.querySelectorAll("input[data-device-zone]"), function (input) {
    input.value = zone;
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-device-zone-offer]"), function (offer) {
    var select = document.getElementById("id_time_zone");
    var option = select && Array.prototype.find.call(select.options, function (candidate) {
      return candidate.value === zone;
    });
    if (!option || offer.getAttribute("data-current") === zone) {
      return;
    }
    offer.querySelector("[data-zone-name]").textContent = option.textContent;
    offer.hidden = false;
  });
})();
