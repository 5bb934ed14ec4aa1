"""Scoring extraction results against truth files with the contract's comparison rules."""
