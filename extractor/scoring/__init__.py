"""The scoring stage: how sure the extractor is of every field, and why.

Read top to bottom: `reasons` (the closed set of reason codes and their caps), `prior` (a field's
raw confidence from how it was found), `validate` (rules that need the whole agreement, as reasons),
`evidence` (what calibration knows about a finished field), `calibration` (the stored model:
evidence -> probability of being right) and `fit` (fitting and checking that model, by source).
"""
