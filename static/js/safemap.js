// A table wider than a phone scrolls inside its .table-responsive box: make that box reachable
// and scrollable with the keyboard, and name it after its table, for screen readers.
(function () {
  function label(box) {
    const table = box.querySelector("table");
    const caption = table && table.querySelector("caption");
    if (caption) return caption.textContent.trim();
    let el = box.previousElementSibling;
    while (el && !/^H[1-6]$/.test(el.tagName)) el = el.previousElementSibling;
    return el ? el.textContent.trim() : document.title;
  }
  function mark() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label")) box.setAttribute("aria-label", label(box));
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
      }
    });
  }
  mark();
  window.addEventListener("resize", mark);
})();
