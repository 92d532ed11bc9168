"""Recognising the standard tables and reading them into models (zhlint/tables/)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import make_report
from zhlint.document.segment import segment
from zhlint.read.source import Source
from zhlint.show import describe
from zhlint.tables.model import (
    BalanceTable,
    CodedTable,
    EconomicTable,
    LineRole,
    TableKind,
    Tables,
    ThreePublicTable,
)
from zhlint.tables.recognise import recognise, title_kind

CORPUS = Path(__file__).parent / "corpus"

EXPENDITURE = (
    "科目代码\t科目名称\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出\n"
    "栏次\t\t1\t2\t3\t4\t5\t6\n"
    "合计\t\t47.76\t47.76\t0.00\t0.00\t0.00\t0.00\n"
    "208\t社会保障和就业支出\t47.76\t47.76\t0.00\t0.00\t0.00\t0.00\n"
)
THREE_PUBLIC_HEADER = (
    "预算数\t\t\t\t\t\t决算数\t\t\t\t\t\n"
    "合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\t"
    "合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\n"
    "\t\t小计\t购置费\t运行维护费\t\t\t\t小计\t购置费\t运行维护费\t\n"
    "1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\n"
)


def tables_in(body: str) -> Tables:
    return recognise(segment(Source.from_text(make_report(body))).blocks)


def corpus_tables(name: str) -> Tables:
    path = next(CORPUS.glob(f"{name}*.txt"))
    return recognise(segment(Source.from_text(path.read_text(encoding="utf-8"))).blocks)


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("收入支出决算总表", TableKind.SUMMARY),
        ("财政拨款收入支出决算总表", TableKind.FISCAL_SUMMARY),
        ("收入决算表", TableKind.INCOME),
        ("支出决算表", TableKind.EXPENDITURE),
        ("一般公共预算财政拨款支出决算表", TableKind.GENERAL_BUDGET),
        ("一般公共预算财政拨款基本支出决算表", TableKind.BASIC_DETAIL),
        ("一般公共预算财政拨款基本支出决算明细表", TableKind.BASIC_DETAIL),
        ("政府性基金预算财政拨款收入支出决算表", TableKind.GOV_FUND),
        ("国有资产经营预算财政拨款支出决算表", TableKind.STATE_CAPITAL),
        ("一般公共预算财政拨款“三公”经费支出决算表", TableKind.THREE_PUBLIC),
        ("本单位没有政府性基金收入，故本表无数据。", None),
    ],
)
def test_titles_name_the_kind(title: str, kind: TableKind | None) -> None:
    assert title_kind(title) is kind


def test_title_decides_over_number_and_number_is_kept() -> None:
    tables = tables_in(
        "财政拨款“三公”经费支出决算表\n\n公开07表\n\n" + THREE_PUBLIC_HEADER + "1\t0\t1\t0\t1\t0\t" * 2
    )
    [table] = tables.standard
    assert table.kind is TableKind.THREE_PUBLIC
    assert table.number == 7 and table.name == "公开07表"


def test_title_after_the_number_and_caption_inside_a_tab_line() -> None:
    body = "公开03表\n支出决算表\n\n部门：测试中心\t\t\t\t\t\t公开03表\n" + EXPENDITURE
    [table] = tables_in(body).standard
    assert table.kind is TableKind.EXPENDITURE and table.problem is None
    assert isinstance(table.model, CodedTable)
    assert [row.code for row in table.model.rows] == ["208"]


def test_header_alone_recognises_a_table_without_title() -> None:
    [table] = tables_in("公开03表\n\n" + EXPENDITURE).standard
    assert table.kind is TableKind.EXPENDITURE


def test_coded_table_with_merged_code_and_name_and_surplus_column() -> None:
    body = (
        "支出决算表\n"
        "科目代码\t科目名称\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出\t\n"
        "栏次\t1\t2\t3\t4\t5\t6\t\t\n"
        "合计\t563.56\t448.55\t115.01\t0.00\t0.00\t0.00\t0.00\t\n"
        "201 一般公共服务支出\t467.01\t352.01\t115.01\t0.00\t0.00\t0.00\t0.00\t\n"
    )
    [table] = tables_in(body).standard
    model = table.model
    assert isinstance(model, CodedTable) and model.total is not None
    assert model.total.value("基本支出") == Decimal("448.55")
    row = model.row("201")
    assert row is not None and row.name == "一般公共服务支出"
    assert row.value("本年支出合计") == Decimal("467.01") and row.value("项目支出") == Decimal("115.01")


def test_blank_cells_keep_their_column() -> None:
    body = (
        "国有资本经营预算财政拨款支出决算表\n项目\t\t本年支出\t\t\n科目代码\t科目名称\t合计\t基本支出\t项目支出\n"
        "栏次\t\t1\t2\t3\n\t合计\t\t0.00\t\n"
    )
    [table] = tables_in(
        body + "\n注：本表反映…。\n\n本单位没有使用国有资本经营预算安排的支出，故本表无数据。\n"
    ).standard
    assert table.empty and table.problem is None
    assert isinstance(table.model, CodedTable) and table.model.total is not None
    cell = table.model.total.cell("基本支出")
    assert cell is not None and cell.text == "0.00"


def test_table_split_over_pages_with_repeated_header_is_one_table() -> None:
    body = (
        "支出决算表\n"
        + EXPENDITURE
        + "\n公开03表（续）\n\n"
        + EXPENDITURE.splitlines()[0]
        + "\n2210201\t住房公积金\t1.00\t1.00\t0.00\t0.00\t0.00\t0.00\n"
    )
    tables = tables_in(body)
    [table] = tables.standard
    assert len(table.parts) == 1
    assert isinstance(table.model, CodedTable)
    assert [row.code for row in table.model.rows] == ["208", "2210201"]


def test_three_public_table_reads_both_groups() -> None:
    body = "财政拨款“三公”经费支出决算表\n" + THREE_PUBLIC_HEADER
    body += "17.00\t0.00\t12.00\t0.00\t12.00\t5.00\t13.35\t0.00\t12.00\t0.00\t12.00\t1.35\n"
    [table] = tables_in(body).standard
    model = table.model
    assert isinstance(model, ThreePublicTable) and model.budget and model.actual
    assert model.budget.total.value == Decimal("17.00")
    assert model.actual.reception.value == Decimal("1.35")


def test_garbled_three_public_table_is_reported_not_guessed() -> None:
    body = "财政拨款“三公”经费支出决算表\n" + THREE_PUBLIC_HEADER + "\t".join(["0.00"] * 13) + "\n"
    [table] = tables_in(body).standard
    assert table.model is None
    assert table.problem is not None and "13" in table.problem


def test_document_without_tables_has_no_standard_tables() -> None:
    assert tables_in("一、收入支出决算总体情况说明\n\n2023年度收、支总计526.36万元。\n").standard == ()


def test_appendix_tables_are_not_standard_tables() -> None:
    body = "2023 年度部门整体支出绩效自评表\n\n项目\t分值\t得分\n执行率\t10\t8.3\n总分\t100\t98.3\n"
    assert tables_in(body).standard == ()


def test_corpus_000_every_table_found_and_read() -> None:
    tables = corpus_tables("000")
    assert [table.kind.value for table in tables.standard] == list(range(1, 10))
    summary = tables.balance(TableKind.SUMMARY)
    assert isinstance(summary, BalanceTable)
    grand = summary.line("expenditure", LineRole.GRAND_TOTAL)
    assert grand is not None and grand.value("金额") == Decimal("526.36")
    economic = tables.economic()
    assert isinstance(economic, EconomicTable) and economic.personnel_total is not None
    assert economic.personnel_total.value == Decimal("299.85")
    three = tables.three_public()
    assert three is not None and three.budget is not None and three.actual is None


def test_corpus_002_three_public_is_table_07_and_leaf_only_tables() -> None:
    tables = corpus_tables("002")
    table = tables.get(TableKind.THREE_PUBLIC)
    assert table is not None and table.number == 7 and table.problem is None
    budget = tables.coded(TableKind.GENERAL_BUDGET)
    assert budget is not None and all(row.code and len(row.code) == 7 for row in budget.rows)
    assert budget.total is not None and budget.total.value("小计") == Decimal("6094.55")


def test_corpus_004_values_of_06_totals_on_the_next_line() -> None:
    economic = corpus_tables("004").economic()
    assert economic is not None and economic.public_total is not None
    assert economic.public_total.value == Decimal("52.16")


def test_describe_lists_tables_and_problems() -> None:
    path = next(CORPUS.glob("000*.txt"))
    text = describe(Source.from_text(path.read_text(encoding="utf-8"), str(path)))
    assert "识别出 9 张标准表" in text
    assert "公开09表" in text and "无法完整读取" in text


def test_three_public_table_laid_out_by_rows() -> None:
    body = (
        "财政拨款“三公”经费支出决算表\n项目\t预算数\t决算数\n合计\t17.00\t13.35\n因公出国（境）费\t0.00\t0.00\n"
        "公务用车购置及运行维护费\t12.00\t12.00\n其中：公务用车购置费\t0.00\t0.00\n"
        "公务用车运行维护费\t12.00\t12.00\n公务接待费\t5.00\t1.35\n"
    )
    [table] = tables_in(body).standard
    model = table.model
    assert isinstance(model, ThreePublicTable) and model.budget and model.actual, table.problem
    assert model.budget.reception.value == Decimal("5.00") and model.actual.total.value == Decimal("13.35")
    assert model.budget.vehicle_purchase.value == Decimal("0.00")


def test_three_public_rows_with_unknown_label_are_not_guessed() -> None:
    body = "财政拨款“三公”经费支出决算表\n项目\t预算数\t决算数\n合计\t17.00\t13.35\n其他\t1.00\t1.00\n"
    [table] = tables_in(body).standard
    assert table.model is None and table.problem is not None


def test_codes_split_over_three_columns_are_composed() -> None:
    body = (
        "支出决算表\n科目编码\t\t\t科目名称\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出\n"
        "类\t款\t项\t\t\t\t\t\t\t\n合计\t\t\t\t9.80\t0.00\t9.80\t0.00\t0.00\t0.00\n"
        "201\t\t\t一般公共服务支出\t9.80\t0.00\t9.80\t0.00\t0.00\t0.00\n"
        "201\t03\t\t政府办公厅（室）及相关机构事务\t9.80\t0.00\t9.80\t0.00\t0.00\t0.00\n"
    )
    [table] = tables_in(body).standard
    assert table.problem is None and isinstance(table.model, CodedTable)
    assert [(row.code, row.value("项目支出")) for row in table.model.rows] == [
        ("201", Decimal("9.80")),
        ("20103", Decimal("9.80")),
    ]  # more in tests/test_tables_split_codes.py
