"""`pk-extract`'s own extraction commands: extract, pages. `cli` adds the tooling and the service's.

`collect_inputs` and `result_failed` live in `extractor.batch` and are imported here for the
service's `import`, which takes its inputs the same way."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from extractor.batch import (
    BatchItem,
    Clock,
    already_done,
    collect_inputs,
    plan_outputs,
    result_failed,
    summary_line,
    write_atomically,
)
from extractor.errors import readable
from extractor.ingest.ocr.engine import EngineName
from extractor.options import ExtractOptions, default_workers
from extractor.pipeline import extract_or_failure
from models.document import Page
from models.result import ExtractionResult

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn Perjanjian Kinerja PDFs into structured, reviewable records.")
err = Console(stderr=True)

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

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pk-extract")
    except PackageNotFoundError:  # a bare checkout on sys.path, never installed
        return "unknown (not installed)"


def show_version(value: bool) -> None:
    if value:
        typer.echo(f"pk-extract {package_version()}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main(version: Annotated[bool | None, typer.Option(
        "--version", callback=show_version, is_eager=True, help="Print the version and exit.")] = None,
         ) -> None:
    """Turn Perjanjian Kinerja PDFs, scans and Word files into structured, reviewable records."""


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the ExtractionResult JSON.")] = False,
    outdir: Annotated[Path | None, typer.Option(
        "-o", "--outdir", help="Write each file's JSON here as soon as it is done, mirroring the input "
                               "folders; files whose JSON is there for the same bytes are skipped.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Extract again even where the JSON is up to date.")
                     ] = False,
    searchable_pdf: Annotated[Path | None, typer.Option(
        "--searchable-pdf", help="Write each scanned PDF here again, with the OCR words as an invisible "
                                 "text layer (folders mirrored like -o).")] = None,
    workers: WorkersOpt = default_workers(),
    dpi: DpiOpt = 300,
    lang: LangOpt = "ind+eng",
    force_ocr: ForceOcrOpt = False,
    second_reading: SecondReadingOpt = True,
    ocr_engine: OcrEngineOpt = "auto",
) -> None:
    """Extract every PK from each input.

    Exit codes: 0 every file was read; 1 some file could not be read (its JSON says why); 2 usage error
    (bad option, no input file); 130 interrupted (Ctrl+C): every file finished before is kept.
    """
    options = ExtractOptions(workers=workers, dpi=dpi, lang=lang, force_ocr=force_ocr,
                             second_reading=second_reading, ocr_engine=ocr_engine)
    inputs = collect_inputs(paths)
    if not inputs:
        err.print("[red]No input files found.[/red]")
        raise typer.Exit(EXIT_USAGE)
    items = plan_outputs(paths, inputs, outdir, searchable_pdf)
    batch = Batch(items, options, force)
    try:
        batch.run()
    except KeyboardInterrupt:
        from extractor.ingest.ocr.concurrent import discard_pool

        discard_pool()
        kept = f"; their JSON is in {outdir}" if outdir else ""
        err.print(f"interrupted: {batch.done} of {len(items)} file(s) finished{kept}", markup=False,
                  highlight=False)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if as_json:
        payload = [result.model_dump(mode="json") for result in batch.results]
        sys.stdout.write(json.dumps(payload[0] if len(payload) == 1 else payload, indent=2,
                                    ensure_ascii=False) + "\n")
    raise typer.Exit(EXIT_SOME_FAILED if batch.failed else EXIT_OK)


class Batch:
    """Runs the items in turn (pages in parallel inside), writing each JSON as soon as it is done."""

    def __init__(self, items: list[BatchItem], options: ExtractOptions, force: bool):
        self.items, self.options, self.force = items, options, force
        self.results: list[ExtractionResult] = []
        self.done = self.failed = 0

    def run(self) -> None:
        if not err.is_terminal:
            for index, item in enumerate(self.items, 1):
                clock = Clock()
                result = self.one(item, None)
                print(summary_line(index, len(self.items), item.path, result, clock.split()), file=sys.stderr,
                      flush=True)
            return
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   TextColumn("ETA"), TimeRemainingColumn())
        with Progress(*columns, console=err, transient=True) as progress:
            files_task = progress.add_task("files", total=len(self.items))
            pages_task = progress.add_task("pages", total=None)
            for index, item in enumerate(self.items, 1):
                progress.update(pages_task, description=f"pages of {readable(item.path.name)}", completed=0)
                clock = Clock()
                result = self.one(item, lambda _page: progress.advance(pages_task))
                progress.console.print(summary_line(index, len(self.items), item.path, result, clock.split()),
                                       markup=False, highlight=False)
                if result is not None:
                    details(result, progress.console)
                progress.advance(files_task)

    def one(self, item: BatchItem, on_page) -> ExtractionResult | None:
        """The file's result (None when skipped as up to date), its JSON written at once."""
        if not self.force and already_done(item):
            kept = ExtractionResult.model_validate_json(item.output.read_text(encoding="utf-8"))
            self.results.append(kept)
            self.done += 1
            self.failed += result_failed(kept)
            return None
        pages: list[Page] = []

        def read(page: Page) -> None:
            pages.append(page)
            if on_page:
                on_page(page)

        result = extract_or_failure(item.path, self.options, on_page=read)
        if item.searchable is not None:
            searchable_copy(item, result, pages)
        if item.output is not None:
            write_atomically(item.output, result.to_json())
        self.results.append(result)
        self.done += 1
        self.failed += result_failed(result)
        return result


def searchable_copy(item: BatchItem, result: ExtractionResult, pages: list[Page]) -> None:
    """The scanned PDF again with our words as its text layer; a file that cannot be copied says so and
    the batch goes on (its JSON is what counts)."""
    from extractor.ingest.searchable import copy_if_scanned

    if result_failed(result):
        return
    try:
        copy_if_scanned(item.path, pages, item.searchable)
    except Exception as error:  # pikepdf refuses what pdfium read: no copy, not a failed file
        print(f"    ! no searchable copy of {readable(item.path)}: {type(error).__name__}: {error}",
              file=sys.stderr, flush=True)


def details(result: ExtractionResult, console: Console) -> None:
    """Agreements and page problems under a file's line, on a terminal."""
    if result_failed(result):
        return
    for agreement in result.agreements:
        first = agreement.first_party.name.value if agreement.first_party else None
        console.print(f"    pages {agreement.pages}: {agreement.year.value} "
                      f"{agreement.organization.value or ''} — {first or '?'}", markup=False, highlight=False)
    for problem in result.errors:
        where = f" (page {problem.page})" if problem.page else ""
        console.print(f"    ! {problem.code}{where}: {problem.message}", markup=False, highlight=False)


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
    from extractor.ingest.source import open_source
    from extractor.pipeline import read_source

    options = ExtractOptions(workers=workers, dpi=dpi, lang=lang, force_ocr=force_ocr, ocr_engine=ocr_engine)
    console = Console()
    try:
        source = open_source(path, options)
    except PkExtractError as error:
        err.print(f"[red]✗ {error.code}[/red] {error}")
        raise typer.Exit(1) from error
    try:
        read = read_source(source, options)
    finally:
        source.discard_stand_in()
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
