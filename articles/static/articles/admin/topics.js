// Type-ahead for the comma-separated topics field of the article form.
// Each suggestion is offered as the whole field with its last topic completed, through a
// native <datalist>, so choosing one works with mouse, keyboard and screen readers alike.
"use strict";

(function () {
  function setUp(input) {
    const list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.setAttribute("list", list.id);
    input.after(list);
    let pending = null;

    input.addEventListener("input", function () {
      const parts = input.value.split(",");
      const typed = parts.pop().trim();
      const kept = parts.map(function (part) { return part.trim(); }).filter(Boolean);
      if (typed.length < 1) {
        list.replaceChildren();
        return;
      }
      if (pending) {
        pending.abort();
      }
      pending = new AbortController();
      const url = input.dataset.topicSuggestions + "?q=" + encodeURIComponent(typed);
      fetch(url, { credentials: "same-origin", signal: pending.signal })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          const options = data.results
            .filter(function (name) { return kept.indexOf(name) === -1; })
            .map(function (name) {
              const option = document.createElement("option");
              option.value = kept.concat([name]).join(", ");
              option.label = name;
              return option;
            });
          list.replaceChildren.apply(list, options);
        })
        .catch(function () { /* an aborted or failed lookup just offers nothing */ });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-topic-suggestions]").forEach(setUp);
  });
})();
