"""The ``zhlint`` command: a thin layer over the library API."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from zhlint.baseline import BaselineError, load_baseline, write_baseline
from zhlint.config import YEARS, Config, ConfigError, load_config, with_overrides
from zhlint.diagnostics import Diagnostic, Severity
from zhlint.report import FORMATS
from zhlint.report.paths import printable
from zhlint.version import __version__

if TYPE_CHECKING:
    from zhlint.fix import FixResult
    from zhlint.read.source import Source

# The rules, the engine and the batch runner (which imports them) are imported inside the
# commands that need them: compiling every rule's patterns costs more than the rest of start-up,
# and `zhlint --version`, `zhlint lsp` (until the first document) and usage errors need none.

EXIT_CLEAN, EXIT_FOUND, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: the reader went away (`zhlint check … | head`)


class UsageError(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zhlint", description="部门决算公开文档的规则检查工具 (linter for 部门决算 reports)"
    )
    parser.add_argument("--version", action="version", version=f"zhlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="检查报告文件或目录 (lint files and directories)")
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    check.add_argument("--format", choices=sorted(FORMATS), default="text")
    check.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="CODES",
        help="只运行这些规则（代码或前缀，逗号分隔）",
    )
    check.add_argument("--ignore", action="append", default=[], metavar="CODES", help="不运行这些规则")
    check.add_argument("--config", type=Path, metavar="FILE", help="配置文件（默认从被检查文件向上查找）")
    check.add_argument("--year", type=_year, help="报告年度（默认从封面读取）")
    check.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="跳过匹配的文件")
    check.add_argument("--output", "-o", type=Path, metavar="FILE", help="写到文件而不是标准输出")
    _add_check_run_options(check)

    commands.add_parser("rules", help="列出全部规则 (list every rule)")
    explain = commands.add_parser("explain", help="说明一条规则 (explain a rule)")
    explain.add_argument("code", metavar="CODE")
    lsp = commands.add_parser("lsp", help="启动语言服务器 (language server over stdio; needs zhlint[lsp])")
    lsp.add_argument("--stdio", action="store_true", help="使用标准输入输出（默认，也是唯一的方式）")
    tables = commands.add_parser("tables", help="显示识别出的标准表 (show the recognised tables)")
    tables.add_argument("paths", nargs="+", type=Path, metavar="FILE")
    claims = commands.add_parser("claims", help="显示从正文读出的陈述 (show the claims read from the prose)")
    claims.add_argument("paths", nargs="+", type=Path, metavar="FILE")
    _add_extract_parser(commands)
    return parser


def _add_extract_parser(commands: Any) -> None:
    extract = commands.add_parser(
        "extract", help="输出从 PDF 读出、被检查的文本 (print the text zhlint lints; needs zhlint[pdf])"
    )
    extract.add_argument("path", type=Path, metavar="FILE")
    extract.add_argument("--output", "-o", type=Path, metavar="FILE", help="写到文件而不是标准输出")


def run_extract(path: Path, output: Path | None, out: TextIO) -> int:
    """`zhlint extract FILE [-o OUT]`: the text zhlint lints, in the corpus text format.

    ``zhlint check`` on it gives the findings of ``zhlint check FILE`` (lines and columns the same;
    only the pages are gone). The output is written at once, never over the input.
    """
    from zhlint.engine import read_source
    from zhlint.read.source import UnreadableError
    from zhlint.writeback import write_new_content

    _check_accessible(path)
    if output is not None:
        _refuse_unusable_output(output)
        if output.exists() and _same_file(output, path):
            raise UsageError(f"输出文件 {output} 就是输入文件，不能覆盖")
    try:
        text = read_source(path).text
    except UnreadableError as error:
        raise UsageError(f"无法读取 {path}: {error}") from None
    if output is None:
        out.write(text)
        return EXIT_CLEAN
    try:
        write_new_content(output, text.encode("utf-8"))
    except OSError as error:
        raise UsageError(f"无法写输出文件 {output}: {error.strerror or error}") from None
    return EXIT_CLEAN


def run_lsp() -> int:
    """Start the language server; pygls is imported only here so the CLI works without it."""
    try:
        from zhlint.lsp import serve
    except ImportError as error:
        sys.stderr.write(
            "zhlint: 语言服务器需要可选依赖 pygls 和 lsprotocol，请安装: pip install 'zhlint[lsp]'"
            f" ({error})\n"
        )
        return EXIT_USAGE
    return serve()


def _add_check_run_options(check: argparse.ArgumentParser) -> None:
    """Fixing, baselines and batch runs (see docs/usage.md)."""
    check.add_argument("--fix", action="store_true", help="自动修复安全的问题并写回文件，再报告剩余问题")
    check.add_argument("--diff", action="store_true", help="只打印 --fix 会做的修改（统一差异），不写文件")
    check.add_argument("--baseline", type=Path, metavar="FILE", help="只报告基线文件中没有的新问题")
    check.add_argument("--write-baseline", type=Path, metavar="FILE", help="把当前全部问题记录为基线文件")
    check.add_argument(
        "--jobs",
        "-j",
        type=_positive_int,
        default=None,
        metavar="N",
        help="并行进程数（默认为 CPU 核数；1 = 不开子进程）",
    )
    check.add_argument("--statistics", action="store_true", help="只按规则统计问题数（代码、名称、数量）")
    check.add_argument("--no-progress", action="store_true", help="不显示进度条（默认仅终端且文件多时显示）")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不是整数: {text}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"至少为 1: {text}")
    return value


def _year(text: str) -> int:
    # Four ASCII digits: int() would also take `2_023`, `02023` and `٢٠٢٣` (Arabic-Indic digits).
    if not (len(text) == 4 and text.isascii() and text.isdigit()):
        raise argparse.ArgumentTypeError(f"应是四位数字的年份: {text}")
    value = int(text)
    if value not in YEARS:
        raise argparse.ArgumentTypeError(f"应是 {YEARS.start}–{YEARS.stop - 1} 之间的四位年份: {text}")
    return value


def _codes(values: Sequence[str]) -> list[str]:
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def _base_config(args: argparse.Namespace) -> Config | None:
    """The --config file with command-line overrides, or None to search per file."""
    if args.config is None:
        return None
    if not args.config.is_file():
        raise UsageError(f"配置文件不存在: {args.config}")
    return load_config(args.config)


def _config_for(path: Path, base: Config | None, args: argparse.Namespace) -> Config:
    from zhlint.engine import config_for

    config = base if base is not None else config_for(path)
    config = with_overrides(config, select=_codes(args.select), ignore=_codes(args.ignore), year=args.year)
    if args.exclude:
        import attrs

        config = attrs.evolve(config, exclude=config.exclude + tuple(args.exclude))
    return config


def run_check(args: argparse.Namespace, out: TextIO) -> int:
    from zhlint.batch import Progress, default_jobs, fix_task, lint_task, preview_fix_task, run_all
    from zhlint.engine import iter_report_files

    base = _base_config(args)
    _validate_check_options(args)
    for path in args.paths:
        _check_accessible(path)
    # Validate the overrides once up front so that a typo in --select is a usage error.
    with_overrides(Config(), select=_codes(args.select), ignore=_codes(args.ignore), year=args.year)
    probe = _config_for(args.paths[0], base, args)
    tasks = [(path, _config_for(path, base, args)) for path in iter_report_files(args.paths, probe)]
    checked = [path for path, _ in tasks]
    if args.output is not None:
        _refuse_output_among_inputs(args.output, args.paths, checked, probe)
    if args.write_baseline is not None:
        _refuse_output_among_inputs(args.write_baseline, args.paths, checked, probe, "--write-baseline")
    progress = None if args.no_progress else Progress.for_stream(len(tasks), sys.stderr)
    jobs = args.jobs or default_jobs()
    if args.diff:
        return _run_diff(args, run_all(preview_fix_task, tasks, jobs, progress), out)
    fixed: list[FixResult] = []
    if args.fix:
        fixed = run_all(fix_task, tasks, jobs, progress)
        diagnostics = [diagnostic for result in fixed for diagnostic in result.diagnostics]
    else:
        diagnostics = [item for found in run_all(lint_task, tasks, jobs, progress) for item in found]
    if args.write_baseline is not None:
        return _write_baseline(args.write_baseline, diagnostics)
    if args.baseline is not None:
        diagnostics = load_baseline(args.baseline).new_only(diagnostics)
    _write_report(args, diagnostics, len(tasks), out)
    return _report_fixes(args, fixed, out) or exit_status(diagnostics)


def _check_accessible(path: Path) -> None:
    """A named path that is missing, or that cannot even be looked up, is a usage error."""
    try:
        os.stat(path)
    except FileNotFoundError:
        raise UsageError(f"路径不存在: {path}") from None
    except PermissionError:
        raise UsageError(f"无法访问 {path}: 没有权限（上级目录不可进入）") from None
    except OSError as error:
        raise UsageError(f"无法访问 {path}: {error.strerror or error}") from None


def _refuse_output_among_inputs(
    output: Path, inputs: Sequence[Path], files: Sequence[Path], config: Config, option: str = "-o"
) -> None:
    """``-o`` (or ``--write-baseline``) may not name a file being checked, nor one that a later run
    of the same command would check (a report file inside a checked directory): it would be linted."""
    if output.exists() and any(_same_file(output, path) for path in files):
        raise UsageError(f"输出文件 {output} 也是被检查的文件，不能用 {option} 覆盖输入")
    for directory in inputs:
        if directory.is_dir() and _would_be_checked(output, directory, config):
            raise UsageError(
                f"输出文件 {output} 在被检查的目录 {directory} 中，会被当作报告检查；"
                "请写到目录之外，或换一个扩展名"
            )


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


def _would_be_checked(output: Path, directory: Path, config: Config) -> bool:
    """What ``iter_report_files`` would yield for ``output`` were it there."""
    from zhlint.engine import REPORT_SUFFIXES

    try:
        inside = output.resolve().relative_to(directory.resolve())
    except ValueError:
        return False
    hidden = any(part.startswith(".") or part == "__pycache__" for part in inside.parent.parts)
    candidate = directory / inside
    return output.suffix.lower() in REPORT_SUFFIXES and not hidden and not config.excluded(candidate)


def _validate_check_options(args: argparse.Namespace) -> None:
    if args.select and not _codes(args.select):
        # `--select ""` (an empty shell variable) would otherwise silently mean "every rule".
        raise UsageError("--select 为空，不会检查任何规则（全部规则: --select ALL）")
    if args.statistics and args.format not in ("text", "json"):
        raise UsageError("--statistics 只能与 --format text 或 json 一起使用")
    if args.baseline is not None and args.write_baseline is not None:
        raise UsageError("--baseline 与 --write-baseline 不能同时使用")
    if args.diff and (args.statistics or args.write_baseline is not None):
        raise UsageError("--diff 不能与 --statistics 或 --write-baseline 一起使用")
    if args.baseline is not None and not args.baseline.is_file():
        raise UsageError(f"基线文件不存在: {args.baseline}")


def _write_report(args: argparse.Namespace, diagnostics: list[Diagnostic], files: int, out: TextIO) -> None:
    from zhlint.batch import count_by_rule, format_counts, rule_summary

    if args.statistics:
        counts = count_by_rule(diagnostics)
        if args.format == "json":
            out.write(json.dumps([item.to_json() for item in counts], ensure_ascii=False, indent=2) + "\n")
        else:
            out.write(format_counts(counts))
        return
    FORMATS[args.format](diagnostics, out, files)
    if args.format == "text" and diagnostics:
        out.write(rule_summary(diagnostics))


def _run_diff(args: argparse.Namespace, results: list[FixResult], out: TextIO) -> int:
    """--diff: the changes --fix would make; the exit status is that of a plain check."""
    for result in results:
        out.write(printable(result.diff()))
        if result.error:
            for diagnostic in result.diagnostics:
                sys.stderr.write(printable(f"zhlint: {diagnostic.path}: {diagnostic.message}\n"))
    diagnostics = [diagnostic for result in results for diagnostic in result.initial]
    if args.baseline is not None:
        diagnostics = load_baseline(args.baseline).new_only(diagnostics)
    return exit_status(diagnostics)


def _report_fixes(args: argparse.Namespace, results: list[FixResult], out: TextIO) -> int:
    """Say what --fix did; returns EXIT_USAGE when a file could not be written back, else 0."""
    from zhlint.fix import total_applied

    failed = [result for result in results if result.error and result.error != "unreadable"]
    for result in failed:  # not fixed: changed meanwhile, read-only, owner not kept, write failed
        sys.stderr.write(printable(f"zhlint: {result.path}: {result.error}\n"))
    if not args.fix:
        return EXIT_CLEAN
    changed = sum(1 for result in results if result.written)
    message = f"已自动修复 {total_applied(results)} 处，改写了 {changed} 个文件。\n"
    (out if args.format == "text" and not args.statistics else sys.stderr).write(message)
    return EXIT_USAGE if failed else EXIT_CLEAN


def _write_baseline(destination: Path, diagnostics: list[Diagnostic]) -> int:
    try:
        recorded = write_baseline(destination, diagnostics)
    except OSError as error:
        raise UsageError(f"无法写基线文件 {destination}: {error.strerror or error}") from None
    sys.stderr.write(f"zhlint: 已把 {recorded} 个问题记录到基线文件 {destination}\n")
    unreadable = any(diagnostic.code == "ZL001" for diagnostic in diagnostics)
    return EXIT_USAGE if unreadable else EXIT_CLEAN


def exit_status(diagnostics: Sequence[Diagnostic]) -> int:
    """0 clean, 1 something at warning or above, 2 when an input could not be read at all."""
    if any(diagnostic.code == "ZL001" for diagnostic in diagnostics):
        return EXIT_USAGE
    if any(diagnostic.severity.rank >= Severity.WARNING.rank for diagnostic in diagnostics):
        return EXIT_FOUND
    return EXIT_CLEAN


def _read_sources(paths: Sequence[Path]) -> Iterator[tuple[Path, Source]]:
    """The files named on the command line of a debug command; an unreadable one is a usage error."""
    from zhlint.engine import read_source
    from zhlint.read.source import UnreadableError

    for path in paths:
        try:
            yield path, read_source(path)
        except UnreadableError as error:
            raise UsageError(f"无法读取 {path}: {error}") from error


def run_tables(paths: Sequence[Path], out: TextIO) -> int:
    """`zhlint tables FILE…`: what table recognition read, for each file."""
    from zhlint.engine import config_for
    from zhlint.show import describe

    for path, source in _read_sources(paths):
        out.write(describe(source, config_for(path)))
    return EXIT_CLEAN


def run_claims(paths: Sequence[Path], out: TextIO) -> int:
    """`zhlint claims FILE…`: the claims read from each file's prose, every number with line:column."""
    from zhlint.claims.extract import extract_claims, format_claims
    from zhlint.document.segment import segment

    for path, source in _read_sources(paths):
        out.write(f"# {path}\n{format_claims(extract_claims(segment(source)), source)}")
    return EXIT_CLEAN


def run_rules(out: TextIO) -> int:
    from zhlint.rules import registered_rules

    for registered in registered_rules():
        meta = registered.meta
        fix = " (fix)" if meta.fixable else ""
        out.write(f"{meta.code}  {meta.name:<32} {meta.severity.value:<8}{meta.summary}{fix}\n")
    return EXIT_CLEAN


def explain_text(code: str) -> str | None:
    from zhlint.rules import find_rule

    registered = find_rule(code)
    if registered is None:
        return None
    meta = registered.meta
    kinds = f"只用于{meta.kinds_text}，其他类型的报告不运行\n\n" if meta.kinds_text else ""
    if not meta.on_templates:
        kinds += "不用于空白模板（封面单位名为 XX 之类的占位符）\n\n"
    return (
        f"{meta.code} {meta.name} ({meta.severity.value})\n\n{meta.summary}\n\n{kinds}"
        f"{_dedent(meta.explanation)}\n\n"
        f"错误示例 (bad):\n    {meta.bad}\n\n正确示例 (good):\n    {meta.good}\n"
    )


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text).strip()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        if args.command == "lsp":
            return run_lsp()
        if args.command == "tables":
            return run_tables(args.paths, sys.stdout)
        if args.command == "claims":
            return run_claims(args.paths, sys.stdout)
        if args.command == "rules":
            return run_rules(sys.stdout)
        if args.command == "extract":
            return run_extract(args.path, args.output, sys.stdout)
        if args.command == "explain":
            text = explain_text(args.code)
            if text is None:
                raise UsageError(f"没有这条规则: {args.code}（`zhlint rules` 列出全部规则）")
            sys.stdout.write(text)
            return EXIT_CLEAN
        if args.output is not None:
            return _check_into_file(args, args.output)
        return run_check(args, sys.stdout)
    except (UsageError, ConfigError, BaselineError) as error:
        sys.stderr.write(printable(f"zhlint: {error}\n"))
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("\nzhlint: 已中断\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return _reader_gone()


def _check_into_file(args: argparse.Namespace, output: Path) -> int:
    """``-o FILE``: the report is built in memory and written at once after the lint, so a failed
    or interrupted run leaves the file as it was."""
    from zhlint.writeback import write_new_content

    _refuse_unusable_output(output)
    report = io.StringIO()
    status = run_check(args, report)
    try:
        write_new_content(output, printable(report.getvalue()).encode("utf-8"))
    except OSError as error:
        raise UsageError(f"无法写输出文件 {output}: {error.strerror or error}") from None
    return status


def _refuse_unusable_output(output: Path) -> None:
    """Before linting: an output in a directory that does not exist fails now, not after."""
    try:
        if output.is_dir():
            raise UsageError(f"输出路径是一个目录: {output}")
        directory = output.resolve().parent
        if not directory.is_dir():
            raise UsageError(f"输出文件所在的目录不存在: {directory}")
    except OSError as error:
        raise UsageError(f"无法使用输出文件 {output}: {error.strerror or error}") from None


def _reader_gone() -> int:
    """Stop quietly when the program reading the output has exited (as ``head`` does).

    Python would otherwise print a second BrokenPipeError while flushing stdout at exit; pointing
    stdout at devnull lets that flush succeed (the recipe in the ``signal`` module's docs).
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_BROKEN_PIPE


if __name__ == "__main__":
    sys.exit(main())
