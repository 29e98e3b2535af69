"""The corpus report: parse and check every document of a folder, one by one, and summarise.

What a bureau runs over the disclosures it collected, and what the project runs over its corpus of
real published documents: per document the kind, year and unit recognised, the pages, the tables
the 目录 lists against the tables found (page and title as printed), the key totals resolved, the
findings by severity and rule, the reader's own warnings and the seconds it took; then a summary.
Each document is checked on its own, in a worker process of its own, so that one file that breaks
the reader never stops the others.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SUFFIXES = (".pdf", ".docx", ".xlsx", ".html", ".htm", ".txt")

# The totals a reader of the report wants to see resolved first, per kind of document.
KEY_TOTALS = {
    "budget": ("budget.total", "budget.gpb", "budget.basic", "budget.project", "sangong.total"),
    "final": ("income.total", "expense.total", "income.current", "expense.current", "gpb.expense", "sangong.total"),
}


@dataclass(slots=True)
class DocumentRecord:
    file: str
    path: str
    pages: int | None = None
    kind: str | None = None
    year: int | None = None
    unit: str = ""
    listed: list[dict[str, Any]] = field(default_factory=list)  # 目录 entries naming a table
    tables: list[dict[str, Any]] = field(default_factory=list)  # tables found
    totals: dict[str, float | None] = field(default_factory=dict)
    by_severity: dict[str, int] = field(default_factory=dict)
    by_rule: dict[str, int] = field(default_factory=dict)  # errors and warnings only
    warnings: list[str] = field(default_factory=list)  # the reader's own (parse warnings)
    findings: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    problem: str | None = None  # unreadable input, or the reader crashed

    def to_dict(self, with_findings: bool = True) -> dict[str, Any]:
        d = {
            "file": self.file,
            "path": self.path,
            "pages": self.pages,
            "kind": self.kind,
            "year": self.year,
            "unit": self.unit,
            "listed": self.listed,
            "tables": self.tables,
            "totals": self.totals,
            "by_severity": self.by_severity,
            "by_rule": self.by_rule,
            "warnings": self.warnings,
            "seconds": round(self.seconds, 3),
            "problem": self.problem,
        }
        if with_findings:
            d["findings"] = self.findings
        return d


def collect(paths: Iterable[str | Path]) -> list[Path]:
    """The documents named: files as given, folders searched for supported files (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES))
        else:
            out.append(p)
    return out


def survey_file(path: str | Path) -> DocumentRecord:
    """Parse and check one document on its own; never raises."""
    from budgetlens.check.engine import check_documents
    from budgetlens.errors import InputError
    from budgetlens.read import read_source
    from budgetlens.recognize import recognize

    p = Path(path)
    rec = DocumentRecord(file=p.name, path=str(p))
    start = time.perf_counter()
    try:
        source = read_source(p)
    except InputError as exc:
        rec.problem = exc.message
        rec.seconds = time.perf_counter() - start
        return rec
    try:
        doc = recognize(source)
        report = check_documents([doc], None, None, [source])
    except Exception as exc:  # a crash of the reader is a bug of budgetlens: recorded, the run goes on
        rec.problem = f"internal error: {type(exc).__name__}: {exc}"
        rec.seconds = time.perf_counter() - start
        return rec
    rec.seconds = time.perf_counter() - start
    rec.pages = source.pages
    rec.kind = doc.kind.value if doc.kind else None
    rec.year = doc.year
    rec.unit = doc.unit.name
    rec.listed = [
        {"title": e.title, "target": e.target, "present": e.present, "page": e.location.page}
        for e in doc.toc
        if e.title.endswith("表")
    ]
    rec.tables = [
        {
            "id": t.id,
            "title": t.title,
            "number": t.number,
            "page": t.location.page,
            "rows": len(t.rows),
            "empty": t.empty,
        }
        for t in doc.tables
    ]
    wanted = KEY_TOTALS.get(rec.kind or "", KEY_TOTALS["budget"] + KEY_TOTALS["final"])
    rec.totals = {k: (float(doc.facts[k]) if k in doc.facts else None) for k in wanted}
    findings = [f.to_dict() for f in report.findings]
    for f in findings:
        f["file"] = rec.file
    rec.findings = findings
    rec.by_severity = dict(Counter(f["severity"] for f in findings))
    rec.by_rule = dict(sorted(Counter(f["rule"] for f in findings if f["severity"] in ("error", "warning")).items()))
    rec.warnings = list(doc.warnings)
    return rec


def survey(
    paths: Sequence[str | Path], jobs: int | None = None, progress: Callable[[DocumentRecord], None] | None = None
) -> list[DocumentRecord]:
    """Survey every document, ``jobs`` worker processes at a time; records in the order given."""
    files = collect(paths)
    jobs = max(1, jobs or min(len(files), os.cpu_count() or 1))
    records: dict[int, DocumentRecord] = {}
    if jobs == 1 or len(files) <= 1:
        for i, f in enumerate(files):
            records[i] = survey_file(f)
            if progress:
                progress(records[i])
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(survey_file, f): i for i, f in enumerate(files)}
            for fut in as_completed(futures):
                i = futures[fut]
                try:
                    records[i] = fut.result()
                except Exception as exc:  # the worker itself died (memory, signal)
                    records[i] = DocumentRecord(file=files[i].name, path=str(files[i]),
                                                problem=f"worker failed: {type(exc).__name__}: {exc}")
                if progress:
                    progress(records[i])
    return [records[i] for i in range(len(files))]


def summarise(records: Sequence[DocumentRecord]) -> dict[str, Any]:
    ok = [r for r in records if r.problem is None]
    sev: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    for r in ok:
        sev.update(r.by_severity)
        rules.update(r.by_rule)
    pages = sum(r.pages or 0 for r in ok)
    seconds = sum(r.seconds for r in ok)
    listed = sum(len(r.listed) for r in ok)
    listed_found = sum(1 for r in ok for e in r.listed if e["present"])
    return {
        "documents": len(records),
        "problems": len(records) - len(ok),
        "kinds": dict(Counter(r.kind or "unknown" for r in ok)),
        "with_year": sum(1 for r in ok if r.year),
        "with_unit": sum(1 for r in ok if r.unit),
        "tables_found": sum(1 for r in ok for t in r.tables if t["id"]),
        "tables_listed": listed,
        "tables_listed_found": listed_found,
        "by_severity": {s: sev.get(s, 0) for s in ("error", "warning", "info")},
        "documents_with_errors": sum(1 for r in ok if r.by_severity.get("error")),
        "by_rule": dict(sorted(rules.items())),
        "internal_errors": sum(r.by_rule.get("BL000", 0) for r in ok),
        "parse_warnings": sum(len(r.warnings) for r in ok),
        "pages": pages,
        "seconds": round(seconds, 1),
        "seconds_per_page": round(seconds / pages, 4) if pages else None,
    }


def to_dict(records: Sequence[DocumentRecord], with_findings: bool = True) -> dict[str, Any]:
    return {"documents": [r.to_dict(with_findings) for r in records], "summary": summarise(records)}


def _fmt_total(v: float | None) -> str:
    return "—" if v is None else f"{v:,.2f}"


def render_text(records: Sequence[DocumentRecord]) -> str:
    lines: list[str] = []
    for r in records:
        if r.problem:
            lines.append(f"{r.file}: {r.problem}")
            continue
        sev = r.by_severity
        lines.append(
            f"{r.file}  {r.kind or '?'} {r.year or '?'}  {r.unit or '(unit not found)'}  {r.pages or '?'} pp  "
            f"{r.seconds:.1f} s  errors {sev.get('error', 0)}, warnings {sev.get('warning', 0)}, "
            f"info {sev.get('info', 0)}, parse warnings {len(r.warnings)}"
        )
        found = ", ".join(f"{t['id']} p.{t['page']} “{t['title']}”" for t in r.tables if t["id"]) or "none"
        lines.append(f"  tables found: {found}")
        if r.listed:
            missing = [e for e in r.listed if not e["present"]]
            lines.append(f"  目录 lists {len(r.listed)} table(s), {len(r.listed) - len(missing)} found"
                         + ("; not found: " + "、".join(e["title"] for e in missing) if missing else ""))
        lines.append("  totals: " + ", ".join(f"{k} {_fmt_total(v)}" for k, v in r.totals.items()))
        if r.by_rule:
            lines.append("  findings: " + ", ".join(f"{k}×{v}" for k, v in r.by_rule.items()))
    s = summarise(records)
    lines += [
        "",
        f"{s['documents']} documents ({s['problems']} unreadable or failed), kinds {s['kinds']}, "
        f"year recognised {s['with_year']}, unit recognised {s['with_unit']}",
        f"tables found {s['tables_found']}; 目录 lists {s['tables_listed']} table(s), {s['tables_listed_found']} found",
        f"findings: {s['by_severity']['error']} errors, {s['by_severity']['warning']} warnings, "
        f"{s['by_severity']['info']} info; {s['documents_with_errors']} documents with an error; "
        f"internal errors {s['internal_errors']}; parse warnings {s['parse_warnings']}",
        "by rule: " + (", ".join(f"{k}×{v}" for k, v in s["by_rule"].items()) or "none"),
        f"{s['pages']} pages in {s['seconds']} s of reading and checking ({s['seconds_per_page']} s per page)",
    ]
    return "\n".join(lines) + "\n"


def render_markdown(records: Sequence[DocumentRecord]) -> str:
    s = summarise(records)
    out = [
        "| file | kind | year | unit | pages | tables found / listed | errors | warnings | parse warnings | s |",
        "|---|---|---|---|---:|---|---:|---:|---:|---:|",
    ]
    for r in records:
        if r.problem:
            out.append(f"| {r.file} | — | — | {r.problem} | | | | | | |")
            continue
        found = sum(1 for t in r.tables if t["id"])
        listed = f"{sum(1 for e in r.listed if e['present'])}/{len(r.listed)}" if r.listed else "—"
        out.append(
            f"| {r.file} | {r.kind or '?'} | {r.year or '?'} | {r.unit or '—'} | {r.pages or ''} | {found} ({listed} listed) "
            f"| {r.by_severity.get('error', 0)} | {r.by_severity.get('warning', 0)} | {len(r.warnings)} | {r.seconds:.1f} |"
        )
    out += [
        "",
        f"{s['documents']} documents, {s['problems']} failed; year recognised in {s['with_year']}, unit in "
        f"{s['with_unit']}; {s['by_severity']['error']} errors and {s['by_severity']['warning']} warnings "
        f"({s['documents_with_errors']} documents with an error); internal errors {s['internal_errors']}; "
        f"{s['pages']} pages, {s['seconds_per_page']} s per page.",
    ]
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------- verdicts
# A judged finding is named by where it points: file, rule, page, table, row, column.
Key = tuple[str, str, int | None, str | None, str | None, str | None]


def finding_key(f: dict[str, Any]) -> Key:
    loc = f.get("location") or {}
    return (f["file"], f["rule"], loc.get("page"), loc.get("table"), loc.get("row"), loc.get("column"))


def entry_key(e: dict[str, Any]) -> Key:
    return (e["document"], e["rule"], e.get("page"), e.get("table"), e.get("row"), e.get("column"))


def load_entries(path: Path) -> list[dict[str, Any]]:
    """A YAML list of judged (or not yet judged) findings, each named by :func:`entry_key`'s fields."""
    import yaml

    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or []
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a YAML list of entries")
    return data


def load_verdicts(folder: Path) -> dict[Key, dict[str, Any]]:
    """Every entry of ``folder/*.yaml``; each needs ``verdict`` (real | false) and ``reasoning``."""
    out: dict[Key, dict[str, Any]] = {}
    for p in sorted(folder.glob("*.yaml")):
        for e in load_entries(p):
            if e.get("verdict") not in ("real", "false") or not e.get("reasoning"):
                raise ValueError(f"{p}: an entry needs verdict (real or false) and its reasoning: {e}")
            out[entry_key(e)] = e | {"source": p.name}
    return out
