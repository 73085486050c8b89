// Live preview of a photo chosen in the article form, before it is uploaded.
// Delegated from the document so rows added with "Add another photo" work too.
// A photo kept from the last submit is hidden while another file is chosen: the new
// file replaces it.
"use strict";

document.addEventListener("change", function (event) {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.name.endsWith("-image")) {
    return;
  }
  const row = input.closest(".inline-related") || input.parentElement;
  let preview = row.querySelector("img.photo-preview-live");
  if (!preview) {
    preview = document.createElement("img");
    preview.className = "photo-preview-live";
    preview.alt = "Preview of the chosen photo";
    preview.width = 240;
    input.after(preview);
  }
  const file = input.files && input.files[0];
  const kept = row.querySelector(".kept-photo");
  if (kept) {
    kept.hidden = Boolean(file);
  }
  if (preview.dataset.url) {
    URL.revokeObjectURL(preview.dataset.url);
  }
  if (file && file.type.startsWith("image/")) {
    preview.dataset.url = URL.createObjectURL(file);
    preview.src = preview.dataset.url;
    preview.hidden = false;
  } else {
    preview.hidden = true;
    preview.removeAttribute("src");
  }
});
