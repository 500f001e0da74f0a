// A form refused with an error is shown again on the page it came from (status 400, what was typed kept).
// The response was to the POST address (/transfers/7/act/withdraw_case/): the address bar is put back on the
// page itself (data-page-url), so a reload or a bookmark opens the page and does not send the form again,
// and the refused form is brought into view. A static file: the CSP refuses inline scripts.
document.addEventListener("DOMContentLoaded", function () {
  var marker = document.querySelector("[data-page-url]");
  if (!marker) {
    return;
  }
  var form = document.querySelector('form[action$="/act/' + marker.getAttribute("data-failed") + '/"]');
  var anchor = form && form.id ? "#" + form.id : "";
  window.history.replaceState(null, "", marker.getAttribute("data-page-url") + anchor);
  if (form) {
    form.scrollIntoView({block: "center"});
    var field = form.querySelector("input:not([type=hidden]), select, textarea");
    if (field) {
      field.focus();
    }
  }
});
