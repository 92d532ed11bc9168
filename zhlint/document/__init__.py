"""Stage 2, segmenting: a Source to a :class:`~zhlint.document.segment.Document`.

Headings, paragraphs, tables of cells, the 目录 and the cover, every node with its span.
"""
