"""``-o FILE`` never destroys data (issue 11, item 3).

The report is written at once after the lint; an output that is an input, or that a checked
directory would lint, is refused; a missing directory is one line and exit status 2.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from zhlint.cli import main

# Twenty findings, all at info level (exit status 0).
REPORT = "2023年度 株洲市测试中心 部门决算\n\n一、部门概况\n本年支出合计526. 36万元。\n" * 20


def _report(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(REPORT, encoding="utf-8")
    return path


def _only_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_an_output_that_is_an_input_is_refused_and_the_input_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _report(tmp_path / "r.txt")
    assert main(["check", "-o", str(path), str(path)]) == 2
    assert "不能用 -o 覆盖输入" in _only_line(capsys.readouterr().err)
    assert path.read_text(encoding="utf-8") == REPORT


def test_an_output_linked_to_an_input_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _report(tmp_path / "reports" / "r.txt")
    hard, soft = tmp_path / "hard.json", tmp_path / "soft.json"
    os.link(path, hard)
    soft.symlink_to(path)
    for output in (hard, soft):
        assert main(["check", "--format", "json", "-o", str(output), str(path)]) == 2
        assert "覆盖输入" in _only_line(capsys.readouterr().err)
    assert path.read_text(encoding="utf-8") == REPORT


@pytest.mark.parametrize("name", ["out.txt", "sub/out.md", "new.TXT"])
def test_an_output_the_checked_directory_would_lint_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    _report(tmp_path / "tree" / "r.txt")
    (tmp_path / "tree" / "sub").mkdir()
    output = tmp_path / "tree" / name
    assert main(["check", "-o", str(output), str(tmp_path / "tree")]) == 2
    assert "被检查的目录" in _only_line(capsys.readouterr().err)
    assert not output.exists()


def test_an_output_in_the_checked_directory_that_would_not_be_linted_is_written(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    _report(tree / "r.txt")
    for output in (tree / "out.json", tree / ".hidden" / "out.txt"):
        output.parent.mkdir(exist_ok=True)
        assert main(["check", "--format", "json", "-o", str(output), str(tree)]) == 0
        assert {item["path"] for item in json.loads(output.read_text(encoding="utf-8"))} == {
            str(tree / "r.txt")
        }


def test_the_output_is_written_after_the_lint_in_one_piece(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _report(tmp_path / "r.txt")
    output = tmp_path / "out.json"
    output.write_text("the previous report\n", encoding="utf-8")
    seen_during_lint: list[str] = []

    import zhlint.batch

    real_lint = zhlint.batch.lint_task

    def lint_and_look(task: tuple[Path, object]) -> object:
        seen_during_lint.append(output.read_text(encoding="utf-8"))
        return real_lint(task)  # type: ignore[arg-type]

    monkeypatch.setattr(zhlint.batch, "lint_task", lint_and_look)
    assert main(["check", "--jobs", "1", "--format", "json", "-o", str(output), str(path)]) == 0
    assert seen_during_lint == ["the previous report\n"]
    assert json.loads(output.read_text(encoding="utf-8"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "r.txt"]  # no temporary file


def test_a_failed_run_leaves_the_previous_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _report(tmp_path / "r.txt")
    output = tmp_path / "out.json"
    output.write_text("the previous report\n", encoding="utf-8")
    import zhlint.batch

    def interrupted(task: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(zhlint.batch, "lint_task", interrupted)
    assert main(["check", "--jobs", "1", "-o", str(output), str(path)]) == 130
    assert output.read_text(encoding="utf-8") == "the previous report\n"


def test_an_output_in_a_missing_directory_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _report(tmp_path / "r.txt")
    assert main(["check", "-o", str(tmp_path / "missing" / "out.json"), str(path)]) == 2
    assert "目录不存在" in _only_line(capsys.readouterr().err)


def test_an_output_that_is_a_directory_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _report(tmp_path / "r.txt")
    assert main(["check", "-o", str(tmp_path), str(path)]) == 2
    assert "目录" in _only_line(capsys.readouterr().err)


def test_a_new_output_gets_the_usual_mode_and_an_old_one_keeps_its_mode(tmp_path: Path) -> None:
    path = _report(tmp_path / "r.txt")
    new, old = tmp_path / "new.json", tmp_path / "old.json"
    old.write_text("", encoding="utf-8")
    old.chmod(0o600)
    umask = os.umask(0o022)
    try:
        main(["check", "--format", "json", "-o", str(new), str(path)])
        main(["check", "--format", "json", "-o", str(old), str(path)])
    finally:
        os.umask(umask)
    assert (new.stat().st_mode & 0o777, old.stat().st_mode & 0o777) == (0o644, 0o600)


def test_a_baseline_over_an_input_is_refused_and_the_input_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _report(tmp_path / "r.txt")
    assert main(["check", "--write-baseline", str(path), str(path)]) == 2
    assert "不能用 --write-baseline 覆盖输入" in _only_line(capsys.readouterr().err)
    assert path.read_text(encoding="utf-8") == REPORT


def test_a_baseline_is_replaced_whole_and_keeps_its_mode(tmp_path: Path) -> None:
    path = _report(tmp_path / "r.txt")
    baseline = tmp_path / "zhlint-baseline.json"
    baseline.write_text("{}", encoding="utf-8")
    baseline.chmod(0o600)
    inode = baseline.stat().st_ino
    assert main(["check", "--write-baseline", str(baseline), str(path)]) == 0
    written = json.loads(baseline.read_text(encoding="utf-8"))
    assert written["zhlint_baseline"] == 1 and len(written["findings"]) == 20
    assert baseline.stat().st_ino != inode  # a new file renamed into place, not rewritten in place
    assert baseline.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".zhlint-tmp")] == []
