// A button with data-confirm asks before its form is sent (irreversible steps). A static file: the CSP
// (script-src 'self') refuses inline onclick handlers, so `onclick="return confirm(…)"` never asked.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});
