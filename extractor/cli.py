"""`pk-extract` command line: extract, pages, eval; the service's commands come from `api.cli`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from extractor.ocr.engine import EngineName
from extractor.options import ExtractOptions, default_workers
from extractor.pipeline import extract_or_failure
from models.result import ExtractionResult

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn Perjanjian Kinerja PDFs into structured, reviewable records.")
err = Console(stderr=True)

INPUT_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}

WorkersOpt = Annotated[int, typer.Option("--workers", "-w", min=1, help="Parallel OCR processes.")]
DpiOpt = Annotated[int, typer.Option("--dpi", min=72, max=600, help="Render resolution for OCR.")]
LangOpt = Annotated[str, typer.Option("--lang", help="Tesseract languages.")]
ForceOcrOpt = Annotated[bool, typer.Option("--force-ocr", help="OCR every page, ignore text layers.")]
SecondReadingOpt = Annotated[bool, typer.Option(
    "--second-reading/--no-second-reading",
    help="Read every ruled table cell of a scan twice to confirm or dispute its words (better review "
         "flags, about +10% OCR time on scans with tables).")]

OcrEngineOpt = Annotated[EngineName, typer.Option(
    "--ocr-engine", help="Tesseract in each worker (tesserocr) or a process per call (pytesseract); "
                         "auto: tesserocr where it loads.")]


def collect_inputs(paths: list[Path]) -> list[Path]:
    """Files as given, folders searched recursively for supported inputs, in a stable order."""
    inputs: list[Path] = []
    for path in paths:
        if path.is_dir():
            inputs.extend(sorted(p for p in path.rglob("*")
                                 if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES))
        else:
            inputs.append(path)
    return inputs


def result_failed(result: ExtractionResult) -> bool:
    return result.document.page_count == 0 and bool(result.errors)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the ExtractionResult JSON.")] = False,
    outdir: Annotated[Path | None, typer.Option("-o", "--outdir", help="Write NAME.json here.")] = None,
    workers: WorkersOpt = default_workers(),
    dpi: DpiOpt = 300,
    lang: LangOpt = "ind+eng",
    force_ocr: ForceOcrOpt = False,
    second_reading: SecondReadingOpt = True,
    ocr_engine: OcrEngineOpt = "auto",
) -> None:
    """Extract every PK from each input. Exit code 1 when any file could not be read."""
    options = ExtractOptions(workers=workers, dpi=dpi, lang=lang, force_ocr=force_ocr,
                             second_reading=second_reading, ocr_engine=ocr_engine)
    inputs = collect_inputs(paths)
    if not inputs:
        err.print("[red]No input files found.[/red]")
        raise typer.Exit(2)
    if outdir:
        outdir.mkdir(parents=True, exist_ok=True)
    results = run_batch(inputs, options)
    for path, result in zip(inputs, results, strict=True):
        if outdir:
            (outdir / f"{path.stem}.json").write_text(result.to_json(), encoding="utf-8")
        if not as_json:
            report(path, result)
    if as_json:
        payload = [r.model_dump(mode="json") for r in results]
        sys.stdout.write(json.dumps(payload[0] if len(payload) == 1 else payload, indent=2,
                                    ensure_ascii=False) + "\n")
    if any(result_failed(r) for r in results):
        raise typer.Exit(1)


def run_batch(inputs: list[Path], options: ExtractOptions) -> list[ExtractionResult]:
    """Extract each file in turn (pages in parallel inside), with a progress bar on a terminal."""
    results: list[ExtractionResult] = []
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, disable=not err.is_terminal,
                  transient=True) as progress:
        files_task = progress.add_task("files", total=len(inputs))
        pages_task = progress.add_task("pages", total=None)
        for path in inputs:
            progress.update(pages_task, description=f"pages of {path.name}", completed=0)
            result = extract_or_failure(
                path, options, on_page=lambda _page: progress.advance(pages_task))
            results.append(result)
            progress.advance(files_task)
    return results


def report(path: Path, result: ExtractionResult) -> None:
    if result_failed(result):
        for problem in result.errors:
            err.print(f"[red]✗ {problem.code}[/red] {problem.message}")
        return
    err.print(f"[green]✓[/green] {path}: {result.document.page_count} page(s), "
              f"{len(result.agreements)} agreement(s), {len(result.errors)} problem(s)")
    for agreement in result.agreements:
        first = agreement.first_party.name.value if agreement.first_party else None
        err.print(f"    pages {agreement.pages}: {agreement.year.value} "
                  f"{agreement.organization.value or ''} — {first or '?'}")
    for problem in result.errors:
        where = f" (page {problem.page})" if problem.page else ""
        err.print(f"    [yellow]! {problem.code}[/yellow]{where}: {problem.message}")


@app.command()
def pages(
    path: Annotated[Path, typer.Argument(help="One PDF or image.")],
    workers: WorkersOpt = default_workers(),
    dpi: DpiOpt = 300,
    lang: LangOpt = "ind+eng",
    force_ocr: ForceOcrOpt = False,
    words: Annotated[bool, typer.Option("--words/--no-words", help="Print lines of words.")] = True,
    ocr_engine: OcrEngineOpt = "auto",
) -> None:
    """Debug view: each page's decision, rotation, skew, confidence and lines of words."""
    from extractor.errors import PkExtractError
    from extractor.ingest import open_source
    from extractor.reader import read_pages

    options = ExtractOptions(workers=workers, dpi=dpi, lang=lang, force_ocr=force_ocr, ocr_engine=ocr_engine)
    console = Console()
    try:
        source = open_source(path, options)
    except PkExtractError as error:
        err.print(f"[red]✗ {error.code}[/red] {error}")
        raise typer.Exit(1) from error
    read = read_pages(source, options)
    for page in read.pages:
        info = page.info
        conf = f"{info.ocr_confidence:.2f}" if info.ocr_confidence is not None else "-"
        console.rule(f"page {info.number}: {info.source} ({page.decision_reason}) rotation "
                     f"{info.rotation} skew {info.skew_degrees:+.1f}° conf {conf} "
                     f"{info.width:.0f}x{info.height:.0f}pt")
        if words:
            console.print(page.text(), markup=False, highlight=False, soft_wrap=True)
    for problem in read.problems:
        err.print(f"[yellow]! {problem.code}[/yellow] page {problem.page}: {problem.message}")


def register_optional_commands() -> None:
    """Commands whose modules pull in heavier dependencies register themselves here."""
    from extractor.audit_cli import register as register_audit
    from extractor.calibrate_cli import register as register_calibrate
    from extractor.evaluation.cli import register as register_eval

    register_eval(app)
    register_calibrate(app)
    register_audit(app)
    try:
        from api.cli import register as register_api
    except ImportError:  # the service package is optional at import time only while it is built
        return
    register_api(app)


register_optional_commands()
