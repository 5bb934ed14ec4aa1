"""Ingestion: a file -> upright pages of words with boxes, confidences and their source.

`source` opens and checks the input (PDF, image, Word), `reader` reads every page (the text layer
where `triage` trusts it, else OCR in `ocr/`), `docx_*` lay a Word file out as pages; the hand-off
to parsing is `reader.PagesRead` (models.document.Page). Nothing here knows what a PK is.
"""
