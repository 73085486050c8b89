// Embedded posts and videos (articles/embeds.py): the page shows a placeholder, and the
// provider's frame is made only when the reader presses its button. Nothing is requested
// from the provider before that. Without JavaScript the placeholder links to the original.
(function () {
  "use strict";

  function show(holder) {
    var frame = document.createElement("iframe");
    frame.src = holder.dataset.embedSrc;
    // The placeholder's own words name the frame (on /uz-cyrl/ and /kk-latn/ they are
    // already in the reader's script).
    frame.title = holder.querySelector(".embed-label").textContent;
    frame.allow = "encrypted-media; picture-in-picture; fullscreen; clipboard-write";
    frame.allowFullscreen = true;
    // The providers' players check where they are embedded (YouTube refuses to play without it).
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    holder.classList.add("embed-shown");
    holder.replaceChildren(frame);
    frame.focus();
  }

  document.querySelectorAll(".embed-frame[data-embed-src]").forEach(function (holder) {
    var button = holder.querySelector(".embed-show");
    if (!button) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      show(holder);
    });
  });
})();
