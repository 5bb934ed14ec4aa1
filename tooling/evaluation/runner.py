"""Run the extractor over a folder of files with `NAME.truth.json` beside them and score each one.

The runner owns I/O and timing; scoring stays in the pure `scorer` module.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from extractor.batch import INPUT_SUFFIXES
from extractor.options import ExtractOptions
from tooling.evaluation.scorer import score_file
from tooling.evaluation.tally import FileScore, Tally

TRUTH_SUFFIX = ".truth.json"
GROUPS = ("born-digital", "scanned", "bundle", "non-pk", "real")
CASE_SUFFIXES = (".pdf", *sorted(INPUT_SUFFIXES - {".pdf"}))  # a PDF before its .docx


@dataclass(frozen=True)
class Case:
    """One input file with its truth and the group it reports under."""

    path: Path
    truth: dict
    group: str
    scanned: bool
    source: str = ""  # the held-out unit: a real file's source (sources.tsv), a sample's generator/layout


@dataclass
class FileRun:
    case: Case
    score: FileScore
    pages: int
    seconds: float
    failure: str | None = None
    predicted_agreements: int = 0


@dataclass
class Summary:
    """Everything the report prints, summed over files."""

    runs: list[FileRun] = field(default_factory=list)

    def total(self, runs: list[FileRun] | None = None) -> FileScore:
        total = FileScore()
        for run in self.runs if runs is None else runs:
            total.add(run.score)
        return total

    def by_group(self) -> dict[str, list[FileRun]]:
        groups: dict[str, list[FileRun]] = {}
        for run in self.runs:
            groups.setdefault(run.case.group, []).append(run)
        return dict(sorted(groups.items(), key=lambda kv: GROUPS.index(kv[0]) if kv[0] in GROUPS else 99))

    def by_source(self) -> dict[str, list[FileRun]]:
        """Runs per source, worst field F1 first: the figure generalisation is judged by."""
        sources: dict[str, list[FileRun]] = {}
        for run in self.runs:
            sources.setdefault(run.case.source, []).append(run)
        def order(item: tuple[str, list[FileRun]]) -> tuple[bool, float, str]:
            tally = self.total(item[1]).total()
            return (tally.truth == 0, tally.f1, item[0])  # a source with nothing to find goes last

        return dict(sorted(sources.items(), key=order))

    def scanned_tally(self) -> Tally:
        return self.total([run for run in self.runs if run.case.scanned]).total()

    def seconds_per_page(self) -> float:
        pages = sum(run.pages for run in self.runs)
        return sum(run.seconds for run in self.runs) / pages if pages else 0.0

    def failures(self) -> list[FileRun]:
        return [run for run in self.runs if run.failure]


def group_of(truth: dict, path: Path) -> str:
    """Generated files name their group in `meta.group`; anything else is a real document."""
    meta = truth.get("meta") or {}
    group = meta.get("group")
    if group and meta.get("source") != "real" and "real" not in path.parts:
        return str(group)
    return "real"


def is_scanned(truth: dict, group: str) -> bool:
    meta = truth.get("meta") or {}
    return group == "scanned" or bool(meta.get("scanned")) or meta.get("kind") == "scanned"


def source_of(truth: dict, path: Path, listed: dict[str, str]) -> str:
    """Real files: their source in a `sources.tsv` beside them; generated ones: renderer/layout (a
    bundle mixes layouts: renderer/bundle)."""
    stem = path.name.split(".")[0]
    if stem in listed:
        return listed[stem]
    meta = truth.get("meta") or {}
    layouts = sorted(f.split(":", 1)[1] for f in meta.get("features") or [] if f.startswith("layout:"))
    layout = layouts[0] if len(layouts) == 1 else (meta.get("group") or "mixed")
    return f"{meta.get('renderer') or 'unknown'}/{layout}" if meta else "unlisted"


def listed_sources(directory: Path) -> dict[str, str]:
    """id -> source from every `sources.tsv` under DIR (columns: id, source, ...)."""
    listed: dict[str, str] = {}
    for table in directory.rglob("sources.tsv"):
        lines = table.read_text(encoding="utf-8").splitlines()
        for line in lines[1:]:
            cells = line.split("\t")
            if len(cells) >= 2:
                listed[cells[0]] = cells[1]
    return listed


def find_cases(directory: Path) -> list[Case]:
    """Every input in DIR (recursive) that has NAME.truth.json beside it, in a stable order."""
    cases = []
    listed = listed_sources(directory)
    for truth_path in sorted(directory.rglob(f"*{TRUTH_SUFFIX}")):
        stem = truth_path.name[: -len(TRUTH_SUFFIX)]
        inputs = [truth_path.with_name(stem + suffix) for suffix in CASE_SUFFIXES]
        found = next((p for p in inputs if p.is_file()), None)
        if found is None:
            continue
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        group = group_of(truth, found.resolve().relative_to(directory.resolve().parent))
        cases.append(Case(found, truth, group, is_scanned(truth, group), source_of(truth, found, listed)))
    return cases


def run_case(case: Case, options: ExtractOptions, cache_dir: Path | None = None) -> FileRun:
    """Extract and score one file; any failure (input error or crash) scores as all-missed.

    With `cache_dir`, the raw result comes from (or goes to) the extraction cache and is calibrated
    here, as `pipeline.extract` would; its `seconds` are then the cache's, not the extractor's.
    """
    from extractor.pipeline import extract_or_failure

    start = time.perf_counter()
    failure: str | None = None
    predicted: dict | None = None
    pages = int((case.truth.get("document") or {}).get("page_count") or 0)
    try:
        if cache_dir is None:
            result = extract_or_failure(case.path, options)
        else:
            from extractor.scoring.calibration import calibrate_agreements
            from tooling.evaluation.cache import raw_result

            result = raw_result(case.path, options, cache_dir)
            result.agreements = calibrate_agreements(result.agreements, result.document, options,
                                                     result.errors)
    except Exception as error:  # a crash must not stop the batch; it is reported by name
        failure = f"crash: {type(error).__name__}: {error}"
    else:
        if result.document.page_count == 0 and result.errors:
            failure = "; ".join(f"{p.code}: {p.message}" for p in result.errors)
        else:
            predicted = result.model_dump(mode="json")
            pages = result.document.page_count
    seconds = time.perf_counter() - start
    score = score_file(case.truth, predicted)
    count = len(predicted["agreements"]) if predicted else 0
    return FileRun(case, score, pages, seconds, failure, count)


def run_all(cases: list[Case], options: ExtractOptions,
            on_done: Callable[[FileRun], None] | None = None, cache_dir: Path | None = None) -> Summary:
    """Files one after another: the extractor already spreads a file's pages over `options.workers`."""
    summary = Summary()
    for case in cases:
        run = run_case(case, options, cache_dir)
        summary.runs.append(run)
        if on_done:
            on_done(run)
    return summary
