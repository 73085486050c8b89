// The list filters on a phone: folded behind their button ("Filters (2)") so the stories
// come first; open on wider screens and without this script. A filter left empty is left
// out of the address (?topic=prisons, not ?q=&topic=prisons&region=&author=…).
(function () {
  "use strict";
  var fold = document.querySelector("[data-filters-fold]");
  if (fold && window.matchMedia && window.matchMedia("(max-width: 40rem)").matches) {
    fold.open = false;
  }
  document.querySelectorAll("form[data-drop-empty]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("input[name], select[name]").forEach(function (field) {
        if (field.value === "" && !field.disabled) {
          field.disabled = true;  // a disabled field is not sent
        }
      });
    });
  });
  // Back to the page with the browser's back button: the fields are usable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-drop-empty] [name]:disabled").forEach(function (field) {
      field.disabled = false;
    });
  });
})();
