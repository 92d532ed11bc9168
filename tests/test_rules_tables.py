"""ZL3xx table arithmetic: handwritten good and bad tables, and single-cell changes of the corpus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import zhlint
from zhlint.config import Config, with_overrides
from zhlint.diagnostics import Diagnostic, Severity

CORPUS = Path(__file__).parent / "corpus"
Lint = Callable[..., list[Diagnostic]]

EXPENDITURE_HEAD = (
    "支出决算表\n\n公开03表\n\n"
    "项目\t\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出\n"
    "科目代码\t科目名称\t\t\t\t\t\t\n栏次\t\t1\t2\t3\t4\t5\t6\n"
)


def expenditure(total: str, rows: list[tuple[str, str, str, str, str]]) -> str:
    lines = [f"合计\t\t{total}\t{total}\t0.00\t0.00\t0.00\t0.00"]
    lines += [
        f"{code}\t{name}\t{all_}\t{basic}\t{project}\t0.00\t0.00\t0.00"
        for code, name, all_, basic, project in rows
    ]
    return EXPENDITURE_HEAD + "\n".join(lines) + "\n"


PENSION = [
    ("208", "社会保障和就业支出", "47.76", "47.76", "0.00"),
    ("20805", "行政事业单位养老支出", "47.76", "47.76", "0.00"),
    ("2080502", "事业单位离退休", "4.00", "4.00", "0.00"),
    ("2080505", "机关事业单位基本养老保险缴费支出", "29.44", "29.44", "0.00"),
    ("2080506", "机关事业单位职业年金缴费支出", "14.32", "14.32", "0.00"),
]


def codes(diagnostics: list[Diagnostic], prefix: str = "ZL3") -> list[tuple[int, str, str]]:
    return [(d.line, d.code, d.severity.value) for d in diagnostics if d.code.startswith(prefix)]


def test_consistent_code_table_is_silent(lint: Lint) -> None:
    assert codes(lint(expenditure("47.76", PENSION))) == []


def test_row_identity_broken(lint: Lint) -> None:
    rows = [*PENSION[:4], ("2080506", "机关事业单位职业年金缴费支出", "14.32", "4.32", "0.00")]
    found = lint(expenditure("47.76", rows), select="ZL301")
    assert [(d.code, d.severity) for d in found] == [("ZL301", Severity.ERROR)]
    assert "14.32" in found[0].message and "4.32" in found[0].message


def test_parent_not_sum_of_children(lint: Lint) -> None:
    rows = [PENSION[0], ("20805", "行政事业单位养老支出", "47.76", "47.76", "0.00"), *PENSION[2:4]]
    found = lint(expenditure("47.76", rows), select="ZL302")
    assert [(d.code, d.severity) for d in found] == [("ZL302", Severity.ERROR)]
    assert "20805" in found[0].message and "33.44" in found[0].message


def test_parent_finding_names_the_row_whose_own_columns_are_off(lint: Lint) -> None:
    rows = [*PENSION[:4], ("2080506", "机关事业单位职业年金缴费支出", "14.32", "24.32", "0.00")]
    found = [d for d in lint(expenditure("47.76", rows), select="ZL302") if d.line == 13]
    assert len(found) == 1
    assert "与208 社会保障和就业支出相符，差错更可能在其下各行" in found[0].message
    assert "2080506 机关事业单位职业年金缴费支出 的“基本支出”这一格可能有误" in found[0].message
    assert found[0].related[0].line == 16 and "可能有误" in found[0].related[0].message


def test_parent_finding_says_when_the_parent_itself_is_off(lint: Lint) -> None:
    rows = [PENSION[0], ("20805", "行政事业单位养老支出", "57.76", "57.76", "0.00"), *PENSION[2:]]
    found = [d for d in lint(expenditure("47.76", rows), select="ZL302") if d.line == 13]
    assert len(found) == 1
    assert "更可能是 20805 行政事业单位养老支出 本身有误" in found[0].message
    assert "这一格可能有误" not in found[0].message
    # A row changed in all its columns keeps its own sum: no row can be named.
    rows = [*PENSION[:4], ("2080506", "机关事业单位职业年金缴费支出", "24.32", "24.32", "0.00")]
    found = [d for d in lint(expenditure("47.76", rows), select="ZL302") if d.line == 13]
    assert len(found) == 1 and "差错更可能在其下各行" in found[0].message
    assert "这一格可能有误" not in found[0].message


def test_total_not_sum_of_categories(lint: Lint) -> None:
    found = lint(expenditure("57.76", PENSION), select="ZL302")
    assert [(d.code, d.severity.value) for d in found] == [("ZL302", "error")]


def test_tail_difference_is_info_and_says_rounding(lint: Lint) -> None:
    found = lint(expenditure("47.77", PENSION), select="ZL302")
    assert [d.severity for d in found] == [Severity.INFO]
    assert "尾数误差" in found[0].message


def test_leaf_only_table_in_any_order(lint: Lint) -> None:
    rows = [PENSION[4], PENSION[2], PENSION[3]]
    assert codes(lint(expenditure("47.76", rows))) == []
    assert codes(lint(expenditure("48.76", rows)), "ZL302") == [(11, "ZL302", "error")]


SUMMARY = (
    "收入支出决算总表\n\n公开01表\n\n收入\t\t\t支出\t\t\n项目\t行次\t金额\t项目\t行次\t金额\n栏次\t\t1\t栏次\t\t2\n"
    "一、一般公共预算财政拨款收入\t1\t{income}\t一、一般公共服务支出\t32\t{category}\n"
    "八、其他收入\t8\t0.00\t八、社会保障和就业支出\t39\t0.00\n"
    "本年收入合计\t27\t{current}\t本年支出合计\t58\t526.36\n"
    "使用非财政拨款结余和专用结余\t28\t0.00\t结余分配\t59\t0.00\n"
    "年初结转和结余\t29\t{opening}\t年末结转和结余\t60\t0.00\n"
    "总计\t31\t{grand}\t总计\t62\t526.36\n"
)


def summary(**values: str) -> str:
    defaults = {
        "income": "526.36",
        "category": "526.36",
        "current": "526.36",
        "opening": "0.00",
        "grand": "526.36",
    }
    return SUMMARY.format(**{**defaults, **values})


def test_summary_table_balances(lint: Lint) -> None:
    assert codes(lint(summary())) == []


def test_summary_items_do_not_add_to_current_total(lint: Lint) -> None:
    assert codes(lint(summary(category="516.36")), "ZL303") == [(13, "ZL303", "error")]


def test_summary_grand_total_with_opening_balance(lint: Lint) -> None:
    body = summary(income="522.74", current="522.74", opening="3.62")
    assert codes(lint(body)) == []
    found = codes(lint(summary(grand="536.36")), "ZL303")
    assert (16, "ZL303", "error") in found


BUDGET = (
    "一般公共预算财政拨款支出决算表\n\n公开05表\n\n项目\t\t本年支出\t\t\n科目代码\t科目名称\t小计\t基本支出\t项目支出\n"
    "栏次\t\t1\t2\t3\n\t合计\t{total}\t{total}\t0.00\n208\t社会保障和就业支出\t{total}\t{total}\t0.00\n"
)
DETAIL = (
    "一般公共预算财政拨款基本支出决算明细表\n\n公开06表\n\n人员经费\t\t\t公用经费\t\t\n"
    "科目代码\t科目名称\t决算数\t科目代码\t科目名称\t决算数\n"
    "301\t工资福利支出\t{wages}\t302\t商品和服务支出\t1.35\n"
    "30101\t基本工资\t40.00\t30217\t公务接待费\t1.35\n"
    "30113\t住房公积金\t6.41\t\t\t\n"
    "人员经费合计\t\t{personnel}\t公用经费合计\t\t1.35\n"
)


def test_cross_table_totals(lint: Lint) -> None:
    body = BUDGET.format(total="47.76") + "\n" + DETAIL.format(wages="46.41", personnel="46.41")
    assert codes(lint(body)) == []
    body = BUDGET.format(total="57.76") + "\n" + DETAIL.format(wages="46.41", personnel="46.41")
    assert ("ZL304", "error") in [(code, severity) for _, code, severity in codes(lint(body))]


def test_basic_detail_sums(lint: Lint) -> None:
    assert codes(lint(DETAIL.format(wages="46.41", personnel="46.41"))) == []
    found = codes(lint(DETAIL.format(wages="56.41", personnel="56.41")), "ZL305")
    assert found == [(10, "ZL305", "error")]
    found = codes(lint(DETAIL.format(wages="46.41", personnel="47.41")), "ZL305")
    assert found == [(13, "ZL305", "error")]


def test_basic_detail_item_sum_says_whether_the_item_or_its_items_are_off(lint: Lint) -> None:
    # 301 agrees with 人员经费合计: the difference lies among its items, all of them related.
    body = DETAIL.format(wages="46.41", personnel="46.41").replace("基本工资\t40.00", "基本工资\t50.00")
    found = lint(body, select="ZL305")
    assert [(d.line, d.severity) for d in found] == [(10, Severity.ERROR)]
    assert "差错更可能在明细中" in found[0].message and "可能有误" not in found[0].message
    assert {r.line for r in found[0].related} == {11, 12}
    # 301 disagrees with 人员经费合计, which agrees with the sum of 301's items: 301 itself is off.
    found = lint(DETAIL.format(wages="56.41", personnel="46.41"), select="ZL305")
    assert [d.line for d in found] == [10, 13]
    assert "更可能是 301 工资福利支出 本身有误" in found[0].message


def test_basic_detail_item_named_when_another_table_states_it(lint: Lint) -> None:
    budget = BUDGET.format(total="6.41").replace("208\t社会保障和就业支出", "2210201\t住房公积金")
    detail = DETAIL.format(wages="46.41", personnel="46.41")
    bad = budget + "\n" + detail.replace("住房公积金\t6.41", "住房公积金\t16.41")
    found = lint(bad, select="ZL305")
    assert len(found) == 1
    assert "30113 住房公积金 这一格可能有误" in found[0].message
    assert "可能有误" in found[0].related[0].message and found[0].related[0].line == 22
    assert found[0].related[1].line == 12  # the 05表 row that states it
    # The 05表 figure would not make the sum hold: no item is blamed.
    good = budget.replace("6.41", "7.41") + "\n" + detail.replace("住房公积金\t6.41", "住房公积金\t16.41")
    found = lint(good, select="ZL305")
    assert len(found) == 1 and "这一格可能有误" not in found[0].message


THREE_PUBLIC = (
    "财政拨款“三公”经费支出决算表\n\n公开09表\n\n预算数\t\t\t\t\t\t决算数\t\t\t\t\t\n"
    "合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\t"
    "合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\n"
    "\t\t小计\t公务用车购置费\t公务用车运行维护费\t\t\t\t小计\t公务用车购置费\t公务用车运行维护费\t\n"
    "1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\n{values}\n"
)


def test_three_public_sums(lint: Lint) -> None:
    good = "17.00\t0.00\t12.00\t0.00\t12.00\t5.00\t13.35\t0.00\t12.00\t0.00\t12.00\t1.35"
    assert codes(lint(THREE_PUBLIC.format(values=good))) == []
    bad = "17.00\t0.00\t12.00\t0.00\t12.00\t5.00\t13.35\t0.00\t12.00\t1.00\t12.00\t1.35"
    found = lint(THREE_PUBLIC.format(values=bad), select="ZL306")
    assert [(d.code, d.severity) for d in found] == [("ZL306", Severity.ERROR)]
    assert "决算数" in found[0].message


def test_unreadable_three_public_gives_one_zl004_and_nothing_else(lint: Lint) -> None:
    values = "\t".join(["1.00"] * 13)
    found = lint(THREE_PUBLIC.format(values=values), select="ZL")
    assert [(d.code, d.severity) for d in found if d.code.startswith(("ZL0", "ZL3"))] == [
        ("ZL004", Severity.INFO)
    ]


def test_document_without_tables_skips_the_table_rules(lint: Lint) -> None:
    assert codes(lint("一、收入支出决算总体情况说明\n\n2023年度收、支总计526.36万元。\n"), "ZL3") == []


# ---------------------------------------------------------------------------------------------
# The corpus: no errors or warnings on correct tables; every single-cell change is reported.


def corpus_text(name: str) -> str:
    return next(CORPUS.glob(f"{name}*.txt")).read_text(encoding="utf-8")


TABLE_RULES = with_overrides(Config(), select=["ZL3", "ZL004"])


def table_findings(text: str) -> list[Diagnostic]:
    return [
        d
        for d in zhlint.lint_text(text, path="t.txt", config=TABLE_RULES)
        if d.code.startswith(("ZL3", "ZL0"))
    ]


@pytest.mark.parametrize("name", ["000", "002", "004"])
def test_corpus_tables_give_no_error_or_warning(name: str) -> None:
    loud = [d for d in table_findings(corpus_text(name)) if d.severity is not Severity.INFO]
    # The real defects of the appendix tables. 000's 自评表 (L613–635) lacks a 3.5-point indicator
    # row (reviewer id 53): 总分 (分值 and 得分) and the 产出 block, labelled `绩效指标 (40分)` on
    # the header row; its 执行率 is taken against the 年初预算数 (L603, id 51). 004: the 专项 one a
    # row do not add up (L713, id 57), 基本支出 + 项目支出 miss the 年度资金总额 (L740, id 60), and
    # a 成本指标 target has two digits swapped (L849, id 65).
    expected = {
        "000": [(603, "ZL309"), (613, "ZL308"), (635, "ZL308"), (635, "ZL308")],
        "004": [(713, "ZL310"), (740, "ZL310"), (849, "ZL311")],
    }.get(name, [])
    assert [(d.line, d.code) for d in loud] == expected


def change_cell(text: str, line: int, column: int, value: str) -> str:
    lines = text.split("\n")
    cells = lines[line - 1].split("\t")
    cells[column] = value
    lines[line - 1] = "\t".join(cells)
    return "\n".join(lines)


# (document, line, tab-separated column, new value): a leaf amount, a total, a 三公 figure, …
CHANGES = [
    ("000", 250, 2, "24.32"),  # 05表 项 2080506 小计
    ("000", 174, 3, "4.32"),  # 03表 项 2080506 基本支出
    ("000", 165, 2, "536.36"),  # 03表 合计 本年支出合计
    ("000", 141, 3, "57.76"),  # 02表 款 20805 财政拨款收入
    ("000", 106, 5, "34.52"),  # 01表 住房保障支出
    ("000", 202, 5, "57.76"),  # 04表 社会保障和就业支出 合计
    ("000", 271, 2, "95.62"),  # 06表 30101 基本工资
    ("000", 298, 8, "226.71"),  # 06表 公用经费合计
    ("000", 348, 5, "2.35"),  # 三公 预算数 公务接待费
    ("002", 325, 4, "63.94"),  # 三公 预算数 公务用车购置费
    ("002", 325, 11, "21.69"),  # 三公 决算数 公务接待费
    ("002", 264, 2, "98.24"),  # 05表 项 2101101 小计 (leaf-only table)
    ("002", 183, 3, "4,984.56"),  # 03表 合计 基本支出
    ("004", 181, 2, "24.01"),  # 03表 merged code/name row, 本年支出合计
    ("004", 326, 2, "383.28"),  # 06表 人员经费合计 on the line after its label
    ("004", 117, 2, "569.94"),  # 01表 本年收入合计
]


@pytest.mark.parametrize(("name", "line", "column", "value"), CHANGES)
def test_single_cell_change_is_reported_at_the_table(name: str, line: int, column: int, value: str) -> None:
    original = corpus_text(name)
    before = {(d.code, d.line, d.message) for d in table_findings(original)}
    changed = change_cell(original, line, column, value)
    new = [d for d in table_findings(changed) if (d.code, d.line, d.message) not in before]
    loud = [d for d in new if d.severity is not Severity.INFO]
    assert loud, f"change at {name}:{line} not reported"
    assert any(line == d.line or line in {r.line for r in d.related} for d in loud), [
        (d.line, d.message) for d in loud
    ]


def test_layout_notes_are_info_and_point_at_the_row(lint: Lint) -> None:
    shifted = EXPENDITURE_HEAD.replace("栏次\t\t1\t2\t3\t4\t5\t6\n", "栏次\t1\t2\t3\t4\t5\t6\t\n")
    body = shifted + "201 一般公共服务支出\t9.80\t0.00\t9.80\t0.00\t0.00\t0.00\t0.00\n"
    found = [(d.line, d.code, d.severity.value) for d in lint(body, select="ZL3")]
    assert found == [(10, "ZL307", "info"), (11, "ZL307", "info")]
    assert codes(lint(expenditure("47.76", PENSION)), "ZL307") == []


SCORES = (
    "绩效指标\t一级指标\t三级指标\t分值\t得分\n"
    "\t产出指标\t完成率\t60\t60\n\t满意度\t满意度\t40\t{score}\n{total}"
)


def test_performance_scores_add_up(lint: Lint) -> None:
    assert codes(lint(SCORES.format(score="38", total="总分\t\t\t100\t98\n"))) == []
    found = codes(lint(SCORES.format(score="36", total="总分\t\t\t100\t98\n")), "ZL308")
    assert found == [(7, "ZL308", "warning")]


BLOCKS = (
    "绩效指标\t一级指标\t二级指标\t三级指标\t分值\t得分\n"
    "\t产出指标（{output}）\t数量指标\t完成率\t30\t30\n"
    "\t\t时效指标\t及时率\t20\t20\n"
    "\t效益指标(30分)\t社会效益指标\t覆盖率\t30\t28\n"
    "\t满意度指标（20 分）\t服务对象满意度指标\t满意度\t20\t20\n"
    "总分\t\t\t\t100\t98\n"
)


def test_performance_block_labels_add_up(lint: Lint) -> None:
    assert codes(lint(BLOCKS.format(output="50分"))) == []
    assert codes(lint(BLOCKS.format(output="分值50"))) == []
    found = lint(BLOCKS.format(output="60分"), select="ZL308")
    assert [(d.line, d.severity) for d in found] == [(5, Severity.WARNING)]
    assert "标明分值 60" in found[0].message and "之和为 50" in found[0].message
    assert [r.line for r in found[0].related] == [5, 6]


def test_performance_block_rows_go_by_their_second_level_names(lint: Lint) -> None:
    # The 效益 label landed on the 时效 row (a merged cell centred by the extraction): 时效指标 is
    # still an 产出 indicator, so both blocks add up.
    body = (
        BLOCKS.format(output="50分")
        .replace("\t\t时效指标", "\t效益指标(30分)\t时效指标")
        .replace("\t效益指标(30分)\t社会效益指标", "\t\t社会效益指标")
    )
    assert codes(lint(body)) == []
    # Both blocks are read with their rows: a wrong label on either is found, with the right sum.
    output = lint(body.replace("产出指标（50分）", "产出指标（30分）"), select="ZL308")
    assert [(d.line, "之和为 50（30 + 20，共 2 项）" in d.message) for d in output] == [(5, True)]
    benefit = lint(body.replace("效益指标(30分)", "效益指标(40分)"), select="ZL308")
    assert [(d.line, "之和为 30（30，共 1 项）" in d.message) for d in benefit] == [(6, True)]


def test_performance_block_label_unreadable_or_cut_off_is_silent(lint: Lint) -> None:
    # A label of an unknown group, two labels for one group: silent.
    assert codes(lint(BLOCKS.format(output="60分").replace("产出指标（60分）", "其他指标（60分）"))) == []
    twice = BLOCKS.format(output="60分").replace("效益指标(30分)", "产出指标(30分)")
    assert codes(lint(twice)) == []
    # No 总分 row: the last block may go on past the cut, so only the others are checked.
    cut = BLOCKS.format(output="50分").replace("总分\t\t\t\t100\t98\n", "").replace("20 分", "30 分")
    assert codes(lint(cut)) == [(8, "ZL308", "info")]
    cut = cut.replace("效益指标(30分)", "效益指标(40分)")
    assert codes(lint(cut)) == [(7, "ZL308", "warning"), (8, "ZL308", "info")]


def test_performance_score_rows_shifted_left_are_still_read(lint: Lint) -> None:
    body = SCORES.format(score="38", total="总分\t\t100\t98\t\n").replace(
        "\t满意度\t满意度\t40", "满意度\t满意度\t40"
    )
    assert codes(lint(body)) == []
    # The shifted row is read, not skipped: its wrong 得分 (36, not 38) reaches the 总分 check.
    wrong = lint(body.replace("\t40\t38", "\t40\t36"), select="ZL308")
    assert [(d.line, d.severity.value) for d in wrong] == [(7, "warning")]
    assert "96（60 + 36，共 2 项）" in wrong[0].message


def test_performance_table_without_total_row_is_info(lint: Lint) -> None:
    assert codes(lint(SCORES.format(score="38", total=""))) == [(6, "ZL308", "info")]


def test_contribution_pair_differs_only_as_info(lint: Lint) -> None:
    budget = BUDGET.format(total="47.76").replace("208\t社会保障和就业支出", "2210201\t住房公积金")
    body = budget + "\n" + DETAIL.format(wages="46.41", personnel="46.41")
    found = [(d.code, d.severity.value, "30113" in d.message) for d in lint(body, select="ZL304")]
    assert ("ZL304", "info", True) in found
    assert all(severity == "info" for _, severity, _ in found)


BLANK_SCORE = (
    "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
    "产出指标（{output}分）\t数量指标\t培训人数\t100\t120\t30\t\n"
    "\t质量指标\t合格率\t95%\t98%\t20\t20\n"
    "效益指标（50分）\t社会效益指标\t满意度\t90%\t95%\t50\t50\n"
    "总分\t\t\t\t\t100\t70\n"
)


def test_performance_row_with_a_blank_score(lint: Lint) -> None:
    # good: the 实际完成值 120 is not read as the 分值 of a row whose 得分 is blank
    assert codes(lint(BLANK_SCORE.format(output="50")), "ZL308") == []
    # bad: the block label still checked against the 分值 at the header's column
    found = lint(BLANK_SCORE.format(output="60"), select="ZL308")
    assert [(d.severity.value, "之和为 50（30 + 20" in d.message) for d in found] == [("warning", True)]
