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
(``\\n``, ``\\r\\n``, ``\\r``). Documents are synchronised in full, so the server's copy of the text
never depends on a line-splitting rule of its own.

Every handler catches and logs its own errors: a bad document or a malformed request gives an
empty answer and a ``window/logMessage``, never a dead server.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import attrs
from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from zhlint import lint_text
from zhlint.config import Config, ConfigError
from zhlint.diagnostics import Diagnostic, Related, Severity
from zhlint.engine import config_for, unreadable
from zhlint.read.source import Source
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
                range=to_client_range(
                    source, item.line, item.column, item.end_line, item.end_column, encoding
                ),
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


def lint_document(uri: str, text: str) -> list[Diagnostic]:
    """Lint a document's text with the configuration the CLI would use for its file."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    config = Config()
    if path is not None:
        try:
            config = config_for(Path(path))
        except ConfigError as error:
            return [unreadable(path, f"配置错误: {error}")]
        if _excluded(config, Path(path)):
            return []
    return lint_text(text, path=path, config=config)


def _excluded(config: Config, path: Path) -> bool:
    if not config.exclude:
        return False
    candidates = [path]
    if config.path is not None:
        with contextlib.suppress(ValueError):
            candidates.append(path.resolve().relative_to(config.path.parent.resolve()))
    return any(config.excluded(candidate) for candidate in candidates)


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


# --------------------------------------------------------------------------- the server


class ZhlintLanguageServer(LanguageServer):
    """pygls server holding the latest lint result and the pending debounced lint of each document."""

    def __init__(self, debounce: float = DEBOUNCE_SECONDS) -> None:
        super().__init__("zhlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.debounce = debounce
        self.results: dict[str, LintResult] = {}
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
        if kind is None:
            return types.PositionEncodingKind.Utf16.value
        return kind.value if isinstance(kind, types.PositionEncodingKind) else str(kind)

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
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return None
        return document.version, document.source

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

    async def current_result(self, uri: str) -> LintResult | None:
        """The lint result for the document's current text, linting now if it is stale."""
        current = self.open_text(uri)
        if current is None:
            return None
        cached = self.results.get(uri)
        if cached is not None and cached.version == current[0] and cached.source.text == current[1]:
            return cached
        return await self.lint(uri, *current)

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
            server.schedule(params.text_document.uri, 0)
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
            markdown = hover_markdown(result, *target)
            if markdown is None:
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
    create_server().start_io()
    return 0
