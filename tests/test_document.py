from __future__ import annotations

from decimal import Decimal

import pytest

from zhlint.document.segment import (
    Heading,
    HeadingStyle,
    Paragraph,
    Table,
    chinese_numeral,
    read_cover,
    segment,
)
from zhlint.read.source import Source

REPORT = """\
**2023年度
株洲市测试中心
部门决算**

目录

第一部分 株洲市测试中心概况

- 一、部门职责

第二部分 2023年度部门决算表

- 一、收入支出决算总表

第一部分

株洲市测试中心概况

一、部门职责

(一) 负责测试工作。

第二部分

收入支出决算总表

公开01表
金额单位：万元

项目\t行次\t金额
一、一般公共预算财政拨款收入\t1\t6, 094. 55
本年收入合计\t27\t6,094.55

项目\t行次\t金额
总计\t31\t6,094.55

注：1. 本表反映部门本年度的总收支和年末结转结余情况。

2. 本套报表金额单位转换时可能存在尾数误差。

第三部分 情况说明

一、收入支出决算总体情况说明

2023年度收、支总计526. 36万元。与上年相比，减少196.48万元，减少27.18%，主要是因为
人员减少。
"""


def document():
    return segment(Source.from_text(REPORT, "r.txt"))


def test_cover_gives_year_and_unit() -> None:
    doc = document()
    assert doc.report_year == 2023
    assert doc.unit_name == "株洲市测试中心"


def test_read_cover_variants() -> None:
    assert read_cover("2023年度中共株洲市荷塘区委办公室部门（单位）部门决算") == (
        2023,
        "中共株洲市荷塘区委办公室",
    )
    assert read_cover("没有年份的标题") == (None, None)


def test_toc_entries_are_separated_from_the_body() -> None:
    doc = document()
    assert [h.text for h in doc.toc] == [
        "株洲市测试中心概况",
        "部门职责",
        "2023年度部门决算表",
        "收入支出决算总表",
    ]
    body_parts = [
        h for h in doc.headings if not h.in_toc and h.marker and h.marker.style is HeadingStyle.PART
    ]
    assert [h.marker.ordinal for h in body_parts if h.marker] == [1, 2, 3]


def test_a_sentence_broken_across_lines_is_one_paragraph_with_exact_spans() -> None:
    doc = document()
    paragraph = next(p for p in doc.paragraphs if "收、支总计" in p.text.text)
    assert paragraph.text.text.endswith("主要是因为人员减少。")
    assert paragraph.first_line + 1 == paragraph.last_line
    start = paragraph.text.text.index("526.36")
    span = paragraph.text.source_span(start, start + len("526.36"))
    assert REPORT[span.start : span.end] == "526. 36"
    assert [n.value for n in paragraph.numbers][:2] == [Decimal(2023), Decimal("526.36")]
    assert [h.text for h in paragraph.headings] == ["情况说明", "收入支出决算总体情况说明"]


def test_tables_split_by_a_page_break_are_joined_and_keep_caption_and_notes() -> None:
    doc = document()
    (table,) = doc.tables
    assert isinstance(table, Table)
    assert [row.cells[0].text for row in table.rows] == [
        "项目",
        "一、一般公共预算财政拨款收入",
        "本年收入合计",
        "总计",
    ]
    assert [line.text for line in table.caption][-3:] == ["收入支出决算总表", "公开01表", "金额单位：万元"]
    assert len(table.notes) == 2
    cell = table.rows[1].cells[2]
    assert cell.value == Decimal("6094.55")
    assert REPORT[cell.span.start : cell.span.end] == "6, 094. 55"
    assert cell.number is not None and cell.number.split


def test_numbered_paragraph_versus_heading() -> None:
    doc = document()
    duty = next(b for b in doc.blocks if isinstance(b, Paragraph) and "负责测试" in b.text.text)
    assert duty.marker is not None and duty.marker.style is HeadingStyle.PAREN_CN and duty.marker.ordinal == 1
    assert any(isinstance(b, Heading) and b.text == "部门职责" and not b.in_toc for b in doc.blocks)


def test_chinese_numerals() -> None:
    assert [chinese_numeral(t) for t in ["一", "十", "十五", "二十三", "甲"]] == [1, 10, 15, 23, None]


def test_markdown_pipe_tables() -> None:
    doc = segment(Source.from_text("| 项目 | 金额 |\n|---|---|\n| 合计 | 1,234.50 |\n"))
    (table,) = doc.tables
    assert [row.texts() for row in table.rows] == [("项目", "金额"), ("合计", "1,234.50")]
    assert table.rows[1].cells[1].value == Decimal("1234.50")


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("", []),
        ("\n\n", []),
        ("\t\t\n", []),
        ("|", ["Paragraph"]),
        ("第一部分", ["Heading"]),
        ("一、", ["Paragraph"]),  # a numeral with no title is not a heading
        ("**", ["Paragraph"]),  # markdown emphasis with nothing in it
        ("# ", ["Heading"]),  # an empty markdown heading
    ],
)
def test_empty_and_odd_inputs_segment_into_what_they_hold(text: str, kinds: list[str]) -> None:
    document = segment(Source.from_text(text))
    assert [type(block).__name__ for block in document.blocks] == kinds
    assert all(0 <= block.span.start <= block.span.end <= len(text) for block in document.blocks)
    assert document.report_year is None and document.tables == ()
