"""Persistence: engine and migrations, tables, the content-addressed file store, repositories."""
