"""ZL601 looks for its residues only in the texts that hold a word each one needs (a speed gate,
docs/architecture.md "Speed"): the gate may skip work, never a finding.

Every residue pattern is run over every text, with no gate, and must find exactly what the gated
search finds: on the corpus reports, the example, the corpus-more reports where present, and on
random texts made of the residues' own needed words and their surroundings.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from zhlint.document.segment import segment
from zhlint.read.source import Source
from zhlint.read.text import MappedText
from zhlint.rules.template.residue import RESIDUE, _texts_needing

ROOT = Path(__file__).resolve().parents[2]
REPORTS = [*sorted((ROOT / "tests" / "corpus").glob("*.txt")), *sorted((ROOT / "examples").glob("*.txt"))]
MORE = ROOT.parent / "shared" / "corpus-more"


def _everywhere(texts: Sequence[MappedText]) -> set[tuple[int, int, tuple[int, int]]]:
    return {
        (index, number, match.span())
        for index, text in enumerate(texts)
        for number, residue in enumerate(RESIDUE)
        for match in residue.pattern.finditer(text.text)
    }


def _gated(texts: Sequence[MappedText]) -> set[tuple[int, int, tuple[int, int]]]:
    numbers = {id(residue): number for number, residue in enumerate(RESIDUE)}
    return {
        (index, numbers[id(residue)], match.span())
        for index, residues in _texts_needing(texts).items()
        for residue in residues
        for match in residue.pattern.finditer(texts[index].text)
    }


def _texts(text: str) -> list[MappedText]:
    return list(segment(Source.from_text(text)).texts())


def test_the_gate_finds_what_every_pattern_finds_on_the_reports() -> None:
    paths = [*REPORTS, *(sorted(MORE.glob("*.txt")) if MORE.is_dir() else [])]
    found = 0
    for path in paths:
        texts = _texts(path.read_text(encoding="utf-8"))
        everywhere = _everywhere(texts)
        assert _gated(texts) == everywhere, path.name
        found += len(everywhere)
    assert found > 0  # the corpus has residues: the comparison is not of two empty sets


SURROUNDINGS = [
    "（",
    "）",
    "/",
    "、",
    "单位",
    "本级",
    "大于",
    "小于",
    "决算数",
    "年初预算数",
    "增加",
    "。",
    "\n",
    "XX",
]
WORDS = [*sorted({word for residue in RESIDUE for word in residue.needs}), *SURROUNDINGS]


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40))
def test_the_gate_finds_what_every_pattern_finds_on_mixed_words(words: list[str]) -> None:
    texts = _texts("2023年度\n某市示例中心部门决算\n\n" + "".join(words) + "\n")
    assert _gated(texts) == _everywhere(texts)
