"""PDF extraction speed: seconds per report and per page over the corpus-more PDFs.

``python -m benchmarks.pdf [--repeat N] [--no-write]`` reads every PDF of ../shared/corpus-more (or
$ZHLINT_CORPUS_MORE) with zhlint's reader (``zhlint.read.pdf``), times it (wall and CPU time, median
of N runs after a warm-up), times the lint of the extracted text and, for comparison, the same reader
with pdfplumber reading every page (the reader it replaced). Writes the section "PDF extraction" of
docs/performance.md. A missing folder is said so.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from benchmarks.corpus import corpus_more_dir
from benchmarks.perf import update_document
from zhlint.engine import lint_source
from zhlint.read import pdf

SECTION = "PDF extraction"
TARGET_PER_25_PAGES = 0.5  # seconds (issue 14)


class Row(NamedTuple):
    name: str
    pages: int
    extract: float  # wall seconds
    extract_cpu: float
    lint: float
    pdfplumber_cpu: float


def _timed(function: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``repeat`` calls after one warm-up call."""
    function()
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _page_count(data: bytes) -> int:
    import pypdfium2  # type: ignore[import-not-found, import-untyped, unused-ignore]

    document = pypdfium2.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def _with_pdfplumber_only(data: bytes) -> object:
    """The extraction with pdfplumber reading every page (characters and lines by pdfminer)."""
    return pdf.extract_pdf(data, pdfplumber_only=True)


def measure(folder: Path, repeat: int) -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    absent: list[str] = []
    for path in sorted(folder.glob("*.pdf")) if folder.is_dir() else []:
        data = path.read_bytes()
        extract_wall, extract_cpu = _timed(lambda data=data: pdf.extract_pdf(data), repeat)  # type: ignore[misc]
        source = pdf.read_pdf_bytes(data, str(path))
        lint_wall, _ = _timed(lambda source=source: lint_source(source), repeat)  # type: ignore[misc]
        _, plumber_cpu = _timed(lambda data=data: _with_pdfplumber_only(data), repeat)  # type: ignore[misc]
        rows.append(Row(path.stem, _page_count(data), extract_wall, extract_cpu, lint_wall, plumber_cpu))
    if not rows:
        absent.append(str(folder))
    return rows, absent


def section(rows: list[Row], absent: list[str], command: str) -> str:
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"Measured {when} with `{command}` on {os.cpu_count()} CPUs (nproc); Python "
        f"{platform.python_version()}; load average {_load()} at the start (the machine is shared: "
        "compare CPU time, which other processes disturb less than wall time).",
        "",
        "zhlint's reader (`zhlint/read/pdf.py`: PDFium's characters and ruling lines, pdfplumber's table "
        "finder, paragraphs) on each corpus-more PDF; median of the runs after a warm-up. *lint* is the "
        "check of the extracted text; *pdfplumber CPU* is the same reader with pdfplumber (pdfminer) "
        "reading every page, as it first did: the same tables, four to five times the time.",
        "",
        "| PDF | pages | extract, wall (s) | CPU (s) | CPU s per page | CPU s per 25 pages | lint (s) "
        "| pdfplumber CPU (s) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    total_pages = sum(row.pages for row in rows)
    total_cpu = sum(row.extract_cpu for row in rows)
    for row in rows:
        per_page = row.extract_cpu / row.pages
        lines.append(
            f"| {row.name} | {row.pages} | {row.extract:.2f} | {row.extract_cpu:.2f} | {per_page:.3f} "
            f"| {25 * per_page:.2f} | {row.lint:.2f} | {row.pdfplumber_cpu:.2f} |"
        )
    if rows:
        per_page = total_cpu / total_pages
        verdict = "meets" if 25 * per_page <= TARGET_PER_25_PAGES else "misses"
        lines += [
            "",
            f"All {len(rows)} PDFs, {total_pages} pages: {total_cpu:.1f} s of CPU, "
            f"**{per_page * 1000:.0f} ms per page, {25 * per_page:.2f} s per 25-page report** "
            f"({verdict} the target of {TARGET_PER_25_PAGES} s per 25 pages).",
        ]
    for folder in absent:
        lines += ["", f"No PDFs found in {folder}: nothing measured."]
    return "\n".join(lines)


def _load() -> str:
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pdf", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per PDF (default 3)")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/performance.md")
    args = parser.parse_args(argv)
    rows, absent = measure(corpus_more_dir(), args.repeat)
    command = "python -m benchmarks.pdf" + (f" --repeat {args.repeat}" if args.repeat != 3 else "")
    text = section(rows, absent, command)
    print(f"## {SECTION}\n\n{text}\n")
    if not args.no_write:
        update_document({SECTION: text})
        print("updated docs/performance.md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
