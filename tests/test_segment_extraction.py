"""Segmenting text as PDFs extract it: where the 目录 ends, title lines, entries with leader dots."""

from __future__ import annotations

from decimal import Decimal

from zhlint import lint_text
from zhlint.claims.extract import extract_claims
from zhlint.document.segment import Heading, Paragraph, segment
from zhlint.read.source import Source

# A budget laid out without 第X部分: the 目录's entries are numbered like the body's sections,
# carry leader dots, and the body opens with a title line and running text.
BUDGET = """\
某市某区2025年区级部门预算

预算主管部门：某区测试事务中心

目 录

一、部门主要职能 ……………………………………………………

二、部门机构设置 ……………………………………………………

三、部门预算编制说明 ………………………………………………… 3

1. 2025年部门收入预算总表 ……………………………………………

2.2025年部门一般公共预算支出功能分类预算表……………………………

四、项目经费情况说明 …………………………………………………

某区测试事务中心主要职能

某区测试事务中心是区政府的工作部门，负责全区测试工作的组织、协调和监督管理。

一、组织测试。组织实施全区的测试工作，落实有关政策。

某区测试事务中心机构设置

本部门预算是包括本部以及下属2家预算单位的综合收支计划。

2025年部门预算编制说明

2025年，某区测试事务中心收入预算800.00万元，其中：财政拨款收入800.00万元。

1.“教育支出（类）其他教育支出（款）其他教育支出（项）”12.00万元。2024年当年预算执行数为0.00万元，2025年预算安排12.00万元，比2024年预算执行数增加100.00%。
"""


def budget() -> list[Heading | Paragraph]:
    document = segment(Source.from_text(BUDGET, "b.txt"))
    return [block for block in document.blocks if isinstance(block, (Heading, Paragraph))]


def _text(block: Heading | Paragraph) -> str:
    return block.text if isinstance(block, Heading) else block.text.text


def test_the_toc_ends_at_the_first_running_text_where_no_part_is_named_again() -> None:
    blocks = budget()
    in_toc = [_text(block) for block in blocks if block.in_toc]
    assert in_toc == [
        "部门主要职能",
        "部门机构设置",
        "部门预算编制说明",
        "2025年部门收入预算总表",
        "2025年部门一般公共预算支出功能分类预算表",
        "项目经费情况说明",
    ]
    body = [block for block in blocks if not block.in_toc and "执行数" in _text(block)]
    assert body and all(
        not any(heading.in_toc for heading in block.headings)
        for block in body
        if isinstance(block, Paragraph)
    )


def test_toc_entries_lose_their_leader_dots_and_page_number_and_are_headings() -> None:
    entries = [block for block in budget() if block.in_toc]
    assert all(isinstance(entry, Heading) for entry in entries)
    assert all("…" not in _text(entry) and not _text(entry).endswith("3") for entry in entries)


def test_a_title_line_before_running_text_is_its_own_paragraph_and_not_in_the_toc() -> None:
    blocks = budget()
    titles = [
        block for block in blocks if _text(block) in {"某区测试事务中心主要职能", "某区测试事务中心机构设置"}
    ]
    assert len(titles) == 2 and not any(block.in_toc for block in titles)
    assert all(isinstance(block, Heading) and block.marker is None for block in titles)
    sentence = next(block for block in blocks if _text(block).startswith("某区测试事务中心是"))
    assert isinstance(sentence, Paragraph) and [heading.text for heading in sentence.headings] == [
        "某区测试事务中心主要职能"
    ]
    opening = next(block for block in blocks if _text(block).startswith("2025年,某区"))
    assert isinstance(opening, Paragraph) and not opening.in_toc


def test_a_broken_sentence_still_joins() -> None:
    """A first line with a punctuation mark, or a long one, is a sentence broken by the layout."""
    text = (
        "一、情况说明\n\n本年收入合计300万元，比上年\n\n增加20万元，增长7.14%。\n\n"
        "本单位本年度认真落实各项预算管理制度并开展了\n\n全面的内部控制建设工作和绩效评价工作，成效明显。\n"
    )
    paragraphs = [
        block for block in segment(Source.from_text(text, "t.txt")).blocks if isinstance(block, Paragraph)
    ]
    assert [paragraph.text.text for paragraph in paragraphs] == [
        "本年收入合计300万元,比上年增加20万元,增长7.14%。",
        "本单位本年度认真落实各项预算管理制度并开展了全面的内部控制建设工作和绩效评价工作,成效明显。",
    ]


def test_a_toc_whose_entries_end_with_a_full_stop_stays_a_toc() -> None:
    text = (
        "2018年度某单位预算公开\n\n目 录\n\n第一部分 部门概况\n\n一、主要职能。\n\n二、部门机构设置。\n\n"
        "第二部分 预算表\n\n第一部分 部门概况\n\n一、主要职能\n\n某单位是本省的测试机关，负责测试工作。\n"
    )
    blocks = segment(Source.from_text(text, "t.txt")).blocks
    entries = [_text(block) for block in blocks if isinstance(block, (Heading, Paragraph)) and block.in_toc]
    assert entries == ["部门概况", "一、主要职能。", "二、部门机构设置。", "预算表"]


def test_a_page_number_inside_a_broken_sentence_is_left_out() -> None:
    text = (
        "一、名词解释\n\n预留经费：指年初预留用于年度\n\n17\n\n执行中不可预见支出的经费。\n\n"
        "支出合计\n\n17\n\n万元。\n"
    )
    paragraphs = [
        block for block in segment(Source.from_text(text, "t.txt")).blocks if isinstance(block, Paragraph)
    ]
    assert paragraphs[0].text.text == "预留经费：指年初预留用于年度执行中不可预见支出的经费。"
    assert [number.value for number in paragraphs[0].numbers] == []
    assert paragraphs[1].text.text == "支出合计17万元。"


def test_a_numbered_table_title_before_a_year_is_a_heading_but_a_decimal_is_not() -> None:
    text = "目录\n\n5.2025年部门收入预算表\n\n一、情况说明\n\n1.5万元用于购置设备，已全部支出完毕。\n"
    blocks = segment(Source.from_text(text, "t.txt")).blocks
    assert any(isinstance(block, Heading) and block.text == "2025年部门收入预算表" for block in blocks)
    assert not any(isinstance(block, Heading) and "设备" in block.text for block in blocks)


def test_a_finding_in_the_body_of_a_budget_without_parts_is_reported() -> None:
    """The rate over a zero base was in the body, which the segmenter had put in the 目录."""
    codes = {diagnostic.code for diagnostic in lint_text(BUDGET, path="b.txt")}
    assert "ZL104" in codes


def test_letter_spaced_words_and_a_space_before_a_mark_are_read_without_the_spaces() -> None:
    text = (
        "一、情况说明\n\n本年收入合计400.00万元，其中：\n\n"
        "一 般 公 共 预 算 收 入 300.00 万 元 ， 占75.00 %；\n"
    )
    source = Source.from_text(text, "t.txt")
    (paragraph,) = (block for block in segment(source).blocks if isinstance(block, Paragraph))
    assert paragraph.text.text == "本年收入合计400.00万元,其中：一般公共预算收入 300.00 万元,占75.00 %；"
    (share,) = extract_claims(segment(source)).shares
    assert share.percent.value == Decimal("75.00") and share.part is not None
    assert (
        share.part.value == Decimal("300.00") and share.base is not None and share.base.value == Decimal(400)
    )
    start = paragraph.text.text.index("万元,占")
    span = paragraph.text.source_span(start, start + 2)
    assert source.text[span.start : span.end] == "万 元"  # the map still points at the source


def test_spaces_that_separate_figures_or_latin_words_stay() -> None:
    text = "一、情况说明\n\n编制 2025 年预算时采用 PDF 格式，共 3 册。\n"
    (paragraph,) = (
        block for block in segment(Source.from_text(text, "t.txt")).blocks if isinstance(block, Paragraph)
    )
    assert paragraph.text.text == "编制 2025 年预算时采用 PDF 格式,共 3 册。"
