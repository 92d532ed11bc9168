"""ZL210: the 经费控制情况 block of the 基础数据表 (附件) against the 三公 table, the prose and the 06表."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import zhlint
from tests.conftest import make_report
from zhlint.diagnostics import Diagnostic, Severity
from zhlint.document.segment import segment
from zhlint.read.source import Source
from zhlint.tables.appendix import read_control_block

CORPUS = Path(__file__).parent / "corpus"
Lint = Callable[..., list[Diagnostic]]

THREE_PUBLIC = (
    "财政拨款“三公”经费支出决算表\n\n公开09表\n\n预算数\t\t\t\t\t\t决算数\t\t\t\t\t\n"
    "合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\t"
    "合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\n"
    "\t\t小计\t公务用车购置费\t公务用车运行维护费\t\t\t\t小计\t公务用车购置费\t公务用车运行维护费\t\n"
    "17.00\t0.00\t12.00\t0.00\t12.00\t5.00\t13.35\t0.00\t12.00\t0.00\t12.00\t1.35\n\n"
)
DETAIL = (
    "一般公共预算财政拨款基本支出决算明细表\n\n公开06表\n\n人员经费\t\t\t公用经费\t\t\n"
    "科目代码\t科目名称\t决算数\t科目代码\t科目名称\t决算数\n"
    "301\t工资福利支出\t299.85\t302\t商品和服务支出\t216.71\n"
    "30101\t基本工资\t299.85\t30201\t办公费\t216.31\n"
    "\t\t\t30215\t会议费\t0.20\n\t\t\t30216\t培训费\t0.20\n"
    "人员经费合计\t\t299.85\t公用经费合计\t\t216.71\n\n"
)
# 03表 and 05表 with nothing but 一般公共预算财政拨款基本支出: the 06表 holds every meeting and training.
ONLY_BASIC = (
    "支出决算表\n\n公开03表\n\n"
    "科目代码\t科目名称\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出\n"
    "合计\t\t516.56\t516.56\t0.00\t0.00\t0.00\t0.00\n"
    "201\t一般公共服务支出\t516.56\t516.56\t0.00\t0.00\t0.00\t0.00\n\n"
    "一般公共预算财政拨款支出决算表\n\n公开05表\n\n科目代码\t科目名称\t小计\t基本支出\t项目支出\n"
    "合计\t\t516.56\t516.56\t0.00\n201\t一般公共服务支出\t516.56\t516.56\t0.00\n\n"
)
PROSE = (
    "十、财政拨款“三公”经费支出决算情况说明\n\n"
    "“三公”经费财政拨款支出预算为{budget}万元，支出决算为13.35万元。其中：\n\n"
    "公务接待费支出预算为{reception}万元，支出决算为1.35万元。\n\n"
)
HEADER = "经费控制情况（万元）\t2022年决算数\t{year}年预算数\t\t{year}年决算数\n"


def basic_data(
    total: str = "17\t\t13.35",
    reception: str = "5\t\t1.35",
    meetings: str = "3\t\t0.4",
    year: str = "2023",
) -> str:
    """A 基础数据表 whose 2023 预算数 and 决算数 stand in the third and fifth columns (a blank between)."""
    return (
        "附件1\n\n2023年度部门整体支出绩效评价基础数据表\n\n"
        "财政供养人员情况（人）\t编制数\t2023年实际在职人数\t\t控制率\n\t21\t20\t\t95.24%\n"
        + HEADER.format(year=year)
        + f"三公经费\t15\t{total}\n"
        "1、公务用车购置和维护经费\t\t\t\t\n其中：公车购置\t\t\t\t\n公车运行维护\t\t\t\t\n"
        "2、出国经费\t\t\t\t\n"
        f"3、公务接待\t1\t{reception}\n"
        "公用经费：\t85.51\t58.24\t\t75.27\n"
        f"会议费、培训费\t0.23\t{meetings}\n"
        "楼堂馆所控制情况\t批复规模\t实际规模\t规模控制率\t预算投资\n\n"
    )


def zl210(lint: Lint, text: str) -> list[Diagnostic]:
    return lint(text, select="ZL210")


def line_of(text: str, needle: str) -> int:
    """The 1-based line of ``needle`` in the linted report (the cover adds its lines first)."""
    report = make_report(text)
    return report[: report.index(needle)].count("\n") + 1


def test_budget_that_differs_from_the_three_public_table(lint: Lint) -> None:
    text = THREE_PUBLIC + basic_data(total="20\t\t13.35")
    found = zl210(lint, text)
    assert [(d.code, d.severity, d.line) for d in found] == [
        ("ZL210", Severity.WARNING, line_of(text, "三公经费\t15"))
    ]
    message = found[0].message
    assert "附件基础数据表“三公经费”2023年预算数为 20万元" in message
    assert "公开09表 预算数“三公经费”为 17.00万元，两处不一致" in message
    assert "不同口径的预算数" in message  # the caveat: 年初 vs adjusted budget
    assert [r.line for r in found[0].related] == [line_of(text, "17.00\t0.00")]
    # the span is the 2023年预算数 cell, not the row's label or the 2022 figure
    assert found[0].end_column - found[0].column == len("20")


def test_actual_that_differs_has_no_budget_caveat(lint: Lint) -> None:
    text = THREE_PUBLIC + basic_data(reception="5\t\t1.53")
    found = zl210(lint, text)
    assert [(d.code, d.severity, d.line) for d in found] == [
        ("ZL210", Severity.WARNING, line_of(text, "3、公务接待"))
    ]
    assert "“3、公务接待”2023年决算数为 1.53万元" in found[0].message
    assert "公开09表 决算数“公务接待费”为 1.35万元" in found[0].message
    assert "口径" not in found[0].message


def test_budget_that_differs_from_the_prose_without_a_three_public_table(lint: Lint) -> None:
    # the 004 case: no readable 09表; the narrative gives a budget of 0, the 附件 0.8
    prose = PROSE.format(budget="0", reception="0")
    text = prose + basic_data(total="0.8\t\t13.35", reception="0.8\t\t1.35")
    found = zl210(lint, text)
    assert [(d.code, d.severity, d.line) for d in found] == [
        ("ZL210", Severity.WARNING, line_of(text, "三公经费\t15")),
        ("ZL210", Severity.WARNING, line_of(text, "3、公务接待")),
    ]
    total, reception = found
    assert "“三公经费”2023年预算数为 0.8万元，正文中三公经费的预算为 0万元" in total.message
    assert "“3、公务接待”2023年预算数为 0.8万元，正文中公务接待费的预算为 0万元" in reception.message
    assert [r.line for r in total.related] == [line_of(text, "“三公”经费财政拨款支出预算")]
    assert [r.line for r in reception.related] == [line_of(text, "公务接待费支出预算")]


def test_meetings_and_training_below_the_basic_detail_table(lint: Lint) -> None:
    text = DETAIL + basic_data(meetings="3\t\t0.3")
    found = zl210(lint, text)
    assert [(d.code, d.severity, d.line) for d in found] == [
        ("ZL210", Severity.WARNING, line_of(text, "会议费、培训费\t0.23"))
    ]
    message = found[0].message
    assert "“会议费、培训费”2023年决算数为 0.3万元" in message
    assert "公开06表“30215 会议费”与“30216 培训费”合计为 0.40万元" in message
    assert "小于" in message
    assert [r.line for r in found[0].related] == [line_of(text, "30215"), line_of(text, "30216")]


def test_meetings_and_training_above_the_table_only_where_nothing_else_paid(lint: Lint) -> None:
    # above the 06表: other money (项目支出, 其他资金) may have paid, unless 03/05表 show none
    assert zl210(lint, DETAIL + basic_data(meetings="3\t\t0.9")) == []
    text = ONLY_BASIC + DETAIL + basic_data(meetings="3\t\t0.9")
    found = zl210(lint, text)
    assert [(d.code, d.severity, d.line) for d in found] == [
        ("ZL210", Severity.WARNING, line_of(text, "会议费、培训费\t0.23"))
    ]
    assert "2023年决算数为 0.9万元" in found[0].message and "合计为 0.40万元" in found[0].message


def test_figures_that_agree_are_silent(lint: Lint) -> None:
    # with the 三公 table and the 06表 (0.4 is 0.20 + 0.20), and with the prose instead of the table
    assert zl210(lint, THREE_PUBLIC + DETAIL + ONLY_BASIC + basic_data()) == []
    assert zl210(lint, PROSE.format(budget="17", reception="5") + basic_data()) == []
    # a 0.01 tail is not a disagreement
    assert zl210(lint, THREE_PUBLIC + basic_data(total="17.01\t\t13.35")) == []


def test_blank_cells_are_not_zero(lint: Lint) -> None:
    # blank 预算数 and 决算数 (and the blank 公车 rows of the template) are not stated: silent
    text = THREE_PUBLIC + DETAIL + ONLY_BASIC + basic_data(total="\t\t", reception="\t\t", meetings="\t\t")
    assert zl210(lint, text) == []
    assert zl210(lint, THREE_PUBLIC + basic_data(total="-\t\t-")) == []


def test_no_basic_data_table_or_nothing_to_compare_with_is_silent(lint: Lint) -> None:
    assert zl210(lint, THREE_PUBLIC + DETAIL + PROSE.format(budget="0", reception="0")) == []
    # a 基础数据表 but neither a 三公 table, 三公 prose nor a 06表
    assert zl210(lint, basic_data(total="20\t\t13.35", meetings="3\t\t9")) == []


def test_header_without_the_report_year_is_silent(lint: Lint) -> None:
    # the columns are for 2022: not the report year's figures
    assert zl210(lint, THREE_PUBLIC + basic_data(total="20\t\t13.35", year="2022")) == []
    # columns without a year (`本年预算数`) are not guessed
    undated = (
        basic_data(total="20\t\t13.35")
        .replace("2023年预算数", "本年预算数")
        .replace("2023年决算数", "本年决算数")
    )
    assert zl210(lint, THREE_PUBLIC + undated) == []


def test_figure_outside_the_named_columns_is_not_read(lint: Lint) -> None:
    # the row is shifted one cell right: 20 stands under the blank header cell, not under 2023年预算数
    assert zl210(lint, THREE_PUBLIC + basic_data(total="\t20\t13.35")) == []
    # a block in 元 is not compared with tables in 万元
    in_yuan = basic_data(total="20\t\t13.35").replace("经费控制情况（万元）", "经费控制情况（元）")
    assert zl210(lint, THREE_PUBLIC + in_yuan) == []


def test_reader_finds_the_columns_by_the_header() -> None:
    source = Source.from_text(make_report(basic_data(reception="\t\t1.35")), "t.txt")
    table = next(t for t in segment(source).tables if "经费控制情况" in t.rows[2].text)
    block = read_control_block(table, 2023)
    assert block is not None and block.year == 2023
    read = {figure.subject: (figure.budget, figure.actual) for figure in block.figures}
    assert list(read) == [
        "三公经费",
        "公务接待费",
        "会议费、培训费",
    ]  # the blank 公车/出国 rows: nothing read
    budget, actual = read["公务接待费"]
    assert budget is None and actual is not None and str(actual.value) == "1.35"
    assert read_control_block(table, 2024) is None


def test_corpus_004_appendix_three_public_budget() -> None:
    text = next(CORPUS.glob("004*.txt")).read_text(encoding="utf-8")
    found = [d for d in zhlint.lint_text(text, path="t.txt") if d.code == "ZL210"]
    assert [(d.line, d.severity.value) for d in found] == [(704, "warning"), (709, "warning")]
    assert "“三公经费”2023年预算数为 0.8万元，正文中三公经费的预算为 0万元" in found[0].message
    assert "“3、公务接待”2023年预算数为 0.8万元，正文中公务接待费的预算为 0万元" in found[1].message
    assert [r.line for r in found[0].related] == [481] and [r.line for r in found[1].related] == [487]
    for name in ("000", "002"):
        other = next(CORPUS.glob(f"{name}*.txt")).read_text(encoding="utf-8")
        assert [d for d in zhlint.lint_text(other, path="t.txt") if d.code == "ZL210"] == []


def test_block_starting_with_the_three_public_rows_is_not_a_three_public_table(lint: Lint) -> None:
    # without the 财政供养人员情况 and 公车 rows, `3、公务接待` is among the first six rows (where the
    # header of a 三公 table is looked for): still not a 09表, so no ZL004
    block = (
        basic_data(total="20\t\t13.35")
        .replace("财政供养人员情况（人）\t编制数\t2023年实际在职人数\t\t控制率\n\t21\t20\t\t95.24%\n", "")
        .replace("其中：公车购置\t\t\t\t\n公车运行维护\t\t\t\t\n", "")
    )
    text = THREE_PUBLIC + "第五部分 附件\n\n" + block
    found = [(d.code, d.severity, d.line) for d in lint(text) if d.code in ("ZL004", "ZL210")]
    assert found == [("ZL210", Severity.WARNING, line_of(text, "三公经费\t15"))]
