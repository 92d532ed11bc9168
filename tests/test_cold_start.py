"""Issue 12: what a new process imports and compiles (not timed; docs/performance.md has the times)."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import regex

from zhlint.read.patterns import lazy_compile, lazy_regex

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "tests" / "corpus" / "000_ea33554ba86d6ddd.txt"

# Run in a child: the command, then the names of the modules it imported, on standard error.
_CHILD = """
import contextlib, io, json, sys
from zhlint.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
sys.stderr.write(json.dumps(sorted(sys.modules)))
"""


def _imported(*arguments: str) -> set[str]:
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return set(json.loads(child.stderr.strip().splitlines()[-1]))


def test_version_imports_neither_the_rules_nor_the_parser() -> None:
    imported = _imported("--version")
    assert "zhlint.cli" in imported
    unwanted = {"zhlint.rules", "zhlint.engine", "zhlint.claims", "zhlint.tables", "lark", "regex"}
    assert unwanted & imported == set()


def test_a_check_of_one_text_report_imports_no_reader_of_other_files_nor_workers() -> None:
    imported = _imported("check", str(REPORT))
    assert "zhlint.rules" in imported and "lark" in imported
    unwanted = {"zhlint.read.pdf", "zhlint.read.docx", "zipfile", "ctypes", "concurrent.futures.process"}
    unwanted |= {"multiprocessing"}
    assert unwanted & imported == set()


def test_a_lazy_pattern_compiles_on_first_use_and_then_is_the_pattern() -> None:
    lazy = lazy_compile(r"(?P<word>[\u4e00-\u9fff]+)(\d+)")
    assert "finditer" not in vars(lazy)  # nothing compiled yet
    eager = re.compile(r"(?P<word>[\u4e00-\u9fff]+)(\d+)")
    text = "支出12万元，收入3万元"
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert vars(lazy)["finditer"].__self__ == eager  # the compiled pattern's own method, kept
    assert lazy.sub("X", text) == eager.sub("X", text)
    assert lazy.pattern == eager.pattern and lazy.groupindex == eager.groupindex


def test_a_lazy_regex_pattern_is_a_regex_pattern() -> None:
    lazy = lazy_regex(r"\p{Han}{2}")
    assert lazy.findall("一二三四") == regex.compile(r"\p{Han}{2}").findall("一二三四") == ["一二", "三四"]


def test_stray_spaces_found_by_characters_as_by_the_pattern_they_replace() -> None:
    from zhlint.read.text import MappedText, without_stray_spaces

    replaced = re.compile(
        r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])"
        r"|(?<=[\u4e00-\u9fff\d%）)”])[ \u3000]+(?=[,，。；;：:、！？!?）)])"
        r"|(?<=[,，。；;：:、！？!?（(])[ \u3000]+(?=[\u4e00-\u9fff\d（(“])"
    )
    alphabet = [
        " ",
        " ",
        "\u3000",
        *",，。；;：:、！？!?（()）%”“a1٣９",
        "\u4e00",
        "\u9fff",
        "\u4dff",
        "\ua000",
        "中",
    ]
    chooser = random.Random(12)
    for _ in range(20000):
        text = "".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, 10)))
        expected = "".join(replaced.split(text))
        assert without_stray_spaces(MappedText(text, range(len(text) + 1))).text == expected, text
