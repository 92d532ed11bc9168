"""ZL2xx: prose amounts against table cells (zhlint/rules/prose_tables/, zhlint/analysis/match.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import zhlint
from zhlint.analysis.match import item_path, normal_name
from zhlint.diagnostics import Diagnostic, Severity
from zhlint.read.source import Source
from zhlint.show import describe

CORPUS = Path(__file__).parent / "corpus"
Lint = Callable[..., list[Diagnostic]]

SUMMARY = (
    "收入支出决算总表\n\n公开01表\n\n收入\t\t\t支出\t\t\n项目\t行次\t金额\t项目\t行次\t金额\n"
    "一、一般公共预算财政拨款收入\t1\t526.36\t一、一般公共服务支出\t32\t428.48\n"
    "\t2\t\t八、社会保障和就业支出\t39\t97.88\n"
    "本年收入合计\t27\t526.36\t本年支出合计\t58\t526.36\n"
    "总计\t31\t526.36\t总计\t62\t526.36\n\n"
)
EXPENDITURE = (
    "支出决算表\n\n公开03表\n\n"
    "科目代码\t科目名称\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出\n"
    "合计\t\t526.36\t516.56\t9.80\t0.00\t0.00\t0.00\n"
    "201\t一般公共服务支出\t428.48\t418.68\t9.80\t0.00\t0.00\t0.00\n"
    "208\t社会保障和就业支出\t97.88\t97.88\t0.00\t0.00\t0.00\t0.00\n\n"
)
BUDGET = (
    "一般公共预算财政拨款支出决算表\n\n公开05表\n\n科目代码\t科目名称\t小计\t基本支出\t项目支出\n"
    "合计\t\t526.36\t516.56\t9.80\n"
    "201\t一般公共服务支出\t428.48\t418.68\t9.80\n"
    "20104\t发展与改革事务\t428.48\t418.68\t9.80\n"
    "2010450\t事业运行\t418.68\t418.68\t0.00\n"
    "2010499\t其他发展与改革事务支出\t9.80\t0.00\t9.80\n"
    "208\t社会保障和就业支出\t97.88\t97.88\t0.00\n"
    "20805\t行政事业单位养老支出\t97.88\t97.88\t0.00\n"
    "2080505\t机关事业单位基本养老保险缴费支出\t97.88\t97.88\t0.00\n\n"
)
THREE_PUBLIC = (
    "财政拨款“三公”经费支出决算表\n\n公开09表\n\n预算数\t\t\t\t\t\t决算数\t\t\t\t\t\n"
    "合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\t"
    "合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\n"
    "\t\t小计\t公务用车购置费\t公务用车运行维护费\t\t\t\t小计\t公务用车购置费\t公务用车运行维护费\t\n"
    "17.00\t0.00\t12.00\t0.00\t12.00\t5.00\t13.35\t0.00\t12.00\t0.00\t12.00\t1.35\n\n"
)
TABLES = SUMMARY + EXPENDITURE + BUDGET + THREE_PUBLIC
SPENDING = "三、支出决算情况说明\n\n2023年度本年支出合计526.36万元，其中：基本支出{}万元，项目支出9.8万元。\n"


def zl2(lint: Lint, prose: str) -> list[tuple[str, str]]:
    return [(d.code, d.severity.value) for d in lint(TABLES + prose, select="ZL2")]


def test_totals_that_agree_are_silent(lint: Lint) -> None:
    prose = (
        "一、收入支出决算总体情况说明\n\n2023年度收、支总计526.36万元。\n\n"
        "三、支出决算情况说明\n\n2023年度本年支出合计526.36万元，其中：基本支出516.56万元，占98.1%；"
        "项目支出9.8万元，占1.9%。\n"
    )
    assert zl2(lint, prose) == []


def test_total_that_differs_is_an_error_pointing_at_the_cell(lint: Lint) -> None:
    prose = SPENDING.format("516.65")
    found = lint(TABLES + prose, select="ZL201")
    assert [(d.code, d.severity) for d in found] == [("ZL201", Severity.ERROR)]
    assert "516.65" in found[0].message and "516.56" in found[0].message
    assert any("基本支出" in related.message and related.line < found[0].line for related in found[0].related)


def test_tail_difference_is_info(lint: Lint) -> None:
    prose = SPENDING.format("516.57")
    assert zl2(lint, prose) == [("ZL201", "info")]


def test_category_amounts_by_name(lint: Lint) -> None:
    good = (
        "（二）结构情况\n\n"
        "2023年度财政拨款支出526.36万元，主要用于以下方面：一般公共服务（类）支出428.48万元，占81.4%。\n"
    )
    assert zl2(lint, good) == []
    bad = good.replace("428.48万元", "482.48万元")
    assert zl2(lint, bad) == [("ZL202", "error")]


ITEMS = (
    "（三）一般公共预算财政拨款支出决算具体情况\n\n"
    "2023年度财政拨款支出年初预算数为600万元，支出决算数为526.36万元，完成年初预算的87.7%，其中：\n\n"
    "1、一般公共服务（类）发展与改革事务（款）事业运行（项）。\n\n"
    "年初预算为500万元，支出决算为{first}万元，完成年初预算的83.7%。\n\n"
    "2、一般公共服务支出-发展与改革事务-其他发展与改革事务支出。\n\n"
    "年初预算为0万元，支出决算为9.8万元，决算数大于年初预算数。\n\n"
    "3、社会保障和就业（类）行政事业单位养老（款）机关事业单位基本养老保险缴费（项）。\n\n"
    "年初预算为100万元，支出决算为97.88万元，完成年初预算的97.9%。\n"
)


def test_items_matched_by_name_in_both_styles(lint: Lint) -> None:
    assert zl2(lint, ITEMS.format(first="418.68")) == []
    found = lint(TABLES + ITEMS.format(first="481.68"), select="ZL202")
    assert [(d.code, d.severity) for d in found] == [("ZL202", Severity.ERROR)]
    assert "2010450" in found[0].message


def test_item_left_out_of_the_list(lint: Lint) -> None:
    prose = ITEMS.format(first="418.68").split("3、")[0]
    found = lint(TABLES + prose, select="ZL202")
    assert [(d.severity, "2080505" in d.message) for d in found] == [(Severity.WARNING, True)]


def test_item_name_not_in_table(lint: Lint) -> None:
    prose = ITEMS.format(first="418.68").replace("（款）事业运行（项）", "（款）行政运行（项）")
    found = lint(TABLES + prose, select="ZL202")
    assert [d.severity for d in found] == [Severity.WARNING]
    assert "事业运行" in found[0].message and "行政运行" in found[0].message


def test_three_public_budget_and_actual(lint: Lint) -> None:
    good = (
        "（七）三公经费\n\n“三公”经费财政拨款支出预算为17万元，支出决算为13.35万元，完成预算的78.5%。"
        "其中：公务接待费支出预算为5万元，支出决算为1.35万元，完成预算的27%。\n"
    )
    assert zl2(lint, good) == []
    found = lint(TABLES + good.replace("预算为5万元", "预算为6万元"), select="ZL204")
    assert [(d.code, d.severity) for d in found] == [("ZL204", Severity.ERROR)]
    assert "6万元" in found[0].message and "5.00" in found[0].message


def test_project_sections_are_not_compared(lint: Lint) -> None:
    prose = (
        "（二）项目支出绩效情况\n\n（1）专项资金项目\n\n"
        "项目支出 319.2 万元，其中用于绿心地区生态补偿资金 260 万元。\n"
    )
    assert zl2(lint, prose) == []


def test_no_tables_no_findings(lint: Lint) -> None:
    assert [d for d in lint("2023年度收、支总计526.36万元。\n", select="ZL2")] == []


@pytest.mark.parametrize(
    ("subject", "parts"),
    [
        (
            "一般公共服务（类）发展与改革事务（款）事业运行（项）",
            ["一般公共服务", "发展与改革事务", "事业运行"],
        ),
        (
            "一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行",
            ["一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行"],
        ),
        ("基本支出", None),
        # A 类 amount (`1．公共安全（类）支出26200.88万元`): the 支出 after the mark names no 款.
        ("公共安全（类）支出", None),
        ("公共安全（类）法院（款）支出", ["公共安全", "法院"]),
    ],
)
def test_item_path(subject: str, parts: list[str] | None) -> None:
    assert item_path(subject) == parts


def test_names_compare_without_suffix_and_paren_style() -> None:
    assert normal_name("其他政府办公厅(室)及相关机构事务支出") == normal_name(
        "其他政府办公厅（室）及相关机构事务"
    )


# ---------------------------------------------------------------------------------------------
# The corpus


def corpus(name: str) -> str:
    return next(CORPUS.glob(f"{name}*.txt")).read_text(encoding="utf-8")


def prose_findings(text: str) -> list[Diagnostic]:
    return [d for d in zhlint.lint_text(text, path="t.txt") if d.code.startswith("ZL2")]


def test_corpus_000_three_public_budget_conflict() -> None:
    found = [(d.line, d.code, d.severity.value) for d in prose_findings(corpus("000"))]
    assert (442, "ZL204", "error") in found and (446, "ZL204", "error") in found
    assert all(
        severity == "info"
        for line, code, severity in found
        if code not in ("ZL204", "ZL207", "ZL209") and line != 386  # ZL209: test_corpus_item_lists
    )


def test_corpus_002_appendix_figures_and_rounding_tail() -> None:
    found = {(d.line, d.code): d.severity.value for d in prose_findings(corpus("002"))}
    assert found[(457, "ZL201")] == "info"  # 4974.57 vs 4974.56
    assert found[(598, "ZL201")] in ("error", "warning")
    assert {found.get((line, "ZL204")) for line in (463, 465, 467, 469, 471)} == {"error"}


def test_corpus_004_prose_agrees_with_tables_except_the_mislabelled_appendix() -> None:
    loud = [
        (d.line, d.code, d.severity.value)
        for d in prose_findings(corpus("004"))
        if d.severity is not Severity.INFO
    ]
    # L605: `二、一般公共预算支出情况` over all-funds figures (563.56 is 03表, 05表 has 540.44);
    # L738: the 自评表's 全年执行数 559.94 is the income total, spending is 563.56 (reviewer id 60);
    # L673/675/679 (ZL208): projects' 全年预算 and rates against their 附件3 forms (ids 50–52);
    # L704/709 (ZL210): the 基础数据表's 2023 三公/公务接待 预算数 0.8 against the prose's 0 (id 33).
    assert sorted(set(loud)) == [
        (605, "ZL201", "warning"),
        (673, "ZL208", "warning"),
        (675, "ZL208", "warning"),
        (679, "ZL208", "warning"),
        (704, "ZL210", "warning"),
        (709, "ZL210", "warning"),
        (738, "ZL205", "warning"),
    ]


@pytest.mark.parametrize(
    ("name", "line", "column", "value", "prose_line"),
    [
        ("000", 165, 3, "561.56", 366),  # 03表 合计 基本支出 → prose 基本支出 516.56
        ("000", 298, 3, "309.85", 428),  # 06表 人员经费合计 → prose 人员经费 299.85
        ("002", 325, 7, "188.40", 463),  # 三公 决算数 合计 → prose 决算 178.4
    ],
)
def test_changed_table_cell_makes_the_prose_disagree(
    name: str, line: int, column: int, value: str, prose_line: int
) -> None:
    lines = corpus(name).split("\n")
    cells = lines[line - 1].split("\t")
    cells[column] = value
    lines[line - 1] = "\t".join(cells)
    found = [d for d in prose_findings("\n".join(lines)) if d.severity is not Severity.INFO]
    assert any(d.line == prose_line and line in {r.line for r in d.related} for d in found), [
        (d.line, d.message) for d in found
    ]


def test_tables_command_lists_the_matches() -> None:
    path = next(CORPUS.glob("002*.txt"))
    text = describe(Source.from_text(path.read_text(encoding="utf-8"), str(path)))
    assert "正文金额与表格单元格的对应" in text
    row = next(line for line in text.splitlines() if line.strip().startswith("463:16 "))
    assert row.split() == [
        "463:16",
        "三公经费",
        "199",
        "公开07表",
        "预算数“三公经费”",
        "178.40",
        "325:1",
        "不一致",
    ]


SELF_EVALUATION = (
    "附件1\n\n2023年度部门整体支出绩效自评表\n\n"
    "年度预算申请（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "\t年度资金总额\t600.00\t526.36\t{executed}\t10\t100%\t10\n"
    "\t其中：一般公共预算：526.36\t\t\t其中：基本支出：{basic}\t\t\t\n"
    "\t政府性基金拨款：\t\t\t项目支出：9.8\t\t\t\n"
)


def test_self_evaluation_figures_against_tables(lint: Lint) -> None:
    good = SELF_EVALUATION.format(executed="526.36", basic="516.56")
    assert zl2(lint, good) == []
    bad = SELF_EVALUATION.format(executed="6512.96 万元", basic="5292.07")
    found = lint(TABLES + bad, select="ZL205")
    assert [(d.code, d.severity) for d in found] == [("ZL205", Severity.WARNING)] * 2
    assert "绩效自评表中" in found[0].message


def test_tables_in_yuan_are_compared_in_wan_yuan(lint: Lint) -> None:
    table = (
        "支出决算表\n\n公开03表\n\n金额单位：元\n\n"
        "科目代码\t科目名称\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出\n"
        "合计\t\t5,263,600.00\t5,165,600.00\t98,000.00\t0.00\t0.00\t0.00\n\n"
    )
    prose = SPENDING.format("516.56")
    assert [d.code for d in lint(table + prose, select="ZL2")] == []
    found = lint(table + SPENDING.format("561.56"), select="ZL2")
    assert [d.code for d in found] == ["ZL201"] and "516.56" in found[0].message


# ---------------------------------------------------------------------------------------------
# ZL206 meeting-training-vs-table

COST_DETAIL = (
    "一般公共预算财政拨款基本支出决算明细表\n\n公开06表\n\n人员经费\t\t\t公用经费\t\t\n"
    "科目代码\t科目名称\t决算数\t科目代码\t科目名称\t决算数\n"
    "301\t工资福利支出\t299.85\t302\t商品和服务支出\t216.71\n"
    "30101\t基本工资\t299.85\t30201\t办公费\t216.51\n"
    "\t\t\t30215\t会议费\t0.00\n\t\t\t30216\t培训费\t0.20\n"
    "人员经费合计\t\t299.85\t公用经费合计\t\t216.71\n\n"
)
BASIC_ONLY = (
    "支出决算表\n\n公开03表\n\n"
    "科目代码\t科目名称\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出\n"
    "合计\t\t516.56\t516.56\t0.00\t0.00\t0.00\t0.00\n\n"
    "一般公共预算财政拨款支出决算表\n\n公开05表\n\n科目代码\t科目名称\t小计\t基本支出\t项目支出\n"
    "合计\t\t516.56\t516.56\t0.00\n\n"
)
COSTS = (
    "十一、一般性支出情况说明\n\n"
    "会议费年初预算5万元，支出决算为{meeting}万元，完成年初预算的0%。本单位未召开三类会议。\n\n"
    "培训费年初预算5万元，支出决算为{training}万元，完成年初预算的4%。用于培训，\n"
    "经费支出为{training}万元。\n"
)


def zl206(lint: Lint, text: str) -> list[tuple[int, str]]:
    return [(d.line, d.severity.value) for d in lint(text, select="ZL206")]


def test_prose_cost_below_the_basic_detail_table(lint: Lint) -> None:
    prose = COSTS.format(meeting="0", training="0.2")
    assert zl206(lint, COST_DETAIL + prose) == []
    assert zl206(lint, COST_DETAIL + prose.replace("0.2万元", "0.20万元")) == []
    found = lint(COST_DETAIL + COSTS.format(meeting="0", training="0.1").replace("4%", "2%"), select="ZL206")
    assert [(d.line, d.severity) for d in found] == [(20, Severity.WARNING)]
    assert "30216 培训费" in found[0].message and "0.20" in found[0].message
    assert [r.line for r in found[0].related] == [13]


def test_prose_cost_above_the_table_only_where_nothing_else_paid(lint: Lint) -> None:
    prose = COSTS.format(meeting="1", training="0.2")
    # 项目支出 (or an unreadable 03表) may have paid the meeting: silent
    assert zl206(lint, COST_DETAIL + prose) == []
    assert zl206(lint, COST_DETAIL + TABLES + prose) == []
    # no 项目支出, and all 基本支出 is 一般公共预算财政拨款: the table holds all of it
    found = lint(COST_DETAIL + BASIC_ONLY + prose, select="ZL206")
    assert [d.severity for d in found] == [Severity.WARNING] and "30215 会议费" in found[0].message
    other_funds = BASIC_ONLY.replace("合计\t\t516.56\t516.56\t0.00\t", "合计\t\t526.56\t526.56\t0.00\t")
    assert zl206(lint, COST_DETAIL + other_funds + prose) == []


def test_plain_cost_statements_only(lint: Lint) -> None:
    spent = (
        "十、一般性支出情况说明\n\n"
        "2023年本部门开支会议费0万元，本单位未召开三类会议；开支\n培训费{}万元，用于开展培训。\n"
    )
    assert zl206(lint, COST_DETAIL + spent.format("0.2")) == []
    assert zl206(lint, COST_DETAIL + spent.format("0.1")) == [(19, "warning")]  # across the line break
    others = (
        "十、一般性支出情况说明\n\n三类会议费0万元，培训费预算0.1万元。\n\n"
        "（二）项目支出绩效情况\n\n项目支出 5 万元，其中培训费0.1万元。\n\n"
        "九、机关运行经费支出说明\n\n本部门机关运行经费支出52.16万元，其中：会议费0万元，培训费0.1万元。\n\n"
        "十、机关运行经费\n\n机关运行经费用于办公和会议，开支培训费0.1万元。\n\n"
        "十二、其他\n\n公用经费216.71万元，其中：办公费216.61万元，培训费0.1万元。\n"
    )
    assert zl206(lint, COST_DETAIL + others) == []


def test_zero_in_prose_against_a_nonzero_table_is_reported(lint: Lint) -> None:
    # The prose drops trailing zeros only: 0万元 is 0.00, not "0.44 at the prose's precision".
    detail = COST_DETAIL.replace("30216\t培训费\t0.20", "30216\t培训费\t0.44").replace(
        "30201\t办公费\t216.51", "30201\t办公费\t216.27"
    )
    said = "十一、一般性支出情况说明\n\n培训费支出决算为{}万元。\n"
    found = lint(detail + said.format("0"), select="ZL206")
    assert [d.severity for d in found] == [Severity.WARNING] and "0.44" in found[0].message
    assert zl206(lint, detail + said.format("0.4")) == [(18, "warning")]
    assert zl206(lint, detail + said.format("0.44")) == []
    assert zl206(lint, detail + said.format("0.45")) == []  # a 0.01 tail: silent


@pytest.mark.parametrize(
    "joined", ["会议费、培训费支出决算", "会议费、培训费支出", "会议、培训费支出", "会议费和培训费支出"]
)
def test_one_amount_for_meetings_and_training_is_not_the_training_figure(lint: Lint, joined: str) -> None:
    # 30215 + 30216 = 0.30: the joint figure is not 培训费 alone (0.20), and no project paid
    detail = COST_DETAIL.replace("30215\t会议费\t0.00", "30215\t会议费\t0.10").replace(
        "30201\t办公费\t216.51", "30201\t办公费\t216.41"
    )
    prose = f"十一、一般性支出情况说明\n\n{joined}0.3万元。\n"
    assert zl206(lint, detail + BASIC_ONLY + prose) == []
    # bad: the training figure alone is compared
    alone = "十一、一般性支出情况说明\n\n会议费支出0.1万元，培训费支出决算0.3万元。\n"
    found = lint(detail + BASIC_ONLY + alone, select="ZL206")
    assert [d.severity for d in found] == [Severity.WARNING] and "30216 培训费" in found[0].message


# ---------------------------------------------------------------------------------------------
# ZL207: carry-overs in the prose against the 01表's 年末结转和结余

CLOSING = SUMMARY.replace(
    "总计\t31", "年初结转和结余\t29\t0.00\t年末结转和结余\t60\t{closing}\n总计\t31"
).replace("总计\t62\t526.36", "总计\t62\t{grand}")
FLOWS = (
    "（二）项目支出绩效情况\n\n"
    "1. 年初预算公共专项资金 418 万元。年中执行调减 68.8 万元，"
    "实际支出 {spent} 万元，结余结转 {carried} 万元。\n\n"
    "2. 年中追加项目“绿心地区生态补偿项目市级补助资金”，金额 10 万元，"
    "实际支出 9.8 万元，结余结转 {small} 万元。\n"
)


def zl207(lint: Lint, text: str) -> list[tuple[int, str]]:
    return [(d.line, d.severity.value) for d in lint(text, select="ZL207")]


def test_carry_overs_against_a_zero_closing_balance(lint: Lint) -> None:
    tables = CLOSING.format(closing="0.00", grand="526.36")
    found = lint(tables + FLOWS.format(spent="319.2", carried="30", small="0.2"), select="ZL207")
    assert [(d.line, d.severity) for d in found] == [(18, Severity.WARNING), (20, Severity.WARNING)]
    first = found[0]
    assert "正文中“结余结转”为 30万元" in first.message and "30.2" in first.message
    assert "公开01表“年末结转和结余”为 0.00" in first.message
    assert [(r.line, r.message) for r in first.related] == [(13, "公开01表“年末结转和结余” 0.00")]
    # one carry-over alone: no sum in the message
    one = lint(tables + FLOWS.format(spent="349.2", carried="0", small="0.2"), select="ZL207")
    assert [d.line for d in one] == [20] and "合计" not in one[0].message


def test_no_carry_over_or_a_tail_is_silent(lint: Lint) -> None:
    tables = CLOSING.format(closing="0.00", grand="526.36")
    assert zl207(lint, tables + FLOWS.format(spent="349.2", carried="0", small="0")) == []
    assert zl207(lint, tables + FLOWS.format(spent="349.2", carried="0", small="0.01")) == []


def test_plain_statements_of_the_years_carry_over(lint: Lint) -> None:
    tables = CLOSING.format(closing="0.00", grand="526.36")
    stated = (
        "二、预算收支情况\n\n2023 年预算支出 526.36 万元，其中基本支出 516.56 万元，项目支出 9.8 万元，{}。\n"
    )
    assert zl207(lint, tables + stated.format("结余结转 5 万元")) == [(18, "warning")]
    assert zl207(lint, tables + stated.format("年末结转和结余 5 万元")) == [(18, "warning")]
    # what came in, or another year's, is not the year's closing balance
    assert zl207(lint, tables + stated.format("年初结转和结余 5 万元")) == []
    assert zl207(lint, tables + stated.format("上年结转 5 万元")) == []
    assert zl207(lint, tables + stated.format("2022年结余结转 5 万元")) == []


def test_carry_overs_need_a_readable_zero_closing_balance(lint: Lint) -> None:
    prose = FLOWS.format(spent="319.2", carried="30", small="0.2")
    # a non-zero balance may hold other funds: the sums are not compared, even when they differ
    assert zl207(lint, CLOSING.format(closing="12.00", grand="538.36") + prose) == []
    # no 01表, or one without a 年末结转和结余 line, or a blank cell: nothing to compare with
    assert zl207(lint, EXPENDITURE + BUDGET + prose) == []
    assert zl207(lint, SUMMARY + prose) == []
    assert zl207(lint, CLOSING.format(closing="", grand="526.36") + prose) == []


def test_corpus_carry_overs() -> None:
    found = {
        Path(name).stem[:3]: [
            (d.line, d.severity.value)
            for d in zhlint.lint_text(corpus(name), path="t.txt")
            if d.code == "ZL207"
        ]
        for name in ("000", "002", "004")
    }
    # 000: 结余结转 30 and 0.2 (reviewer id 44) against 年末结转和结余 0.00; 002 and 004 carry nothing over
    assert found == {"000": [(575, "warning"), (585, "warning")], "002": [], "004": []}


# ---------------------------------------------------------------------------------------------
# ZL208: a project's figures in the prose against its 项目支出绩效自评表

PROJECT_FORM = (
    "附件3-3\n\n2023年度项目支出绩效自评表\n\n"
    "项目支出名称\t{name}\t\t\t\t\t\t\n"
    "项目资金（{unit}）\t资金来源\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "\t其中：当年财政拨款\t5.76\t4.32\t4.32\t\t\t\n"
    "\t年度资金总额\t5.76\t4.32\t4.32\t10\t{rate}\t10.00\n\n"
)
PROJECT_PROSE = (
    "（二）项目支出绩效情况\n\n"
    "{name}项目绩效自评综述：根据年初设定的绩效目标，项目绩效自评得分为 95 分。"
    "项目全年预算数为 {budget} 万元，执行数为 {spent} 万元，完成预算的 {rate}%。\n"
)


def project_form(name: str = "党史及地方志工作经费", rate: str = "100%", unit: str = "万元") -> str:
    return PROJECT_FORM.format(name=name, rate=rate, unit=unit)


def project_prose(
    name: str = "党史及地方志工作经费", budget: str = "4.32", spent: str = "4.32", rate: str = "100"
) -> str:
    return PROJECT_PROSE.format(name=name, budget=budget, spent=spent, rate=rate)


def zl208(lint: Lint, text: str) -> list[tuple[int, int, str]]:
    return [(d.line, d.column, d.severity.value) for d in lint(text, select="ZL208")]


def test_project_budget_and_rate_against_the_form(lint: Lint) -> None:
    found = lint(project_form() + project_prose(budget="5.76", rate="75"), select="ZL208")
    assert [(d.line, d.column, d.severity) for d in found] == [
        (15, 56, Severity.WARNING),
        (15, 83, Severity.WARNING),
    ]
    budget, rate = found
    assert budget.message == (
        "正文称党史及地方志工作经费全年预算数为5.76万元，附件3-3项目支出绩效自评表全年预算数为4.32万元，"
        "两处不一致；正文的数是自评表的年初预算数（5.76万元），全年预算数应为调整后的预算"
    )
    assert [(r.line, r.column, r.message) for r in budget.related] == [
        (11, 14, "附件3-3项目支出绩效自评表“党史及地方志工作经费”全年预算数 4.32"),
        (11, 9, "附件3-3项目支出绩效自评表“党史及地方志工作经费”年初预算数 5.76"),
    ]
    assert rate.message == (
        "正文称党史及地方志工作经费完成预算的75%，附件3-3项目支出绩效自评表执行率为100%，两处不一致；"
        "正文的比例是全年执行数4.32万元占年初预算数5.76万元的比例，执行率应以全年预算数为分母"
    )
    assert [(r.line, r.message) for r in rate.related] == [
        (11, "附件3-3项目支出绩效自评表“党史及地方志工作经费”执行率 100%")
    ]


def test_project_spending_against_the_form(lint: Lint) -> None:
    found = lint(project_form() + project_prose(spent="4.02", rate="93.06"), select="ZL208")
    assert [(d.line, d.column) for d in found] == [(15, 69), (15, 83)]
    spent, rate = found
    assert spent.message == (
        "正文称党史及地方志工作经费执行数为4.02万元，附件3-3项目支出绩效自评表全年执行数为4.32万元，两处不一致"
    )
    assert [r.message for r in spent.related] == [
        "附件3-3项目支出绩效自评表“党史及地方志工作经费”全年执行数 4.32"
    ]
    # a rate that is not spending over the 年初预算数 gets no explanation
    assert rate.message.endswith("执行率为100%，两处不一致")


def test_project_budget_other_than_the_initial_budget(lint: Lint) -> None:
    found = lint(project_form() + project_prose(budget="6", rate="100"), select="ZL208")
    assert [d.line for d in found] == [15]
    assert found[0].message.endswith("全年预算数为4.32万元，两处不一致") and len(found[0].related) == 1


def test_project_figures_that_agree_are_silent(lint: Lint) -> None:
    assert zl208(lint, project_form() + project_prose()) == []
    # precision differs, or a 0.01 tail: the same figures
    assert zl208(lint, project_form(rate="100.00%") + project_prose(rate="100.0")) == []
    assert zl208(lint, project_form() + project_prose(budget="4.33", spent="4.31")) == []
    # the form's name with a trailing 项目, the prose's with whitespace
    assert zl208(lint, project_form(name="党史及地方志工作经费项目") + project_prose()) == []
    wrong = project_prose(name="党史及地方志 工作经费", budget="5.76")
    assert [line for line, _, _ in zl208(lint, project_form(name="党史及地方志工作经费项目") + wrong)] == [15]


def test_project_without_a_matching_form_is_silent(lint: Lint) -> None:
    bad = project_prose(budget="5.76", rate="75")
    # no form at all, a form of another project, a prose name that names no form
    assert zl208(lint, bad) == []
    assert zl208(lint, project_form(name="档案工作经费") + bad) == []
    assert zl208(lint, project_form() + project_prose(name="区委中心工作经费", budget="5.76")) == []
    # a name only contained in the form's: not the same project
    assert zl208(lint, project_form() + project_prose(name="地方志工作经费", budget="5.76")) == []


def test_project_form_that_cannot_be_trusted_is_silent(lint: Lint) -> None:
    bad = project_prose(budget="5.76", rate="75")
    # two forms of the same name: which one the prose restates is unknown
    assert zl208(lint, project_form() + project_form() + bad) == []
    # amounts in 元, said in the header or above the table
    assert zl208(lint, project_form(unit="元") + bad) == []
    assert zl208(lint, project_form().replace("\n\n项目支出名称", "\n\n单位：元\n项目支出名称") + bad) == []
    # a figure off its column: the block is not read
    shifted = project_form().replace("\t年度资金总额\t5.76", "\t年度资金总额\t\t5.76")
    assert zl208(lint, shifted + bad) == []
    # the name split over two cells
    split = project_form().replace("党史及地方志工作经费\t", "党史及地方志\t工作经费")
    assert zl208(lint, split + bad) == []


def test_project_name_ends_at_the_next_label_of_its_row(lint: Lint) -> None:
    labelled = project_form().replace("党史及地方志工作经费\t", "党史及地方志工作经费\t主管部门\t某某办公室")
    found = zl208(lint, labelled + project_prose(budget="5.76", rate="75"))
    assert [line for line, _, _ in found] == [15, 15]


def test_project_prose_read_only_where_it_is_unambiguous(lint: Lint) -> None:
    form = project_form()
    # two 全年预算 in one project's section: which is which is unclear
    twice = project_prose(budget="5.76").replace("执行数为", "全年预算数为 5.76 万元，执行数为")
    assert zl208(lint, form + twice) == []
    # a rate against the 年初预算 is another rate
    initial = project_prose(rate="75").replace("完成预算的", "完成年初预算的")
    assert zl208(lint, form + initial) == []


def test_project_named_by_its_heading(lint: Lint) -> None:
    prose = (
        "（二）项目支出绩效情况\n\n1、党史及地方志工作经费\n\n"
        "项目全年预算数为 5.76 万元，执行数为 4.32 万元，完成预算的 75%。\n"
    )
    assert [line for line, _, _ in zl208(lint, project_form() + prose)] == [17, 17]
    # a sentence that is not about 项目 does not borrow the heading's name
    other = prose.replace("项目全年预算数", "部门全年预算数")
    assert zl208(lint, project_form() + other) == []


def test_corpus_projects_against_their_forms() -> None:
    found = {
        Path(name).stem[:3]: [
            (d.line, d.column) for d in zhlint.lint_text(corpus(name), path="t.txt") if d.code == "ZL208"
        ]
        for name in ("000", "002", "004")
    }
    # 004 (reviewer ids 50, 51, 52): 全年预算 and rate of 党史及地方志, 档案 and 区委中心工作经费 are the
    # forms' 年初预算数 and spending over it; 区委机要保密外事财经 and the others agree or have no form.
    assert found == {
        "000": [],
        "002": [],
        "004": [(673, 56), (673, 83), (675, 52), (675, 79), (679, 54), (679, 83)],
    }


# ---------------------------------------------------------------------------------------------
# ZL209: the items a paragraph says 人员经费/公用经费 主要包括, against the 06表

ITEM_DETAIL = (
    "一般公共预算财政拨款基本支出决算明细表\n\n公开06表\n\n人员经费\t\t\t公用经费\t\t\n"
    "科目代码\t科目名称\t决算数\t科目代码\t科目名称\t决算数\n"
    "301\t工资福利支出\t124.32\t302\t商品和服务支出\t31.00\n"
    "30101\t基本工资\t80.00\t30201\t办公费\t15.00\n"
    "30102\t津贴补贴\t30.00\t30213\t维修（护）费\t6.00\n"
    "30109\t职业年金缴费\t14.32\t30215\t会议费\t0.00\n"
    "30111\t公务员医疗补助缴费\t0.00\t30216\t培训费\t5.00\n"
    "30114\t医疗费\t0.00\t30226\t劳务费\t5.00\n"
    "人员经费合计\t\t124.32\t公用经费合计\t\t31.00\n\n"
)
ITEM_PROSE = (
    "六、一般公共预算财政拨款基本支出决算情况说明\n\n"
    "2023年度一般公共预算财政拨款基本支出155.32万元，其中：人员经费124.32万元，占基本支出的80.0%，"
    "主要包括{personnel}；公用经费31万元，占基本支出的20.0%，主要包括{public}。\n"
)
PERSONNEL_LIST = "基本工资、津贴补贴、职业年金缴费"
PUBLIC_LIST = "办公费、维修（护）费、培训费、劳务费"


def zl209(lint: Lint, text: str) -> list[Diagnostic]:
    return lint(text, select="ZL209")


def item_prose(personnel: str = PERSONNEL_LIST, public: str = PUBLIC_LIST) -> str:
    return ITEM_PROSE.format(personnel=personnel, public=public)


def test_listed_items_that_are_zero_in_the_basic_detail_table(lint: Lint) -> None:
    prose = item_prose(
        personnel="基本工资、津贴补贴、职业年金缴费、公务员医疗补助缴费", public=PUBLIC_LIST + "、会议费"
    )
    found = zl209(lint, ITEM_DETAIL + prose)
    assert [(d.line, d.severity) for d in found] == [(20, Severity.WARNING), (20, Severity.WARNING)]
    personnel, public = found
    assert "人员经费主要包括公务员医疗补助缴费" in personnel.message
    assert "30111 公务员医疗补助缴费" in personnel.message and "0.00" in personnel.message
    assert [r.line for r in personnel.related] == [14]
    assert "公用经费主要包括会议费" in public.message and "30215 会议费" in public.message
    assert [r.line for r in public.related] == [13]
    # the span is on the listed name
    assert personnel.end_column - personnel.column == len("公务员医疗补助缴费")
    # `X和Y` at the end of the list is two names when both are item names
    joined = item_prose(personnel="基本工资、津贴补贴、职业年金缴费和公务员医疗补助缴费")
    found = zl209(lint, ITEM_DETAIL + joined)
    assert [(d.line, d.severity) for d in found] == [(20, Severity.WARNING)]
    assert "主要包括公务员医疗补助缴费，" in found[0].message
    # a blank cell is not a written 0.00: not reported
    blank = ITEM_DETAIL.replace("30111\t公务员医疗补助缴费\t0.00", "30111\t公务员医疗补助缴费\t")
    assert zl209(lint, blank + item_prose(personnel=PERSONNEL_LIST + "、公务员医疗补助缴费")) == []


def test_nonzero_item_left_out_that_is_not_small(lint: Lint) -> None:
    # 职业年金缴费 14.32 is left out while 津贴补贴 30 and 基本工资 80 are listed: the smallest listed is 30,
    # so 14.32 is small by the list's own measure and silent; listing 医疗费-sized items lowers the bar.
    assert zl209(lint, ITEM_DETAIL + item_prose(personnel="基本工资、津贴补贴")) == []
    # 公用经费: 劳务费 5.00 left out while 培训费 5.00 is listed: reported as info
    found = zl209(lint, ITEM_DETAIL + item_prose(public="办公费、维修（护）费、培训费"))
    assert [(d.line, d.severity) for d in found] == [(20, Severity.INFO)]
    assert "没有 30226 劳务费 5.00万元" in found[0].message and "30216 培训费 5.00万元" in found[0].message
    assert [r.line for r in found[0].related] == [15]
    detail = ITEM_DETAIL.replace("30102\t津贴补贴\t30.00", "30102\t津贴补贴\t10.00").replace(
        "30101\t基本工资\t80.00", "30101\t基本工资\t100.00"
    )
    found = zl209(lint, detail + item_prose(personnel="基本工资、津贴补贴"))
    assert [(d.line, d.severity) for d in found] == [(20, Severity.INFO)]
    assert (
        "30109 职业年金缴费 14.32万元" in found[0].message and "30102 津贴补贴 10.00万元" in found[0].message
    )


def test_lists_that_agree_with_the_table_are_silent(lint: Lint) -> None:
    assert zl209(lint, ITEM_DETAIL + item_prose()) == []
    # bracket width and a closing 等 do not matter
    assert zl209(lint, ITEM_DETAIL + item_prose(public="办公费、维修(护)费、培训费、劳务费等")) == []


def test_listed_name_not_in_the_table_is_not_taken_as_zero(lint: Lint) -> None:
    # `维修费` is not the table's `维修（护）费`: neither zero nor, as 维修（护）费, left out
    found = zl209(lint, ITEM_DETAIL + item_prose(public="办公费、维修费、培训费、劳务费"))
    assert found == []
    # folded into an info about another item only as "not compared"
    found = zl209(lint, ITEM_DETAIL + item_prose(public="办公费、维修费、培训费"))
    assert [d.severity for d in found] == [Severity.INFO]
    assert "30226 劳务费" in found[0].message and "“维修费”在表中没有同名科目" in found[0].message
    assert "30213" not in found[0].message


def test_items_match_only_within_their_group(lint: Lint) -> None:
    # 会议费 is a 公用经费 item: in the 人员经费 list it is an unknown name, not a zero item
    assert zl209(lint, ITEM_DETAIL + item_prose(personnel=PERSONNEL_LIST + "、会议费")) == []


def test_no_basic_detail_table_is_silent(lint: Lint) -> None:
    prose = item_prose(personnel="基本工资、公务员医疗补助缴费")
    assert zl209(lint, prose) == []
    assert zl209(lint, TABLES + prose) == []
    empty = "一般公共预算财政拨款基本支出决算明细表\n\n公开06表\n\n本单位无数据，故本表无数据。\n\n"
    assert zl209(lint, empty + prose) == []


def test_lists_about_other_money_or_unclear_are_silent(lint: Lint) -> None:
    bad = "基本工资、公务员医疗补助缴费、津贴补贴"
    assert zl209(lint, ITEM_DETAIL + item_prose(personnel=bad))  # the reference: reported
    # another amount than the 06表's 人员经费合计: the list is about other money
    other = item_prose(personnel=bad).replace("人员经费124.32万元", "人员经费150.5万元")
    assert zl209(lint, ITEM_DETAIL + other) == []
    # another fund
    fund = item_prose(personnel=bad).replace(
        "一般公共预算财政拨款基本支出155.32", "政府性基金预算财政拨款支出155.32"
    )
    assert zl209(lint, ITEM_DETAIL + fund) == []
    # the writer's own words, or figures in the list
    assert (
        zl209(lint, ITEM_DETAIL + item_prose(personnel="工资福利、对个人和家庭的补助、公务员医疗补助缴费"))
        == []
    )
    assert zl209(lint, ITEM_DETAIL + item_prose(personnel="基本工资80万元、公务员医疗补助缴费")) == []


def test_corpus_item_lists() -> None:
    def zl209_of(name: str) -> list[tuple[int, str, str]]:
        return [
            (d.line, d.severity.value, d.message)
            for d in zhlint.lint_text(corpus(name), path="t.txt")
            if d.code == "ZL209"
        ]

    found = zl209_of("000")
    assert [(line, severity) for line, severity, _ in found] == [
        (428, "info"),
        (428, "warning"),
        (428, "info"),
        (428, "warning"),
    ]
    messages = [message for _, _, message in found]
    assert "30109 职业年金缴费 14.32万元" in messages[0] and "30307 医疗费补助 1.18万元" in messages[0]
    assert "30111 公务员医疗补助缴费" in messages[1] and "30305 生活补助" in messages[1]
    assert "31007 信息网络及软件购置更新 9.12万元" in messages[2]
    assert all(code in messages[3] for code in ("30214 租赁费", "30215 会议费", "31099 其他资本性支出"))
    found = zl209_of("002")
    assert [(line, severity) for line, severity, _ in found] == [
        (457, "info"),
        (457, "warning"),
        (457, "info"),
        (457, "warning"),
    ]
    assert "30107 绩效工资" in found[0][2] and "30109 职业年金缴费" in found[0][2]
    assert "30199 其他工资福利支出" in found[1][2]
    assert "30212 因公出国（境）费用" in found[2][2] and "30215" not in found[2][2]  # 2.51 < 5.20 listed
    assert "30225 专用燃料费" in found[3][2]
    # 004 lists exactly its non-zero items (`维修费` for 维修（护）费 is not compared)
    assert zl209_of("004") == []
