"""Configuration: `[tool.zhlint]` in pyproject.toml, or zhlint.toml / .zhlint.toml.

The nearest file found from the checked file upwards applies; `--config FILE` overrides the
search. Unknown keys and unknown rule codes are errors, never silently ignored.
"""

from __future__ import annotations

import fnmatch
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from zhlint.diagnostics import Diagnostic, Severity, current_code
from zhlint.read.numbers import DEFAULT_TOLERANCE, Tolerance

CONFIG_FILES = ("zhlint.toml", ".zhlint.toml", "pyproject.toml")
KNOWN_KEYS = frozenset(
    {
        "select",
        "ignore",
        "per-file-ignores",
        "year",
        "unit-name",
        "exclude",
        "tolerance",
        "extend-select",
        "min-severity",
        "report-unused-suppressions",
    }
)
KNOWN_TOLERANCE_KEYS = frozenset({"amount-error"})
ALL = "ALL"  # as in ruff: every rule, the least specific selector
DEFAULT_SELECT = (ALL,)
YEARS = range(1990, 2101)  # the report years zhlint accepts from --year and `year =`
MAX_AMOUNT_ERROR = Decimal(1)  # 万元; a tolerance above this would hide real differences
MAX_CONFIG_BYTES = 4 * 2**20  # a configuration file is a few hundred bytes; pyproject.toml a few KiB
SHOWN_CHARS = 60  # of a bad value quoted in a message, so that the message stays one short line


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the file and the key."""


@attrs.frozen
class Config:
    # codes or prefixes; the default is `ALL`, the least specific, so that `ignore = ["ALL"]` wins over it
    select: tuple[str, ...] = DEFAULT_SELECT
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, codes)
    year: int | None = None
    unit_name: str | None = None
    exclude: tuple[str, ...] = ()
    tolerance: Tolerance = DEFAULT_TOLERANCE
    path: Path | None = None  # the file it was read from
    # The least severe findings shown and counted for the exit status; the rules run regardless
    # (so --fix still fixes an info finding that is not shown).
    min_severity: Severity = Severity.INFO
    report_unused_suppressions: bool = False  # ZL006 for zhlint-disable comments that hid nothing
    # enabled() is asked for every rule and every diagnostic; a per-file glob match resolves paths.
    _enabled_cache: dict[tuple[str, str | None], bool] = attrs.field(
        factory=dict, init=False, eq=False, repr=False, hash=False
    )

    def enabled(self, code: str, path: str | None = None) -> bool:
        """Is a rule code on for a file? The longest matching prefix of select/ignore wins."""
        known = self._enabled_cache.get((code, path))
        if known is None:
            per_file = self._per_file_ignores_for(path)
            selected = _longest_prefix(code, self.select)
            ignored = _longest_prefix(code, self.ignore + per_file)
            # `ALL` in per-file-ignores switches a file off whatever is selected (as in ruff).
            known = self._enabled_cache[(code, path)] = selected > ignored and ALL not in per_file
        return known

    def at_threshold(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        """The findings at or above ``min-severity``: what the CLI and the language server show."""
        rank = self.min_severity.rank
        # ZL001 is never hidden: an input that could not be read was not checked at all.
        return [item for item in diagnostics if item.severity.rank >= rank or item.code == "ZL001"]

    def _per_file_ignores_for(self, path: str | None) -> tuple[str, ...]:
        codes: list[str] = []
        if path is not None:
            relative = self._relative(path)
            for pattern, ignored in self.per_file_ignores:
                if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(Path(path).name, pattern):
                    codes.extend(ignored)
        return tuple(codes)

    def _relative(self, path: str) -> str:
        if self.path is None:
            return path
        try:
            return Path(path).resolve().relative_to(self.path.parent.resolve()).as_posix()
        except ValueError:
            return path

    def excluded(self, path: Path) -> bool:
        """Does an ``exclude`` pattern match? A file below the configuration file's directory is
        matched by its path relative to that directory, so that the answer is the same from any
        working directory (and in the language server, which sees absolute paths)."""
        text = self._relative(str(path)) if self.path is not None else path.as_posix()
        return any(
            fnmatch.fnmatch(text, pattern)
            or fnmatch.fnmatch(path.name, pattern)
            or f"/{pattern}/" in f"/{text}/"
            for pattern in self.exclude
        )


def _longest_prefix(code: str, prefixes: Iterable[str]) -> int:
    """Length of the longest entry that is a prefix of code (-1 when none is; `ALL` counts as 0)."""
    best = -1
    for prefix in prefixes:
        if prefix == ALL:
            best = max(best, 0)
        elif code.startswith(prefix):
            best = max(best, len(prefix))
    return best


def validate_codes(codes: Iterable[str], where: str) -> None:
    """Every code must be a registered code or a prefix of one (`ZL4`, `ZL40`)."""
    from zhlint.rules import registered_rules

    known = [registered.meta.code for registered in registered_rules()]
    for code in codes:
        if not code:
            raise ConfigError(f"{where}: 规则代码不能为空字符串（`ALL` 表示全部规则）")
        if code != ALL and not any(known_code.startswith(code) for known_code in known):
            raise ConfigError(f"{where}: 未知的规则代码 {shown(code)}（`zhlint rules` 列出全部规则）")


def shown(value: object) -> str:
    """A value for a message: its repr, cut short so that a huge value still gives one short line."""
    return _cut(repr(value))


def _cut(text: str) -> str:
    return text if len(text) <= SHOWN_CHARS else f"{text[:SHOWN_CHARS]}…（共 {len(text)} 个字符）"


def check_year(year: object, where: str) -> int:
    """A report year: an integer in YEARS (not a bool, a float or a string)."""
    if isinstance(year, bool) or not isinstance(year, int) or year not in YEARS:
        raise ConfigError(f"{where}: 应是 {YEARS.start}–{YEARS.stop - 1} 之间的四位年份，例如 2023")
    return year


def load_config(path: Path) -> Config:
    """Read a configuration file (zhlint.toml, .zhlint.toml or pyproject.toml).

    Raises ConfigError, whose message is one line naming the file, for anything wrong with it.
    """
    data = _read_toml(path)
    tool = data.get("tool", {})
    if not isinstance(tool, Mapping):
        raise ConfigError(f"{path}: tool 应是表")
    if path.name == "pyproject.toml":
        table = tool.get("zhlint", {})
    else:
        table = tool.get("zhlint", data) if "tool" in data else data
    if not isinstance(table, Mapping):
        raise ConfigError(f"{path}: tool.zhlint 应是表")
    return config_from_mapping(table, path)


def _read_toml(path: Path) -> dict[str, Any]:
    # Imported here: a check with no configuration file need not load the TOML parser (issue 12).
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

    from zhlint.read.source import UnreadableError, read_report_file

    # The regular-file reader: a FIFO or device swapped in after the is_file() check is refused
    # before it is opened for a blocking read.
    try:
        data = read_report_file(path, MAX_CONFIG_BYTES)
    except UnreadableError as error:
        raise ConfigError(f"{path}: 无法读取配置文件: {error}") from None
    try:
        document: dict[str, Any] = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: 无法读取配置文件: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: TOML 格式错误: {error}") from None
    except RecursionError:
        # tomllib parses nested arrays and inline tables recursively.
        raise ConfigError(f"{path}: TOML 格式错误: 数组或表嵌套过深") from None
    return document


def config_from_mapping(table: Mapping[str, Any], path: Path | None = None) -> Config:
    where = str(path) if path else "configuration"
    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        raise ConfigError(
            f"{where}: 未知的配置项 {_cut(', '.join(unknown))}（可用: {', '.join(sorted(KNOWN_KEYS))}）"
        )
    select = _codes(table.get("select", list(DEFAULT_SELECT)), f"{where}: select")
    select += _codes(table.get("extend-select", []), f"{where}: extend-select")
    if not select:
        raise ConfigError(f'{where}: select 为空，不会检查任何规则（全部规则: select = ["ALL"]）')
    ignore = _codes(table.get("ignore", []), f"{where}: ignore")
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, Mapping):
        raise ConfigError(f"{where}: per-file-ignores 应是 glob → 规则代码列表 的表")
    per_file_ignores = tuple(
        (str(pattern), _codes(codes, f"{where}: per-file-ignores[{shown(pattern)}]"))
        for pattern, codes in per_file.items()
    )
    year = table.get("year")
    if year is not None:
        check_year(year, f"{where}: year")
    unit_name = table.get("unit-name")
    if unit_name is not None and not isinstance(unit_name, str):
        raise ConfigError(f"{where}: unit-name 应是字符串")
    exclude = table.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(item, str) for item in exclude):
        raise ConfigError(f"{where}: exclude 应是 glob 字符串列表")
    report_unused = table.get("report-unused-suppressions", False)
    if not isinstance(report_unused, bool):
        raise ConfigError(f"{where}: report-unused-suppressions 应是 true 或 false")
    return Config(
        report_unused_suppressions=report_unused,
        select=select,
        ignore=ignore,
        per_file_ignores=per_file_ignores,
        year=year,
        unit_name=unit_name,
        exclude=tuple(exclude),
        tolerance=_tolerance(table.get("tolerance", {}), where),
        path=path,
        min_severity=parse_severity(table.get("min-severity", Severity.INFO.value), f"{where}: min-severity"),
    )


def parse_severity(value: object, where: str) -> Severity:
    """`info`, `warning` or `error` (as the findings print them)."""
    for severity in Severity:
        if value == severity.value:
            return severity
    choices = "、".join(severity.value for severity in reversed(Severity))
    raise ConfigError(f"{where}: 应是 {choices} 之一，这里是 {shown(value)}")


def _codes(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f'{where}: 应是规则代码列表，例如 ["ZL4", "ZL601"]')
    codes = tuple(current_code(item.strip().upper()) for item in value)
    validate_codes(codes, where)
    return codes


def _tolerance(table: object, where: str) -> Tolerance:
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where}: tolerance 应是表")
    unknown = sorted(set(table) - KNOWN_TOLERANCE_KEYS)
    if unknown:
        raise ConfigError(f"{where}: 未知的 tolerance 配置项 {_cut(', '.join(unknown))}")
    if "amount-error" not in table:
        return Tolerance()
    value = table["amount-error"]
    # TOML gives int or float; a bool is an int to Python, a string would be parsed as nan or 1e999.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{where}: tolerance.amount-error 应是数字，例如 0.005")
    amount_error = Decimal(str(value))  # str: 0.005, not the float's binary expansion
    # is_finite first: comparing nan raises InvalidOperation; TOML's 1e400 is inf.
    if not amount_error.is_finite() or not 0 <= amount_error <= MAX_AMOUNT_ERROR:
        raise ConfigError(f"{where}: tolerance.amount-error 应在 0 到 {MAX_AMOUNT_ERROR} 之间，例如 0.005")
    return Tolerance(amount_error=amount_error)


def find_config_file(start: Path) -> Path | None:
    """The nearest configuration file from ``start`` (a file or directory) upwards.

    A candidate that cannot even be looked up (its folder is not searchable) is skipped: the
    files below that folder cannot be read either, and each gets its own ZL001. A zhlint.toml or
    .zhlint.toml that exists but cannot be read is returned, so that loading it fails with one
    clear line; running other rules than the ones it sets would be a silent wrong result. An
    unreadable pyproject.toml is skipped, as one without a ``[tool.zhlint]`` table.
    """
    directory = start if _exists(start, Path.is_dir) else start.parent
    for folder in (directory.resolve(), *directory.resolve().parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if not _exists(candidate, Path.is_file):
                continue
            if name != "pyproject.toml" or _has_zhlint_table(candidate):
                return candidate
    return None


def _exists(path: Path, test: Callable[[Path], bool]) -> bool:
    try:
        return test(path)
    except OSError:  # permission denied on a folder on the way
        return False


def _has_zhlint_table(path: Path) -> bool:
    """Does a pyproject.toml hold `[tool.zhlint]`? One that cannot be read is someone else's file."""
    try:
        tool = _read_toml(path).get("tool", {})
    except ConfigError:
        return False
    return isinstance(tool, Mapping) and "zhlint" in tool


def with_overrides(
    config: Config,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    year: int | None = None,
) -> Config:
    """Command-line options over a file's configuration."""
    changes: dict[str, Any] = {}
    if select:
        changes["select"] = _codes(list(select), "--select")
    if ignore:
        ignored = _codes(list(ignore), "--ignore")
        changes["ignore"] = config.ignore + ignored
        if ALL in ignored and not select:
            # As in ruff, the command line is applied over the file: `--ignore ALL` alone switches
            # off everything the file selects, however specific (`--select ZL4 --ignore ALL` keeps ZL4).
            changes["select"] = ()
    if year is not None:
        changes["year"] = check_year(year, "--year")
    return attrs.evolve(config, **changes)
