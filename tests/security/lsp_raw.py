"""A raw-bytes LSP client for attacking ``zhlint lsp``: it frames nothing for you unless asked.

The server runs as a subprocess (``python -m zhlint.cli lsp``). A reader thread parses its stdout
strictly (``Content-Length`` header, optional ``Content-Type``, a JSON object body) and records
every deviation in :attr:`RawServer.violations`, so a test can assert that the server wrote
nothing but well-framed JSON-RPC. Every wait has a deadline: nothing here can hang a test.
"""

from __future__ import annotations

import itertools
import json
import queue
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

SERVER = [sys.executable, "-m", "zhlint.cli", "lsp"]
TIMEOUT = 15.0
"""Seconds to wait for one expected message (generous: the test machine is shared)."""

Message = dict[str, Any]

_HEADER = re.compile(rb"Content-Length: (\d+)\r\n(?:Content-Type: [^\r\n]*\r\n)?\r\n")


def frame(body: bytes) -> bytes:
    """One message as the LSP base protocol frames it."""
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def encode(message: Message) -> bytes:
    """A JSON-RPC message, framed (UTF-8 where it can be, ``\\u`` escapes for lone surrogates)."""
    try:
        return frame(json.dumps(message, ensure_ascii=False).encode("utf-8"))
    except UnicodeEncodeError:
        return frame(json.dumps(message).encode("ascii"))


class StrictFrameParser:
    """Splits the server's output into messages; anything that is not a well-formed frame is a violation."""

    def __init__(self) -> None:
        self.buffer = b""
        self.violations: list[str] = []

    def feed(self, data: bytes) -> list[Message]:
        self.buffer += data
        messages: list[Message] = []
        while self.buffer:
            header = _HEADER.match(self.buffer)
            if header is None:
                if len(self.buffer) > 200 or not b"Content-Length: ".startswith(self.buffer[:16]):
                    self.violations.append(f"bad header: {self.buffer[:80]!r}")
                    self.buffer = b""
                break
            end = header.end() + int(header.group(1))
            if len(self.buffer) < end:
                break
            body, self.buffer = self.buffer[header.end() : end], self.buffer[end:]
            try:
                message = json.loads(body)
            except ValueError as error:
                self.violations.append(f"body is not JSON ({error}): {body[:80]!r}")
                continue
            if not isinstance(message, dict) or message.get("jsonrpc") != "2.0":
                self.violations.append(f"not a JSON-RPC message: {body[:80]!r}")
                continue
            messages.append(message)
        return messages


class RawServer:
    """``zhlint lsp`` in a subprocess, spoken to in raw bytes."""

    def __init__(self, workdir: Path, argv: list[str] | None = None) -> None:
        self.stderr_path = workdir / "lsp-stderr.log"
        self._stderr = self.stderr_path.open("wb")
        self.process = subprocess.Popen(
            argv or SERVER,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            cwd=workdir,
        )
        self.parser = StrictFrameParser()
        self.inbox: queue.Queue[Message] = queue.Queue()
        self.seen: list[Message] = []
        self.answers: Counter[str] = Counter()
        self.stdout_closed = threading.Event()
        self._ids = itertools.count(1)
        self._reader = threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True)
        self._reader.start()

    @property
    def violations(self) -> list[str]:
        return self.parser.violations

    def _read(self, stream: BinaryIO | None) -> None:
        assert stream is not None
        while chunk := stream.read1(65536):  # type: ignore[attr-defined]
            for message in self.parser.feed(chunk):
                if "method" not in message:
                    self.answers[json.dumps(message.get("id"))] += 1
                self.inbox.put(message)
        self.stdout_closed.set()

    # ------------------------------------------------------------------ sending

    def send(self, data: bytes) -> None:
        """Raw bytes to the server's stdin."""
        assert self.process.stdin is not None
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def notify(self, method: str, params: Any = None) -> None:
        message: Message = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        self.send(encode(message))

    def next_id(self) -> str:
        return f"raw-{next(self._ids)}"

    def request(self, method: str, params: Any = None, timeout: float = TIMEOUT) -> Message:
        """Send a request and wait for the response with its id."""
        msg_id = self.next_id()
        message: Message = {"jsonrpc": "2.0", "id": msg_id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(encode(message))
        return self.response(msg_id, timeout)

    # ------------------------------------------------------------------ receiving

    def wait_for(self, predicate: Callable[[Message], bool], timeout: float = TIMEOUT) -> Message:
        """The first message (seen before or arriving within ``timeout``) satisfying ``predicate``."""
        for message in self.seen:
            if predicate(message):
                return message
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = self.inbox.get(timeout=min(left, 0.1))
            except queue.Empty:
                if self.stdout_closed.is_set() and self.inbox.empty():
                    break
                continue
            self.seen.append(message)
            if predicate(message):
                return message
        raise AssertionError(f"no matching message within {timeout} s; server said: {self.seen[-5:]!r:.3000}")

    def response(self, msg_id: Any, timeout: float = TIMEOUT) -> Message:
        return self.wait_for(lambda m: "method" not in m and m.get("id") == msg_id, timeout)

    def drain(self, seconds: float) -> list[Message]:
        """Everything that arrives within ``seconds`` (also recorded in :attr:`seen`)."""
        arrived: list[Message] = []
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = self.inbox.get(timeout=left)
            except queue.Empty:
                break
            self.seen.append(message)
            arrived.append(message)
        return arrived

    def collect(self) -> list[Message]:
        """Everything already arrived (also recorded in :attr:`seen`), without waiting."""
        arrived: list[Message] = []
        while True:
            try:
                message = self.inbox.get_nowait()
            except queue.Empty:
                return arrived
            self.seen.append(message)
            arrived.append(message)

    # ------------------------------------------------------------------ session

    def initialize(self) -> Message:
        response = self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": None,
                "capabilities": {},
                "initializationOptions": {"debounceMs": 0},
            },
        )
        assert "result" in response, response
        self.notify("initialized", {})
        return response

    def alive(self) -> bool:
        """The server answers a well-formed request correctly (an unknown-document hover: null)."""
        response = self.request(
            "textDocument/hover",
            {"textDocument": {"uri": "file:///nowhere/alive.txt"}, "position": {"line": 0, "character": 0}},
        )
        return response.get("result", "missing") is None and "error" not in response

    def wait_exit(self, timeout: float = TIMEOUT) -> int:
        return self.process.wait(timeout)

    def close(self) -> None:
        """Stop the server whatever state it is in."""
        if self.process.poll() is None:
            try:
                assert self.process.stdin is not None
                self.process.stdin.close()
            except OSError:
                pass
            try:
                self.process.wait(2)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self._reader.join(5)
        self._stderr.close()

    def __enter__(self) -> RawServer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
