"""The command line contract: exit statuses 0/1/2, the JSON keys, SARIF 2.1.0, never a traceback."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

import jsonschema  # type: ignore[import-untyped,unused-ignore]
import pytest

from zhlint.cli import main

DATA = Path(__file__).parent / "data"
CORPUS = Path(__file__).parent / "corpus"
COVER = "2023年度 株洲市测试中心 部门决算\n\n"
CLEAN = COVER + "一、部门概况\n本单位主要职责是开展测试工作。\n"
INFO_ONLY = COVER + "一、部门概况\n截止2023年12月31日，本单位共有车辆2辆。\n"
DEFECTS = (
    COVER + "一、部门概况\n"
    "纳入2022年部门整体支出绩效目标。\n"
    "决算数大于（小于）年初预算数的主要原因是增加了人员。\n"
    "推进长株潭长株潭一体化发展，截止2023年12月31日，本单位共有车辆2辆。\n"
)
JSON_KEYS = {"path", "line", "column", "end_line", "end_column", "code", "name", "severity", "message"}
JSON_KEYS |= {"related", "fix"}


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(list(args))
        except SystemExit as exit_info:  # argparse reports usage errors this way
            status = int(exit_info.code or 0)
    return status, out.getvalue(), err.getvalue()


def _zhlint(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in a child process, as a user or CI runs it."""
    return subprocess.run(
        [sys.executable, "-m", "zhlint.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    made = {
        "clean": (CLEAN.encode("utf-8"), "clean.txt"),
        "info": (INFO_ONLY.encode("utf-8"), "info.txt"),
        "defects": (DEFECTS.encode("utf-8"), "defects.txt"),
        "gb18030": (DEFECTS.encode("gb18030"), "gb.txt"),
        "gb18030_clean": (CLEAN.encode("gb18030"), "gb_clean.txt"),
        "empty": (b"", "empty.txt"),
        "blank": (b" \n\n\t\n", "blank.txt"),
        "binary": (b"%PDF-1.7\n\x00\x01\x02\x03binary\xff\xfe", "scan.txt"),
        "undecodable": (bytes(range(128, 256)) * 4, "garbage.txt"),
    }
    paths = {}
    for key, (data, name) in made.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths[key] = path
    return paths


# Exit statuses ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "status"),
    [
        ("clean", 0),
        ("gb18030_clean", 0),
        ("info", 0),  # info only: nothing at warning or above
        ("defects", 1),
        ("gb18030", 1),
        ("empty", 1),  # ZL002 empty-document is a warning
        ("blank", 1),
        ("binary", 2),  # could not be read at all
        ("undecodable", 2),
    ],
)
def test_exit_status_per_file(files: dict[str, Path], key: str, status: int) -> None:
    code, out, err = _run("check", str(files[key]))
    assert code == status
    assert "Traceback" not in out + err


def test_gb18030_file_is_read_and_positioned(files: dict[str, Path]) -> None:
    _, out, _ = _run("check", "--format", "json", str(files["gb18030"]))
    _, utf8, _ = _run("check", "--format", "json", str(files["defects"]))
    strip = [{k: v for k, v in d.items() if k != "path"} for d in json.loads(out)]
    assert strip == [{k: v for k, v in d.items() if k != "path"} for d in json.loads(utf8)]
    assert {d["code"] for d in json.loads(out)} >= {"ZL401", "ZL601", "ZL602", "ZL603"}


def test_binary_file_gets_one_readable_diagnostic(files: dict[str, Path]) -> None:
    status, out, _ = _run("check", "--format", "json", str(files["binary"]))
    found = json.loads(out)
    assert status == 2 and [d["code"] for d in found] == ["ZL001"]
    assert "二进制" in found[0]["message"]


def test_directory_mixing_good_and_bad_files(tmp_path: Path, files: dict[str, Path]) -> None:
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    for key in ("clean", "defects", "gb18030", "info"):
        (mixed / files[key].name).write_bytes(files[key].read_bytes())
    assert _run("check", str(mixed))[0] == 1
    (mixed / "scan.txt").write_bytes(files["binary"].read_bytes())
    status, out, _ = _run("check", "--format", "json", str(mixed))
    assert status == 2  # one input could not be read at all
    assert {Path(d["path"]).name for d in json.loads(out)} >= {"defects.txt", "gb.txt", "scan.txt"}
    (mixed / "scan.txt").unlink()
    for key in ("defects", "gb18030"):
        (mixed / files[key].name).unlink()
    assert _run("check", str(mixed))[0] == 0


@pytest.mark.parametrize(
    "args",
    [
        ["check", "does-not-exist.txt"],
        ["check", "--select", "ZL999x", "."],
        ["check", "--config", "missing.toml", "."],
        ["check", "--format", "xml", "."],
        ["check", "--jobs", "0", "."],
        ["check"],
        ["explain", "ZL000"],
        ["no-such-command"],
        [],
    ],
)
def test_usage_errors_exit_2(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, err = _run(*args)
    assert status == 2
    assert "Traceback" not in out + err


def test_the_real_command_never_shows_a_traceback(tmp_path: Path, files: dict[str, Path]) -> None:
    for args, status in [
        ((str(tmp_path),), 2),  # the directory holds the binary and undecodable files
        ((str(files["clean"]),), 0),
        ((str(files["defects"]), "--format", "sarif"), 1),
        (("missing.txt",), 2),
        ((str(files["empty"]), "--jobs", "2", "--statistics"), 1),
    ]:
        result = _zhlint("check", *args, cwd=tmp_path)
        assert result.returncode == status, result.stderr
        assert "Traceback" not in result.stdout + result.stderr


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    """`zhlint check … | head -1`: the pipe closes while zhlint still writes."""
    with subprocess.Popen(
        [sys.executable, "-m", "zhlint.cli", "check", str(CORPUS), "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        assert child.stdout.read(10).startswith(b"[")
        child.stdout.close()  # the reader goes away, as `head` does
        errors = child.stderr.read().decode("utf-8")
        status = child.wait(timeout=120)
    assert status == 141, errors
    assert errors == ""


# Formats ---------------------------------------------------------------------------------------


def test_json_is_one_array_with_the_contract_keys(files: dict[str, Path]) -> None:
    _, out, _ = _run("check", "--format", "json", str(files["defects"]), str(files["binary"]))
    found = json.loads(out)
    assert isinstance(found, list) and len(found) >= 5
    for item in found:
        assert set(item) == JSON_KEYS
        assert item["severity"] in {"error", "warning", "info"}
        assert isinstance(item["related"], list)
        assert item["fix"] is None or set(item["fix"]) == {
            "line", "column", "end_line", "end_column", "replacement",
        }  # fmt: skip


def test_json_of_a_clean_file_is_an_empty_array(files: dict[str, Path]) -> None:
    assert _run("check", "--format", "json", str(files["clean"]))[1].strip() == "[]"


def _sarif_validator() -> jsonschema.protocols.Validator:
    from tests.sarif_schema import sarif_validator  # the schema's language pattern made readable by re

    return sarif_validator()


def test_sarif_schema_is_the_official_one() -> None:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["$id"].endswith("oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json")
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]
    assert len(schema["definitions"]) == 52


@pytest.mark.parametrize("keys", [("defects", "binary", "info"), ("clean",)])
def test_sarif_output_validates_against_the_schema(files: dict[str, Path], keys: tuple[str, ...]) -> None:
    _, out, _ = _run("check", "--format", "sarif", *(str(files[key]) for key in keys))
    log = json.loads(out)
    errors = sorted(_sarif_validator().iter_errors(log), key=lambda e: list(e.path))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_sarif_of_the_corpus_validates_and_carries_fixes() -> None:
    _, out, _ = _run("check", "--format", "sarif", str(CORPUS))
    log = json.loads(out)
    assert list(_sarif_validator().iter_errors(log)) == []
    results = log["runs"][0]["results"]
    assert results and any("fixes" in result for result in results)


def test_github_format_is_one_command_a_diagnostic(files: dict[str, Path]) -> None:
    _, json_out, _ = _run("check", "--format", "json", str(files["defects"]))
    status, out, _ = _run("check", "--format", "github", str(files["defects"]))
    lines = out.splitlines()
    assert status == 1 and len(lines) == len(json.loads(json_out))
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)


def test_text_format_shows_place_code_and_summary(files: dict[str, Path]) -> None:
    status, out, _ = _run("check", str(files["defects"]))
    assert status == 1
    assert f"{files['defects']}:4:3: ZL401" in out
    assert "检查了 1 个文件" in out and "按规则统计" in out


def test_output_option_writes_to_a_file(files: dict[str, Path], tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    status, out, _ = _run("check", "--format", "json", "-o", str(target), str(files["defects"]))
    assert status == 1 and out == ""
    assert {d["code"] for d in json.loads(target.read_text(encoding="utf-8"))} >= {"ZL401"}


def test_fix_and_diff_exit_statuses(files: dict[str, Path]) -> None:
    info = files["info"]
    assert _run("check", "--diff", str(info))[0] == 0  # info only, as for check
    assert _run("check", "--fix", str(info))[0] == 0
    assert "截至2023年" in info.read_text(encoding="utf-8")
    assert _run("check", "--diff", str(files["binary"]))[0] == 2
    assert _run("check", "--fix", str(files["binary"]))[0] == 2
    assert _run("check", "--diff", "--statistics", str(info))[0] == 2
