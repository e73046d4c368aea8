// The query page's only script: picking an example question puts its text in the editor;
// Ctrl+Enter (or Cmd+Enter) runs the query. Without JavaScript the form still works:
// choosing a question and pressing "Run" runs that question.
(function () {
  var examples = JSON.parse(document.getElementById("examples").textContent || "{}");
  var select = document.getElementById("example");
  var editor = document.getElementById("query");
  select.addEventListener("change", function () {
    if (examples[select.value]) { editor.value = examples[select.value]; }
  });
  editor.addEventListener("input", function () {
    if (select.value && editor.value !== examples[select.value]) { select.value = ""; }
  });
  editor.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { editor.form.submit(); }
  });
})();
