"""Tables whose 科目代码 is printed as 类, 款 and 项 in columns of their own (`201 | 03 | 01`)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from tests.conftest import make_report
from zhlint.diagnostics import Diagnostic
from zhlint.document.segment import segment
from zhlint.read.source import Source
from zhlint.tables.model import CodedTable, StandardTable
from zhlint.tables.recognise import recognise

Lint = Callable[..., list[Diagnostic]]

HEAD = (
    "支出决算表\n\n公开03表\n\n部门：测试中心\t\t\t\t\t\t\t\t\t金额单位：万元\n"
    "项目\t\t\t\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出\n"
    "科目编码\t\t\t科目名称\t\t\t\t\t\t\n"
    "类\t款\t项\t\t\t\t\t\t\t\n"
    "栏次\t\t\t\t1\t2\t3\t4\t5\t6\n"
)


def row(lei: str, kuan: str, xiang: str, name: str, total: str, basic: str, project: str) -> str:
    return f"{lei}\t{kuan}\t{xiang}\t{name}\t{total}\t{basic}\t{project}\t0.00\t0.00\t0.00\n"


ROWS = [
    ("", "", "", "合计", "526.36", "516.56", "9.80"),
    ("201", "", "", "一般公共服务支出", "482.59", "472.79", "9.80"),
    ("201", "03", "", "政府办公厅（室）及相关机构事务", "482.59", "472.79", "9.80"),
    ("", "", "01", "行政运行", "472.79", "472.79", "0.00"),  # 类 and 款 continue from above
    ("", "", "02", "一般行政管理事务", "9.80", "0.00", "9.80"),
    ("208", "", "", "社会保障和就业支出", "43.77", "43.77", "0.00"),
    ("", "05", "", "行政事业单位养老支出", "43.77", "43.77", "0.00"),  # the 类 continues
    ("208", "05", "05", "机关事业单位基本养老保险缴费支出", "29.45", "29.45", "0.00"),
    ("", "", "06", "机关事业单位职业年金缴费支出", "14.32", "14.32", "0.00"),
]


def table_text(rows: list[tuple[str, ...]], page_break_after: int | None = None) -> str:
    lines = [row(*cells) for cells in rows]
    if page_break_after is not None:  # the next page repeats the header, the 类/款 cells stay blank
        lines.insert(page_break_after, "\n公开03表（续）\n\n" + HEAD.split("\n", 5)[5])
    return HEAD + "".join(lines)


def read(text: str) -> StandardTable:
    document = segment(Source.from_text(make_report(text), "t.txt"))
    [table] = recognise(document.blocks).standard
    return table


def test_codes_are_composed_from_the_three_columns() -> None:
    table = read(table_text(ROWS))
    assert table.problem is None and isinstance(table.model, CodedTable)
    model = table.model
    assert [(r.code, r.name) for r in model.rows] == [
        ("201", "一般公共服务支出"),
        ("20103", "政府办公厅（室）及相关机构事务"),
        ("2010301", "行政运行"),
        ("2010302", "一般行政管理事务"),
        ("208", "社会保障和就业支出"),
        ("20805", "行政事业单位养老支出"),
        ("2080505", "机关事业单位基本养老保险缴费支出"),
        ("2080506", "机关事业单位职业年金缴费支出"),
    ]
    assert model.total is not None and model.total.value("本年支出合计") == Decimal("526.36")
    leaf = model.row("2010302")
    assert leaf is not None and leaf.value("项目支出") == Decimal("9.80")
    assert table.layout == ()


def test_code_cell_points_at_the_written_parts() -> None:
    text = make_report(table_text(ROWS))
    document = segment(Source.from_text(text, "t.txt"))
    [table] = recognise(document.blocks).standard
    assert isinstance(table.model, CodedTable)
    first = table.model.row("20103")
    inherited = table.model.row("2010301")
    assert first is not None and inherited is not None
    assert text[first.label.span.start : first.label.span.end] == "201\t03"
    assert text[inherited.label.span.start : inherited.label.span.end] == "01"


def test_page_break_keeps_the_inherited_category() -> None:
    table = read(table_text(ROWS, page_break_after=4))
    assert table.problem is None and isinstance(table.model, CodedTable)
    assert [r.code for r in table.model.rows][3:5] == ["2010302", "208"]
    assert len(table.parts) == 1


def test_consistent_split_table_is_silent(lint: Lint) -> None:
    assert [d.code for d in lint(table_text(ROWS), select="ZL3")] == []
    assert [d.code for d in lint(table_text(ROWS), select="ZL004")] == []


def test_rules_run_on_split_tables(lint: Lint) -> None:
    rows = list(ROWS)
    rows[4] = ("", "", "02", "一般行政管理事务", "9.90", "0.00", "9.90")  # the 项 no longer adds up
    found = lint(table_text(rows), select="ZL3")
    assert [(d.code, d.line) for d in found] == [("ZL302", 15)]  # the 款 20103 over its two 项
    assert "2010302 9.90" in found[0].message


def test_rules_run_after_a_page_break(lint: Lint) -> None:
    rows = list(ROWS)
    rows[4] = ("", "", "02", "一般行政管理事务", "9.80", "0.10", "9.80")  # after the break
    found = lint(table_text(rows, page_break_after=4), select="ZL3")
    assert [(d.code, d.line) for d in found] == [("ZL302", 15), ("ZL301", 24)]
    assert "2010302 一般行政管理事务" in found[1].message


def test_a_project_without_a_category_to_continue_is_unreadable(lint: Lint) -> None:
    rows = [ROWS[0], ("", "", "01", "行政运行", "526.36", "516.56", "9.80")]
    table = read(table_text(rows))
    assert table.model is None and table.problem is not None and "类" in table.problem
    assert [d.code for d in lint(table_text(rows), select="ZL0")] == ["ZL004"]


def test_split_codes_found_by_the_data_without_a_header_row() -> None:
    head = HEAD.replace("类\t款\t项\t\t\t\t\t\t\t\n", "")
    table = read(head + "".join(row(*cells) for cells in ROWS))
    assert table.problem is None and isinstance(table.model, CodedTable)
    assert [r.code for r in table.model.rows][:4] == ["201", "20103", "2010301", "2010302"]


def test_full_codes_in_the_kuan_and_xiang_columns() -> None:
    rows = [
        ROWS[0],
        ("201", "", "", "一般公共服务支出", "526.36", "516.56", "9.80"),
        ("", "20103", "", "政府办公厅（室）及相关机构事务", "526.36", "516.56", "9.80"),
        ("", "", "2010301", "行政运行", "526.36", "516.56", "9.80"),
    ]
    table = read(table_text(rows))
    assert isinstance(table.model, CodedTable)
    assert [r.code for r in table.model.rows] == ["201", "20103", "2010301"]


def test_whole_codes_under_the_category_column() -> None:
    rows = [
        ROWS[0],
        ("201", "", "", "一般公共服务支出", "526.36", "516.56", "9.80"),
        ("20103", "", "", "政府办公厅（室）及相关机构事务", "526.36", "516.56", "9.80"),
        ("2010301", "", "", "行政运行", "516.56", "516.56", "0.00"),
        ("", "", "02", "一般行政管理事务", "9.80", "0.00", "9.80"),  # continues 20103
    ]
    table = read(table_text(rows))
    assert isinstance(table.model, CodedTable)
    assert [r.code for r in table.model.rows] == ["201", "20103", "2010301", "2010302"]


def test_category_header_on_the_column_number_row(lint: Lint) -> None:
    head = HEAD.replace("类\t款\t项\t\t\t\t\t\t\t\n栏次\t\t\t\t", "类\t款\t项\t栏次\t")
    text = head + "".join(row(*cells) for cells in ROWS)
    table = read(text)
    assert table.problem is None and isinstance(table.model, CodedTable)
    assert [r.code for r in table.model.rows][:3] == ["201", "20103", "2010301"]
    assert table.layout == ()
    assert [d.code for d in lint(text, select="ZL3")] == []


def test_general_budget_table_in_split_layout(lint: Lint) -> None:
    text = (
        "一般公共预算财政拨款支出决算表\n\n公开05表\n\n"
        "科目编码\t\t\t科目名称\t本年支出\t\t\n类\t款\t项\t\t小计\t基本支出\t项目支出\n"
        "\t\t\t合计\t526.36\t516.56\t9.80\n201\t\t\t一般公共服务支出\t526.36\t516.56\t9.80\n"
        "\t03\t\t政府办公厅（室）及相关机构事务\t526.36\t516.56\t9.80\n"
        "\t\t01\t行政运行\t516.56\t516.56\t0.00\n\t\t02\t一般行政管理事务\t9.80\t0.00\t{}\n"
    )
    table = read(text.format("9.80"))
    assert isinstance(table.model, CodedTable) and table.problem is None
    assert [(r.code, r.value("小计")) for r in table.model.rows][-1] == ("2010302", Decimal("9.80"))
    assert [d.code for d in lint(text.format("9.80"), select="ZL3")] == []
    # the 项 row's own columns, and the 款 over its 项 in 项目支出
    assert sorted(d.code for d in lint(text.format("8.80"), select="ZL3")) == ["ZL301", "ZL302"]
