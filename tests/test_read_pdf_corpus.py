"""The published PDFs of ../shared/corpus-more read through zhlint (issue 14): a test per PDF.

Each PDF's standard tables are recognised as on the text conversion beside it (made with pdfplumber's
ruled-table finder), and its findings equal the findings on ``zhlint extract`` of it. The PDFs are not
in the project: they are read from ../shared/corpus-more (or $ZHLINT_CORPUS_MORE) and the tests skip,
saying so, where a PDF is absent. Marked ``pdf_corpus``: each reads a 20–35 page PDF (1–3 s on this
machine, the most of these tests' time); ``pytest -m 'not pdf_corpus'`` leaves them out.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

pytest.importorskip("pdfplumber", reason="the optional extra zhlint[pdf] (pdfplumber) is not installed")

from benchmarks.corpus import CORPUS_MORE_ENV, corpus_more_dir
from zhlint import cli, engine
from zhlint.document.segment import segment
from zhlint.read.source import Source
from zhlint.tables.recognise import recognise

pytestmark = pytest.mark.pdf_corpus

REPORTS = (
    "jiangsu_gaoyuan_yusuan_2018",
    "jiangsu_gaoyuan_yusuan_2019",
    "jiangsu_jianchayuan_yusuan_2017",
    "jiangsu_jianchayuan_yusuan_2018",
    "shanghai-putuo_guihuaziyuanju_juesuan_2024",
    "shanghai-putuo_shangwuwei_bumen-yusuan_2025",
    "shanghai-putuo_shangwuwei_danwei-yusuan_2025",
    "shanghai-putuo_wanlijiedao_yusuan_2024",
    "shanghai_juesuan_template_2024",
)


def pdf_path(name: str) -> Path:
    path = corpus_more_dir() / f"{name}.pdf"
    if not path.is_file():
        pytest.skip(f"{path} is absent (the PDFs are kept in ../shared/corpus-more; set {CORPUS_MORE_ENV})")
    return path


@cache
def pdf_source(path: Path) -> Source:
    return engine.read_source(path)  # read once for both tests of a PDF


def standard_kinds(text: str) -> list[str]:
    return sorted(table.kind.name for table in recognise(segment(Source.from_text(text)).blocks).standard)


@pytest.mark.parametrize("name", REPORTS)
def test_pdf_standard_tables_are_those_of_its_text_conversion(name: str) -> None:
    path = pdf_path(name)
    converted = path.with_suffix(".txt").read_text(encoding="utf-8")
    kinds = standard_kinds(pdf_source(path).text)
    assert kinds == standard_kinds(converted)
    assert len(kinds) >= 8  # the eight or nine standard tables of a 决算/预算, all read


@pytest.mark.parametrize("name", REPORTS)
def test_pdf_findings_equal_the_findings_on_its_extracted_text(name: str, tmp_path: Path) -> None:
    path = pdf_path(name)
    source = pdf_source(path)
    extracted = tmp_path / f"{name}.txt"
    extracted.write_text(source.text, encoding="utf-8")  # what `zhlint extract -o` writes
    config = engine.config_for(path)
    on_pdf = [(d.line, d.column, d.code, d.message) for d in engine.lint_source(source, config)]
    on_text = [(d.line, d.column, d.code, d.message) for d in engine.lint_file(extracted, config)]
    assert on_pdf == on_text
    assert all(d.page is not None for d in engine.lint_source(source, config))


def test_extract_command_writes_the_text_that_was_linted(tmp_path: Path) -> None:
    path = pdf_path(REPORTS[-1])
    out = tmp_path / "template.txt"
    assert cli.main(["extract", str(path), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == pdf_source(path).text
