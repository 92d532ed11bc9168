"""`zhlint lsp` against costly edits: many ranged changes, documents over the cap, too many documents.

A didChange may hold 170,000 ranged changes in 16 MiB; rebuilding the line index per change made
that hours of a blocked server. The changes are now applied to a list of lines with a work budget
per message, a document over the 16 MiB cap is refused with one ZL001, and at most
MAX_OPEN_DOCUMENTS are held. Every wait is bounded.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from lsprotocol import types

from tests.security.lsp_raw import Message, RawServer
from zhlint.engine import MAX_FILE_BYTES
from zhlint.lsp import MAX_OPEN_DOCUMENTS, apply_content_changes, to_offset
from zhlint.read.source import Source

SLOW_DEBOUNCE: dict[str, object] = {"debounceMs": 600_000}
"""No lint after a change during the test: only what the change handler itself publishes is seen."""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RawServer]:
    with RawServer(tmp_path) as raw:
        yield raw


def _initialize(server: RawServer, options: dict[str, object]) -> None:
    response = server.request(
        "initialize",
        {"processId": None, "rootUri": None, "capabilities": {}, "initializationOptions": options},
    )
    assert "result" in response, response
    server.notify("initialized", {})


def _open(server: RawServer, uri: str, text: str) -> None:
    document = {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}
    server.notify("textDocument/didOpen", {"textDocument": document})


def _insert(line: int, character: int, text: str) -> dict[str, object]:
    position = {"line": line, "character": character}
    return {"range": {"start": position, "end": position}, "text": text}


def _change(server: RawServer, uri: str, version: int, changes: list[dict[str, object]]) -> None:
    params = {"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}
    server.notify("textDocument/didChange", params)


def _diagnostics_of(uri: str) -> Callable[[Message], bool]:
    def published(message: Message) -> bool:
        return message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri

    return published


def test_many_empty_ranged_changes_are_applied_within_seconds(server: RawServer, tmp_path: Path) -> None:
    _initialize(server, SLOW_DEBOUNCE)
    uri = (tmp_path / "long.txt").as_uri()
    _open(server, uri, "一行文字。\n" * 34_000)  # about 200,000 characters
    _change(server, uri, 2, [_insert(0, 0, "")] * 20_000)
    started = time.monotonic()
    assert server.alive()  # answered after the change is applied: the loop was not blocked
    assert time.monotonic() - started < 10  # a line index per change: minutes


def test_a_document_grown_over_the_cap_gets_one_diagnostic(server: RawServer, tmp_path: Path) -> None:
    _initialize(server, SLOW_DEBOUNCE)
    uri = (tmp_path / "grown.txt").as_uri()
    _open(server, uri, "x")
    half = "a" * (MAX_FILE_BYTES // 2 + 1)  # one message holds at most the cap: the document grows by two
    _change(server, uri, 2, [_insert(0, 0, half)])
    _change(server, uri, 3, [_insert(0, 0, half)])
    refusal = server.wait_for(lambda m: _diagnostics_of(uri)(m) and "上限" in str(m["params"]["diagnostics"]))
    (diagnostic,) = refusal["params"]["diagnostics"]
    assert diagnostic["code"] == "ZL001"
    _change(server, uri, 4, [_insert(0, 0, "b")])  # no longer held: ignored, not linted
    assert server.alive()
    published = [m for m in server.seen if _diagnostics_of(uri)(m)]
    assert published[-1] is refusal


def test_documents_beyond_the_limit_are_refused_with_a_log_message(server: RawServer, tmp_path: Path) -> None:
    _initialize(server, SLOW_DEBOUNCE)
    for number in range(MAX_OPEN_DOCUMENTS + 1):
        _open(server, (tmp_path / f"{number}.txt").as_uri(), "x")
    refused = (tmp_path / f"{MAX_OPEN_DOCUMENTS}.txt").as_uri()
    message = server.wait_for(
        lambda m: m.get("method") == "window/logMessage" and refused in m["params"]["message"]
    )
    assert message["params"]["type"] == types.MessageType.Warning.value
    assert server.alive()


def _ranged(
    line: int, character: int, end_line: int, end_character: int, text: str
) -> types.TextDocumentContentChangePartial:
    where = types.Range(types.Position(line, character), types.Position(end_line, end_character))
    return types.TextDocumentContentChangePartial(range=where, text=text)


def test_many_changes_in_the_middle_of_a_long_line_are_refused_in_bounded_time() -> None:
    line = "一" * 2**22
    middle = 2**21
    started = time.monotonic()
    changed = apply_content_changes(line, [_ranged(0, middle, 0, middle, "")] * 100_000, "utf-16")
    assert changed is None  # each change copies the 4M-character line: refused once over budget
    assert time.monotonic() - started < 10


def _one_by_one(text: str, change: types.TextDocumentContentChangePartial, encoding: str) -> str:
    """The splice with a fresh line index per change, as before (slow but plainly right)."""
    source = Source.from_text(text)
    start = to_offset(source, change.range.start, encoding)
    end = to_offset(source, change.range.end, encoding)
    start, end = min(start, end), max(start, end)
    return text[:start] + change.text + text[end:]


def test_changes_on_the_list_of_lines_give_the_text_of_one_splice_per_change() -> None:
    pieces = ["a", "一", "\r", "\n", "\r\n", "😀", "\ud83d", "\ude00", "é"]
    rng = random.Random(20261204)
    for _ in range(2000):
        encoding = rng.choice(["utf-8", "utf-16", "utf-32"])
        text = "".join(rng.choices(pieces, k=rng.randint(0, 20)))
        changes = []
        for _ in range(rng.randint(1, 6)):
            line, character, end_line, end_character = (rng.randint(0, 6) for _ in range(4))
            new_text = "".join(rng.choices(pieces, k=rng.randint(0, 4)))
            changes.append(_ranged(line, character, end_line, end_character, new_text))
        expected = text
        for change in changes:
            expected = _one_by_one(expected, change, encoding)
        assert apply_content_changes(text, changes, encoding) == expected, (text, changes, encoding)
