"""`pk-extract audit draw|estimate`: how many wrong values a batch holds among the fields nobody
was asked to review (scoring/audit.py).

`draw` samples unflagged fields from the JSON results of `pk-extract extract -o DIR` into a CSV
sheet; a person fills its `verdict` column (right / wrong) against the pages; `estimate` turns the
sheet into the batch's error rate among unflagged fields and the number of wrong fields, with a 95%
interval.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

audit_app = typer.Typer(add_completion=False, no_args_is_help=True,
                        help="Estimate the wrong values left among unflagged fields, from a judged sample.")


def _results(paths: list[Path], err: Console):
    from models.result import ExtractionResult

    files = [p for path in paths for p in (sorted(path.rglob("*.json")) if path.is_dir() else [path])]
    for file in files:
        try:
            yield file.name, ExtractionResult.model_validate_json(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            err.print(f"[yellow]skipped[/yellow] {file}: not an extraction result ({str(error)[:120]})",
                      soft_wrap=True)


@audit_app.command("draw")
def draw_command(
    results: Annotated[list[Path], typer.Argument(help="Result JSON files or folders (extract -o DIR).")],
    sheet: Annotated[Path, typer.Option("-o", "--sheet", help="The CSV sheet to fill in.")
                     ] = Path("audit.csv"),
    size: Annotated[int, typer.Option("-n", "--size", min=1, help="Fields to sample.")] = 200,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same sample.")] = 0,
) -> None:
    """Sample unflagged fields into a sheet whose `verdict` column a person fills in."""
    from extractor.scoring.audit import draw, unflagged_fields, write_sheet

    err = Console(stderr=True)
    items = list(unflagged_fields(_results(results, err)))
    if not items:
        err.print("[red]No unflagged field found[/red] in the results given.")
        raise typer.Exit(2)
    sample = draw(items, size, seed)
    write_sheet(sheet, sample, len(items))
    print(f"{len(sample)} of {len(items)} unflagged fields written to {sheet}; fill in 'verdict' "
          "(right / wrong) from the pages, then run `pk-extract audit estimate`.")


@audit_app.command("estimate")
def estimate_command(
    sheet: Annotated[Path, typer.Argument(help="The sheet from `audit draw`, verdicts filled in.")],
) -> None:
    """Error rate among unflagged fields and the number of wrong fields in the batch, 95% interval."""
    from extractor.scoring.audit import estimate, read_sheet

    try:
        population, verdicts = read_sheet(sheet)
    except (OSError, ValueError, KeyError) as error:
        Console(stderr=True).print(f"[red]Cannot read the sheet:[/red] {error}", soft_wrap=True)
        raise typer.Exit(2) from error
    found = estimate(population, verdicts)
    print(f"AUDIT judged={found.judged} wrong={found.wrong} unjudged={found.unjudged} "
          f"error_rate={found.error_rate:.4f} (95%: {found.error_rate_low:.4f}-{found.error_rate_high:.4f}) "
          f"wrong_unflagged_fields={found.wrong_fields_low}-{found.wrong_fields_high} of {population}")


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
