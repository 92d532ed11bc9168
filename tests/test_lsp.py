"""The language server (`zhlint lsp`) driven over stdio by pytest-lsp as a real LSP client.

One server process is shared by the module (starting one takes about a second); each test opens
its own document URI so that the tests do not see each other's diagnostics. The pure position
functions of zhlint.lsp are tested directly first.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls")
pytest.importorskip("pytest_lsp")

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from zhlint.diagnostics import Diagnostic, Related, Severity
from zhlint.lsp import (
    RULES_DOC_URL,
    code_units,
    hover_target,
    to_client_position,
    to_lsp_diagnostic,
    to_offset,
)
from zhlint.read.source import Source

ASYNC = pytest.mark.asyncio(loop_scope="module")

SERVER = [sys.executable, "-m", "zhlint.cli", "lsp"]
TIMEOUT = 10.0

# Line numbers (0-based) are the LSP's. 𠀀 (U+20000) is one character but two UTF-16 code units,
# so everything after it on its line sits one UTF-16 unit further right than its character index.
REPORT = (
    "2023年度\n"  # 0
    "株洲市测试中心\n"  # 1
    "部门决算\n"  # 2
    "\n"  # 3
    "一、部门职责\n"  # 4
    "𠀀本单位将重点工作纳入2022年部门整体支出绩效目标。\n"  # 5  ZL401 on 2022
    "推进长株潭长株潭一体化。\n"  # 6  ZL602, fixable
    "𠀀支出合计526.36万元，其中基本支出3200元，项目支出200.12万元。\n"  # 7  ZL501 related 526.36
)
YEAR_LINE = 5
YEAR_RANGE = ((5, 12), (5, 16))  # "2022": characters 11..15, UTF-16 units 12..16
DUP_RANGE = ((6, 5), (6, 8))  # the second 长株潭
YUAN_LINE = 7


def utf16_column(line: str, characters: int) -> int:
    """An independent oracle: UTF-16 code units of the first ``characters`` characters."""
    return len(line[:characters].encode("utf-16-le")) // 2


def test_oracle_agrees_with_the_constants() -> None:
    line = REPORT.splitlines()[YEAR_LINE]
    start = line.index("2022")
    assert (utf16_column(line, start), utf16_column(line, start + 4)) == (12, 16)
    assert start == 11


# --------------------------------------------------------------------------- position functions


@pytest.mark.parametrize(
    ("text", "utf8", "utf16", "utf32"),
    [("abc", 3, 3, 3), ("部门", 6, 2, 2), ("𠀀", 4, 2, 1), ("a𠀀部", 8, 4, 3), ("", 0, 0, 0)],
)
def test_code_units(text: str, utf8: int, utf16: int, utf32: int) -> None:
    assert code_units(text, "utf-8") == utf8
    assert code_units(text, "utf-16") == utf16
    assert code_units(text, "utf-32") == utf32


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_positions_round_trip_through_every_encoding(newline: str) -> None:
    text = newline.join(["第一行", "𠀀a部𠀁b", "", "末行𠀀"]) + newline
    source = Source.from_text(text)
    for encoding in ("utf-8", "utf-16", "utf-32"):
        for offset in range(len(text) + 1):
            if text[offset - 1 : offset] == "\r" and text[offset : offset + 1] == "\n":
                continue  # between \r and \n: not a position of any character
            line, column = source.position(offset)
            position = to_client_position(source, line, column, encoding)
            assert to_offset(source, position, encoding) == offset, (encoding, offset)
            line_text = source.line_text(line)[: column - 1]
            oracle = {
                "utf-8": len(line_text.encode("utf-8")),
                "utf-16": len(line_text.encode("utf-16-le")) // 2,
                "utf-32": len(line_text.encode("utf-32-le")) // 4,
            }
            assert position.character == oracle[encoding]


def test_position_inside_a_surrogate_pair_rounds_down_and_out_of_range_clamps() -> None:
    source = Source.from_text("a𠀀b\n末")
    assert to_offset(source, types.Position(line=0, character=2), "utf-16") == 1  # inside 𠀀
    assert to_offset(source, types.Position(line=0, character=3), "utf-16") == 2
    assert to_offset(source, types.Position(line=0, character=99), "utf-16") == 3  # end of line 0
    assert to_offset(source, types.Position(line=9, character=0), "utf-16") == len(source.text)
    assert to_client_position(source, 99, 99, "utf-16") == types.Position(line=1, character=1)


def test_diagnostic_conversion_keeps_code_severity_and_related() -> None:
    text = "𠀀合计526.36万元，其中3200元。\n"
    source = Source.from_text(text)
    start = text.index("3200元")
    diagnostic = Diagnostic(
        code="ZL501",
        name="yuan-among-wanyuan",
        severity=Severity.ERROR,
        message="金额单位不一致",
        line=1,
        column=start + 1,
        end_line=1,
        end_column=start + 6,
        path="/r/report.txt",
        start=start,
        end=start + 5,
        related=(Related("同一句中以万元计的金额", 1, 4, 1, 10, "/r/report.txt", 3, 9),),
    )
    converted = to_lsp_diagnostic(diagnostic, source, "file:///r/report.txt", "utf-16")
    assert converted.range == types.Range(
        start=types.Position(line=0, character=start + 1), end=types.Position(line=0, character=start + 6)
    )
    assert converted.severity == types.DiagnosticSeverity.Error
    assert converted.code == "ZL501"
    assert converted.source == "zhlint"
    assert converted.code_description is not None
    assert converted.code_description.href == f"{RULES_DOC_URL}#zl501"
    assert converted.related_information is not None
    (related,) = converted.related_information
    assert related.location.uri == "file:///r/report.txt"
    assert related.location.range.start == types.Position(line=0, character=4)
    assert related.message == "同一句中以万元计的金额"


def test_hover_target_is_the_whole_number() -> None:
    source = Source.from_text("合计526.36万元，增长12.5%。")
    start = source.text.index("526.36")
    assert hover_target(source, start + 3) == (start, start + 6)
    percent = source.text.index("12.5%")
    assert hover_target(source, percent) == (percent, percent + 5)
    assert hover_target(source, 0) == (0, 1)
    assert hover_target(source, len(source.text)) is None


# --------------------------------------------------------------------------- the server over stdio


def _recording_client() -> LanguageClient:
    """The pytest-lsp client, also recording every publishDiagnostics with its version."""
    client = LanguageClient()
    client.published = []  # type: ignore[attr-defined]

    def publish(ls: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        ls.diagnostics[params.uri] = params.diagnostics
        ls.published.append(params)  # type: ignore[attr-defined]

    register_lsp_features(
        client, {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish}
    )
    return client


def _initialize_params(encodings: Sequence[str] | None = None) -> types.InitializeParams:
    general = types.GeneralClientCapabilities(
        position_encodings=[types.PositionEncodingKind(e) for e in encodings] if encodings else None
    )
    return types.InitializeParams(
        capabilities=types.ClientCapabilities(
            general=general,
            text_document=types.TextDocumentClientCapabilities(
                publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                    related_information=True, version_support=True, code_description_support=True
                ),
                hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            ),
        ),
        initialization_options={"debounceMs": 300},
    )


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER, client_factory=_recording_client), scope="module"
)
async def client(lsp_client: LanguageClient) -> Any:
    result = await lsp_client.initialize_session(_initialize_params())
    capabilities = result.capabilities
    assert capabilities.position_encoding in (None, types.PositionEncodingKind.Utf16)
    sync = capabilities.text_document_sync
    assert isinstance(sync, types.TextDocumentSyncOptions)
    assert sync.change == types.TextDocumentSyncKind.Full and sync.open_close and sync.save
    assert capabilities.hover_provider
    assert isinstance(capabilities.code_action_provider, types.CodeActionOptions)
    yield
    await lsp_client.shutdown_session()


_counter = iter(range(10_000))


def _uri(tmp: Path | None = None, name: str = "report.txt") -> str:
    folder = tmp if tmp is not None else Path("/nonexistent-zhlint-lsp-test")
    return (folder / f"{next(_counter)}-{name}").as_uri()


def _open(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=version, text=text)
        )
    )


def _change(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def _published(
    client: LanguageClient,
    uri: str,
    predicate: Callable[[types.PublishDiagnosticsParams], bool] = lambda _: True,
    after: int = 0,
) -> types.PublishDiagnosticsParams:
    """The first publishDiagnostics for ``uri`` (from index ``after`` on) satisfying ``predicate``."""
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    while True:
        for params in client.published[after:]:  # type: ignore[attr-defined]
            if params.uri == uri and predicate(params):
                return params
        if asyncio.get_running_loop().time() > deadline:
            seen = [p for p in client.published if p.uri == uri]  # type: ignore[attr-defined]
            raise AssertionError(f"no matching diagnostics for {uri}; got {seen}")
        await asyncio.sleep(0.02)


def _send_raw(client: LanguageClient, body: bytes) -> None:
    """Write one framed message to the server's stdin, bypassing the client's serialisation."""
    process = client._server  # the asyncio subprocess pytest-lsp started
    assert process is not None and process.stdin is not None
    process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)


def _by_code(params: types.PublishDiagnosticsParams, code: str) -> list[types.Diagnostic]:
    return [d for d in params.diagnostics if d.code == code]


def _range(start: tuple[int, int], end: tuple[int, int]) -> types.Range:
    return types.Range(
        start=types.Position(line=start[0], character=start[1]),
        end=types.Position(line=end[0], character=end[1]),
    )


@ASYNC
async def test_open_publishes_diagnostics_at_utf16_positions(client: LanguageClient) -> None:
    uri = _uri()
    _open(client, uri, REPORT)
    params = await _published(client, uri)
    assert params.version == 1
    (year,) = _by_code(params, "ZL401")
    assert year.range == _range(*YEAR_RANGE)
    assert year.severity == types.DiagnosticSeverity.Error
    assert year.source == "zhlint"
    assert "2022" in year.message and "2023" in year.message
    assert year.code_description is not None
    assert year.code_description.href.endswith("rules.md#zl401")

    (duplicate,) = _by_code(params, "ZL602")
    assert duplicate.range == _range(*DUP_RANGE)
    assert duplicate.severity == types.DiagnosticSeverity.Warning


@ASYNC
async def test_related_information(client: LanguageClient) -> None:
    uri = _uri()
    _open(client, uri, REPORT)
    params = await _published(client, uri)
    line = REPORT.splitlines()[YUAN_LINE]
    yuan = [d for d in _by_code(params, "ZL501") if d.range.start.line == YUAN_LINE]
    assert yuan, params.diagnostics
    (diagnostic,) = yuan
    start = line.index("3200元")
    assert diagnostic.range.start.character == utf16_column(line, start)
    assert diagnostic.related_information
    (related,) = diagnostic.related_information
    assert related.location.uri == uri
    wanyuan = line.index("526.36")
    assert related.location.range.start == types.Position(
        line=YUAN_LINE, character=utf16_column(line, wanyuan)
    )


@ASYNC
async def test_code_action_fixes_the_duplicated_word(client: LanguageClient) -> None:
    uri = _uri()
    _open(client, uri, REPORT)
    params = await _published(client, uri)
    (duplicate,) = _by_code(params, "ZL602")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=duplicate.range,
            context=types.CodeActionContext(diagnostics=[duplicate]),
        )
    )
    assert actions
    quick = [
        a for a in actions if isinstance(a, types.CodeAction) and a.kind == types.CodeActionKind.QuickFix
    ]
    (action,) = quick
    assert "ZL602" in action.title
    assert action.edit is not None and action.edit.changes is not None
    (edit,) = action.edit.changes[uri]
    assert edit.range == _range(*DUP_RANGE)
    assert edit.new_text == ""
    line = REPORT.splitlines()[6]
    fixed = line[: edit.range.start.character] + edit.new_text + line[edit.range.end.character :]
    assert fixed == "推进长株潭一体化。"

    # The fix-all source action, as editors request it on save.
    fix_all = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=_range((0, 0), (0, 0)),
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll]),
        )
    )
    assert fix_all
    (everything,) = fix_all
    assert isinstance(everything, types.CodeAction)
    assert everything.kind == "source.fixAll.zhlint"
    assert everything.edit is not None and everything.edit.changes is not None
    assert [e.range for e in everything.edit.changes[uri]] == [_range(*DUP_RANGE)]

    # Nothing to fix on the year: no quick fix there.
    none_here = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=_range(*YEAR_RANGE),
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.QuickFix]),
        )
    )
    assert not none_here


@ASYNC
async def test_change_updates_diagnostics_and_latest_version_wins(client: LanguageClient) -> None:
    uri = _uri()
    _open(client, uri, REPORT)
    await _published(client, uri)
    mark = len(client.published)  # type: ignore[attr-defined]

    corrected = REPORT.replace("纳入2022年", "纳入2023年")
    # A burst of edits inside the debounce window: only the last version is linted and published.
    _change(client, uri, REPORT.replace("纳入2022年", "纳入2021年"), 2)
    _change(client, uri, REPORT.replace("纳入2022年", "纳入2020年"), 3)
    _change(client, uri, corrected, 4)
    params = await _published(client, uri, after=mark)
    assert params.version == 4
    assert not _by_code(params, "ZL401")
    assert _by_code(params, "ZL602")
    await asyncio.sleep(0.5)  # longer than the debounce: no stale publish may follow
    later = [p for p in client.published[mark:] if p.uri == uri]  # type: ignore[attr-defined]
    assert [p.version for p in later] == [4]

    # Hover now reflects version 4 as well: nothing on the corrected year.
    line = corrected.splitlines()[YEAR_LINE]
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=YEAR_LINE, character=utf16_column(line, line.index("2023")) + 1),
        )
    )
    assert hover is None


@ASYNC
async def test_save_lints_again_and_close_clears(client: LanguageClient) -> None:
    uri = _uri()
    _open(client, uri, REPORT)
    await _published(client, uri)
    mark = len(client.published)  # type: ignore[attr-defined]
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    params = await _published(client, uri, after=mark)
    assert _by_code(params, "ZL401")
    mark = len(client.published)  # type: ignore[attr-defined]
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    params = await _published(client, uri, after=mark)
    assert not params.diagnostics


@ASYNC
async def test_hover_on_a_number_shows_its_diagnostics(client: LanguageClient) -> None:
    uri = _uri()
    _open(client, uri, REPORT)
    await _published(client, uri)

    async def hover(line: int, text: str, offset: int = 1) -> types.Hover | None:
        line_text = REPORT.splitlines()[line]
        character = utf16_column(line_text, line_text.index(text) + offset)
        return await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=line, character=character),
            )
        )

    year = await hover(YEAR_LINE, "2022", 2)
    assert year is not None
    assert isinstance(year.contents, types.MarkupContent)
    assert year.contents.kind == types.MarkupKind.Markdown
    assert "ZL401" in year.contents.value and "2023" in year.contents.value
    assert year.range == _range(*YEAR_RANGE)

    # 526.36 is not wrong itself, but ZL501 was computed against it: the hover says so.
    basis = await hover(YUAN_LINE, "526.36")
    assert basis is not None and isinstance(basis.contents, types.MarkupContent)
    assert "ZL501" in basis.contents.value and "依据" in basis.contents.value
    line = REPORT.splitlines()[YUAN_LINE]
    start = utf16_column(line, line.index("526.36"))
    assert basis.range == _range((YUAN_LINE, start), (YUAN_LINE, start + 6))

    assert await hover(YUAN_LINE, "200.12") is None


EXAMPLE = next((Path(__file__).resolve().parents[1] / "examples").glob("*.txt"))


@ASYNC
async def test_hover_on_a_compared_number_says_with_what_and_whether_it_agreed(
    client: LanguageClient, tmp_path: Path
) -> None:
    """Numbers with no diagnostic: a prose amount matched to a cell, a share checked (line 79)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    uri = _uri(tmp_path)
    _open(client, uri, text)
    await _published(client, uri)
    line = text.splitlines()[78]  # 2023年度本年支出合计526.36万元，其中：基本支出516.56万元，占98.1%；…

    async def hover(number: str) -> str:
        position = types.Position(line=78, character=utf16_column(line, line.index(number) + 1))
        found = await client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position)
        )
        assert found is not None and isinstance(found.contents, types.MarkupContent), number
        return found.contents.value

    amount = await hover("526.36")
    assert "公开01表“本年支出合计” 526.36（第 52 行第 28 列）" in amount and "一致" in amount
    share = await hover("98.1%")
    assert "516.56万元 ÷ 合计 526.36万元 × 100 = 98.138%" in share and "一致" in share
    assert "ZL101" in share


@ASYNC
async def test_suppressions_and_exclusion_as_on_the_command_line(
    client: LanguageClient, tmp_path: Path
) -> None:
    """`<!-- zhlint-disable-next-line -->` hides a finding in the editor too; `exclude` is relative
    to the configuration file's directory."""
    suppressed = REPORT.replace("𠀀本单位将", "<!-- zhlint-disable-next-line ZL401 -->\n𠀀本单位将")
    uri = _uri(tmp_path, "report.md")
    _open(client, uri, suppressed)
    params = await _published(client, uri)
    assert not _by_code(params, "ZL401") and _by_code(params, "ZL602")

    (tmp_path / "zhlint.toml").write_text('exclude = ["drafts/*"]\n', encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    draft = (tmp_path / "drafts" / "r.txt").as_uri()
    _open(client, draft, REPORT)
    assert not (await _published(client, draft)).diagnostics


@ASYNC
async def test_configuration_is_read_like_the_cli(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / "zhlint.toml").write_text('ignore = ["ZL602"]\n', encoding="utf-8")
    uri = _uri(tmp_path)
    _open(client, uri, REPORT)
    params = await _published(client, uri)
    assert _by_code(params, "ZL401")
    assert not _by_code(params, "ZL602")

    (tmp_path / "zhlint.toml").write_text("ignore = 5\n", encoding="utf-8")
    mark = len(client.published)  # type: ignore[attr-defined]
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    params = await _published(client, uri, after=mark)
    assert [d.code for d in params.diagnostics] == ["ZL001"]
    assert "配置" in params.diagnostics[0].message


@ASYNC
async def test_min_severity_hides_in_the_editor_what_it_hides_on_the_command_line(
    client: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / "zhlint.toml").write_text('min-severity = "error"\n', encoding="utf-8")
    uri = _uri(tmp_path)
    _open(client, uri, REPORT)
    params = await _published(client, uri)
    assert _by_code(params, "ZL401") and _by_code(params, "ZL501")
    assert not _by_code(params, "ZL602")  # a warning, below the threshold


GARBAGE = [
    "",
    "\x00\x01\x02\x7f" * 50,
    "\r\r\n\n\r" * 20 + "𠀀" * 30,
    "2023年度\n" + "|" * 500 + "\n" + "１２３．４５６％" * 40,
    "".join(chr(c) for c in range(0x2000, 0x2100)) + "\u2028\x0c\x85",
    "公开01表\n" + "\t|\t".join(["收入", "1,2,3", "..."]) * 30,
]


@ASYNC
async def test_garbage_documents_and_malformed_requests_do_not_kill_the_server(
    client: LanguageClient,
) -> None:
    for text in GARBAGE:
        uri = _uri()
        _open(client, uri, text)
        await _published(client, uri)
        await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=3, character=5),
            )
        )

    unknown = types.TextDocumentIdentifier(uri="file:///nowhere/never-opened.txt")
    assert (
        await client.text_document_hover_async(
            types.HoverParams(text_document=unknown, position=types.Position(line=0, character=0))
        )
        is None
    )
    assert not await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=unknown,
            range=_range((0, 0), (0, 1)),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )

    uri = _uri()
    _open(client, uri, REPORT)
    await _published(client, uri)
    # Positions far outside the document, and a reversed range.
    await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=10_000, character=10_000),
        )
    )
    await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=_range((7, 500), (0, 0)),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    # Bytes that are not a valid message at all, written straight to the server's stdin: bad
    # JSON, parameters that do not fit the protocol, an unknown method. Errors, not a dead server.
    for body in [
        b"{not json",
        b'{"jsonrpc": "2.0", "id": "bad-1", "method": "textDocument/hover", "params": {"textDocument": 5}}',
        b'{"jsonrpc": "2.0", "id": "bad-2", "method": "zhlint/noSuchMethod", "params": {}}',
        b'{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": null}}',
    ]:
        _send_raw(client, body)

    # A lone surrogate is valid JSON but no valid text: still linted and answered.
    lone = _uri()
    item = (
        f'{{"uri": "{lone}", "languageId": "plaintext", "version": 1, "text": "2023\\ud800年度\\n\\udc00"}}'
    )
    _send_raw(
        client,
        b'{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": %s}}'
        % item.encode(),
    )
    await _published(client, lone)

    # Still alive and still right.
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=YEAR_LINE, character=13),
        )
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "ZL401" in hover.contents.value


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER, client_factory=_recording_client), scope="module"
)
async def utf8_client(lsp_client: LanguageClient) -> Any:
    result = await lsp_client.initialize_session(_initialize_params(["utf-8"]))
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    yield
    await lsp_client.shutdown_session()


@ASYNC
async def test_negotiated_utf8_positions(utf8_client: LanguageClient) -> None:
    uri = _uri()
    _open(utf8_client, uri, REPORT)
    params = await _published(utf8_client, uri)
    (year,) = _by_code(params, "ZL401")
    line = REPORT.splitlines()[YEAR_LINE]
    start = len(line[: line.index("2022")].encode("utf-8"))
    assert year.range == _range((YEAR_LINE, start), (YEAR_LINE, start + 4))
