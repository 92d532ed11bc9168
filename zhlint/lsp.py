"""The zhlint language server (``zhlint lsp``): diagnostics, quick fixes and hovers over stdio.

Built on pygls (the optional ``lsp`` extra). The server lints the whole text of a document with
:func:`zhlint.lint_text`, using the same configuration the CLI would use for that file
(:func:`zhlint.engine.config_for`), and publishes the diagnostics

* when a document is opened or saved (at once), and
* when it changes (debounced: :data:`DEBOUNCE_SECONDS` after the last change; a result for a
  version that is no longer current is dropped, so the latest version always wins).

zhlint positions count characters (code points); LSP positions count code units of the encoding
negotiated at initialisation (UTF-16 unless the client offers another). :func:`to_client_position`
and :func:`to_offset` convert, splitting lines exactly as zhlint and the LSP specification do
(``\\n``, ``\\r\\n``, ``\\r``). Documents are synchronised in full; a client that sends ranged
changes anyway has them applied with the same functions (:func:`apply_content_change`), never
with pygls' own line splitting (``str.splitlines``, which also breaks at U+2028 and form feeds).

The wire is read by zhlint, not by pygls (:class:`FrameReader`, :class:`ZhlintProtocol`): a
body that is not JSON gets a -32700 error, a malformed request a -32600 or -32602 error with its
id, a request before ``initialize`` -32002 and one after ``shutdown`` -32600, as the LSP
specification asks. A wrong ``Content-Length`` or garbage between messages loses at most the
message it broke: the reader resynchronises on the next ``Content-Length`` header. A declared
length above :data:`MAX_MESSAGE_BYTES` is refused without allocating it. ``exit`` ends the
process with 0 after ``shutdown`` and 1 otherwise.

Every handler catches and logs its own errors: a bad document or a malformed request gives an
empty answer and a ``window/logMessage``, never a dead server.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import json
import logging
import os
import re
import sys
import threading
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote

import attrs
from lsprotocol import types
from pygls.io_ import StdoutWriter
from pygls.lsp.server import LanguageServer
from pygls.protocol import JsonRPCNotification, JsonRPCRequestMessage, JsonRPCResponseMessage
from pygls.protocol.language_server import LanguageServerProtocol, lsp_method
from pygls.uris import to_fs_path

from zhlint import lint_text
from zhlint.analysis.context import LintContext
from zhlint.config import Config, ConfigError
from zhlint.diagnostics import Diagnostic, Related, Severity
from zhlint.document.segment import segment
from zhlint.engine import MAX_FILE_BYTES, config_for, unreadable
from zhlint.read.source import Source
from zhlint.show import Comparison, comparisons
from zhlint.version import __version__

logger = logging.getLogger("zhlint.lsp")

RULES_DOC_URL = "https://github.com/zhlint/zhlint/blob/main/docs/rules.md"
"""Base of ``codeDescription.href``; each rule is the anchor ``#zl401`` on this page."""

DEBOUNCE_SECONDS = 0.3
"""How long after the last change a document is linted again."""

SOURCE_NAME = "zhlint"
FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.zhlint"

SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
SEVERITY_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}

# A number as written in the prose: ASCII or full-width digits, decimal points, thousands commas
# between digits, an optional percent sign.
NUMBER = re.compile(r"[0-9０-９]+(?:[.,．][0-9０-９]+)*(?:[%％])?")


# --------------------------------------------------------------------------- positions


def code_units(text: str, encoding: str = types.PositionEncodingKind.Utf16.value) -> int:
    """The length of ``text`` in code units of an LSP position encoding (utf-8, utf-16, utf-32)."""
    if encoding == types.PositionEncodingKind.Utf32.value:
        return len(text)
    if encoding == types.PositionEncodingKind.Utf8.value:
        return len(text.encode("utf-8", "surrogatepass"))
    return sum(2 if ord(char) > 0xFFFF else 1 for char in text)


def to_client_position(
    source: Source, line: int, column: int, encoding: str = types.PositionEncodingKind.Utf16.value
) -> types.Position:
    """An LSP position (0-based, code units) from zhlint's 1-based line and character column."""
    line = max(1, min(line, len(source.line_starts)))
    text = source.line_text(line)
    characters = max(0, min(column - 1, len(text)))
    return types.Position(line=line - 1, character=code_units(text[:characters], encoding))


def to_client_range(
    source: Source,
    line: int,
    column: int,
    end_line: int,
    end_column: int,
    encoding: str = types.PositionEncodingKind.Utf16.value,
) -> types.Range:
    """An LSP range from zhlint's 1-based, end-exclusive line/column span."""
    return types.Range(
        start=to_client_position(source, line, column, encoding),
        end=to_client_position(source, end_line, end_column, encoding),
    )


def to_offset(
    source: Source, position: types.Position, encoding: str = types.PositionEncodingKind.Utf16.value
) -> int:
    """The character offset into ``source.text`` of an LSP position, clamped to the text.

    A position inside a character (the second half of a surrogate pair) rounds down to it.
    """
    if position.line < 0:
        return 0
    if position.line >= len(source.line_starts):
        return len(source.text)
    line = position.line + 1
    start = source.line_starts[line - 1]
    text = source.line_text(line)
    units = 0
    for index, char in enumerate(text):
        width = code_units(char, encoding)
        if units + width > position.character:
            return start + index
        units += width
    return start + len(text)


def offset_range(source: Source, start: int, end: int, encoding: str) -> types.Range:
    """An LSP range from character offsets into ``source.text``."""
    return to_client_range(source, *source.position(start), *source.position(end), encoding)


# --------------------------------------------------------------------------- diagnostics


def rule_url(code: str) -> str:
    """The documentation of one rule: ``RULES_DOC_URL#zl401``."""
    return f"{RULES_DOC_URL}#{code.lower()}"


def _related_uri(related: Related, diagnostic: Diagnostic, uri: str) -> str:
    if related.path is None or related.path == diagnostic.path:
        return uri
    return Path(related.path).resolve().as_uri()


def _related_range(related: Related, diagnostic: Diagnostic, source: Source, encoding: str) -> types.Range:
    """A related place's range; in another report (ZL7xx), whose text the server does not hold,
    lines and columns as zhlint counts them (one UTF-16 unit per character of the BMP)."""
    if related.path is None or related.path == diagnostic.path:
        return to_client_range(
            source, related.line, related.column, related.end_line, related.end_column, encoding
        )
    return types.Range(
        start=types.Position(line=related.line - 1, character=related.column - 1),
        end=types.Position(line=related.end_line - 1, character=related.end_column - 1),
    )


def to_lsp_diagnostic(
    diagnostic: Diagnostic,
    source: Source,
    uri: str,
    encoding: str = types.PositionEncodingKind.Utf16.value,
) -> types.Diagnostic:
    """One zhlint diagnostic as an LSP diagnostic of the document ``uri`` whose text is ``source``."""
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(
                uri=_related_uri(item, diagnostic, uri),
                range=_related_range(item, diagnostic, source, encoding),
            ),
            message=item.message,
        )
        for item in diagnostic.related
    ]
    return types.Diagnostic(
        range=to_client_range(
            source, diagnostic.line, diagnostic.column, diagnostic.end_line, diagnostic.end_column, encoding
        ),
        message=diagnostic.message,
        severity=SEVERITIES.get(diagnostic.severity, types.DiagnosticSeverity.Warning),
        code=diagnostic.code,
        code_description=types.CodeDescription(href=rule_url(diagnostic.code)),
        source=SOURCE_NAME,
        related_information=related or None,
        data={"name": diagnostic.name, "fixable": diagnostic.fix is not None},
    )


def document_comparisons(uri: str, text: str) -> tuple[Comparison, ...]:
    """The numbers of a document that its enabled rules compared (none for an excluded file, or
    when the configuration cannot be read: its diagnostics say so)."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    config = Config()
    try:
        if path is not None:
            config = config_for(Path(path))
            if _excluded(config, Path(path)):
                return ()
        context = LintContext(segment(Source.from_text(text, path)), config)
        return tuple(comparisons(context, lambda code: config.enabled(code, path)))
    except Exception as error:  # ConfigError, or a bug: the hover still shows the diagnostics
        logger.warning("no comparisons for %s: %s", uri, error)
        return ()


def comparison_markdown(found: Sequence[Comparison], start: int, end: int) -> str | None:
    """Markdown for the compared numbers under ``start:end``: with what, and whether they agreed."""
    lines = []
    for item in found:
        if _overlaps(item.span.start, item.span.end, start, end):
            mark = "✓" if item.agreed else "✗"
            lines.append(
                f"- {mark} **{item.verdict}**：{_escape(item.what)}（[{item.rule}]({rule_url(item.rule)})）"
            )
    return "此数经过比对：\n\n" + "\n".join(lines) if lines else None


_TOO_LARGE = f"文档超过 {MAX_FILE_BYTES // 2**20} MiB（UTF-8 字节）的上限"


def too_large(text: str) -> bool:
    """Whether a document is over the file cap, counted in UTF-8 bytes as a file on disk would be."""
    if len(text) * 4 <= MAX_FILE_BYTES:
        return False  # at most 4 bytes a character: no need to encode
    return len(text) > MAX_FILE_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES


def lint_document(uri: str, text: str) -> list[Diagnostic]:
    """Lint a document's text with the configuration the CLI would use for its file."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    if too_large(text):
        return [unreadable(path or uri, f"{_TOO_LARGE}，不检查")]
    config = Config()
    if path is not None:
        try:
            config = config_for(Path(path))
        except ConfigError as error:
            return [unreadable(path, f"配置错误: {error}")]
        if _excluded(config, Path(path)):
            return []
    # min-severity hides in the editor what it hides on the command line.
    return config.at_threshold(lint_text(text, path=path, config=config))


def _excluded(config: Config, path: Path) -> bool:
    """As the CLI finds files in a directory: patterns relative to the configuration's directory."""
    return bool(config.exclude) and config.excluded(path)


@attrs.frozen
class LintResult:
    """The diagnostics of one version of one document, with the text they were computed from."""

    uri: str
    version: int | None
    source: Source
    diagnostics: tuple[Diagnostic, ...]


# --------------------------------------------------------------------------- code actions and hover


def _overlaps(start: int, end: int, other_start: int, other_end: int) -> bool:
    """Half-open spans overlap; an empty span counts when it touches the other."""
    if start == end or other_start == other_end:
        return other_start <= end and start <= other_end
    return start < other_end and other_start < end


def _kind_wanted(kind: str, only: Sequence[str] | None) -> bool:
    if not only:
        return True
    return any(kind == wanted or kind.startswith(f"{wanted}.") for wanted in only)


def _fix_description(diagnostic: Diagnostic, source: Source) -> str:
    assert diagnostic.fix is not None
    old = source.text[diagnostic.fix.start : diagnostic.fix.end]
    new = diagnostic.fix.replacement
    return f"删除“{old}”" if not new else f"将“{old}”改为“{new}”"


def _fix_title(diagnostic: Diagnostic, source: Source) -> str:
    return f"zhlint {diagnostic.code}: {_fix_description(diagnostic, source)}"


def code_actions(
    result: LintResult,
    start: int,
    end: int,
    encoding: str,
    only: Sequence[str] | None = None,
) -> list[types.CodeAction]:
    """Quick fixes for the fixable diagnostics touching ``start:end``, and a fix-all action."""
    source, uri = result.source, result.uri
    fixable = [d for d in result.diagnostics if d.fix is not None]
    actions: list[types.CodeAction] = []

    def edit(diagnostic: Diagnostic) -> types.TextEdit:
        assert diagnostic.fix is not None
        fix = diagnostic.fix
        return types.TextEdit(
            range=to_client_range(source, fix.line, fix.column, fix.end_line, fix.end_column, encoding),
            new_text=fix.replacement,
        )

    if _kind_wanted(types.CodeActionKind.QuickFix.value, only):
        for diagnostic in fixable:
            if not _overlaps(diagnostic.start, diagnostic.end, start, end):
                continue
            actions.append(
                types.CodeAction(
                    title=_fix_title(diagnostic, source),
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[to_lsp_diagnostic(diagnostic, source, uri, encoding)],
                    edit=types.WorkspaceEdit(changes={uri: [edit(diagnostic)]}),
                    is_preferred=True,
                )
            )
    if fixable and (len(fixable) > 1 or only) and _kind_wanted(FIX_ALL_KIND, only):
        chosen: list[Diagnostic] = []
        for diagnostic in sorted(fixable, key=lambda d: (d.start, d.end)):
            if chosen and diagnostic.start < chosen[-1].end:
                continue  # overlapping fixes: apply the first, the rest on the next run
            chosen.append(diagnostic)
        actions.append(
            types.CodeAction(
                title=f"zhlint: 修复全部可自动修复的问题（{len(chosen)} 处）",
                kind=FIX_ALL_KIND,
                diagnostics=[to_lsp_diagnostic(d, source, uri, encoding) for d in chosen],
                edit=types.WorkspaceEdit(changes={uri: [edit(d) for d in chosen]}),
            )
        )
    return actions


def hover_target(source: Source, offset: int) -> tuple[int, int] | None:
    """The number under ``offset`` as a character span, else the character itself (None at the end)."""
    if offset >= len(source.text):
        return None
    line, _ = source.position(offset)
    start = source.line_starts[line - 1]
    text = source.line_text(line)
    for match in NUMBER.finditer(text):
        if start + match.start() <= offset < start + match.end():
            return start + match.start(), start + match.end()
    return offset, offset + 1


def _escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def _snippet(source: Source, start: int, end: int, limit: int = 40) -> str:
    text = source.text[start:end].replace("\r", " ").replace("\n", " ")
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def hover_markdown(result: LintResult, start: int, end: int) -> str | None:
    """Markdown for the diagnostics whose span or related spans cover ``start:end``; None if none."""
    source = result.source
    parts: list[str] = []
    for diagnostic in result.diagnostics:
        direct = _overlaps(diagnostic.start, diagnostic.end, start, end) and diagnostic.end > diagnostic.start
        via = [r for r in diagnostic.related if r.end > r.start and _overlaps(r.start, r.end, start, end)]
        if not direct and not via:
            continue
        label = SEVERITY_LABELS.get(diagnostic.severity, diagnostic.severity.value)
        lines = [
            f"**[{diagnostic.code}]({rule_url(diagnostic.code)})** `{diagnostic.name}`（{label}）",
            "",
        ]
        if not direct:
            where = _escape(_snippet(source, diagnostic.start, diagnostic.end))
            lines += [f"此处是第 {diagnostic.line} 行“{where}”一项检查的依据：", ""]
        lines += [_escape(diagnostic.message), ""]
        if diagnostic.related:
            lines.append("相关位置：")
            for item in diagnostic.related:
                mark = "▶ " if item in via else ""
                quoted = _escape(_snippet(source, item.start, item.end))
                lines.append(
                    f"- {mark}第 {item.line} 行第 {item.column} 列“{quoted}”：{_escape(item.message)}"
                )
            lines.append("")
        if diagnostic.fix is not None:
            lines += [f"可自动修复：{_escape(_fix_description(diagnostic, source))}", ""]
        parts.append("\n".join(lines).strip())
    return "\n\n---\n\n".join(parts) if parts else None


# --------------------------------------------------------------------------- ranged changes


def apply_content_change(text: str, change: types.TextDocumentContentChangeEvent, encoding: str) -> str:
    """``text`` after one ``contentChanges`` entry: a ranged one is spliced in, a whole one replaces.

    The range is read in the negotiated position encoding and split into lines as the LSP does
    (:func:`to_offset`); a reversed range is taken as the span between its ends.
    """
    changed = apply_content_changes(text, [change], encoding)
    assert changed is not None  # one change never exceeds the work budget
    return changed


MAX_OPEN_DOCUMENTS = 1_000
"""Documents the server keeps open at once; a further didOpen is refused with a log message."""

_WORK_PER_CHARACTER = 16
"""Budget of one didChange, per character of the document and of the changes' text (see below)."""
_WORK_FLOOR = 4 * MAX_FILE_BYTES


def apply_content_changes(
    text: str, changes: Sequence[types.TextDocumentContentChangeEvent], encoding: str
) -> str | None:
    """``text`` after a message's ``contentChanges`` in order; None if they cost too much to apply.

    The document is held as a list of its lines while the changes are applied, so a ranged change
    costs the lines it touches (and moving the list when it adds or removes lines), not the whole
    text: rebuilding a line index per change made one message of 170,000 empty changes take hours.
    What a message may cost is bounded by a multiple of the document and the changes' text (with a
    floor for edits of long lines), so a message of many changes on one long line is refused
    (None) in seconds instead of copying that line per change.
    """
    budget = _WORK_PER_CHARACTER * (len(text) + sum(len(change.text) for change in changes)) + _WORK_FLOOR
    lines: _Lines | None = None
    for change in changes:
        if not isinstance(change, types.TextDocumentContentChangePartial):
            lines = None
            text = change.text
            continue
        if lines is None:
            lines = _Lines(text)
        budget -= lines.replace(change.range, change.text, encoding)
        if budget < 0:
            return None
    return text if lines is None else lines.text()


_LINE_BREAK_SPLIT = re.compile(r"(\r\n|\r|\n)")


def _split_lines(text: str) -> list[str]:
    """The lines of ``text``, each with its break (as Source splits them); the last has none."""
    parts = _LINE_BREAK_SPLIT.split(text)
    lines = [content + brk for content, brk in zip(parts[0::2], parts[1::2], strict=False)]
    lines.append(parts[-1])
    return lines


def _content_length(line: str) -> int:
    if line.endswith("\r\n"):
        return len(line) - 2
    return len(line) - 1 if line.endswith(("\r", "\n")) else len(line)


class _Lines:
    """A document as a list of lines with their breaks, edited by LSP ranges."""

    def __init__(self, text: str) -> None:
        self.lines = _split_lines(text)

    def text(self) -> str:
        return "".join(self.lines)

    def locate(self, position: types.Position, encoding: str) -> tuple[int, int]:
        """(line index, character index in that line) of a position, clamped like :func:`to_offset`."""
        if position.line < 0:
            return 0, 0
        if position.line >= len(self.lines):
            return len(self.lines) - 1, len(self.lines[-1])
        line = self.lines[position.line]
        return position.line, _character_index(line, _content_length(line), position.character, encoding)

    def replace(self, where: types.Range, new_text: str, encoding: str) -> int:
        """Splice ``new_text`` over ``where`` (a reversed range is the span between its ends); the work."""
        start = self.locate(where.start, encoding)
        end = self.locate(where.end, encoding)
        (first, head), (last, tail) = min(start, end), max(start, end)
        lines = self.lines
        piece = lines[first][:head] + new_text + lines[last][tail:]
        if first > 0 and piece.startswith("\n") and lines[first - 1].endswith("\r"):
            first -= 1  # the previous line's "\r" and this "\n" become one break
            piece = lines[first] + piece
        elif "\n" not in new_text and "\r" not in new_text:
            # Head and tail hold no break but the tail's own, so the piece is one line: no need
            # to scan a long line for breaks on every keystroke.
            lines[first : last + 1] = [piece]
            return 1 + len(piece) + (len(lines) // 4 if last > first else 0)
        replacement = _split_lines(piece)
        if last < len(lines) - 1:
            replacement.pop()  # the piece ends with the last line's break: the next line follows
        # Adding or removing lines moves the list's later pointers: cheap per line, not free.
        moved = len(lines) // 4 if len(replacement) != last + 1 - first else 0
        lines[first : last + 1] = replacement
        return 1 + len(piece) + moved


def _character_index(line: str, length: int, units: int, encoding: str) -> int:
    """The index in ``line[:length]`` where ``units`` code units end, rounded down into a character.

    Like :func:`to_offset`'s walk over the characters, but at the speed of encoding the prefix:
    the walk in Python took a second per position on a line of millions of characters.
    """
    if units <= 0:
        return 0
    prefix = line[: min(units, length)]  # a character is at least one code unit
    if encoding == types.PositionEncodingKind.Utf32.value or prefix.isascii():
        return len(prefix)
    if encoding == types.PositionEncodingKind.Utf8.value:
        # The decoder keeps back a character cut in the middle: rounded down, as the walk does.
        decoder = codecs.getincrementaldecoder("utf-8")("surrogatepass")
        return len(decoder.decode(prefix.encode("utf-8", "surrogatepass")[:units], final=False))

    def units_before(index: int) -> int:
        return len(prefix[:index].encode("utf-16-le", "surrogatepass")) // 2

    index = len(prefix)
    while index > 0 and (excess := units_before(index) - units) > 0:
        # A character is at most 2 units: dropping excess // 2 of them cannot drop too many, so
        # this converges in a few encodings of the prefix.
        index -= max(1, excess // 2)
    while index < len(prefix) and units_before(index + 1) <= units:
        index += 1
    return index


# --------------------------------------------------------------------------- the wire

MAX_MESSAGE_BYTES = MAX_FILE_BYTES
"""The largest message body read; a larger declared ``Content-Length`` is refused unread."""

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
INVALID_PARAMS = -32602
SERVER_NOT_INITIALIZED = -32002

# A Content-Length header line. It cannot occur inside a valid JSON body: outside a string a bare
# word is invalid JSON, and inside one a raw line break is. So where one appears inside what the
# previous header declared as a body, that declared length was wrong and the next message starts.
CONTENT_LENGTH = re.compile(
    rb"content-length[ \t]{0,16}:[ \t]{0,16}(\d{1,64})[ \t]{0,16}\r?\n", re.IGNORECASE
)
_HEADER_FIELD = re.compile(rb"[!-9;-~]+[ \t]*:[^\r\n]*")
_HEADER_MATCH_MAX = 200
"""More bytes than any CONTENT_LENGTH match: kept back when a header may straddle two reads."""
_HEADER_FIELDS_MAX = 8192
"""Bytes of further header fields (Content-Type) accepted after Content-Length."""
READ_CHUNK = 65536


@attrs.frozen
class Frame:
    """One message body as framed on the wire, or why there is none.

    ``problem`` says what was wrong with the framing (the body may still be usable, e.g. when
    ``Content-Length`` was too long and the next header followed the body); ``skipped`` counts
    the bytes of garbage dropped before this frame's header.
    """

    body: bytes | None
    problem: str | None = None
    skipped: int = 0


class FrameReader:
    """Splits a byte stream into LSP messages, resynchronising on ``Content-Length`` after any error.

    ``read`` returns the next bytes available (``b""`` at the end). Memory stays bounded by
    :data:`MAX_MESSAGE_BYTES` plus one read: garbage is dropped as it is scanned.
    """

    def __init__(self, read: Callable[[], bytes], limit: int = MAX_MESSAGE_BYTES) -> None:
        self._read = read
        self._buffer = bytearray()
        self._eof = False
        self._skipped = 0
        self.limit = limit

    def _fill(self) -> bool:
        if not self._eof:
            chunk = self._read()
            self._eof = not chunk
            self._buffer += chunk
        return not self._eof

    def _discard(self, count: int) -> None:
        if count > 0:
            if self._buffer[:count].strip():
                self._skipped += count
            del self._buffer[:count]

    def _frame(self, body: bytes | None, problem: str | None = None) -> Frame:
        frame = Frame(body, problem, self._skipped)
        self._skipped = 0
        return frame

    def next_frame(self) -> Frame | None:
        """The next message, or None at the end of the stream."""
        header = self._next_header()
        if header is None:
            return None
        length, body_start = header
        if length > self.limit:
            # Refused unread: its bytes are scanned for the next header like any garbage.
            del self._buffer[:body_start]
            return self._frame(None, f"声明的消息长度 {length} 字节超过 {self.limit} 字节上限")
        return self._read_body(body_start, length)

    def _next_header(self) -> tuple[int, int] | None:
        """Skip to the next complete header block: the declared length and where the body starts."""
        start = 0
        while True:
            match = CONTENT_LENGTH.search(self._buffer, start)
            if match is None:
                self._discard(max(start, len(self._buffer) - _HEADER_MATCH_MAX))
                start = 0
                if not self._fill():
                    self._discard(len(self._buffer))
                    return None
                continue
            declared, fields = int(match.group(1)), match.end() - match.start()
            self._discard(match.start())
            end = self._header_end(fields)
            if end is None and len(self._buffer) - fields <= _HEADER_FIELDS_MAX:
                if not self._fill():
                    self._discard(len(self._buffer))
                    return None
                start = 0
                continue
            if end is None or end < 0:
                start = fields  # a malformed header block: look for the next header after it
                continue
            return declared, end

    def _header_end(self, position: int) -> int | None:
        """Where the body starts after the fields from ``position``; None if incomplete, -1 if malformed."""
        while (newline := self._buffer.find(b"\n", position)) >= 0:
            line = bytes(self._buffer[position:newline]).removesuffix(b"\r")
            if not line:
                return newline + 1
            if not _HEADER_FIELD.fullmatch(line) or CONTENT_LENGTH.search(line + b"\n"):
                return -1  # not a field, or a new header glued to a broken one: resync there
            position = newline + 1
        return None

    def _read_body(self, start: int, length: int) -> Frame | None:
        end = start + length
        scanned = start
        while True:
            window = min(len(self._buffer), end + _HEADER_MATCH_MAX)
            match = CONTENT_LENGTH.search(self._buffer, max(start, scanned - _HEADER_MATCH_MAX), window)
            if match is not None and match.start() < end:
                body = bytes(self._buffer[start : match.start()])
                del self._buffer[: match.start()]
                return self._frame(body, f"声明的消息长度 {length} 字节有误，消息在下一个消息头前结束")
            if len(self._buffer) >= end:
                body = bytes(self._buffer[start:end])
                del self._buffer[:end]
                return self._frame(body)
            scanned = len(self._buffer)
            if not self._fill():
                self._discard(len(self._buffer))
                return None


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _valid_id(value: object) -> bool:
    return isinstance(value, (int, str)) and not isinstance(value, bool)


class ZhlintProtocol(LanguageServerProtocol):
    """pygls' LSP protocol with the checks of the JSON-RPC and LSP specifications it leaves out.

    :meth:`receive` takes one framed body: it parses it, answers what is not a valid message with
    the error the specifications name (keeping the request id wherever there is one), enforces
    the initialize/shutdown/exit lifecycle, and only then hands a typed message to pygls.
    """

    def __init__(self, server: Any, converter: Any) -> None:
        super().__init__(server, converter)
        self.initialize_received = False
        self.exit_code: int | None = None
        """Set by ``exit``: 0 after ``shutdown``, else 1."""

    @property
    def shut_down(self) -> bool:
        return bool(self._shutdown)

    def send_error(self, msg_id: int | str | None, code: int, message: str) -> None:
        """A JSON-RPC error response (``id`` null when the request's id could not be read)."""
        self._send_data({"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": message}})

    def receive(self, body: bytes) -> None:
        """Handle one message body from the wire."""
        try:
            data = json.loads(body, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as error:
            self.send_error(None, PARSE_ERROR, f"无法解析的 JSON 消息: {type(error).__name__}: {error}"[:300])
            return
        if not isinstance(data, dict):
            self.send_error(None, INVALID_REQUEST, "消息不是 JSON 对象（LSP 不支持批量请求）")
            return
        msg_id = data.get("id")
        known_id = msg_id if _valid_id(msg_id) else None
        if "method" not in data:
            self._receive_response(data, known_id)
        elif "id" in data:
            self._receive_request(data, known_id)
        else:
            self._receive_notification(data)

    def _receive_response(self, data: dict[str, Any], msg_id: int | str | None) -> None:
        if "result" not in data and "error" not in data:
            self.send_error(msg_id, INVALID_REQUEST, "消息既没有 method，也没有 result 或 error")
        elif data.get("jsonrpc") == "2.0" and msg_id is not None:
            self._dispatch(data, request_id=None)
        else:
            logger.warning("dropped a malformed response")

    def _receive_request(self, data: dict[str, Any], msg_id: int | str | None) -> None:
        method = data["method"]
        if data.get("jsonrpc") != "2.0" or msg_id is None or not isinstance(method, str):
            self.send_error(
                msg_id, INVALID_REQUEST, "不是有效的 JSON-RPC 2.0 请求（jsonrpc、id 或 method 有误）"
            )
        elif not isinstance(data.get("params", {}), (dict, list)):
            self.send_error(msg_id, INVALID_PARAMS, "params 必须是对象或数组")
        elif method == types.INITIALIZE and self.initialize_received:
            self.send_error(msg_id, INVALID_REQUEST, "服务器已经初始化，initialize 只能发送一次")
        elif method != types.INITIALIZE and not self.initialize_received:
            self.send_error(msg_id, SERVER_NOT_INITIALIZED, "服务器尚未初始化，请先发送 initialize")
        elif self.shut_down:
            self.send_error(msg_id, INVALID_REQUEST, "服务器已收到 shutdown，不再处理请求")
        elif self._dispatch(data, request_id=msg_id) and method == types.INITIALIZE:
            self.initialize_received = True

    def _receive_notification(self, data: dict[str, Any]) -> None:
        method = data["method"]
        if method == types.EXIT:
            self.exit_code = 0 if self.shut_down else 1
        elif data.get("jsonrpc") != "2.0" or not isinstance(method, str):
            logger.warning("dropped a malformed notification")
        elif self.initialize_received and not self.shut_down:
            if isinstance(data.get("params", {}), (dict, list)):
                self._dispatch(data, request_id=None)
            else:
                logger.warning("dropped %s: params must be an object or an array", method)

    def _dispatch(self, data: dict[str, Any], request_id: int | str | None) -> bool:
        """Type the message and hand it to pygls; False (and -32602 for a request) if it does not fit."""
        try:
            message = self._structure(data)
        except Exception as error:
            if request_id is not None:
                detail = f"{type(error).__name__}: {error}"[:300]
                self.send_error(request_id, INVALID_PARAMS, f"参数不符合 {data['method']} 的定义: {detail}")
            else:
                logger.warning("dropped a message that does not fit its type: %s", type(error).__name__)
            return False
        if request_id is not None and not hasattr(message, "id"):
            self.send_error(request_id, INVALID_REQUEST, f"{data['method']} 是通知，不能带 id")
            return False
        self.handle_message(message)
        return True

    def _structure(self, data: dict[str, Any]) -> Any:
        """The lsprotocol (or generic pygls) object for one message, like pygls' structure_message."""
        if "method" in data:
            known = self.get_message_type(data["method"])
            if known is not None:
                return self._converter.structure(data, known)
            generic = JsonRPCRequestMessage if "id" in data else JsonRPCNotification
            fields = {"jsonrpc": data["jsonrpc"], "method": data["method"], "params": data.get("params")}
            if "id" in data:
                fields["id"] = data["id"]
            return self._converter.structure(fields, generic)
        if "error" in data:
            return self._converter.structure(data, types.ResponseErrorMessage)
        response = self._result_types.pop(data["id"], None) or JsonRPCResponseMessage
        return self._converter.structure(
            {"jsonrpc": data["jsonrpc"], "id": data["id"], "result": data.get("result")}, response
        )

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Generator[Any, Any, None]:
        """Apply full and ranged changes in order (pygls would take a ranged change as the whole text)."""
        uri = params.text_document.uri
        document = self.workspace.text_documents.get(unquote(uri))
        if document is None:
            logger.warning("didChange for a document that is not open: %s", uri)
            return
        encoding = _encoding_name(self.workspace.position_encoding)
        text = apply_content_changes(document.source, params.content_changes, encoding)
        server = self._server
        if text is None or too_large(text):
            reason = "一次修改的范围太多、太长" if text is None else _TOO_LARGE
            if isinstance(server, ZhlintLanguageServer):
                server.refuse_document(uri, f"{reason}，zhlint 不再检查此文档；请重新打开")
            return
        self.workspace.update_text_document(
            params.text_document, types.TextDocumentContentChangeWholeDocument(text=text)
        )
        if (user_handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield user_handler, (params,), None


def _encoding_name(kind: object) -> str:
    if kind is None:
        return types.PositionEncodingKind.Utf16.value
    return kind.value if isinstance(kind, types.PositionEncodingKind) else str(kind)


async def serve_frames(protocol: ZhlintProtocol, read: Callable[[], bytes]) -> int:
    """Feed the messages of a byte stream to ``protocol`` until ``exit`` or the end; the exit code.

    The stream is read in a daemon thread, handed over through a short queue (so a flooding
    client is slowed down, not buffered without bound), and handled on the event loop.
    """
    loop = asyncio.get_running_loop()
    frames: asyncio.Queue[Frame | None] = asyncio.Queue(maxsize=8)

    def pump() -> None:
        reader = FrameReader(read)
        try:
            while True:
                frame = reader.next_frame()
                asyncio.run_coroutine_threadsafe(frames.put(frame), loop).result()
                if frame is None:
                    return
        except Exception as error:  # a read error or a closed loop: the stream is over
            logger.warning("stopped reading the client: %s", error)
            with contextlib.suppress(RuntimeError):
                asyncio.run_coroutine_threadsafe(frames.put(None), loop)

    threading.Thread(target=pump, name="zhlint-lsp-stdin", daemon=True).start()
    while (frame := await frames.get()) is not None:
        _receive_frame(protocol, frame)
        if protocol.exit_code is not None:
            return protocol.exit_code
    return 0 if protocol.shut_down else 1


def _receive_frame(protocol: ZhlintProtocol, frame: Frame) -> None:
    if frame.skipped:
        logger.warning("skipped %d bytes that were not a message", frame.skipped)
    if frame.problem is not None:
        logger.warning("framing error: %s", frame.problem)
    if frame.body is None:
        protocol.send_error(None, INVALID_REQUEST, frame.problem or "无效的消息")
        return
    try:
        protocol.receive(frame.body)
    except BrokenPipeError:
        raise
    except Exception:  # the protocol answers errors itself; this is a bug, not the client's fault
        logger.exception("could not handle a message")


# --------------------------------------------------------------------------- the server


class ZhlintLanguageServer(LanguageServer):
    """pygls server holding the latest lint result and the pending debounced lint of each document."""

    def __init__(self, debounce: float = DEBOUNCE_SECONDS) -> None:
        super().__init__(
            "zhlint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Full,
            protocol_cls=ZhlintProtocol,
        )
        self.debounce = debounce
        self.results: dict[str, LintResult] = {}
        # The compared numbers of a lint result, worked out on the first hover over it.
        self._comparisons: dict[str, tuple[LintResult, tuple[Comparison, ...]]] = {}
        self._reporting = False
        self._pending: dict[str, asyncio.Task[None]] = {}
        # One worker: lints run one at a time, in order, off the event loop.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zhlint-lint")

    @property
    def encoding(self) -> str:
        """The negotiated position encoding (utf-16 before initialisation)."""
        try:
            kind = self.workspace.position_encoding
        except Exception:  # no workspace yet
            kind = None
        return _encoding_name(kind)

    @property
    def zhlint_protocol(self) -> ZhlintProtocol:
        assert isinstance(self.protocol, ZhlintProtocol)
        return self.protocol

    def report_server_error(self, error: Exception, source: Any) -> None:
        """pygls' out-of-band errors go to the client's log, not to a popup per malformed message."""
        if self._reporting:  # sending the report failed and was reported: stop there
            logger.error("while reporting an error: %s", error)
            return
        self._reporting = True
        try:
            self.log_error("a message", error)
        finally:
            self._reporting = False

    def log_error(self, what: str, error: BaseException) -> None:
        """Log a handler's failure to stderr and to the client; never raises."""
        logger.error("%s failed", what, exc_info=error)
        try:
            self.window_log_message(
                types.LogMessageParams(
                    type=types.MessageType.Error,
                    message=f"zhlint: {what} failed: {type(error).__name__}: {error}",
                )
            )
        except Exception:
            logger.exception("could not send a log message")

    def open_text(self, uri: str) -> tuple[int | None, str] | None:
        """The version and text of an open document, or None when it is not open."""
        # pygls keys documents by the unquoted URI: editors send file names percent-encoded.
        document = self.workspace.text_documents.get(unquote(uri))
        if document is None:
            return None
        return document.version, document.source

    def refuse_document(self, uri: str, reason: str) -> None:
        """Stop holding a document (too large, or too costly a change) and say why in one ZL001."""
        self.workspace.remove_text_document(uri)
        self.forget(uri)
        path = to_fs_path(uri) if uri.startswith("file:") else None
        diagnostic = unreadable(path or uri, reason)
        self.publish(LintResult(uri, None, Source.from_text(""), (diagnostic,)))

    def schedule(self, uri: str, delay: float) -> None:
        """Lint ``uri`` after ``delay`` seconds, replacing any lint still waiting for it."""
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self._pending[uri] = asyncio.get_running_loop().create_task(self._lint_later(uri, delay))

    def forget(self, uri: str) -> None:
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self.results.pop(uri, None)
        self._comparisons.pop(uri, None)

    async def _lint_later(self, uri: str, delay: float) -> None:
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            current = self.open_text(uri)
            if current is None:
                return
            result = await self.lint(uri, *current)
            if self.open_text(uri) != current:
                return  # edited or closed meanwhile: a newer lint will publish
            self.publish(result)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            self.log_error(f"linting {uri}", error)
        finally:
            if self._pending.get(uri) is asyncio.current_task():
                del self._pending[uri]

    async def lint(self, uri: str, version: int | None, text: str) -> LintResult:
        """Lint one version of a document off the event loop and remember the result."""
        loop = asyncio.get_running_loop()
        diagnostics = await loop.run_in_executor(self._executor, lint_document, uri, text)
        result = LintResult(uri, version, Source.from_text(text), tuple(diagnostics))
        if self.open_text(uri) == (version, text):
            self.results[uri] = result
        return result

    async def comparisons(self, result: LintResult) -> tuple[Comparison, ...]:
        """What the rules compared in ``result``'s text, worked out off the event loop, kept once."""
        cached = self._comparisons.get(result.uri)
        if cached is not None and cached[0] is result:
            return cached[1]
        loop = asyncio.get_running_loop()
        found = await loop.run_in_executor(
            self._executor, document_comparisons, result.uri, result.source.text
        )
        self._comparisons[result.uri] = (result, found)
        return found

    async def current_result(self, uri: str) -> LintResult | None:
        """The lint result for the document's current text, linting now if it is stale."""
        current = self.open_text(uri)
        if current is None:
            return None
        cached = self.results.get(uri)
        if cached is not None and cached.version == current[0] and cached.source.text == current[1]:
            return cached
        return await self.lint(uri, *current)

    def serve_io(self, read: Callable[[int, int], bytes], stdin_fd: int, stdout: BinaryIO) -> int:
        """Serve over a file descriptor and a binary stream until ``exit``; the process exit code."""
        self.protocol.set_writer(StdoutWriter(stdout))
        try:
            return asyncio.run(serve_frames(self.zhlint_protocol, lambda: read(stdin_fd, READ_CHUNK)))
        except BrokenPipeError:
            logger.error("the client closed the connection")
            return 1
        finally:
            # Queued lints are for a client that is gone: do not let them delay the exit.
            self._executor.shutdown(wait=False, cancel_futures=True)
            with contextlib.suppress(OSError, ValueError):
                stdout.flush()

    def publish(self, result: LintResult) -> None:
        encoding = self.encoding
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=result.uri,
                version=result.version,
                diagnostics=[
                    to_lsp_diagnostic(d, result.source, result.uri, encoding) for d in result.diagnostics
                ],
            )
        )


def create_server(debounce: float = DEBOUNCE_SECONDS) -> ZhlintLanguageServer:
    """A zhlint language server with every feature registered (not started)."""
    server = ZhlintLanguageServer(debounce)

    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        try:
            options = params.initialization_options
            if isinstance(options, dict) and isinstance(options.get("debounceMs"), (int, float)):
                server.debounce = max(0.0, float(options["debounceMs"]) / 1000)
        except Exception as error:
            server.log_error("initialize", error)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        try:
            uri = params.text_document.uri
            if len(server.workspace.text_documents) > MAX_OPEN_DOCUMENTS:
                server.workspace.remove_text_document(uri)
                server.window_log_message(
                    types.LogMessageParams(
                        type=types.MessageType.Warning,
                        message=f"zhlint: 已打开 {MAX_OPEN_DOCUMENTS} 个文档，不再检查新打开的 {uri}",
                    )
                )
            elif too_large(params.text_document.text):
                server.refuse_document(uri, f"{_TOO_LARGE}，不检查；请缩小后重新打开")
            else:
                server.schedule(uri, 0)
        except Exception as error:
            server.log_error("didOpen", error)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        try:
            server.schedule(params.text_document.uri, server.debounce)
        except Exception as error:
            server.log_error("didChange", error)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        try:
            uri = params.text_document.uri
            server.results.pop(uri, None)  # the configuration may have changed too
            server.schedule(uri, 0)
        except Exception as error:
            server.log_error("didSave", error)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        try:
            uri = params.text_document.uri
            server.forget(uri)
            server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        except Exception as error:
            server.log_error("didClose", error)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND]),
    )
    async def code_action(params: types.CodeActionParams) -> list[types.CodeAction] | None:
        try:
            result = await server.current_result(params.text_document.uri)
            if result is None:
                return None
            encoding = server.encoding
            start = to_offset(result.source, params.range.start, encoding)
            end = to_offset(result.source, params.range.end, encoding)
            only = [str(kind) for kind in params.context.only] if params.context.only else None
            return code_actions(result, min(start, end), max(start, end), encoding, only) or None
        except Exception as error:
            server.log_error("codeAction", error)
            return None

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(params: types.HoverParams) -> types.Hover | None:
        try:
            result = await server.current_result(params.text_document.uri)
            if result is None:
                return None
            encoding = server.encoding
            target = hover_target(result.source, to_offset(result.source, params.position, encoding))
            if target is None:
                return None
            parts = [hover_markdown(result, *target)]
            parts.append(comparison_markdown(await server.comparisons(result), *target))
            markdown = "\n\n---\n\n".join(part for part in parts if part)
            if not markdown:
                return None
            return types.Hover(
                contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=markdown),
                range=offset_range(result.source, *target, encoding),
            )
        except Exception as error:
            server.log_error("hover", error)
            return None

    return server


def serve() -> int:
    """Run the language server over stdin/stdout until the client exits."""
    logging.basicConfig(
        level=logging.WARNING, stream=sys.stderr, format="zhlint-lsp %(levelname)s %(message)s"
    )
    return create_server().serve_io(os.read, sys.stdin.fileno(), _private_stdout())


def _private_stdout() -> BinaryIO:
    """The protocol's own copy of stdout; fd 1 then goes to stderr.

    Only the protocol may write to stdout: a stray print (or a library writing to fd 1) would
    corrupt the message stream, so anything else written there ends up on stderr.
    """
    try:
        sys.stdout.flush()
        protocol_fd = os.dup(sys.stdout.fileno())
        os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # no real file descriptors (embedded use)
        return sys.stdout.buffer
    return os.fdopen(protocol_fd, "wb")
