"""Inline suppressions: `<!-- zhlint-disable ZL101 -->` … `<!-- zhlint-enable -->` and
`<!-- zhlint-disable-next-line ZL101 -->`, Markdown comments a drafter writes into a report.

The engine runs this filter after the rules, so every front end (CLI, LSP, library) honours the
same comments. A comment is one whole line (the segmenter reads such a line as blank, so it
neither starts a paragraph nor joins the next one); the codes are optional (none: every rule) and
may be prefixes, as in ``--select`` (`ZL1`), and a reason may follow after `-- `
(`<!-- zhlint-disable-next-line ZL101 -- 按上级口径 -->`). A ``disable`` holds from the next line to the
``enable`` that closes it (one without codes closes all, one with codes those codes) or to the end
of the file; a ``disable-next-line`` holds for the next line that is not itself a comment.

Plain-text reports extracted from PDF are regenerated, which would lose such comments: for them the
baseline (``--write-baseline`` / ``--baseline``) is the way to accept a finding (docs/usage.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import attrs

from zhlint.diagnostics import Diagnostic, Span, current_code
from zhlint.document.segment import COMMENT_LINE
from zhlint.read.source import Line, Source

_DIRECTIVE = re.compile(
    r"[ \t]*<!--[ \t]*zhlint-(?P<kind>disable-next-line|disable|enable)"
    r"(?P<codes>(?:[ \t,]+[A-Za-z0-9]+)*)[ \t,]*(?:--[ \t][^>]*?)?-->[ \t]*"
)
_CODE = re.compile(r"[A-Za-z0-9]+")
EVERY_RULE = ""  # the code of a directive that names none


@attrs.frozen
class Suppression:
    """One code of one directive (``EVERY_RULE`` when it names none), and the lines it covers."""

    code: str
    directive: str  # the comment as written, for the message
    span: Span  # the comment
    first_line: int
    last_line: int  # inclusive

    def covers(self, diagnostic: Diagnostic) -> bool:
        in_range = self.first_line <= diagnostic.line <= self.last_line
        return in_range and diagnostic.code.startswith(self.code)


@attrs.frozen
class Unused:
    """A suppression that suppressed nothing: where it is and what to say."""

    span: Span
    message: str
    code: str  # the code it names, EVERY_RULE for none


def read_suppressions(source: Source) -> list[Suppression]:
    """Every suppression the comments of ``source`` set, in the order they are written."""
    if "zhlint-" not in source.text:
        return []  # the usual report: no directive, no line-by-line scan
    found: list[Suppression] = []
    open_ranges: list[tuple[str, str, Span, int]] = []  # code, directive, span, first line
    last = len(source.line_starts)
    lines = list(source.lines())
    for index, line in enumerate(lines):
        match = _DIRECTIVE.fullmatch(line.text)
        if match is None:
            continue
        kind, codes = match.group("kind"), _codes(match.group("codes"))
        span = Span(line.start, line.end)
        directive = line.text.strip()
        number = index + 1
        if kind == "disable":
            open_ranges += [(code, directive, span, number + 1) for code in codes]
        elif kind == "enable":
            still_open = [item for item in open_ranges if codes != (EVERY_RULE,) and item[0] not in codes]
            closed = [item for item in open_ranges if item not in still_open]
            found += [Suppression(code, text, at, first, number - 1) for code, text, at, first in closed]
            open_ranges = still_open
        else:
            target = _next_content_line(lines, index)
            found += [Suppression(code, directive, span, target, target) for code in codes]
    found += [Suppression(code, text, at, first, last) for code, text, at, first in open_ranges]
    return sorted(found, key=lambda item: item.span.start)


def _codes(text: str) -> tuple[str, ...]:
    codes = tuple(current_code(code.upper()) for code in _CODE.findall(text))
    return codes or (EVERY_RULE,)


def _next_content_line(lines: Sequence[Line], index: int) -> int:
    """The number of the first line after ``index`` that is not a comment (past the end: none)."""
    for following in range(index + 1, len(lines)):
        if not COMMENT_LINE.fullmatch(lines[following].text):
            return following + 1
    return len(lines) + 1


def apply_suppressions(
    source: Source, diagnostics: Iterable[Diagnostic]
) -> tuple[list[Diagnostic], list[Unused]]:
    """The diagnostics no comment suppresses, and the suppressions that suppressed nothing."""
    suppressions = read_suppressions(source)
    if not suppressions:
        return list(diagnostics), []
    used: set[Suppression] = set()
    kept: list[Diagnostic] = []
    for diagnostic in diagnostics:
        covering = [item for item in suppressions if item.covers(diagnostic)]
        used.update(covering)
        if not covering:
            kept.append(diagnostic)
    unused = [_unused(item) for item in suppressions if item not in used]
    return kept, unused


def _unused(suppression: Suppression) -> Unused:
    what = f"规则 {suppression.code} " if suppression.code else "任何规则"
    message = f"“{suppression.directive}”没有抑制{what}的问题（第 {_lines(suppression)}），可以删除"
    return Unused(suppression.span, message, suppression.code)


def _lines(suppression: Suppression) -> str:
    if suppression.first_line >= suppression.last_line:
        return f"{suppression.first_line} 行"
    return f"{suppression.first_line}–{suppression.last_line} 行"
