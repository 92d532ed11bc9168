"""Applying the fixes that rules attach to their findings, and writing files back safely.

A rule offers a fix only when it is safe by construction; this module adds guards of its own so
that no fix can ever change an amount, a percentage or a line break, and writes atomically in the
file's own encoding, BOM and line endings.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from zhlint.config import Config
from zhlint.diagnostics import Diagnostic, Fix
from zhlint.engine import MAX_FILE_BYTES, lint_file, lint_source
from zhlint.read.formats import is_docx_path, is_pdf_path
from zhlint.read.source import Source, UnreadableError, encode, read_bytes, read_report_file
from zhlint.writeback import Snapshot, WriteRefused, replace_if_unchanged

MAX_ROUNDS = 5  # fix, re-lint, fix again: a later fix may only show once an earlier one is applied
_NUMERIC = frozenset("0123456789.%")
_LINE_BREAKS = frozenset("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


@attrs.frozen
class FixResult:
    """What ``fix_file`` did to one file; ``diagnostics`` are those left after fixing."""

    path: Path
    original: str
    fixed: str
    applied: int
    diagnostics: tuple[Diagnostic, ...]
    initial: tuple[Diagnostic, ...]  # the diagnostics before fixing
    written: bool = False
    error: str | None = None  # why the file was not fixed (unreadable, could not be written)

    @property
    def changed(self) -> bool:
        return self.fixed != self.original

    def diff(self) -> str:
        """A unified diff from the original to the fixed text ('' when nothing changes)."""
        return unified_diff(self.original, self.fixed, str(self.path))


def numeric_signature(text: str) -> str:
    """The digits, decimal points and percent signs of a text, spaces and thousands commas removed.

    Full-width forms count as their ASCII equivalents, so ``１２３`` and ``123`` agree.
    """
    normalised = unicodedata.normalize("NFKC", text)
    return "".join(char for char in normalised if char in _NUMERIC or char.isdigit())


def is_safe_fix(text: str, fix: Fix) -> bool:
    """A fix may not change any number (its digits, point or percent sign) nor touch a line break."""
    if not 0 <= fix.start <= fix.end <= len(text):
        return False
    replaced = text[fix.start : fix.end]
    if any(char in _LINE_BREAKS for char in replaced + fix.replacement):
        return False
    if _changes_line_breaks(text, fix):
        return False
    return numeric_signature(replaced) == numeric_signature(fix.replacement)


def _changes_line_breaks(text: str, fix: Fix) -> bool:
    """The fix, with no line break of its own, would still join a CR and an LF into one CRLF
    (removing everything between them) or split a CRLF in two (inserting between its halves)."""
    if text[fix.start - 1 : fix.start] != "\r" or text[fix.end : fix.end + 1] != "\n":
        return False
    return (fix.start == fix.end) != (fix.replacement == "")


def select_fixes(text: str, fixes: Iterable[Fix]) -> list[Fix]:
    """Safe fixes that do not overlap, in text order; of two overlapping fixes the earlier wins."""
    chosen: list[Fix] = []
    seen: set[tuple[int, int, str]] = set()
    for fix in sorted(fixes, key=lambda item: (item.start, item.end, item.replacement)):
        key = (fix.start, fix.end, fix.replacement)
        if key in seen or not is_safe_fix(text, fix):
            continue
        seen.add(key)
        if chosen and _overlaps(chosen[-1], fix):
            continue
        chosen.append(fix)
    return chosen


def _overlaps(before: Fix, after: Fix) -> bool:
    """``after`` starts inside ``before``; two insertions at one point also conflict."""
    return after.start < before.end or after.start == before.start


def apply_fixes(text: str, diagnostics: Iterable[Diagnostic]) -> tuple[str, int]:
    """Apply the safe, non-overlapping fixes of the diagnostics; returns (new text, fixes applied)."""
    chosen = select_fixes(text, (d.fix for d in diagnostics if d.fix is not None))
    applied = 0
    for fix in reversed(chosen):  # right to left, so earlier offsets stay valid
        # Checked again against the text as the fixes to its right left it: two deletions that
        # touch can together empty the line between a CR and an LF, which neither does alone.
        if _changes_line_breaks(text, fix):
            continue
        text = text[: fix.start] + fix.replacement + text[fix.end :]
        applied += 1
    return text, applied


@attrs.frozen
class FixedSource:
    source: Source  # the fixed text, in the original's encoding, BOM and line endings
    applied: int
    initial: list[Diagnostic]  # before fixing
    remaining: list[Diagnostic]  # after fixing


PDF_NOT_FIXABLE = "PDF 和 DOCX 不能自动修复（提取的文字无处写回）；可用 zhlint extract 导出文本后修复文本"


def fix_source(source: Source, config: Config, rounds: int = MAX_ROUNDS) -> FixedSource:
    """Fix, re-lint and fix again until nothing changes (at most ``rounds`` times)."""
    initial = lint_source(source, config)
    diagnostics, applied = initial, 0
    for _ in range(rounds):
        text, count = apply_fixes(source.text, diagnostics)
        if count == 0 or text == source.text:
            break
        applied += count
        source = attrs.evolve(source, text=text)
        diagnostics = lint_source(source, config)
    return FixedSource(source, applied, initial, diagnostics)


def fix_file(path: Path, config: Config, *, write: bool = True) -> FixResult:
    """Fix one file in place (or, with ``write=False``, only compute the fixed text).

    Unreadable files are left alone; their ZL001 diagnostic is returned as for ``lint_file``.
    """
    if is_pdf_path(path.name) or is_docx_path(path.name):  # text extracted: nowhere to write a fix
        found = tuple(lint_file(path, config))
        # --diff shows no change for it (no fix applies to a PDF); --fix refuses it, saying why.
        return FixResult(path, "", "", 0, found, found, error=PDF_NOT_FIXABLE if write else None)
    try:
        status = os.stat(path)  # before the read: a change while reading shows as a mismatch
        data = read_report_file(path, MAX_FILE_BYTES)
        source = read_bytes(data, str(path))
    except (OSError, UnreadableError):
        found = tuple(lint_file(path, config))
        return FixResult(path, "", "", 0, found, found, error="unreadable")
    outcome = fix_source(source, config)
    initial = tuple(outcome.initial)
    if not write or outcome.source.text == source.text:
        return FixResult(
            path, source.text, outcome.source.text, outcome.applied, tuple(outcome.remaining), initial
        )
    try:
        replace_if_unchanged(path, encode(outcome.source.text, source), Snapshot.of(data, status))
    except WriteRefused as refusal:
        return FixResult(path, source.text, source.text, 0, initial, initial, error=str(refusal))
    except (OSError, UnicodeEncodeError) as failure:
        return FixResult(path, source.text, source.text, 0, initial, initial, error=f"无法写回: {failure}")
    fixed = outcome.source.text
    return FixResult(path, source.text, fixed, outcome.applied, tuple(outcome.remaining), initial, True)


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff of two texts, line endings kept, git's marker for a missing final newline."""
    if before == after:
        return ""
    old_name, new_name = _diff_names(name)
    lines = difflib.unified_diff(_diff_lines(before), _diff_lines(after), fromfile=old_name, tofile=new_name)
    return "".join(lines)


def _diff_names(name: str) -> tuple[str, str]:
    """``a/PATH`` and ``b/PATH`` as git writes them (``patch -p1``); absolute paths as they are."""
    path = Path(name)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return name, name
    return f"a/{path.as_posix()}", f"b/{path.as_posix()}"


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _diff_lines(text: str) -> list[str]:
    """Lines with their own endings; only CR, LF and CRLF end a line, as in the source index."""
    lines = _LINE.findall(text)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines


def total_applied(results: Sequence[FixResult]) -> int:
    return sum(result.applied for result in results)
