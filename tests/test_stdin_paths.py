"""Standard input (`zhlint check -`) and paths relative to the configuration file (issue 15, items 5, 6)."""

from __future__ import annotations

import contextlib
import io
import json
import sys
from pathlib import Path
from unittest import mock

import pytest

from zhlint.cli import main

COVER = "2023年度 株洲市测试中心 部门决算\n\n"
WRONG_YEAR = COVER + "一、部门概况\n纳入2022年部门整体支出绩效目标。\n"


def _run(*args: str, stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    fake_stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        mock.patch.object(sys, "stdin", fake_stdin),
    ):
        try:
            status = main(list(args))
        except SystemExit as exit_info:
            status = int(exit_info.code or 0)
    return status, out.getvalue(), err.getvalue()


def test_stdin_is_checked_with_its_excerpt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, _ = _run("check", "--no-progress", "-", stdin=WRONG_YEAR.encode("utf-8"))
    assert status == 1
    assert "-:4:3: ZL401" in out
    assert "4 | 纳入2022年部门整体支出绩效目标。" in out  # the excerpt, from what was read


def test_stdin_filename_names_the_file_and_finds_its_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "zhlint.toml").write_text('ignore = ["ZL401"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    data = WRONG_YEAR.encode("gb18030")  # decoded as a file is
    status, out, _ = _run("check", "--format", "json", "-", stdin=data)
    assert status == 1 and json.loads(out)[0]["path"] == "-"
    status, out, _ = _run("check", "--format", "json", "--stdin-filename", "cfg/r.txt", "-", stdin=data)
    assert status == 0 and json.loads(out) == []  # cfg/zhlint.toml applied


def test_stdin_force_exclude_and_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "zhlint.toml").write_text('exclude = ["drafts/*"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    data = WRONG_YEAR.encode("utf-8")
    named = ("check", "--format", "json", "--stdin-filename", "drafts/r.txt", "-")
    assert _run(*named, stdin=data)[0] == 1  # named, so checked
    status, out, _ = _run("check", "--force-exclude", *named[1:], stdin=data)
    assert (status, json.loads(out)) == (0, [])
    assert _run("check", "-", "other.txt", stdin=data)[0] == 2
    assert _run("check", "--fix", "-", stdin=data)[0] == 2
    status, out, _ = _run("check", "--format", "json", "-", stdin=b"%PDF\x00\x01\x02\x03\xff\xfe" * 10)
    assert status == 2 and json.loads(out)[0]["code"] == "ZL001"


def test_stdin_filename_without_stdin_is_a_usage_error(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(WRONG_YEAR, encoding="utf-8")
    assert _run("check", "--stdin-filename", "x.txt", str(report))[0] == 2


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """cfg/zhlint.toml excluding drafts/ and ignoring ZL401 in old/; a report in each place."""
    cfg = tmp_path / "cfg"
    for folder in ("drafts", "old", "final"):
        (cfg / folder).mkdir(parents=True)
        (cfg / folder / "r.txt").write_text(WRONG_YEAR, encoding="utf-8")
    (cfg / "zhlint.toml").write_text(
        'exclude = ["drafts/*"]\n[per-file-ignores]\n"old/*" = ["ZL401"]\n', encoding="utf-8"
    )
    return tmp_path


def _checked(out: str) -> list[str]:
    return sorted(Path(item["path"]).parent.name for item in json.loads(out))


@pytest.mark.parametrize("where", ["cfg", "root", "elsewhere"])
def test_exclude_is_relative_to_the_config_file(
    project: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    cfg = project / "cfg"
    target = {"cfg": ".", "root": "cfg", "elsewhere": str(cfg)}[where]
    (project / "elsewhere").mkdir()
    monkeypatch.chdir({"cfg": cfg, "root": project, "elsewhere": project / "elsewhere"}[where])
    status, out, _ = _run("check", "--format", "json", "--no-progress", target)
    assert status == 1
    assert _checked(out) == ["final"]  # drafts/ excluded, ZL401 ignored in old/, from every directory


def test_a_named_file_is_checked_unless_force_exclude(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project / "cfg")
    status, out, _ = _run("check", "--format", "json", "drafts/r.txt")
    assert status == 1 and _checked(out) == ["drafts"]
    status, out, err = _run("check", "--format", "json", "--force-exclude", "drafts/r.txt")
    assert (status, json.loads(out)) == (0, [])
    assert "--force-exclude" in err  # not silently nothing


def test_each_named_directory_is_excluded_by_its_own_config(tmp_path: Path) -> None:
    for name in ("first", "second"):
        (tmp_path / name / "drafts").mkdir(parents=True)
        (tmp_path / name / "zhlint.toml").write_text('exclude = ["drafts/*"]\n', encoding="utf-8")
        (tmp_path / name / "drafts" / "r.txt").write_text(WRONG_YEAR, encoding="utf-8")
        (tmp_path / name / "r.txt").write_text(WRONG_YEAR, encoding="utf-8")
    status, out, _ = _run("check", "--format", "json", str(tmp_path / "first"), str(tmp_path / "second"))
    assert status == 1
    assert sorted(Path(item["path"]).parent.name for item in json.loads(out)) == ["first", "second"]
