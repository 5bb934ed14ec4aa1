"""`python -m cli ...`: the `pk-extract` command without its installed script."""

from cli import app

app()
