"""The style sheet and the script of the HTML review page (zhlint/report/html.py), inline in it.

Kept as strings, not package data: the page must be one file, and the Content-Security-Policy
of the page admits exactly this script by its SHA-256. The script reads only the page's own
elements and attributes (ids built from indices, rule codes, severities); it never builds markup
from strings, so report text reaches the page only as text that html.py escaped.
"""

from __future__ import annotations

STYLE = """
:root{--err:#ffdcdc;--err-b:#c62828;--warn:#fff0b8;--warn-b:#a86400;--info:#dcebff;--info-b:#1565c0;
--rel:#e3f4e4;--rel-b:#2e7d32}
*{box-sizing:border-box}
body{margin:0;color:#212121;font-size:14px;line-height:1.6;font-family:
"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC","WenQuanYi Micro Hei",sans-serif}
[hidden]{display:none!important}
#bar{position:sticky;top:0;z-index:3;background:#263238;color:#fff;padding:6px 16px;display:flex;
flex-wrap:wrap;gap:6px 18px;align-items:center}
#bar a.home{color:#fff;font-weight:bold;text-decoration:none;font-size:16px}
#bar label{margin-right:10px;white-space:nowrap}
#bar select,#bar input[type=search]{font:inherit;padding:1px 4px}
#bar select{max-width:24em}
#bar input[type=search]{width:14em}
.sevbox{padding:1px 6px;border-radius:3px}
.sevbox.s-error{background:var(--err-b)}.sevbox.s-warning{background:var(--warn-b)}
.sevbox.s-info{background:var(--info-b)}
#overview,.report{padding:10px 16px}
h1{font-size:20px;margin:6px 0}h2{font-size:16px;margin:14px 0 6px}
.summary,.meta{color:#455a64;margin:4px 0 10px}
.muted{color:#9e9e9e}.warn{color:#b71c1c;margin-left:8px}
table.sortable{border-collapse:collapse;width:100%;margin-bottom:8px}
table.sortable th{background:#eceff1;cursor:pointer;text-align:left;padding:4px 8px;
border-bottom:2px solid #b0bec5;white-space:nowrap;user-select:none}
table.sortable th[data-dir=asc]::after{content:" ▲"}table.sortable th[data-dir=desc]::after{content:" ▼"}
table.sortable td{padding:3px 8px;border-bottom:1px solid #eceff1;vertical-align:top}
table.sortable tbody tr:hover{background:#f5f9ff}
td.n{text-align:right;font-variant-numeric:tabular-nums}
td.s-error{color:var(--err-b);font-weight:bold}td.s-warning{color:var(--warn-b);font-weight:bold}
td.s-info{color:var(--info-b)}td.zero{color:#bdbdbd;font-weight:normal}
td.codes{font-size:12px;color:#546e7a;max-width:28em}
.rhead{border-bottom:1px solid #cfd8dc;margin-bottom:8px}
.legend{font-size:12px;color:#546e7a}.legend mark{margin-right:8px}
.cols{display:grid;grid-template-columns:minmax(0,1fr) minmax(320px,36%);gap:18px;align-items:start}
.doc{min-width:0}
.ln{display:flex;white-space:pre-wrap}.ln .tx{flex:1 1 auto;min-width:0;overflow-wrap:anywhere}
.ln .no,.tbl th.no{color:#9e9e9e;font-weight:normal;font-size:12px;user-select:none}
.ln .no{flex:0 0 3.6em;text-align:right;padding-right:.8em;padding-top:1px}
.ln.hd{font-weight:bold;color:#0d47a1}
.panel{position:sticky;top:48px;max-height:calc(100vh - 58px);overflow:auto;padding-right:4px}
mark{background:none;color:inherit;padding:0;cursor:pointer;border-radius:2px}
mark.hl.s-error{background:var(--err);border-bottom:2px solid var(--err-b)}
mark.hl.s-warning{background:var(--warn);border-bottom:2px solid var(--warn-b)}
mark.hl.s-info{background:var(--info);border-bottom:2px solid var(--info-b)}
mark.rel{background:var(--rel);outline:1px dashed var(--rel-b)}
mark.pin{font-weight:bold;color:var(--err-b);padding:0 1px}
mark.off{background:none!important;border-bottom:0!important;outline:0!important;cursor:auto}
mark.active{outline:2px solid #212121!important;box-shadow:0 0 0 4px #ffe082}
.nowhere{background:#fff8e1;padding:4px 8px}
ol.flist{padding:0;margin:0}
li.f{list-style:none;border-left:4px solid #90a4ae;padding:6px 8px;margin:0 0 6px;background:#fafafa;
cursor:pointer}
li.f.s-error{border-color:var(--err-b)}li.f.s-warning{border-color:var(--warn-b)}
li.f.s-info{border-color:var(--info-b)}
li.f.active{background:#fffde7;box-shadow:0 0 0 2px #fbc02d}
.sev{font-size:12px;padding:0 5px;border-radius:3px;color:#fff;background:#78909c}
li.s-error .sev{background:var(--err-b)}li.s-warning .sev{background:var(--warn-b)}
li.s-info .sev{background:var(--info-b)}
.code{font-weight:bold;font-family:monospace}.name{color:#607d8b;font-size:12px}
.pos{color:#78909c;font-size:12px}
.fixable{font-size:12px;border:1px solid var(--rel-b);color:var(--rel-b);border-radius:3px;padding:0 4px}
.fixto{font-size:13px;color:var(--rel-b)}
ul.related{margin:4px 0 0;padding-left:18px;font-size:13px}
.tbl{margin:6px 0 12px;overflow-x:auto}
.tbl table{border-collapse:collapse;font-size:13px}
.tbl caption{text-align:left;font-weight:bold;padding:2px 0;color:#37474f;white-space:nowrap}
.tbl td,.tbl th{border:1px solid #cfd8dc;padding:1px 5px;white-space:pre-wrap}
.tbl th.no{background:#f5f5f5}
.tbl td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.tbl td.chk{background:#e8f5e9;box-shadow:inset 0 0 0 1px #66bb6a}
.tbl td.chk-bad{background:#ffebee;box-shadow:inset 0 0 0 1px #e57373}
.tbl tr.loose td{color:#757575}
a{color:#1565c0}
@media print{
#bar,.back,noscript{display:none!important}
.cols{display:block}.panel{position:static;max-height:none;overflow:visible}
li.f{break-inside:avoid}.tbl{overflow:visible}
body{font-size:11pt}
}
"""

SCRIPT = """
(function () {
  "use strict";
  var view = document.getElementById("view");
  var overview = document.getElementById("overview");
  var rule = document.getElementById("rule");
  var query = document.getElementById("query");
  var fixOnly = document.getElementById("fixonly");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-sev]"));

  function checkedSeverities() {
    var checked = {};
    boxes.forEach(function (box) { checked[box.getAttribute("data-sev")] = box.checked; });
    return checked;
  }
  function unfiltered() {
    return !rule.value && !fixOnly.checked && boxes.every(function (box) { return box.checked; });
  }
  function passes(code, severity, fixable, severities) {
    return severities[severity] === true && (!rule.value || rule.value === code) &&
      (!fixOnly.checked || fixable === "1");
  }

  function filterOverview() {
    var severities = checkedSeverities(), wanted = query.value.trim().toLowerCase(), shown = 0;
    var rows = overview.querySelectorAll("#reports tbody tr");
    rows.forEach(function (row) {
      var visible = !wanted || row.textContent.toLowerCase().indexOf(wanted) >= 0;
      if (visible && !unfiltered()) {
        visible = (row.getAttribute("data-findings") || "").split(" ").some(function (item) {
          var parts = item.split(":");
          return parts.length === 3 && passes(parts[0], parts[1], parts[2], severities);
        });
      }
      row.hidden = !visible;
      if (visible) { shown += 1; }
    });
    document.getElementById("shown").textContent = "显示 " + shown + " / " + rows.length + " 份报告";
  }

  function filterReport() {
    var section = view.querySelector(".report");
    if (!section) { return; }
    var severities = checkedSeverities(), visible = {}, total = 0, shown = 0;
    section.querySelectorAll("li.f").forEach(function (item) {
      var ok = passes(item.getAttribute("data-code"), item.getAttribute("data-sev"),
        item.getAttribute("data-fix"), severities);
      item.hidden = !ok;
      visible[item.getAttribute("data-f")] = ok;
      total += 1;
      if (ok) { shown += 1; }
    });
    section.querySelectorAll("mark").forEach(function (mark) {
      var ids = ((mark.getAttribute("data-f") || "") + " " + (mark.getAttribute("data-rf") || "")).split(" ");
      mark.classList.toggle("off", !ids.some(function (id) { return visible[id] === true; }));
    });
    section.querySelector(".visible").textContent =
      shown === total ? "" : "；筛选后显示 " + shown + " 个";
  }

  function filter() { filterOverview(); filterReport(); }

  function select(finding) {
    view.querySelectorAll(".active").forEach(function (element) { element.classList.remove("active"); });
    var item = document.getElementById("f-" + finding);
    if (item) { item.classList.add("active"); }
    view.querySelectorAll('mark[data-f~="' + finding + '"], mark[data-rf~="' + finding + '"]')
      .forEach(function (mark) { mark.classList.add("active"); });
    return item;
  }
  // A finding is `r3-5` (its characters: data-f), a related place `r3-5.0` (data-r).
  function place(id) {
    var attribute = id.indexOf(".") >= 0 ? "data-r" : "data-f";
    return view.querySelector("mark[" + attribute + '~="' + id + '"]');
  }
  function reveal(id) {
    var target = place(id);
    if (target) { target.scrollIntoView({block: "center"}); }
  }
  function owner(id) { return id.split(".")[0]; }

  view.addEventListener("click", function (event) {
    var link = event.target.closest("[data-goto]");
    if (link) {
      event.preventDefault();
      event.stopPropagation();
      var id = link.getAttribute("data-goto");
      select(owner(id));
      reveal(id);
      return;
    }
    var mark = event.target.closest("mark");
    if (mark && !mark.classList.contains("off")) {
      var finding = (mark.getAttribute("data-f") || mark.getAttribute("data-rf") || "").split(" ")[0];
      var item = select(finding);
      if (item) { item.scrollIntoView({block: "nearest"}); }
      return;
    }
    var entry = event.target.closest("li.f");
    if (entry) {
      select(entry.getAttribute("data-f"));
      reveal(entry.getAttribute("data-f"));
    }
  });
  view.addEventListener("keydown", function (event) {
    var entry = event.target.closest && event.target.closest("li.f");
    if (entry && event.key === "Enter") {
      select(entry.getAttribute("data-f"));
      reveal(entry.getAttribute("data-f"));
    }
  });

  function sortBy(header) {
    var table = header.closest("table"), body = table.tBodies[0];
    var column = Number(header.getAttribute("data-col"));
    var numeric = header.getAttribute("data-type") === "num";
    var direction = header.getAttribute("data-dir") === "asc" ? "desc" : "asc";
    table.querySelectorAll("th").forEach(function (other) { other.removeAttribute("data-dir"); });
    header.setAttribute("data-dir", direction);
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[column].textContent.trim(), y = b.cells[column].textContent.trim();
      var order = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, "zh-CN");
      return direction === "asc" ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  document.querySelectorAll("table.sortable th").forEach(function (header) {
    header.addEventListener("click", function () { sortBy(header); });
    header.addEventListener("keydown", function (event) { if (event.key === "Enter") { sortBy(header); } });
  });
  overview.addEventListener("click", function (event) {
    var link = event.target.closest("[data-rule]");
    if (link) {
      event.preventDefault();
      rule.value = link.getAttribute("data-rule");
      filter();
    }
  });

  function route() {
    var wanted = /^#r([0-9]+)$/.exec(window.location.hash);
    var template = wanted && document.getElementById("t-r" + wanted[1]);
    if (!template) {
      view.hidden = true;
      view.replaceChildren();
      overview.hidden = false;
      filterOverview();
      return;
    }
    view.replaceChildren(template.content.cloneNode(true));
    view.hidden = false;
    overview.hidden = true;
    filterReport();
    window.scrollTo(0, 0);
  }

  boxes.forEach(function (box) { box.addEventListener("change", filter); });
  rule.addEventListener("change", filter);
  fixOnly.addEventListener("change", filter);
  query.addEventListener("input", filterOverview);
  window.addEventListener("hashchange", route);
  route();
})();
"""
