// Share buttons the browser can carry out: "Copy link" where the clipboard can be written,
// and the phone's own share sheet where the browser has one (navigator.share). Both stay
// hidden otherwise; the plain share links work without this script. Their words are in the
// page's text (hidden), so they are in the reader's language and script.
(function () {
  "use strict";
  var status = document.querySelector(".share-status");
  function say(selector) {
    var message = document.querySelector(selector);
    if (status && message) {
      status.textContent = message.textContent;
    }
  }
  var copy = document.querySelector(".share-copy");
  if (copy && navigator.clipboard && window.isSecureContext) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(copy.dataset.url).then(
        function () { say(".share-done"); },
        function () { say(".share-failed"); }
      );
    });
  }
  var native = document.querySelector(".share-native");
  if (native && navigator.share) {
    native.hidden = false;
    native.addEventListener("click", function () {
      var headline = document.querySelector("h1.headline");
      var title = headline ? headline.textContent : document.title;
      navigator.share({ title: title, url: native.dataset.url }).catch(function () {
        // Closed by the reader, or refused: nothing to say.
      });
    });
  }
})();
