"""Every clause form of the claims tests, rewritten as PDF extraction writes it, reads the same.

PDF-to-text tools write ASCII punctuation among Chinese (`,` `;` `:`), put a space before `%`,
spaces around and inside numbers (`526. 36`), full-width digits, and break a line inside a
number or between a number and its unit. The forms come from the parametrised grammar tests of
tests/test_claims.py, so a form added there is checked here in every variant.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import attrs
import pytest

import tests.test_claims as claims_tests
from zhlint.claims.parse import parse_clauses
from zhlint.diagnostics import Span
from zhlint.document.segment import Paragraph, segment
from zhlint.read.numbers import Number
from zhlint.read.source import Source

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_DECIMAL = re.compile(r"(\d+)\.(\d+)")
# The Han words before a figure, as justified text spaces them out (`一 般 公 共 预 算`).
_LETTER = re.compile(r"[\u4e00-\u9fff]{2,}(?=\d)|万元")


def _clause_forms() -> Iterator[str]:
    """The first argument of every grammar test parametrised over ``clause``."""
    for name in sorted(dir(claims_tests)):
        function = getattr(claims_tests, name)
        for mark in getattr(function, "pytestmark", ()):
            if mark.name != "parametrize":
                continue
            names = mark.args[0]
            first = names[0] if isinstance(names, tuple) else names.split(",")[0].strip()
            if first != "clause":
                continue
            for values in mark.args[1]:
                yield values[0] if isinstance(values, tuple) else values


FORMS = tuple(dict.fromkeys(_clause_forms()))
# Sentences of several forms, so that the punctuation between clauses is rewritten too.
SENTENCES = tuple("，".join(FORMS[index : index + 3]) for index in range(0, len(FORMS), 3))


def _full_width(text: str) -> str:
    return text.translate(str.maketrans("0123456789.%", "０１２３４５６７８９．％"))


# Each variant rewrites a whole sentence (the clause and the 。 after it).
VARIANTS: dict[str, Callable[[str], str]] = {
    "ascii punctuation": lambda text: text.replace("，", ",").replace("；", ";").replace("：", ":"),
    "ascii punctuation after a space": lambda text: text.replace("，", " ,").replace("：", " :"),
    "letter-spaced words": lambda text: _LETTER.sub(lambda match: " ".join(match.group()) + " ", text),
    "space before percent": lambda text: text.replace("%", " %"),
    "spaces around numbers": lambda text: _NUMBER.sub(lambda match: f" {match.group()} ", text),
    "space after the decimal point": lambda text: _DECIMAL.sub(r"\1. \2", text),
    "space before the decimal point": lambda text: _DECIMAL.sub(r"\1 .\2", text),
    "full-width digits": _full_width,
    "line break after the decimal point": lambda text: _DECIMAL.sub("\\1.\n\\2", text),
    "line break before the unit": lambda text: re.sub(r"(\d)(万元|元|%)", "\\1\n\\2", text),
    "line break inside the unit": lambda text: text.replace("万元", "万\n元"),
    "page break inside a number": lambda text: _DECIMAL.sub("\\1.\n\n\\2", text),
}


def _value(item: Any) -> Any:
    """What an atom says, without where it stands or how its numbers were written."""
    if isinstance(item, Number):
        return (item.value, item.places)
    if isinstance(item, Span):
        return None
    if attrs.has(type(item)):
        fields = (field.name for field in attrs.fields(type(item)) if field.name != "span")
        return (type(item).__name__, *(_value(getattr(item, name)) for name in fields))
    if isinstance(item, tuple):
        return tuple(_value(element) for element in item)
    return item


def read_sentence(sentence: str) -> tuple[Any, ...]:
    """What the clauses of ``sentence``, as the one paragraph of a small report, say."""
    source = Source.from_text("一、情况说明\n\n" + sentence + "\n", "t.txt")
    (paragraph,) = (block for block in segment(source).blocks if isinstance(block, Paragraph))
    numbers = {number.span.start: number for number in paragraph.numbers}
    return tuple(_value(clause.atoms) for clause in parse_clauses(paragraph.text, numbers) if clause.atoms)


def test_the_forms_are_found() -> None:
    assert len(FORMS) > 50
    assert "年初预算为532.93万元" in FORMS


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("form", FORMS + SENTENCES)
def test_a_form_reads_the_same_in_its_pdf_variant(form: str, variant: str) -> None:
    sentence = form + "。"
    rewritten = VARIANTS[variant](sentence)
    assert read_sentence(rewritten) == read_sentence(sentence), rewritten


def test_the_variants_rewrite_and_the_forms_are_read() -> None:
    """A rewrite that changed nothing, or a form read as nothing, would test nothing."""
    sentence = "本年收入合计526.36万元，其中：财政拨款收入500万元，占95%；与上年相比，减少196.48万元。"
    for variant, rewrite in VARIANTS.items():
        assert rewrite(sentence) != sentence, variant
    read_alone = {form for form in FORMS if read_sentence(form + "。")}
    assert len(read_alone) > 50
    for sentence in SENTENCES:
        if any(form in read_alone for form in sentence.split("，")):
            assert read_sentence(sentence + "。"), sentence
    (first,) = read_sentence("年初预算为532.93万元。")
    assert first[0][0] == "StatedAtom" and (Decimal("532.93"), 2) in first[0][3]
