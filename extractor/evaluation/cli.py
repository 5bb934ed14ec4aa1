"""`pk-extract eval` (STUB, owned by the evaluation work)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command("eval")
    def eval_command(
        directory: Annotated[Path, typer.Argument(help="Folder of files with NAME.truth.json.")],
    ) -> None:
        """Score the extractor on every file in DIR that has a truth file."""
        raise typer.Exit(3)
