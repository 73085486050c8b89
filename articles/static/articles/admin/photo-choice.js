// The story form's choice of a library photo: the admin's type-ahead (select2), with each
// answer drawn as its thumbnail, caption and credit (articles/admin/photos.py answers with
// them). Runs after Django's autocomplete.js has set the fields up, and again for each row
// added with "Add another photo".
"use strict";
{
  const $ = django.jQuery;

  function answer(result) {
    if (!result.id) {
      return result.text; // "Searching…" and the like
    }
    const row = document.createElement("span");
    row.className = "photo-choice-answer";
    if (result.thumbnail) {
      const image = document.createElement("img");
      image.src = result.thumbnail;
      image.alt = "";
      image.width = 64;
      row.append(image);
    }
    const words = document.createElement("span");
    words.textContent = result.text;
    if (result.credit) {
      const credit = document.createElement("small");
      credit.textContent = " [" + result.credit + "]";
      words.append(credit);
    }
    if (result.warning) {
      const warning = document.createElement("strong");
      warning.className = "photo-choice-warning";
      warning.textContent = " " + result.warning;
      words.append(warning);
    }
    row.append(words);
    return $(row);
  }

  function withThumbnails(element) {
    const $element = $(element);
    if ($element.data("select2")) {
      $element.select2("destroy");
    }
    $element.select2({
      ajax: {
        data: (params) => ({
          term: params.term,
          page: params.page,
          app_label: element.dataset.appLabel,
          model_name: element.dataset.modelName,
          field_name: element.dataset.fieldName,
        }),
      },
      templateResult: answer,
    });
  }

  $(function () {
    $("select.photo-choice").not("[name*=__prefix__]").each((i, element) => withThumbnails(element));
  });

  document.addEventListener("formset:added", (event) => {
    $(event.target).find("select.photo-choice").each((i, element) => withThumbnails(element));
  });
}
