"""ZL610 unit-name-variant: the unit's name written differently from the cover's."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

import regex

from zhlint.diagnostics import Severity
from zhlint.read.patterns import lazy_regex
from zhlint.rules.base import Finding, LintContext, rule

# `部门：` / `单位名称：` before a name: the place where only this unit's own name can stand. A name
# starts anywhere in the spaces after the colon (the group). Found once per text: searching the
# text before every name found was quadratic in the text's length.
_HEADER_LABEL = regex.compile(r"(?:部门|单位|单位名称|预算单位|主管部门)\s*[：:](\s*)")
_HAN = regex.compile(r"\p{Han}")


_NAME_PART = regex.compile(r"[（(][^（()）]*[)）]")


# A name shorter than this is a word (`部门`), or too short to match a variant safely.
_SHORTEST_NAME = 6


def _name_forms(unit_name: str) -> list[str]:
    """The unit's name and its parenthesised alias, each long enough to match safely."""
    forms = [_NAME_PART.sub("", unit_name)]
    forms += [part.strip("（()）") for part in _NAME_PART.findall(unit_name)]
    return [form for form in forms if len(form) >= _SHORTEST_NAME]


@rule(
    "ZL610",
    "unit-name-variant",
    Severity.ERROR,
    "某处所写的本单位名称与封面不同。",
    """
    报告多次写到本单位的名称：封面、每张表的表头（`部门：…`）、正文。表头中的名称与封面相差一个字（把
    `株洲市` 写成 `株州市`），是正式出版物中读者一眼就能看出的错字。在正文中，同样的差别可能指的是另一个
    单位（`株洲市测绘中心` 与 `株洲市测试中心`），所以在正文中只报告为提示，也不提供修复。单位名称从封面
    读出，或在配置中用 `unit-name` 指定。
    """,
    bad="（封面：株洲市XX中心）部门：株州市XX中心",
    good="（封面：株洲市XX中心）部门：株洲市XX中心",
    fixable=True,
    summary_en="The unit's own name is written differently from the cover in one place.",
)
def unit_name_variant(context: LintContext) -> Iterator[Finding]:
    unit_name = _unit_name(context)
    if not unit_name:
        return
    yield from _district_dropped(context, unit_name)
    for form in _name_forms(unit_name):
        # One substituted character, the rest exact: a typo, not another unit.
        pattern = regex.compile(f"(?:{regex.escape(form)}){{s<=1}}")
        # One substituted character leaves one half of the name intact (pigeonhole): a text that
        # holds neither half cannot match, and the fuzzy search is only run where one is found.
        half = len(form) // 2
        first, second = form[:half], form[half:]
        for text in context.all_texts():
            if first not in text.text and second not in text.text:
                continue
            header_places: list[tuple[int, int]] | None = None
            for match in pattern.finditer(text.text):
                written = match.group()
                if written == form or not _differs_in_han(written, form):
                    continue
                if written[-1] != form[-1] and _HAN.match(text.text, match.end()):
                    continue  # `…自然资源管理事务中心`: a longer name, another unit's, not a typo
                if header_places is None:
                    header_places = [found.span(1) for found in _HEADER_LABEL.finditer(text.text)]
                in_header = _is_header_place(header_places, match.start())
                # Two units are never named apart by 和/与 alone: such a variant is this unit's name.
                certain = in_header or _differs_in_conjunction(written, form)
                yield Finding(
                    text.source_span(match.start(), match.end()),
                    f"单位名称写作“{written}”，封面上是“{form}”"
                    + ("" if certain else "（如果这里指的是另一个单位，请忽略）"),
                    severity=None if certain else Severity.INFO,
                    fix=form if certain else None,
                )


def _is_header_place(places: list[tuple[int, int]], start: int) -> bool:
    """``start`` is in the spaces after a header label's colon; ``places`` are sorted, disjoint."""
    index = bisect.bisect_right(places, start, key=lambda place: place[0]) - 1
    return index >= 0 and places[index][0] <= start <= places[index][1]


# Characters that join the parts of a name; one put for another changes no unit (`规划和` / `规划与`).
_CONJUNCTIONS = frozenset("和与及")


def _differs_in_conjunction(written: str, form: str) -> bool:
    pairs = [(a, b) for a, b in zip(written, form, strict=False) if a != b]
    return bool(pairs) and all(a in _CONJUNCTIONS and b in _CONJUNCTIONS for a, b in pairs)


# The cover's first line names the unit before the year and the report: `上海市XX区XX局2024年度部门决算`.
_COVER_NAME = lazy_regex(
    r"^(?:20\d{2}年度?)?(?P<name>\p{Han}{6,30}?)(?:20\d{2}年度?)(?:部门|单位)(?:决算|预算)"
)


# A unit of a district or county: the city, the district, then the unit's own name.
_DISTRICT_NAME = regex.compile(
    r"^(?P<city>\p{Han}{2,6}?[省市])(?P<district>\p{Han}{1,6}?[区县旗])(?P<own>\p{Han}{3,})$"
)


# A report's title: the name, the year and the report (`…2024年度部门决算表`), ending there or with
# the words of a title (`…部门决算公开`, `…部门决算 目录`), not `…部门决算编制要求` of a sentence.
_REPORT_AFTER = lazy_regex(
    r"(?:20\d{2}年度?)(?:部门|单位)(?:决算|预算)(?:[表\s》”\"]|公开|说明|情况说明|目录|$)"
)
# What may stand before a title's name on its line: spaces, a list mark, an opening quote.
_TITLE_LEAD = lazy_regex(r"[\s《“\"]*")


def _unit_name(context: LintContext) -> str | None:
    """The unit's name: configured or read by the document, else from the cover's first line.

    A name read from a table header may be a word (`部门`) rather than a name; the cover's title
    line then names the unit before its year.
    """
    name = context.unit_name
    if name and len(_NAME_PART.sub("", name)) >= _SHORTEST_NAME:
        return name
    title = context.document.title
    if title is None:
        return name
    match = _COVER_NAME.match(context.source.line_text(title.first_line).replace(" ", ""))
    return match.group("name") if match else name


def _district_dropped(context: LintContext, unit_name: str) -> Iterator[Finding]:
    """A report title naming the city's unit (`上海市规划和自然资源局2024年度部门决算表`) for the district's.

    Without its district the name is that of another body, the city's own; in running text it may
    mean that body (`根据…市…局2024年度部门决算编制要求`), but a title of this report, standing at
    the start of its line, names this unit.
    """
    parts = _DISTRICT_NAME.match(_NAME_PART.sub("", unit_name))
    if parts is None:
        return
    city_unit = parts.group("city") + parts.group("own")
    for text in context.all_texts():
        start = text.text.find(city_unit)
        while start >= 0:
            end = start + len(city_unit)
            span = text.source_span(start, end)
            if _REPORT_AFTER.match(text.text, end) and _starts_line(context, span.start):
                yield Finding(
                    span,
                    f"报告标题中的单位名称写作“{city_unit}”，少了“{parts.group('district')}”；封面上是“{unit_name}”",
                    fix=_NAME_PART.sub("", unit_name),
                )
            start = text.text.find(city_unit, end)


def _starts_line(context: LintContext, offset: int) -> bool:
    """Does the source line of ``offset`` begin there (a title), not with words (`根据…`)?

    Read from the source: a paragraph's text joins its lines."""
    line, column = context.source.position(offset)
    return _TITLE_LEAD.fullmatch(context.source.line_text(line)[: column - 1]) is not None


def _differs_in_han(written: str, form: str) -> bool:
    return any(a != b and _HAN.match(a) and _HAN.match(b) for a, b in zip(written, form, strict=False))
