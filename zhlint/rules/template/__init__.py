"""ZL60x: template residue and wording.

The national template carries alternatives (`大于（小于）`, `财政补助事业单位/经费自理事业单位`)
and instructions (`（精确到个人）`, `（按用途分类）`) that the writer must resolve. Left in, they
show the report was not finished. Duplicated words are the other common slip of copy-editing.
"""

from __future__ import annotations

from zhlint.rules.template import (  # noqa: F401  (imported for registration)
    blank_field,
    brackets,
    duplicated,
    jiezhi,
    residue,
)
