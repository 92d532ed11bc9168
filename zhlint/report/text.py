"""``--format text``: path:line:col, code, message, the source line with the span underlined."""

from __future__ import annotations

import contextlib
import os
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TextIO

from zhlint.diagnostics import Diagnostic, Severity
from zhlint.read.source import Source, UnreadableError
from zhlint.report.paths import printable

_COLOURS = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m", Severity.INFO: "\x1b[1;36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
_SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


def use_colour(out: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(out, "isatty", lambda: False)())


def display_width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


# Sources that cannot be read again from their path (standard input), by the path they report.
_GIVEN: dict[str, Source] = {}


@contextlib.contextmanager
def given_sources(sources: Iterable[Source]) -> Iterator[None]:
    """While in the block, excerpts for these sources' paths come from them, not from the disk."""
    saved = dict(_GIVEN)
    _GIVEN.update((source.path, source) for source in sources if source.path is not None)
    try:
        yield
    finally:
        _GIVEN.clear()
        _GIVEN.update(saved)


def _load(path: str) -> Source | None:
    """The file as it is now (keyed on its size and mtime, so a --fix in between is seen)."""
    if path in _GIVEN:
        return _GIVEN[path]
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return _load_version(path, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=64)
def _load_version(path: str, size: int, mtime_ns: int) -> Source | None:
    from zhlint.engine import read_source  # loaded by the lint that made the diagnostics

    try:  # only a regular file: a FIFO or device reported as ZL001 must not be read here
        return read_source(Path(path))  # a PDF's extracted text, as it was linted
    except UnreadableError:
        return None


def _excerpt(diagnostic: Diagnostic, source: Source | None, colour: bool) -> list[str]:
    if source is None or diagnostic.line > len(source.line_starts):
        return []
    raw_line = source.line_text(diagnostic.line)
    start = diagnostic.column - 1
    end = diagnostic.end_column - 1 if diagnostic.end_line == diagnostic.line else len(raw_line)
    end = max(end, start + 1)
    shown_end = _underline_end(raw_line, start, end)
    cut = shown_end < end
    if cut:  # a long span: its beginning is underlined, the rest of the line is left out
        raw_line, end = raw_line[:shown_end], shown_end
    raw_line, start, end = _window(raw_line, start, end)
    line_text = raw_line.replace("\t", "    ")
    pad = display_width(raw_line[:start].replace("\t", "    "))
    carets = "^" * max(1, display_width(raw_line[start:end].replace("\t", "    ")))
    if cut:
        line_text, carets = line_text + "…", carets + "…"
    number = str(diagnostic.line)
    gutter = " " * len(number)
    marker = f"{_COLOURS[diagnostic.severity]}{carets}{_RESET}" if colour else carets
    return [f"{gutter} |", f"{number} | {line_text}", f"{gutter} | {' ' * pad}{marker}"]


MAX_UNDERLINE_COLUMNS = 60  # a span of a whole paragraph (ZL209) would draw hundreds of carets


def _underline_end(line: str, start: int, end: int) -> int:
    """Where the underline of ``line[start:end]`` stops: at ``end``, or where it would pass
    MAX_UNDERLINE_COLUMNS terminal columns."""
    columns = 0
    for index in range(start, min(end, len(line))):
        columns += 4 if line[index] == "\t" else display_width(line[index])
        if columns > MAX_UNDERLINE_COLUMNS:
            return index
    return end


_CONTEXT_CHARS = 30


def _window(line: str, start: int, end: int) -> tuple[str, int, int]:
    """Cut a long line down to the span and some context on each side, marking the cuts with …."""
    if len(line) <= 2 * _CONTEXT_CHARS + (end - start):
        return line, start, end
    begin = max(0, start - _CONTEXT_CHARS)
    stop = min(len(line), end + _CONTEXT_CHARS)
    prefix = "…" if begin > 0 else ""
    suffix = "…" if stop < len(line) else ""
    return prefix + line[begin:stop] + suffix, start - begin + len(prefix), end - begin + len(prefix)


def _page(page: int | None) -> str:
    """``p12:`` before the line of a diagnostic on a PDF: line and column are in its extracted text."""
    return "" if page is None else f"p{page}:"


def _headline(diagnostic: Diagnostic, colour: bool) -> str:
    """``path:line:col: CODE [severity] message``: the first line of a finding, and all of it in
    the concise format (``path:p12:line:col`` on a PDF)."""
    where = f"{diagnostic.path or '-'}:{_page(diagnostic.page)}{diagnostic.line}:{diagnostic.column}"
    severity = diagnostic.severity.value
    if colour:
        where = f"{_BOLD}{where}{_RESET}"
        severity = f"{_COLOURS[diagnostic.severity]}{severity}{_RESET}"
    return f"{where}: {diagnostic.code} [{severity}] {diagnostic.message}"


def format_diagnostic(diagnostic: Diagnostic, colour: bool = False, source: Source | None = None) -> str:
    lines = [_headline(diagnostic, colour)]
    if source is None and diagnostic.path:
        source = _load(diagnostic.path)
    lines += _excerpt(diagnostic, source, colour)
    for related in diagnostic.related:
        place = (
            f"{related.path or diagnostic.path or '-'}:{_page(related.page)}{related.line}:{related.column}"
        )
        lines.append(f"  = 参见 {place}: {related.message}")
    if diagnostic.fix is not None:
        replacement = diagnostic.fix.replacement
        action = f"替换为“{replacement}”" if replacement else "删除"
        lines.append(f"  = 可自动修复（--fix）：{action}")
    return printable("\n".join(lines))  # a file name that is not UTF-8 shown as \xNN


def summary(diagnostics: Sequence[Diagnostic], files_checked: int) -> str:
    if not diagnostics:
        return f"检查了 {files_checked} 个文件，没有发现问题。"
    counts = Counter(diagnostic.severity for diagnostic in diagnostics)
    parts = "，".join(f"{_SEVERITY_ZH[level]} {counts[level]}" for level in Severity if counts[level])
    files = len({diagnostic.path for diagnostic in diagnostics})
    return f"检查了 {files_checked} 个文件，发现 {len(diagnostics)} 个问题（{parts}），涉及 {files} 个文件。"


def write_text(diagnostics: Sequence[Diagnostic], out: TextIO, files_checked: int = 0) -> None:
    write_text_findings(diagnostics, out)
    write_summary(diagnostics, out, files_checked)


def write_text_findings(diagnostics: Sequence[Diagnostic], out: TextIO) -> None:
    """The findings of the text format without the closing summary (a batch run prints them file
    by file as they are done)."""
    colour = use_colour(out)
    for diagnostic in diagnostics:
        out.write(format_diagnostic(diagnostic, colour) + "\n\n")


def write_summary(diagnostics: Sequence[Diagnostic], out: TextIO, files_checked: int = 0) -> None:
    out.write(summary(diagnostics, files_checked) + "\n")


def write_concise(diagnostics: Sequence[Diagnostic], out: TextIO, files_checked: int = 0) -> None:
    """``--format concise``: one line a finding, then the summary line."""
    write_concise_findings(diagnostics, out)
    write_summary(diagnostics, out, files_checked)


def write_concise_findings(diagnostics: Sequence[Diagnostic], out: TextIO) -> None:
    colour = use_colour(out)
    for diagnostic in diagnostics:
        out.write(printable(_headline(diagnostic, colour)) + "\n")
