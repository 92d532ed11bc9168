from __future__ import annotations

import codecs
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhlint.read.source import Source, UnreadableError, decode, encode, read_bytes

TEXT = "2023年度 株洲市测试中心 部门决算\n本年支出合计526.36万元。\n"


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        (TEXT.encode("utf-8"), "utf-8", b""),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8", codecs.BOM_UTF8),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le", codecs.BOM_UTF16_LE),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", codecs.BOM_UTF16_BE),
        (TEXT.encode("gb18030"), "gb18030", b""),
        (TEXT.encode("gbk"), "gb18030", b""),
    ],
)
def test_decodes_the_encodings_offices_use(data: bytes, encoding: str, bom: bytes) -> None:
    text, found_encoding, found_bom = decode(data)
    assert text == TEXT
    assert (found_encoding, found_bom) == (encoding, bom)


def test_round_trip_keeps_encoding_and_bom() -> None:
    data = codecs.BOM_UTF8 + TEXT.replace("\n", "\r\n").encode("utf-8")
    source = read_bytes(data, "x.txt")
    assert source.newline == "\r\n"
    assert encode(source.text, source) == data


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\x00\x01\x02binary", bytes(range(256)) * 4, b"\xff\xfe\x00\xd8"],
)
def test_binary_or_undecodable_bytes_are_refused_with_a_reason(data: bytes) -> None:
    with pytest.raises(UnreadableError) as error:
        decode(data)
    assert str(error.value)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_positions_count_characters_and_handle_every_line_ending(newline: str) -> None:
    text = newline.join(["第一行", "第二行有526.36万元", "三"])
    source = Source.from_text(text)
    offset = text.index("526")
    assert source.position(offset) == (2, 5)
    assert source.offset(2, 5) == offset
    assert [line.text for line in source.lines()] == ["第一行", "第二行有526.36万元", "三"]
    assert source.newline == newline


def test_position_at_end_of_text() -> None:
    source = Source.from_text("ab\ncd")
    assert source.position(5) == (2, 3)


@given(st.text(alphabet="ab\r\n甲", max_size=200))
def test_line_bounds_cover_the_text_between_the_breaks(text: str) -> None:
    """Texts without \\r take a faster path (str.split); both must give the same lines."""
    source = Source.from_text(text)
    lines = [text[start:end] for start, end in zip(source.line_starts, source.line_ends, strict=True)]
    assert lines == re.split(r"\r\n|\r|\n", text)
    assert all(line.text == expected for line, expected in zip(source.lines(), lines, strict=True))
