"""The metadata of the cross-report rules (ZL7xx): the source of their docs and `zhlint explain`."""

from __future__ import annotations

from zhlint.diagnostics import Severity
from zhlint.rules.base import metadata_only

PREVIOUS_YEAR = metadata_only(
    "ZL701",
    "previous-year-figure",
    Severity.WARNING,
    "本年报告所说的上年数与上年同类报告公布的数不一致。",
    """
    同时检查同一单位相邻两年的报告（多个文件、目录，或 `--history` 给出的往年报告或事实文件）时运行。
    本年报告中的 `与上年相比增加X万元`、`比上年减少X万元` 推出上年数（本年数减增加额、加减少额），
    `上年预算数为Y万元`、`与上年持平`、`与上年预算数相等` 直接给出上年数；这个数应等于上年同一单位、
    同一类型（预算对预算、决算对决算）报告公布的数（表中有对应单元格时取表中数）。由四舍五入造成的
    差异（每个参与计算的金额 0.005 万元）不报告。提示同时给出两份报告中的位置。与上年执行数比较的
    说法（`比2024年预算执行数增加`）不是上年报告公布的数，不比较。
    """,
    "2024年报告：基本支出1,500万元，比上年增加100万元；2023年报告：基本支出1,450万元",
    "2024年报告：基本支出1,500万元，比上年增加50万元；2023年报告：基本支出1,450万元",
    summary_en="A previous-year figure stated or implied in a report differs from last year's report.",
)
BUDGET_REPORT = metadata_only(
    "ZL702",
    "final-vs-budget-report",
    Severity.WARNING,
    "决算中引用的年初预算数与同年公布的预算报告不一致。",
    """
    同时检查同一单位同一年度的决算和预算报告时运行。决算说明中的年初预算数（`年初预算为X万元`、
    `比年初预算增加Y万元` 推出的预算数）应等于该年度公布的部门（单位）预算中同一项目的数。四舍五入
    造成的差异不报告。
    """,
    "2023年决算：“三公”经费年初预算为30万元；2023年预算：“三公”经费28万元",
    "2023年决算：“三公”经费年初预算为28万元；2023年预算：“三公”经费28万元",
    summary_en="A 年初预算 figure quoted in a 决算 differs from that year's 预算 report.",
)
DEPARTMENT_UNITS = metadata_only(
    "ZL703",
    "department-vs-units",
    Severity.WARNING,
    "部门报告与其单位报告不一致：只含一个单位时数字不同，或部门数小于所给单位报告之和。",
    """
    同时检查同一年度、同一类型的部门报告和单位报告时运行（单位名称去掉“本级”、括号后与部门相同）。
    部门报告说明本部门只包括一个单位时，两份报告中同一项目的数应相同；否则部门的数（收支总计、
    基本支出、项目支出、各类支出、“三公”经费等）不应小于所给单位报告中同一项目之和。四舍五入造成的
    差异不报告。
    """,
    "2025年部门预算：项目支出800万元（部门含本级和下属1家单位）；2025年本级单位预算：项目支出900万元",
    "2025年部门预算：项目支出800万元（部门含本级和下属1家单位）；2025年本级单位预算：项目支出700万元",
    summary_en=(
        "A 部门 report disagrees with its 单位 reports (one 单位: other figures; several: below their sum)."
    ),
)
NAME_ACROSS = metadata_only(
    "ZL704",
    "unit-name-across-reports",
    Severity.INFO,
    "同一单位在不同报告中的名称写法不同。",
    """
    同时检查同一单位的几份报告时运行。单位名称去掉空格、“本级”和括号中的部分后相同，才算同一单位；
    括号中的部分或括号的写法不同（`XX局（XX办）` 与 `XX局`），说明单位更名或名称写法不统一，只作提示。
    """,
    "2023年报告：株洲市测试中心（株洲市测试办）；2024年报告：株洲市测试中心",
    "2023年报告：株洲市测试中心；2024年报告：株洲市测试中心",
    summary_en="The unit's name is written differently across its reports.",
)
