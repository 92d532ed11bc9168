"""The official SARIF 2.1.0 schema (tests/data), as a validator.

The schema writes the language-tag pattern (`run.language`, `toolComponent.language`) as
`^(?i)[a-zA]{2}(-[a-z]{2})?$`: an inline flag that neither ECMA-262 (the dialect of JSON Schema)
nor Python's `re` accepts after `^` (re.error: global flags not at the start). It means a
two-letter language with an optional two-letter region, in any case; the validator uses that
pattern, written so that `re` reads it. Everything else is the schema as published.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped,unused-ignore]

SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
_LANGUAGE_PATTERN = "^(?i)[a-zA]{2}(-[a-z]{2})?$"
_LANGUAGE_PATTERN_FOR_RE = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$"


def _with_readable_patterns(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            key: _LANGUAGE_PATTERN_FOR_RE
            if key == "pattern" and value == _LANGUAGE_PATTERN
            else _with_readable_patterns(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_with_readable_patterns(item) for item in node]
    return node


def sarif_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


def sarif_validator() -> jsonschema.protocols.Validator:
    schema = _with_readable_patterns(sarif_schema())
    validator_class = jsonschema.validators.validator_for(schema)
    return validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
