// The language switch goes to the same page in the other edition, in the same tab (the theme
// opens every header link button in a new one).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("a[class*='btn-language-']").forEach((link) => link.removeAttribute("target"));
});
