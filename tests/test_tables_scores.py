"""Reading the 绩效自评表: the 一级指标 blocks and the 分值 their labels state."""

from __future__ import annotations

from decimal import Decimal

from tests.conftest import make_report
from zhlint.document.segment import segment
from zhlint.read.source import Source
from zhlint.tables.appendix import ScoreTable, read_score_table

HEADER = "绩效指标{label}\t一级指标\t二级指标\t三级指标\t分值\t得分\n"


def score_table(body: str) -> ScoreTable:
    document = segment(Source.from_text(make_report(body), "t.txt"))
    tables = [table for block in document.tables if (table := read_score_table(block)) is not None]
    assert len(tables) == 1
    return tables[0]


def blocks(table: ScoreTable) -> list[tuple[str, str, Decimal, list[str]]]:
    return [
        (block.label.text, block.group, block.weight, [row.weight.text for row in block.rows])
        for block in table.blocks
    ]


def test_label_forms_and_places() -> None:
    body = (
        HEADER.format(label=" (40分)")  # the first label merged into the header cell
        + "\t产出指标\t数量指标\t完成率\t30\t30\n"
        + "\t\t质量指标\t合格率\t10\t10\n"
        + "\t(50 分)\t经济效 益指标\t增收\t25\t25\n"  # no name, a name split by a space
        + "\t\t社会效益指标\t覆盖率\t25\t25\n"
        + "满意度指标（分值10）\t服务对象满意度指标\t满意度\t10\t9\t\n"  # shifted left
        + "总分\t\t\t\t100\t99\n"
    )
    assert blocks(score_table(body)) == [
        ("绩效指标 (40分)", "产出", Decimal(40), ["30", "10"]),
        ("(50 分)", "效益", Decimal(50), ["25", "25"]),
        ("满意度指标（分值10）", "满意度", Decimal(10), ["10"]),
    ]


def test_rows_follow_their_second_level_names_not_the_label_row() -> None:
    body = (
        HEADER.format(label="")
        + "\t产出指标（20分）\t数量指标\t完成率\t10\t10\n"
        + "\t效益指标（10分）\t时效指标\t及时率\t10\t10\n"  # the 效益 label landed on an 产出 row
        + "\t\t社会效益指标\t覆盖率\t10\t10\n"
        + "\t\t经济成本指标\t成本\t70\t70\n"  # 成本 has no label: not checked
        + "总分\t\t\t\t100\t100\n"
    )
    assert blocks(score_table(body)) == [
        ("产出指标（20分）", "产出", Decimal(20), ["10", "10"]),
        ("效益指标（10分）", "效益", Decimal(10), ["10"]),
    ]


def test_cost_indicator_under_output_and_on_its_own() -> None:
    body = (
        HEADER.format(label="")
        + "\t产出指标（20分）\t数量指标\t完成率\t10\t10\n"
        + "\t\t成本指标\t控制数\t10\t10\n"  # a 二级指标 of 产出
        + "\t成本指标（80分）\t成本指标\t控制数\t80\t80\n"  # the 一级 成本指标, named again
        + "总分\t\t\t\t100\t100\n"
    )
    assert blocks(score_table(body)) == [
        ("产出指标（20分）", "产出", Decimal(20), ["10", "10"]),
        ("成本指标（80分）", "成本", Decimal(80), ["80"]),
    ]


def test_no_blocks_when_a_row_has_no_group() -> None:
    body = (
        HEADER.format(label="")
        + "\t(20分)\t\t完成率\t10\t10\n"  # neither a 二级 name nor a named label: which group?
        + "\t\t数量指标\t及时率\t10\t10\n"
        + "总分\t\t\t\t20\t20\n"
    )
    assert score_table(body).blocks == ()


def test_named_label_gives_its_row_a_group() -> None:
    body = HEADER.format(label="") + "\t产出指标（20分）\t\t完成率\t20\t20\n总分\t\t\t\t20\t20\n"
    assert blocks(score_table(body)) == [("产出指标（20分）", "产出", Decimal(20), ["20"])]


def test_label_of_an_unknown_group_is_not_read() -> None:
    body = HEADER.format(label="") + "\t考核指标（20分）\t数量指标\t完成率\t20\t20\n总分\t\t\t\t20\t20\n"
    assert score_table(body).blocks == ()


VALUES = "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"


def test_blank_score_is_read_at_the_header_columns() -> None:
    # the 实际完成值 120 is not the 分值: the row is in place (数量指标 under 二级指标), 得分 blank
    body = (
        VALUES
        + "产出指标（50分）\t数量指标\t培训人数\t100\t120\t30\t\n"
        + "\t质量指标\t合格率\t95%\t98%\t20\t20\n"
        + "总分\t\t\t\t\t50\t20\n"
    )
    table = score_table(body)
    assert [(row.weight.text, row.score.text) for row in table.rows] == [("30", ""), ("20", "20")]
    assert not table.unsure
    assert blocks(table) == [("产出指标（50分）", "产出", Decimal(50), ["30", "20"])]


def test_row_that_may_be_shifted_or_in_place_is_unsure() -> None:
    # no 二级指标 name to tell: 98 | 20 | (blank) may be 分值 20, or 98 and 20 shifted left
    body = (
        VALUES
        + "产出指标（50分）\t数量指标\t培训人数\t100\t120\t30\t\n"
        + "\t\t按时完成率\t95%\t98\t20\t\n"
        + "总分\t\t\t\t\t50\t20\n"
    )
    table = score_table(body)
    assert table.unsure and table.blocks == ()
    # visibly shifted (the 二级指标 name one column left of its header): the last two numbers
    shifted = (
        VALUES + "产出指标（50分）\t数量指标\t培训人数\t100\t120\t30\t\n数量指标\t人次\t1\t2\t20\t20\t\n"
    )
    assert [
        (row.weight.text, row.score.text) for row in score_table(shifted + "总分\t\t\t\t\t50\t20\n").rows
    ][1] == ("20", "20")
