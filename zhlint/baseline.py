"""Baselines: record today's findings, then report only new ones.

A finding is recognised by a fingerprint that does not depend on line numbers: its code, the text
of its span and a little normalised context on the same line. Identical fingerprints in one file
are told apart by their occurrence index (0 for the first in the file, 1 for the next…). Inserting
or deleting lines elsewhere therefore leaves old findings matched; editing the words right around
a finding makes it new again, which is the point.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import attrs

from zhlint.config import shown
from zhlint.diagnostics import Diagnostic, current_code, former_codes
from zhlint.read.source import UnreadableError, read_report_file
from zhlint.writeback import write_new_content

FORMAT_VERSION = 1
CONTEXT_CHARS = 8  # characters of context on each side of the span, on the same line
NEVER_BASELINED = frozenset({"ZL001"})  # a file that cannot be read was not checked at all
MAX_BASELINE_BYTES = 64 * 2**20  # about 300,000 findings; JSON needs several times this in memory

TextLoader = Callable[[str], "str | None"]


class BaselineError(Exception):
    """A baseline file that cannot be read; the message names the file."""


@attrs.frozen
class Entry:
    path: str  # relative to the baseline file's directory, with forward slashes
    code: str
    fingerprint: str
    occurrence: int

    @property
    def key(self) -> tuple[str, str, str, int]:
        return (self.path, self.code, self.fingerprint, self.occurrence)


@attrs.frozen
class Baseline:
    entries: frozenset[tuple[str, str, str, int]]
    root: Path  # the directory paths are relative to

    def new_only(
        self, diagnostics: Sequence[Diagnostic], load_text: TextLoader | None = None
    ) -> list[Diagnostic]:
        """The diagnostics that the baseline does not hold, in their original order."""
        keyed = entries_for(diagnostics, self.root, load_text or text_loader())
        return [
            diagnostic
            for entry, diagnostic in zip(keyed, diagnostics, strict=True)
            if diagnostic.code in NEVER_BASELINED or entry.key not in self.entries
        ]


def read_text(path: str) -> str | None:
    """The decoded text of a report, None when it cannot be read."""
    from zhlint.engine import read_source  # loaded by the lint that made the diagnostics

    try:  # only a regular file: a FIFO or device reported as ZL001 must not be read here
        return read_source(Path(path)).text  # a PDF's extracted text, as it was linted
    except UnreadableError:
        return None


def text_loader() -> TextLoader:
    """A loader that reads each file once (for one run; files may change between runs)."""
    return lru_cache(maxsize=None)(read_text)


def _normalise(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def fingerprint(diagnostic: Diagnostic, text: str | None) -> str:
    """A digest of the code, the span's text and its context on the same line, whitespace removed."""
    # A renumbered rule digests the code it first had, so that baselines written before keep matching.
    code = (*former_codes(diagnostic.code), diagnostic.code)[0]
    if text is None or diagnostic.end > len(text):
        parts = [code, diagnostic.message]
    else:
        line_start = max(text.rfind("\n", 0, diagnostic.start), text.rfind("\r", 0, diagnostic.start)) + 1
        line_end = min(_find(text, "\n", diagnostic.end), _find(text, "\r", diagnostic.end))
        before = text[max(line_start, diagnostic.start - CONTEXT_CHARS) : diagnostic.start]
        after = text[diagnostic.end : min(line_end, diagnostic.end + CONTEXT_CHARS)]
        span = text[diagnostic.start : diagnostic.end]
        parts = [code, _normalise(before), _normalise(span), _normalise(after)]
    import hashlib  # here, not at the top: only a baseline run hashes (OpenSSL's loading, issue 12)

    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def _find(text: str, char: str, start: int) -> int:
    found = text.find(char, start)
    return len(text) if found < 0 else found


def relative_path(path: str | None, root: Path) -> str:
    if not path:
        return "-"
    return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(root))).as_posix()


def entries_for(diagnostics: Sequence[Diagnostic], root: Path, load_text: TextLoader) -> list[Entry]:
    """One entry per diagnostic, occurrence indexes counted per (path, code, fingerprint)."""
    seen: Counter[tuple[str, str, str]] = Counter()
    entries = []
    for diagnostic in diagnostics:
        text = load_text(diagnostic.path) if diagnostic.path else None
        identity = (relative_path(diagnostic.path, root), diagnostic.code, fingerprint(diagnostic, text))
        entries.append(Entry(*identity, seen[identity]))
        seen[identity] += 1
    return entries


def write_baseline(
    destination: Path, diagnostics: Sequence[Diagnostic], load_text: TextLoader | None = None
) -> int:
    """Record the diagnostics in ``destination``; returns how many were recorded."""
    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    root = destination.resolve().parent
    entries = entries_for(ordered, root, load_text or text_loader())
    findings = [
        {**attrs.asdict(entry), "message": diagnostic.message}
        for entry, diagnostic in zip(entries, ordered, strict=True)
        if diagnostic.code not in NEVER_BASELINED
    ]
    document = {"zhlint_baseline": FORMAT_VERSION, "findings": findings}
    # Atomically, like -o: an interrupted run leaves the previous baseline whole.
    write_new_content(
        destination, (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    )
    return len(findings)


def load_baseline(path: Path) -> Baseline:
    """Read a baseline file; BaselineError (one line naming the file) for anything wrong with it."""
    document = _read_json(path)
    return Baseline(frozenset(_parse_entries(document, path)), path.resolve().parent)


def _read_json(path: Path) -> Any:
    # The regular-file reader: a FIFO swapped in after the is_file() check must not hang the run.
    try:
        data = read_report_file(path, MAX_BASELINE_BYTES)
    except UnreadableError as error:
        raise BaselineError(f"无法读取基线文件 {path}: {error}") from None
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise BaselineError(f"无法读取基线文件 {path}: {error}") from None
    except RecursionError:
        raise BaselineError(f"无法读取基线文件 {path}: JSON 嵌套过深") from None


def _parse_entries(document: Any, path: Path) -> Iterable[tuple[str, str, str, int]]:
    version = document.get("zhlint_baseline") if isinstance(document, dict) else None
    # `type(...) is int`: true and 1.0 equal 1 but were never written by zhlint.
    if type(version) is not int or version != FORMAT_VERSION:
        raise BaselineError(f"{path} 不是 zhlint 基线文件（版本 {FORMAT_VERSION}）")
    findings = document.get("findings")
    if not isinstance(findings, list):
        raise BaselineError(f"{path}: 缺少 findings 列表")
    for item in findings:
        entry = _entry_key(item)
        if entry is None:
            raise BaselineError(f"{path}: 记录格式不对: {shown(item)}")
        yield entry


def _entry_key(item: object) -> tuple[str, str, str, int] | None:
    """The key of one recorded finding, None unless it has the types write_baseline writes."""
    if not isinstance(item, dict):
        return None
    texts = [item.get(name) for name in ("path", "code", "fingerprint")]
    occurrence = item.get("occurrence")
    # A float (1e400 is inf), a bool or a negative number is not an occurrence index.
    if not all(isinstance(text, str) for text in texts) or type(occurrence) is not int or occurrence < 0:
        return None
    path, code, fingerprint = (str(text) for text in texts)
    # A finding recorded under a rule's former code is the same finding under its new one.
    return (path, current_code(code), fingerprint, occurrence)
