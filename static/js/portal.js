// Small behaviours without inline scripts (the Content-Security-Policy allows only our own files).
// data-autosubmit on a field submits its form on change; data-print on a button prints the page.
document.addEventListener("change", function (event) {
  var field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.submit();
});
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});
