"""The table stage: lampiran pages -> TargetRow / ProgramRow.

Read top to bottom: `ruling` (the page's drawn rules) and `lattice` (cells with their spans, from
those rules), `header` (column kinds from the lexicon), `ruled` and `bands` (tables read from their
drawn grid), `grid` (lines and columns from word positions, the borderless fallback), `rows`
(cells of one column), `merged` (cells spanning rows), `targets` / `budget` (contract rows),
`headerless` (a budget table whose heading OCR lost), `doubt` (what a whole table may have lost),
`lampiran` (the entry point, `read_lampiran`).
"""
