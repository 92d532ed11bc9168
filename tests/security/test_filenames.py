"""File names that are not UTF-8 (issue 11, item 7): every format stays valid UTF-8.

The rule (zhlint/report/paths.py): a byte that is not UTF-8 is shown as ``\\xff``; in a SARIF URI
it is percent-encoded as the raw byte, ``%FF``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from zhlint.cli import main

RAW_NAME = b"r\xff.txt"
SHOWN_NAME = "r\\xff.txt"
REPORT = "2023年度 株洲市测试中心 部门决算\n\n一、部门概况\n本年支出合计526. 36万元，截止2023年底。\n"
FORMATS = ["text", "json", "sarif", "github"]
TIMEOUT = 60


@pytest.fixture
def odd_name(tmp_path: Path) -> Path:
    path = tmp_path / os.fsdecode(RAW_NAME)
    path.write_text(REPORT, encoding="utf-8")
    return path


def _zhlint(args: list[str], cwd: Path, **environment: str) -> subprocess.CompletedProcess[bytes]:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONIOENCODING", "LC_ALL")}
    env.update(environment)
    command = [sys.executable, "-m", "zhlint.cli", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, timeout=TIMEOUT, check=False)


def _check_output(output: bytes, form: str, absolute: bool) -> None:
    text = output.decode("utf-8")  # strict: raises on any invalid byte
    if form == "json":
        assert {item["path"].rsplit("/", 1)[-1] for item in json.loads(text)} == {SHOWN_NAME}
    elif form == "sarif":
        log = json.loads(text)
        from tests.sarif_schema import sarif_validator  # the schema's language pattern made readable by re

        assert list(sarif_validator().iter_errors(log)) == []
        uris = {
            location["physicalLocation"]["artifactLocation"]["uri"]
            for result in log["runs"][0]["results"]
            for location in result["locations"]
        }
        (uri,) = uris
        assert uri.startswith("file:///") if absolute else uri == "r%FF.txt"
        assert uri.endswith("/r%FF.txt") or uri == "r%FF.txt"
    else:
        assert SHOWN_NAME in text and text.count("\n") >= 1


@pytest.mark.parametrize("form", FORMATS)
@pytest.mark.parametrize("absolute", [False, True], ids=["relative", "absolute"])
def test_every_format_on_a_strict_utf8_stdout(odd_name: Path, form: str, absolute: bool) -> None:
    name = str(odd_name) if absolute else odd_name.name
    run = _zhlint(["check", "--format", form, name], odd_name.parent, PYTHONIOENCODING="utf-8:strict")
    assert run.returncode in (0, 1) and b"Traceback" not in run.stderr, run.stderr.decode(errors="replace")
    _check_output(run.stdout, form, absolute)


@pytest.mark.parametrize("form", FORMATS)
def test_every_format_in_the_c_locale(odd_name: Path, form: str) -> None:
    """There stdout escapes surrogates back to raw bytes: JSON would hold invalid UTF-8."""
    run = _zhlint(["check", "--format", form, odd_name.name], odd_name.parent, LC_ALL="C")
    assert run.returncode in (0, 1), run.stderr.decode(errors="replace")
    _check_output(run.stdout, form, absolute=False)


@pytest.mark.parametrize("form", FORMATS)
def test_every_format_into_an_output_file(odd_name: Path, form: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(odd_name.parent)
    output = odd_name.parent / "out" / f"report.{form}"
    output.parent.mkdir()
    assert main(["check", "--format", form, "-o", str(output), odd_name.name]) in (0, 1)
    _check_output(output.read_bytes(), form, absolute=False)


def test_output_file_through_a_strict_subprocess(odd_name: Path) -> None:
    run = _zhlint(
        ["check", "--format", "sarif", "-o", "out.sarif", odd_name.name],
        odd_name.parent,
        PYTHONIOENCODING="utf-8:strict",
    )
    assert run.returncode in (0, 1), run.stderr.decode(errors="replace")
    _check_output((odd_name.parent / "out.sarif").read_bytes(), "sarif", absolute=False)


def test_diff_and_fix_messages_on_a_strict_stdout(odd_name: Path) -> None:
    environment = {"PYTHONIOENCODING": "utf-8:strict"}
    diff = _zhlint(["check", "--diff", odd_name.name], odd_name.parent, **environment)
    assert diff.returncode in (0, 1) and f"+++ b/{SHOWN_NAME}".encode() in diff.stdout
    odd_name.chmod(0o444)  # --fix refuses it, and says so on stderr, naming the file
    fix = _zhlint(["check", "--fix", odd_name.name], odd_name.parent, **environment)
    assert fix.returncode == 2 and SHOWN_NAME.encode() in fix.stderr
    assert b"Traceback" not in fix.stderr
    fix.stderr.decode("utf-8")


def test_the_path_rules() -> None:
    from zhlint.report.paths import path_uri, printable

    assert printable("报告/2023 示例.txt") == "报告/2023 示例.txt"
    assert printable(os.fsdecode(b"\xb2\xe2\xca\xd4.txt")) == "\\xb2\\xe2\\xca\\xd4.txt"  # GBK 测试
    assert path_uri(os.fsdecode(b"a b/r\xff.txt")) == "a%20b/r%FF.txt"
    assert path_uri(os.fsdecode(b"/srv/r\xff.txt")) == "file:///srv/r%FF.txt"
    assert path_uri("reports/2023 示例.txt") == "reports/2023%20%E7%A4%BA%E4%BE%8B.txt"
