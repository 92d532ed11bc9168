"""``--fix`` does not write through a symbolic link that the walk found and that leads outside the
checked paths (round 2 security review): ``pr/report.txt -> ../outside/private.txt`` in a pull
request had ``zhlint check --fix pr`` rewrite ``outside/private.txt``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from zhlint.cli import main

# A fixable defect (a space inside an amount): --fix would change the text.
REPORT = "2023年度 株洲市测试中心 部门决算\n\n一、部门概况\n本年支出合计526. 36万元。\n"


def _tree(tmp_path: Path) -> tuple[Path, Path, Path]:
    outside = tmp_path / "outside" / "private.txt"
    outside.parent.mkdir()
    outside.write_text(REPORT, encoding="utf-8")
    checked = tmp_path / "pr"
    checked.mkdir()
    link = checked / "report.txt"
    link.symlink_to(Path("..") / "outside" / "private.txt")
    return checked, link, outside


def test_the_fix_preview_changes_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The premise: without the link, the report would be rewritten."""
    checked, _, outside = _tree(tmp_path)
    main(["check", "--no-progress", "-j1", "--diff", str(checked)])
    assert "526.36" in capsys.readouterr().out  # --diff still shows what a fix would do
    assert outside.read_text(encoding="utf-8") == REPORT


def test_a_walked_link_to_outside_the_checked_paths_is_not_fixed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    checked, link, outside = _tree(tmp_path)
    assert main(["check", "--no-progress", "-j1", "--fix", str(checked)]) == 2
    err = capsys.readouterr().err
    assert str(link) in err and "符号链接" in err and "Traceback" not in err
    assert outside.read_text(encoding="utf-8") == REPORT
    assert link.is_symlink()


def test_a_walked_link_inside_the_checked_paths_is_fixed(tmp_path: Path) -> None:
    checked, link, outside = _tree(tmp_path)
    assert main(["check", "--no-progress", "-j1", "--fix", str(checked), str(outside.parent)]) != 2
    assert "526.36" in outside.read_text(encoding="utf-8")
    assert link.is_symlink()


def test_a_link_named_on_the_command_line_is_fixed(tmp_path: Path) -> None:
    _, link, outside = _tree(tmp_path)
    main(["check", "--no-progress", "-j1", "--fix", str(link)])
    assert "526.36" in outside.read_text(encoding="utf-8")
    assert link.is_symlink()
