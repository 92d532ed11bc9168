"""Checking many files: worker processes, a progress line, and counts per rule.

Results always come back in input order, so the output of ``--jobs N`` is the output of
``--jobs 1``.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TextIO, TypeVar

import attrs

from zhlint.config import Config
from zhlint.diagnostics import Diagnostic
from zhlint.engine import lint_file
from zhlint.fix import FixResult, fix_file

Item = TypeVar("Item")
Result = TypeVar("Result")

Task = tuple[Path, Config]  # a file and the configuration that applies to it

PROGRESS_MIN_FILES = 20  # fewer files finish before a progress line would help
_BAR_WIDTH = 30


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def chunk_size(items: int, jobs: int) -> int:
    """Many small chunks per worker keep the workers evenly busy up to the end (a report takes
    about 0.1 s, so a chunk of ten is a second of work); one file a chunk would be chatty."""
    return max(1, items // (jobs * 32))


def run_all(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    jobs: int,
    progress: Progress | None = None,
) -> list[Result]:
    """``function`` over ``items`` on ``jobs`` processes (1: in this process), in input order.

    ``function`` must be a module-level function so that it can be sent to the workers. When the
    workers cannot be started the items are processed here instead.
    """
    return list(iter_all(function, items, jobs, progress))


def iter_all(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    jobs: int,
    progress: Progress | None = None,
) -> Iterator[Result]:
    """As :func:`run_all`, each result yielded as soon as it and every result before it are done,
    so that a batch run can print the first files' findings while the workers go on."""
    jobs = max(1, min(jobs, len(items)))
    if jobs == 1:
        yield from _reporting(map(function, items), progress)
        return
    # Imported only here: concurrent.futures and multiprocessing were a tenth of the imports of a
    # cold one-file check (python -X importtime), which runs in this process.
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    done = 0
    try:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_interrupts) as pool:
            results = pool.map(function, items, chunksize=chunk_size(len(items), jobs))
            try:
                for result in results:
                    done += 1
                    if progress is not None:
                        progress.advance()
                    yield result
            except (KeyboardInterrupt, GeneratorExit):
                # GeneratorExit: the reader stopped (a closed pipe); the work left is not wanted.
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    except (BrokenProcessPool, OSError) as error:
        sys.stderr.write(f"zhlint: 无法启动并行进程（{error}），改为单进程检查\n")
        # The results already yielded have been used: go on from the first one not yet given.
        yield from _reporting(map(function, items[done:]), progress)
        return
    if progress is not None:
        progress.close()


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the main process, which stops them without a traceback each."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def lint_task(task: Task) -> list[Diagnostic]:
    return lint_file(*task)


def fix_task(task: Task) -> FixResult:
    return fix_file(*task, write=True)


def preview_fix_task(task: Task) -> FixResult:
    return fix_file(*task, write=False)


def _reporting(results: Iterable[Result], progress: Progress | None) -> Iterator[Result]:
    for result in results:
        if progress is not None:
            progress.advance()
        yield result
    if progress is not None:
        progress.close()


@attrs.define
class Progress:
    """A one-line progress bar redrawn with a carriage return."""

    total: int
    stream: TextIO
    done: int = 0
    _drawn: int = -1

    @classmethod
    def for_stream(cls, total: int, stream: TextIO, enabled: bool = True) -> Progress | None:
        """A progress bar only for a terminal and enough files; None otherwise."""
        is_terminal = bool(getattr(stream, "isatty", lambda: False)())
        if not enabled or not is_terminal or total < PROGRESS_MIN_FILES:
            return None
        return cls(total, stream)

    def advance(self) -> None:
        self.done += 1
        percent = self.done * 100 // self.total
        if percent != self._drawn:
            self._drawn = percent
            self.stream.write("\r" + self.line())
            self.stream.flush()

    def restart(self) -> None:
        self.done, self._drawn = 0, -1

    def interrupt(self) -> None:
        """Erase the bar before other output on the terminal; the next advance draws it again."""
        self.close()
        self._drawn = -1

    def line(self) -> str:
        filled = self.done * _BAR_WIDTH // self.total
        bar = "#" * filled + "." * (_BAR_WIDTH - filled)
        return f"检查中 [{bar}] {self.done}/{self.total}"

    def close(self) -> None:
        """Erase the bar so that the report starts on a clean line."""
        self.stream.write("\r" + " " * (len(self.line()) * 2) + "\r")
        self.stream.flush()


@attrs.frozen
class RuleCount:
    code: str
    name: str
    count: int
    fixable: int  # how many of them carry a fix

    def to_json(self) -> dict[str, object]:
        return {"code": self.code, "name": self.name, "count": self.count, "fixable": self.fixable}


def count_by_rule(diagnostics: Iterable[Diagnostic]) -> list[RuleCount]:
    """Counts per rule code, most frequent first, then by code."""
    counts: Counter[str] = Counter()
    fixable: Counter[str] = Counter()
    names: dict[str, str] = {}
    for diagnostic in diagnostics:
        counts[diagnostic.code] += 1
        fixable[diagnostic.code] += diagnostic.fix is not None
        names.setdefault(diagnostic.code, diagnostic.name)
    ordered = sorted(counts, key=lambda code: (-counts[code], code))
    return [RuleCount(code, names[code], counts[code], fixable[code]) for code in ordered]


def format_counts(counts: Sequence[RuleCount]) -> str:
    """Rows of count, code, name and ``[*]`` for rules whose findings can be fixed, as ruff prints."""
    if not counts:
        return ""
    width = max(len(str(item.count)) for item in counts)
    name_width = max(len(item.name) for item in counts)
    rows = []
    for item in counts:
        marker = " [*]" if item.fixable else ""
        rows.append(f"{item.count:>{width}}  {item.code}  {item.name:<{name_width}}{marker}".rstrip())
    return "\n".join(rows) + "\n"


def rule_summary(diagnostics: Sequence[Diagnostic]) -> str:
    """The closing summary by rule of the text format ('' when there is nothing to count)."""
    counts = count_by_rule(diagnostics)
    if not counts:
        return ""
    fixable = sum(item.fixable for item in counts)
    note = f"（其中 {fixable} 个可用 --fix 自动修复，标 [*]）" if fixable else ""
    return f"\n按规则统计{note}：\n" + format_counts(counts)
