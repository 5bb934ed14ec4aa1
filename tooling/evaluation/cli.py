"""`pk-extract eval DIR`: score the extractor on every file in DIR that has NAME.truth.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from extractor.ingest.ocr.engine import EngineName
from extractor.options import ExtractOptions, default_workers


def register(app: typer.Typer) -> None:
    @app.command("eval")
    def eval_command(
        directory: Annotated[Path, typer.Argument(help="Folder of files with NAME.truth.json (recursive).")],
        json_out: Annotated[Path | None, typer.Option("--json", help="Write the full report here.")] = None,
        workers: Annotated[int, typer.Option("--workers", "-w", min=1,
                                             help="Parallel OCR processes per file.")] = default_workers(),
        dpi: Annotated[int, typer.Option("--dpi", min=72, max=600, help="Render resolution for OCR.")] = 300,
        cache: Annotated[Path | None, typer.Option(
            "--cache", help="Reuse raw extraction results cached here (keyed by file and extractor code); "
                            "calibration is applied afresh.")] = None,
        second_reading: Annotated[bool, typer.Option(
            "--second-reading/--no-second-reading",
            help="Read every ruled table cell of a scan twice (see `extract --help`).")] = True,
        ocr_engine: Annotated[EngineName, typer.Option(
            "--ocr-engine", help="tesserocr, pytesseract or auto (see `extract --help`).")] = "auto",
    ) -> None:
        """Score the extractor on every file in DIR that has a truth file; ends with an OVERALL line."""
        from tooling.evaluation.report import overall_line, print_report, summary_dict
        from tooling.evaluation.runner import FileRun, find_cases, run_all

        err = Console(stderr=True)
        if not directory.is_dir():
            err.print(f"[red]Not a folder:[/red] {directory}")
            raise typer.Exit(2)
        cases = find_cases(directory)
        if not cases:
            err.print(f"[red]No file with a NAME.truth.json beside it under[/red] {directory}")
            raise typer.Exit(2)

        def progress(run: FileRun) -> None:
            tally = run.score.total()
            mark = "[red]✗[/red]" if run.failure else "[green]✓[/green]"
            err.print(f"{mark} {run.case.path.name} [{run.case.group}] {run.pages}p "
                      f"agreements {run.predicted_agreements}/{run.score.agreements} "
                      f"F1 {tally.f1:.3f} {run.seconds:.1f}s", highlight=False)

        options = ExtractOptions(workers=workers, dpi=dpi, second_reading=second_reading,
                                 ocr_engine=ocr_engine)
        summary = run_all(cases, options, on_done=progress, cache_dir=cache)
        console = Console()
        if not console.is_terminal:
            console.width = 160
        print_report(summary, console)
        if json_out:
            json_out.write_text(json.dumps(summary_dict(summary), indent=2, ensure_ascii=False) + "\n",
                                encoding="utf-8")
            console.print(f"report written to {json_out}")
        console.file.flush()
        print(overall_line(summary), flush=True)
