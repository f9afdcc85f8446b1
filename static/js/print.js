// The printable schedule: a Print button that opens the browser's print dialogue.
const button = document.getElementById("print-now");
if (button) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
