"""pk-extract: Perjanjian Kinerja PDFs into structured, reviewable records."""

__version__ = "0.1.0"
