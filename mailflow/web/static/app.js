// Small progressive enhancements; every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Ask before irreversible actions (forms marked data-confirm).
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
  // Inbox keyboard: "/" focuses search, j/k move through threads, Enter opens.
  const rows = Array.from(document.querySelectorAll("[data-keyboard-list] tbody tr"));
  let current = -1;
  const select = (index) => {
    if (!rows.length) return;
    if (current >= 0) rows[current].classList.remove("selected");
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows[current].classList.add("selected");
    rows[current].querySelector("a").focus();
  };
  document.addEventListener("keydown", (event) => {
    const tag = (event.target.tagName || "").toLowerCase();
    if (["input", "textarea", "select"].includes(tag) || event.ctrlKey || event.metaKey || event.altKey) return;
    const search = document.getElementById("q");
    if (event.key === "/" && search) { event.preventDefault(); search.focus(); }
    else if (event.key === "j") select(current + 1);
    else if (event.key === "k") select(current - 1);
  });
});
