"""ZL60x: template residue and wording.

The national template carries alternatives (`大于（小于）`, `财政补助事业单位/经费自理事业单位`)
and instructions (`（精确到个人）`, `（按用途分类）`) that the writer must resolve. Left in, they
show the report was not finished. Duplicated words are the other common slip of copy-editing.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence

import attrs
import regex

from zhlint.diagnostics import Severity, Span
from zhlint.read.text import MappedText
from zhlint.rules.base import Finding, LintContext, PlacedText, rule

_CHOICE_WORDS = "大于|小于|等于|增加|减少|增长|下降|上升|高于|低于|持平|节约|超支"


# (pattern, what the residue is, severity or None for the rule default)
@attrs.frozen
class Residue:
    pattern: regex.Pattern[str]
    what: str  # what was left in, for the message
    severity: Severity | None  # None: the rule's default
    needs: tuple[str, ...]  # the pattern cannot match a text without one of these (a cheap filter)


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


# Each residue with its needed words as one pattern: a single search per text.
_RESIDUE_NEEDS = tuple(
    (residue, re.compile("|".join(re.escape(needed) for needed in residue.needs))) for residue in RESIDUE
)


@rule(
    "ZL601",
    "template-residue",
    Severity.ERROR,
    "An alternative or an instruction of the template was left in the text.",
    """
    The 部门决算 template offers alternatives for the writer to choose from (`大于（小于）`,
    `财政补助事业单位/经费自理事业单位`, `举办未举办`) and instructions to delete (`（精确到个人）`,
    `（按用途分类）`, `（单位本级或某二级机构）`, `XX局`). Left in, they make the statement say
    nothing, and they tell every reader the report was not finished.
    """,
    bad="决算数大于（小于）年初预算数的主要原因是：追加了项目经费。",
    good="决算数大于年初预算数的主要原因是：追加了项目经费。",
)
def template_residue(context: LintContext) -> Iterator[Finding]:
    texts = list(context.document.texts())
    for index, residues in _texts_needing(texts).items():
        text = texts[index]
        for residue in residues:
            for match in residue.pattern.finditer(text.text):
                start = _alternative_start(match)
                yield Finding(
                    text.source_span(start, match.end()),
                    f"{residue.what}：“{text.text[start : match.end()]}”",
                    severity=residue.severity,
                )


def _joined(texts: Sequence[PlacedText]) -> tuple[str, list[int]]:
    """The texts joined by line breaks, and where each starts in the result (for bisect)."""
    joined = "\n".join(text.text for text in texts)
    return joined, list(itertools.accumulate((len(text.text) + 1 for text in texts[:-1]), initial=0))


def _texts_needing(texts: Sequence[MappedText]) -> dict[int, list[Residue]]:
    """The index of each text that holds a word some residue needs, with those residues in order.

    The needed words are looked for once in all the texts joined, not in each text: `（` and
    `单位` occur in most texts, so a search per text and residue cost more than the residues.
    A needed word holds no line break, so each one found lies in a single text.
    """
    joined, starts = _joined(texts)
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


# A phrase of two to eight Chinese characters written twice in a row: `长株潭长株潭`, `资金资金`.
# The doubling patterns run over every text of the document and try each length at each
# position; the standard library's engine runs them about four times faster than `regex` (the
# CJK ranges below stand for \p{Han}). Each repetition is bounded, so none can backtrack badly.
_HAN = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
_DOUBLED_PHRASE = re.compile(rf"(?P<phrase>{_HAN}{{2,8}})(?P=phrase)")
# Single characters that are never doubled in this prose (`用于于`); `的的`, `用用` and `等等` can be right.
_DOUBLED_CHAR = re.compile(r"(?P<phrase>[于在和及与对将把被从向])(?P=phrase)")
_DOUBLED_PUNCTUATION = re.compile(r"(?P<phrase>[。，；、：])(?P=phrase)+")
# `公共安全支出（类）支出`: the class name already ends in 支出, the template adds it again.
_DOUBLED_AROUND_LEVEL = re.compile(r"(?P<phrase>支出)（[类款项]）(?P=phrase)")
# Reduplications that are correct Chinese.
_ALLOWED_DOUBLES = frozenset({"谢谢", "常常", "人人", "天天", "年年", "层层", "步步", "处处", "事事", "时时"})


@rule(
    "ZL602",
    "duplicated-word",
    Severity.WARNING,
    "A word, phrase or punctuation mark is written twice in a row.",
    """
    Editing a copied report often leaves a phrase doubled (`长株潭长株潭`, `缴费缴费`,
    `会议场租费会议场租费`, `用于于`, `。。`). The fix removes the second copy. Correct
    reduplications (`常常`, `层层`) are not reported.
    """,
    bad="推进长株潭长株潭一体化发展。",
    good="推进长株潭一体化发展。",
    fixable=True,
)
def duplicated_word(context: LintContext) -> Iterator[Finding]:
    texts = context.all_texts()
    # One scan per pattern over all texts joined by line breaks (which no pattern matches), rather
    # than four calls for each of a thousand texts, most of them short table cells.
    joined, starts = _joined(texts)
    for pattern in (_DOUBLED_PHRASE, _DOUBLED_CHAR, _DOUBLED_PUNCTUATION, _DOUBLED_AROUND_LEVEL):
        for match in pattern.finditer(joined):
            index = bisect.bisect_right(starts, match.start()) - 1
            finding = _double(texts[index], match, starts[index])
            if finding is not None:
                yield finding
    for paragraph in context.document.paragraphs:
        if paragraph.last_line > paragraph.first_line:  # a line break to be doubled across
            yield from _doubled_across_lines(paragraph.text, context.source.text)


_DOUBLED_HAN = re.compile(rf"({_HAN})\1")


def _doubled_across_lines(text: MappedText, source: str) -> Iterator[Finding]:
    """One character written at the end of a line and again at the start of the next (`作用` / `用，`).

    Inside a line `费用用于` is correct Chinese, so single doubled characters are not reported
    there; at a line break left by PDF extraction the doubling is a copy slip, reported as info.
    """
    for match in _DOUBLED_HAN.finditer(text.text):
        index = match.start()
        char, following = text.text[index], text.text[index + 1]
        if _DOUBLED_CHAR.match(match.group()):
            continue  # reported as a doubled word already
        between = source[text.offsets[index] + 1 : text.offsets[index + 1]]
        if "\n" not in between and "\r" not in between:
            continue
        yield Finding(
            text.source_span(index + 1, index + 2),
            f"“{char}”在换行处重复了：“{char}{following}”",
            severity=Severity.INFO,
            fix="",
        )


def _double(text: PlacedText, match: re.Match[str], text_start: int) -> Finding | None:
    """The finding for a doubling ``match`` found in ``text``, which begins at ``text_start`` of the
    string that was searched; None for a correct reduplication."""
    phrase = match.group("phrase")
    if match.group() in _ALLOWED_DOUBLES or (len(set(phrase)) == 1 and len(phrase) > 1):
        return None
    end = match.end() - text_start
    second = end - len(phrase)
    span = text.source_span(second, end)
    # Only offer a fix when the doubled text is contiguous in the source (not across lines).
    contiguous = span.end - span.start == end - second
    return Finding(span, f"“{phrase}”重复了：“{match.group()}”", fix="" if contiguous else None)


_JIEZHI = regex.compile(r"截止(?=\s*(?:到\s*)?\d{4}\s*年)")


@rule(
    "ZL603",
    "jiezhi-for-jiezhi",
    Severity.INFO,
    "“截止” is used before a date where “截至” is meant.",
    """
    “截至” (up to) goes before a date: `截至2023年12月31日`. “截止” (to end) is a verb that follows
    a date: `报名于5月1日截止`. The template writes 截至; reports often have 截止.
    """,
    bad="截止2023年12月31日，本单位共有车辆2辆。",
    good="截至2023年12月31日，本单位共有车辆2辆。",
    fixable=True,
)
def jiezhi(context: LintContext) -> Iterator[Finding]:
    for text in context.document.texts():
        if "截止" not in text.text:
            continue
        for match in _JIEZHI.finditer(text.text):
            yield Finding(
                text.source_span(match.start(), match.end()), "日期前应写“截至”，不是“截止”", fix="截至"
            )


# A label of the table header with nothing after it: `部门：` then the end of the line or a tab.
_BLANK_FIELD = regex.compile(r"^(?P<label>部门|单位|编制单位)\s*[：:]\s*(?=$|\t|公开)")


@rule(
    "ZL604",
    "blank-header-field",
    Severity.INFO,
    "A field of a table header (`部门：`) is left blank.",
    """
    Each standard table names the unit in its header (`部门：株洲市XX中心`). A blank field leaves
    the table unattributed when it is printed or copied on its own.
    """,
    bad="部门：\n\n项目\t金额\n合计\t1.00",
    good="部门：株洲市测试中心\n\n项目\t金额\n合计\t1.00",
)
def blank_header_field(context: LintContext) -> Iterator[Finding]:
    for table in context.document.tables:
        for line in table.caption:
            text = line.text.strip().lstrip("#* ")
            match = _BLANK_FIELD.match(text)
            if match:
                start = line.start + line.text.index(match.group("label"))
                yield _blank_field(Span(start, start + len(match.group())), match.group("label"))
        # Captions on tab lines (`部门：\t\t\t公开03表`) are read as the table's first row.
        for row in table.rows[:2]:
            for cell in row.cells[:1]:
                match = _BLANK_FIELD.match(cell.text)
                if match and len(match.group()) == len(cell.text):
                    yield _blank_field(cell.span, match.group("label"))


def _blank_field(span: Span, label: str) -> Finding:
    return Finding(span, f"表头的“{label}”一栏没有填写")
