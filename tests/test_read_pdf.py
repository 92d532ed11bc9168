"""PDF input (issue 14): small PDFs built here with reportlab, read back through zhlint.

Each PDF is drawn with reportlab's built-in CID font STSong-Light (no font file needed), with ruled
tables drawn as lines, as the published reports have them. The numbers and names are made up.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

pytest.importorskip("pdfplumber", reason="the optional extra zhlint[pdf] (pdfplumber) is not installed")
pytest.importorskip("reportlab", reason="reportlab (test extra) builds the PDFs of these tests")

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

import zhlint
from zhlint import cli, engine
from zhlint.read import pdf
from zhlint.read.source import UnreadableError

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
WIDTH, HEIGHT = A4
LEFT = 72.0
SIZE = 12.0
LINE_CHARS = 30  # a full line: 30 characters of 12 pt from the left margin

Draw = Callable[[canvas.Canvas], None]


def build_pdf(*pages: Draw, **options: object) -> bytes:
    """A PDF with one page per function, each drawing on the canvas of its page."""
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4, **options)  # type: ignore[arg-type]
    for number, draw in enumerate(pages, 1):
        sheet.setFont(FONT, SIZE)
        draw(sheet)
        sheet.setFont(FONT, 9)
        sheet.drawCentredString(WIDTH / 2, 30, f"- {number} -")  # a page number in the footer
        sheet.drawString(LEFT, HEIGHT - 30, "示例单位部门决算")  # a running head on every page
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def text_at(y: float, text: str, x: float = LEFT, font: str = FONT, size: float = SIZE) -> Draw:
    def draw(sheet: canvas.Canvas) -> None:
        sheet.setFont(font, size)
        sheet.drawString(x, y, text)

    return draw


def ruled_table(top: float, rows: Sequence[Sequence[str]], widths: Sequence[float]) -> Draw:
    """A fully ruled grid of 20 pt rows, each cell's text drawn inside it."""

    def draw(sheet: canvas.Canvas) -> None:
        xs = [LEFT]
        for width in widths:
            xs.append(xs[-1] + width)
        ys = [top - 20 * index for index in range(len(rows) + 1)]
        sheet.grid(xs, ys)
        sheet.setFont(FONT, 10)
        for row, y in zip(rows, ys, strict=False):
            for cell, x in zip(row, xs, strict=False):
                sheet.drawString(x + 3, y - 14, cell)

    return draw


def pages_of(*draws: Draw) -> Draw:
    def draw(sheet: canvas.Canvas) -> None:
        for one in draws:
            one(sheet)

    return draw


def extract(data: bytes) -> list[str]:
    return pdf.extract_pdf(data).text.split("\n")


# --- tables ------------------------------------------------------------------------------------

HEADER = ("项目", "年初预算", "支出决算")
ROWS = [("基本支出", "1,234.56", "1,200.00"), ("项目支出", "8,765.43", "8,700.10")]


def test_ruled_table_keeps_every_cell_in_its_column_and_amounts_whole() -> None:
    data = build_pdf(ruled_table(700, [HEADER, *ROWS, ("合计", "", "9,900.10")], [120, 100, 100]))
    lines = extract(data)
    assert "项目\t年初预算\t支出决算" in lines
    assert "基本支出\t1,234.56\t1,200.00" in lines
    assert "合计\t\t9,900.10" in lines  # an empty cell keeps its place


def test_merged_cell_text_is_in_its_first_cell_and_the_others_are_empty() -> None:
    def merged(sheet: canvas.Canvas) -> None:
        xs, ys = [LEFT, LEFT + 120, LEFT + 220, LEFT + 320], [700.0, 680.0, 660.0]
        sheet.rect(xs[0], ys[2], xs[3] - xs[0], ys[0] - ys[2])
        sheet.line(xs[0], ys[1], xs[3], ys[1])
        sheet.line(xs[1], ys[2], xs[1], ys[0])
        sheet.line(xs[2], ys[2], xs[2], ys[1])  # the top row's second cell spans two columns
        sheet.setFont(FONT, 10)
        sheet.drawString(xs[0] + 3, 686, "科目")
        sheet.drawString(xs[1] + 60, 686, "本年支出")
        for x, cell in zip(xs, ("行政运行", "100.00", "99.50"), strict=False):
            sheet.drawString(x + 3, 666, cell)

    lines = extract(build_pdf(merged))
    assert "科目\t本年支出\t" in lines
    assert "行政运行\t100.00\t99.50" in lines


def test_table_over_two_pages_is_one_table_without_the_repeated_header() -> None:
    first = pages_of(
        text_at(740, "一般公共预算财政拨款支出决算表"), ruled_table(700, [HEADER, ROWS[0]], [120, 100, 100])
    )
    second = ruled_table(780, [HEADER, ROWS[1]], [120, 100, 100])
    third = text_at(760, "注：本表反映本年度支出情况。")  # the running head is dropped as it is on 3 pages
    extracted = pdf.extract_pdf(build_pdf(first, second, third))
    lines = extracted.text.split("\n")
    start = lines.index("项目\t年初预算\t支出决算")
    assert lines[start : start + 3] == ["项目\t年初预算\t支出决算", "\t".join(ROWS[0]), "\t".join(ROWS[1])]
    assert lines.count("项目\t年初预算\t支出决算") == 1
    assert extracted.pages[start + 1 : start + 3] == (1, 2)  # each row keeps its own page


def test_a_new_table_after_a_title_on_the_next_page_is_not_merged() -> None:
    first = ruled_table(700, [HEADER, ROWS[0]], [120, 100, 100])
    second = pages_of(text_at(790, "项目支出决算表"), ruled_table(770, [HEADER, ROWS[1]], [120, 100, 100]))
    lines = extract(build_pdf(first, second, text_at(760, "注：本表反映本年度支出情况。")))
    assert lines.count("项目\t年初预算\t支出决算") == 2


# --- prose -------------------------------------------------------------------------------------

FULL = "本单位严格执行预算管理制度，推进各项重点工作，全年"  # 25 characters …
FULL += "完成任务"  # … 29
assert len(FULL) == LINE_CHARS - 1


def test_lines_of_a_paragraph_are_joined_and_a_new_indented_paragraph_starts() -> None:
    page = pages_of(
        text_at(760, FULL[:27], x=LEFT + 2 * SIZE),  # indented first line, ends at the margin
        text_at(745, FULL),
        text_at(730, "情况良好。"),
        text_at(715, "第二段开始。", x=LEFT + 2 * SIZE),
    )
    lines = [line for line in extract(build_pdf(page, text_at(760, "第二页。"))) if line][:-1]
    assert lines == [FULL[:27] + FULL + "情况良好。", "第二段开始。"]


def test_sentence_over_a_page_break_is_joined_and_page_numbers_and_heads_are_dropped() -> None:
    first = pages_of(text_at(760, FULL[:27], x=LEFT + 2 * SIZE), text_at(745, FULL + "的"))
    second = pages_of(text_at(790, "各项目标。"), text_at(770, "下一段落。", x=LEFT + 2 * SIZE))
    extracted = pdf.extract_pdf(build_pdf(first, second))
    lines = [line for line in extracted.text.split("\n") if line]
    assert lines == [FULL[:27] + FULL + "的各项目标。", "下一段落。"]
    assert extracted.pages[extracted.text.split("\n").index("下一段落。")] == 2


def test_an_amount_carried_whole_to_the_next_line_is_joined_not_taken_for_an_item() -> None:
    # "9859.38万元" did not fit: the line before it ends short, and "9859." is no item number
    page = pages_of(
        text_at(760, FULL[:27], x=LEFT + 2 * SIZE),
        text_at(745, FULL[:25]),  # four characters short of the margin
        text_at(730, "9859.38万元。"),
    )
    lines = [line for line in extract(build_pdf(page, text_at(760, "第二页。"))) if line][:-1]
    assert lines == [FULL[:27] + FULL[:25] + "9859.38万元。"]


def test_a_number_set_lower_in_a_latin_font_stays_next_to_its_words() -> None:
    def line(sheet: canvas.Canvas) -> None:
        sheet.setFont(FONT, SIZE)
        sheet.drawString(LEFT, 760, "年初预算为")
        sheet.setFont("Helvetica", SIZE)
        sheet.drawString(LEFT + 5 * SIZE, 757, "1560.05")  # three points lower, as in the reports
        sheet.setFont(FONT, SIZE)
        sheet.drawString(LEFT + 5 * SIZE + 42, 760, "万元。")

    assert "年初预算为1560.05万元。" in extract(build_pdf(line))


# --- through the engine and the command line ---------------------------------------------------

REPORT_PAGES = (
    pages_of(text_at(760, "示例中心2023年度部门决算", x=LEFT + 4 * SIZE)),
    pages_of(text_at(790, "本年支出合计100.00万元，其中基本支出60.00万元，项目支出50.00万元。", x=LEFT)),
)


def report_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "report.pdf"
    path.write_bytes(build_pdf(*REPORT_PAGES))
    return path


def test_diagnostics_on_a_pdf_name_their_page(tmp_path: Path) -> None:
    diagnostics = zhlint.lint_file(report_pdf(tmp_path))
    assert diagnostics
    assert all(diagnostic.page in (1, 2) for diagnostic in diagnostics)
    text_report = tmp_path / "report.txt"
    text_report.write_text("示例中心2023年度部门决算\n", encoding="utf-8")
    assert all(diagnostic.page is None for diagnostic in zhlint.lint_file(text_report))


def test_json_has_page_only_for_a_pdf_and_text_format_prints_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = report_pdf(tmp_path)
    cli.main(["check", "--format", "json", "--no-progress", str(path)])
    found = json.loads(capsys.readouterr().out)
    assert found and all(item["page"] in (1, 2) for item in found)
    cli.main(["check", "--no-progress", str(path)])
    assert f"{path}:p2:" in capsys.readouterr().out
    text_report = tmp_path / "plain.txt"
    text_report.write_text("示例中心2023年度部门决算\n本年支出合计100.00万元。\n", encoding="utf-8")
    cli.main(["check", "--format", "json", "--no-progress", str(text_report)])
    assert all("page" not in item for item in json.loads(capsys.readouterr().out))


def test_sarif_keeps_the_text_region_and_puts_the_page_in_properties(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.test_cli import _sarif_validator

    cli.main(["check", "--format", "sarif", "--no-progress", str(report_pdf(tmp_path))])
    log = json.loads(capsys.readouterr().out)
    location = log["runs"][0]["results"][0]["locations"][0]
    assert location["properties"]["page"] in (1, 2)
    assert "startLine" in location["physicalLocation"]["region"]
    assert [error.message for error in _sarif_validator().iter_errors(log)] == []


def test_extract_then_check_gives_the_same_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = report_pdf(tmp_path)
    out = tmp_path / "out" / "extracted.txt"
    out.parent.mkdir()
    assert cli.main(["extract", str(path), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == pdf.extract_pdf(path.read_bytes()).text
    on_pdf = [(d.line, d.column, d.code, d.message) for d in zhlint.lint_file(path)]
    on_text = [(d.line, d.column, d.code, d.message) for d in zhlint.lint_file(out)]
    assert on_pdf == on_text
    assert cli.main(["extract", str(path)]) == 0
    assert capsys.readouterr().out == out.read_text(encoding="utf-8")


def test_extract_refuses_to_write_over_its_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = report_pdf(tmp_path)
    before = path.read_bytes()
    assert cli.main(["extract", str(path), "-o", str(path)]) == 2
    assert path.read_bytes() == before
    assert "输入文件" in capsys.readouterr().err


def test_fix_refuses_a_pdf_and_leaves_it_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = report_pdf(tmp_path)
    before = path.read_bytes()
    assert cli.main(["check", "--fix", "--no-progress", str(path)]) == 2
    assert path.read_bytes() == before
    assert "不能自动修复" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]  # nothing written beside it


def test_directories_are_walked_for_pdfs(tmp_path: Path) -> None:
    report_pdf(tmp_path)
    assert [p.name for p in engine.iter_report_files([tmp_path])] == ["report.pdf"]


def test_pdfs_are_checked_in_parallel_with_jobs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    second = tmp_path / "second.pdf"
    second.write_bytes(report_pdf(tmp_path).read_bytes())
    cli.main(["check", "--jobs", "2", "--format", "json", "--no-progress", str(tmp_path)])
    found = json.loads(capsys.readouterr().out)
    assert {Path(item["path"]).name for item in found} == {"report.pdf", "second.pdf"}
    assert all(item["page"] for item in found)


# --- honest failures: one ZL001 for the file, the run goes on ----------------------------------


def only_unreadable(path: Path) -> str:
    diagnostics = zhlint.lint_file(path)
    assert [d.code for d in diagnostics] == ["ZL001"]
    return diagnostics[0].message


def test_a_scanned_pdf_without_a_text_layer_is_refused(tmp_path: Path) -> None:
    def scan(sheet: canvas.Canvas) -> None:
        sheet.rect(LEFT, 300, 400, 400, fill=1)  # an image of a page: no characters

    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4)
    scan(sheet)
    sheet.showPage()
    sheet.save()
    path = tmp_path / "scan.pdf"
    path.write_bytes(buffer.getvalue())
    assert "没有文字层" in only_unreadable(path)


def test_an_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = tmp_path / "locked.pdf"
    path.write_bytes(build_pdf(REPORT_PAGES[1], encrypt=StandardEncryption("secret", canPrint=0)))
    assert "已加密" in only_unreadable(path)


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_a_damaged_pdf_is_refused(tmp_path: Path, damage: str) -> None:
    data = build_pdf(*REPORT_PAGES)
    path = tmp_path / "damaged.pdf"
    path.write_bytes(data[:200] if damage == "truncated" else b"%PDF-1.4\n" + b"\x00\xff garbage " * 50)
    assert "已损坏" in only_unreadable(path)


def test_a_file_named_pdf_that_is_not_one_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_text("示例中心2023年度部门决算\n", encoding="utf-8")
    assert "不是 PDF" in only_unreadable(path)


def test_a_pdf_over_the_page_limit_is_refused() -> None:
    with pytest.raises(UnreadableError, match="超过 1 页上限"):
        pdf.extract_pdf(build_pdf(*REPORT_PAGES), max_pages=1)


def test_a_pdf_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "MAX_PDF_BYTES", 1000)
    assert "文件过大" in only_unreadable(report_pdf(tmp_path))


def test_without_the_extra_a_pdf_says_which_extra_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pdfplumber", None)  # import pdfplumber raises ImportError
    message = only_unreadable(report_pdf(tmp_path))
    # the distribution's name is kept in one constant (it may be renamed)
    assert f"pip install '{pdf.DISTRIBUTION}[pdf]'" in message


def test_the_run_goes_on_after_an_unreadable_pdf(tmp_path: Path) -> None:
    (tmp_path / "a-broken.pdf").write_bytes(b"%PDF-1.4\n broken")
    report_pdf(tmp_path)
    found = zhlint.lint_paths([tmp_path])
    assert {d.path for d in found} == {str(tmp_path / "a-broken.pdf"), str(tmp_path / "report.pdf")}


# --- pages PDFium is not trusted with go to pdfplumber -----------------------------------------


def test_a_table_drawn_inside_a_form_xobject_is_still_found() -> None:
    def in_form(sheet: canvas.Canvas) -> None:
        sheet.beginForm("grid")
        ruled_table(700, [HEADER, *ROWS], [120, 100, 100])(sheet)
        sheet.endForm()
        sheet.doForm("grid")

    assert "基本支出\t1,234.56\t1,200.00" in extract(build_pdf(in_form))


def test_a_rotated_page_is_read() -> None:
    def rotated(sheet: canvas.Canvas) -> None:
        sheet.setPageRotation(90)
        text_at(760, "本年支出合计100.00万元。")(sheet)

    assert any("本年支出合计100.00万元。" in line for line in extract(build_pdf(rotated)))


def test_pdfium_and_pdfplumber_read_the_same_tables_and_prose() -> None:
    first = pages_of(
        text_at(740, "一般公共预算财政拨款支出决算表"), ruled_table(700, [HEADER, *ROWS], [120, 100, 100])
    )
    data = build_pdf(first, text_at(760, "本年支出合计100.00万元。"))
    assert pdf.extract_pdf(data) == pdf.extract_pdf(data, pdfplumber_only=True)


def test_a_page_crowded_past_the_limits_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "MAX_PAGE_EDGES", 5)  # the grid has 8
    data = build_pdf(ruled_table(700, [HEADER, *ROWS], [120, 100, 100]))
    with pytest.raises(UnreadableError, match="第 1 页内容过多"):
        pdf.extract_pdf(data)


def test_diff_of_a_pdf_shows_no_change_and_exits_as_a_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = report_pdf(tmp_path)
    assert cli.main(["check", "--diff", "--no-progress", str(path)]) == 1  # ZL102 is an error
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "")
