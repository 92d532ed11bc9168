"""ZL62x: structure — the 目录 against the body, and the numbering of headings and lists."""

from __future__ import annotations

from zhlint.rules.structure import (  # noqa: F401  (imported for registration)
    captions,
    numbering,
    toc,
)
