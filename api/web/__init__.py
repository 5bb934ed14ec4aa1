"""The review page: templates, static assets and the strings of both languages."""
