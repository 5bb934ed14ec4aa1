"""Pydantic models: the record contract (`../shared/pk-record.md`) and the types passed between stages."""
