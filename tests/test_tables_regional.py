"""Regional and budget layouts of the standard tables (issue 13 item 6), each with a bad and a good case.

- a 总表 without 行次 (Shanghai): lines known by their labels;
- a 三公 table with a 预算数/决算数 pair under each item (Shanghai 决算), and a budget 三公 table
  whose items come in another order, followed by a 机关运行经费 column (Shanghai 预算);
- budget tables under their own names (收支预算总表, 支出预算表 …), read and checked;
- a 06表 whose items are spaced over blank cells with an amount on the line below (Jiangsu);
- a note saying the table is empty under a table with amounts;
- a table that extraction broke apart: one ZL004, no sum of the part that is left.

The figures are made up for these tests.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from tests.conftest import make_report
from zhlint.diagnostics import Diagnostic
from zhlint.document.segment import segment
from zhlint.read.source import Source
from zhlint.tables.model import BalanceTable, CodedTable, LineRole, TableKind, Tables
from zhlint.tables.recognise import recognise

Lint = Callable[..., list[Diagnostic]]

BUDGET_COVER = "上海市某区2025年区级部门预算\n\n"


def tables_in(body: str) -> Tables:
    return recognise(segment(Source.from_text(make_report(body))).blocks)


def codes(diagnostics: list[Diagnostic]) -> list[tuple[str, str]]:
    return [(d.code, d.severity.value) for d in diagnostics]


# ---------------------------------------------------------------------------------------------
# 总表 without 行次


def summary_without_row_numbers(grand: str = "812.40", current: str = "806.20") -> str:
    return (
        "收入支出决算总表\n\n单位：万元\n\n"
        "收入\t\t支出\t\n"
        "项目\t决算数\t项目\t决算数\n"
        "一、一般公共预算财政拨款收入\t806.20\t一、一般公共服务支出\t700.00\n"
        "二、事业收入\t\t二、社会保障和就业支出\t112.40\n"
        f"本年收入合计\t806.20\t本年支出合计\t{current}\n"
        "使用非财政拨款结余\t\t结余分配\t\n"
        "年初结转和结余\t6.20\t年末结转和结余\t0.00\n"
        f"总计\t812.40\t总计\t{grand}\n"
    )


def test_summary_without_row_numbers_is_read_by_labels() -> None:
    table = tables_in(summary_without_row_numbers()).get(TableKind.SUMMARY)
    assert table is not None and table.problem is None
    model = table.model
    assert isinstance(model, BalanceTable)
    current = model.line("expenditure", LineRole.CURRENT_TOTAL)
    assert current is not None and current.value("金额") == Decimal("806.20")
    assert [line.category for line in model.expenditure if line.role is LineRole.ITEM] == ["201", "208"]
    assert all(line.row_number is None for line in model.income)


def test_summary_without_row_numbers_good_is_silent(lint: Lint) -> None:
    diagnostics = lint(summary_without_row_numbers("812.40", "812.40"), select="ZL3")
    diagnostics += lint(summary_without_row_numbers("812.40", "812.40"), select="ZL004")
    assert codes(diagnostics) == []


def test_summary_without_row_numbers_bad_sum_is_found(lint: Lint) -> None:
    # 本年支出合计 806.20 is not 700.00 + 112.40 = 812.40.
    diagnostics = lint(summary_without_row_numbers("812.40", "806.20"), select="ZL303")
    assert ("ZL303", "error") in codes(diagnostics)
    assert any("本年支出合计 806.20" in d.message for d in diagnostics)


# ---------------------------------------------------------------------------------------------
# 三公: a 预算数/决算数 pair under each item

PAIRED_HEADER = (
    "财政拨款“三公”经费支出决算表\n\n单位：万元\n\n"
    "财政拨款“三公”经费\t\t\t\t\t\t\t\t\t\t\t\n"
    "合计\t\t因公出国（境）费\t\t公务用车购置及运行维护费\t\t\t\t\t\t公务接待费\t\n"
    "\t\t\t\t小计\t\t公务用车购置费\t\t公务用车运行维护费\t\t\t\n" + "预算数\t决算数\t" * 6 + "\n"
)


def test_paired_three_public_is_read_pair_by_pair() -> None:
    # 合计 9.60 / 7.25; 出国 0 / 0; 车 6.00 / 5.10 (购置 0 / 0, 运行 6.00 / 5.10); 接待 3.60 / 2.15
    row = "9.60\t7.25\t0.00\t0.00\t6.00\t5.10\t0.00\t0.00\t6.00\t5.10\t3.60\t2.15\n"
    model = tables_in(PAIRED_HEADER + row).three_public()
    assert model is not None and model.budget is not None and model.actual is not None
    assert model.budget.total.value == Decimal("9.60") and model.actual.total.value == Decimal("7.25")
    assert model.actual.reception.value == Decimal("2.15")
    assert model.budget.vehicle_operation.value == Decimal("6.00")


def test_paired_three_public_good_is_silent(lint: Lint) -> None:
    row = "9.60\t7.25\t0.00\t0.00\t6.00\t5.10\t0.00\t0.00\t6.00\t5.10\t3.60\t2.15\n"
    assert codes(lint(PAIRED_HEADER + row, select="ZL306") + lint(PAIRED_HEADER + row, select="ZL004")) == []


def test_paired_three_public_bad_actual_is_found(lint: Lint) -> None:
    # 决算数: 0.00 + 5.10 + 2.15 = 7.25, but 合计 says 7.52.
    row = "9.60\t7.52\t0.00\t0.00\t6.00\t5.10\t0.00\t0.00\t6.00\t5.10\t3.60\t2.15\n"
    diagnostics = lint(PAIRED_HEADER + row, select="ZL306")
    assert codes(diagnostics) == [("ZL306", "error")]
    assert "决算数" in diagnostics[0].message and "7.52" in diagnostics[0].message


BUDGET_THREE_PUBLIC = (
    "2025年部门“三公”经费和机关运行经费预算表\n\n单位:万元\n\n"
    "“三公”经费预算数\t\t\t\t\t\t机关运行经费预算数\n"
    "合计\t因公出国(境)费\t公务接待费\t公务用车购置及运行费\t\t\t\n"
    "\t\t\t小计\t购置费\t运行费\t\n"
)


def test_budget_three_public_in_its_own_order_good_is_silent(lint: Lint) -> None:
    # 合计 = 出国 0 + 接待 2.40 + 车 18.00 (购置 10 + 运行 8); 机关运行经费 215.30 after them.
    row = "20.40\t\t2.40\t18.00\t10\t8.00\t215.30\n"
    model = tables_in(BUDGET_THREE_PUBLIC + row).three_public()
    assert model is not None and model.budget is not None and model.actual is None
    assert model.budget.reception.value == Decimal("2.40")
    assert model.budget.vehicle_purchase.value == Decimal("10")
    diagnostics = lint(BUDGET_THREE_PUBLIC + row, select="ZL306", cover=BUDGET_COVER)
    assert codes(diagnostics + lint(BUDGET_THREE_PUBLIC + row, select="ZL004", cover=BUDGET_COVER)) == []


def test_budget_three_public_in_its_own_order_bad_is_found(lint: Lint) -> None:
    row = "20.40\t\t2.40\t18.00\t10\t6.00\t215.30\n"  # 10 + 6.00 is not 18.00
    diagnostics = lint(BUDGET_THREE_PUBLIC + row, select="ZL306", cover=BUDGET_COVER)
    assert codes(diagnostics) == [("ZL306", "error")]
    assert "公务用车购置及运行维护费 18.00" in diagnostics[0].message


# ---------------------------------------------------------------------------------------------
# Budget tables under their own names


def budget_summary(expenditure_total: str = "530,000", category: str = "410,000") -> str:
    return (
        "2025年部门财务收支预算总表\n\n编制部门：某单位 单位：元\n\n"
        "本年收入\t\t本年支出\t\n"
        "项目\t预算数\t项目\t预算数\n"
        f"一、财政拨款收入\t530,000\t一、一般公共服务支出\t{category}\n"
        "1. 一般公共预算资金\t530,000\t二、住房保障支出\t120,000\n"
        "二、事业收入\t\t\t\n"
        f"收入总计\t530,000\t支出总计\t{expenditure_total}\n"
    )


def budget_expenditure(basic: str = "300,000") -> str:
    return (
        "2025年部门支出预算总表\n\n编制部门：某单位 单位：元\n\n"
        "项目\t\t\t\t支出预算\t\t\n"
        "功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出\n"
        "类\t款\t项\t\t\t\t\n"
        "201\t\t\t一般公共服务支出\t410,000\t300,000\t110,000\n"
        f"201\t03\t\t政府办公厅（室）及相关机构事务\t410,000\t{basic}\t110,000\n"
        f"201\t03\t01\t行政运行\t410,000\t{basic}\t110,000\n"
        "221\t\t\t住房保障支出\t120,000\t120,000\t0\n"
        "221\t02\t\t住房改革支出\t120,000\t120,000\t0\n"
        "221\t02\t01\t住房公积金\t120,000\t120,000\t0\n"
        "合计\t\t\t\t530,000\t420,000\t110,000\n"
    )


def test_budget_tables_are_recognised_under_their_own_names() -> None:
    tables = tables_in(budget_summary() + "\n" + budget_expenditure())
    summary, expenditure = tables.get(TableKind.SUMMARY), tables.get(TableKind.EXPENDITURE)
    assert summary is not None and summary.budget and summary.problem is None
    assert expenditure is not None and expenditure.budget and expenditure.problem is None
    assert expenditure.name == "2025年部门支出预算总表"  # not `03表`, the number of a 决算 table
    model = expenditure.model
    assert isinstance(model, CodedTable)
    assert model.total_column == "本年支出合计" and model.part_columns == ("基本支出", "项目支出")
    assert expenditure.scale == Decimal("0.0001")


def test_budget_tables_good_are_silent(lint: Lint) -> None:
    body = budget_summary() + "\n" + budget_expenditure()
    assert (
        codes(lint(body, select="ZL3", cover=BUDGET_COVER) + lint(body, select="ZL004", cover=BUDGET_COVER))
        == []
    )


def test_budget_summary_bad_totals_are_found(lint: Lint) -> None:
    # 支出总计 503,000: not the 530,000 of the classes, nor the 收入总计.
    diagnostics = lint(budget_summary("503,000"), select="ZL303", cover=BUDGET_COVER)
    assert codes(diagnostics) == [("ZL303", "error"), ("ZL303", "error")]
    assert any("收入方总计" in d.message for d in diagnostics)


def test_budget_summary_classes_short_of_the_total_are_found(lint: Lint) -> None:
    # The totals agree, but the classes add to 401,000 + 120,000 = 521,000. The part line
    # `1. 一般公共预算资金` is in its item, not a second item of the income side.
    diagnostics = lint(budget_summary(category="401,000"), select="ZL303", cover=BUDGET_COVER)
    assert codes(diagnostics) == [("ZL303", "error")]
    assert "支出总计 530000" in diagnostics[0].message and "521000" in diagnostics[0].message


def test_budget_expenditure_bad_row_and_hierarchy_are_found(lint: Lint) -> None:
    body = budget_expenditure(basic="330,000")  # 款 and 项: 330,000 + 110,000 is not 410,000
    row_findings = lint(body, select="ZL301", cover=BUDGET_COVER)
    assert ("ZL301", "error") in codes(row_findings)
    assert all("2025年部门支出预算总表" in d.message for d in row_findings)
    assert ("ZL302", "error") in codes(lint(body, select="ZL302", cover=BUDGET_COVER))


def test_unreadable_budget_table_is_named_as_a_budget_table(lint: Lint) -> None:
    body = (
        "公开05表：财政拨款支出预算表\n\n单位：万元\n\n"
        "功能科目代码\t功能科目名称\t金额\t备注数\n204\t公共安全支出\t16.00\t3.00\n合计\t\t16.00\t3.00\n"
    )  # (one 金额 column alone is read: tests/test_tables_budget_layouts.py)
    diagnostics = lint(body, select="ZL004", cover=BUDGET_COVER)
    assert codes(diagnostics) == [("ZL004", "info")]
    assert "决算" not in diagnostics[0].message and "预算表" in diagnostics[0].message


def test_other_budget_tables_are_not_taken_for_standard_ones() -> None:
    body = "2025年政府采购支出预算表\n\n项目\t合计\t货物\n合计\t9.00\t9.00\n"
    assert tables_in(body).standard == ()


# ---------------------------------------------------------------------------------------------
# 06表: items spaced over blank cells, amounts on the line below their label

ECONOMIC_HEADER = "财政拨款基本支出预算表\n\n单位：万元\n\n科目编码\t\t\t科目名称\t\t\t金额\t\n"


def spaced_economic(item: str) -> str:
    return ECONOMIC_HEADER + (
        "302\t\t\t商品和服务支出\t\t\t\t\n"
        "\t\t\t\t\t\t57.30\t\n"
        f"30201\t\t\t办公费\t\t\t{item}\t\n"
        "30211\t\t\t差旅费\t\t\t17.30\t\n"
    )


def test_spaced_items_with_amount_below_good_is_silent(lint: Lint) -> None:
    diagnostics = lint(spaced_economic("40.00"), select="ZL305", cover=BUDGET_COVER)
    assert codes(diagnostics) == []
    layout = lint(spaced_economic("40.00"), select="ZL307", cover=BUDGET_COVER)
    assert codes(layout) == [("ZL307", "info")] and "302 的数值在标签的下一行" in layout[0].message


def test_spaced_items_with_amount_below_bad_is_found(lint: Lint) -> None:
    diagnostics = lint(spaced_economic("44.00"), select="ZL305", cover=BUDGET_COVER)
    assert codes(diagnostics) == [("ZL305", "error")]
    assert "57.30" in diagnostics[0].message and "61.30" in diagnostics[0].message
    assert "预算数 57.30" in diagnostics[0].message  # a budget table's amount is its 预算数


def test_table_broken_by_a_stray_row_is_reported_once_not_summed(lint: Lint) -> None:
    body = (
        ECONOMIC_HEADER
        + "301\t\t\t工资福利支出\t\t\t30.00\t\n30101\t\t\t基本工资\t\t\t10.00\t\n\n"
        + "30102 津贴补贴 20.00\n\n"
        + "30199\t其他工资福利支出\t0.00\t\t\n"
    )
    assert codes(lint(body, select="ZL305", cover=BUDGET_COVER)) == []
    unreadable = lint(body, select="ZL004", cover=BUDGET_COVER)
    assert codes(unreadable) == [("ZL004", "info")] and "30102 津贴补贴 20.00" in unreadable[0].message


# ---------------------------------------------------------------------------------------------
# A note saying the table is empty


def three_public_with_note(row: str) -> str:
    return BUDGET_THREE_PUBLIC + row + "\n注：本部门2025年无“三公”经费和机关运行经费预算，故本表为空表。\n"


def test_empty_note_under_a_table_with_amounts_is_an_error(lint: Lint) -> None:
    """The template's note left in: ZL601 (template residue), no longer ZL307 (layout)."""
    text = three_public_with_note("20.40\t\t2.40\t18.00\t10\t8.00\t215.30\n")
    diagnostics = lint(text, select="ZL601")
    assert codes(diagnostics) == [("ZL601", "error")]
    assert "空表" in diagnostics[0].message
    assert codes(lint(text, select="ZL307")) == []


def test_empty_note_under_an_empty_table_is_silent(lint: Lint) -> None:
    text = three_public_with_note("\t\t\t\t\t\t\n")
    assert codes(lint(text, select="ZL601")) == [] and codes(lint(text, select="ZL307")) == []


# A Jiangsu budget 三公 table: a grand 合计 first, the “三公”经费 group, then 会议费 and 培训费.
GRAND_THREE_PUBLIC = (
    "一般公共预算“三公”经费、会议费、培训费支出预算表\n\n单位：万元\n\n"
    "合计\t“三公”经费\t\t\t\t\t\t会议费\t培训费\n"
    "\t小计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\t\t\n"
    "\t\t\t小计\t公务用车购置费\t公务用车运行维护费\t\t\t\n"
)


def test_three_public_group_after_a_grand_total_good_is_silent(lint: Lint) -> None:
    # 三公 61.00 = 20.00 + 30.00 (0 + 30.00) + 11.00; grand 合计 61.00 + 9.00 + 15.00 = 85.00.
    row = "85.00\t61.00\t20.00\t30.00\t0.00\t30.00\t11.00\t9.00\t15.00\n"
    model = tables_in(GRAND_THREE_PUBLIC + row).three_public()
    assert model is not None and model.budget is not None
    assert model.budget.total.value == Decimal("61.00") and model.budget.reception.value == Decimal("11.00")
    body = GRAND_THREE_PUBLIC + row
    assert (
        codes(lint(body, select="ZL306", cover=BUDGET_COVER) + lint(body, select="ZL004", cover=BUDGET_COVER))
        == []
    )


def test_three_public_group_after_a_grand_total_bad_is_found(lint: Lint) -> None:
    row = "85.00\t61.00\t20.00\t30.00\t0.00\t30.00\t12.00\t9.00\t15.00\n"  # 20 + 30 + 12 is not 61
    diagnostics = lint(GRAND_THREE_PUBLIC + row, select="ZL306", cover=BUDGET_COVER)
    assert codes(diagnostics) == [("ZL306", "error")] and "预算数" in diagnostics[0].message
