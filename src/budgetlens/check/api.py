"""Entry points for the CLI and the web app: run a check over files, list the catalogue."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from budgetlens.check.batch import Batch
from budgetlens.model import Disclosure, Source

if TYPE_CHECKING:
    from budgetlens.library.inputs import Progress


def load(path: str) -> tuple[Disclosure, Source]:
    from budgetlens.read import read_source
    from budgetlens.recognize import recognize

    source = read_source(path)
    return recognize(source), source


def run_check(
    paths: Sequence[str],
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    fmt: str = "text",
    color: bool = False,
    profile: str | None = None,
) -> tuple[str, int]:
    """Check files; return (output, exit code). Exit 0 clean, 1 error findings, 2 tool error
    (the output is then a one-line message for stderr)."""
    output, code, problems = check_files(paths, select, ignore, fmt, color, profile)
    if problems and not output:
        return "\n".join(problems), 2
    return output, code


def check_files(
    paths: Sequence[str],
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    fmt: str = "text",
    color: bool = False,
    profile: str | None = None,
    progress: Progress | None = None,
) -> tuple[str, int, list[str]]:
    """Check a batch of files, folders (recursively) and zip archives: (report, exit code, one-line
    problems). A file that cannot be read is reported as a problem and the others are still
    checked; the exit code is then 2. Bad options give no report, only the problem."""
    from budgetlens.report import render

    if fmt not in ("json", "text", "html"):
        return "", 2, [f"unknown format {fmt!r} (json, text or html)"]
    if profile:
        from budgetlens.score import UnknownProfileError, get_profile

        try:
            get_profile(profile)
        except UnknownProfileError as exc:
            return "", 2, [str(exc)]
    from budgetlens.library.inputs import load_inputs  # folders and zip archives opened too

    # each document's own rules run as soon as it is read; the batch keeps of it only what the
    # cross-document rules need (see batch.Batch), so memory stays flat as a batch grows
    try:
        batch: Batch | None = Batch(select, ignore, profile=profile)
        bad_rules = ""
    except ValueError as exc:  # unknown rule or group in --select/--ignore
        batch, bad_rules = None, str(exc)
    loaded = load_inputs(paths, progress, each=batch.add if batch is not None else None)
    problems = loaded.problems
    if batch is None:
        # the files were read only for their problems: with none readable those are the answer
        return "", 2, problems if not loaded.disclosures else [bad_rules]
    if not len(batch):
        return "", 2, problems
    report = batch.report()
    loaded.rename(report.findings)
    code = 2 if problems else (1 if report.has_errors else 0)
    return render(report, fmt, color=color), code, problems


def list_rules(fmt: str = "text", select: Iterable[str] | None = None) -> str:
    """The rule catalogue as text (a table) or JSON, from the rules' data (no rule is imported)."""
    from budgetlens.check.registry import list_rules as listing

    return listing(fmt, select)
