"""Running the rules over a document; the one place where findings become diagnostics."""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import attrs

from zhlint.config import ALL, Config, ConfigError, find_config_file, load_config
from zhlint.diagnostics import Diagnostic, Fix, Related, Severity, Span
from zhlint.document.segment import Document, segment
from zhlint.gcpause import fewer_collections
from zhlint.read.formats import DOCX_SUFFIXES, MAX_PDF_BYTES, PDF_SUFFIXES, is_docx_path, is_pdf_path
from zhlint.read.source import Source, UnreadableError, read_bytes, read_report_file
from zhlint.rules import Finding, LintContext, RuleMeta, find_rule, registered_rules
from zhlint.rules import input as input_rules
from zhlint.suppress import apply_suppressions

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
# A PDF is read with the optional extra `pdf`, a DOCX with the extra `docx`.
REPORT_SUFFIXES = (*TEXT_SUFFIXES, *PDF_SUFFIXES, *DOCX_SUFFIXES)
# A report is well under 1 MiB; a file this large is not a report, and reading it would take minutes.
# 250 times the largest report text of the corpora (60 KB), and the memory bound: about 240 bytes
# per character on the worst input (docs/performance.md), so at most about 4 GB for one file.
MAX_FILE_BYTES = 16 * 2**20


def lint_source(source: Source, config: Config | None = None) -> list[Diagnostic]:
    """Run every enabled rule on a decoded source; a failing rule is reported, the rest still run."""
    config = config or Config()
    if not source.text.strip():
        return _only(input_rules.EMPTY, source, config, Span(0, 0), "文件为空，没有可检查的内容")
    with fewer_collections():
        try:
            document = segment(source)
        except Exception as error:  # a bug in segmentation must not hide the file from the user
            message = _failure_message("segment", error)
            return _only(input_rules.RULE_FAILED, source, config, Span(0, 0), message)
        diagnostics = lint_document(document, config)
        # Free the document while the collector is still held off: restored with a hundred
        # thousand of its objects alive, it would run at once over all of them, for nothing.
        del document
        return diagnostics


def lint_document(document: Document, config: Config) -> list[Diagnostic]:
    source = document.source
    context = LintContext(document, config)
    diagnostics: list[Diagnostic] = []
    for registered in registered_rules():
        if not config.enabled(registered.meta.code, source.path):
            continue
        if not registered.meta.applies_to(document.kind):
            continue  # a rule about 决算 only, on a 预算
        try:
            findings = list(registered.check(context))
        except Exception as error:
            diagnostics += _only(
                input_rules.RULE_FAILED,
                source,
                config,
                Span(0, 0),
                _failure_message(registered.meta.code, error),
            )
            continue
        diagnostics.extend(_diagnostic(registered.meta, finding, source) for finding in findings)
    kept = [diagnostic for diagnostic in diagnostics if config.enabled(diagnostic.code, source.path)]
    kept += _year_notes(document, config)
    kept = _unsuppressed(source, config, kept)
    # dict.fromkeys drops duplicates but keeps the rules' order, so that diagnostics at the same
    # place come out in the same order in every process (set order depends on string hashing).
    return sorted(dict.fromkeys(kept), key=Diagnostic.sort_key)


YEAR_RULES = "ZL4"  # the rules that need the report year, and do not run without one


def _unsuppressed(source: Source, config: Config, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Drop what `<!-- zhlint-disable … -->` comments suppress; ZL006 for those that hid nothing."""
    kept, unused = apply_suppressions(source, diagnostics)
    if config.report_unused_suppressions:
        for item in unused:
            if item.code and not config.enabled(item.code, source.path):
                continue  # the rule did not run: that it found nothing says nothing
            if item.code.startswith(ACROSS_PREFIX):
                continue  # only the cross-report rules can use it: judged there (zhlint.across)
            kept += unused_suppression(source, config, item.span, item.message)
    return kept


ACROSS_PREFIX = "ZL7"  # the cross-report rules, which a lint of one report does not run


def unused_suppression(source: Source, config: Config, span: Span, message: str) -> list[Diagnostic]:
    """ZL006 for a comment that suppressed nothing (unless ZL006 is off for the file)."""
    return _only(input_rules.UNUSED_SUPPRESSION, source, config, span, message)


def _year_notes(document: Document, config: Config) -> list[Diagnostic]:
    """ZL003 when nothing decides the report year, ZL005 when --year contradicts the cover's.

    They say why the year rules found nothing, or found so much, so they come with any year rule
    that is on (`--select ZL401` too), unless they are ignored by name or prefix.
    """
    source, reading = document.source, document.year
    if not _year_rule_on(config, source.path):
        return []
    config = _notes_config(config)
    if config.year is not None:
        if reading.cover_year is None or reading.cover_year == config.year:
            return []
        span = document.title.span if document.title else Span(0, 0)
        message = (
            f"指定的报告年度 {config.year}（--year 或配置中的 year）与封面上的 {reading.cover_year} 不一致；"
            f"按 {config.year} 检查，写 {reading.cover_year} 的自称年份都会报为 ZL401"
        )
        return _only(input_rules.YEAR_OVERRIDE, source, config, span, message)
    if reading.year is not None:
        return []
    if reading.conflicting:
        stated = "、".join(f"{year} 年 {count} 处" for year, count in reading.votes)
        message = f"封面上没有读到报告年度，正文自称的年份不一致（{stated}），年份规则未运行"
        message += "（可用 --year 指定）"
    else:
        message = "封面和正文标题中都没有读到报告年度，年份规则未运行（可用 --year 指定）"
    return _only(input_rules.NO_REPORT_YEAR, source, config, Span(0, 0), message)


def _year_rule_on(config: Config, path: str | None) -> bool:
    return any(
        config.enabled(registered.meta.code, path)
        for registered in registered_rules()
        if registered.meta.code.startswith(YEAR_RULES)
    )


def _notes_config(config: Config) -> Config:
    """Every rule selected, and the ignores but `ALL`: a year note is shown unless an ignore
    names it (`ZL003`, `ZL00`, `ZL0`; per-file too); `--select ZL401` or `--ignore ALL --select
    ZL401` do not hide it."""
    ignored = tuple(code for code in config.ignore if code != ALL)
    return attrs.evolve(config, select=(ALL,), ignore=ignored)


def _only(meta: RuleMeta, source: Source, config: Config, span: Span, message: str) -> list[Diagnostic]:
    if not config.enabled(meta.code, source.path):
        return []
    return [_diagnostic(meta, Finding(span, message), source)]


def _failure_message(where: str, error: Exception) -> str:
    frame = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
    place = f" ({Path(frame.filename).name}:{frame.lineno})" if frame else ""
    return f"规则 {where} 内部出错，已跳过，其他规则照常运行: {type(error).__name__}: {error}{place}"


def _diagnostic(meta: RuleMeta, finding: Finding, source: Source) -> Diagnostic:
    code, name = meta.code, meta.name
    if finding.code is not None and finding.code != meta.code:
        other = find_rule(finding.code)
        code, name = finding.code, other.meta.name if other else meta.name
        default = other.meta.severity if other else meta.severity
    else:
        default = meta.severity
    line, column = source.position(finding.span.start)
    end_line, end_column = source.position(finding.span.end)
    fix = None
    if finding.fix is not None:
        fix = Fix(finding.fix, line, column, end_line, end_column, finding.span.start, finding.span.end)
    related = tuple(_related(item.span, item.message, source) for item in finding.related)
    return Diagnostic(
        code=code,
        name=name,
        severity=finding.severity or default,
        message=finding.message,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        path=source.path,
        start=finding.span.start,
        end=finding.span.end,
        related=related,
        fix=fix,
        page=source.page(line),
    )


def _related(span: Span, message: str, source: Source) -> Related:
    line, column = source.position(span.start)
    end_line, end_column = source.position(span.end)
    page = source.page(line)
    return Related(message, line, column, end_line, end_column, source.path, span.start, span.end, page)


def unreadable(path: str, reason: str) -> Diagnostic:
    meta = input_rules.UNREADABLE
    return Diagnostic(meta.code, meta.name, Severity.ERROR, f"无法读取: {reason}", 1, 1, 1, 1, path)


def lint_file(path: Path, config: Config | None = None) -> list[Diagnostic]:
    """Read and lint one file; unreadable files give one ZL001 diagnostic, never an exception."""
    try:
        config = config or config_for(path)
    except ConfigError as error:
        return [unreadable(str(path), f"配置错误: {error}")]
    try:
        source = read_source(path)
    except UnreadableError as error:
        # Not subject to --select/--ignore: an input that cannot be read is never silently skipped.
        return [unreadable(str(path), str(error))]
    return lint_source(source, config)


def lint_stdin(stream: BinaryIO, name: str, config: Config) -> tuple[Source | None, list[Diagnostic]]:
    """Read a report from ``stream`` (standard input), capped as a file is, and lint it as ``name``.

    The Source comes back with the diagnostics: the report cannot re-read standard input for
    its excerpts. None when nothing usable was read (one ZL001 diagnostic then says why).
    """
    data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        return None, [unreadable(name, f"标准输入过大，超过 {MAX_FILE_BYTES // 2**20} MiB 上限")]
    try:
        source = read_bytes(data, name)
    except UnreadableError as error:
        return None, [unreadable(name, str(error))]
    return source, lint_source(source, config)


def read_source(path: Path) -> Source:
    """A report file as a Source: a text file decoded, a PDF's or DOCX's text extracted.

    The same safety for all (a regular file only, a capped read); the cap of a PDF or DOCX is
    larger, its images weigh more than its text. Raises UnreadableError with the reason in Chinese.
    """
    # The readers are imported only for their files: a cold check of text reports need not load
    # them (ctypes, zipfile; issue 12).
    if is_pdf_path(path.name):
        from zhlint.read.pdf import read_pdf_bytes

        return read_pdf_bytes(read_report_file(path, MAX_PDF_BYTES), str(path))
    if is_docx_path(path.name):
        from zhlint.read.docx import read_docx_bytes

        return read_docx_bytes(read_report_file(path, MAX_PDF_BYTES), str(path))
    return read_bytes(read_report_file(path, MAX_FILE_BYTES), str(path))


def config_for(path: Path) -> Config:
    found = find_config_file(path)
    return load_config(found) if found else Config()


def iter_report_files(
    paths: Iterable[Path], config: Config | None = None, *, force_exclude: bool = False
) -> Iterator[Path]:
    """Files named on the command line, and the .txt/.md files below named directories, sorted.

    ``exclude`` applies to the files found in directories; a file named itself is checked all
    the same (the user asked for it, as ruff does) unless ``force_exclude``. A directory that
    cannot be listed is yielded itself, where its files would have come, so that it gets a
    ZL001 diagnostic instead of being left out without a word.
    """
    for path in paths:
        if _is_directory(path):
            yield from _walk_reports(path, config)
        elif not (force_exclude and config and config.excluded(path)):
            yield path


def _is_directory(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # cannot be stat'ed: linted as a file, whose reading says why
        return False


def _walk_reports(top: Path, config: Config | None) -> Iterator[Path]:
    unlisted: list[Path] = []  # os.walk reports a directory it cannot list through onerror

    def note_unlisted(error: OSError) -> None:
        unlisted.append(Path(error.filename) if error.filename is not None else top)

    for root, directories, files in os.walk(top, onerror=note_unlisted):
        yield from _drain(unlisted, config)
        directories[:] = sorted(d for d in directories if not d.startswith(".") and d != "__pycache__")
        for name in sorted(files):
            candidate = Path(root) / name
            if candidate.suffix.lower() in REPORT_SUFFIXES and not (config and config.excluded(candidate)):
                yield candidate
    yield from _drain(unlisted, config)


def _drain(unlisted: list[Path], config: Config | None) -> Iterator[Path]:
    found = [directory for directory in unlisted if not (config and config.excluded(directory))]
    unlisted.clear()
    yield from found


def lint_paths(paths: Sequence[str | os.PathLike[str]], *, config: Config | None = None) -> list[Diagnostic]:
    """Lint files and directories; with no ``config`` each file uses its nearest configuration."""
    diagnostics: list[Diagnostic] = []
    for path in iter_report_files((Path(item) for item in paths), config):
        diagnostics.extend(lint_file(path, config))
    return diagnostics
