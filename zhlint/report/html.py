"""``--format html -o review.html``: a reviewer's page for a batch of reports, in one file.

One self-contained file (styles and script inline, nothing fetched: a Content-Security-Policy
forbids any network access and lets only the page's own script run). It holds:

- an overview: one row per report (unit, year, kind, counts by severity, the rules that fired),
  sortable and filterable, and the totals per rule across the batch;
- per report, the text with every finding highlighted at its characters, coloured by severity,
  the list of findings beside it, and the related places (the cell compared with, the other
  statement) linked both ways; the tables rendered as tables, the recognised ones named, the cells
  that prose amounts were compared with marked.

Large batches: each report's section is written inside a ``<template>`` element, which the browser
parses but neither lays out nor renders; the script copies a report into the page only when the
reviewer opens it, so a page of 500 reports opens as fast as its overview (docs/performance.md).

Report text is untrusted: every piece of it goes through :func:`_escape` (element content and
quoted attribute values alike); identifiers, classes and links are built from indices and rule
codes only, never from report text.
"""

from __future__ import annotations

import base64
import hashlib
import html
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TextIO

import attrs

from zhlint.diagnostics import Diagnostic, Severity
from zhlint.document.segment import Heading, Row, Table
from zhlint.read.source import Line
from zhlint.report.html_assets import SCRIPT, STYLE
from zhlint.report.paths import printable
from zhlint.report.review import SEVERITY_LABELS, ReportFacts, Review, ReviewedReport, reviewed_reports
from zhlint.rules import find_rule
from zhlint.tables.model import StandardTable
from zhlint.version import __version__

SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def _escape(text: str) -> str:
    """Report text as element content or a double-quoted attribute value: nothing of it is markup."""
    return html.escape(printable(text), quote=True)


def write_html(review: Review, out: TextIO) -> None:
    # One report's document at a time: the sections are rendered first (the documents freed as
    # they go), the overview from the facts kept, then written in reading order.
    reports: list[ReportFacts] = []
    sections: list[str] = []
    for index, report in enumerate(reviewed_reports(review)):
        sections.append(_report_template(index, report))
        reports.append(report.facts())
    script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    out.write(_head(script_hash))
    out.write(_filters(reports))
    out.write(_overview(reports))
    out.write('<main id="view" hidden></main>\n')
    out.writelines(sections)
    out.write(f"<script>{SCRIPT}</script>\n</body>\n</html>\n")


def _head(script_hash: str) -> str:
    policy = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{script_hash}'; base-uri 'none'; form-action 'none'"
    )
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>zhlint 审查报告</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    )


# --- the filters and the overview --------------------------------------------------------------


def _filters(reports: Sequence[ReportFacts]) -> str:
    codes = sorted({(d.code, d.name) for report in reports for d in report.diagnostics})
    options = "".join(
        f'<option value="{_escape(code)}">{_escape(code)} {_escape(_summary(code, name))}</option>'
        for code, name in codes
    )
    boxes = "".join(
        f'<label class="sevbox s-{severity.value}"><input type="checkbox" data-sev="{severity.value}" '
        f"checked> {SEVERITY_LABELS[severity]}</label>"
        for severity in SEVERITIES
    )
    return (
        '<header id="bar"><a class="home" href="#">zhlint 审查报告</a>'
        f'<span class="filters">严重程度：{boxes}'
        f'<label>规则：<select id="rule"><option value="">全部规则</option>{options}</select></label>'
        '<label class="fixbox"><input type="checkbox" id="fixonly"> 只看可自动修复</label>'
        '<input id="query" type="search" placeholder="按单位或文件名筛选" aria-label="按单位或文件名筛选">'
        "</span></header>\n"
        '<noscript><p class="warn">打开各份报告、排序和筛选需要启用 JavaScript；总览不需要。</p></noscript>\n'
    )


def _overview(reports: Sequence[ReportFacts]) -> str:
    total = Counter(d.severity for report in reports for d in report.diagnostics)
    findings = sum(total.values())
    summary = "，".join(f"{SEVERITY_LABELS[s]} {total[s]}" for s in SEVERITIES)
    with_findings = sum(1 for report in reports if report.diagnostics)
    head = (
        f'<section id="overview"><h1>审查总览</h1><p class="summary">共 {len(reports)} 份报告，'
        f"{with_findings} 份有问题，共 {findings} 个问题（{summary}）。点击文件名查看报告原文和问题位置；"
        f"点击表头排序。由 zhlint {__version__} 生成。</p>\n"
    )
    columns = (
        ("文件", "text"),
        ("单位", "text"),
        ("年度", "num"),
        ("类型", "text"),
        ("错误", "num"),
        ("警告", "num"),
        ("提示", "num"),
        ("涉及规则", "text"),
    )
    header = "".join(
        f'<th data-col="{i}" data-type="{kind}" tabindex="0">{name}</th>'
        for i, (name, kind) in enumerate(columns)
    )
    rows = "".join(_overview_row(index, report) for index, report in enumerate(reports))
    return (
        f'{head}<table id="reports" class="sortable"><thead><tr>{header}</tr></thead>'
        f'<tbody>{rows}</tbody></table>\n<p id="shown" class="summary"></p>\n'
        f"{_rule_totals(reports)}</section>\n"
    )


def _overview_row(index: int, report: ReportFacts) -> str:
    fired = sorted({d.code for d in report.diagnostics})
    pairs = " ".join(
        sorted({f"{d.code}:{d.severity.value}:{int(d.fix is not None)}" for d in report.diagnostics})
    )
    year = "" if report.year is None else str(report.year)
    counts = "".join(
        f'<td class="n s-{s.value}{" zero" if not report.count(s) else ""}">{report.count(s)}</td>'
        for s in SEVERITIES
    )
    unit = _escape(report.unit) if report.unit else '<span class="muted">未读到</span>'
    return (
        f'<tr data-report="{index}" data-findings="{_escape(pairs)}">'
        f'<td><a href="#r{index}">{_escape(report.path)}</a></td><td>{unit}</td>'
        f'<td class="n">{year}</td><td>{_escape(report.kind)}</td>{counts}'
        f'<td class="codes">{_escape(" ".join(fired))}</td></tr>'
    )


def _rule_totals(reports: Sequence[ReportFacts]) -> str:
    found = Counter(d.code for report in reports for d in report.diagnostics)
    in_reports = Counter(code for report in reports for code in {d.code for d in report.diagnostics})
    named = {d.code: d.name for report in reports for d in report.diagnostics}
    severities: dict[str, set[Severity]] = {}
    for report in reports:
        for d in report.diagnostics:
            severities.setdefault(d.code, set()).add(d.severity)
    rows = "".join(
        f'<tr><td><a href="#" data-rule="{_escape(code)}">{_escape(code)}</a></td>'
        f"<td>{_escape(_summary(code, named[code]))}</td>"
        f"<td>{'、'.join(SEVERITY_LABELS[s] for s in SEVERITIES if s in severities[code])}</td>"
        f'<td class="n">{found[code]}</td><td class="n">{in_reports[code]}</td></tr>'
        for code in sorted(found)
    )
    header = "".join(
        f'<th data-col="{i}" data-type="{kind}" tabindex="0">{name}</th>'
        for i, (name, kind) in enumerate(
            (("规则", "text"), ("说明", "text"), ("严重程度", "text"), ("问题数", "num"), ("报告数", "num"))
        )
    )
    return (
        '<h2>各规则合计</h2><p class="summary">点击规则代码，只看这条规则的问题。</p>'
        f'<table id="rules" class="sortable"><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>'
    )


def _summary(code: str, name: str) -> str:
    """What a rule checks, in Chinese (its registry summary); the diagnostic's name otherwise."""
    registered = find_rule(code)
    return registered.meta.summary if registered is not None else name


# --- one report ---------------------------------------------------------------------------------


@attrs.frozen
class _Mark:
    """A range to highlight: a finding's own characters, or one of its related places."""

    start: int
    end: int
    finding: str  # the finding's id, `r3-5`
    severity: Severity
    related: int | None = None  # the index of the related place, None for the finding itself

    @property
    def key(self) -> str:
        """The finding's id, or for a related place the finding's id and the place: `r3-5.0`."""
        return self.finding if self.related is None else f"{self.finding}.{self.related}"


class _Highlighter:
    """Writes ranges of the source text with the marks that cover them, each mark's id once."""

    def __init__(self, text: str, line_starts: Sequence[int], marks: Sequence[_Mark]) -> None:
        self.text = text
        self.line_starts = line_starts
        self.by_line: dict[int, list[_Mark]] = {}
        for mark in marks:
            for line in range(self._line_of(mark.start), self._line_of(mark.end) + 1):
                self.by_line.setdefault(line, []).append(mark)
        self.placed: set[str] = set()  # the keys of the marks written

    def _line_of(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset)  # 1-based

    def render(self, start: int, end: int, line: int, *, closed: bool = True) -> str:
        """The text ``start:end`` (within one line) with its marks; ``closed``: also the empty marks at
        ``end`` (false for a piece that another piece of the same line follows)."""
        marks = [
            m
            for m in self.by_line.get(line, ())
            if (m.start < end and m.end > start) or _pinned(m, start, end)
        ]
        if not marks:
            return _escape(self.text[start:end])
        cuts = sorted(
            {start, end, *(m.start for m in marks if start < m.start < end)}
            | {m.end for m in marks if start < m.end < end}
        )
        parts: list[str] = []
        for left, right in zip(cuts, [*cuts[1:], end], strict=True):
            parts += [self._pin(m) for m in marks if m.start == m.end == left and m.key not in self.placed]
            if right > left:
                covering = [m for m in marks if m.start <= left and m.end >= right and m.start < m.end]
                parts.append(self._piece(self.text[left:right], covering))
        if closed:
            parts += [self._pin(m) for m in marks if m.start == m.end == end and m.key not in self.placed]
        return "".join(parts)

    def pins_left(self, marks: Iterable[_Mark]) -> str:
        """Pins for the marks that no rendered text held (no text, or a span outside every line)."""
        return "".join(self._pin(mark) for mark in marks if mark.key not in self.placed)

    def _pin(self, mark: _Mark) -> str:
        return self._element("⁁", [mark], pin=True)

    def _piece(self, text: str, covering: Sequence[_Mark]) -> str:
        if not covering:
            return _escape(text)
        return self._element(text, covering)

    def _element(self, text: str, covering: Sequence[_Mark], pin: bool = False) -> str:
        """One ``<mark>``: ``data-f`` the findings whose characters these are, ``data-r`` the related
        places (`r3-5.0`) and ``data-rf`` their findings, all ids built from indices only."""
        own = [m for m in covering if m.related is None]
        related = [m for m in covering if m.related is not None]
        self.placed.update(m.key for m in covering)
        classes = ["pin"] if pin else []
        attributes = []
        if own:
            worst = max((m.severity for m in own), key=lambda s: s.rank)
            classes += ["hl", f"s-{worst.value}"]
            attributes.append(f'data-f="{_joined(m.finding for m in own)}"')
        if related:
            classes.append("rel")
            attributes.append(f'data-r="{_joined(m.key for m in related)}"')
            attributes.append(f'data-rf="{_joined(m.finding for m in related)}"')
        return f'<mark class="{" ".join(classes)}" {" ".join(attributes)}>{_escape(text)}</mark>'


def _joined(ids: Iterable[str]) -> str:
    return " ".join(dict.fromkeys(ids))


def _pinned(mark: _Mark, start: int, end: int) -> bool:
    return mark.start == mark.end and start <= mark.start <= end


def _finding_id(report: int, finding: int) -> str:
    return f"r{report}-{finding}"


def _marks(index: int, report: ReviewedReport, length: int) -> list[_Mark]:
    marks: list[_Mark] = []
    for number, diagnostic in enumerate(report.diagnostics):
        finding = _finding_id(index, number)
        start, end = min(diagnostic.start, length), min(diagnostic.end, length)
        marks.append(_Mark(start, max(start, end), finding, diagnostic.severity))
        for place, related in enumerate(diagnostic.related):
            if related.path not in (None, diagnostic.path):
                continue  # another file: listed, not highlighted
            rel_start, rel_end = min(related.start, length), min(related.end, length)
            marks.append(_Mark(rel_start, max(rel_start, rel_end), finding, diagnostic.severity, place))
    return marks


def _report_template(index: int, report: ReviewedReport) -> str:
    source = report.source
    text = source.text if source is not None else ""
    marks = _marks(index, report, len(text))
    lines = list(source.lines()) if source is not None else []
    highlighter = _Highlighter(text, [line.start for line in lines] or [0], marks)
    body = _document_body(report, lines, highlighter) if source is not None else ""
    left = highlighter.pins_left(marks)
    unplaced = f'<p class="nowhere">未定位到原文的问题：{left}</p>' if left else ""
    problem = f'<p class="warn">{_escape(report.problem)}</p>' if report.problem else ""
    year = f"{report.year} 年度" if report.year is not None else "年度未读到"
    unit = _escape(report.unit) if report.unit else "单位未读到"
    counts = "，".join(f"{SEVERITY_LABELS[s]} {report.count(s)}" for s in SEVERITIES)
    return (
        f'<template id="t-r{index}"><section class="report" data-report="{index}">'
        f'<div class="rhead"><a href="#" class="back">← 返回总览</a><h1>{unit}</h1>'
        f'<p class="meta">{year} · {_escape(report.kind)} · '
        f'<span class="path">{_escape(report.path)}</span> · '
        f'{len(report.diagnostics)} 个问题（{counts}）<span class="visible"></span></p></div>'
        f'<div class="cols"><article class="doc">{problem}{unplaced}{body}</article>'
        f'<aside class="panel"><h2>问题列表</h2>{_findings(index, report)}</aside></div>'
        "</section></template>\n"
    )


def _findings(index: int, report: ReviewedReport) -> str:
    if not report.diagnostics:
        return '<p class="muted">没有发现问题。</p>'
    items = "".join(_finding(index, number, d) for number, d in enumerate(report.diagnostics))
    return f'<ol class="flist">{items}</ol>'


def _finding(index: int, number: int, diagnostic: Diagnostic) -> str:
    finding = _finding_id(index, number)
    fixable = diagnostic.fix is not None
    badge = '<span class="fixable" title="zhlint check --fix 可自动修复">可自动修复</span>' if fixable else ""
    fix = ""
    if diagnostic.fix is not None:
        fix = f'<div class="fixto">修复：替换为“<code>{_escape(diagnostic.fix.replacement)}</code>”</div>'
    related = "".join(
        f'<li><a href="#r{index}" data-goto="{finding}.{place}">'
        f"第 {item.line} 行第 {item.column} 列</a>：{_escape(item.message)}"
        f"{_other_file(item.path, diagnostic.path)}</li>"
        for place, item in enumerate(diagnostic.related)
    )
    related_list = f'<ul class="related">{related}</ul>' if related else ""
    return (
        f'<li class="f s-{diagnostic.severity.value}" id="f-{finding}" data-f="{finding}" '
        f'data-sev="{diagnostic.severity.value}" data-code="{_escape(diagnostic.code)}" '
        f'data-fix="{int(fixable)}" tabindex="0">'
        f'<div class="fh"><span class="sev">{SEVERITY_LABELS[diagnostic.severity]}</span> '
        f'<a class="code" href="#r{index}" data-goto="{finding}">{_escape(diagnostic.code)}</a> '
        f'<span class="name" title="{_escape(_summary(diagnostic.code, diagnostic.name))}">'
        f"{_escape(diagnostic.name)}</span> "
        f'<span class="pos">第 {diagnostic.line} 行第 {diagnostic.column} 列</span> {badge}</div>'
        f'<div class="msg">{_escape(diagnostic.message)}</div>{fix}{related_list}</li>'
    )


def _other_file(path: str | None, own: str | None) -> str:
    return "" if path in (None, own) else f'（在 <span class="path">{_escape(path or "")}</span>）'


# --- the document: lines, and tables as tables --------------------------------------------------


def _document_body(report: ReviewedReport, lines: Sequence[Line], highlighter: _Highlighter) -> str:
    document = report.document
    tables: dict[int, Table] = {}
    headings: set[int] = set()
    names: dict[int, StandardTable] = {}
    checked: dict[tuple[int, int], str] = {}
    if document is not None and report.context is not None:
        tables = {block.first_line: block for block in document.blocks if isinstance(block, Table)}
        headings = {block.line for block in document.blocks if isinstance(block, Heading)}
        names = _recognised(report)
        checked = _checked_cells(report)
    parts: list[str] = []
    number = 1
    while number <= len(lines):
        table = tables.get(number)
        if table is not None:
            parts.append(_table(table, names.get(number), checked, lines, highlighter))
            number = table.last_line + 1
            continue
        line = lines[number - 1]
        kind = " hd" if number in headings else ""
        content = highlighter.render(line.start, line.end, number)
        parts.append(
            f'<div class="ln{kind}"><span class="no">{number}</span><span class="tx">{content}</span></div>'
        )
        number += 1
    return "".join(parts)


def _recognised(report: ReviewedReport) -> dict[int, StandardTable]:
    """The standard table each document table (by first line) was recognised as, page parts included."""
    assert report.context is not None
    found: dict[int, StandardTable] = {}
    for standard in report.context.tables.standard:
        for part in (standard.table, *standard.parts):
            found[part.first_line] = standard
    return found


def _checked_cells(report: ReviewedReport) -> dict[tuple[int, int], str]:
    """The cells that prose amounts were compared with, and what the comparison found (a tooltip)."""
    assert report.context is not None and report.source is not None
    checked: dict[tuple[int, int], str] = {}
    for match in report.context.matches.matches:
        agreeing = match.agreeing
        target = agreeing or (match.targets[0] if match.targets else None)
        if target is None:
            continue
        line, _ = report.source.position(match.amount.span.start)
        verdict = "一致" if agreeing is not None else "不一致"
        note = f"正文第 {line} 行的{match.quantity}与此格比较：{verdict}"
        key = (target.cell.start, target.cell.end)
        checked[key] = f"{checked[key]}；{note}" if key in checked else note
    return checked


def _table(
    table: Table,
    standard: StandardTable | None,
    checked: dict[tuple[int, int], str],
    lines: Sequence[Line],
    highlighter: _Highlighter,
) -> str:
    width = max((len(row.cells) for row in table.rows), default=1)
    rows_by_line = {row.line: row for row in table.rows}
    body: list[str] = []
    for number in range(table.first_line, table.last_line + 1):
        row = rows_by_line.get(number)
        if row is not None:
            body.append(_row(row, width, checked, highlighter))
        else:
            body.append(_loose_line(lines[number - 1], width, highlighter))
    if standard is not None:
        title = _escape(standard.title or standard.kind.title)
        caption = f"{_escape(standard.name)} {title}（已识别为{_escape(standard.kind.short)}）"
        if standard.problem:
            caption += f'<span class="warn">无法完整读取：{_escape(standard.problem)}</span>'
    else:
        caption = '<span class="muted">表格（未识别为标准表）</span>'
    return f'<div class="tbl"><table><caption>{caption}</caption><tbody>{"".join(body)}</tbody></table></div>'


def _row(row: Row, width: int, checked: dict[tuple[int, int], str], highlighter: _Highlighter) -> str:
    cells: list[str] = []
    previous_end = row.start
    for position, cell in enumerate(row.cells):
        gap = _gap(highlighter, previous_end, cell.start, row.line)
        last = position == len(row.cells) - 1
        tail = _gap(highlighter, cell.end, row.end, row.line, closed=True) if last else ""
        content = gap + highlighter.render(cell.start, cell.end, row.line, closed=False) + tail
        classes = []
        if cell.value is not None:
            classes.append("num")
        title = ""
        note = checked.get((cell.start, cell.end))
        if note is not None:
            classes.append("chk-bad" if note.endswith("不一致") else "chk")
            title = f' title="{_escape(note)}"'
        span = f' colspan="{width - position}"' if last and width > len(row.cells) else ""
        cells.append(f'<td class="{" ".join(classes)}"{title}{span}>{content}</td>')
        previous_end = cell.end
    if not row.cells:
        cells.append(f'<td colspan="{width}">{highlighter.render(row.start, row.end, row.line)}</td>')
    return f'<tr><th class="no">{row.line}</th>{"".join(cells)}</tr>'


def _gap(highlighter: _Highlighter, start: int, end: int, line: int, *, closed: bool = False) -> str:
    """The separators between cells (tabs, ``|``): dropped, unless a finding covers them."""
    if end < start or line not in highlighter.by_line:  # most rows: nothing to look for
        return ""
    rendered = highlighter.render(start, end, line, closed=closed)
    return rendered if "<mark" in rendered else ""


def _loose_line(line: Line, width: int, highlighter: _Highlighter) -> str:
    """A line inside a table that is no row (a repeated header, a blank line between pages)."""
    content = highlighter.render(line.start, line.end, line.number)
    return f'<tr class="loose"><th class="no">{line.number}</th><td colspan="{width}">{content}</td></tr>'
