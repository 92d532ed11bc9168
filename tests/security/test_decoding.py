"""Issue 11, item 12: a bad byte in a UTF-8 report is reported where it is, never read as GB18030.

GB18030 decodes almost any bytes, so UTF-8 with one stray byte used to come out as mojibake
without a word (or, when GB18030 failed too, with the GB18030 failure offset, "at byte 33").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from zhlint import lint_file
from zhlint.read.source import UnreadableError, decode

# Words of the reports (all in GB2312), their punctuation, digits and line breaks.
CHINESE = "本单位主要职责是开展测试工作决算支出合计万元年度部门收入预算财政拨款基本项目经费人员公用商品和服务"
CHINESE += (
    "其他资本性一般公共增加减少原因中国湖南株洲市测试中心的了在有我们为以及等对于与按照根据要求进行完成"
)
CHINESE += "情况绩效目标管理制度建设出说明"
OTHERS = "，。、；：（）“”《》％—0123456789.% \n"
PROPERTY = settings(max_examples=500, derandomize=True, deadline=None)
MIN_CHINESE = 4  # with one to three characters, some texts are both: 设年费 + 0xC2 reads as GB18030 too

report_text = st.lists(st.sampled_from(CHINESE), min_size=MIN_CHINESE, max_size=60).flatmap(
    lambda words: st.lists(st.sampled_from(OTHERS), max_size=len(words)).flatmap(
        lambda others: st.permutations(words + others).map("".join)
    )
)


def _utf8_place(data: bytes) -> tuple[int, int]:
    """(line, byte offset) of the first byte that is not UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return data[: error.start].count(b"\n") + 1, error.start
    raise AssertionError("the bytes are UTF-8")


@PROPERTY
@given(text=report_text, stray=st.integers(0x80, 0xFF), where=st.floats(0, 1))
def test_utf8_with_one_stray_byte_is_never_read_as_gb18030(text: str, stray: int, where: float) -> None:
    encoded = text.encode("utf-8")
    at = int(len(encoded) * where)
    data = encoded[:at] + bytes([stray]) + encoded[at:]
    with pytest.raises(UnreadableError) as refused:
        decode(data)
    line, offset = _utf8_place(data)
    assert f"UTF-8 编码，但第 {line} 行（字节偏移 {offset}）" in str(refused.value)


@PROPERTY
@given(text=report_text)
def test_gb18030_chinese_text_is_still_read_as_gb18030(text: str) -> None:
    data = text.encode("gb18030")
    assume(not _is_utf8(data))  # a few short texts are valid UTF-8 as well; UTF-8 comes first
    assert decode(data)[:2] == (text, "gb18030")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


REPORT = (
    "2023年度\n株洲市测试中心部门决算\n\n一、部门概况\n本单位主要职责是开展测试工作，负责人王镕、李堃。\n"
    "二、收入支出决算总体情况说明\n2023年度收入总计526.36万元，支出总计526.36万元。\n" * 20
)


def test_a_bad_byte_late_in_a_utf8_report_is_reported_at_its_line(tmp_path: Path) -> None:
    encoded = REPORT.encode("utf-8")
    at = encoded.index("支出总计".encode()) + len(encoded) // 2
    path = tmp_path / "r.txt"
    path.write_bytes(encoded[:at] + b"\xff" + encoded[at:])
    (diagnostic,) = lint_file(path)
    line, offset = _utf8_place(path.read_bytes())
    assert diagnostic.code == "ZL001" and line > 20
    assert f"第 {line} 行（字节偏移 {offset}）起的字节 FF" in diagnostic.message
    assert "GB18030" not in diagnostic.message


def test_a_gb18030_report_with_names_outside_gb2312_is_read() -> None:
    assert decode(REPORT.encode("gb18030"))[:2] == (REPORT, "gb18030")


def test_bytes_that_are_neither_name_the_gb18030_failure_with_its_line() -> None:
    data = "年度\n说明".encode("gb18030") + b"\n\xff\xff"
    with pytest.raises(
        UnreadableError, match=re.escape("既不是 UTF-8 也不是 GB18030/GBK 编码（按 GB18030 读，第 3 行")
    ):
        decode(data)
