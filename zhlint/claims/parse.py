"""Clauses to atoms: the Lark grammar (grammars/claims.lark) and its transformer.

A paragraph is cut into clauses at ，；：。、 and each clause that may hold a claim (a cheap
keyword check first) is parsed on its own with an LALR parser. The transformer turns a parse
tree into one *atom* (an amount, a percentage, a direction word, a marker such as 其中) whose
numbers keep their source spans. ``zhlint.claims.build`` then puts the atoms of a paragraph
together into claims. A clause that does not parse is skipped: no claim, no alarm.

Reading is the hot path of a first lint, so: the pre-filter runs once per paragraph; clauses
are memoised; and atoms are placed by type, not field by field. The parse itself is lark's
(``Lark.parse`` with the transformer inline); a driver over lark's private tables that saved 5–6%
of a first lint was removed (issue 12): it pinned lark's version and read fields lark may change.
``clear_clause_cache()`` forgets every clause read, for measuring a first lint.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import attrs
from lark import Lark, Token, Transformer
from lark import __version__ as lark_version
from lark.exceptions import LarkError

from zhlint.claims.model import Direction, Reference, Role
from zhlint.diagnostics import Span
from zhlint.read.numbers import Number, parse_decimal, places_of
from zhlint.read.patterns import lazy_compile
from zhlint.read.text import MappedText

GRAMMAR_FILE = "claims.lark"
# How the clause parser is built (with the transformer _ToAtom); cache=False: see clause_parser.
PARSER_OPTIONS: dict[str, Any] = {"parser": "lalr", "lexer": "contextual", "cache": False}

# Where clauses end. 、 separates list items (`货物支出30.8万元、工程支出0万元`) except in 收、支
# and 收入、支出 (one total). The look-backs come after the break character, so that a search
# skips from break to break. An ASCII full stop ends a sentence after a word, a unit or a % (`执行率
# 75.00%.`), never inside a number.
_CLAUSE_BREAK = re.compile(r"[,，;；:：。!！?？、](?<!收、)(?<!收入、(?=支))|\.(?<=[^\d\s.]\.)(?!\d)")
_SENTENCE_END = frozenset("。!！?？.")
# A bare cost name before 、 (`会议费、培训费支出决算0.3万元`) is not a list item of its own: the
# amount after it is both costs together, so the clause is not cut there.
_JOINED_COST = re.compile(r"[^\d、]{0,12}?(?:会议|培训)费?\s*")
# A parenthesised aside without numbers (`（含租场费、住宿费、伙食费、授课费、其他）`) is one piece of
# its clause: the breaks inside it do not end the clause.
_ASIDE = re.compile(r"[（(][^（()）\d。!！?？]{0,60}[）)]")
_LIST_MARKER = re.compile(
    r"\s*(?:\d{1,2}\s*(?:、|[.．](?!\d))|[（(]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）]|[一二三四五六七八九十]{1,3}\s*、)\s*"
)
# A clause reaches the parser only when it can hold a claim: an amount, a percentage, or one
# of the words that carry structure or direction without a number.
_WORTH_PARSING = re.compile(
    r"\d\s*(?:万元?|亿元|元|%|％)|(?:增长|增加|减少|下降|降低|增幅|降幅|减幅)\s*\d+(?:\.\d+)?(?=\s*(?:$|[，,。；;]))|持平|无变化|没有变化|保持不变|大于|小于|等于|高于|低于|其中|主要原因|主要用于以下|决算中|预算中|与上|比上|较上|比年初"
)

# 增幅/降幅 name the rate of a change, and so its direction: `减少184.96万元，降幅9.1%` says "down" twice.
_MORE_WORDS = ("增加", "增长", "上升", "上涨", "增幅", "涨幅", "大于", "高于")
_LESS_WORDS = ("减少", "下降", "降低", "减幅", "降幅", "节约", "小于", "低于")


PACKAGE_DIR = Path(__file__).parent.parent  # zhlint/


def grammar_path(name: str = GRAMMAR_FILE) -> Path:
    """The grammar file: inside the package when installed as a wheel, else the repo's grammars/."""
    packaged = PACKAGE_DIR / "grammars" / name
    if packaged.is_file():
        return packaged
    return PACKAGE_DIR.parent / "grammars" / name


@functools.lru_cache(maxsize=1)
def clause_parser() -> Lark:
    """The clause parser, built once per process and never cached on disk.

    lark's ``cache=True`` would ``pickle.load`` a file in the shared temporary directory under a
    name the same on every install, so whoever planted it would run code as the next user (issue
    11, item 1). Building from the grammar costs about 23 ms once per process.

    The transformer runs inline, while the LALR parser reduces, so no parse tree is built. It
    holds no state: atoms come out with spans relative to the clause, moved later by _rebase.

    The tables come from zhlint/claims/parser_data.py, lark's own serialised form of this grammar
    written by ``python -m zhlint.claims.serialise`` (plain literals, no pickle): loading them
    instead of building saves about 20 ms, a tenth of a cold ``zhlint check`` (issue 12). The module
    is used only if it was made from this very grammar text with this lark version.
    """
    from zhlint.claims import parser_data

    grammar = grammar_path().read_text(encoding="utf-8")
    if grammar == parser_data.GRAMMAR and lark_version == parser_data.LARK_VERSION:
        # lark's loader of its serialised form (what its standalone generator uses), untyped
        loaded = Lark._load_from_dict(parser_data.DATA, parser_data.MEMO, transformer=_ToAtom())  # type: ignore[no-untyped-call]
        assert isinstance(loaded, Lark)
        return loaded
    return Lark(grammar, **PARSER_OPTIONS, transformer=_ToAtom())


# ---------------------------------------------------------------------------------------------
# Atoms: what one clause says


@attrs.frozen
class Money:
    number: Number
    unit: str


@attrs.frozen
class StatedAtom:
    """`[其中][subject][年初预算|决算][为]X万元`."""

    label: str
    role: Role
    money: Money
    among: bool  # the clause began with 其中
    year: int | None = None  # `2023年度…`: the year the clause names
    label_span: Span | None = None  # where the label stands


@attrs.frozen
class ShareAtom:
    """`[part]占[base的]a%`."""

    part_label: str
    base_label: str
    percent: Number


@attrs.frozen
class ExecutionRateAtom:
    percent: Number


@attrs.frozen
class ComparisonAtom:
    """`决算数大于/小于/等于（年初）预算数`."""

    direction: Direction
    text: str
    span: Span


@attrs.frozen
class ChangeAtom:
    """`[与上年相比][subject]增加X万元`."""

    reference: Reference | None
    label: str
    direction: Direction
    word: str
    word_span: Span
    money: Money


@attrs.frozen
class ChangeRateAtom:
    """`增长Z%`."""

    reference: Reference | None
    direction: Direction
    word: str
    word_span: Span
    percent: Number
    marked: bool = True  # False when the % sign is missing (`增长13.95。`)


@attrs.frozen
class FlatAtom:
    """`与上年相比持平` / `无变化`."""

    reference: Reference | None
    text: str
    span: Span


@attrs.frozen
class ReasonAtom:
    """`增加的主要原因是…` / `持平的主要原因是…`."""

    direction: Direction
    text: str
    span: Span


@attrs.frozen
class CompareAtom:
    """`与上年相比` / `比年初预算数` standing alone before the change it introduces."""

    reference: Reference


@attrs.frozen
class AmongAtom:
    """`其中` / `主要用于以下方面`: the amounts that follow are parts of the one before."""

    label: str


@attrs.frozen
class HeadAtom:
    """`“三公”经费财政拨款支出决算中`: the parts that follow belong to an amount stated earlier."""

    label: str
    role: Role


Atom = (
    StatedAtom
    | ShareAtom
    | ExecutionRateAtom
    | ComparisonAtom
    | ChangeAtom
    | ChangeRateAtom
    | FlatAtom
    | ReasonAtom
    | CompareAtom
    | AmongAtom
    | HeadAtom
)


class Clause(NamedTuple):
    """A piece of a paragraph between clause breaks, with what it says (nothing when not read).

    A named tuple: every clause of every paragraph has one, built on every lint."""

    start: int  # index in the paragraph's normalised text
    end: int
    atoms: tuple[Atom, ...]  # usually one; two for `基本支出516.56万元占98.1%`
    ends_sentence: bool  # followed by 。 (or the paragraph's end)


# ---------------------------------------------------------------------------------------------
# Transformer


def direction_of(word: str) -> Direction:
    if any(part in word for part in _MORE_WORDS):
        return Direction.MORE
    if any(part in word for part in _LESS_WORDS):
        return Direction.LESS
    return Direction.SAME


# `比上年预算`, `比2023年预算执行数`: last year's budget is still last year's figure.
_PREVIOUS_PERIOD = re.compile(r"上一?年|(?:19|20)\d{2}")


def reference_of(word: str) -> Reference:
    if "预算" in word and _PREVIOUS_PERIOD.search(word) is None:
        return Reference.BUDGET
    return Reference.PREVIOUS_YEAR


class _Subject:
    """A subject's words (years dropped) as one string, the year it names if any, and its span."""

    def __init__(self, label: str, year: int | None, span: Span | None) -> None:
        self.label = label
        self.year = year
        self.span = span


# `项目总预算1720.00万`, `专精特新认定1720.00万`: some templates write 万 for 万元. After the words for
# people or things counted in ten thousands (`惠及群众80万`, `培训人员1.2万`) it is a count.
# On first use: a check of report 000 never uses it; compiling took 0.5 ms CPU (issue 12).
_MONEY_WORDS = lazy_compile(
    r"支出|收入|经费|资金|费|拨款|预算|决算|合计|总计|金额|总额|结转|结余|补助|补贴|投资|款|元"
)
# On first use: a check of report 000 never uses it; compiling took 0.8 ms CPU (issue 12).
_COUNTED = lazy_compile(
    r"(?:人|人员|人次|人口|人数|群众|户|户数|家庭|学生|患者|游客|旅客|居民|农民|农户|职工|对象|亩|株|册|吨|公里|平方米|床位)"
    r"(?:达|共|约|为|累计|总数)?$"
)


def wan_is_wanyuan(before: str) -> bool:
    """Is a bare 万 after the words ``before`` (`项目总预算`, `惠及群众`) the unit 万元?"""
    return _MONEY_WORDS.search(before) is not None or _COUNTED.search(before) is None


def _in_wanyuan(money: Money, label: str) -> Money:
    """``money`` with a bare 万 read as 万元 where ``label`` names money or nothing counted."""
    if money.unit != "万" or not wan_is_wanyuan(label):
        return money
    return Money(money.number, "万元")


class _ToAtom(Transformer[Token, Any]):
    """One method per grammar rule; spans are relative to the clause (no state, so one instance
    serves every parse, in any thread)."""

    # -- helpers

    @staticmethod
    def _span(token: Token) -> Span:
        start = token.start_pos or 0
        return Span(start, start + len(token.value))

    @staticmethod
    def _number(token: Token) -> Number:
        text = token.value.rstrip("%％ ").strip()
        start = token.start_pos or 0
        value = parse_decimal(text)
        return Number(
            value if value is not None else Decimal(0), places_of(text), Span(start, start + len(text)), text
        )

    @staticmethod
    def _label(children: list[Any]) -> str:
        return next((child.label for child in children if isinstance(child, _Subject)), "")

    @staticmethod
    def _year(children: list[Any]) -> int | None:
        return next((child.year for child in children if isinstance(child, _Subject)), None)

    @staticmethod
    def _token(children: list[Any], kind: str) -> Token | None:
        return next((child for child in children if isinstance(child, Token) and child.type == kind), None)

    # -- rules

    def subject(self, children: list[Token]) -> _Subject:
        year = None
        names = []
        for token in children:
            # A count stays in the label (`2个专项项目支出合计`, `所属3个事业单位基本支出`): it names a
            # subset of the unit, which canonical_subject then keeps apart from the unit's totals.
            if token.type in ("NAME", "COUNT"):
                names.append(token)
            elif year is None and token.type == "YEAR":
                year = int(token.value[:4])
        if not names:
            return _Subject("", year, None)
        start, last = names[0].start_pos or 0, names[-1]  # tokens come in order
        span = Span(start, (last.start_pos or 0) + len(last.value))
        return _Subject("".join(token.value for token in names), year, span)

    def money(self, children: list[Token]) -> Money:
        # A bare 万 stays 万 here: whether it is 万元 depends on the words before (:func:`_in_wanyuan`).
        return Money(self._number(children[0]), children[1].value)

    def role(self, children: list[Token]) -> Role:
        return Role.BUDGET if children[0].type == "BUDGET" else Role.ACTUAL

    def among(self, children: list[Token]) -> AmongAtom:
        return AmongAtom("")

    def uses(self, children: list[Any]) -> AmongAtom:
        return AmongAtom(self._label(children))

    def compare(self, children: list[Token]) -> CompareAtom:
        return CompareAtom(reference_of(children[0].value))

    def reason_tail(self, children: list[Token]) -> Token:
        return children[0]

    def stated(self, children: list[Any]) -> tuple[Atom, ...]:
        role, money, among, subject, tail = Role.AMOUNT, None, False, None, None
        for child in children:  # each at most once: `among? subject? role? WEI? money NOTE? share_tail?`
            kind = type(child)
            if kind is Money:
                money = child
            elif kind is _Subject:
                subject = child
            elif kind is Role:
                role = child
            elif kind is AmongAtom:
                among = True
            elif kind is ShareAtom:
                tail = child
        assert money is not None
        money = _in_wanyuan(money, subject.label if subject is not None else "")
        if subject is None:
            stated = StatedAtom("", role, money, among, None, None)
        else:
            stated = StatedAtom(subject.label, role, money, among, subject.year, subject.span)
        return (stated,) if tail is None else (stated, tail)

    def share_tail(self, children: list[Any]) -> ShareAtom:
        return self.share(children)

    def rate_tail(self, children: list[Any]) -> ChangeRateAtom:
        return self.change_rate(children)

    def head(self, children: list[Any]) -> HeadAtom:
        # `…支出预算中，…` (a budget's parts) as well as `…支出决算中，…`
        role = Role.BUDGET if self._token(children, "BUDGET") is not None else Role.ACTUAL
        return HeadAtom(self._label(children), role)

    def execution_rate(self, children: list[Token]) -> ExecutionRateAtom:
        return ExecutionRateAtom(self._number(children[1]))

    def share(self, children: list[Any]) -> ShareAtom:
        share_at = next(
            i for i, child in enumerate(children) if isinstance(child, Token) and child.type == "SHARE"
        )
        before, after = children[:share_at], children[share_at + 1 :]
        percent = self._token(children, "PERCENT")
        assert percent is not None
        return ShareAtom(self._label(before), self._label(after), self._number(percent))

    def comparison(self, children: list[Any]) -> ComparisonAtom:
        word = self._token(children, "COMPARISON")
        assert word is not None
        return ComparisonAtom(direction_of(word.value), word.value, self._span(word))

    def _reference(self, children: list[Any]) -> Reference | None:
        return next((child.reference for child in children if isinstance(child, CompareAtom)), None)

    def change(self, children: list[Any]) -> tuple[Atom, ...]:
        word = self._token(children, "DIRECTION")
        money = _in_wanyuan(
            next(child for child in children if isinstance(child, Money)), self._label(children)
        )
        assert word is not None
        change = ChangeAtom(
            self._reference(children),
            self._label(children),
            direction_of(word.value),
            word.value,
            self._span(word),
            money,
        )
        tail = next((child for child in children if isinstance(child, ChangeRateAtom)), None)
        return (change,) if tail is None else (change, tail)

    def change_rate(self, children: list[Any]) -> ChangeRateAtom:
        word = self._token(children, "DIRECTION")
        percent = self._token(children, "PERCENT")
        bare = self._token(children, "AMOUNT")
        assert word is not None and (percent is not None or bare is not None)
        return ChangeRateAtom(
            self._reference(children),
            direction_of(word.value),
            word.value,
            self._span(word),
            self._number(percent or bare),  # type: ignore[arg-type]
            marked=percent is not None,
        )

    def flat(self, children: list[Any]) -> FlatAtom:
        word = self._token(children, "FLAT")
        assert word is not None
        return FlatAtom(self._reference(children), word.value, self._span(word))

    def reason(self, children: list[Any]) -> ReasonAtom:
        word = children[0]
        direction = Direction.SAME if word.type == "FLAT" else direction_of(word.value)
        return ReasonAtom(direction, word.value, self._span(word))


# ---------------------------------------------------------------------------------------------
# Clauses


def split_clauses(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, ends_sentence) of each clause of ``text``, breaks excluded.

    A list marker at the start (`1. `, `（2）`, `三、`) is not part of the first clause, a
    parenthesised aside without numbers is not cut, and neither is a bare 会议费 before 、
    (`会议费、培训费支出0.3万元`: one amount for both).
    """
    pieces = []
    marker = _LIST_MARKER.match(text)
    start = marker.end() if marker else 0
    asides = [aside.span() for aside in _ASIDE.finditer(text)] if "（" in text or "(" in text else []
    if not asides:
        for match in _CLAUSE_BREAK.finditer(text):
            at = match.start()
            if text[at] == "、" and _JOINED_COST.fullmatch(text, start, at):
                continue  # `会议费、培训费…`: one amount for both
            pieces.append((start, at, text[at] in _SENTENCE_END))
            start = at + 1
    else:
        next_aside = 0  # breaks come in order, so the asides are walked once
        for match in _CLAUSE_BREAK.finditer(text):
            at = match.start()
            while next_aside < len(asides) and asides[next_aside][1] <= at:
                next_aside += 1
            if next_aside < len(asides) and asides[next_aside][0] < at:
                continue  # inside an aside
            if text[at] == "、" and _JOINED_COST.fullmatch(text, start, at):
                continue  # `会议费、培训费…`: one amount for both
            pieces.append((start, at, text[at] in _SENTENCE_END))
            start = at + 1
    pieces.append((start, len(text), True))
    return [(begin, end, ends) for begin, end, ends in pieces if end > begin or ends]


def worth_parsing(text: str) -> bool:
    """The cheap pre-filter: could this text hold a claim at all?"""
    return _WORTH_PARSING.search(text) is not None


def parse_clause(mapped: MappedText, start: int, end: int, numbers: dict[int, Number]) -> tuple[Atom, ...]:
    """What the clause ``mapped.text[start:end]`` says; () when the grammar does not read it."""
    if not worth_parsing(mapped.text[start:end]):
        return ()
    return _parse_clause(mapped, start, end, numbers)


def _parse_clause(mapped: MappedText, start: int, end: int, numbers: dict[int, Number]) -> tuple[Atom, ...]:
    text = mapped.text[start:end]
    clause = text.strip()
    if not clause:
        return ()
    atoms = _read(clause)
    if not atoms:
        return ()
    return _rebase(atoms, clause, mapped, start + len(text) - len(text.lstrip()), numbers)


def clear_clause_cache() -> None:
    """Forget every clause read so far, so that the next lint parses as a first one does."""
    _read.cache_clear()


@functools.lru_cache(maxsize=4096)
def _read(clause: str) -> tuple[Atom, ...]:
    """What a clause says, spans relative to the clause; memoised, as template clauses repeat
    (`年初预算为0万元`, `与上年相比持平`) within a report and across reports."""
    try:
        result = clause_parser().parse(clause)
    except LarkError:
        return ()
    atoms = result if isinstance(result, tuple) else (result,)
    return tuple(atom for atom in atoms if isinstance(atom, _ATOM_TYPES))


def _rebase(
    atoms: tuple[Atom, ...], clause: str, mapped: MappedText, offset: int, numbers: dict[int, Number]
) -> tuple[Atom, ...]:
    """The atoms read from ``clause``, which stands at ``offset`` in ``mapped``, with every span
    moved to source positions.

    A number that the paragraph already holds (``numbers``, by source start) is reused, so that
    its ``raw`` keeps the artefacts as written (`526. 36`); any other is read as the transformer
    reads it (``_ToAtom._number``).
    """
    offsets = mapped.offsets
    size = len(mapped.text)

    def span(value: Span) -> Span:
        start, end = offset + value.start, offset + value.end
        if end <= start:
            at = offsets[min(start, size)]
            return Span(at, at)
        return Span(offsets[start], offsets[end - 1] + 1)

    def number(value: Number) -> Number:
        moved = span(value.span)
        known = numbers.get(moved.start)
        if known is not None and known.span == moved:
            return known
        text = clause[value.span.start : value.span.end]
        read = parse_decimal(text)
        return Number(read if read is not None else Decimal(0), places_of(text), moved, text)

    return tuple(_moved(atom, span, number) for atom in atoms)


def _moved(atom: Atom, span: Callable[[Span], Span], number: Callable[[Number], Number]) -> Atom:
    """``atom`` with ``span`` applied to each of its spans and ``number`` to each of its numbers."""
    value: Any = atom
    kind = type(value)
    moved: Atom
    if kind is StatedAtom:
        label_span = value.label_span
        money = value.money
        moved = StatedAtom(
            value.label,
            value.role,
            Money(number(money.number), money.unit),
            value.among,
            value.year,
            None if label_span is None else span(label_span),
        )
    elif kind is ShareAtom:
        moved = ShareAtom(value.part_label, value.base_label, number(value.percent))
    elif kind is ChangeAtom:
        money = value.money
        moved = ChangeAtom(
            value.reference,
            value.label,
            value.direction,
            value.word,
            span(value.word_span),
            Money(number(money.number), money.unit),
        )
    elif kind is ChangeRateAtom:
        moved = ChangeRateAtom(
            value.reference,
            value.direction,
            value.word,
            span(value.word_span),
            number(value.percent),
            value.marked,
        )
    elif kind is ExecutionRateAtom:
        moved = ExecutionRateAtom(number(value.percent))
    elif kind is ComparisonAtom:
        moved = ComparisonAtom(value.direction, value.text, span(value.span))
    elif kind is FlatAtom:
        moved = FlatAtom(value.reference, value.text, span(value.span))
    elif kind is ReasonAtom:
        moved = ReasonAtom(value.direction, value.text, span(value.span))
    elif kind in (CompareAtom, AmongAtom, HeadAtom):
        moved = value  # nothing positioned
    else:  # pragma: no cover - an atom class added without a case here
        raise TypeError(f"no positions known for {kind.__name__}")
    return moved


_ATOM_TYPES = (
    StatedAtom,
    ShareAtom,
    ExecutionRateAtom,
    ComparisonAtom,
    ChangeAtom,
    ChangeRateAtom,
    FlatAtom,
    ReasonAtom,
    CompareAtom,
    AmongAtom,
    HeadAtom,
)


def parse_clauses(mapped: MappedText, numbers: dict[int, Number]) -> list[Clause]:
    """Every clause of a paragraph with its atoms (none where nothing was read).

    The pre-filter runs over the paragraph, not clause by clause: no word it looks for holds a
    clause break, so a clause holds one of them exactly when one starts inside it, and the next
    one is looked for only once the clauses have passed the last one found.
    """
    text = mapped.text
    clauses = []
    hit = -1  # where the next word starts, at or after the clause before (len(text): nowhere)
    for start, end, ends in split_clauses(text):
        if hit < start:
            found = _WORTH_PARSING.search(text, start)
            hit = found.start() if found else len(text)
        atoms = _parse_clause(mapped, start, end, numbers) if hit < end else ()
        clauses.append(Clause(start, end, atoms, ends))
    return clauses
