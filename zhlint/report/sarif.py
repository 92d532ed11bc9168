"""``--format sarif``: SARIF 2.1.0, for code-scanning dashboards."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from zhlint.diagnostics import Diagnostic, Severity
from zhlint.report.paths import path_uri, printable_tree

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
DOCS_URL = "https://github.com/zhlint/zhlint/blob/main/docs/rules.md"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str | None) -> str:
    # Percent-encoded like any URI (spaces, Chinese names, and the raw bytes of non-UTF-8 names).
    return path_uri(path) if path else "stdin"


def _region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _rules() -> list[dict[str, Any]]:
    from zhlint.rules import registered_rules

    return [
        {
            "id": registered.meta.code,
            "name": registered.meta.name,
            "shortDescription": {"text": registered.meta.summary},
            "fullDescription": {"text": registered.meta.explanation},
            "helpUri": f"{DOCS_URL}#{registered.meta.code.lower()}",
            "help": {
                "text": f"{registered.meta.explanation}\n\n"
                f"错误示例: {registered.meta.bad}\n正确示例: {registered.meta.good}"
            },
            "defaultConfiguration": {"level": _LEVEL[registered.meta.severity]},
        }
        for registered in registered_rules()
    ]


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
            }
        ],
    }


def write_sarif(diagnostics: Sequence[Diagnostic], out: TextIO, files_checked: int = 0) -> None:
    json.dump(printable_tree(sarif_log(diagnostics)), out, ensure_ascii=False, indent=2)
    out.write("\n")
