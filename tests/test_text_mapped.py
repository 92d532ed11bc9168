"""MappedText: the offset map may be a tuple or a range; both forms of one map are the same text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from zhlint.read.text import MappedText, compact, normalise_width, sentences


def test_range_and_tuple_offsets_are_equal_and_hash_alike() -> None:
    as_range = MappedText("ab", range(5, 8))
    as_tuple = MappedText("ab", (5, 6, 7))
    assert as_range == as_tuple
    assert hash(as_range) == hash(as_tuple)
    assert as_range != MappedText("ab", (5, 6, 9))


def test_slices_of_a_range_map_keep_their_source_positions() -> None:
    mapped = MappedText("一二三四", range(10, 15))
    part = mapped.slice(1, 3)
    assert part.text == "二三"
    assert (part.source_span(0, 2).start, part.source_span(0, 2).end) == (11, 13)
    assert mapped.slice(3, 1).text == ""  # an inverted range is empty, at the end position


def test_normalise_width_replaces_only_number_characters() -> None:
    assert normalise_width("１２．５％，－甲") == "12.5%,-甲"
    text = "没有全角数字"
    assert normalise_width(text) is text


@given(st.text(alphabet="０１２３４５６７８９．，％－12,甲。 \n", max_size=3000))
def test_normalise_width_of_long_and_short_texts_alike(text: str) -> None:
    """Whole documents take another path (str.replace) than lines (a regex): the same result."""
    by_character = "".join(normalise_width(char) for char in text)
    assert normalise_width(text) == by_character
    assert len(normalise_width(text)) == len(text)


def test_compact_removes_all_whitespace() -> None:
    assert compact("公务用车购 置费\u3000") == "公务用车购置费"
    assert compact("行政运行") == "行政运行"


def test_sentences_split_after_each_break_and_keep_the_rest() -> None:
    mapped = MappedText("甲。乙；丙", range(0, 6))
    assert [(start, part.text) for start, part in sentences(mapped)] == [(0, "甲。"), (2, "乙；"), (4, "丙")]
