// The query page's glue over two vendored libraries (static/vendor/, see their LICENSE and
// VERSIONS.json): CodeMirror 6 (window.CM: highlighting with its SPARQL mode, completion)
// and DataTables (sorting, filtering and paging the results table the server rendered).
//
// Without JavaScript the page still works: the form posts the textarea and the parameter
// inputs to the server, which runs the query and renders the table. With it, the textarea
// is replaced by the editor (and kept in step with it, so the form sends what is shown).
// Completion asks only this server: /query/terms.json (the graph's prefixes, classes,
// properties and resources with their English and French labels), fetched once.
(function () {
  "use strict";
  var examples = JSON.parse(document.getElementById("examples").textContent || "{}");
  var select = document.getElementById("example");
  var textarea = document.getElementById("query");
  var form = textarea.form;
  var view = null;

  function text() { return view ? view.state.doc.toString() : textarea.value; }
  function setText(value) {
    textarea.value = value;
    if (view) { view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } }); }
  }

  select.addEventListener("change", function () {
    if (examples[select.value]) {
      setText(examples[select.value]);
      // A question with parameters needs its inputs: ask the server for its form.
      var params = document.getElementById("params");
      if (params || /#\s*param:/.test(examples[select.value])) { form.submit(); }
    }
  });
  textarea.addEventListener("input", function () {
    if (select.value && textarea.value !== examples[select.value]) { select.value = ""; }
  });
  form.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.submit(); }
  });

  // ------------------------------------------------------------------ the editor
  var CM = window.CM;
  if (CM) {
    var terms = null, loading = null;
    function loadTerms() {
      if (!loading) {
        loading = fetch("/query/terms.json", { credentials: "same-origin" })
          .then(function (r) { return r.json(); })
          .then(function (data) { terms = data; return data; })
          .catch(function () { terms = { prefixes: {}, terms: [] }; return terms; });
      }
      return loading;
    }
    function fold(s) {
      return (s || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    }
    var KEYWORDS = ["SELECT", "WHERE", "PREFIX", "DISTINCT", "OPTIONAL", "FILTER", "GRAPH", "UNION",
      "ORDER BY", "GROUP BY", "LIMIT", "OFFSET", "VALUES", "BIND", "ASK", "CONSTRUCT", "DESCRIBE",
      "COUNT", "LANGMATCHES", "LANG", "STR", "MINUS", "NOT EXISTS", "HAVING"];

    function complete(context) {
      var word = context.matchBefore(/[\w\u00C0-\uFFFF:.-]+/);
      if (!word || (word.from === word.to && !context.explicit)) { return null; }
      return loadTerms().then(function (data) {
        var typed = word.text, options = [];
        var colon = typed.indexOf(":");
        if (colon >= 0) {
          // prefix:local — the graph's terms under that prefix.
          data.terms.forEach(function (t) {
            if (t.short.indexOf(typed) === 0) {
              options.push({ label: t.short, detail: t.en || t.fr || "", info: (t.fr && t.en ? t.fr : "") + (t.type ? " · " + t.type : ""),
                             type: /^[A-Z]/.test(t.short.slice(t.short.indexOf(":") + 1)) ? "class" : "variable" });
            }
          });
        } else {
          var q = fold(typed);
          Object.keys(data.prefixes).forEach(function (p) {
            if (p.indexOf(typed) === 0) { options.push({ label: p + ":", detail: data.prefixes[p], type: "namespace", boost: 2 }); }
          });
          KEYWORDS.forEach(function (k) {
            if (fold(k).indexOf(q) === 0) { options.push({ label: k, type: "keyword", boost: 1 }); }
          });
          if (q.length >= 2) {
            data.terms.forEach(function (t) {
              var en = fold(t.en), fr = fold(t.fr);
              if (en.indexOf(q) >= 0 || fr.indexOf(q) >= 0) {
                var starts = en.indexOf(q) === 0 || fr.indexOf(q) === 0;
                options.push({ label: t.en || t.fr, apply: t.short, detail: t.short,
                               info: (t.fr && t.en && t.fr !== t.en ? t.fr + " · " : "") + t.type,
                               type: "text", boost: starts ? 0 : -1 });
              }
            });
          }
        }
        return { from: word.from, options: options.slice(0, 300), filter: colon >= 0 };
      });
    }

    var keys = [].concat(CM.completionKeymap, CM.closeBracketsKeymap, CM.defaultKeymap, CM.historyKeymap,
      [CM.indentWithTab, { key: "Mod-Enter", run: function () { form.submit(); return true; } }]);
    view = new CM.EditorView({
      doc: textarea.value,
      extensions: [
        CM.lineNumbers(), CM.history(), CM.drawSelection(), CM.highlightActiveLine(), CM.bracketMatching(),
        CM.closeBrackets(), CM.indentOnInput(),
        CM.StreamLanguage.define(CM.sparql), CM.syntaxHighlighting(CM.defaultHighlightStyle),
        CM.autocompletion({ override: [complete], activateOnTyping: true }),
        CM.keymap.of(keys),
        CM.EditorView.lineWrapping,
        CM.EditorView.contentAttributes.of({ "aria-label": textarea.getAttribute("aria-label") || "SPARQL" }),
        CM.EditorView.updateListener.of(function (u) {
          if (u.docChanged) {
            textarea.value = u.state.doc.toString();
            if (select.value && textarea.value !== examples[select.value]) { select.value = ""; }
          }
        }),
      ],
    });
    textarea.parentNode.insertBefore(view.dom, textarea);
    textarea.style.display = "none";
    view.dom.id = "editor";
    form.addEventListener("submit", function () { textarea.value = text(); });
    window.wcoEditor = view;  // for people at the console (and the browser test)

    // A malformed query: put the cursor where the server says the mistake is.
    var error = document.getElementById("error");
    if (error && error.dataset.line) {
      var line = view.state.doc.line(Math.min(+error.dataset.line, view.state.doc.lines));
      var pos = Math.min(line.from + (+error.dataset.column) - 1, line.to);
      view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
    }
  }

  // ------------------------------------------------------------------ the results
  var table = document.getElementById("results");
  if (table && window.DataTable) {
    new window.DataTable(table, { pageLength: 50, order: [], autoWidth: false,
      lengthMenu: [25, 50, 100, 500],
      language: document.documentElement.lang === "fr" ? {
        search: "Filtrer :", info: "_START_–_END_ sur _TOTAL_", lengthMenu: "_MENU_ par page",
        infoFiltered: "(sur _MAX_)", zeroRecords: "Aucune ligne", infoEmpty: "0 ligne" } : {} });
  }
})();
