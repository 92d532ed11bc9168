"""Which report files are PDFs or DOCX, by their names, and how much of one is read.

Apart from the readers (zhlint/read/pdf.py, docx.py): those import ctypes, zipfile and their
helpers, which a check of text reports does not need (issue 12: a cold check imports less).
"""

from __future__ import annotations

# A PDF report is a few MiB at most (the corpus: 0.2–1.1 MiB); its images make it larger than
# its text, so the cap is four times the text cap. A report has 20–60 pages.
MAX_PDF_BYTES = 64 * 2**20
PDF_SUFFIXES = (".pdf",)
DOCX_SUFFIXES = (".docx",)


def is_pdf_path(name: str) -> bool:
    return name.lower().endswith(PDF_SUFFIXES)


def is_docx_path(name: str) -> bool:
    return name.lower().endswith(DOCX_SUFFIXES)
