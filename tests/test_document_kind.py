"""The report's kind and year, read from the whole document (zhlint.document.kind), and their use."""

from __future__ import annotations

from pathlib import Path

import pytest

import zhlint
from zhlint.cli import main
from zhlint.config import Config, with_overrides
from zhlint.document.kind import (
    BUDGET_KINDS,
    FINAL_OR_UNKNOWN,
    ReportKind,
    cover_year,
    read_kind,
    read_report_year,
)
from zhlint.document.segment import Document, segment
from zhlint.read.source import Source
from zhlint.rules import find_rule


def document(text: str) -> Document:
    return segment(Source.from_text(text, "t.txt"))


# ---------------------------------------------------------------------------------------------
# Kind


@pytest.mark.parametrize(
    ("cover", "kind"),
    [
        ("2023年度\n某市示例服务中心部门决算", ReportKind.DEPARTMENT_FINAL),
        ("2023年度\n某市示例服务中心\n部门（单位）部门决算", ReportKind.DEPARTMENT_FINAL),
        ("某区示例中心2023年度单位决算", ReportKind.UNIT_FINAL),
        ("某市某区2026年区级部门预算\n预算主管部门：某市某区示例局", ReportKind.DEPARTMENT_BUDGET),
        ("某市某区2026年区级单位预算\n预算单位：某市某区示例局", ReportKind.UNIT_BUDGET),
        ("某省示例研究院\n2021年部门预算", ReportKind.DEPARTMENT_BUDGET),
        ("2020年度某省示例研究院预算公开\n2020年3月1日", ReportKind.DEPARTMENT_BUDGET),
        ("某省示例研究院工作报告", ReportKind.UNKNOWN),
    ],
)
def test_kind_from_the_cover(cover: str, kind: ReportKind) -> None:
    assert read_kind(cover, []).kind is kind


def test_kind_from_the_titles_and_table_names_when_the_cover_is_lost() -> None:
    final = [
        "第二部分 2023年度单位决算表",
        "收入支出决算总表",
        "财政拨款收入支出决算总表",
        "年初预算数为10万元",
    ]
    assert read_kind("", final).kind is ReportKind.UNIT_FINAL
    budget = ["一、部门主要职能", "收支预算总表", "财政拨款收支预算总表", "2025年部门预算编制说明"]
    assert read_kind("", budget).kind is ReportKind.DEPARTMENT_BUDGET
    # 决算 and 预算 named as often: no kind rather than a guess.
    assert read_kind("", ["收入支出决算总表", "收支预算总表"]).kind is ReportKind.UNKNOWN
    assert read_kind("", []).kind is ReportKind.UNKNOWN


def test_a_blank_template_is_told_by_the_placeholder_on_its_cover_and_its_blank_amounts() -> None:
    blank = ["本年收入合计XXX万元，比上年增加XX万元。", "其中：基本支出XX万元。"]
    template = read_kind("某市XX局2024年度部门决算", blank)
    assert template.template and template.kind is ReportKind.DEPARTMENT_FINAL
    assert read_kind("某市××中心2024年度部门决算", blank).template
    assert not read_kind("某市示例局2024年度部门决算", blank).template
    # A report that left a placeholder on its cover but wrote its figures is no template (its
    # placeholders are template residue, which ZL601 reports).
    filled = ["本年收入合计526.36万元，比上年增加12.5万元。", "其中：基本支出XX万元。"]
    assert not read_kind("某市XX局2024年度部门决算", filled).template


def test_the_document_exposes_kind_and_template() -> None:
    budget = document("某市某区2025年区级单位预算\n预算单位：某市某区示例局\n\n目录\n一、单位主要职能\n")
    assert budget.kind is ReportKind.UNIT_BUDGET and not budget.is_template
    template = document("某市XX局2024年度部门决算\n\n目录\n第一部分 某市XX局概况\n收入总计XXX万元。\n")
    assert template.kind is ReportKind.DEPARTMENT_FINAL and template.is_template


def test_residue_is_one_info_on_a_blank_template_but_reported_where_it_stands_on_a_report() -> None:
    body = "\n目录\n一、收入支出决算总体情况说明\n2024年度收入总计XXX万元，比上年增加（减少）XX万元。\n"
    on_template = [d for d in zhlint.lint_text("某市XX局2024年度部门决算\n" + body) if d.code == "ZL601"]
    assert [(d.line, d.severity.value) for d in on_template] == [(1, "info")]
    filled = body.replace("XXX万元", "526.36万元").replace("XX万元", "12.5万元")
    assert "ZL601" in codes("某市XX局2024年度部门决算\n" + filled)
    assert "ZL601" in codes("某市示例局2024年度部门决算\n" + body)


# ---------------------------------------------------------------------------------------------
# Year


@pytest.mark.parametrize(
    ("cover", "year"),
    [
        ("2023年度\n某市示例服务中心部门决算", 2023),
        ("某市某区2026年区级部门预算\n预算主管部门：某市某区示例局", 2026),
        ("某省示例研究院\n2021年部门预算", 2021),
        ("2020年度某省示例研究院预算公开\n2020年3月1日", 2020),  # the date is no title
        ("某市示例服务中心\n部门决算\n（2022年度）", 2022),
        ("某市示例服务中心部门决算\n2023年8月", None),  # a date of publication is no year of the report
        ("二〇二三年度\n某市示例服务中心部门决算", 2023),
        ("某市示例服务中心\n二〇二五年部门预算", 2025),
        ("某省示例研究院", None),
        ("2020年度某省示例研究院预算公开\n2021年度某省示例研究院预算公开", None),  # two years: unclear
    ],
)
def test_year_from_the_cover(cover: str, year: int | None) -> None:
    assert cover_year(cover) == year


def test_the_cover_decides_over_the_titles() -> None:
    reading = read_report_year("2023年度\n某市示例服务中心部门决算", ["2022年度部门决算表"] * 5)
    assert reading.year == 2023 and reading.cover_year == 2023


def test_without_a_cover_a_clear_majority_of_the_titles_decides() -> None:
    titles = [
        "一、2024年度部门决算情况说明",
        "本中心2024年度收、支总计均为412.06万元。",
        "第二部分 某市示例局2024年度部门决算表",
        "本中心2023年度收、支总计均为412.06万元。",  # a leftover: outvoted
    ]
    reading = read_report_year("", titles)
    assert reading.year == 2024 and reading.cover_year is None and not reading.conflicting


def test_years_without_a_majority_decide_nothing() -> None:
    reading = read_report_year("", ["2022年度部门决算表", "2023年度部门决算表"])
    assert reading.year is None and reading.conflicting
    assert read_report_year("", ["2023年度部门决算表"]).year is None  # one title is too little
    assert not read_report_year("", []).conflicting


def test_a_budget_counts_its_own_year_not_last_years_in_comparisons() -> None:
    titles = [
        "2025年部门预算编制说明",
        "与2024年部门预算相比增加20.1万元",
        "比2024年部门预算减少3万元",
        "2025年区级部门预算表",
    ]
    assert read_report_year("", titles).year == 2025


def test_the_year_titles_of_the_family_of_reports() -> None:
    votes = {
        "2024年度部门决算": 2024,
        "2025年区级部门预算": 2025,
        "2019年度某省示例研究院预算公开": 2019,
        "2018年某省示例研究院政府采购预算表": 2018,
        "2022年度收入支出决算总表": 2022,
        "2021年度财政拨款收、支总计": 2021,
        "2020年部门（单位）决算": 2020,
        "二〇一九年度部门决算表": 2019,
    }
    for title, year in votes.items():
        assert read_report_year("", [title, title]).year == year, title


def test_the_document_reads_its_year_without_a_cover() -> None:
    text = "目录\n第一部分 某市示例局概况\n一、2024年度部门决算情况说明\n二、2024年度部门决算表\n"
    assert document(text).report_year == 2024


def test_without_a_cover_the_first_paragraph_is_no_cover() -> None:
    """A leftover year in the body's first paragraph is outvoted by the titles, not taken as the cover's."""
    text = (
        "目录\n第一部分 某市示例局概况\n本局2023年度部门决算公开如下。\n"
        "一、2024年度部门决算情况说明\n二、2024年度部门决算表\n三、2024年度收入支出决算总表\n"
    )
    reading = document(text).year
    assert reading.year == 2024 and reading.cover_year is None


# ---------------------------------------------------------------------------------------------
# The engine: ZL005, and the rules about 决算 only


def codes(text: str, config: Config | None = None) -> list[str]:
    return [diagnostic.code for diagnostic in zhlint.lint_text(text, path="t.txt", config=config)]


COVER_2023 = "2023年度\n某市示例服务中心部门决算\n\n目录\n一、2023年度部门决算情况说明\n"


def test_a_year_option_that_contradicts_the_cover_is_one_warning() -> None:
    found = [
        d
        for d in zhlint.lint_text(COVER_2023, path="t.txt", config=with_overrides(Config(), year=2024))
        if d.code == "ZL005"
    ]
    assert len(found) == 1 and found[0].severity.value == "warning" and found[0].line == 1
    assert "2024" in found[0].message and "2023" in found[0].message
    assert "ZL005" not in codes(COVER_2023, with_overrides(Config(), year=2023))
    assert "ZL005" not in codes(COVER_2023)
    # Without a year on the cover, --year sets it and contradicts nothing.
    assert "ZL005" not in codes("目录\n一、部门职责\n", with_overrides(Config(), year=2024))


def test_rules_about_the_execution_of_a_year_do_not_apply_to_a_budget() -> None:
    for code in ("ZL205", "ZL207", "ZL208", "ZL210", "ZL308", "ZL309", "ZL310", "ZL311"):
        registered = find_rule(code)
        assert registered is not None
        assert registered.meta.kinds == FINAL_OR_UNKNOWN, code
        assert not any(registered.meta.applies_to(kind) for kind in BUDGET_KINDS), code
        assert registered.meta.applies_to(ReportKind.UNKNOWN), code
    every_kind = find_rule("ZL101")
    assert every_kind is not None and all(every_kind.meta.applies_to(kind) for kind in ReportKind)
    assert every_kind.meta.kinds_text == ""


def test_the_engine_skips_a_final_only_rule_on_a_budget() -> None:
    body = (
        "绩效指标\t一级指标\t三级指标\t分值\t得分\n"
        "\t产出指标\t完成率\t60\t60\n"
        "\t满意度\t满意度\t40\t36\n"
        "总分\t\t\t100\t98\n"
    )
    assert "ZL308" in codes("2025年度\n某市示例服务中心部门决算\n\n" + body)
    assert "ZL308" not in codes("2025年部门预算\n某市示例服务中心\n\n" + body)


@pytest.mark.parametrize("year", ["٢٠٢٣", "2_023", "02023", " 2023", "+2023"])
def test_year_option_is_four_ascii_digits(
    year: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "r.txt"
    report.write_text(COVER_2023, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["check", f"--year={year}", str(report)])
    assert exit_info.value.code == 2 and "--year" in capsys.readouterr().err
    assert main(["check", "--year=2023", str(report)]) in (0, 1)
