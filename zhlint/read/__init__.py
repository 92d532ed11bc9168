"""Stage 1, reading: bytes to a :class:`~zhlint.read.source.Source`.

``source`` decodes and indexes lines, ``text`` maps normalised text back to source offsets, and
``numbers`` is the one place where numbers are parsed, rounded and compared (Decimal only).
"""
