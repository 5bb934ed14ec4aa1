"""Parsing: pages of words -> agreements (statement fields, parties, signatures; the lampiran tables
are read in `extractor.tables`).

`agreements.pages_to_agreements` is the stage's spine: pages are split into agreements (`segment`),
each statement read (`parties`, `metadata`, `officials`, `signatures`, `assemble`), duplicate copies
folded (`copies`). This package's __init__ imports nothing, so the table stage may use its
modules without a cycle through the spine.
"""
