"""benchmarks.perf rewrites only its own sections of docs/performance.md (others append "Batch runs")."""

from __future__ import annotations

from pathlib import Path

from benchmarks import perf


def test_update_keeps_other_sections(tmp_path: Path) -> None:
    doc = tmp_path / "performance.md"
    doc.write_text(
        "# Performance\n\nIntro.\n\n## Start-up\n\nold\n\n## Batch runs\n\nkeep me\n", encoding="utf-8"
    )
    perf.update_document({name: f"new {name}" for name in perf.MY_SECTIONS}, doc)
    text = doc.read_text(encoding="utf-8")
    assert "Intro." in text and "## Batch runs\n\nkeep me" in text
    assert "old" not in text
    for name in perf.MY_SECTIONS:
        assert text.count(f"## {name}\n") == 1 and f"new {name}" in text
    assert (
        text.index("## Lint time")
        < text.index("## Start-up")
        < text.index("## Scaling")
        < text.index("## Batch")
    )
    perf.update_document({"Start-up": "newer"}, doc)
    again = doc.read_text(encoding="utf-8")
    assert "newer" in again and "keep me" in again and again.count("## Start-up") == 1


def test_update_creates_the_file(tmp_path: Path) -> None:
    doc = tmp_path / "performance.md"
    perf.update_document({"Scaling": "linear"}, doc)
    assert doc.read_text(encoding="utf-8").startswith("# Performance\n\n## Scaling\n\nlinear")
