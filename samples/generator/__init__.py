"""Seeded generator of synthetic Perjanjian Kinerja PDFs with ground truth (see samples/README.md)."""
