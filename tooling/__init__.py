"""Tooling around the extractor, not part of a run: `pk-extract eval` (evaluation/), `calibrate`
(calibrate_cli, fit) and `audit` (audit_cli). The extractor never imports it."""
