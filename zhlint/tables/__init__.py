"""Stage 3, recognising: the document's tables as typed models.

``recognise`` names the standard tables and builds their models, ``read`` reads a recognised
table's rows and columns, ``appendix`` reads the tables of the appendix (绩效自评表, 基础数据表).
"""
