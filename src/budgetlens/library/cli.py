"""``budgetlens library …``: the library from the command line.

Each command prints a table for people by default and JSON with ``--format json``. Errors are one
line on stderr with exit code 2 (a missing path, a database that is locked or unreachable); a batch
that met unreadable files lists them and exits 2 too, after adding everything it could.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="A library of disclosures: add documents, list, show, review findings, compare, export (docs/library.md).",
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help, drawn without rich (cli_help.py)
)


class Format(StrEnum):
    table = "table"
    json = "json"


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"
    fdp = "fdp"


class Verdict(StrEnum):
    confirmed = "confirmed"
    dismissed = "dismissed"
    fixed = "fixed"


DbOption = Annotated[str | None, typer.Option(
    "--db", envvar="BUDGETLENS_DB",
    help="Database URL (default: library.sqlite3 in $BUDGETLENS_HOME or the user data folder); "
         "PostgreSQL: postgresql+psycopg://USER@HOST:PORT/DB.")]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="table for people, json for tools.")]
WorkersOption = Annotated[int | None, typer.Option("--workers", "-w", help="Worker processes (default: one per core).")]
ClusterOption = Annotated[str | None, typer.Option(
    "--cluster", help="Parse on this Dask scheduler (tcp://HOST:8786) instead of local processes; "
                      "the database writes stay here (use a shared --db).")]


def fail(message: str) -> typer.Exit:
    from budgetlens.i18n import localized
    from budgetlens.i18n import t as render

    typer.echo(render("cli.error", message=localized(message)), err=True)
    return typer.Exit(code=2)


@contextmanager
def opened(db: str | None) -> Iterator[Any]:
    """The open library; a LibraryError anywhere inside becomes a one-line error, exit 2."""
    from budgetlens.library.store import LibraryError, open_library

    try:
        lib = open_library(db)
    except LibraryError as exc:
        raise fail(exc.message) from None
    try:
        yield lib
    except LibraryError as exc:
        raise fail(exc.message) from None
    finally:
        lib.close()


def t(msg_id: str, **params: Any) -> str:
    from budgetlens.i18n import t as render

    return render(msg_id, **params)


def _word(kind: str, value: Any) -> str:
    """A stored word (a kind, a status, a verdict) as people read it; an unknown one as it is."""
    from budgetlens.i18n import t_or

    return "" if value in (None, "") else t_or(f"library.{kind}.{value}", str(value))


def _fact(key: str) -> str:
    """A fact key by the name the documents print (Chinese), the key itself in English."""
    from budgetlens.i18n import named

    return named("fact", key)


def _json(obj: Any) -> str:
    from budgetlens.serialize import jsonable

    def default(o: Any) -> Any:
        return jsonable(o)

    return json.dumps(obj, ensure_ascii=False, indent=2, default=default)


def emit(format: Format, data: Any, for_people: Callable[[Any], None]) -> None:
    """The one place where a command's result becomes output: JSON for tools, else ``for_people``."""
    if format is Format.json:
        typer.echo(_json(data))
    else:
        for_people(data)


def _console() -> Any:
    from rich.console import Console

    return Console(file=sys.stdout, width=None if sys.stdout.isatty() else 160, highlight=False, soft_wrap=False)


def _num(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return f"{v:,f}"
    return str(v)


def _cols(*names: str) -> list[str]:
    """Column headings from their catalogue names (``library.col.NAME``)."""
    return [t(f"library.col.{n}") for n in names]


def _table(title: str | None, columns: list[str], rows: list[list[Any]]) -> None:
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*[_num(v) for v in r])
    _console().print(table)


class _Bar:
    """A rich progress bar on stderr: files done, findings so far, time left (on a terminal only)."""

    def __init__(self, label: str) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        console = Console(stderr=True)
        findings = t("library.progress.findings", n="{task.fields[findings]}")
        self.progress = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(),
                                 TextColumn(findings), TimeElapsedColumn(),
                                 TextColumn(t("library.progress.eta")), TimeRemainingColumn(), console=console,
                                 disable=not console.is_terminal, transient=False)
        self.task = self.progress.add_task(label, total=None, findings=0)
        self.findings = 0

    def total(self, n: int) -> None:
        self.progress.update(self.task, total=n)

    def done(self, outcome: Any) -> None:
        self.findings += outcome.findings + outcome.cross_findings
        self.progress.update(self.task, advance=1, findings=self.findings)


def _events(label: str) -> Any:
    from budgetlens.library.ingest import Events

    bar = _Bar(label)

    class BarEvents(Events):
        def total(self, n: int) -> None:
            bar.total(n)

        def done(self, outcome: Any) -> None:
            bar.done(outcome)

    return bar, BarEvents()


def _report_batch(summary: Any, format: Format, verb: str) -> None:
    from budgetlens.i18n import localized

    def for_people(d: dict[str, Any]) -> None:
        c = d["counts"]
        cross = sum(o.cross_findings for o in summary.outcomes)
        typer.echo(t("library.batch.head", verb=t(f"library.verb.{verb}"), done=c[verb], already=c["already"],
                     unreadable=c["unreadable"], refused=c["refused"], findings=summary.findings, cross=cross,
                     seconds=Decimal(f"{summary.seconds:.1f}")))
        for status in ("unreadable", "refused", "already"):
            listed = [o for o in summary.outcomes if o.status == status]
            if listed:
                typer.echo(t(f"library.batch.{status}"))
                for o in listed:
                    typer.echo(f"  {localized(o.message) or o.display}")  # a reading error in the reader's language
        for p in summary.proposals:
            typer.echo(p)

    emit(format, summary.to_dict(), for_people)
    if summary.stopped:
        raise fail(t("library.error.stopped", why=summary.stopped))
    if summary.count("unreadable") or summary.count("refused"):
        raise typer.Exit(code=2)


def _check_workers(workers: int | None) -> None:
    if workers is not None and workers < 1:
        raise fail(t("library.error.workers", n=workers))


@app.command()
def add(
    paths: Annotated[list[Path], typer.Argument(help="Files, folders (searched recursively) and zip archives.")],
    db: DbOption = None,
    workers: WorkersOption = None,
    region: Annotated[str | None, typer.Option("--region", help="The region the documents are of (part of a unit's identity).")] = None,
    cluster: ClusterOption = None,
    format: FormatOption = Format.table,
) -> None:
    """Add documents: each parsed, checked and stored in one transaction; the same content twice is a no-op."""
    from budgetlens.library import ingest

    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise fail(t("library.error.no_such_path", path=str(missing[0])))
    _check_workers(workers)
    with opened(db) as lib:
        bar, events = _events(t("library.progress.adding"))
        with bar.progress:
            summary = ingest.add(lib, paths, workers=workers, region=region, events=events, cluster=cluster)
        _report_batch(summary, format, "added")


@app.command()
def recheck(
    db: DbOption = None,
    workers: WorkersOption = None,
    all_: Annotated[bool, typer.Option("--all", help="Re-check every document, not only those of older versions.")] = False,
    cluster: ClusterOption = None,
    format: FormatOption = Format.table,
) -> None:
    """Re-parse and re-check documents read by an older parser or rule set; reviews are kept."""
    from budgetlens.library import ingest

    _check_workers(workers)
    with opened(db) as lib:
        bar, events = _events(t("library.progress.rechecking"))
        with bar.progress:
            summary = ingest.recheck(lib, workers=workers, everything=all_, events=events, cluster=cluster)
        _report_batch(summary, format, "rechecked")


def _counts(by_severity: dict[str, int]) -> list[int]:
    return [by_severity.get(s, 0) for s in ("error", "warning", "info")]


def _severity_columns() -> list[str]:
    return [t(f"severity.{s}") for s in ("error", "warning", "info")]


@app.command("list")
def list_(
    db: DbOption = None,
    kind: Annotated[str | None, typer.Option("--kind", help="budget or final.")] = None,
    year: Annotated[int | None, typer.Option("--year")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Part of the unit's name.")] = None,
    status: Annotated[str | None, typer.Option("--status", help="ok or unreadable.")] = None,
    format: FormatOption = Format.table,
) -> None:
    """The documents in the library."""
    from budgetlens.library.queries import list_documents

    with opened(db) as lib:
        docs = list_documents(lib, kind, year, unit, status)

    def for_people(docs: list[dict[str, Any]]) -> None:
        _table(None, [*_cols("id", "kind", "year", "unit", "status", "pages"), *_severity_columns(), *_cols("path")],
               [[d["id"], _word("kind", d["kind"]), d["year"], d["unit"], _word("status", d["status"]), d["pages"],
                 *_counts(d["findings"]), d["path"]] for d in docs])

    emit(format, docs, for_people)


SHOWN_FIELDS = ("path", "sha256", "status", "error", "format", "pages", "kind", "year", "unit", "region", "title",
                "parser_version", "rules_version", "added_at", "checked_at")


@app.command()
def show(
    document: Annotated[str, typer.Argument(help="Document id, the start of its hash, or its path.")],
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """One document: what it is, its unit, facts, tables, projects and finding counts."""
    from budgetlens.library.queries import show_document

    with opened(db) as lib:
        d = show_document(lib, document)
    emit(format, d, _show_for_people)


def _show_for_people(d: dict[str, Any]) -> None:
    words = {"kind": "kind", "status": "status"}
    rows = [[t(f"library.field.{k}"), _word(words[k], d[k]) if k in words else d[k]]
            for k in SHOWN_FIELDS if d[k] not in (None, "")]
    rows.append([t("library.field.findings"), t("location.separator").join(
        t("library.show.finding_count", severity=t(f"severity.{s}"), n=n) for s, n in d["findings"].items())])
    _table(t("library.show.document", id=d["id"]), _cols("field", "value"), rows)
    u = d["unit_record"]
    if u:
        unit_rows = [[t("library.field.names"), " | ".join(u["names"])], [t("library.field.level"), u["level"]],
                     [t("library.field.region"), u["region"] or ""],
                     [t("library.field.other_documents"), t("location.separator").join(map(str, u["documents"]))]]
        unit_rows += [[t("library.field.near_match"), t("library.show.near_match", unit=m["unit"],
                                                          status=_word("status", m["status"]), evidence=m["evidence"])]
                      for m in u["near_matches"]]
        _table(t("library.show.unit", id=u["id"]), _cols("field", "value"), unit_rows)
    if d["facts"]:
        _table(t("library.show.facts"), _cols("key", "value"), [[_fact(k), v] for k, v in d["facts"].items()])
    if d["tables"]:
        _table(t("library.show.tables"), _cols("id", "number", "title", "page", "rows"),
               [[x["id"], x["number"], x["title"], x["page"], x["rows"]] for x in d["tables"]])
    if d["projects"]:
        _table(t("library.show.projects"), _cols("name", "table_kind", "amount", "stated_score", "computed_score"),
               [[p["name"], p["table_kind"], p["amount"], p["stated_score"], p["computed_score"]] for p in d["projects"]])
    for w in d["warnings"]:
        typer.echo(t("library.show.parse_warning", warning=w))


def _where(loc: dict[str, Any]) -> str:
    from budgetlens.check.findings import FindingLocation

    known = {k: loc.get(k) for k in ("section", "table", "row", "column", "page", "line")}
    return FindingLocation(**known).describe()


@app.command()
def findings(
    document: Annotated[str | None, typer.Argument(help="Only this document (id, hash start or path).")] = None,
    db: DbOption = None,
    rule: Annotated[str | None, typer.Option("--rule", help="A rule code or its start (BL8).")] = None,
    severity: Annotated[str | None, typer.Option("--severity", help="error, warning or info.")] = None,
    review: Annotated[str | None, typer.Option("--review", help="confirmed, dismissed, fixed or unreviewed.")] = None,
    format: FormatOption = Format.table,
) -> None:
    """Findings with their review; the fingerprint identifies a finding across re-checks."""
    from budgetlens.library.queries import list_findings

    with opened(db) as lib:
        rows = list_findings(lib, document, rule, severity, review)

    def verdict(r: dict[str, Any] | None) -> str:
        if not r:
            return ""
        return _word("verdict", r["verdict"]) + (t("library.review.note", note=r["note"]) if r["note"] else "")

    def for_people(rows: list[dict[str, Any]]) -> None:
        _table(None, _cols("fingerprint", "document", "rule", "severity", "where", "message", "review"),
               [[f["fingerprint"][:12],
                 f["document_id"] if not f["other_document_id"] else f"{f['document_id']}↔{f['other_document_id']}",
                 f["rule"], t(f"severity.{f['severity']}"), _where(f["location"]), f["message"], verdict(f["review"])]
                for f in rows])

    emit(format, rows, for_people)


@app.command()
def review(
    fingerprint: Annotated[str, typer.Argument(help="The finding's fingerprint (at least its first 6 digits).")],
    verdict: Annotated[Verdict, typer.Option("--verdict", "-v", help="confirmed, dismissed (with --note) or fixed.")],
    note: Annotated[str, typer.Option("--note", "-n", help="Why; required to dismiss.")] = "",
    reviewer: Annotated[str | None, typer.Option("--reviewer", help="Who (default: the login name).")] = None,
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """Record a person's verdict on a finding; it stays with the finding across re-checks."""
    from budgetlens.library.queries import add_review

    who = reviewer or os.environ.get("BUDGETLENS_REVIEWER") or _login()
    with opened(db) as lib:
        r = add_review(lib, fingerprint, verdict.value, note, who)

    def for_people(r: dict[str, Any]) -> None:
        typer.echo(t("library.review.done", fingerprint=r["fingerprint"][:12], verdict=_word("verdict", r["verdict"]),
                     reviewer=r["reviewer"] or t("library.review.unknown_reviewer"))
                   + (t("library.review.note", note=r["note"]) if r["note"] else ""))

    emit(format, r, for_people)


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


RELATIONS = {"budget ↔ final of one unit and year": "budget_final", "year ↔ year of one unit": "year_year",
             "unit ↔ unit": "unit_unit", "documents": "documents"}
SUMMARY_STATES = {"same": "same", "different": "different", "missing in some": "missing"}


@app.command()
def compare(
    documents: Annotated[list[str], typer.Argument(help="Two or more documents (id, hash start or path); the first is the base.")],
    db: DbOption = None,
    differing: Annotated[bool, typer.Option("--differing", help="Only the facts that differ or are missing somewhere.")] = False,
    format: FormatOption = Format.table,
) -> None:
    """The same fact keys of two or more documents side by side, with differences and rates."""
    from budgetlens.library.queries import compare as run

    with opened(db) as lib:
        c = run(lib, documents, differing)
    emit(format, c, _compare_for_people)


def _compare_for_people(c: dict[str, Any]) -> None:
    docs = c["documents"]
    cols = _cols("key") + [f"#{d['id']} {_word('kind', d['kind'])} {d['year'] or ''}" for d in docs]
    for d in docs[1:]:
        cols += [t("library.col.difference", doc=str(d["id"]), base=str(docs[0]["id"])), t("library.col.rate")]
    rows = []
    for r in c["rows"]:
        row: list[Any] = [_fact(r["key"]), *r["values"]]
        for diff, rate in zip(r["differences"], r["rates"], strict=True):
            row += [diff, rate]
        rows.append(row)
    relation = t(f"library.relation.{RELATIONS.get(c['relation'], 'documents')}")
    _table(t("library.compare.heading", relation=relation, documents=t("library.compare.versus").join(f"#{d['id']} {d['unit']}" for d in docs)),
           cols, rows)
    typer.echo(t("location.separator").join(t(f"library.compare.{SUMMARY_STATES.get(k, 'different')}", n=n)
                                            for k, n in c["summary"].items()))
    if c.get("plan_execution"):
        cols = [t("library.col.plan_key"), t("library.col.final_key"), t("library.col.plan"), t("library.col.final"),
                t("library.col.final_minus_plan"), t("library.col.plan_rate"), t("library.col.execution")]
        _table(t("library.compare.plan_heading"), cols,
               [[_fact(p["plan_key"]), _fact(p["final_key"]), p["plan"], p["final"], p["difference"], p["rate"],
                 p["execution"]] for p in c["plan_execution"]])


@app.command()
def export(
    output: Annotated[Path, typer.Argument(help="File (.xlsx, .json) or folder (CSV, fdp) to write.")],
    to: Annotated[ExportFormat | None, typer.Option("--to", "-t", help="Format (default: from the name; a folder is CSV); fdp: a Fiscal Data Package of the facts.")] = None,
    db: DbOption = None,
) -> None:
    """Export every record: CSV (a file per kind), XLSX (a sheet per kind), JSON, or the facts as a Fiscal Data Package."""
    from budgetlens.i18n import t_or
    from budgetlens.library.export import export as run

    fmt = to.value if to else (output.suffix.lower().lstrip(".") if output.suffix else "csv")
    with opened(db) as lib:
        counts = run(lib, output, fmt)
    typer.echo(t("library.export.done", output=str(output),
                 counts=t("location.separator").join(t_or(f"library.count.{k}", f"{n} {k}", n=n)
                                                     for k, n in counts.items())))
