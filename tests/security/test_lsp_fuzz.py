"""A seeded raw-LSP fuzz of `zhlint lsp`: one server process, thousands of malformed messages.

Messages are generated from templates of the common requests and notifications: valid ones,
every field replaced by a value of the wrong type or dropped, truncated JSON, huge and
wrong-typed ids, unknown methods, random bytes, bad headers, wrong and oversized declared
lengths, JSON the parser must refuse (NaN, invalid UTF-8, 100,000 levels of nesting). After
each batch the test checks that the server

* is still running and answers a valid request correctly (a ranged change to a known document
  gets the diagnostics of the new text, labelled with its version; a hover finds them),
* answered every well-framed request of the batch exactly once, and no id more than once,
* wrote nothing but well-framed JSON-RPC to stdout, and no popups.

The quick run (100 messages) is part of the default suite; the full run (1,200 messages) is
marked ``fuzz`` and runs in ``tox -e fuzz`` (``pytest -m fuzz``).
"""

from __future__ import annotations

import copy
import json
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

pytest.importorskip("pygls")

from tests.security.lsp_raw import Message, RawServer, encode, frame
from zhlint.lsp import MAX_MESSAGE_BYTES

REPORT = (
    "2023年度\n株洲市测试中心\n部门决算\n\n一、部门职责\n𠀀本单位将重点工作纳入2023年部门整体支出绩效目标。\n"
)
YEAR_LINE = 5
YEAR_CHARACTER = 12  # UTF-16 units before "2023年部门" (𠀀 counts two)
SERVER_NOTIFICATIONS = {"textDocument/publishDiagnostics", "window/logMessage"}


@attrs.frozen
class Sent:
    """One fuzz message: its bytes, and the id the server must answer (None: no answer required)."""

    kind: str
    data: bytes
    answer_id: int | str | None = None


# --------------------------------------------------------------------------- generators


class Fuzzer:
    """Seeded generator of malformed (and some valid) messages for a server rooted at ``root``."""

    def __init__(self, seed: int, root: Path) -> None:
        self.rng = random.Random(seed)
        self.uris = [(root / f"fuzz-{index}.txt").as_uri() for index in range(4)]
        self.counter = 0
        self.issued: set[str] = set()
        """Every id given out, as JSON: the server may answer no other (but null and the session's)."""
        self.templates = [
            self.hover,
            self.code_action,
            self.did_open,
            self.did_change,
            self.did_save,
            self.did_close,
            self.completion,
            self.execute_command,
            self.cancel,
            self.set_trace,
            self.initialize_again,
        ]
        # Every field of every template, each mutated in turn so that all are covered.
        self.fields = [(template, path) for template in self.templates for path in _paths(template(None))]
        self.next_field = 0

    def new_id(self) -> int | str:
        self.counter += 1
        return self.issue(self.rng.choice([self.counter, f"fz-{self.counter}"]))

    def issue(self, msg_id: int | str) -> int | str:
        self.issued.add(json.dumps(msg_id))
        return msg_id

    # ------------------------------------------------------------------ templates

    def _request(self, method: str, params: Any, msg_id: int | str | None) -> Message:
        return {
            "jsonrpc": "2.0",
            "id": self.new_id() if msg_id is None else msg_id,
            "method": method,
            "params": params,
        }

    def _notification(self, method: str, params: Any) -> Message:
        return {"jsonrpc": "2.0", "method": method, "params": params}

    def _position(self) -> dict[str, int]:
        return {"line": self.rng.randint(0, 12), "character": self.rng.randint(0, 40)}

    def _text(self) -> str:
        pieces = [
            REPORT,
            "2022年",
            "123.45万元",
            "𠀀",
            "\r\n",
            "\r",
            "\u2028",
            "\x0c",
            "|",
            "\t",
            "合计",
            "（",
            "％",
        ]
        return "".join(self.rng.choice(pieces) for _ in range(self.rng.randint(0, 30)))

    def hover(self, msg_id: int | str | None) -> Message:
        params = {"textDocument": {"uri": self.rng.choice(self.uris)}, "position": self._position()}
        return self._request("textDocument/hover", params, msg_id)

    def code_action(self, msg_id: int | str | None) -> Message:
        params = {
            "textDocument": {"uri": self.rng.choice(self.uris)},
            "range": {"start": self._position(), "end": self._position()},
            "context": {"diagnostics": [], "only": ["quickfix"]},
        }
        return self._request("textDocument/codeAction", params, msg_id)

    def completion(self, msg_id: int | str | None) -> Message:
        params = {"textDocument": {"uri": self.rng.choice(self.uris)}, "position": self._position()}
        return self._request("textDocument/completion", params, msg_id)

    def execute_command(self, msg_id: int | str | None) -> Message:
        return self._request(
            "workspace/executeCommand", {"command": "zhlint.nothing", "arguments": [1]}, msg_id
        )

    def initialize_again(self, msg_id: int | str | None) -> Message:
        return self._request("initialize", {"processId": None, "capabilities": {}}, msg_id)

    def did_open(self, _: object) -> Message:
        item = {
            "uri": self.rng.choice(self.uris),
            "languageId": "plaintext",
            "version": 1,
            "text": self._text(),
        }
        return self._notification("textDocument/didOpen", {"textDocument": item})

    def did_change(self, _: object) -> Message:
        ranged = {"range": {"start": self._position(), "end": self._position()}, "text": self._text()[:50]}
        changes = copy.deepcopy(self.rng.choice([[ranged], [{"text": self._text()}], [ranged, ranged]]))
        params = {
            "textDocument": {"uri": self.rng.choice(self.uris), "version": self.rng.randint(2, 10**6)},
            "contentChanges": changes,
        }
        return self._notification("textDocument/didChange", params)

    def did_save(self, _: object) -> Message:
        return self._notification(
            "textDocument/didSave", {"textDocument": {"uri": self.rng.choice(self.uris)}}
        )

    def did_close(self, _: object) -> Message:
        return self._notification(
            "textDocument/didClose", {"textDocument": {"uri": self.rng.choice(self.uris)}}
        )

    def cancel(self, _: object) -> Message:
        return self._notification("$/cancelRequest", {"id": self.rng.randint(1, max(1, self.counter))})

    def set_trace(self, _: object) -> Message:
        return self._notification("$/setTrace", {"value": "off"})

    # ------------------------------------------------------------------ values

    def wrong_value(self) -> Any:
        choices: list[Callable[[], Any]] = [
            lambda: None,
            lambda: self.rng.choice([True, False]),
            lambda: self.rng.choice([0, -1, 2**31, 2**63, 10**30, -(10**30)]),
            lambda: self.rng.choice([1.5, -0.0, 1e308, -1e-308]),
            lambda: self.rng.choice(
                ["", "x", "\x00", "𠀀", "\ud800", "file:///", "a" * self.rng.randint(1, 5000)]
            ),
            lambda: [self.rng.choice([1, "a", None, {}]) for _ in range(self.rng.randint(0, 4))],
            lambda: {"unexpected": self.rng.randint(0, 9)},
            lambda: _nested(self.rng.randint(1, 200)),
        ]
        return self.rng.choice(choices)()

    # ------------------------------------------------------------------ messages

    def message(self) -> Sent:
        kinds: list[tuple[Callable[[], Sent], int]] = [
            (self.valid, 10),
            (self.mutated_field, 20),
            (self.dropped_field, 6),
            (self.extra_field, 4),
            (self.truncated, 8),
            (self.unknown_method, 5),
            (self.huge_id, 5),
            (self.wrong_id, 5),
            (self.random_bytes, 6),
            (self.random_json, 5),
            (self.bad_header, 8),
            (self.wrong_length, 8),
            (self.oversized, 3),
            (self.refused_json, 4),
        ]
        generators, weights = zip(*kinds, strict=True)
        return self.rng.choices(generators, weights)[0]()

    def _framed(self, kind: str, message: Message) -> Sent:
        """A well-framed message: the server must answer it if it is a request with a valid id."""
        msg_id = message.get("id") if isinstance(message, dict) else None
        answerable = "method" in message and isinstance(msg_id, (int, str)) and not isinstance(msg_id, bool)
        return Sent(kind, encode(message), msg_id if answerable else None)

    def _template(self) -> Message:
        return self.rng.choice(self.templates)(None)

    def valid(self) -> Sent:
        return self._framed("valid", self._template())

    def mutated_field(self) -> Sent:
        template, path = self.fields[self.next_field % len(self.fields)]
        self.next_field += 1
        message = template(None)
        for _ in range(20):  # did_change varies its shape: draw one that has the field
            if path in set(_paths(message)):
                break
            message = template(None)
        else:
            path = self.rng.choice(list(_paths(message)))
        if path == ("id",):
            message["id"] = self.new_id()  # a wrong-typed id is the wrong_id kind
        else:
            _set(message, path, self.wrong_value())
        return self._framed("mutated", message)

    def dropped_field(self) -> Sent:
        message = self._template()
        paths = [path for path in _paths(message) if path != ("id",)]
        _delete(message, self.rng.choice(paths))
        return self._framed("dropped", message)

    def extra_field(self) -> Sent:
        message = self._template()
        targets = [path for path in _paths(message) if isinstance(_get(message, path), dict)] + [()]
        target = _get(message, self.rng.choice(targets))
        target[self.rng.choice(["extra", "jsonrpc", "id", "method", "💥"])] = self.wrong_value()
        if "method" in message and "id" in message:
            message["id"] = self.new_id()
        return self._framed("extra", message)

    def truncated(self) -> Sent:
        body = json.dumps(self._template()).encode()
        return Sent("truncated", frame(body[: self.rng.randint(0, len(body) - 1)]))

    def unknown_method(self) -> Sent:
        method = self.rng.choice(["zhlint/none", "$/unknown", "textDocument/nothing", "", "方法", "a" * 3000])
        if self.rng.random() < 0.5:
            return self._framed(
                "unknown", {"jsonrpc": "2.0", "id": self.new_id(), "method": method, "params": {}}
            )
        return self._framed("unknown", {"jsonrpc": "2.0", "method": method})

    def huge_id(self) -> Sent:
        self.counter += 1
        msg_id: int | str = self.rng.choice(
            [
                10**30 + self.counter,
                -(10**30) - self.counter,
                2**63 + self.counter,
                "x" * 10_000 + str(self.counter),
            ]
        )
        return self._framed("huge-id", self.hover(self.issue(msg_id)))

    def wrong_id(self) -> Sent:
        message = self.hover(None)
        message["id"] = self.rng.choice([None, True, 1.5, [1], {"id": 1}, -0.0])
        return Sent("wrong-id", encode(message))

    def random_bytes(self) -> Sent:
        return Sent("random-bytes", self.rng.randbytes(self.rng.randint(1, 3000)))

    def random_json(self) -> Sent:
        value = self.rng.choice(
            [[], [self.hover(None)], 5, "text", None, {}, {"id": self.new_id()}, {"jsonrpc": "2.0"}]
        )
        return Sent("random-json", frame(json.dumps(value).encode()))

    def bad_header(self) -> Sent:
        body = json.dumps(self.hover(None)).encode()
        length = len(body)
        headers = [
            b"Content-Length: abc\r\n\r\n",
            b"Content-Length: -5\r\n\r\n",
            b"Content-Length %d\r\n\r\n" % length,
            b"Content-Type: application/json\r\n\r\n",
            b"Content-Length: %d\r\n" % length,  # no blank line
            b"Content-Length: %d\r\nnot a header\r\n\r\n" % length,
            b"Content-Length: %d\r\nContent-Type: text/plain" % length,  # cut inside the fields
            b"\r\n\r\n\r\n",
            b"Content-Length: " + b"9" * 70 + b"\r\n\r\n",
            b"Content-Length: 0\r\n\r\n",
            b"Content-Length: %d\r\n" % length + b"X-Padding: " + b"p" * 9000 + b"\r\n\r\n",
        ]
        return Sent("bad-header", self.rng.choice(headers) + body[: self.rng.randint(0, length)])

    def wrong_length(self) -> Sent:
        body = json.dumps(self._template()).encode()
        delta = self.rng.choice([-1, 1]) * self.rng.randint(1, 40)
        return Sent("wrong-length", b"Content-Length: %d\r\n\r\n" % max(0, len(body) + delta) + body)

    def oversized(self) -> Sent:
        declared = self.rng.choice([MAX_MESSAGE_BYTES + 1, 10**12, 2**63, 10**40])
        return Sent(
            "oversized", b"Content-Length: %d\r\n\r\n" % declared + json.dumps(self.hover(None)).encode()
        )

    def refused_json(self) -> Sent:
        bodies = [
            b'{"jsonrpc": "2.0", "id": "refused", "method": "textDocument/hover", "params": NaN}',
            b'{"jsonrpc": "2.0", "method": "x", "params": {"a": Infinity}}',
            b'{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": "\xff\xfe"}',
            b'{"jsonrpc": "2.0", "method": "x", "params": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
            b'{"jsonrpc": "2.0", "id": "refused", "method": "x", "params": {"n": 1' + b"0" * 5000 + b"}}",
        ]
        return Sent("refused-json", frame(self.rng.choice(bodies)))


def _nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


Path_ = tuple[str, ...]


def _paths(value: Any, prefix: Path_ = ()) -> Iterator[Path_]:
    """Every key path into the dicts of a message (list items are reached through index keys)."""
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = ((str(index), item) for index, item in enumerate(value))
    else:
        return
    for key, item in items:
        yield (*prefix, key)
        yield from _paths(item, (*prefix, key))


def _container(message: Any, path: Path_) -> Any:
    for key in path[:-1]:
        message = message[int(key)] if isinstance(message, list) else message[key]
    return message


def _get(message: Any, path: Path_) -> Any:
    if not path:
        return message
    container = _container(message, path)
    return container[int(path[-1]) if isinstance(container, list) else path[-1]]


def _set(message: Any, path: Path_, value: Any) -> None:
    container = _container(message, path)
    container[int(path[-1]) if isinstance(container, list) else path[-1]] = copy.deepcopy(value)


def _delete(message: Any, path: Path_) -> None:
    container = _container(message, path)
    del container[int(path[-1]) if isinstance(container, list) else path[-1]]


# --------------------------------------------------------------------------- checks


def _well_formed(message: Message) -> bool:
    """A response (an id and exactly one of result/error) or a notification the server may send."""
    if "method" in message:
        return message["method"] in SERVER_NOTIFICATIONS and "id" not in message
    if "id" not in message or ("result" in message) == ("error" in message):
        return False
    error = message.get("error")
    return error is None or (isinstance(error.get("code"), int) and isinstance(error.get("message"), str))


class Session:
    """The server under fuzz, with the known document whose diagnostics prove it still right."""

    def __init__(self, server: RawServer, root: Path) -> None:
        self.server = server
        self.uri = (root / "known.txt").as_uri()
        self.version = 1
        server.initialize()
        server.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": self.uri, "languageId": "plaintext", "version": 1, "text": REPORT}},
        )
        assert not self._year_defect(self._published(1))

    def _published(self, version: int) -> list[dict[str, Any]]:
        message = self.server.wait_for(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == self.uri
                and m["params"].get("version") == version
            )
        )
        return message["params"]["diagnostics"]  # type: ignore[no-any-return]

    @staticmethod
    def _year_defect(diagnostics: list[dict[str, Any]]) -> bool:
        return any(d["code"] == "ZL401" for d in diagnostics)

    def still_right(self) -> None:
        """A ranged change toggles the year defect; the diagnostics and a hover must follow it."""
        self.version += 1
        year = "2022" if self.version % 2 == 0 else "2023"
        position = {"line": YEAR_LINE, "character": YEAR_CHARACTER}
        end = {"line": YEAR_LINE, "character": YEAR_CHARACTER + 4}
        self.server.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": self.uri, "version": self.version},
                "contentChanges": [{"range": {"start": position, "end": end}, "text": year}],
            },
        )
        defect = year == "2022"
        assert self._year_defect(self._published(self.version)) == defect
        hover = self.server.request(
            "textDocument/hover",
            {
                "textDocument": {"uri": self.uri},
                "position": {"line": YEAR_LINE, "character": YEAR_CHARACTER + 1},
            },
        )
        assert "error" not in hover, hover
        assert (hover["result"] is not None and "ZL401" in hover["result"]["contents"]["value"]) == defect


def run_fuzz(tmp_path: Path, seed: int, count: int, batch: int) -> tuple[dict[str, int], int]:
    """Send ``count`` fuzz messages in batches, checking the server after each.

    Returns the count of each kind of message sent and the number of requests that had to be
    answered (and were, once each).
    """
    kinds: dict[str, int] = {}
    answered = 0
    with RawServer(tmp_path) as server:
        session = Session(server, tmp_path)
        fuzzer = Fuzzer(seed, tmp_path)
        for start in range(0, count, batch):
            expected: list[str] = []
            for _ in range(min(batch, count - start)):
                sent = fuzzer.message()
                kinds[sent.kind] = kinds.get(sent.kind, 0) + 1
                server.send(sent.data)
                if sent.answer_id is not None:
                    expected.append(json.dumps(sent.answer_id))
            session.still_right()
            deadline = time.monotonic() + 30
            while any(server.answers[key] == 0 for key in expected) and time.monotonic() < deadline:
                time.sleep(0.02)
            server.collect()
            context = f"seed {seed}, batch from message {start}"
            assert server.process.poll() is None, context
            assert [key for key in expected if server.answers[key] != 1] == [], context
            answered += len(expected)
            unknown = (
                {key for key in server.answers if not key.startswith('"raw-')} - fuzzer.issued - {"null"}
            )
            assert not unknown, context
            assert [key for key, times in server.answers.items() if key != "null" and times > 1] == [], (
                context
            )
            assert not server.violations, (context, server.violations)
            assert [m for m in server.seen if not _well_formed(m)] == [], context
        assert server.request("shutdown")["result"] is None
        server.notify("exit")
        assert server.wait_exit() == 0
    return kinds, answered


def test_lsp_fuzz_quick(tmp_path: Path) -> None:
    kinds, answered = run_fuzz(tmp_path, seed=7, count=100, batch=25)
    assert sum(kinds.values()) == 100
    assert answered > 20


@pytest.mark.fuzz
@pytest.mark.parametrize("seed", [20251111, 1, 2])
def test_lsp_fuzz_full(tmp_path: Path, seed: int) -> None:
    started = time.monotonic()
    kinds, answered = run_fuzz(tmp_path, seed=seed, count=1200, batch=50)
    assert sum(kinds.values()) == 1200
    assert len(kinds) == 14  # every kind of message was sent
    print(
        f"lsp fuzz seed {seed}: 1200 messages ({answered} requests answered once each)"
        f" in {time.monotonic() - started:.1f} s: {sorted(kinds.items())}"
    )
