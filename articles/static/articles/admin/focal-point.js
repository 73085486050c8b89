// The focal point of a library photo: a click on the picture (or the arrow keys, once it
// has the focus) sets it, the two inputs follow, and the crops below are redrawn as
// readers will get them. Typing in the inputs moves the point too. Without this script
// the inputs still work, and the crops shown are the ones made at the last save.
"use strict";

(function () {
  function init(picker) {
    const frame = picker.querySelector(".focal-frame");
    const picture = frame.querySelector("img");
    const marker = frame.querySelector(".focal-marker");
    const across = document.getElementById("id_focal_x");
    const down = document.getElementById("id_focal_y");
    if (!across || !down) {
      return;
    }
    const width = Number(picker.dataset.width);
    const height = Number(picker.dataset.height);
    const help = picker.querySelector(".focal-help");
    help.hidden = false;
    help.id = "focal-help";
    frame.tabIndex = 0;
    frame.setAttribute("role", "group");
    frame.setAttribute("aria-describedby", help.id);
    frame.setAttribute("aria-label", frame.dataset.label);

    function percent(input) {
      const value = Number.parseFloat(input.value);
      return Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : 50;
    }

    // The part of the picture a crop to aspectWidth:aspectHeight keeps: the same rule as
    // crop_box in articles/models/content.py (the largest such box, centred on the point
    // as far as the edges allow).
    function cropBox(aspectWidth, aspectHeight, x, y) {
      let boxWidth = width;
      let boxHeight = height;
      if (width * aspectHeight > height * aspectWidth) {
        boxWidth = Math.max(1, Math.min(width, Math.round((height * aspectWidth) / aspectHeight)));
      } else {
        boxHeight = Math.max(1, Math.min(height, Math.round((width * aspectHeight) / aspectWidth)));
      }
      const left = Math.min(Math.max(Math.round(x * width - boxWidth / 2), 0), width - boxWidth);
      const top = Math.min(Math.max(Math.round(y * height - boxHeight / 2), 0), height - boxHeight);
      return [left, top, boxWidth, boxHeight];
    }

    function drawCrops(x, y) {
      picker.querySelectorAll(".focal-crop").forEach(function (figure) {
        const [aspectWidth, aspectHeight] = figure.dataset.aspect.split(":").map(Number);
        let canvas = figure.querySelector("canvas");
        if (!canvas) {
          const made = figure.querySelector("img");
          canvas = document.createElement("canvas");
          canvas.width = made.width;
          canvas.height = Math.round((made.width * aspectHeight) / aspectWidth);
          canvas.setAttribute("role", "img");
          canvas.setAttribute("aria-label", figure.querySelector("figcaption").textContent);
          made.replaceWith(canvas);
        }
        const [left, top, boxWidth, boxHeight] = cropBox(aspectWidth, aspectHeight, x, y);
        const scale = picture.naturalWidth / width; // the preview is a smaller copy
        const context = canvas.getContext("2d");
        context.drawImage(
          picture,
          left * scale,
          top * scale,
          boxWidth * scale,
          boxHeight * scale,
          0,
          0,
          canvas.width,
          canvas.height,
        );
      });
    }

    function show(redraw) {
      const x = percent(across);
      const y = percent(down);
      marker.style.left = x + "%";
      marker.style.top = y + "%";
      marker.hidden = false;
      if (redraw && picture.complete && picture.naturalWidth) {
        drawCrops(x / 100, y / 100);
      }
    }

    function set(x, y) {
      across.value = (Math.round(Math.min(100, Math.max(0, x)) * 10) / 10).toString();
      down.value = (Math.round(Math.min(100, Math.max(0, y)) * 10) / 10).toString();
      show(true);
    }

    frame.addEventListener("click", function (event) {
      const area = picture.getBoundingClientRect();
      set(((event.clientX - area.left) / area.width) * 100, ((event.clientY - area.top) / area.height) * 100);
    });
    frame.addEventListener("keydown", function (event) {
      const step = event.shiftKey ? 10 : 1;
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      const move = moves[event.key];
      if (move) {
        event.preventDefault();
        set(percent(across) + move[0], percent(down) + move[1]);
      }
    });
    across.addEventListener("input", function () {
      show(true);
    });
    down.addEventListener("input", function () {
      show(true);
    });
    // The crops shown are the ones made at the last save, unless the form came back with
    // another point (an error elsewhere): then they are drawn for the point in the form.
    const changed = across.value !== across.defaultValue || down.value !== down.defaultValue;
    if (picture.complete) {
      show(changed);
    } else {
      picture.addEventListener("load", function () {
        show(changed);
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".focal-picker").forEach(init);
  });
})();
