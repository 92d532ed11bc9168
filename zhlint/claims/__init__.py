"""Stage 4, extracting: the numeric claims of the prose.

``parse`` cuts clauses and runs the Lark grammar (grammars/claims.lark), ``build`` assembles
atoms into claims, ``model`` holds the claim classes, ``extract`` is the entry point.
"""
