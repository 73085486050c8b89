// The article page's reader features, on top of forms that work without JavaScript:
// answering "Do you like this article?" without a reload, and the comment counter.
"use strict";

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
  }
});
