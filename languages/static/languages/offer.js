// The language switcher remembers the reader's choice (a cookie, for a year), and a reader
// whose choice or browser prefers another language this page is published in is offered
// it in one small line, which they may dismiss. Never a redirect: the address decides.
(function () {
  "use strict";
  var CHOICE = "reader_language";
  var DISMISSED = "language_offer_dismissed";
  var YEAR = 365 * 24 * 60 * 60;

  function readCookie(name) {
    var found = null;
    document.cookie.split(";").forEach(function (part) {
      var pair = part.trim().split("=");
      if (pair[0] === name) found = decodeURIComponent(pair.slice(1).join("="));
    });
    return found;
  }

  function writeCookie(name, value) {
    document.cookie = name + "=" + encodeURIComponent(value) + "; path=/; max-age=" + YEAR + "; samesite=lax";
  }

  // A browser's language tag as our codes write it: ru-RU -> ru, uz-Cyrl-UZ -> uz-cyrl.
  function ourCode(tag, published) {
    var parts = String(tag).toLowerCase().split("-");
    var withScript = parts.length > 1 && parts[1].length === 4 ? parts[0] + "-" + parts[1] : null;
    if (withScript && published[withScript]) return withScript;
    return published[parts[0]] ? parts[0] : null;
  }

  var links = document.querySelectorAll(".language-switcher a[data-code]");
  var published = {};
  var current = null;
  Array.prototype.forEach.call(links, function (link) {
    published[link.dataset.code] = link;
    if (link.getAttribute("aria-current")) current = link.dataset.code;
    link.addEventListener("click", function () {
      writeCookie(CHOICE, link.dataset.code);
    });
  });

  // Choosing a version under "Also in" is a choice of language too.
  Array.prototype.forEach.call(document.querySelectorAll(".also-in a[data-code]"), function (link) {
    link.addEventListener("click", function () {
      writeCookie(CHOICE, link.dataset.code);
    });
  });

  var offer = document.querySelector(".language-offer");
  if (!offer || !current || readCookie(DISMISSED)) return;

  var chosen = readCookie(CHOICE);
  var wanted = chosen ? [chosen] : navigator.languages || [navigator.language];
  var code = null;
  for (var i = 0; i < wanted.length && !code; i++) code = ourCode(wanted[i], published);
  if (!code || code === current) return;
  var target = published[code];
  if (!target.dataset.offer) return; // this page is not published in that language

  var link = document.createElement("a");
  link.href = target.getAttribute("href");
  link.lang = target.lang;
  link.hreflang = target.hreflang;
  link.textContent = target.dataset.offer;
  link.addEventListener("click", function () {
    writeCookie(CHOICE, code);
  });
  offer.insertBefore(link, offer.firstChild);
  offer.querySelector("button").addEventListener("click", function () {
    writeCookie(DISMISSED, "1");
    offer.hidden = true;
  });
  offer.hidden = false;
})();
