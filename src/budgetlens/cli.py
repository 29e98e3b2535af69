"""Command-line interface: a thin layer over the library.

Exit codes: 0 clean, 1 findings of severity error, 2 tool error or unreadable input.
"""
# (no ``from __future__ import annotations``: typer would compile and evaluate every parameter's
# annotation from its text on each start, ~4 ms)

import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, ClassVar

import typer

from budgetlens.cli_lang import LangGroup
from budgetlens.errors import InputError
from budgetlens.i18n import localized, t


def _library_group() -> Any:
    # made when a library command runs: its commands, and the database stack when one of them runs
    from budgetlens.library.cli import app as library_app

    return typer.main.get_group(library_app)


class RootGroup(LangGroup):
    lazy: ClassVar[dict[str, tuple[Callable[[], Any], str]]] = {"library": (_library_group, "A library of disclosures: add, list, show, findings, review, recheck, compare, export.")}


app = typer.Typer(
    cls=RootGroup,  # --lang zh|en on every command; help in the reader's language (cli_lang.py)
    add_completion=False,
    no_args_is_help=True,
    help="Read, understand and audit Chinese government budget and final-account disclosures.",
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help, drawn without rich (cli_help.py)
)


@app.callback()
def _root() -> None:
    """Read, understand and audit Chinese government budget and final-account disclosures."""


class ParseFormat(StrEnum):
    json = "json"
    text = "text"


def fail(message: str) -> typer.Exit:
    """Print a one-line error to stderr and return the exit to raise (code 2)."""
    typer.echo(t("cli.error", message=message), err=True)
    return typer.Exit(code=2)


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(help="Disclosure file: text, PDF, DOCX, XLSX or HTML.")],
    format: Annotated[ParseFormat, typer.Option("--format", "-f", help="Output format.")] = ParseFormat.text,
    debug: Annotated[bool, typer.Option("--debug", help="Show what each stage produced.")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Parse one disclosure into the structured model."""
    from budgetlens.read import read_source
    from budgetlens.recognize import Trace, looks_like_disclosure, recognize
    from budgetlens.serialize import disclosure_to_dict
    from budgetlens.summary import render_debug, render_summary

    try:
        source = read_source(file)
    except InputError as exc:
        raise fail(exc.message) from None
    trace = Trace() if debug else None
    doc = recognize(source, trace)
    if not looks_like_disclosure(doc) and not debug:
        raise fail(t("cli.not_a_disclosure", file=str(file)))
    if debug and trace is not None:
        text = render_debug(trace)
    elif format is ParseFormat.json:
        text = json.dumps(disclosure_to_dict(doc), ensure_ascii=False, indent=2)
    else:
        text = render_summary(doc)
    _emit(text, output)


@app.command()
def score(
    file: Annotated[Path, typer.Argument(help="Disclosure file with 绩效自评表.")],
    profile: Annotated[str | None, typer.Option("--profile", "-p", help="Scoring profile (default: the one that fits the document; see docs/scoring.md).")] = None,
    format: Annotated[ParseFormat, typer.Option("--format", "-f", help="Output format.")] = ParseFormat.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Recompute every performance score under a profile; show stated vs recomputed with the formula.

    Exit 1 when a stated score or total differs from its recomputation."""
    from budgetlens.read import read_source
    from budgetlens.recognize import recognize
    from budgetlens.score import DIFFER, UnknownProfileError, score_disclosure
    from budgetlens.score.render import render_text, to_dict

    try:
        source = read_source(file)
    except InputError as exc:
        raise fail(exc.message) from None
    try:
        result = score_disclosure(recognize(source), profile)
    except UnknownProfileError as exc:
        raise fail(str(exc)) from None
    if format is ParseFormat.json:
        text = json.dumps(to_dict(result, str(file)), ensure_ascii=False, indent=2)
    else:
        text = render_text(result, str(file), color=output is None and sys.stdout.isatty())
    _emit(text, output)
    differs = any(i.status == DIFFER for t in result.tables for i in t.items())
    if differs or any(t.total_status == DIFFER for t in result.tables):
        raise typer.Exit(code=1)


class CheckFormat(StrEnum):
    json = "json"
    text = "text"
    html = "html"


@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="Disclosure files, folders (searched recursively) and zip archives; several files of one unit are also checked against each other.")],
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="Report format.")] = CheckFormat.text,
    select: Annotated[list[str] | None, typer.Option("--select", help="Only these rules: codes (BL501), prefixes (BL5), groups (narrative); repeatable or comma-separated.")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="Skip these rules: codes, prefixes or groups.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    profile: Annotated[str | None, typer.Option("--profile", "-p", help="Scoring profile for the performance scores (default: the one that fits each document; see docs/scoring.md).")] = None,
) -> None:
    """Audit every checkable figure. Exit 1 when a finding has severity error."""
    from budgetlens.check.api import check_files
    from budgetlens.library.inputs import stderr_progress

    with stderr_progress() as progress:  # a bar on a terminal only
        text, code, problems = check_files([str(f) for f in files], select, ignore, format.value,
                                           color=output is None and sys.stdout.isatty(), profile=profile,
                                           progress=progress)
    for problem in problems:  # one line each; the readable files are still checked
        typer.echo(t("cli.error", message=localized(problem)), err=True)
    if text:
        _emit(text, output)
    if code:
        raise typer.Exit(code=code)


@app.command()
def rules(
    format: Annotated[ParseFormat, typer.Option("--format", "-f", help="Output format.")] = ParseFormat.text,
    select: Annotated[list[str] | None, typer.Option("--select", help="Only these codes, prefixes or groups.")] = None,
) -> None:
    """List the rule catalogue: code, severity, kinds, title (docs/rules.md has the full text)."""
    from budgetlens.check.registry import list_rules  # the rules' data, no rule module imported

    try:
        text = list_rules(format.value, select)
    except ValueError as exc:
        raise fail(str(exc)) from None
    _emit(text, None)


class CorpusFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
def corpus(
    paths: Annotated[list[Path], typer.Argument(help="Folders (searched for PDF, DOCX, XLSX, HTML and text files) or files.")],
    format: Annotated[CorpusFormat, typer.Option("--format", "-f", help="Report format.")] = CorpusFormat.text,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Documents read at once (default: one per core).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Parse and check every document of a folder, each on its own, and summarise.

    Per document: kind, year, unit, pages, the tables the 目录 lists and the tables found (page and
    title as printed), key totals, findings by severity and rule, parse warnings, seconds."""
    from budgetlens.corpus import collect, render_markdown, render_text, survey, to_dict

    missing = [p for p in paths if not p.exists()]
    if missing:
        raise fail(t("cli.no_such_path", path=str(missing[0])))
    files = collect(paths)
    if not files:
        raise fail(t("cli.no_files_found", paths=[str(p) for p in paths]))
    if jobs is not None and jobs < 1:
        raise fail(t("cli.jobs_at_least_one", jobs=jobs))
    done = [0]

    def progress(rec: object) -> None:
        done[0] += 1
        if sys.stderr.isatty():
            typer.echo(f"\r{done[0]}/{len(files)}", err=True, nl=False)

    records = survey(files, jobs, progress)
    if sys.stderr.isatty():
        typer.echo("", err=True)
    if format is CorpusFormat.json:
        text = json.dumps(to_dict(records), ensure_ascii=False, indent=1)
    elif format is CorpusFormat.markdown:
        text = render_markdown(records)
    else:
        text = render_text(records)
    _emit(text, output)


class RenderFormat(StrEnum):
    html = "html"
    docx = "docx"
    xlsx = "xlsx"
    pdf = "pdf"
    cells = "cells"
    tabs = "tabs"


@app.command()
def render(
    file: Annotated[Path, typer.Argument(help="Disclosure file: text, PDF, DOCX, XLSX or HTML.")],
    to: Annotated[RenderFormat, typer.Option("--to", "-t", help="Output format (cells/tabs: plain text layouts).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
) -> None:
    """Parse a disclosure and write it in the standard form as HTML, DOCX, XLSX, PDF or text."""
    from budgetlens.read import read_source
    from budgetlens.recognize import looks_like_disclosure, recognize
    from budgetlens.write import RenderError, write_disclosure

    try:
        source = read_source(file)
    except InputError as exc:
        raise fail(exc.message) from None
    doc = recognize(source)
    if not looks_like_disclosure(doc):
        raise fail(t("cli.not_a_disclosure", file=str(file)))
    try:
        write_disclosure(doc, output, to.value)
    except RenderError as exc:
        raise fail(str(exc)) from None


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on; any but 127.0.0.1 needs BUDGETLENS_TOKEN.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    db: Annotated[str | None, typer.Option("--db", help="Library database URL (default: the user's library).")] = None,
) -> None:
    """Serve the library in a browser and as an HTTP API (/api/v1; docs/web.md)."""
    from budgetlens.library import LibraryError
    from budgetlens.web.serve import ServeError
    from budgetlens.web.serve import serve as run

    try:
        run(host, port, db)
    except (ServeError, LibraryError) as exc:
        raise fail(exc.message) from None


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    tmp = output.with_name(output.name + ".tmp")
    try:
        tmp.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        tmp.replace(output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise fail(t("cli.cannot_write", path=str(output), reason=exc.strerror or "")) from None


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo(t("cli.interrupted"), err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
