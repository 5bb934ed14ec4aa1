"""Turn a scored `Summary` into rich tables, a JSON report and the one machine-readable OVERALL line."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from rich.console import Console
from rich.table import Table

from tooling.evaluation.runner import FileRun, Summary
from tooling.evaluation.scorer import ALL_FIELD_KEYS
from tooling.evaluation.tally import FileScore, Tally


def overall_line(summary: Summary) -> str:
    total = summary.total()
    tally = total.total()
    worst_name, worst_runs = next(iter(summary.by_source().items()), ("", []))
    worst = summary.total(worst_runs).total()
    rows = total.rows.get("performance_targets", Tally())
    return (f"OVERALL field_f1={tally.f1:.3f} clean={total.clean_share:.3f} "
            f"scanned={summary.scanned_tally().f1:.3f} capture={tally.capture:.3f} "
            f"false_alarm={tally.false_alarm:.3f} s_per_page={summary.seconds_per_page():.2f} "
            f"worst_source={worst_name}:{worst.f1:.3f}/{worst.capture:.3f} target_rows_f1={rows.f1:.3f}")


def tally_dict(tally: Tally) -> dict[str, Any]:
    return {
        "predicted": tally.predicted, "truth": tally.truth, "tp": tally.tp,
        "judged": tally.judged, "right": tally.right,
        "precision": round(tally.precision, 4), "recall": round(tally.recall, 4), "f1": round(tally.f1, 4),
        "capture": round(tally.capture, 4), "false_alarm": round(tally.false_alarm, 4),
        "wrong_emitted": tally.flag_wrong, "right_emitted": tally.flag_right,
    }


def score_dict(score: FileScore) -> dict[str, Any]:
    rows = {table: {"truth": t.truth, "predicted": t.predicted, "paired": t.tp, "f1": round(t.f1, 4)}
            for table, t in score.rows.items()}
    return {"agreements": score.agreements, "clean": score.clean,
            "spurious_agreements": score.spurious_agreements,
            "clean_share": round(score.clean_share, 4), **tally_dict(score.total()), "rows": rows}


def run_dict(run: FileRun) -> dict[str, Any]:
    return {"file": str(run.case.path), "group": run.case.group, "scanned": run.case.scanned,
            "pages": run.pages, "seconds": round(run.seconds, 3), "failure": run.failure,
            "predicted_agreements": run.predicted_agreements, **score_dict(run.score),
            "mistakes": [asdict(mistake) for mistake in run.score.mistakes]}


def summary_dict(summary: Summary) -> dict[str, Any]:
    total = summary.total()
    return {
        "overall": {**score_dict(total), "scanned_f1": round(summary.scanned_tally().f1, 4),
                    "s_per_page": round(summary.seconds_per_page(), 3), "line": overall_line(summary)},
        "fields": {key: tally_dict(total.fields[key]) for key in ALL_FIELD_KEYS if key in total.fields},
        "groups": {group: score_dict(summary.total(runs)) | {"files": len(runs)}
                   for group, runs in summary.by_group().items()},
        "sources": {source: score_dict(summary.total(runs)) | {"files": len(runs)}
                    for source, runs in summary.by_source().items()},
        "files": [run_dict(run) for run in summary.runs],
    }


def pct(value: float) -> str:
    return f"{value:.3f}"


def fields_table(total: FileScore) -> Table:
    table = Table(title="Per-field scores (micro over leaves)")
    for name in ("field", "truth", "predicted", "TP", "precision", "recall", "F1", "capture", "false alarm"):
        table.add_column(name, justify="left" if name == "field" else "right")
    for key in ALL_FIELD_KEYS:
        tally = total.fields.get(key)
        if tally is None or tally.judged == 0:
            continue
        table.add_row(key, str(tally.truth), str(tally.predicted), str(tally.tp), pct(tally.precision),
                      pct(tally.recall), pct(tally.f1), pct(tally.capture), pct(tally.false_alarm))
    overall = total.total()
    table.add_row("[bold]all fields[/bold]", str(overall.truth), str(overall.predicted), str(overall.tp),
                  pct(overall.precision), pct(overall.recall), f"[bold]{pct(overall.f1)}[/bold]",
                  pct(overall.capture), pct(overall.false_alarm))
    return table


def groups_table(summary: Summary) -> Table:
    table = Table(title="By group")
    for name in ("group", "files", "pages", "agreements", "predicted", "clean", "field F1",
                 "precision", "recall", "failed", "s/page"):
        table.add_column(name, justify="left" if name == "group" else "right")
    for group, runs in summary.by_group().items():
        score = summary.total(runs)
        tally = score.total()
        pages = sum(run.pages for run in runs)
        seconds = sum(run.seconds for run in runs)
        table.add_row(group, str(len(runs)), str(pages), str(score.agreements),
                      str(sum(run.predicted_agreements for run in runs)), pct(score.clean_share),
                      pct(tally.f1), pct(tally.precision), pct(tally.recall),
                      str(sum(1 for run in runs if run.failure)), f"{seconds / pages if pages else 0:.2f}")
    return table


def sources_table(summary: Summary) -> Table:
    """Per source (real: sources.tsv; samples: renderer/layout), worst field F1 first."""
    table = Table(title="By source, worst first")
    for name in ("source", "files", "agreements", "clean", "field F1", "capture", "false alarm"):
        table.add_column(name, justify="left" if name == "source" else "right")
    for source, runs in summary.by_source().items():
        score = summary.total(runs)
        tally = score.total()
        table.add_row(source, str(len(runs)), str(score.agreements), pct(score.clean_share), pct(tally.f1),
                      pct(tally.capture), pct(tally.false_alarm))
    return table


def weakest_table(summary: Summary, count: int = 10) -> Table:
    """The files to look at first: lowest field F1 among those with something to find."""
    table = Table(title=f"Weakest {count} files")
    for name in ("file", "group", "agreements", "predicted", "field F1", "precision", "recall"):
        table.add_column(name, justify="left" if name in ("file", "group") else "right")
    runs = [run for run in summary.runs if run.score.total().truth]
    for run in sorted(runs, key=lambda r: (r.score.total().f1, r.case.path.name))[:count]:
        tally = run.score.total()
        table.add_row(run.case.path.name, run.case.group, str(run.score.agreements),
                      str(run.predicted_agreements), pct(tally.f1), pct(tally.precision), pct(tally.recall))
    return table


def print_report(summary: Summary, console: Console) -> None:
    total = summary.total()
    console.print(fields_table(total))
    console.print(groups_table(summary))
    console.print(sources_table(summary))
    console.print(weakest_table(summary))
    overall = total.total()
    console.print(f"files: {len(summary.runs)}  agreements: {total.agreements}  "
                  f"clean: {total.clean}/{total.agreements + total.spurious_agreements}  "
                  f"spurious agreements: {total.spurious_agreements}")
    console.print(f"review flags: capture {overall.flag_wrong_flagged}/{overall.flag_wrong} wrong "
                  f"emitted fields; false alarms {overall.flag_right_flagged}/{overall.flag_right} "
                  "right emitted fields")
    console.print(f"seconds per page: {summary.seconds_per_page():.2f}")
    for run in summary.failures():
        console.print(f"[red]failed (counted as all-missed):[/red] {run.case.path}: {run.failure}",
                      markup=True, highlight=False)
