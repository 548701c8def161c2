// "In" buttons print the page (no inline handler: Content-Security-Policy).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
