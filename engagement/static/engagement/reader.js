// The article page's reader features, on top of forms that work without JavaScript:
// answering "Do you like this article?" without a reload, the comment counter, and saying
// how much of a pasted comment did not fit.
"use strict";

// A story page served from the HTTP accelerator is the same for every reader, so its
// forms carry no CSRF token: one is fetched from /csrf/ (never cached; it also sets the
// cookie the token is checked against) before a form is sent. Without JavaScript the
// server answers the first post with the page drawn for the reader, token included.
function withCsrfToken(then) {
  const inputs = document.querySelectorAll("[data-csrf-token]");
  const missing = Array.from(inputs).some(function (input) { return !input.value; });
  if (!missing || !window.fetch) {
    then();
    return;
  }
  fetch("/csrf/", { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.json(); })
    .then(function (answer) {
      inputs.forEach(function (input) { input.value = answer.token; });
    })
    .catch(function () {})  // the server's answer without a token still lets the reader retry
    .then(then);
}

document.addEventListener("DOMContentLoaded", function () {
  const reactionForm = document.querySelector("[data-reaction-form]");
  const counts = document.querySelector("[data-reaction-counts]");
  if (reactionForm && counts) {
    reactionForm.addEventListener("submit", function (event) {
      const button = event.submitter;
      if (!button || !window.fetch) {
        return;  // the plain form post still works
      }
      event.preventDefault();
      withCsrfToken(function () { sendReaction(button); });
    });
  }

  function sendReaction(button) {
    const data = new FormData(reactionForm);
    data.set("value", button.value);
    fetch(reactionForm.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("reaction not saved");
        }
        return response.json();
      })
      .then(function (result) {
        counts.querySelector('[data-count="yes"]').textContent = result.yes;
        counts.querySelector('[data-count="no"]').textContent = result.no;
        counts.hidden = false;
        reactionForm.querySelectorAll("button").forEach(function (each) {
          each.setAttribute("aria-pressed", String(each.value === result.value));
        });
      })
      .catch(function () {
        reactionForm.submit();  // fall back to the page reload the form was made for
      });
  }

  const commentForm = document.querySelector("[data-comment-form]");
  if (commentForm) {
    commentForm.addEventListener("submit", function (event) {
      const token = commentForm.querySelector("[data-csrf-token]");
      if (!token || token.value || !window.fetch) {
        return;  // a token is there (or cannot be fetched): the form goes as it is
      }
      event.preventDefault();
      withCsrfToken(function () { commentForm.submit(); });
    });
  }

  const body = document.querySelector("[data-comment-body]");
  const counter = document.querySelector("[data-counter]");
  if (body && counter) {
    const limit = Number(body.getAttribute("maxlength"));
    const update = function () {
      // Characters as readers count them (and as the server does): one per letter or emoji.
      counter.textContent = String(limit - Array.from(body.value).length);
    };
    body.addEventListener("input", update);
    update();

    // Text pasted past the limit is cut by the browser without a word: say how much.
    const cutNote = document.querySelector("[data-comment-cut]");
    const cutWords = document.querySelector("[data-cut-words]");
    body.addEventListener("paste", function (event) {
      const data = event.clipboardData;
      if (!data || !cutNote || !cutWords) {
        return;
      }
      const pasted = data.getData("text").replace(/\r\n?/g, "\n");
      const kept = body.value.length - (body.selectionEnd - body.selectionStart);
      const cut = pasted.length - (limit - kept);
      cutNote.textContent = cut > 0
        ? cutWords.textContent + " " + cut.toLocaleString(document.documentElement.lang)
        : "";
    });
  }
});
