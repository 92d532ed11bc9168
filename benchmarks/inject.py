"""Error injection: plant one defect at a time in correct statements of real reports, measure recall.

``python -m benchmarks.inject [--quick] [--seed N] [--per-kind K] [--json] [--kind KIND]
[--corpus hunan|more|all] [--document STEM] [REPORT ...]``

For each document of tests/corpus/ and of tests/corpus_more/ (whose reports are read from the shared
folder, see benchmarks.corpus; ``--corpus`` picks one set; the blank Shanghai template is left out: its
statements are placeholders, not figures) and each kind of defect, injection sites are found with regexes
over the text (percentages in sentences about shares, rates or execution that state amounts in
万元; amounts followed by 万元;
direction words; numeric table cells; the report year in a self-reference; runs of Han characters),
so the benchmark works on any report (name reports on the command line to use them instead of
the corpus). Lines where a reviewer found a defect of the kind's family are skipped, so every
defect is planted into a statement believed correct. A seeded generator picks the sites and the
changes, so a run is reproducible.

Each injected document is linted with the rules registered at that moment and compared with the
diagnostics of the untouched document:

- *caught*: a new diagnostic of an expected family lies on the injected line, or has a related span
  on it (recall = caught / injections);
- *caught by any family*: the same with any family;
- *noise*: new diagnostics anywhere else.

Recall is also given per document group (region 湖南/上海/江苏 and kind 决算/预算); a kind that finds no
site in a group (the report year where zhlint does not read one, 其中 lists on a budget …) is named in
the output as not applicable there.

The full run (no ``--quick``) rewrites docs/quality.md unless ``--no-write`` is given.
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

import zhlint
from benchmarks import corpus
from zhlint.diagnostics import Diagnostic
from zhlint.document.segment import segment
from zhlint.read.source import Source

ROOT = corpus.ROOT
QUALITY_DOC = ROOT / "docs" / "quality.md"

# A number as the PDF extraction writes it: thousands separators and stray spaces allowed.
_NUM = r"(?<![\d.,．])\d+(?:[,，] ?\d{3})*(?:[.．] ?\d+)?"
NUMBER = re.compile(_NUM)
PERCENT = re.compile(rf"(?P<n>{_NUM}) ?[%％]")
AMOUNT = re.compile(rf"(?P<n>{_NUM}) ?(?P<unit>万元)")
DIRECTION = re.compile(r"(?P<w>大于|小于|高于|低于|增加|减少|增长|下降)(?![（(]|值|额度)")
TIED_DIRECTION = re.compile(
    rf"(?:{'|'.join(['大于', '小于', '高于', '低于', '增加', '减少', '增长', '下降'])})了? ?{_NUM}"
)
HAN_RUN = re.compile(r"[\u4e00-\u9fff]{4,}")
CELL = re.compile(r"(?:^|(?<=\t)) *(?P<n>\d{1,3}(?:,\d{3})+\.\d{2}|\d+\.\d{2}) *(?=\t|$)", re.M)
RATE_WORDS = re.compile(r"占|完成|增长|增加|减少|下降|比例|比重")
OPPOSITE = {
    "大于": "小于",
    "小于": "大于",
    "高于": "低于",
    "低于": "高于",
    "增加": "减少",
    "减少": "增加",
    "增长": "下降",
    "下降": "增长",
}


@attrs.frozen
class Kind:
    name: str
    label: str  # for the report
    families: tuple[str, ...]  # a new diagnostic of one of these families at the place catches it
    sites: Callable[[Doc], list[Site]]
    change: Callable[[Doc, Site, random.Random], str | None]  # the replacement text, None: skip


@attrs.frozen
class Site:
    start: int
    end: int
    value: Decimal | None = None
    places: int = 0


@attrs.frozen
class Injection:
    kind: str
    document: str
    line: int
    start: int
    end: int
    before: str
    after: str
    caught: bool
    caught_any: bool
    new_here: tuple[str, ...]  # codes of new diagnostics on the injected line
    noise: tuple[str, ...]  # "L<line> <code>" of new diagnostics elsewhere
    error: str | None = None
    group: str = "湖南 决算"  # region and kind of the document
    # Why a miss may be beyond any rule-based check (see :func:`why_missed`):
    masked: bool = False  # the untouched line already has a diagnostic of the kind's family
    isolated: bool = False  # the changed amount is stated once: no other figure in the report to check it by

    def to_json(self) -> dict[str, Any]:
        return attrs.asdict(self)


class Doc:
    """A report with what site finders need: text, lines, the cover, the reviewers' finding lines."""

    def __init__(self, path: Path, expected: corpus.Expected | None) -> None:
        self.path = path
        self.name = path.name
        self.text = path.read_bytes().decode("utf-8-sig")
        self.source = Source.from_text(self.text, self.name)
        document = segment(self.source)
        self.report_year = document.report_year
        region, kind = expected.group if expected else ("", "")
        self.group = f"{region} {kind}".strip() or "other"
        self.cover_end = document.title.span.end if document.title is not None else 0
        # lines where a reviewer found a defect, per family: a kind skips the lines of its families
        self.finding_lines: dict[str, set[int]] = {}
        for finding in expected.findings if expected else ():
            self.finding_lines.setdefault(finding.family, set()).update(finding.lines)
        self._figures: Counter[Decimal] | None = None

    def figures(self) -> Counter[Decimal]:
        """Every number of the report (prose and cells) by value, with the cells of a table in 元 also
        in 万元 (rounded to 0.01), as the prose restates them: how often each figure is stated."""
        if self._figures is None:
            counts: Counter[Decimal] = Counter()
            for match in NUMBER.finditer(self.text):
                value = _value(match.group())[0]
                counts[value] += 1
                if value >= 100 and value == value.to_integral_value():  # 元: 257,700 is 25.77万元
                    counts[(value / 10000).quantize(Decimal("0.01"))] += 1
            self._figures = counts
        return self._figures

    def stated_once(self, site: Site) -> bool:
        """Is the amount at ``site`` stated once, with no other amount or rate in its sentence? Then
        no rule can tell a change of it: nothing else in the report says what it should be."""
        if site.value is None:
            return False
        sentence = self.sentence(site.start)
        others = len(AMOUNT.findall(sentence)) - 1 + len(PERCENT.findall(sentence))
        return others == 0 and self.figures()[site.value] <= 1

    def line_of(self, offset: int) -> int:
        return self.source.position(offset)[0]

    def line_text(self, offset: int) -> str:
        return self.source.line_text(self.line_of(offset))

    def is_table(self, offset: int) -> bool:
        return "\t" in self.line_text(offset)

    def usable(self, start: int, end: int) -> bool:
        """Text outside the cover, on one line."""
        return start >= self.cover_end and "\n" not in self.text[start:end]

    def has_finding(self, offset: int, families: Sequence[str]) -> bool:
        line = self.line_of(offset)
        return any(line in self.finding_lines.get(family, ()) for family in families)

    def sentence(self, offset: int, stops: str = "。；;") -> str:
        """The sentence around ``offset``: up to the nearest stop or blank line, at most 300 characters."""
        text = self.text
        lo = max(0, offset - 300)
        hi = min(len(text), offset + 300)
        before = text[lo:offset]
        after = text[offset:hi]
        cut = max(max(before.rfind(c) for c in stops), before.rfind("\n\n"))
        start = lo + cut + 1 if cut >= 0 else lo
        ends = [i for i in (*(after.find(c) for c in stops), after.find("\n\n")) if i >= 0]
        end = offset + min(ends) if ends else hi
        return text[start:end]


def _value(raw: str) -> tuple[Decimal, int]:
    clean = re.sub(r"[ ,，]", "", raw).replace("．", ".")
    places = len(clean.split(".")[1]) if "." in clean else 0
    return Decimal(clean), places


def _fmt(value: Decimal, places: int, thousands: bool = False) -> str:
    quantum = Decimal(1).scaleb(-places)
    value = value.quantize(quantum)
    return f"{value:,}" if thousands else f"{value}"


# ---------------------------------------------------------------------------------------- site finders


def percent_sites(doc: Doc) -> list[Site]:
    sites = []
    for match in PERCENT.finditer(doc.text):
        start, end = match.span("n")
        sentence = doc.sentence(start)
        # a share, rate or execution stated beside amounts (not `同比增加了约131%` of a count)
        if (
            doc.usable(start, end)
            and not doc.is_table(start)
            and RATE_WORDS.search(sentence)
            and AMOUNT.search(sentence)
        ):
            value, places = _value(match.group("n"))
            sites.append(Site(start, end, value, places))
    return sites


def prose_amount_sites(doc: Doc, *, nonzero: bool = True) -> list[Site]:
    sites = []
    for match in AMOUNT.finditer(doc.text):
        start, end = match.span("n")
        if doc.usable(start, end) and not doc.is_table(start):
            value, places = _value(match.group("n"))
            if value or not nonzero:
                sites.append(Site(start, end, value, places))
    return sites


def unit_sites(doc: Doc) -> list[Site]:
    sites = []
    for match in AMOUNT.finditer(doc.text):
        start, end = match.span("unit")
        if doc.usable(match.start(), end) and not doc.is_table(start):
            sites.append(Site(start, end))
    return sites


def part_sites(doc: Doc) -> list[Site]:
    """Amounts listed after 其中 in a sentence that states an amount before 其中 (the total)."""
    sites = []
    for match in AMOUNT.finditer(doc.text):
        start, end = match.span("n")
        if not doc.usable(start, end) or doc.is_table(start):
            continue
        head = doc.text[max(0, start - 300) : start]
        cut = max(head.rfind("。"), head.rfind("\n\n"))
        head = head[cut + 1 :] if cut >= 0 else head
        where = head.rfind("其中")
        if where < 0 or not AMOUNT.search(head[:where]):
            continue
        value, places = _value(match.group("n"))
        if value:
            sites.append(Site(start, end, value, places))
    return sites


def direction_sites(doc: Doc) -> list[Site]:
    """Direction words in a sentence with a number (for template residue: any such word)."""
    sites = []
    for match in DIRECTION.finditer(doc.text):
        start, end = match.span("w")
        if doc.usable(start, end) and not doc.is_table(start) and NUMBER.search(doc.sentence(start)):
            sites.append(Site(start, end))
    return sites


def stated_direction_sites(doc: Doc) -> list[Site]:
    """Direction words tied to numbers: before an amount or rate (`减少196.48万元`, `增长9.6%`) or
    comparing two stated quantities (`决算数大于年初预算数`); not the words of a reason."""
    return [
        site
        for site in direction_sites(doc)
        if TIED_DIRECTION.match(doc.text, site.start) or doc.text[site.start - 1 : site.start] == "数"
    ]


def cell_sites(doc: Doc) -> list[Site]:
    sites = []
    for match in CELL.finditer(doc.text):
        start, end = match.span("n")
        if doc.usable(start, end) and doc.is_table(start):
            value, places = _value(match.group("n"))
            if value:
                sites.append(Site(start, end, value, places))
    return sites


def year_sites(doc: Doc) -> list[Site]:
    """The report year where it names the report itself: 2023年度部门决算, 2023年度收、支总计, …"""
    if doc.report_year is None:
        return []
    pattern = re.compile(
        rf"(?<!\d){doc.report_year}(?= ?年度? ?(?:部门|单位)?(?:（单位）)? ?"
        rf"(?:决算|预算|收、?支|收入|支出|本年|整体|财政拨款))"
    )
    return [
        Site(m.start(), m.end())
        for m in pattern.finditer(doc.text)
        if doc.usable(m.start(), m.end()) and not doc.is_table(m.start())
    ]


def han_sites(doc: Doc) -> list[Site]:
    sites = []
    for match in HAN_RUN.finditer(doc.text):
        if doc.usable(match.start(), match.end()) and not doc.is_table(match.start()):
            sites.append(Site(match.start(), match.end()))
    return sites


# -------------------------------------------------------------------------------------------- changes


def _signed(rng: random.Random) -> int:
    return rng.choice((-1, 1))


def change_percent(low: float, high: float) -> Callable[[Doc, Site, random.Random], str | None]:
    def change(doc: Doc, site: Site, rng: random.Random) -> str | None:
        assert site.value is not None
        places = site.places
        step = Decimal(1).scaleb(-places)
        size = Decimal(str(rng.uniform(low, high))).quantize(step)
        size = max(size, step if places else Decimal(1))
        sign = _signed(rng)
        if site.value - size < 0:
            sign = 1
        return _fmt(site.value + sign * size, places)

    return change


def change_amount(doc: Doc, site: Site, rng: random.Random) -> str | None:
    """An amount off by 10–50 % (at least 0.1 and by one unit of its last digit)."""
    assert site.value is not None
    places = site.places
    factor = Decimal(str(rng.uniform(0.1, 0.5))) * _signed(rng)
    delta = site.value * factor
    if abs(delta) < Decimal("0.1"):
        delta = Decimal("0.1") if delta >= 0 else Decimal("-0.1")
    places = max(places, 1) if abs(delta) < 1 else places
    new = site.value + delta
    if new <= 0:
        new = site.value - delta
    text = _fmt(new, places)
    return None if Decimal(text) == site.value else text


def change_cell(doc: Doc, site: Site, rng: random.Random) -> str | None:
    assert site.value is not None
    delta = Decimal(rng.randint(100, 10000)).scaleb(-2)  # 1.00 to 100.00
    new = site.value + delta * _signed(rng)
    if new <= 0:
        new = site.value + delta
    raw = doc.text[site.start : site.end]
    return _fmt(new, 2, thousands="," in raw)


def change_year(doc: Doc, site: Site, rng: random.Random) -> str | None:
    assert doc.report_year is not None
    return str(doc.report_year - 1)


def to_yuan(doc: Doc, site: Site, rng: random.Random) -> str | None:
    return "元"


def flip(doc: Doc, site: Site, rng: random.Random) -> str | None:
    return OPPOSITE[doc.text[site.start : site.end]]


def alternative(doc: Doc, site: Site, rng: random.Random) -> str | None:
    word = doc.text[site.start : site.end]
    return f"{word}（{OPPOSITE[word]}）"


def double_word(doc: Doc, site: Site, rng: random.Random) -> str | None:
    run = doc.text[site.start : site.end]
    size = rng.randint(2, min(4, len(run)))
    offset = rng.randint(0, len(run) - size)
    word = run[offset : offset + size]
    return run[: offset + size] + word + run[offset + size :]


KINDS: tuple[Kind, ...] = (
    Kind(
        "percent-small", "percentage off by 0.3–2 points", ("ZL1",), percent_sites, change_percent(0.3, 2.0)
    ),
    Kind(
        "percent-large", "percentage off by 5–30 points", ("ZL1",), percent_sites, change_percent(5.0, 30.0)
    ),
    Kind("part-sum", "a part after 其中 changed (sum breaks)", ("ZL1", "ZL2"), part_sites, change_amount),
    Kind(
        "direction", "direction word flipped (大于↔小于, 增加↔减少)", ("ZL1",), stated_direction_sites, flip
    ),
    Kind(
        "amount-prose",
        "amount in prose changed by 10–50 %",
        ("ZL2", "ZL1"),
        prose_amount_sites,
        change_amount,
    ),
    Kind("amount-cell", "one table cell changed by 1–100", ("ZL3", "ZL2"), cell_sites, change_cell),
    Kind("year", "report year → year before in a self-reference", ("ZL4",), year_sites, change_year),
    Kind("unit-yuan", "万元 → 元", ("ZL5",), unit_sites, to_yuan),
    Kind("template", "alternative left in: 大于（小于）", ("ZL6",), direction_sites, alternative),
    Kind("duplicate", "a word of 2–4 characters doubled", ("ZL6",), han_sites, double_word),
)
KIND_NAMES = tuple(kind.name for kind in KINDS)


# ------------------------------------------------------------------------------------------ comparison


def _keys(
    diagnostics: Sequence[Diagnostic], source: Source, lo: int, hi: int, shift: int
) -> list[tuple[Any, ...]]:
    """Identity of each diagnostic in original-text coordinates; those touching [lo, hi) by line and code.
    The severity is part of it: a tail the untouched report has (ZL305 info, `Δ 0.02`) that the
    injection turns into an error is a new finding."""
    keys: list[tuple[Any, ...]] = []
    for d in diagnostics:
        if d.end <= lo and d.start < lo:
            keys.append((d.code, d.severity, d.start, d.end))
        elif d.start >= hi:
            keys.append((d.code, d.severity, d.start - shift, d.end - shift))
        else:
            keys.append((d.code, d.severity, "line", source.position(d.start)[0]))
    return keys


def new_diagnostics(
    before: Sequence[Diagnostic], before_source: Source, after: Sequence[Diagnostic], after_source: Source,
    start: int, end: int, replacement: str,
) -> list[Diagnostic]:  # fmt: skip
    shift = len(replacement) - (end - start)
    remaining = Counter(_keys(before, before_source, start, end, 0))
    fresh = []
    keys = _keys(after, after_source, start, start + len(replacement), shift)
    for diagnostic, key in zip(after, keys, strict=True):
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            fresh.append(diagnostic)
    return fresh


def _touches(start: int, end: int, lo: int, hi: int) -> bool:
    return start <= hi and end >= lo


# The kinds that change an amount: a miss of one stated once is beyond any check.
_AMOUNT_KINDS = frozenset({"amount-prose", "part-sum"})


def inject_one(
    doc: Doc, kind: Kind, site: Site, replacement: str, baseline: Sequence[Diagnostic]
) -> Injection:
    text = doc.text[: site.start] + replacement + doc.text[site.end :]
    line = doc.line_of(site.start)
    before = doc.text[site.start : site.end]
    masked = any(d.line == line and corpus.family_of(d.code) in kind.families for d in baseline)
    isolated = kind.name in _AMOUNT_KINDS and doc.stated_once(site)
    try:
        source = Source.from_text(text, doc.name)
        diagnostics = zhlint.lint_source(source)
    except Exception as error:  # a crash is a result, not the end of the benchmark
        failure = f"{type(error).__name__}: {error}"
        return Injection(kind.name, doc.name, line, site.start, site.end, before, replacement, False, False,
                         (), (), failure, doc.group)  # fmt: skip
    fresh = new_diagnostics(baseline, doc.source, diagnostics, source, site.start, site.end, replacement)
    lo = source.line_starts[line - 1]
    hi = source.line_end(line)
    here: list[Diagnostic] = []
    elsewhere: list[Diagnostic] = []
    for d in fresh:
        at = _touches(d.start, d.end, lo, hi) or any(_touches(r.start, r.end, lo, hi) for r in d.related)
        (here if at else elsewhere).append(d)
    caught = any(corpus.family_of(d.code) in kind.families for d in here)
    return Injection(
        kind.name, doc.name, line, site.start, site.end, before, replacement, caught, bool(here),
        tuple(d.code for d in here), tuple(f"L{d.line} {d.code}" for d in elsewhere), None, doc.group,
        masked, isolated,
    )  # fmt: skip


def injections(doc: Doc, kind: Kind, seed: int, per_kind: int) -> Iterator[tuple[Site, str]]:
    """Up to ``per_kind`` (site, replacement) pairs, chosen reproducibly."""
    rng = random.Random(f"{seed}:{doc.name}:{kind.name}")
    sites = [site for site in kind.sites(doc) if not doc.has_finding(site.start, kind.families)]
    rng.shuffle(sites)
    taken = 0
    for site in sites:
        if taken >= per_kind:
            break
        replacement = kind.change(doc, site, rng)
        if replacement is None or replacement == doc.text[site.start : site.end]:
            continue
        taken += 1
        yield site, replacement


def run(
    *,
    seed: int = 0,
    per_kind: int = 20,
    kinds: Sequence[str] = KIND_NAMES,
    corpus_dir: Path = corpus.CORPUS,
    reports: Sequence[Path] = (),
    which: str = "hunan",
    documents: Sequence[str] = (),
) -> list[Injection]:
    """Inject into the corpus reports (``which``: hunan, more or all; corpus-more reports absent from
    the shared folder are left out), or into ``reports`` (any .txt; their .expected.json is used when
    it exists, to skip the lines with reviewer findings). ``documents``: only the corpus reports of
    these names (file stems), e.g. the three Shanghai budgets."""
    pairs: list[tuple[Path, Path | None]] = []
    if reports:
        for report in reports:
            expected = report.with_name(report.stem + ".expected.json")
            pairs.append((report, expected if expected.exists() else None))
    else:
        if which != "more":
            pairs += corpus.corpus_documents(corpus_dir)
        if which != "hunan":
            pairs += injectable_more_documents()
    if documents:
        pairs = [(text, expected) for text, expected in pairs if text.stem in documents]
    results = []
    for text_path, expected_path in pairs:
        doc = Doc(text_path, corpus.Expected.load(expected_path) if expected_path else None)
        baseline = zhlint.lint_source(doc.source)
        for kind in KINDS:
            if kind.name in kinds:
                for site, replacement in injections(doc, kind, seed, per_kind):
                    results.append(inject_one(doc, kind, site, replacement, baseline))
    return results


# --------------------------------------------------------------------------------------------- report


def summarize(results: Sequence[Injection]) -> dict[str, dict[str, Any]]:
    """kind → {injections, caught, caught_any, recall, recall_any, noise, noisy, crashes}."""
    table: dict[str, dict[str, Any]] = {}
    for kind in KIND_NAMES:
        rows = [r for r in results if r.kind == kind]
        n = len(rows)
        caught = sum(r.caught for r in rows)
        caught_any = sum(r.caught_any for r in rows)
        table[kind] = {
            "injections": n,
            "caught": caught,
            "caught_any": caught_any,
            "recall": caught / n if n else None,
            "recall_any": caught_any / n if n else None,
            "noise": sum(len(r.noise) for r in rows),
            "noisy": sum(bool(r.noise) for r in rows),
            "crashes": sum(r.error is not None for r in rows),
            "missed_masked": sum(why_missed(r) == "masked" for r in rows),
            "missed_isolated": sum(why_missed(r) == "isolated" for r in rows),
        }
    return table


def why_missed(result: Injection) -> str | None:
    """Why an injection was missed, where the reason is beyond any rule-based check: "masked" (the
    untouched line already carries a diagnostic of the kind's family: a second wrong value there
    adds nothing new), "isolated" (an amount stated once, with no other amount or rate in its
    sentence: nothing in the report says what it should be); "other" for the misses a rule could
    catch (or that these two tests cannot tell); None when caught."""
    if result.caught:
        return None
    if result.masked:
        return "masked"
    return "isolated" if result.isolated else "other"


def missed_table(results: Sequence[Injection], groups: Sequence[str] = ()) -> str:
    """The misses per document group and kind, by :func:`why_missed`: how many no rule could catch."""
    out = [
        "| group | kind | missed | already reported on the line | stated once, nothing to check it by "
        "| other |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for group in list(groups) or groups_of(results):
        for kind in KIND_NAMES:
            reasons = Counter(why_missed(r) for r in results if r.group == group and r.kind == kind)
            missed = sum(count for reason, count in reasons.items() if reason is not None)
            if missed:
                out.append(
                    f"| {group} | {kind} | {missed} | {reasons['masked']} | {reasons['isolated']} "
                    f"| {reasons['other']} |"
                )
    return "\n".join(out)


NOT_APPLICABLE = {
    "year": "needs the report year as zhlint reads it (ZL003: none read) and self-references such as "
    "`2024年度部门决算`",
    "part-sum": "needs a 其中 list of amounts in 万元 after a stated total",
    "percent-small": "needs a share or rate beside an amount in 万元 in prose",
    "percent-large": "needs a share or rate beside an amount in 万元 in prose",
    "direction": "needs a direction word tied to a number",
    "template": "needs a direction word in a sentence with a number",
    "amount-prose": "needs an amount in 万元 in prose",
    "amount-cell": "needs a numeric table cell with two decimals",
    "unit-yuan": "needs an amount in 万元 in prose",
    "duplicate": "needs a run of Han characters in prose",
}


def groups_of(results: Sequence[Injection]) -> list[str]:
    order = {"湖南": 0, "上海": 1, "江苏": 2}
    return sorted({r.group for r in results}, key=lambda g: (order.get(g[:2], 9), g))


def summarize_groups(results: Sequence[Injection]) -> dict[str, dict[str, dict[str, Any]]]:
    """group (region and kind) → injection kind → the row of :func:`summarize`."""
    return {group: summarize([r for r in results if r.group == group]) for group in groups_of(results)}


def group_table(results: Sequence[Injection], groups: Sequence[str] = ()) -> str:
    """caught/injections and recall per kind (rows) and document group (columns)."""
    groups = list(groups) or groups_of(results)
    table = {group: summarize([r for r in results if r.group == group]) for group in groups}
    out = ["| kind | " + " | ".join(groups) + " |", "| --- |" + " ---: |" * len(groups)]
    for kind in KIND_NAMES:
        cells = []
        for group in groups:
            row = table[group][kind]
            cells.append(
                f"{row['caught']}/{row['injections']} ({_pct(row['recall'])})" if row["injections"] else "n/a"
            )
        out.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(out)


def not_applicable_notes(results: Sequence[Injection], groups: Sequence[str] = ()) -> list[str]:
    """One line per document group where a kind found no injection site, with what the kind needs."""
    notes = []
    for group in list(groups) or groups_of(results):
        missing = [k for k in KIND_NAMES if not any(r.kind == k and r.group == group for r in results)]
        for kind in missing:
            notes.append(f"{kind}: no injection site in {group} ({NOT_APPLICABLE[kind]})")
    return notes


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def markdown_table(results: Sequence[Injection]) -> str:
    labels = {kind.name: kind for kind in KINDS}
    out = [
        "| kind | defect | expected family | injections | caught | recall | any family | noise |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, row in summarize(results).items():
        kind = labels[name]
        noise = f"{row['noise']} in {row['noisy']}" if row["noise"] else "0"
        crash = f" ({row['crashes']} crashed)" if row["crashes"] else ""
        out.append(
            f"| {name} | {kind.label} | {'/'.join(kind.families)} | {row['injections']}{crash} "
            f"| {row['caught']} | {_pct(row['recall'])} | {_pct(row['recall_any'])} | {noise} |"
        )
    return "\n".join(out)


def per_document_table(results: Sequence[Injection]) -> str:
    documents = sorted({r.document for r in results})
    out = [
        "| kind | " + " | ".join(Path(d).stem for d in documents) + " |",
        "| --- |" + " ---: |" * len(documents),
    ]
    for kind in KIND_NAMES:
        cells = []
        for document in documents:
            rows = [r for r in results if r.kind == kind and r.document == document]
            caught = sum(r.caught for r in rows)
            noise = sum(len(r.noise) for r in rows)
            cells.append(f"{caught}/{len(rows)}" + (f" (+{noise})" if noise else "") if rows else "–")
        out.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(out)


TEMPLATE_KIND = "决算模板"


def injectable_more_documents() -> list[tuple[Path, Path]]:
    """The corpus-more reports present in the shared folder, without the blank template (its
    statements are placeholders: there is no correct figure to make wrong)."""
    present = corpus.corpus_more_documents()[0]
    return [(text, expected) for text, expected in present if _kind_of_expected(expected) != TEMPLATE_KIND]


def template_names(which: str, reports: Sequence[Path]) -> list[str]:
    """The corpus-more templates left out of the injection."""
    if reports or which == "hunan":
        return []
    present = corpus.corpus_more_documents()[0]
    return [text.stem for text, expected in present if _kind_of_expected(expected) == TEMPLATE_KIND]


def _kind_of_expected(expected: Path) -> str:
    return corpus.Expected.load(expected).kind


def document_groups(which: str) -> list[str]:
    """The document groups (region and kind) of the corpus reports that ``which`` selects."""
    pairs = []
    if which != "more":
        pairs += corpus.corpus_documents()
    if which != "hunan":
        pairs += injectable_more_documents()
    groups = {" ".join(corpus.Expected.load(expected).group) for _, expected in pairs}
    order = {"湖南": 0, "上海": 1, "江苏": 2}
    return sorted(groups, key=lambda g: (order.get(g[:2], 9), g))


def format_text(results: Sequence[Injection], verbose: bool = False, groups: Sequence[str] = ()) -> str:
    out = [markdown_table(results), "", "caught/injections per document (+ new diagnostics elsewhere):", ""]
    out.append(per_document_table(results))
    out += ["", "caught/injections (recall) per region and kind:", "", group_table(results, groups)]
    if any(not r.caught for r in results):
        out += ["", "missed injections, and how many no rule-based check could catch:", ""]
        out.append(missed_table(results, groups))
    notes = not_applicable_notes(results, groups)
    if notes:
        out += ["", "not applicable (no site found):", *(f"  {note}" for note in notes)]
    crashes = [r for r in results if r.error]
    for r in crashes:
        out.append(f"CRASH {r.document} L{r.line} {r.kind}: {r.before!r}→{r.after!r}: {r.error}")
    if verbose:
        out.append("")
        for r in results:
            mark = "caught" if r.caught else ("other " if r.caught_any else "missed")
            extra = f" here={','.join(r.new_here)}" if r.new_here else ""
            noise = f" noise={'; '.join(r.noise)}" if r.noise else ""
            out.append(
                f"{mark} {r.kind:<14} {r.document[:3]} L{r.line:<4} {r.before!r}→{r.after!r}{extra}{noise}"
            )
    return "\n".join(out)


COMMANDS_NOTE = """\
Commands: `python -m benchmarks.corpus [--json] [--family ZL4] [--corpus hunan|more|all]
[--update-snapshot]` (corpus evaluation; the snapshot of found ids is tests/corpus/found.json),
`python -m benchmarks.inject [--quick] [--seed N] [--kind KIND] [--corpus hunan|more|all] [-v]
[--json] [--document STEM]` (error injection; the full run rewrites this file; `--document` runs on
the named corpus reports alone). The corpus-more reports are read from
../shared/corpus-more (or $ZHLINT_CORPUS_MORE) and skipped, with a line that says so, where absent.
In CI: tests/test_quality_corpus.py (no finding lost, no error on a correct/legit line),
tests/test_quality_corpus_more.py (floors on what is found, ceilings on what the reviewer rejects),
tests/test_quality_injection.py (seeded subset with recall floors), tests/test_robustness.py."""

CORPUS_NOTE = """\
`python -m benchmarks.corpus`: reviewer findings of tests/corpus/*.expected.json found by a
diagnostic of the finding's family on one of its lines (or context lines), as found/listed; in
brackets: found by a diagnostic of any family, and found by one of its family on the finding's
own lines (context lines not counted). A diagnostic on a finding's line is matched; the others
are unexpected. False alarms are unexpected error/warning diagnostics on lines that the
reviewers marked correct or legit."""

INJECTION_NOTE = """\
One defect at a time is planted into a statement on a line that carries no reviewer finding of
the expected family; sites are found by regexes over the text (percentages in sentences with
占/完成/增长/增加/减少/下降/比例 and an amount, amounts followed by 万元, parts after 其中, direction
words, numeric table cells, the report year before 年度/部门/决算/收支…, runs of Han
characters). *Caught*: a new diagnostic of the expected family on the injected line or with a
related span on it. *Any family*: a new diagnostic of any family there. *Noise*: new
diagnostics elsewhere in the document (count, and in how many injections). The three Hunan
reports are those the rules were developed on, and their misses were read by the rule authors
(ZL401 and ZL501 gained phrases after the first run): their figures are in-sample. The
corpus-more reports (Shanghai, Jiangsu) were not used to write the rules: see the figures per
region and kind below."""

ROBUSTNESS_NOTE = """\
`tests/test_robustness.py` (hypothesis, derandomized in CI; `ZHLINT_FUZZ=1` for fresh examples,
10× more) lints random report-like text (CJK, digits, full-width digits and punctuation, %, 万元,
tabs, CR/LF), random Unicode, random bytes (through `zhlint.read.source.read_bytes` and through
`zhlint.lint_file` on a temporary file), and the corpus reports truncated, with lines shuffled,
with table cells removed, and with CRLF/CR line endings and a BOM. It requires that no exception
escapes, that no rule fails (ZL009), that every span (diagnostic, related, fix) lies within the
text with line/column equal to `Source.position`, that 100 000-character lines stay fast, and
that the corpus concatenated to 10 MB is linted in time linear in its size.

Catastrophic backtracking found and fixed: the cover regex in `zhlint/document/segment.py`
(`(?P<year>20\\d{2})\\s*年度?\\s*(?P<unit>.+?)…决算`) was quadratic in the length of the
first paragraph when it held many `20xx年` and no `决算`: `"2023年" * 16000` (80 000 characters)
took 105 s, `"2023年度单位\\n" * 4000` 23 s. The unit name is now bounded to 80 characters and
no two `\\s*` are adjacent: 0.4 s and 0.2 s.

Also found: one paragraph of many `其中：…万元。` was quadratic in the claims builder (a list
searched for every breakdown; 128 000 characters: 2.9 s), fixed by the claims author with id
sets (now 0.5 s; `test_long_paragraph_of_breakdowns_is_linear` guards it); and an amount of 29
digits or more made `numbers.round_half_up` raise `decimal.InvalidOperation` (ZL106 failed as
ZL009), fixed by quantizing with enough precision."""


def write_quality_doc(
    results: Sequence[Injection], command: str, seed: int, per_kind: int, seconds: float
) -> None:
    corpus_results = corpus.run()
    total: dict[str, dict[str, dict[str, int]]] = {}
    for evaluated in corpus_results:
        corpus._accumulate(total, evaluated.summary())
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    rules = sorted({meta.code for meta in _rule_codes()})
    lines = [
        "# Quality figures",
        "",
        f"Generated {now} by `{command}` (seed {seed}, up to {per_kind} injections per kind and document;",
        f"{len(results)} injections, {seconds:.0f} s) with the rules registered at that time:",
        f"{', '.join(rules)}.",
        "Python "
        + platform.python_version()
        + ". Regenerate with the same command; figures change as rules are added.",
        "",
        *COMMANDS_NOTE.splitlines(),
        "",
        "## Corpus evaluation",
        "",
        *CORPUS_NOTE.splitlines(),
        "",
        "| document | family | required | stretch | out |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for document in [*corpus_results, None]:
        summary = document.summary() if document else total
        name = Path(document.document).stem if document else "**total**"
        for family in [*corpus.FAMILIES, "all"]:
            reaches = summary.get(family, {})
            if not reaches:
                continue
            cells = " | ".join(corpus._cell(reaches.get(reach)) for reach in corpus.REACHES)
            lines.append(f"| {name} | {family} | {cells} |")
    lines += ["", "| document | diagnostics | unexpected | false alarms (error) | false alarms (warning) |"]
    lines.append("| --- | ---: | ---: | ---: | ---: |")
    for document in corpus_results:
        counts = corpus._severity_counts(document.false_alarms)
        lines.append(
            f"| {Path(document.document).stem} | {len(document.diagnostics)} | {len(document.unexpected)} "
            f"| {counts['error']} | {counts['warning']} |"
        )
    lines += corpus_by_region_section()
    lines += [
        "",
        "## Error injection",
        "",
        *INJECTION_NOTE.splitlines(),
        "",
        markdown_table(results),
        "",
        "### Per document",
        "",
        "caught/injections (+ new diagnostics elsewhere):",
        "",
        per_document_table(results),
        "",
        *injection_by_region_section(results),
    ]
    missed = [r for r in results if not r.caught]
    if missed:
        lines += ["### Examples of missed injections", ""]
        for kind in KIND_NAMES:
            examples = [r for r in missed if r.kind == kind][:3]
            for r in examples:
                lines.append(f"- {kind}: {Path(r.document).stem} L{r.line}: `{r.before}` → `{r.after}`")
        lines.append("")
    lines += ["## Robustness", "", *ROBUSTNESS_NOTE.splitlines(), ""]
    previous = QUALITY_DOC.read_text(encoding="utf-8") if QUALITY_DOC.is_file() else ""
    lines += kept_sections(previous)
    QUALITY_DOC.write_text("\n".join(lines), encoding="utf-8")


MISSED_NOTE = """\
Missed injections per group and kind. *Already reported on the line*: the untouched line carries a
diagnostic of the kind's family already (the statement is wrong before the injection; a second
wrong value adds no new diagnostic). *Stated once*: an amount that appears nowhere else in the
report (prose or table, 元 cells read in 万元) and has no other amount or rate in its sentence:
nothing in the report says what it should be, so no rule-based check can tell it was changed.
*Other*: misses a rule could catch, or that these two tests cannot tell apart (a part of a list
that need not be complete, a direction word inside a name, a rate within the rounding of its
amounts)."""

CORPUS_BY_REGION_NOTE = """\
`python -m benchmarks.corpus` (all reports; `--corpus more` for the reviewed corpus-more reports of
tests/corpus_more/ alone). Per document and per group: reviewer findings (`required`, `stretch`)
found by a diagnostic of their family on their lines or context lines, as found/listed; the
reviewer-listed findings of severity error and warning found; the zhlint errors and warnings that
the reviewer rejects (the `rejected` list of each corpus-more expectation, by line and code: such
a diagnostic finds nothing, even on the line of a real finding); and the other unexpected errors
and warnings on lines the reviewer marked correct or legit. A finding can be found by a diagnostic
of its family that is about something else on the same line: the counts are an upper bound.
Regions: 湖南 (tests/corpus), 上海 (普陀区 and the blank template), 江苏; kinds: 决算 (the
template counted as 决算) and 预算 (部门 and 单位). Issue 13's target: at most one rejected error
or warning per report and every required error found."""


def corpus_by_region_section() -> list[str]:
    """The figures of every reviewed report (Hunan and corpus-more), per document and per group."""
    results = corpus.run()
    more, absent = corpus.run_more()
    results += more
    lines = ["", "## Corpus evaluation per document and region", "", *CORPUS_BY_REGION_NOTE.splitlines()]
    lines += ["", corpus.markdown_documents(results), "", corpus.markdown_groups(results)]
    if absent:
        lines += ["", corpus.skip_note(absent)]
    return lines


def injection_by_region_section(results: Sequence[Injection]) -> list[str]:
    """Recall per kind and document group, and what could not be injected where."""
    lines = ["### Per region and kind", "", "caught/injections (recall):", "", group_table(results), ""]
    if any(not r.caught for r in results):
        lines += [*MISSED_NOTE.splitlines(), "", missed_table(results), ""]
    notes = not_applicable_notes(results, document_groups("all"))
    notes += [
        f"{name}: not injected (a blank 决算模板: its statements are placeholders, not figures)"
        for name in template_names("all", ())
    ]
    if notes:
        lines += ["Not applicable:", "", *(f"- {note}" for note in notes), ""]
    return lines


GENERATED_SECTIONS = frozenset(
    {"Corpus evaluation", "Corpus evaluation per document and region", "Error injection", "Robustness"}
)


def kept_sections(previous: str) -> list[str]:
    """The lines of the ``## `` sections of ``previous`` that this module does not write (the
    fuzzing figures, measured by ``python -m tox -e fuzz``): a regeneration keeps them, at the end."""
    kept: list[str] = []
    keeping = False
    for line in previous.splitlines():
        if line.startswith("## "):
            keeping = line[3:].strip() not in GENERATED_SECTIONS
        if keeping:
            kept.append(line)
    return [*kept, ""] if kept and kept[-1] else kept


def _rule_codes() -> list[Any]:
    from zhlint.rules import registered_rules

    return [registered.meta for registered in registered_rules()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.inject", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 injections per kind and document")
    parser.add_argument("reports", nargs="*", type=Path, help="reports to use instead of tests/corpus/*.txt")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-kind", type=int, help="injections per kind and document (default 20; quick 2)")
    parser.add_argument("--kind", action="append", choices=KIND_NAMES, help="only this kind (repeatable)")
    parser.add_argument("--json", action="store_true", help="print every injection as JSON")
    parser.add_argument(
        "--corpus",
        choices=corpus.CORPORA,
        default="all",
        help="hunan: tests/corpus/; more: the corpus-more reports of the shared folder; all (default)",
    )
    parser.add_argument(
        "--document", action="append", metavar="STEM", help="only the corpus report of this name (repeatable)"
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="list every injection")
    parser.add_argument(
        "--no-write", action="store_true", help=f"do not rewrite {QUALITY_DOC.relative_to(ROOT)}"
    )
    args = parser.parse_args(argv)
    per_kind = args.per_kind or (2 if args.quick else 20)
    started = time.perf_counter()
    results = run(
        seed=args.seed,
        per_kind=per_kind,
        kinds=args.kind or KIND_NAMES,
        reports=args.reports,
        which=args.corpus,
        documents=args.document or (),
    )
    groups = [] if args.reports or args.document else document_groups(args.corpus)
    absent = [] if args.reports or args.corpus == "hunan" else corpus.corpus_more_documents()[1]
    seconds = time.perf_counter() - started
    if args.json:
        json.dump(
            {"seed": args.seed, "per_kind": per_kind, "summary": summarize(results),
             "groups": summarize_groups(results), "not_applicable": not_applicable_notes(results, groups),
             "injections": [r.to_json() for r in results]},
            sys.stdout, ensure_ascii=False, indent=1,
        )  # fmt: skip
        print()
    else:
        print(format_text(results, args.verbose, groups))
        for name in template_names(args.corpus, args.reports):
            print(f"not injected: {name} (a blank 决算模板: its statements are placeholders, not figures)")
    if absent:
        print(corpus.skip_note(absent), file=sys.stderr)
        print(f"\n{len(results)} injections in {seconds:.1f} s")
    full = args.corpus == "all" and not (
        args.quick or args.no_write or args.kind or args.per_kind or args.reports or args.document
    )
    if full:
        command = "python -m benchmarks.inject" + (f" --seed {args.seed}" if args.seed else "")
        write_quality_doc(results, command, args.seed, per_kind, seconds)
        print(f"wrote {QUALITY_DOC.relative_to(ROOT)}", file=sys.stderr)
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
