"""ZL0xx: input and parsing. The engine reports these; they have no check function."""

from __future__ import annotations

from zhlint.diagnostics import Severity
from zhlint.rules.base import metadata_only

UNREADABLE = metadata_only(
    "ZL001",
    "unreadable-file",
    Severity.ERROR,
    "文件无法作为文本报告读取。",
    """
    zhlint 读取 UTF-8（带或不带 BOM）、带 BOM 的 UTF-16/32 以及 GB18030/GBK 编码的文本。二进制文件（误传
    的 PDF 或 Word 文件）、无法解码或根本无法打开的文件，只报告一次并说明原因，其余文件照常检查。请先把
    报告转换为文本（例如用 `pdftotext -layout`）。
    """,
    "report.pdf（把 PDF 文件交给了 zhlint）",
    "report.txt（从 PDF 提取出的文本）",
    summary_en="The file cannot be read as a text report.",
)
EMPTY = metadata_only(
    "ZL002",
    "empty-document",
    Severity.WARNING,
    "文件为空，或只有空白字符。",
    """
    报告为空通常说明文本提取失败。其中没有别的内容可以检查。
    """,
    "（空文件）",
    "2023年度 株洲市XX中心 部门决算 …",
    summary_en="The file is empty or holds only white space.",
)
NO_REPORT_YEAR = metadata_only(
    "ZL003",
    "report-year-unknown",
    Severity.INFO,
    "无法从封面或报告标题读出报告年度，已跳过年度类规则。",
    """
    年度类规则把报告对自身的称呼（`2023年度部门决算`）与报告年度比较。报告年度从封面标题读出（
    `2023年度 株洲市XX中心 部门决算`、`上海市普陀区2025年区级部门预算`、`江苏省人民检察院` /
    `2017年部门预算`）；封面没有写年度时，取正文标题和自称中明显占多数（超过三分之二，且至少两处）的年度
    （`2024年度部门决算表`、`2024年度收、支总计`、`2025年部门预算`、`2018年度…预算公开`）；比较用语（
    `与2024年部门预算相比`）不计入。ZL003 表示两种办法都没有得出年度：要么全文没有年度，要么自称中有几个
    年度而没有一个明显占多数（提示信息会列出这些年度）。可用 `--year 2023` 或配置中的 `year = 2023` 指定
    年度。
    """,
    "株洲市XX中心 部门决算（封面没有年度）；2022年度部门决算表 … 2023年度部门决算情况说明",
    "2023年度 株洲市XX中心 部门决算",
    summary_en=(
        "The report year could not be read from the cover or the report's titles; the year rules "
        "were skipped."
    ),
)
UNREADABLE_TABLE = metadata_only(
    "ZL004",
    "unreadable-table",
    Severity.INFO,
    "有一张标准表无法读取，已跳过与它有关的检查。",
    """
    被文本提取弄乱的表（列错位、单元格合并、行被截断）无法可靠地检查，因此 zhlint 说明是哪张表、原因是什
    么，并跳过需要这张表的检查，而不是报出一连串误报。
    """,
    "预算数 … 决算数 … 预算数（三公经费表的列组重复，12 个数只有 9 个）",
    "三公经费表有 6 个预算数列和 6 个决算数列",
    summary_en="A standard table could not be read; its checks were skipped.",
)
YEAR_OVERRIDE = metadata_only(
    "ZL005",
    "report-year-override",
    Severity.WARNING,
    "用 --year（或配置中的 `year =`）指定的报告年度与封面上的年度不一致。",
    """
    `--year` 和配置中的 `year =` 会覆盖从封面读出的年度。封面明确写的是另一个年度时，报告中所有按封面年
    度写的自称都会变成 ZL401 错误：这一条警告（位于封面）说明原因。请检查这一设置（几个年度的报告共用一
    份配置时，会给它们全部设成同一年度）或封面。
    """,
    "对封面为“2023年度 株洲市XX中心 部门决算”的报告运行 zhlint check --year 2024",
    "对同一报告运行 zhlint check --year 2023（或不用 --year：取封面的年度）",
    summary_en="The report year given with --year (or `year =`) contradicts the year on the cover.",
)
UNUSED_SUPPRESSION = metadata_only(
    "ZL006",
    "unused-suppression",
    Severity.WARNING,
    "某条 zhlint-disable 注释没有屏蔽任何问题（加 --report-unused-suppressions 时报告）。",
    """
    Markdown 报告中的 `<!-- zhlint-disable ZL101 -->` … `<!-- zhlint-enable -->` 和
    `<!-- zhlint-disable-next-line ZL101 -->` 屏蔽所覆盖各行上它们所列规则（不列：全部规则）的问题。加
    `--report-unused-suppressions`（或在配置中写 `report-unused-suppressions = true`）时，没有屏蔽任何
    问题的注释（或注释中的某个代码）会被报告：它原本针对的问题已经改正，或者代码写错了；留着它，会把以后
    出现的新问题也藏起来。
    """,
    "在一行所有比率都正确的文字上方写 <!-- zhlint-disable-next-line ZL101 -->",
    "（所接受的问题改正后，删去这条注释）",
    summary_en="A zhlint-disable comment suppressed nothing (reported with --report-unused-suppressions).",
)
RULE_FAILED = metadata_only(
    "ZL009",
    "internal-rule-failure",
    Severity.WARNING,
    "有一条规则在本文档上运行失败，其他规则照常运行。",
    """
    某条规则在本文档上发生了内部错误。它的检查结果缺失，其他规则的结果是完整的。请把提示信息和文档报告给
    zhlint 开发者。
    """,
    "（任何触发了规则缺陷的文档）",
    "（缺陷修复后的同一文档）",
    summary_en="A rule failed on this document; the other rules still ran.",
)
