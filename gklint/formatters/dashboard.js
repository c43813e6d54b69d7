// gklint audit dashboard: renders the embedded results; no network, no libraries.
// Initial state may come from the URL hash, e.g. #family=GK2,GK3&severity=error&sort=errors-desc&open=3
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("gklint-data").textContent);
  var SEVERITIES = [["error", "错误"], ["warning", "警告"], ["info", "提示"]];
  var SEV_LABEL = { error: "错误", warning: "警告", info: "提示" };
  var subs = data.submissions;
  subs.forEach(function (s, i) { s.index = i; });

  var families = {};
  subs.forEach(function (s) { s.findings.forEach(function (f) { families[family(f.rule)] = true; }); });
  var familyList = Object.keys(families).sort();

  var state = { families: new Set(familyList), severities: new Set(["error", "warning", "info"]),
                sortKey: "attention", sortDir: -1, query: "", onlyProblems: false, open: null };
  readHash();

  function family(rule) { return rule.slice(0, 3); }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    if (params.get("family")) state.families = new Set(params.get("family").toUpperCase().split(",").filter(Boolean));
    if (params.get("severity")) state.severities = new Set(params.get("severity").toLowerCase().split(",").filter(Boolean));
    if (params.get("sort")) {
      var parts = params.get("sort").split("-");
      state.sortKey = parts[0];
      state.sortDir = parts[1] === "desc" ? -1 : 1;
    }
    if (params.get("q")) state.query = params.get("q");
    if (params.get("only") === "1") state.onlyProblems = true;
    if (params.get("open") !== null) state.open = Number(params.get("open"));
  }

  function visible(f) { return state.families.has(family(f.rule)) && state.severities.has(f.severity); }

  function counted(s) {
    var shown = s.findings.filter(visible);
    var c = { errors: 0, warnings: 0, infos: 0, shown: shown };
    shown.forEach(function (f) { c[f.severity === "info" ? "infos" : f.severity + "s"] += 1; });
    var byRule = {};
    shown.forEach(function (f) { byRule[f.rule] = (byRule[f.rule] || 0) + 1; });
    c.top = Object.keys(byRule).sort(function (a, b) { return byRule[b] - byRule[a] || (a < b ? -1 : 1); })
      .slice(0, 3).map(function (r) { return byRule[r] > 1 ? r + "×" + byRule[r] : r; }).join(" ");
    return c;
  }

  function renderTotals() {
    var box = document.getElementById("totals");
    box.textContent = "";
    var t = { files: subs.length, unreadable: 0, error: 0, warning: 0, info: 0 };
    subs.forEach(function (s) {
      if (s.status !== "checked" && s.status !== "not checked") t.unreadable += 1;
      s.findings.forEach(function (f) { t[f.severity] += 1; });
    });
    [["files", "报告", ""], ["unreadable", "无法读取/超时", "error"], ["error", "错误", "error"],
     ["warning", "警告", "warning"], ["info", "提示", "info"]].forEach(function (c) {
      box.appendChild(el("div", { className: "card " + c[2], id: "total-" + c[0] },
        [el("b", { text: String(t[c[0]]) }), el("span", { text: c[1] })]));
    });
  }

  function renderFilters() {
    var fam = document.getElementById("family-filter");
    familyList.forEach(function (f) {
      var box = el("input", { type: "checkbox", value: f });
      box.checked = state.families.has(f);
      box.addEventListener("change", function () {
        if (box.checked) state.families.add(f); else state.families.delete(f);
        render();
      });
      fam.appendChild(el("label", {}, [box, document.createTextNode(" " + f + "xx " + (data.families[f] || ""))]));
    });
    var sev = document.getElementById("severity-filter");
    SEVERITIES.forEach(function (s) {
      var box = el("input", { type: "checkbox", value: s[0] });
      box.checked = state.severities.has(s[0]);
      box.addEventListener("change", function () {
        if (box.checked) state.severities.add(s[0]); else state.severities.delete(s[0]);
        render();
      });
      sev.appendChild(el("label", {}, [box, document.createTextNode(" " + s[1])]));
    });
    var query = document.getElementById("query");
    query.value = state.query;
    query.addEventListener("input", function () { state.query = query.value; render(); });
    var only = document.getElementById("only-problems");
    only.checked = state.onlyProblems;
    only.addEventListener("change", function () { state.onlyProblems = only.checked; render(); });
    document.querySelectorAll("#submissions th").forEach(function (th) {
      th.addEventListener("click", function () {
        var key = th.getAttribute("data-key");
        state.sortDir = state.sortKey === key ? -state.sortDir : (th.getAttribute("data-type") === "num" ? -1 : 1);
        state.sortKey = key;
        render();
      });
    });
  }

  function sortValue(s, c, key) {
    // Default order: what needs attention first (unread or unfinished files,
    // then errors, then warnings), as in the terminal summary.
    if (key === "attention") return (s.status !== "checked" ? 1e9 : 0) + c.errors * 1e4 + c.warnings;
    if (key in c) return c[key];
    if (key === "year") return s.year || 0;
    return String(s[key] == null ? "" : s[key]);
  }

  function rows() {
    var q = state.query.trim().toLowerCase();
    var list = subs.map(function (s) { return { s: s, c: counted(s) }; }).filter(function (r) {
      if (q && r.s.path.toLowerCase().indexOf(q) < 0) return false;
      return !state.onlyProblems || r.c.shown.length > 0;
    });
    list.sort(function (a, b) {
      var x = sortValue(a.s, a.c, state.sortKey), y = sortValue(b.s, b.c, state.sortKey);
      if (x < y) return -state.sortDir;
      if (x > y) return state.sortDir;
      return a.s.path < b.s.path ? -1 : 1;
    });
    return list;
  }

  function renderTable(list) {
    document.querySelectorAll("#submissions th").forEach(function (th) {
      if (th.getAttribute("data-key") === state.sortKey) th.setAttribute("aria-sort", state.sortDir > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    });
    var body = document.querySelector("#submissions tbody");
    body.textContent = "";
    list.forEach(function (r) {
      var s = r.s, c = r.c;
      var tr = el("tr", { "data-index": String(s.index), "data-path": s.path,
                          className: s.status.replace(/ /g, "-") }, [
        el("td", { className: "path", text: s.path }),
        el("td", { className: "status", text: s.status_label }),
        el("td", { text: s.format }),
        el("td", { className: "num", text: s.year ? String(s.year) : "—" }),
        el("td", { text: s.form_version || "—" }),
        el("td", { className: "num errors" + (c.errors ? " nonzero" : ""), text: String(c.errors) }),
        el("td", { className: "num warnings" + (c.warnings ? " nonzero" : ""), text: String(c.warnings) }),
        el("td", { className: "num infos", text: String(c.infos) }),
        el("td", { className: "top", text: c.top })
      ]);
      tr.addEventListener("click", function () { openReport(s.index); });
      body.appendChild(tr);
    });
    document.getElementById("shown-count").textContent = list.length + " / " + subs.length;
  }

  function excerptNode(f) {
    if (f.excerpt) {
      var t = f.excerpt.text, a = f.excerpt.start, b = f.excerpt.end;
      return el("div", { className: "excerpt" }, [document.createTextNode(t.slice(0, a)),
        el("mark", { text: t.slice(a, b) || " " }), document.createTextNode(t.slice(b))]);
    }
    if (f.cell) {
      return el("div", { className: "cell" }, [document.createTextNode(f.cell + (f.value ? "：" : "")),
        f.value ? el("mark", { text: f.value }) : null]);
    }
    return f.value ? el("div", { className: "excerpt", text: f.value }) : null;
  }

  function renderReports(list) {
    var section = document.getElementById("reports");
    section.querySelectorAll("details.report").forEach(function (d) { d.remove(); });
    list.forEach(function (r) {
      var s = r.s, c = r.c;
      if (!c.shown.length) return;
      var table = el("table", { className: "findings" }, [el("thead", {}, [el("tr", {}, [
        el("th", { text: "位置" }), el("th", { text: "级别" }), el("th", { text: "规则" }),
        el("th", { text: "说明" }), el("th", { text: "原文 / 单元格" })])])]);
      var body = el("tbody");
      c.shown.forEach(function (f) {
        var rule = data.rules[f.rule] || {};
        body.appendChild(el("tr", { "data-rule": f.rule, "data-severity": f.severity }, [
          el("td", { className: "where", text: f.where }),
          el("td", {}, [el("span", { className: "sev " + f.severity, text: SEV_LABEL[f.severity] })]),
          el("td", { title: rule.summary || "", text: f.rule + (rule.name ? " " + rule.name : "") }),
          el("td", { className: "message", text: f.message }),
          el("td", {}, [excerptNode(f)])
        ]));
      });
      table.appendChild(body);
      var details = el("details", { className: "report", id: "report-" + s.index, "data-path": s.path }, [
        el("summary", { text: s.path + "　错误 " + c.errors + "，警告 " + c.warnings + "，提示 " + c.infos }),
        table]);
      if (state.open === s.index) details.open = true;
      section.appendChild(details);
    });
  }

  function openReport(index) {
    state.open = index;
    var d = document.getElementById("report-" + index);
    if (d) { d.open = true; d.scrollIntoView({ block: "start" }); }
  }

  function render() {
    var list = rows();
    renderTable(list);
    renderReports(list);
  }

  document.title = data.title;
  document.getElementById("generated").textContent = ["gklint " + data.version, data.generated,
    "共 " + subs.length + " 份报告"].filter(Boolean).join(" · ");
  if (data.interrupted) {
    var note = document.getElementById("interrupted");
    note.hidden = false;
    note.textContent = "检查被中断：仅完成 " + data.checked + " / " + subs.length + " 份，其余标为“未检查”。";
  }
  renderTotals();
  renderFilters();
  render();
  if (state.open !== null) openReport(state.open);
})();
