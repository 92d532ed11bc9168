"""The ``zhlint`` command: a thin layer over the library API."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from zhlint.baseline import Baseline, BaselineError, load_baseline, write_baseline
from zhlint.config import YEARS, Config, ConfigError, load_config, with_overrides
from zhlint.diagnostics import Diagnostic, Severity, former_codes
from zhlint.report import FORMATS, REVIEW_FORMATS, STREAMED
from zhlint.report.paths import printable
from zhlint.version import __version__

if TYPE_CHECKING:
    from zhlint.batch import Progress, Task
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


class _Parser(argparse.ArgumentParser):
    """Long options are never abbreviated (`--form` is not `--format`: a typo, or an option of a
    later version, must not silently mean another); a usage error is one line on standard error."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_abbrev"] = False  # subparsers are built by this class too
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, printable(f"{self.prog}: {message}（{self.prog} --help 查看用法）\n"))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="zhlint", description="部门决算公开文档的规则检查工具 (linter for 部门决算 reports)"
    )
    parser.add_argument("--version", action="version", version=f"zhlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="检查报告文件或目录 (lint files and directories)")
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    check.add_argument(
        "--format",
        "--output-format",  # ruff's name
        dest="format",
        choices=sorted({*FORMATS, *REVIEW_FORMATS}),
        default="text",
        metavar="FORMAT",
        help=f"输出格式: {'、'.join(sorted({*FORMATS, *REVIEW_FORMATS}))}（默认 text；--output-format 同义）",
    )
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
    _add_output_control_options(check)
    _add_check_run_options(check)
    _add_input_options(check)
    _add_across_options(check)

    commands.add_parser("rules", help="列出全部规则 (list every rule)")
    explain = commands.add_parser("explain", help="说明一条规则 (explain a rule)")
    explain.add_argument("code", metavar="CODE")
    lsp = commands.add_parser(
        "lsp", help="启动语言服务器 (language server over stdio; needs zhlint-fiscal[lsp])"
    )
    lsp.add_argument("--stdio", action="store_true", help="使用标准输入输出（默认，也是唯一的方式）")
    facts = commands.add_parser("facts", help="输出报告的单位、年度和关键数字 (print reports' facts as JSON)")
    facts.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    tables = commands.add_parser("tables", help="显示识别出的标准表 (show the recognised tables)")
    claims = commands.add_parser("claims", help="显示从正文读出的陈述 (show the claims read from the prose)")
    for show in (tables, claims):
        show.add_argument(
            "paths", nargs="+", type=Path, metavar="PATH", help="文件或目录（递归查找 .txt/.md）"
        )
        show.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）")
    _add_extract_parser(commands)
    return parser


def _add_extract_parser(commands: Any) -> None:
    extract = commands.add_parser(
        "extract",
        help="输出从 PDF 读出、被检查的文本 (print the text zhlint lints; needs zhlint-fiscal[pdf])",
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
            "zhlint: 语言服务器需要可选依赖 pygls 和 lsprotocol，请安装: pip install 'zhlint-fiscal[lsp]'"
            f" ({error})\n"
        )
        return EXIT_USAGE
    return serve()


def _add_output_control_options(check: argparse.ArgumentParser) -> None:
    """What is shown and what the exit status counts (see docs/usage.md)."""
    check.add_argument(
        "--min-severity",
        choices=[severity.value for severity in reversed(Severity)],
        default=None,
        metavar="LEVEL",
        help="info、warning 或 error: 只显示这一级及以上的问题，退出状态也只按它们（配置项 min-severity）",
    )
    check.add_argument(
        "--quiet", "-q", action="store_true", help="只输出问题本身：没有汇总、进度条和修复统计"
    )
    check.add_argument(
        "--exit-zero", action="store_true", help="发现问题也以 0 退出（用法错误和无法读取的输入仍是 2）"
    )


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


def _add_input_options(check: argparse.ArgumentParser) -> None:
    """Standard input (`zhlint check -`), exclusion of named files, suppressions (docs/usage.md)."""
    check.add_argument(
        "--stdin-filename",
        type=Path,
        metavar="PATH",
        help="从标准输入读取时（PATH 为 -）用这个路径查找配置、判断排除并标注问题",
    )
    check.add_argument(
        "--force-exclude",
        action="store_true",
        help="命令行上直接列出的文件也按 exclude 排除（默认直接列出的文件总会检查）",
    )
    check.add_argument(
        "--report-unused-suppressions",
        action="store_true",
        help="报告没有抑制任何问题的 zhlint-disable 注释（ZL006）",
    )


def _add_across_options(check: argparse.ArgumentParser) -> None:
    """The cross-report rules (ZL7xx): past reports to compare with (docs/facts.md)."""
    check.add_argument(
        "--history",
        type=Path,
        metavar="DIR|FILE",
        help="往年或同单位的其他报告（目录、报告文件或 zhlint facts 写出的 JSON），用于跨报告检查（ZL7xx）",
    )
    check.add_argument(
        "--verbose", "-v", action="store_true", help="在标准错误上说明跨报告检查中哪些报告未能配对及原因"
    )


def _with_across(
    args: argparse.Namespace, tasks: Sequence[Task], found: Iterator[Sequence[Diagnostic]]
) -> Iterator[Sequence[Diagnostic]]:
    """Each file's diagnostics with its ZL7xx findings: when several reports or --history are given."""
    if len(tasks) < 2 and args.history is None:
        return found
    from zhlint.across import across_diagnostics, facts_task, load_history
    from zhlint.batch import default_jobs, run_all
    from zhlint.facts.model import FactsError

    try:
        history = load_history(args.history) if args.history is not None else []
    except FactsError as error:
        raise UsageError(str(error)) from None
    facts = run_all(facts_task, tasks, args.jobs or default_jobs())
    result = across_diagnostics(tasks, history, facts)
    if args.verbose:
        for note in result.notes:
            sys.stderr.write(printable(f"zhlint: 跨报告检查: {note}\n"))
    return (result.merged(str(path), items) for items, (path, _) in zip(found, tasks, strict=True))


def run_facts(paths: Sequence[Path], out: TextIO) -> int:
    """`zhlint facts PATH…`: each report's identity and key figures, as JSON (docs/facts.md)."""
    from zhlint.across import facts_of_source
    from zhlint.engine import config_for
    from zhlint.facts.model import facts_to_json

    status, reports = EXIT_CLEAN, []
    for path, source in _read_sources(paths):
        if source is None:
            status = EXIT_USAGE
        else:
            reports.append(facts_of_source(source, config_for(path)))
    out.write(json.dumps(facts_to_json(reports), ensure_ascii=False, indent=2) + "\n")
    return status


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
    import attrs

    from zhlint.engine import config_for

    config = base if base is not None else config_for(path)
    config = with_overrides(config, select=_codes(args.select), ignore=_codes(args.ignore), year=args.year)
    if args.report_unused_suppressions:
        config = attrs.evolve(config, report_unused_suppressions=True)
    if args.exclude:
        config = attrs.evolve(config, exclude=config.exclude + tuple(args.exclude))
    if args.min_severity is not None:
        import attrs

        config = attrs.evolve(config, min_severity=Severity(args.min_severity))
    return config


def run_check(args: argparse.Namespace, out: TextIO) -> int:
    from zhlint.batch import Progress, default_jobs, iter_all, lint_task, preview_fix_task, run_all

    base = _base_config(args)
    _validate_check_options(args)
    if STDIN in args.paths:
        return run_check_stdin(args, base, out)
    if args.stdin_filename is not None:
        raise UsageError("--stdin-filename 只在从标准输入读取（路径写 -）时使用")
    for path in args.paths:
        _check_accessible(path)
    # Validate the overrides once up front so that a typo in --select is a usage error.
    with_overrides(Config(), select=_codes(args.select), ignore=_codes(args.ignore), year=args.year)
    probe = _config_for(args.paths[0], base, args)
    tasks = [(path, _config_for(path, base, args)) for path in _named_reports(args, base)]
    if not tasks and args.force_exclude:
        sys.stderr.write("zhlint: 列出的文件都被 exclude 排除（--force-exclude），没有检查任何文件\n")
    checked = [path for path, _ in tasks]
    if args.output is not None:
        _refuse_output_among_inputs(args.output, args.paths, checked, probe)
    if args.write_baseline is not None:
        _refuse_unusable_output(args.write_baseline)  # before linting, not after
        _refuse_output_among_inputs(args.write_baseline, args.paths, checked, probe, "--write-baseline")
    progress = None if args.no_progress or args.quiet else Progress.for_stream(len(tasks), sys.stderr)
    jobs = args.jobs or default_jobs()
    if args.diff:
        return _run_diff(args, tasks, run_all(preview_fix_task, tasks, jobs, progress), out)
    fixed: list[FixResult] = []
    found: Iterator[Sequence[Diagnostic]]
    if args.fix:
        fixed = _fix_within_named(args.paths, tasks, jobs, progress)
        found = iter([result.diagnostics for result in fixed])
    else:
        found = iter_all(lint_task, tasks, jobs, progress)
    found = _with_across(args, tasks, found)
    if args.write_baseline is not None:  # every finding, whatever the threshold shows
        per_file = [list(items) for items in found]
        status = _write_baseline(args.write_baseline, [item for items in per_file for item in items])
        if args.output is not None:  # -o asked for the report too: the one the baseline records
            _write_report(args, per_file, len(tasks), out, progress)
        return status
    baseline = load_baseline(args.baseline) if args.baseline is not None else None
    shown = (_shown(items, config, baseline) for items, (_, config) in zip(found, tasks, strict=True))
    if args.format in REVIEW_FORMATS:  # html, csv: written once every file is checked
        diagnostics = [item for items in shown for item in items]
        _write_review(args.format, tasks, diagnostics, out)
    else:
        diagnostics = _write_report(args, shown, len(tasks), out, progress)
    return _report_fixes(args, fixed, out) or _check_status(args, diagnostics)


def _shown(diagnostics: Sequence[Diagnostic], config: Config, baseline: Baseline | None) -> list[Diagnostic]:
    """The findings of one file that are reported: not in the baseline, at the file's threshold."""
    # The baseline first: it recorded every finding, and tells repeated ones apart by their order.
    new = baseline.new_only(diagnostics) if baseline is not None else diagnostics
    return config.at_threshold(new)


def _check_status(args: argparse.Namespace, diagnostics: Sequence[Diagnostic]) -> int:
    """The exit status of what was shown; --exit-zero turns "findings" (1) into 0, not 2."""
    status = exit_status(diagnostics)
    return EXIT_CLEAN if args.exit_zero and status == EXIT_FOUND else status


def _named_reports(args: argparse.Namespace, base: Config | None) -> Iterator[Path]:
    """The reports to check, each named path excluded by the configuration that applies to it."""
    from zhlint.engine import iter_report_files

    for named in args.paths:
        config = _config_for(named, base, args)
        yield from iter_report_files([named], config, force_exclude=args.force_exclude)


STDIN = Path("-")  # `zhlint check -`: the report comes on standard input


def run_check_stdin(args: argparse.Namespace, base: Config | None, out: TextIO) -> int:
    """`zhlint check -`: lint standard input, named by --stdin-filename for the configuration,
    the exclusion and the messages; the report's excerpts are taken from what was read."""
    from zhlint.engine import lint_stdin
    from zhlint.report.text import given_sources

    _validate_stdin_options(args)
    name = args.stdin_filename
    config = _config_for(name if name is not None else Path.cwd() / "stdin", base, args)
    if name is not None and args.force_exclude and config.excluded(name):
        _write_report(args, [], 0, out)  # nothing checked: the summary says so
        return EXIT_CLEAN
    source, diagnostics = lint_stdin(sys.stdin.buffer, str(name) if name is not None else "-", config)
    with given_sources([source] if source is not None else []):
        _write_report(args, [diagnostics], 1, out)
    return exit_status(diagnostics)


def _validate_stdin_options(args: argparse.Namespace) -> None:
    if len(args.paths) > 1:
        raise UsageError("从标准输入读取（-）时不能再列出其他路径")
    for option, given in (("--fix", args.fix), ("--diff", args.diff)):
        if given:
            raise UsageError(f"{option} 不能用于标准输入（-），请检查文件")
    if args.write_baseline is not None:
        raise UsageError("--write-baseline 不能用于标准输入（-）")


def _fix_within_named(
    named: Sequence[Path], tasks: list[tuple[Path, Config]], jobs: int, progress: Progress | None
) -> list[FixResult]:
    """--fix, except through a symbolic link that the walk found and that leads out of the named paths.

    A ``report.txt`` link to ``../../home/user/notes.txt`` in a pull request would otherwise have
    zhlint rewrite a file nobody asked it to. A link named on the command line is fixed: the user
    named it. Such a file is shown (as --diff would) and refused, so the run exits with status 2.
    """
    from zhlint.batch import fix_task, preview_fix_task, run_all

    escaping = [_link_out_of(path, named) for path, _ in tasks]
    inside = [task for task, out in zip(tasks, escaping, strict=True) if not out]
    outside = [task for task, out in zip(tasks, escaping, strict=True) if out]
    fixed = iter(run_all(fix_task, inside, jobs, progress))
    shown = iter(_refused_as_links(run_all(preview_fix_task, outside, jobs, None)))
    return [next(shown) if out else next(fixed) for out in escaping]  # in the order of the tasks


def _refused_as_links(results: list[FixResult]) -> Iterator[FixResult]:
    import attrs

    for result in results:
        if result.changed and result.error is None:
            target = result.path.resolve()
            refusal = f"符号链接指向被检查的路径之外（{target}），--fix 不改写；要修复请直接指定它"
            result = attrs.evolve(
                result, fixed=result.original, applied=0, diagnostics=result.initial, error=refusal
            )
        yield result


def _link_out_of(path: Path, named: Sequence[Path]) -> bool:
    """Whether ``path``, found by the walk (not named), is a symbolic link to outside every named path."""
    try:
        if path in named or not path.is_symlink():
            return False
        target = path.resolve()
        return not any(target.is_relative_to(item.resolve()) for item in named)
    except (OSError, RuntimeError):  # cannot tell: not fixed
        return True


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
    try:
        _refuse_checked_output(output, inputs, files, config, option)
    except OSError as error:  # e.g. a directory on the way that cannot be searched
        raise UsageError(f"无法使用输出文件 {output}: {error.strerror or error}") from None


def _refuse_checked_output(
    output: Path, inputs: Sequence[Path], files: Sequence[Path], config: Config, option: str
) -> None:
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
    _refuse_one_file_for_two_options(args)
    if args.format == "html" and args.output is None:
        raise UsageError("--format html 需要 -o FILE（例如 -o review.html），页面不写到终端")


def _refuse_one_file_for_two_options(args: argparse.Namespace) -> None:
    """-o and --write-baseline (or --baseline) on one file: the second write would replace the first."""
    output = getattr(args, "output", None)
    if output is None:
        return
    for option, other in (("--write-baseline", args.write_baseline), ("--baseline", args.baseline)):
        if other is not None and _same_destination(output, other):
            raise UsageError(f"-o 与 {option} 指向同一个文件 {other}，不能同时使用")


def _same_destination(first: Path, second: Path) -> bool:
    try:
        return first.resolve() == second.resolve() or _same_file(first, second)
    except (OSError, RuntimeError):  # a symlink loop: resolve gives up
        return False


def _write_report(
    args: argparse.Namespace,
    per_file: Iterable[Sequence[Diagnostic]],
    files: int,
    out: TextIO,
    progress: Progress | None = None,
) -> list[Diagnostic]:
    """Write the report; text, concise and github are written file by file as each is done (in
    input order), the others when all are. Returns every diagnostic written."""
    from zhlint.batch import count_by_rule, format_counts, rule_summary

    streamed = STREAMED.get(args.format)
    if args.statistics or streamed is None:
        diagnostics = [item for items in per_file for item in items]
        if args.statistics:
            counts = count_by_rule(diagnostics)
            if args.format == "json":
                out.write(
                    json.dumps([item.to_json() for item in counts], ensure_ascii=False, indent=2) + "\n"
                )
            else:
                out.write(format_counts(counts))
        else:
            FORMATS[args.format](diagnostics, out, files)
        return diagnostics
    diagnostics = []
    for items in per_file:
        if items:
            if progress is not None:
                progress.interrupt()
            streamed.findings(items, out)
            out.flush()
            diagnostics += items
    if not args.quiet and streamed.closing is not None:
        streamed.closing(diagnostics, out, files)
        if args.format == "text" and diagnostics:
            out.write(rule_summary(diagnostics))
    return diagnostics


def _write_review(
    format_name: str, tasks: Sequence[tuple[Path, Config]], diagnostics: list[Diagnostic], out: TextIO
) -> None:
    """html, csv: the writer reads the checked files again (zhlint/report/review.py)."""
    from zhlint.report.review import Review, ReviewedFile

    files = tuple(ReviewedFile(path, config) for path, config in tasks)
    REVIEW_FORMATS[format_name](Review(files, tuple(diagnostics)), out)


def _run_diff(args: argparse.Namespace, tasks: Sequence[Task], results: list[FixResult], out: TextIO) -> int:
    """--diff: the changes --fix would make; the exit status is that of a plain check."""
    for result in results:
        out.write(printable(result.diff()))
        if result.error:
            for diagnostic in result.diagnostics:
                sys.stderr.write(printable(f"zhlint: {diagnostic.path}: {diagnostic.message}\n"))
    baseline = load_baseline(args.baseline) if args.baseline is not None else None
    shown = [
        _shown(result.initial, config, baseline) for result, (_, config) in zip(results, tasks, strict=True)
    ]
    return _check_status(args, [diagnostic for items in shown for diagnostic in items])


def _report_fixes(args: argparse.Namespace, results: list[FixResult], out: TextIO) -> int:
    """Say what --fix did; returns EXIT_USAGE when a file could not be written back, else 0."""
    from zhlint.fix import total_applied

    failed = [result for result in results if result.error and result.error != "unreadable"]
    for result in failed:  # not fixed: changed meanwhile, read-only, owner not kept, write failed
        sys.stderr.write(printable(f"zhlint: {result.path}: {result.error}\n"))
    if not args.fix:
        return EXIT_CLEAN
    if args.quiet:  # only the findings
        return EXIT_USAGE if failed else EXIT_CLEAN
    changed = sum(1 for result in results if result.written)
    message = f"已自动修复 {total_applied(results)} 处，改写了 {changed} 个文件。\n"
    (out if args.format == "text" and not args.statistics else sys.stderr).write(message)
    return EXIT_USAGE if failed else EXIT_CLEAN


def _write_baseline(destination: Path, diagnostics: list[Diagnostic]) -> int:
    from zhlint.writeback import WriteRefused

    try:
        recorded = write_baseline(destination, diagnostics)
    except OSError as error:
        raise UsageError(f"无法写基线文件 {destination}: {error.strerror or error}") from None
    except WriteRefused as refusal:
        raise UsageError(f"无法写基线文件 {destination}: {refusal}") from None
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


def _read_sources(paths: Sequence[Path]) -> Iterator[tuple[Path, Source | None]]:
    """The files named on the command line of a debug command and the reports in named directories.

    A missing path is a usage error; a file that cannot be read is said on standard error and
    given as None (the command then exits 2), so that one bad file does not hide a directory's.
    """
    from zhlint.engine import config_for, iter_report_files, read_source
    from zhlint.read.source import UnreadableError

    for path in paths:
        _check_accessible(path)
    found = (report for named in paths for report in iter_report_files([named], config_for(named)))
    for path in found:
        try:
            yield path, read_source(path)
        except UnreadableError as error:
            sys.stderr.write(printable(f"zhlint: 无法读取 {path}: {error}\n"))
            yield path, None


def run_tables(paths: Sequence[Path], out: TextIO, output_format: str = "text") -> int:
    """`zhlint tables PATH…`: what table recognition read, for each file (text or JSON)."""
    from zhlint.engine import config_for
    from zhlint.show import describe, describe_json

    status, described = EXIT_CLEAN, []
    for path, source in _read_sources(paths):
        if source is None:
            status = EXIT_USAGE
        elif output_format == "json":
            described.append(describe_json(source, config_for(path)))
        else:
            out.write(describe(source, config_for(path)))
    if output_format == "json":
        out.write(json.dumps(described, ensure_ascii=False, indent=2) + "\n")
    return status


NO_CLAIMS = "（正文中没有读出陈述）\n"


def run_claims(paths: Sequence[Path], out: TextIO, output_format: str = "text") -> int:
    """`zhlint claims PATH…`: the claims read from each file's prose, every number with its place."""
    from zhlint.claims.extract import claims_json, extract_claims, format_claims
    from zhlint.document.segment import segment

    status, described = EXIT_CLEAN, []
    for path, source in _read_sources(paths):
        if source is None:
            status = EXIT_USAGE
            continue
        claims = extract_claims(segment(source))
        if output_format == "json":
            described.append({"path": str(path), "claims": claims_json(claims, source)})
        else:
            shown = format_claims(claims, source) or NO_CLAIMS
            out.write(f"# {path}\n{shown}")
    if output_format == "json":
        out.write(json.dumps(described, ensure_ascii=False, indent=2) + "\n")
    return status


def run_rules(out: TextIO) -> int:
    from zhlint.rules import registered_rules

    for registered in registered_rules():
        meta = registered.meta
        fix = "（可自动修复）" if meta.fixable else ""
        out.write(f"{meta.code}  {meta.name:<32} {meta.severity.value:<8}{meta.summary}{fix}\n")
    return EXIT_CLEAN


def explain_text(code: str) -> str | None:
    from zhlint.rules import find_rule

    registered = find_rule(code)
    if registered is None:
        return None
    meta = registered.meta
    kinds = f"只用于{meta.kinds_text}，其他类型的报告不运行\n\n" if meta.kinds_text else ""
    former = former_codes(meta.code)
    renamed = f"原代码 {'、'.join(former)}，配置和注释中仍可使用\n\n" if former else ""
    english = f"英文摘要：{meta.summary_en}\n" if meta.summary_en else ""
    return (
        f"{meta.code} {meta.name}（默认级别：{meta.severity_zh} {meta.severity.value}"
        f"{'，可用 --fix 自动修复' if meta.fixable else ''}）\n\n"
        f"{meta.summary}\n{english}\n{kinds}{renamed}"
        f"规则说明：\n{_dedent(meta.explanation)}\n\n"
        f"错误示例：\n    {meta.bad}\n\n正确示例：\n    {meta.good}\n"
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
            return run_tables(args.paths, sys.stdout, args.format)
        if args.command == "facts":
            return run_facts(args.paths, sys.stdout)
        if args.command == "claims":
            return run_claims(args.paths, sys.stdout, args.format)
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
    from zhlint.writeback import WriteRefused, write_new_content

    _refuse_unusable_output(output)
    report = io.StringIO()
    status = run_check(args, report)
    try:
        write_new_content(output, printable(report.getvalue()).encode("utf-8"))
    except OSError as error:
        raise UsageError(f"无法写输出文件 {output}: {error.strerror or error}") from None
    except WriteRefused as refusal:
        raise UsageError(f"无法写输出文件 {output}: {refusal}") from None
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
