"""The table stage: lampiran pages -> TargetRow / ProgramRow.

Read top to bottom: `ruling` (the page's drawn rules) and `lattice` (cells with their spans, from
those rules), `header` (column kinds from the lexicon), `grid` (lines and columns from word
positions, the borderless fallback), `rows` (cells of one column), `targets` / `budget` (contract
rows), `doubt` (what a whole table may have lost), `lampiran` (the entry point, `read_lampiran`).
"""
