// Small behaviours without inline scripts (the Content-Security-Policy allows only our own files).
// data-autosubmit on a field submits its form on change; data-print on a button prints the page.
document.addEventListener("change", function (event) {
  var field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.submit();
});
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});
// The one confirmation of the portal's irreversible actions: data-confirm="question" on a submit
// button (or on the whole form) asks the question before the form is sent; "Cancel" leaves the page
// as it is. Without JavaScript, templates/_confirm.html's <noscript> checkbox asks the same question.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var holder = button && button.hasAttribute("data-confirm") ? button : event.target;
  var question = holder.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
// Phones: tables with class "table-cards" become cards (static/css/portal.css); each cell gets its
// column's header text as data-label. Runs on load and on every htmx swap.
function labelTableCards(root) {
  (root || document).querySelectorAll("table.table-cards").forEach(function (table) {
    var heads = table.querySelectorAll("thead tr:last-child th");
    table.querySelectorAll(":scope > tbody > tr, :scope > tfoot > tr").forEach(function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.children, function (cell) {
        var head = heads[column];
        if (head && !cell.hasAttribute("data-label") && cell.colSpan === 1) {
          cell.setAttribute("data-label", head.textContent.trim());
        }
        column += cell.colSpan || 1;
      });
    });
  });
}
document.addEventListener("DOMContentLoaded", function () { labelTableCards(document); });
document.addEventListener("htmx:afterSwap", function (event) { labelTableCards(event.target); });
