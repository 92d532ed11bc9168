"""`zhlint lsp` against a raw client: JSON-RPC errors, framing, the lifecycle, incremental changes.

Each test starts its own server and speaks raw bytes to it (tests/security/lsp_raw.py), since
the defects are in the bytes and in the order of messages, which a well-behaved client library
never produces. Every wait is bounded.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from tests.security.lsp_raw import RawServer, encode, frame

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
INVALID_PARAMS = -32602
SERVER_NOT_INITIALIZED = -32002

REPORT = (
    "2023年度\n株洲市测试中心\n部门决算\n\n一、部门职责\n本单位将重点工作纳入2023年部门整体支出绩效目标。\n"
)
HOVER_ALIVE = {"textDocument": {"uri": "file:///nowhere/x.txt"}, "position": {"line": 0, "character": 0}}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RawServer]:
    with RawServer(tmp_path) as raw:
        yield raw


@pytest.fixture
def ready(server: RawServer) -> RawServer:
    server.initialize()
    return server


def _error_code(message: dict[str, object]) -> object:
    error = message.get("error")
    return error.get("code") if isinstance(error, dict) else None


def _no_popups(server: RawServer) -> None:
    popups = [m for m in server.seen if m.get("method") == "window/showMessage"]
    assert not popups, popups


# --------------------------------------------------------------------------- JSON-RPC errors


def test_invalid_params_get_an_invalid_params_error_with_the_id(ready: RawServer) -> None:
    ready.send(
        encode({"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover", "params": {"textDocument": 5}})
    )
    response = ready.response(7)
    assert _error_code(response) == INVALID_PARAMS
    assert "result" not in response
    ready.send(encode({"jsonrpc": "2.0", "id": "s", "method": "textDocument/codeAction", "params": [1, 2]}))
    assert _error_code(ready.response("s")) == INVALID_PARAMS
    assert ready.alive()
    _no_popups(ready)
    assert not ready.violations


def test_body_that_is_not_json_gets_a_parse_error(ready: RawServer) -> None:
    ready.send(frame(b'{"jsonrpc": "2.0", "id": 3, "method": '))
    response = ready.response(None)
    assert _error_code(response) == PARSE_ERROR
    assert ready.alive()
    _no_popups(ready)


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b"5",
        b'{"id": 1, "method": "textDocument/hover"}',
        b'{"jsonrpc": "1.0", "id": 1, "method": "shutdown"}',
        b'{"jsonrpc": "2.0", "id": [1], "method": "shutdown"}',
    ],
)
def test_a_message_that_is_no_request_gets_an_invalid_request_error(ready: RawServer, body: bytes) -> None:
    ready.send(frame(body))
    assert _error_code(ready.wait_for(lambda m: "error" in m)) == INVALID_REQUEST
    assert ready.alive()


# --------------------------------------------------------------------------- framing


@pytest.mark.parametrize(
    "broken",
    [
        # declared shorter than the body: the rest of the body is garbage before the next header
        b"Content-Length: 10\r\n\r\n" + json.dumps({"jsonrpc": "2.0", "method": "x/y"}).encode(),
        # declared longer than the body: the body would swallow the next message
        b"Content-Length: 300\r\n\r\n" + json.dumps({"jsonrpc": "2.0", "method": "x/y"}).encode(),
        # no header at all
        json.dumps({"jsonrpc": "2.0", "id": 99, "method": "shutdown"}).encode() + b"\r\n\r\n",
        # garbage between messages, with and without line breaks
        b"\x00\xff garbage \r\n\r\n more garbage",
        b"Content-Type: text/plain\r\n\r\n{}",
        b"Content-Length: abc\r\n\r\n{}",
        b"Content-Length: 5\r\nX\r\n\r\n{}",
    ],
)
def test_a_framing_error_does_not_kill_the_stream(ready: RawServer, broken: bytes) -> None:
    ready.send(broken)
    assert ready.alive()
    assert ready.alive()
    assert ready.process.poll() is None
    assert not ready.violations


def test_a_declared_length_of_a_terabyte_is_refused_and_the_server_lives(ready: RawServer) -> None:
    ready.send(b"Content-Length: 1000000000000\r\n\r\n" + b'{"jsonrpc": "2.0", "method": "x/y"}')
    response = ready.wait_for(lambda m: "error" in m)
    assert response["id"] is None
    assert ready.alive()
    assert ready.process.poll() is None


# --------------------------------------------------------------------------- lifecycle


def test_requests_before_initialize_are_rejected(server: RawServer) -> None:
    server.send(encode({"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": HOVER_ALIVE}))
    assert _error_code(server.response(1)) == SERVER_NOT_INITIALIZED
    # A notification before initialize is dropped: this document is never linted.
    uri = "file:///nowhere/early.txt"
    server.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": REPORT}},
    )
    server.initialize()
    assert server.alive()
    assert not [m for m in server.seen if m.get("params", {}).get("uri") == uri]


def test_requests_after_shutdown_are_invalid(ready: RawServer) -> None:
    assert ready.request("shutdown") == {"jsonrpc": "2.0", "id": "raw-2", "result": None}
    response = ready.request("textDocument/hover", HOVER_ALIVE)
    assert _error_code(response) == INVALID_REQUEST
    ready.notify("exit")
    assert ready.wait_exit() == 0


def test_exit_without_shutdown_exits_1(ready: RawServer) -> None:
    ready.notify("exit")
    assert ready.wait_exit() == 1


def test_exit_before_initialize_exits_1(server: RawServer) -> None:
    server.notify("exit")
    assert server.wait_exit() == 1


# --------------------------------------------------------------------------- incremental changes


def _published(server: RawServer, uri: str, version: int) -> dict[str, object]:
    message = server.wait_for(
        lambda m: (
            m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri
            and m["params"].get("version") == version
        )
    )
    return message["params"]  # type: ignore[no-any-return]


def test_ranged_changes_are_applied_at_utf16_positions(ready: RawServer, tmp_path: Path) -> None:
    uri = (tmp_path / "report.txt").as_uri()
    text = REPORT.replace("本单位", "𠀀本单位")  # a character of two UTF-16 code units before the edit
    ready.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}},
    )
    first = _published(ready, uri, 1)
    assert not [d for d in first["diagnostics"] if d["code"] == "ZL401"]  # type: ignore[attr-defined]

    # Replace "2023" after 纳入 on line 5 by "2022": a year defect, inserted by a ranged change.
    line = text.splitlines()[5]
    start = len(line[: line.index("2023年部门")].encode("utf-16-le")) // 2
    change = {
        "range": {"start": {"line": 5, "character": start}, "end": {"line": 5, "character": start + 4}},
        "text": "2022",
    }
    ready.notify(
        "textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [change]}
    )
    second = _published(ready, uri, 2)
    (year,) = [d for d in second["diagnostics"] if d["code"] == "ZL401"]  # type: ignore[attr-defined]
    assert year["range"]["start"] == {"line": 5, "character": start}

    # A ranged change and then a full one in one notification, applied in order.
    fixed = text.replace("纳入2023", "纳入2021")
    changes = [{"range": change["range"], "text": "1999"}, {"text": fixed}]
    ready.notify(
        "textDocument/didChange", {"textDocument": {"uri": uri, "version": 3}, "contentChanges": changes}
    )
    third = _published(ready, uri, 3)
    (year,) = [d for d in third["diagnostics"] if d["code"] == "ZL401"]  # type: ignore[attr-defined]
    assert "2021" in year["message"]


def test_a_percent_encoded_uri_is_linted(ready: RawServer, tmp_path: Path) -> None:
    uri = (tmp_path / "部门决算 2023.txt").as_uri()  # editors send non-ASCII file names percent-encoded
    assert "%E9%83%A8" in uri
    ready.notify(
        "textDocument/didOpen",
        {
            "textDocument": {
                "uri": uri,
                "languageId": "plaintext",
                "version": 1,
                "text": REPORT.replace("纳入2023", "纳入2022"),
            }
        },
    )
    published = _published(ready, uri, 1)
    assert [d for d in published["diagnostics"] if d["code"] == "ZL401"]  # type: ignore[attr-defined]


def test_a_notification_method_sent_with_an_id_is_answered(ready: RawServer) -> None:
    ready.send(
        encode(
            {
                "jsonrpc": "2.0",
                "id": 41,
                "method": "textDocument/didSave",
                "params": {"textDocument": {"uri": "file:///x"}},
            }
        )
    )
    assert _error_code(ready.response(41)) == INVALID_REQUEST


# --------------------------------------------------------------------------- the frame reader itself

STREAM = (
    b"garbage\r\n"
    + encode({"jsonrpc": "2.0", "id": 1, "method": "a", "params": {"text": "Content-Length: 5 部门"}})
    + b'Content-Length: 500\r\n\r\n{"cut": '  # declared too long: ends at the next header
    + b"Content-Length: 5\r\nContent-Type: x\r\n"  # a header block broken by the next header
    + encode({"jsonrpc": "2.0", "id": 2, "method": "b"})
    + b"Content-Length: 99999999999\r\n\r\n{}"  # refused unread
    + encode({"jsonrpc": "2.0", "id": 3, "method": "c"})
)


def _frames(chunks: list[bytes]) -> list[tuple[bytes | None, bool]]:
    from zhlint.lsp import FrameReader

    pending = iter(chunks)
    reader = FrameReader(lambda: next(pending, b""), limit=1000)
    return [(frame.body, frame.problem is None) for frame in iter(reader.next_frame, None)]


def test_the_frame_reader_resynchronises_whatever_the_read_boundaries() -> None:
    expected = [
        (
            json.dumps(
                {"jsonrpc": "2.0", "id": 1, "method": "a", "params": {"text": "Content-Length: 5 部门"}},
                ensure_ascii=False,
            ).encode(),
            True,
        ),
        (b'{"cut": ', False),
        (json.dumps({"jsonrpc": "2.0", "id": 2, "method": "b"}).encode(), True),
        (None, False),
        (json.dumps({"jsonrpc": "2.0", "id": 3, "method": "c"}).encode(), True),
    ]
    assert _frames([STREAM]) == expected
    for size in (1, 2, 3, 7, 64):
        assert _frames([STREAM[i : i + size] for i in range(0, len(STREAM), size)]) == expected, size


def test_the_frame_reader_drops_garbage_in_bounded_memory() -> None:
    from zhlint.lsp import FrameReader

    chunks = iter([b"x" * 65536] * 200 + [encode({"jsonrpc": "2.0", "method": "x"})])
    buffered: list[int] = []

    def read() -> bytes:
        buffered.append(len(reader._buffer))  # what the reader holds while it scans
        return next(chunks, b"")

    reader = FrameReader(read)
    frame = reader.next_frame()
    assert frame is not None and frame.body == b'{"jsonrpc": "2.0", "method": "x"}'
    assert frame.skipped == 200 * 65536
    assert max(buffered) < 1024


@pytest.mark.parametrize(
    ("text", "start", "end", "new", "expected"),
    [
        # LSP lines break only at \n, \r\n and \r: U+2028 and a form feed are inside line 0.
        ("a\u2028b\x0cc\nd", (0, 4), (0, 5), "X", "a\u2028b\x0cX\nd"),
        ("𠀀a\r\nb", (0, 2), (0, 3), "Y", "𠀀Y\r\nb"),  # 𠀀 is two UTF-16 units
        ("ab\r\ncd", (0, 2), (1, 0), "", "abcd"),  # the range swallows the \r\n
        ("abc", (0, 99), (0, 1), "-", "a-"),  # reversed, past the line end: clamped
    ],
)
def test_ranged_changes_split_lines_as_the_lsp_does(
    text: str, start: tuple[int, int], end: tuple[int, int], new: str, expected: str
) -> None:
    from lsprotocol import types

    from zhlint.lsp import apply_content_change

    change = types.TextDocumentContentChangePartial(
        range=types.Range(
            start=types.Position(line=start[0], character=start[1]),
            end=types.Position(line=end[0], character=end[1]),
        ),
        text=new,
    )
    assert apply_content_change(text, change, "utf-16") == expected
