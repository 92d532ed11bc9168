"""The 06表 with its economic code printed in two columns 类 | 款 (`301 | | 工资福利支出`, `| 01 | 基本工资`).

The rows are real ones of the 06表 in tests/corpus/000_*.txt, a few per 类, laid out again with
the code split, each 3-digit 类 set to the sum of the rows kept.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from tests.conftest import make_report
from zhlint.diagnostics import Diagnostic, Severity
from zhlint.document.segment import segment
from zhlint.read.source import Source
from zhlint.tables.model import EconomicTable, StandardTable
from zhlint.tables.recognise import recognise

Lint = Callable[..., list[Diagnostic]]

CAPTION = (
    "一般公共预算财政拨款基本支出决算明细表\n\n公开06表\n\n"
    "部门：株洲市测试中心\t\t\t\t\t\t\t\t\t\t\t金额单位：万元\n"
)
HEADER = (
    "人员经费\t\t\t\t公用经费\t\t\t\t\t\t\t\n"
    "科目代码\t\t科目名称\t决算数\t科目代码\t\t科目名称\t决算数\t科目代码\t\t科目名称\t决算数\n"
    "类\t款\t\t\t类\t款\t\t\t类\t款\t\t\n"
)
# Three groups side by side: 人员经费 (301, 303), 公用经费 (302; 307, 310, 399); `|` between cells.
ROWS = [
    "301||工资福利支出|205.89|302||商品和服务支出|70.00|307||债务利息及费用支出|0.00",
    "|01|基本工资|85.62||01|办公费|18.52||01|国内债务付息|0.00",
    "|02|津贴补贴|31.48||11|差旅费|10.84|310||资本性支出|13.31",
    "|03|奖金|64.27||17|公务接待费|1.35||02|办公设备购置|4.19",
    "|13|住房公积金|24.52||26|劳务费|39.29||07|信息网络及软件购置更新|9.12",
    "303||对个人和家庭的补助|5.18|||||399||其他支出|0.00",
    "|02|退休费|4.00||||||99|其他支出|0.00",
    "|07|医疗费补助|1.18||||||||",
]
# Ragged as in the corpus: each total in the 决算数 column of its label's group.
TOTALS = "人员经费合计\t\t\t211.07\t公用经费合计\t\t\t\t\t\t\t83.31\n"
PROSE = (
    "\n六、一般公共预算财政拨款基本支出决算情况说明\n\n"
    "2023年度一般公共预算财政拨款基本支出294.38万元，其中：人员经费{personnel}万元，占基本支出的71.7%，"
    "主要包括基本工资、津贴补贴、奖金；公用经费83.31万元，占基本支出的28.3%，主要包括办公费、差旅费、劳务费。\n"
)
FIRST_ROW_LINE = 12  # after the cover (3 lines), the caption (5) and the header (3)

CODES = [
    ("301", "工资福利支出", "205.89"),
    ("302", "商品和服务支出", "70.00"),
    ("307", "债务利息及费用支出", "0.00"),
    ("30101", "基本工资", "85.62"),
    ("30201", "办公费", "18.52"),
    ("30701", "国内债务付息", "0.00"),
    ("30102", "津贴补贴", "31.48"),
    ("30211", "差旅费", "10.84"),
    ("310", "资本性支出", "13.31"),
    ("30103", "奖金", "64.27"),
    ("30217", "公务接待费", "1.35"),
    ("31002", "办公设备购置", "4.19"),
    ("30113", "住房公积金", "24.52"),
    ("30226", "劳务费", "39.29"),
    ("31007", "信息网络及软件购置更新", "9.12"),
    ("303", "对个人和家庭的补助", "5.18"),
    ("399", "其他支出", "0.00"),
    ("30302", "退休费", "4.00"),
    ("39999", "其他支出", "0.00"),
    ("30307", "医疗费补助", "1.18"),
]


def table_text(rows: list[str], page_break_after: int | None = None, header: str = HEADER) -> str:
    lines = [row.replace("|", "\t") + "\n" for row in rows]
    if page_break_after is not None:  # the next page repeats the header; the 类 cells stay blank
        lines.insert(page_break_after, "\n公开06表（续）\n\n" + header)
    return CAPTION + header + "".join(lines) + TOTALS


def read(text: str) -> StandardTable:
    document = segment(Source.from_text(make_report(text), "t.txt"))
    [table] = recognise(document.blocks).standard
    return table


def model_of(text: str) -> EconomicTable:
    table = read(text)
    assert table.problem is None and isinstance(table.model, EconomicTable)
    return table.model


def test_codes_are_composed_from_the_two_columns_of_each_group() -> None:
    model = model_of(table_text(ROWS))
    assert [(item.code, item.name, item.amount.text) for item in model.items] == CODES
    assert model.personnel_total is not None and model.personnel_total.value == Decimal("211.07")
    assert model.public_total is not None and model.public_total.value == Decimal("83.31")


def test_code_cell_points_at_the_written_parts() -> None:
    text = make_report(table_text(ROWS))
    document = segment(Source.from_text(text, "t.txt"))
    [table] = recognise(document.blocks).standard
    assert isinstance(table.model, EconomicTable)
    category, item = table.model.item("310"), table.model.item("31002")
    assert category is not None and item is not None
    assert text[category.label.span.start : category.label.span.end] == "310"
    assert text[item.label.span.start : item.label.span.end] == "02"


def test_consistent_split_table_is_silent(lint: Lint) -> None:
    text = table_text(ROWS) + PROSE.format(personnel="211.07")
    found = lint(text)
    assert [d.code for d in found if d.code[:3] in ("ZL0", "ZL2", "ZL3")] == []


def test_an_item_that_breaks_its_category_sum(lint: Lint) -> None:
    rows = list(ROWS)
    rows[3] = ROWS[3].replace("64.27", "74.27")  # 301 205.89 ≠ its items 215.89
    text = table_text(rows)
    found = lint(text, select="ZL3")
    assert [(d.code, d.severity, d.line) for d in found] == [("ZL305", Severity.ERROR, FIRST_ROW_LINE)]
    [finding] = found
    assert finding.column == len("301\t\t工资福利支出\t") + 1  # the 决算数 cell of 301
    assert "301 工资福利支出" in finding.message and "差错更可能在明细中" in finding.message
    assert FIRST_ROW_LINE + 3 in {related.line for related in finding.related}  # 30103 奖金


def test_personnel_total_against_the_prose(lint: Lint) -> None:
    text = table_text(ROWS) + PROSE.format(personnel="221.07")
    found = lint(text, select="ZL203")
    assert [d.code for d in found] == ["ZL203"] and "211.07" in found[0].message
    assert [related.line for related in found[0].related] == [FIRST_ROW_LINE + len(ROWS)]


def test_page_break_keeps_the_categories_of_every_group(lint: Lint) -> None:
    text = table_text(ROWS, page_break_after=2)  # 03 奖金, 17 公务接待费, 02 办公设备购置 on the next page
    table = read(text)
    assert isinstance(table.model, EconomicTable) and table.problem is None
    assert [(item.code, item.name, item.amount.text) for item in table.model.items] == CODES
    assert [d.code for d in lint(text, select="ZL3")] == []
    assert [d.code for d in lint(text, select="ZL0")] == []


def test_whole_codes_in_the_kuan_column() -> None:
    """`301 | 30101 | 基本工资`: the 类 written on every row, the 款 in full."""
    categories = ["", "", ""]  # the 类 of each group
    rows = []
    for row in ROWS:
        cells = row.split("|")
        for group in range(3):
            category, item = cells[4 * group : 4 * group + 2]
            categories[group] = category or categories[group]
            if item:
                cells[4 * group : 4 * group + 2] = [categories[group], categories[group] + item]
        rows.append("|".join(cells))
    assert rows[1].startswith("301|30101|基本工资|")
    model = model_of(table_text(rows))
    assert [(item.code, item.name, item.amount.text) for item in model.items] == CODES


def test_split_codes_found_by_the_data_without_a_header_row(lint: Lint) -> None:
    header = HEADER.replace("类\t款\t\t\t类\t款\t\t\t类\t款\t\t\n", "")
    text = table_text(ROWS, header=header)
    model = model_of(text)
    assert [item.code for item in model.items] == [code for code, _, _ in CODES]
    assert [d.code for d in lint(text, select="ZL3")] == []


def test_one_column_layout_is_not_taken_for_split_codes() -> None:
    header = "人员经费\t\t\t公用经费\t\t\t\t\t\n" + "科目代码\t科目名称\t决算数\t" * 3 + "\n"
    rows = (
        "301\t工资福利支出\t85.62\t302\t商品和服务支出\t18.52\t307\t债务利息及费用支出\t0.00\n"
        "30101\t基本工资\t85.62\t30201\t办公费\t18.52\t30701\t国内债务付息\t0.00\n"
    )
    model = model_of(CAPTION + header + rows)
    assert [item.code for item in model.items] == ["301", "302", "307", "30101", "30201", "30701"]


def test_only_the_groups_whose_code_is_split_are_composed() -> None:
    header = (
        "人员经费\t\t\t\t公用经费\t\t\n"
        "科目代码\t\t科目名称\t决算数\t科目代码\t科目名称\t决算数\n类\t款\t\t\t\t\t\n"
    )
    rows = (
        "301\t\t工资福利支出\t85.62\t302\t商品和服务支出\t18.52\n"
        "\t01\t基本工资\t85.62\t30201\t办公费\t18.52\n"
    )
    model = model_of(CAPTION + header + rows)
    assert [item.code for item in model.items] == ["301", "302", "30101", "30201"]


def unreadable(lint: Lint, rows: list[str]) -> str:
    """The reason of the one ZL004, after checking that nothing else about the tables is said."""
    text = table_text(rows) + PROSE.format(personnel="211.07")
    table = read(text)
    assert table.model is None and table.problem is not None
    found = [d for d in lint(text) if d.code[:3] in ("ZL0", "ZL2", "ZL3")]
    assert [(d.code, d.severity) for d in found] == [("ZL004", Severity.INFO)]
    assert table.problem in found[0].message
    return table.problem


def test_a_kuan_without_a_category_to_continue_is_unreadable(lint: Lint) -> None:
    rows = ROWS[1:]  # the row of 301, 302 and 307 lost
    problem = unreadable(lint, rows)
    assert "“类”“款”两列" in problem and "□01 基本工资" in problem and "没有可接续的“类”" in problem


def test_a_kuan_of_the_wrong_length_is_unreadable(lint: Lint) -> None:
    rows = list(ROWS)
    rows[2] = ROWS[2].replace("|02|", "|2|")  # a leading zero lost: 2 for 02
    problem = unreadable(lint, rows)
    assert "□2 津贴补贴" in problem and "位数不对" in problem


def test_a_whole_kuan_of_another_category_is_unreadable(lint: Lint) -> None:
    rows = list(ROWS)
    rows[0] = ROWS[0].replace("301||工资福利支出", "301|30201|基本工资")
    problem = unreadable(lint, rows)
    assert "30201 与同一行的 301 不相符" in problem


def test_a_continued_page_listing_reception_costs_stays_part_of_the_06_table() -> None:
    """The repeated header names 人员经费 and 公用经费; 公务接待费 in the rows does not make a 三公 table."""
    header = "人员经费\t\t\t公用经费\t\t\t\t\t\n" + "科目代码\t科目名称\t决算数\t" * 3 + "\n"
    text = (
        CAPTION
        + header
        + "302\t商品和服务支出\t1.35\t307\t债务利息及费用支出\t0.00\t310\t资本性支出\t0.00\n"
        + "\n公开06表（续）\n\n"
        + header
        + "30217\t公务接待费\t1.35\t30701\t国内债务付息\t0.00\t31002\t办公设备购置\t0.00\n"
    )
    table = read(text)
    assert len(table.parts) == 1 and isinstance(table.model, EconomicTable)
    assert [item.code for item in table.model.items] == ["302", "307", "310", "30217", "30701", "31002"]
