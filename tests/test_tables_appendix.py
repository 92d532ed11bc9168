"""The money of the appendix tables: ZL309 (执行率, 得分), ZL310 (listed sums), ZL311 (成本指标 target)."""

from __future__ import annotations

from collections.abc import Callable

from zhlint.diagnostics import Diagnostic

Lint = Callable[..., list[Diagnostic]]

FUND_HEAD = "年度预算申请（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"


def found(diagnostics: list[Diagnostic]) -> list[tuple[int, str, str]]:
    return [(d.line, d.code, d.severity.value) for d in diagnostics]


def fund_table(total: str, breakdown: str = "", note: str = "") -> str:
    return "部门整体支出绩效自评表\n\n" + FUND_HEAD + f"\t年度资金总额\t{total}\n" + breakdown + note


def test_rate_against_the_year_start_budget_is_a_warning(lint: Lint) -> None:
    diagnostics = lint(fund_table("635.78\t526.36\t526.36\t10\t82.79%\t8.3"), select="ZL309")
    assert [(d.code, d.severity.value) for d in diagnostics] == [("ZL309", "warning")]
    assert "年初预算数 635.78" in diagnostics[0].message and "100.00%" in diagnostics[0].message


def test_right_rate_and_score_are_silent(lint: Lint) -> None:
    assert lint(fund_table("635.78\t526.36\t526.36\t10\t100.00 %\t10.00"), select="ZL309") == []
    assert lint(fund_table("635.78\t526.36\t400\t10\t75.99%\t7.6"), select="ZL309") == []


def test_wrong_rate_and_wrong_score(lint: Lint) -> None:
    wrong_rate = lint(fund_table("500\t526.36\t400\t10\t80.00%\t8"), select="ZL309")
    assert [(d.severity.value, "75.99%" in d.message) for d in wrong_rate] == [("warning", True)]
    # 10 × 75.99% = 7.599: 9 is not it; info, as forms may score by bands
    assert [
        d.severity.value for d in lint(fund_table("500\t526.36\t400\t10\t75.99%\t9"), select="ZL309")
    ] == ["info"]


def test_score_rule_stated_by_the_form_makes_a_warning(lint: Lint) -> None:
    note = "\n备注：1.执行率=全年执行数/全年预算数；2.得分=分值×执行率。\n"
    diagnostics = lint(fund_table("500\t526.36\t400\t10\t75.99%\t9", note=note), select="ZL309")
    assert [d.severity.value for d in diagnostics] == ["warning"]


def test_rate_row_off_its_columns_is_not_read(lint: Lint) -> None:
    # the figures stand one column left of their header: nothing is checked
    assert (
        lint(
            "部门整体支出绩效自评表\n\n"
            + FUND_HEAD
            + "年度资金总额\t635.78\t526.36\t526.36\t10\t82.79%\t8.3\t\n",
            select="ZL309",
        )
        == []
    )


BASIC_HEAD = (
    "2023年度部门整体支出绩效评价基础数据表\n\n"
    "经费控制情况（万元）\t2022年决算数\t2023年预算数\t\t2023年决算数\n"
)


def basic_data(last_project: str = "33.45", business: str = "70.31") -> str:
    return BASIC_HEAD + (
        "三公经费\t0\t0.8\t\t0\n1、公务用车购置和维护经费\t\t\t\t\n其中：公车购置\t\t\t\t\n公车运行维护\t\t\t\t\n"
        "2、出国经费\t\t\t\t\n3、公务接待\t0\t0.8\t\t0\n"
        f"项目支出：\t57.85\t80\t\t115.01\n1、业务工作经费\t\t\t\t{business}\n2、运行维护经费\t\t\t\t\n"
        "3、专项资金（一个专项一行）\t57.85\t80\t\t44.7\n党史及地方志工作经费\t7.2\t5.76\t\t4.32\n"
        f"档案工作经费\t6.2\t4.96\t\t3.72\n机要专项\t11\t8.8\t\t8.8\n中心工作经费\t{last_project}\t60.48\t\t27.86\n"
        "公用经费：\t85.51\t58.24\t\t75.27\n其中：办公经费\t37.74\t38.18\t\t46.27\n"
    )


def test_consistent_lists_are_silent(lint: Lint) -> None:
    assert lint(basic_data(), select="ZL310") == []
    blank_project = basic_data().replace("机要专项", "空专项\t\t\t\t\n机要专项")  # a 专项 left blank
    assert lint(blank_project, select="ZL310") == []


def test_one_project_a_row_not_adding_up(lint: Lint) -> None:
    diagnostics = lint(basic_data(last_project="57.85"), select="ZL310")
    assert [(d.code, d.severity.value) for d in diagnostics] == [("ZL310", "error")]
    assert "82.25" in diagnostics[0].message and "2022年决算数" in diagnostics[0].message


def test_numbered_items_not_adding_up(lint: Lint) -> None:
    diagnostics = lint(basic_data(business="60.31"), select="ZL310")
    assert len(diagnostics) == 1 and "项目支出" in diagnostics[0].message
    assert diagnostics[0].severity.value == "error" and "2023年决算数" in diagnostics[0].message


def test_words_in_an_amount_column_stop_the_list(lint: Lint) -> None:
    text = basic_data(last_project="57.85").replace("机要专项\t11", "机要专项\t十一")
    assert lint(text, select="ZL310") == []


PROJECT_HEAD = (
    "项目支出绩效自评表\n\n项目资金(万元)\t资金来源\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
)


def project(carried: str = "0") -> str:
    return PROJECT_HEAD + (
        "\t其中:当年财政拨款\t5.76\t4.32\t4.32\t\t\t\n"
        f"\t上年结转金额\t0\t{carried}\t0\t\t\t\n\t其它资金\t0\t0\t0\t\t\t\n"
        "\t年度资金总额\t5.76\t4.32\t4.32\t10\t100%\t10.00\n"
    )


def test_fund_sources_add_up_to_the_total(lint: Lint) -> None:
    assert lint(project(), select="ZL310") == []
    diagnostics = lint(project(carried="1"), select="ZL310")
    assert [(d.code, d.severity.value) for d in diagnostics] == [("ZL310", "error")]
    assert "全年预算数" in diagnostics[0].message


BREAKDOWN = (
    "\t按收入性质分：\t\t\t按支出性质分：\t\t\t\n"
    "\t其中：一般公共预算：540.44\t\t\t其中：基本支出：{basic}\t\t\t\n"
    "\t政府性基金拨款：\t\t\t项目支出：115.01\t\t\t\n其他资金：19.5\t\t\t\t\t\t\t\n"
)


def test_two_breakdowns_of_the_total(lint: Lint) -> None:
    total = "448.03\t559.94\t559.94\t10\t100.00%\t10.00"
    assert lint(fund_table(total, BREAKDOWN.format(basic="444.93")), select="ZL310") == []
    diagnostics = lint(fund_table(total, BREAKDOWN.format(basic="448.55")), select="ZL310")
    assert [(d.code, d.severity.value) for d in diagnostics] == [("ZL310", "warning")]
    assert "563.56" in diagnostics[0].message and "按收入性质分之和为 559.94" in diagnostics[0].message
    rounding = lint(fund_table(total, BREAKDOWN.format(basic="444.94")), select="ZL310")
    assert [d.severity.value for d in rounding] == ["info"]


def cost_table(target: str) -> str:
    return (
        PROJECT_HEAD
        + "\t年度资金总额\t5.76\t4.32\t4.32\t10\t100%\t10.00\n"
        + "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
        + f"成本指标\t经济成本指标\t\t经费控制总额\t{target}\t4.32 万元\t20\t15.00\n"
        + "总分\t\t\t\t\t\t20\t15.00\n"
    )


def test_cost_target_with_swapped_digits(lint: Lint) -> None:
    diagnostics = lint(cost_table("5.67 万元"), select="ZL311")
    assert [(d.code, d.severity.value) for d in diagnostics] == [("ZL311", "warning")]
    assert "5.76" in diagnostics[0].message


def test_cost_target_equal_to_the_budget_or_unrelated_is_silent(lint: Lint) -> None:
    assert lint(cost_table("≤5.76 万元"), select="ZL311") == []
    assert lint(cost_table("4.32 万元"), select="ZL311") == []
    assert lint(cost_table("6.00 万元"), select="ZL311") == []


def test_cost_target_as_a_floor_is_info(lint: Lint) -> None:
    assert found(lint(cost_table("≥5.76 万元"), select="ZL311"))[0][1:] == ("ZL311", "info")


def test_rate_without_percent_sign_is_not_read(lint: Lint) -> None:
    assert lint(fund_table("635.78\t526.36\t526.36\t10\t1.00\t10"), select="ZL309") == []
    # a rate standing in an amount column: the row is shifted, nothing is read
    assert lint(fund_table("635.78\t526.36\t10\t82.79%\t8.3\t"), select="ZL309") == []


def test_numbered_items_after_an_unrelated_row_are_not_summed(lint: Lint) -> None:
    text = BASIC_HEAD + "基本支出\t307.49\t368.03\t\t448.55\n1、甲项目\t1\t2\t\t3\n2、乙项目\t4\t5\t\t6\n"
    assert lint(text, select="ZL310") == []
    assert [d.code for d in lint(text.replace("基本支出", "合计"), select="ZL310")] == ["ZL310"] * 3


STAFF = "财政供养人员情况（人）\t编制数\t2023年实际在职人数\t\t控制率\n\t21\t20\t\t{}\n"


def test_staff_control_rate(lint: Lint) -> None:
    assert lint(STAFF.format("95.24%"), select="ZL309") == []
    assert [d.severity.value for d in lint(STAFF.format("95.23%"), select="ZL309")] == ["info"]  # cut off
    wrong = lint(STAFF.format("90.48%"), select="ZL309")
    assert [d.severity.value for d in wrong] == ["warning"] and "95.24%" in wrong[0].message
    assert lint(STAFF.format("95.24%\t3"), select="ZL309") == []  # a figure the header does not name


# F1: the 一个专项一行 list is not closed by the form; what follows it is not one more 专项.
PROJECTS = (
    BASIC_HEAD + "项目支出：\t10\t10\t\t10\n1、业务工作经费\t\t\t\t\n2、运行维护经费\t\t\t\t\n"
    "3、专项资金（一个专项一行）\t10\t10\t\t10\n甲专项\t4\t4\t\t4\n乙专项\t{second}\t6\t\t6\n"
)


def test_rows_after_a_one_project_a_row_list_are_not_projects(lint: Lint) -> None:
    # good: 公用经费 without its colon, a template row, a row after blank lines, an unknown row
    # once the list has added up: none of them is a 专项
    for after in (
        "公用经费\t85.51\t58.24\t\t75.27\n",
        "部门基本支出预算调整\t307.49\t368.03\t\t448.55\n",
        "\n\n政府采购金额\t65.77\t112.12\t\t74.6\n",
        "其他情况\t1\t2\t\t3\n",
    ):
        assert lint(PROJECTS.format(second="6") + after, select="ZL310") == [], after
    # bad: the list does not add up and a template row ends it (with or without a colon)
    for after in ("公用经费\t85.51\t58.24\t\t75.27\n", "政府采购金额\t65.77\t112.12\t\t74.6\n"):
        diagnostics = lint(PROJECTS.format(second="16") + after, select="ZL310")
        assert [(d.line, d.severity.value) for d in diagnostics] == [(10, "error")]
        assert "之和为 20（甲专项 4 + 乙专项 16）" in diagnostics[0].message


def test_one_project_a_row_list_cut_off_is_silent(lint: Lint) -> None:
    # bad: ended by a template row, the list is reported even where another column adds up
    ended = lint(basic_data(last_project="57.85").replace("公用经费：", "公用经费"), select="ZL310")
    assert [d.severity.value for d in ended] == ["error"] and "82.25" in ended[0].message
    # good: a list that does not add up but stops at the table's end or a page break may go
    # on elsewhere: silent
    assert lint(PROJECTS.format(second="16"), select="ZL310") == []
    broken = PROJECTS.format(second="16") + "\n\n丙专项\t0\t0\t\t0\n"
    assert lint(broken, select="ZL310") == []


# F4: a floor is right for a saving, and a 效益 row naming a cost is not a cost target.
def test_savings_and_benefits_are_not_cost_targets(lint: Lint) -> None:
    def table(rows: str) -> str:
        return cost_table("≤5.76 万元").replace("总分", rows + "总分")

    # good
    assert (
        lint(table("\t效益指标\t经济效益指标\t为企业降低成本\t≥100万元\t120万元\t\t\n"), select="ZL311") == []
    )
    assert lint(table("成本指标\t经济成本指标\t\t节约成本\t≥5万元\t6万元\t\t\n"), select="ZL311") == []
    # bad: a further 成本指标 row, its group cells left blank, set as a floor
    diagnostics = lint(table("\t\t\t单台设备成本\t≥5万元\t4万元\t\t\n"), select="ZL311")
    assert [(d.severity.value, "单台设备成本" in d.message) for d in diagnostics] == [("info", True)]
