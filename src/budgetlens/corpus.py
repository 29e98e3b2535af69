"""The corpus report: parse and check every document of a folder, one by one, and summarise.

What a bureau runs over the disclosures it collected, and what the project runs over its corpus of
real published documents: per document the kind, year and unit recognised, the pages, the tables
the 目录 lists against the tables found (page and title as printed), the key totals resolved, the
findings by severity and rule, the reader's own warnings and the seconds it took; then a summary.
Each document is checked on its own, in a worker process of its own, so that one file that breaks
the reader never stops the others.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from budgetlens.i18n import Message, as_param, current_lang, localized, named, normalize_lang, t

if TYPE_CHECKING:
    from budgetlens.check.findings import Report
    from budgetlens.model import Disclosure

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
    output: str = ""  # sha256 of what ``parse`` and ``check`` print in JSON (see output_digest)

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
            "warnings": [localized(w) for w in self.warnings],
            "seconds": round(self.seconds, 3),
            "problem": localized(self.problem) if self.problem else self.problem,
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
        rec.problem = exc.as_message()
        rec.seconds = time.perf_counter() - start
        return rec
    try:
        doc = recognize(source)
        report = check_documents([doc], None, None, [source])
    except Exception as exc:  # a crash of the reader is a bug of budgetlens: recorded, the run goes on
        rec.problem = Message("corpus.internal_error", error=f"{type(exc).__name__}: {exc}")
        rec.seconds = time.perf_counter() - start
        return rec
    rec.seconds = time.perf_counter() - start
    rec.output = output_digest(p, doc, report)
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


def output_digest(path: Path, doc: Disclosure, report: Report) -> str:
    """The SHA-256 of a document's ``parse --format json`` and ``check --format json`` output, its
    folder left out: a change meant to keep every output (speed, refactoring) must keep it."""
    from budgetlens.report import render
    from budgetlens.serialize import disclosure_to_dict

    folder = f"{path.parent}/"
    parsed = json.dumps(disclosure_to_dict(doc), ensure_ascii=False, indent=2).replace(folder, "")
    checked = render(report, "json").replace(folder, "")
    return hashlib.sha256(f"{parsed}\n{checked}".encode()).hexdigest()


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
                                                problem=Message("corpus.worker_failed", error=f"{type(exc).__name__}: {exc}"))
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


def _rules(by_rule: dict[str, int]) -> str:
    return ", ".join(f"{k}×{v}" for k, v in by_rule.items())


def render_text(records: Sequence[DocumentRecord], lang: str | None = None) -> str:
    """The report for a terminal, in ``lang`` (default: the current language)."""
    sep = t("location.separator", lang)
    lines: list[str] = []
    for r in records:
        if r.problem:
            lines.append(t("corpus.problem", lang, file=r.file, problem=as_param(r.problem)))
            continue
        sev = r.by_severity
        lines.append(t("corpus.doc_line", lang, file=r.file, kind=r.kind or "?", year=r.year or "?",
                       unit=r.unit or t("corpus.unit_not_found", lang), pages=r.pages or "?",
                       seconds=f"{r.seconds:.1f}", errors=sev.get("error", 0), warnings=sev.get("warning", 0),
                       info=sev.get("info", 0), parse_warnings=len(r.warnings)))
        found = sep.join(t("corpus.table_found", lang, id=tb["id"], page=tb["page"], title=tb["title"])
                         for tb in r.tables if tb["id"]) or t("corpus.none", lang)
        lines.append(t("corpus.tables_found", lang, tables=found))
        if r.listed:
            missing = [e for e in r.listed if not e["present"]]
            lines.append(t("corpus.listed", lang, listed=len(r.listed), found=len(r.listed) - len(missing))
                         + (t("corpus.listed_missing", lang, missing="、".join(e["title"] for e in missing)) if missing else ""))
        lines.append(t("corpus.totals", lang, totals=sep.join(t("corpus.total", lang, key=k, amount=_fmt_total(v))
                                                               for k, v in r.totals.items())))
        if r.by_rule:
            lines.append(t("corpus.by_rule_doc", lang, rules=_rules(r.by_rule)))
    s = summarise(records)
    kinds = sep.join(t("corpus.summary.kind", lang, kind=k, count=n) for k, n in s["kinds"].items())
    lines += [
        "",
        t("corpus.summary.documents", lang, documents=s["documents"], problems=s["problems"], kinds=kinds,
          with_year=s["with_year"], with_unit=s["with_unit"]),
        t("corpus.summary.tables", lang, found=s["tables_found"], listed=s["tables_listed"],
          listed_found=s["tables_listed_found"]),
        t("corpus.summary.findings", lang, errors=s["by_severity"]["error"], warnings=s["by_severity"]["warning"],
          info=s["by_severity"]["info"], with_errors=s["documents_with_errors"], internal=s["internal_errors"],
          parse_warnings=s["parse_warnings"]),
        t("corpus.summary.by_rule", lang, rules=_rules(s["by_rule"]) or t("corpus.none", lang)),
        t("corpus.summary.time", lang, pages=s["pages"], seconds=str(s["seconds"]), per_page=s["seconds_per_page"]),
    ]
    return "\n".join(lines) + "\n"


def render_markdown(records: Sequence[DocumentRecord], lang: str | None = None) -> str:
    """The report as a Markdown table, in ``lang`` (default: the current language)."""
    s = summarise(records)
    out = [t("corpus.md.header", lang), "|---|---|---|---|---:|---|---:|---:|---:|---:|"]
    for r in records:
        if r.problem:
            out.append(f"| {r.file} | — | — | {localized(r.problem, lang)} | | | | | | |")
            continue
        found = sum(1 for tb in r.tables if tb["id"])
        listed = f"{sum(1 for e in r.listed if e['present'])}/{len(r.listed)}" if r.listed else "—"
        kind = (named("kind", r.kind, lang) if (normalize_lang(lang) or current_lang()) == "zh" else r.kind) if r.kind else "?"
        out.append(
            f"| {r.file} | {kind} | {r.year or '?'} | {r.unit or '—'} | {r.pages or ''} | "
            f"{t('corpus.md.found', lang, found=found, listed=listed)} "
            f"| {r.by_severity.get('error', 0)} | {r.by_severity.get('warning', 0)} | {len(r.warnings)} | {r.seconds:.1f} |"
        )
    out += [
        "",
        t("corpus.md.summary", lang, documents=s["documents"], problems=s["problems"], with_year=s["with_year"],
          with_unit=s["with_unit"], errors=s["by_severity"]["error"], warnings=s["by_severity"]["warning"],
          with_errors=s["documents_with_errors"], internal=s["internal_errors"], pages=s["pages"],
          per_page=s["seconds_per_page"]),
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
