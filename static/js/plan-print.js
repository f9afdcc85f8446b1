// The print page's button opens the browser's print dialogue (the page prints without it too).
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
