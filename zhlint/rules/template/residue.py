"""ZL601 template-residue: alternatives and instructions of the template left in."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence

import attrs
import regex

from zhlint.diagnostics import Severity
from zhlint.read.patterns import lazy_regex
from zhlint.read.text import MappedText
from zhlint.rules.base import Finding, LintContext, rule
from zhlint.rules.template._common import joined_texts

_CHOICE_WORDS = "大于|小于|等于|增加|减少|增长|下降|上升|高于|低于|持平|节约|超支"


# (pattern, what the residue is, severity or None for the rule default)
@attrs.frozen
class Residue:
    pattern: regex.Pattern[str]
    what: str  # what was left in, for the message
    severity: Severity | None  # None: the rule's default
    needs: tuple[str, ...]  # the pattern cannot match a text without one of these (a cheap filter)
    # Where a match is residue: None for anywhere, else a test of the words before it (in its
    # text, and on its source line: a text may join lines) that it is a note to whoever fills
    # the form in, not the report's prose.
    stands: Callable[[str, str], bool] | None = None


_PARENS = ("（", "(")


RESIDUE: tuple[Residue, ...] = (
    Residue(
        regex.compile(rf"(?:{_CHOICE_WORDS})[（(](?:{_CHOICE_WORDS})(?:[/、或](?:{_CHOICE_WORDS}))?[)）]"),
        "模板中的备选词没有取舍",
        None,
        # A choice word's last character right before the bracket: `（` alone is in most texts.
        tuple(f"{word[-1]}{bracket}" for word in _CHOICE_WORDS.split("|") for bracket in _PARENS),
    ),
    Residue(regex.compile(r"[（(]精确到[^（()）]{0,8}[)）]"), "模板中的填写说明没有删除", None, ("精确到",)),
    Residue(regex.compile(r"[（(]按[^（()）]{0,6}分类[)）]"), "模板中的填写说明没有删除", None, ("分类",)),
    Residue(
        regex.compile(r"[（(][^（()）]{0,10}或某[^（()）]{0,10}[)）]"),
        "模板中的填写说明没有删除",
        None,
        ("或某",),
    ),
    Residue(
        regex.compile(r"[（(](?:如有|若有|请填写|填写)[^（()）]{0,20}[)）]"),
        "模板中的填写说明没有删除",
        None,
        tuple(f"{bracket}{word}" for word in ("如有", "若有", "请填写", "填写") for bracket in _PARENS),
    ),
    Residue(
        regex.compile(r"我本单位"), "“我单位”与“本单位”两种写法叠在一起", Severity.WARNING, ("我本单位",)
    ),
    Residue(
        regex.compile(r"(?<![A-Za-z])(?:XX|xx|ＸＸ|××|某某)(?=\p{Han})"),
        "模板中的占位符没有替换",
        None,
        ("XX", "xx", "ＸＸ", "××", "某某"),
    ),
    Residue(
        regex.compile(r"部门（单位）部门决算|部门\(单位\)部门决算"),
        "封面保留了模板占位词“部门（单位）”",
        Severity.INFO,
        ("单位",),
    ),
    # The form's instructions to whoever fills it in, left under a table or in the text. These
    # words are also plain prose (`现将有关情况作下述说明`, `身份证号为必填项的系统`): residue only
    # in a note (`注：…为必填项。`) or a sentence addressed to the filler (`无…的，仍保留该表格式`).
    Residue(
        regex.compile(r"为必填项|仍保留该表格式|(?:在本表下方)?作下述说明|按上述格式依次说明"),
        "模板中给填表人的说明没有删除",
        Severity.WARNING,
        ("必填项", "仍保留该表格式", "作下述说明", "按上述格式"),
        stands=lambda before, line: _addressed_to_filler(before, line),
    ),
    Residue(
        regex.compile(
            r"[（(]不涉及的不列[)）]|(?:根据|按照|依据|按)[^。；;，,]{0,40}(?<!未|不|没有)填写(?=[。；;]|$)"
        ),
        "模板中给填表人的说明没有删除",
        Severity.WARNING,
        ("不涉及的不列", "填写"),
    ),
    # `…接待外宾，列明公务接待2批次`: the template's `列明…` (state the count) kept as a verb.
    Residue(
        regex.compile(r"(?<=[，,；;])列明(?=\p{Han}{2,12}\d)"),
        "模板中的填写说明“列明”没有删除",
        Severity.INFO,
        ("列明",),
    ),
    # `XX局部门（单位）共有车辆`: the alternative of the template after the unit's own name.
    Residue(
        # Not in a form's own title (Hunan's 《…部门（单位）整体支出绩效自评报告》 is that form's name).
        regex.compile(r"(?<=[局委办院所处站队心会厅])部门[（(]单位[)）](?!部门决算|整体支出|[^《》\n]*》)"),
        "模板中的备选写法“部门（单位）”没有取舍",
        Severity.INFO,
        ("部门（单位）", "部门(单位)"),
    ),
    # X未X: `举办未举办`, `开展未开展` — both answers of a yes/no template field left in.
    Residue(
        regex.compile(r"(?P<verb>\p{Han}{2})未(?P=verb)"), "模板中“是/否”两种答案都保留了", None, ("未",)
    ),
    # A/B alternatives that share their head noun: 财政补助事业单位/经费自理事业单位.
    Residue(
        regex.compile(
            r"(?P<a>\p{Han}{1,10}(?P<tail>\p{Han}{2,4}))[/／](?P<b>\p{Han}{1,10}(?P=tail))(?!\p{Han})"
        ),
        "模板中的两种备选写法都保留了",
        None,
        ("/", "／"),
    ),
)


# A note under a table or in the text: `注：`, `说明：`, `填报说明`, `备注：`.
_NOTE = lazy_regex(r"\s*(?:[（(]?\d{1,2}[)）.．、]\s*)?(?:注|说明|填报说明|填表说明|备注)\s*\d?\s*[：:.．、]")
# A sentence addressed to whoever fills the form in: `无…的，`, `如…的，`, `不涉及…的，`.
_TO_FILLER = lazy_regex(r"\s*(?:无|没有|如无|若无|如|若|不涉及|未)[^。；;]{0,40}的[，,]")
# A sentence that only names fields, as a form's note does: `“科目编码”和“科目名称”为必填项`.
_FIELDS = lazy_regex(r"\s*(?:[（(]?\d{1,2}[)）.．、]\s*)?(?:[“\"][^”\"]{1,20}[”\"][和、及与]?)+$")
_SENTENCE_START = lazy_regex(r"[。；;！？!?\n]")


def _addressed_to_filler(before: str, line: str) -> bool:
    """Is an instruction after ``before`` (its text up to it), ``line`` (its source line up to it)
    in a note or in a sentence addressed to the filler?"""
    if _NOTE.match(line):
        return True
    for words in (before, line):
        sentence = _SENTENCE_START.split(words[-200:])[-1]
        if _NOTE.match(sentence) or _TO_FILLER.match(sentence) or _FIELDS.match(sentence):
            return True
    return False


# Each residue with its needed words as one pattern: a single search per text.
_RESIDUE_NEEDS = tuple(
    (residue, re.compile("|".join(re.escape(needed) for needed in residue.needs))) for residue in RESIDUE
)


@rule(
    "ZL601",
    "template-residue",
    Severity.ERROR,
    "正文中留下了模板的备选项或填写说明。",
    """
    部门决算模板给撰写人提供备选项（`大于（小于）`、`财政补助事业单位/经费自理事业单位`、`举办未举办`）
    和应删除的说明（`（精确到个人）`、`（按用途分类）`、`（单位本级或某二级机构）`、`XX局`）。留在文中，
    这些表述就什么也没说，还让每个读者看出报告没有写完。有金额的表下面却写着表为空的说明（`本表无数据`、
    `故本表为空表`）也是留下的模板说明：它与表本身矛盾。
    """,
    bad="决算数大于（小于）年初预算数的主要原因是：追加了项目经费。",
    good="决算数大于年初预算数的主要原因是：追加了项目经费。",
    summary_en="An alternative or an instruction of the template was left in the text.",
)
def template_residue(context: LintContext) -> Iterator[Finding]:
    document = context.document
    if document.is_template and document.title is not None:
        # The blank template itself: its placeholders are expected, so say once what it is.
        yield Finding(
            document.title.span,
            "封面的单位名称是占位符，金额也未填写：这是一份未填写的模板，模板中的占位符、备选词和说明不逐一报告",
            severity=Severity.INFO,
        )
        return
    texts = list(document.texts())
    for index, residues in _texts_needing(texts).items():
        text = texts[index]
        for residue in residues:
            for match in residue.pattern.finditer(text.text):
                if residue.stands is not None and not _stands(residue.stands, text, match.start(), context):
                    continue
                start = _alternative_start(match)
                yield Finding(
                    text.source_span(start, match.end()),
                    f"{residue.what}：“{text.text[start : match.end()]}”",
                    severity=residue.severity,
                )
    yield from _empty_notes_of_filled_tables(context)


def _empty_notes_of_filled_tables(context: LintContext) -> Iterator[Finding]:
    """`注：本部门无“三公”经费预算，故本表为空表。` under a table that lists amounts."""
    for table in context.tables.standard:
        if table.empty_note is not None:
            yield Finding(
                table.empty_note,
                f"说明称{table.name}为空表（无数据），但表中列有金额：说明与表格矛盾，疑为模板说明未删",
            )


def _stands(stands: Callable[[str, str], bool], text: MappedText, start: int, context: LintContext) -> bool:
    """Does the residue's own test hold for a match at ``text.text[start:]``?"""
    offset = text.source_span(start, start + 1).start
    line, column = context.source.position(offset)
    return stands(text.text[max(0, start - 200) : start], context.source.line_text(line)[: column - 1])


def _texts_needing(texts: Sequence[MappedText]) -> dict[int, list[Residue]]:
    """The index of each text that holds a word some residue needs, with those residues in order.

    The needed words are looked for once in all the texts joined, not in each text: `（` and
    `单位` occur in most texts, so a search per text and residue cost more than the residues.
    A needed word holds no line break, so each one found lies in a single text.
    """
    joined, starts = joined_texts(texts)
    found: dict[int, list[Residue]] = {}
    for residue, needs in _RESIDUE_NEEDS:
        for match in needs.finditer(joined):
            residues = found.setdefault(bisect.bisect_right(starts, match.start()) - 1, [])
            if not residues or residues[-1] is not residue:
                residues.append(residue)
    return dict(sorted(found.items()))


def _alternative_start(match: regex.Match[str]) -> int:
    """For `A/B` alternatives, start A where it is as long as B (the greedy match takes more)."""
    if "b" not in match.re.groupindex:
        return int(match.start())
    return max(int(match.start()), int(match.start("b")) - 1 - len(match.group("b")))
