"""``--format sarif``: SARIF 2.1.0, for code-scanning dashboards."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from zhlint.diagnostics import Diagnostic, Severity
from zhlint.report.paths import path_uri, printable_tree

if TYPE_CHECKING:
    from zhlint.rules.base import RuleMeta

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
DOCS_URL = "https://github.com/zhlint/zhlint/blob/main/docs/rules.md"
RUN_LANGUAGE = "zh-CN"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str | None) -> str:
    # Percent-encoded like any URI (spaces, Chinese names, and the raw bytes of non-UTF-8 names).
    return path_uri(path) if path else "stdin"


def _region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _rule(meta: RuleMeta) -> dict[str, Any]:
    """A rule's descriptor: the Chinese metadata (the log's language), the English summary beside it."""
    english = f"\n\nEnglish: {meta.summary_en}" if meta.summary_en else ""
    descriptor: dict[str, Any] = {
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": meta.summary},
        "fullDescription": {"text": f"{meta.summary}\n\n{meta.explanation}{english}"},
        "helpUri": f"{DOCS_URL}#{meta.code.lower()}",
        "help": {"text": f"{meta.explanation}\n\n错误示例: {meta.bad}\n正确示例: {meta.good}"},
        "defaultConfiguration": {"level": _LEVEL[meta.severity]},
    }
    if meta.summary_en:
        descriptor["properties"] = {"summaryEn": meta.summary_en}
    return descriptor


def _rules() -> list[dict[str, Any]]:
    from zhlint.rules import registered_rules

    return [_rule(registered.meta) for registered in registered_rules()]


def _result(diagnostic: Diagnostic, rule_index: dict[str, int]) -> dict[str, Any]:
    location = {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(diagnostic.path)},
            "region": _region(diagnostic.line, diagnostic.column, diagnostic.end_line, diagnostic.end_column),
        }
    }
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "level": _LEVEL[diagnostic.severity],
        "message": {"text": diagnostic.message},
        "locations": [location],
    }
    if diagnostic.code in rule_index:
        result["ruleIndex"] = rule_index[diagnostic.code]
    if diagnostic.page is not None:
        # SARIF has no page region: the page goes in a property bag; the region stays the line and
        # column of the text zhlint extracted from the PDF (what `zhlint extract` prints).
        location["properties"] = _page_properties(diagnostic.page)
    if diagnostic.related:
        result["relatedLocations"] = [
            {
                "id": index,
                "message": {"text": related.message},
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(related.path or diagnostic.path)},
                    "region": _region(related.line, related.column, related.end_line, related.end_column),
                },
                **({} if related.page is None else {"properties": _page_properties(related.page)}),
            }
            for index, related in enumerate(diagnostic.related)
        ]
    if diagnostic.fix is not None and diagnostic.page is None:  # a PDF is not fixed in place
        fix = diagnostic.fix
        result["fixes"] = [
            {
                "description": {"text": "zhlint --fix"},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": _uri(diagnostic.path)},
                        "replacements": [
                            {
                                "deletedRegion": _region(fix.line, fix.column, fix.end_line, fix.end_column),
                                "insertedContent": {"text": fix.replacement},
                            }
                        ],
                    }
                ],
            }
        ]
    return result


def _page_properties(page: int) -> dict[str, Any]:
    return {"page": page, "regionIn": "extracted-text"}


def sarif_log(diagnostics: Sequence[Diagnostic]) -> dict[str, Any]:
    from zhlint.version import __version__

    rules = _rules()
    rule_index = {entry["id"]: index for index, entry in enumerate(rules)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "zhlint",
                        "version": __version__,
                        "informationUri": "https://github.com/zhlint/zhlint",
                        "rules": rules,
                    }
                },
                "results": [_result(diagnostic, rule_index) for diagnostic in diagnostics],
                # Columns count code points (Python string indices), not UTF-16 units: a character
                # outside the BMP (𠀀) is one column. Required when results are present (§3.14.27).
                "columnKind": "unicodeCodePoints",
                "language": RUN_LANGUAGE,  # the messages and the rule descriptions are Chinese
            }
        ],
    }


def write_sarif(diagnostics: Sequence[Diagnostic], out: TextIO, files_checked: int = 0) -> None:
    json.dump(printable_tree(sarif_log(diagnostics)), out, ensure_ascii=False, indent=2)
    out.write("\n")
