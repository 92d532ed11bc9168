"""Clauses to atoms: the Lark grammar (grammars/claims.lark) and its transformer.

A paragraph is cut into clauses at ，；：。、 and each clause that may hold a claim (a cheap
keyword check first) is parsed on its own with an LALR parser. The transformer turns a parse
tree into one *atom* (an amount, a percentage, a direction word, a marker such as 其中) whose
numbers keep their source spans. ``zhlint.claims.build`` then puts the atoms of a paragraph
together into claims. A clause that does not parse is skipped: no claim, no alarm.

Reading is the hot path of a first lint, so: the pre-filter runs once per paragraph; clauses
are memoised, and read by their *shape* (digits other than a year's written 3), so that clauses
that differ only in their digits share one parse (the numbers are read from the clause itself
when the atoms are placed); the LALR parse runs straight over lark's own tables
(:func:`clause_reader`); and atoms are placed by type, not field by field.
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
import lark
import regex
from lark import Lark, Token, Transformer
from lark.exceptions import LarkError
from lark.lexer import PatternRE
from lark.parsers.lalr_analysis import Shift

from zhlint.claims.model import Direction, Reference, Role
from zhlint.diagnostics import Span
from zhlint.read.numbers import Number, parse_decimal, places_of
from zhlint.read.text import MappedText

GRAMMAR_FILE = "claims.lark"

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
    """
    return Lark(
        grammar_path().read_text(encoding="utf-8"),
        parser="lalr",
        lexer="contextual",
        cache=False,
        transformer=_ToAtom(),
    )


_Scan = Callable[[str, int], "re.Match[str] | None"]


class _DriverUnusable(Exception):
    """This lark keeps a lexer's compiled terminals elsewhere: the driver cannot read with it.

    Not a ``LarkError``, so that it is never taken for a clause that does not parse."""


def _compiled(lexer: Any) -> _Scan:
    """A parser state's compiled terminal match, as lark's scanner has it (compiling it now)."""
    try:
        mres = tuple(lexer.scanner._mres)
        callback = lexer.callback
    except AttributeError as error:
        raise _DriverUnusable(str(error)) from error
    if callback:  # token callbacks: ruled out by clause_reader, but never assumed
        raise _DriverUnusable("a token callback in the clause lexer")
    found: _Scan = mres[0].match if len(mres) == 1 else _first_match(mres)
    return found


def _scan_later(lexer: Any, entry: list[Any]) -> _Scan:
    """A parser state's lexer, compiled when the state is first reached, as lark does it: the
    first call compiles the state's terminals and puts their match in the state's ``entry``."""

    def scan(text: str, pos: int) -> re.Match[str] | None:
        entry[0] = _compiled(lexer)
        found: re.Match[str] | None = entry[0](text, pos)
        return found

    return scan


def _first_match(mres: tuple[re.Pattern[str], ...]) -> _Scan:
    """What lark's scanner does when its terminals take more than one regex."""

    def match(text: str, pos: int) -> re.Match[str] | None:
        for mre in mres:
            found = mre.match(text, pos)
            if found:
                return found
        return None

    return match


class _Unread(LarkError):
    """The clause is not in the grammar's language (what lark raises in its place)."""


# The driver below reads lark's private parser tables. It is used only with the lark versions it
# was checked against (tests/test_claims_cache.py compares it with Lark.parse clause by clause);
# any other version takes lark's own, slower parse, so an upgrade cannot change what is read.
_DRIVER_LARK_VERSIONS = ((1, 1, 9), (1, 4))  # from, up to but not including


def driver_supported(version: str = lark.__version__) -> bool:
    """Was the direct driver checked against this lark version?"""
    numbers = tuple(int(part) for part in regex.findall(r"\d+", version)[:3])
    low, high = _DRIVER_LARK_VERSIONS
    return low <= numbers < high


@functools.lru_cache(maxsize=1)
def clause_reader() -> Callable[[str], Any]:
    """``clause_parser().parse``, run straight over the parser's own tables.

    The same LALR table, the same contextual lexer (each parser state's compiled terminal
    regexes, in lark's order) and the same transformer callbacks, so the same language and the
    same results; it only leaves out what lark keeps for other uses (line and column counting,
    interactive parsing, error recovery), which is most of the time a clause takes. Falls back
    to ``clause_parser().parse`` when this lark keeps its tables elsewhere or needs more (token
    callbacks, a postlexer): checked when the driver is built (the start state's lexer is
    compiled then), and should a state's lexer reached later turn out unreadable, the driver
    hands that clause and every later one to lark's parse. A clause that does not parse raises
    a ``LarkError`` either way.
    """
    parser = clause_parser()
    if not driver_supported():
        return parser.parse
    try:
        frontend: Any = parser.parser
        table: Any = frontend.parser.parser.parse_table
        callbacks: dict[Any, Any] = frontend.parser.parser.callbacks
        begin, end_state = table.start_states["start"], table.end_states["start"]
        # Each parser state as (its lexer's match, the ignored terminals, its actions): a token
        # type leads to (True, the state to shift to) or (False, (size, rule name, callback)) for
        # a reduction, after which the rule name leads from the uncovered state to the next.
        rows: dict[Any, dict[str, tuple[bool, Any]]] = {state: {} for state in table.states}
        info: dict[Any, list[Any]] = {}
        for state, lexer in frontend.lexer.lexers.items():
            entry: list[Any] = [None, frozenset(lexer.ignore_types), rows[state]]
            entry[0] = _scan_later(lexer, entry)
            info[state] = entry
        if (
            parser.options.postlex is not None
            or parser.options.lexer_callbacks
            or any(not isinstance(terminal.pattern, PatternRE) for terminal in parser.terminals)
            or any(isinstance(key, str) for key in callbacks)
        ):  # token callbacks: string terminals inside regex ones, the user's, a postlexer
            return parser.parse
        for state, row in table.states.items():
            for kind, (action, arg) in row.items():
                rows[state][kind] = (
                    (True, info[arg])
                    if action is Shift
                    else (False, (len(arg.expansion), arg.origin.name, callbacks[arg]))
                )
        first, accept = info[begin], info[end_state]
        # The start state's lexer is needed by the first clause anyway: compiling it now checks
        # that this lark keeps its lexers as the driver reads them.
        first[0] = _compiled(frontend.lexer.lexers[begin])
    except (AttributeError, KeyError, TypeError, _DriverUnusable):
        return parser.parse
    fallback = False  # set when a later state's lexer turns out unreadable: lark's parse for good

    def read(text: str) -> Any:
        nonlocal fallback
        if fallback:
            return parser.parse(text)
        try:
            return drive(text)
        except _DriverUnusable:
            fallback = True
            return parser.parse(text)

    def drive(text: str) -> Any:
        states = [first]
        values: list[Any] = []
        pos, end = 0, len(text)
        while True:
            token: Token | None = None
            while pos < end:  # the next token, in the lexer of the current parser state
                scan, ignore, _ = states[-1]
                match = scan(text, pos)
                if match is None:
                    raise _Unread(text)
                kind = match.lastgroup or ""
                if kind not in ignore:
                    token = Token(kind, match.group(), pos)
                    pos = match.end()
                    break
                pos = match.end()
            kind = "$END" if token is None else token.type
            while True:
                action = states[-1][2].get(kind)
                if action is None:
                    raise _Unread(text)
                if action[0]:
                    states.append(action[1])
                    values.append(token)
                    break
                size, origin, callback = action[1]
                if size:
                    children = values[-size:]
                    del states[-size:]
                    del values[-size:]
                else:
                    children = []
                states.append(states[-1][2][origin][1])
                values.append(callback(children))
                if token is None and states[-1] is accept:
                    return values[-1]

    return read


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
            if token.type == "NAME":
                names.append(token)
            elif year is None and token.type == "YEAR":
                year = int(token.value[:4])
        if not names:
            return _Subject("", year, None)
        start, last = names[0].start_pos or 0, names[-1]  # tokens come in order
        span = Span(start, (last.start_pos or 0) + len(last.value))
        return _Subject("".join(token.value for token in names), year, span)

    def money(self, children: list[Token]) -> Money:
        unit = children[1].value
        # `1720.00万` for 1720.00万元, as some templates write it.
        return Money(self._number(children[0]), "万元" if unit == "万" else unit)

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
        money = next(child for child in children if isinstance(child, Money))
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
    _read_shape.cache_clear()


@functools.lru_cache(maxsize=4096)
def _read(clause: str) -> tuple[Atom, ...]:
    """What a clause says, spans relative to the clause; memoised, as template clauses repeat
    (`年初预算为0万元`, `与上年相比持平`) within a report and across reports.

    The clause is read by its shape (:func:`_shape`), so that clauses that differ only in their
    digits (`…为12.5万元`, `…为30.8万元`) share one parse: the numbers in the atoms are those of
    the shape, and are read from the clause itself when the atoms are placed (:func:`_rebase`).
    """
    return _read_shape(_shape(clause))


@functools.lru_cache(maxsize=4096)
def _read_shape(shape: str) -> tuple[Atom, ...]:
    """The atoms of a clause's shape, spans relative to it."""
    try:
        result = clause_reader()(shape)
    except LarkError:
        return ()
    atoms = result if isinstance(result, tuple) else (result,)
    return tuple(atom for atom in atoms if isinstance(atom, _ATOM_TYPES))


# Digits in the grammar: every terminal tells digits apart from other characters (\d, [^\d…])
# and never one digit from another, except for the year prefix `(?:19|20)\d{2}` (YEAR, COMPARE).
_ASCII_DIGIT = re.compile("[0-9]")
# Each match starts a year; two starts are never one apart (`19`/`20` cannot follow a `1` or a
# `2` that starts one), so consuming two characters finds every start, overlapping runs included.
_YEAR_DIGITS = re.compile(r"(?:19|20)(?=\d{2})")  # `re`, as lark's: the same \d


def _shape(clause: str) -> str:
    r"""``clause`` with every ASCII digit written 3, except the four of each `(?:19|20)\d{2}`.

    The grammar reads a clause and its shape alike. Each terminal regex tests a character for
    being a digit (``\d``, ``[^\d…]``; the shape keeps that: 3 is a digit, and other characters
    are kept) and tests for a particular digit only in `(?:19|20)\d{2}`. Those are kept where
    such a run stands in the clause; elsewhere no 1, 9, 2 or 0 is left that could start one. So
    every terminal matches at the same places with the same lengths in both, the lexer yields
    the same tokens at the same positions, and the parse is the same. What the transformer takes
    from token values is digit-free (NAME cannot hold a digit; direction, comparison and compare
    words are read for their letters; NOTE and REST are dropped) or a year (kept), except the
    numbers (AMOUNT, PERCENT), which :func:`_rebase` reads again from the clause itself.
    """
    shape = _ASCII_DIGIT.sub("3", clause)
    if shape == clause:
        return clause
    years = [match.start() for match in _YEAR_DIGITS.finditer(clause)]
    if not years:
        return shape
    pieces, done = [], 0
    for start in years:  # runs may overlap (`201920`): each piece is taken once
        stop = start + 4
        pieces.append(shape[done:start] + clause[start:stop] if start > done else clause[done:stop])
        done = stop
    pieces.append(shape[done:])
    return "".join(pieces)


def _rebase(
    atoms: tuple[Atom, ...], clause: str, mapped: MappedText, offset: int, numbers: dict[int, Number]
) -> tuple[Atom, ...]:
    """The atoms read from the shape of ``clause``, which stands at ``offset`` in ``mapped``, with
    every span moved to source positions and every number read from the clause itself.

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
