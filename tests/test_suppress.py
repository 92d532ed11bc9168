"""Inline suppressions in Markdown reports (issue 15, item 4): the engine's filter after the rules."""

from __future__ import annotations

from pathlib import Path

from zhlint import lint_text
from zhlint.cli import main
from zhlint.config import Config, config_from_mapping
from zhlint.document.segment import Heading, Paragraph, segment
from zhlint.read.source import Source

COVER = "# 2023年度 株洲市测试中心 部门决算\n\n一、部门概况\n"
WRONG = "纳入2022年部门整体支出绩效目标。\n"  # ZL401 at column 3
REPORTING = Config(report_unused_suppressions=True)


def _codes_by_line(text: str, config: Config | None = None) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in lint_text(text, path="r.md", config=config) if d.code != "ZL003"]


def test_next_line_suppresses_only_that_line_and_that_code() -> None:
    text = COVER + "<!-- zhlint-disable-next-line ZL401 -->\n" + WRONG + WRONG
    assert _codes_by_line(text) == [(6, "ZL401")]
    other = COVER + "<!-- zhlint-disable-next-line ZL101 -->\n" + WRONG
    assert _codes_by_line(other) == [(5, "ZL401")]


def test_disable_enable_range_with_prefixes_several_codes_and_none() -> None:
    text = COVER + "<!-- zhlint-disable ZL101, zl4 -->\n" + WRONG + WRONG + "<!-- zhlint-enable -->\n" + WRONG
    assert _codes_by_line(text) == [(8, "ZL401")]
    everything = COVER + "<!-- zhlint-disable -->\n" + WRONG + WRONG
    assert _codes_by_line(everything) == []  # unclosed: to the end of the file
    closed_by_code = (
        COVER + "<!-- zhlint-disable ZL401 -->\n" + WRONG + "<!-- zhlint-enable ZL401 -->\n" + WRONG
    )
    assert _codes_by_line(closed_by_code) == [(7, "ZL401")]


def test_unused_suppressions_are_reported_only_when_asked() -> None:
    text = (
        COVER
        + "<!-- zhlint-disable-next-line ZL401 ZL501 -->\n"
        + WRONG
        + "<!-- zhlint-disable-next-line -->\n正文。\n"
    )
    assert _codes_by_line(text) == []
    found = [d for d in lint_text(text, path="r.md", config=REPORTING) if d.code == "ZL006"]
    assert [(d.line, d.column) for d in found] == [(4, 1), (6, 1)]
    assert "没有抑制规则 ZL501 的问题" in found[0].message and "规则 ZL401" not in found[0].message
    ignored = config_from_mapping({"report-unused-suppressions": True, "ignore": ["ZL006"]})
    assert _codes_by_line(text, ignored) == []


def test_comment_lines_are_blank_to_the_segmenter() -> None:
    """A comment neither starts a paragraph or heading nor joins the lines around it."""
    plain = COVER + "本单位主要职责是\n开展测试工作。\n二、收入支出情况\n本年收入合计100万元。\n"
    commented = plain.replace("开展", "<!-- zhlint-disable ZL101 -->\n开展").replace(
        "二、", "<!-- zhlint-enable -->\n  <!-- any comment -->\t\n二、"
    )

    def blocks(text: str) -> list[tuple[str, str]]:
        document = segment(Source.from_text(text))
        return [
            (type(b).__name__, b.text if isinstance(b, Heading) else b.text.text)
            for b in document.blocks
            if isinstance(b, Heading | Paragraph)
        ]

    assert blocks(commented) == blocks(plain)
    assert not any("<!--" in text for _, text in blocks(commented))


def test_the_command_line_honours_them(tmp_path: Path) -> None:
    report = tmp_path / "r.md"
    report.write_text(COVER + "<!-- zhlint-disable-next-line ZL401 -->\n" + WRONG, encoding="utf-8")
    assert main(["check", "--no-progress", "--ignore", "ZL003", str(report)]) == 0
    report.write_text(COVER + "<!-- zhlint-disable-next-line ZL501 -->\n本单位。\n", encoding="utf-8")
    assert main(["check", "--no-progress", "--report-unused-suppressions", str(report)]) == 1


def test_a_reason_may_follow_and_unrun_rules_are_not_called_unused() -> None:
    text = COVER + "<!-- zhlint-disable-next-line ZL401 -- 上级文件的口径 -->\n" + WRONG
    assert _codes_by_line(text) == []
    unused = COVER + "<!-- zhlint-disable-next-line ZL101 -->\n正文。\n"
    selected = config_from_mapping({"report-unused-suppressions": True, "select": ["ZL4", "ZL006"]})
    assert _codes_by_line(unused, selected) == []
    assert _codes_by_line(unused, REPORTING) == [(4, "ZL006")]


def test_hostile_comment_lines_are_read_in_linear_time() -> None:
    import time

    lines = [
        "<!-- zhlint-disable" + " a" * 50_000 + " " * 50_000,
        "<!-- zhlint-enable -- " + "-" * 100_000,
        "<!--" + " -->" * 50_000 + "x",
    ]
    started = time.perf_counter()
    lint_text(COVER + "\n".join(lines) + "\n" + WRONG, path="r.md")
    assert time.perf_counter() - started < 10  # well under a second; quadratic would be minutes
