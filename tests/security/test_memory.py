"""Issue 11, item 9: memory per input character stays under a fixed bound on hostile inputs.

Peak memory is traced (``tracemalloc``) over reading and linting 1 MB inputs of the shapes that
create the most objects per character. The bounds come from measurement with a margin; the
figures for 2 MB and 8 MB inputs are in docs/performance.md ("Memory per input character").
"""

from __future__ import annotations

import gc
import sys
import time
import tracemalloc
from collections.abc import Callable

import pytest

from zhlint.engine import lint_source
from zhlint.read.source import read_bytes

COVER = "2023年度\n株洲市测试中心部门决算\n\n"
SIZE = 1_000_000  # characters
SECONDS = 120  # each lint takes 1-15 s under tracemalloc on the CI machine; a blow-up takes minutes


def _repeat(unit: str, size: int = SIZE) -> str:
    return COVER + unit * (size // len(unit))


def _tab_dense() -> str:
    """Table rows of one-character cells: a cell object for every two characters."""
    return _repeat("1\t" * 99 + "1\n")


def _nested_lists() -> str:
    """Markdown lists nested 60 deep, over and over."""
    return _repeat("".join("  " * depth + "- 项目\n" for depth in range(60)))


def _list_items_joined() -> str:
    """List items that join into paragraphs of thousands of lines ('- ' decorations, no 。)."""
    return _repeat("- " * 50 + "支出\n")


# (input, bound in bytes per character). Measured: 90, 15 and 39. The last was 76 before each
# character of a joined paragraph lost its int object (MappedText offsets in an array); the
# other two are guards: a cell object per two characters is the model's cost (see the docs).
CASES: dict[str, tuple[Callable[[], str], int]] = {
    "tab-dense": (_tab_dense, 120),
    "nested-lists": (_nested_lists, 30),
    "list-items-joined": (_list_items_joined, 55),
}


def _peak(text: str) -> tuple[int, float]:
    """Peak traced bytes while reading and linting ``text``, and the seconds it took."""
    data = text.encode("utf-8")
    gc.collect()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        lint_source(read_bytes(data, "m.txt"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, time.perf_counter() - started


@pytest.mark.parametrize("name", sorted(CASES))
def test_peak_memory_per_input_character_is_bounded(name: str) -> None:
    build, bound = CASES[name]
    text = build()
    peak, elapsed = _peak(text)
    assert peak / len(text) <= bound, f"{peak / len(text):.1f} bytes per character"
    assert elapsed < SECONDS


# The shapes measured for docs/performance.md, by size in characters.
SHAPES: dict[str, Callable[[int], str]] = {
    "tab-dense rows (1\\t × 100 a line)": lambda size: _repeat("1\t" * 99 + "1\n", size),
    "one row of 1\\t": lambda size: COVER + "1\t" * (size // 2),
    "nested lists (60 deep)": lambda size: _repeat("".join("  " * d + "- 项目\n" for d in range(60)), size),
    "list items joined": lambda size: _repeat("- " * 50 + "支出\n", size),
    "list markers 2000 deep": lambda size: _repeat("- " * 2000 + "a\n", size),
    "short lines (a\\n)": lambda size: _repeat("a\n", size),
    "numbers (1.2万元，)": lambda size: _repeat("1.2万元，", size),
    "table rows (项目\\t1\\t2.5\\t3)": lambda size: _repeat("项目\t1\t2.5\t3\n", size),
}


def test_the_read_cap_bounds_one_file_to_a_few_gigabytes() -> None:
    """The cap times the worst figure per character measured above (about 240 bytes, short lines)."""
    from zhlint import engine

    worst_bytes_per_char = 242
    assert engine.MAX_FILE_BYTES * worst_bytes_per_char <= 4 * 2**30 + 2**28


def main(sizes: list[str]) -> None:
    """``python tests/security/test_memory.py 2 8``: the table of docs/performance.md (sizes in MB)."""
    for name, build in SHAPES.items():
        for megabytes in sizes:
            text = build(int(float(megabytes) * 1_000_000))
            peak, elapsed = _peak(text)
            print(f"| {name} | {megabytes} | {peak / 2**20:.0f} | {peak / len(text):.0f} | {elapsed:.1f} |")


if __name__ == "__main__":
    main(sys.argv[1:] or ["2"])
