"""Refresh what the corpus report writes: tests/corpus/unjudged.yaml and docs/corpus.md.

One survey of ../shared/corpus (or $BUDGETLENS_SHARED/corpus), then:
- tests/corpus/unjudged.yaml: the errors and warnings no verdict file holds yet; read each on its
  page and move it into tests/corpus/verdicts/*.yaml as real or false;
- docs/corpus.md: per document kind, year, unit, pages, tables found / listed, findings, seconds;
  over all, findings by rule judged real / false / not yet judged, and seconds per page;
- tests/corpus/outputs.tsv: the digest of each corpus document's, seed's and sample's ``parse``
  and ``check`` JSON output, which tests/corpus/test_corpus.py holds every later run to.
Run after a change to reading or rules (never after one meant to keep every output the same).
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from budgetlens.corpus import (
    DocumentRecord,
    Key,
    finding_key,
    load_verdicts,
    render_markdown,
    summarise,
    survey,
)

REPO = Path(__file__).resolve().parents[1]
HERE = REPO / "tests" / "corpus"
SHARED = Path(os.environ.get("BUDGETLENS_SHARED") or REPO.parent / "shared")
CORPUS = SHARED / "corpus"


def output_files() -> list[Path]:
    """The documents outside the corpus whose outputs are held too: the seeds and the samples."""
    return sorted((REPO / "tests" / "data" / "seeds").glob("*.txt")) + sorted((SHARED / "samples").glob("*.pdf"))


def write_outputs(records: list[DocumentRecord]) -> None:
    header = (
        "# SHA-256 of each document's `parse --format json` and `check --format json` output\n"
        "# (written by scripts/corpus_refresh.py; tests/corpus/test_corpus.py compares).\n"
    )
    rows = sorted(f"{Path(r.path).parent.name}/{r.file}\t{r.output}\n" for r in records if r.output)
    (HERE / "outputs.tsv").write_text(header + "".join(rows), encoding="utf-8")


def unjudged(records: list[DocumentRecord], judged: dict[Key, Any]) -> list[dict[str, object]]:
    rows: dict[Key, dict[str, object]] = {}
    for rec in records:
        for f in rec.findings:
            if f["severity"] not in ("error", "warning"):
                continue
            k = finding_key(f)
            if k in judged or k in rows:
                continue
            rows[k] = {
                "document": k[0], "rule": k[1], "page": k[2], "table": k[3], "row": k[4], "column": k[5],
                "severity": f["severity"], "message": f["message"].replace(f"{CORPUS}/", ""),
            }
    return sorted(rows.values(), key=lambda e: (str(e["document"]), str(e["rule"]), str(e["page"]).zfill(4), str(e["row"])))


def write_unjudged(entries: list[dict[str, object]]) -> None:
    header = (
        "# Errors and warnings on ../shared/corpus not yet judged (written by scripts/corpus_refresh.py).\n"
        "# Read each on its page and move it into tests/corpus/verdicts/*.yaml as real or false.\n"
    )
    (HERE / "unjudged.yaml").write_text(header + yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=200),
                                        encoding="utf-8")


def corpus_markdown(records: list[DocumentRecord], judged: dict[Key, Any]) -> str:
    by_rule: dict[str, Counter[str]] = {}
    for r in records:
        for f in r.findings:
            if f["severity"] not in ("error", "warning"):
                continue
            k = finding_key(f)
            verdict = judged[k]["verdict"] if k in judged else "not yet judged"
            by_rule.setdefault(f["rule"], Counter())[verdict] += 1
    s = summarise(records)
    lines = [
        "# The corpus report",
        "",
        "`budgetlens corpus ../shared/corpus` over the real published disclosures of `../shared/corpus`",
        "(written by `scripts/corpus_refresh.py`; the per-document lines below are its `--format markdown`).",
        "Every error and warning is judged by reading the printed page: `tests/corpus/verdicts/*.yaml`",
        "hold the verdicts (real, with the reasoning and the page; or false, with the reading cause still",
        "open), `tests/corpus/unjudged.yaml` the findings not yet read; `tests/corpus/test_corpus.py` fails",
        "on any finding in neither.",
        "",
        "## Summary",
        "",
        f"- {s['documents']} documents ({s['kinds']}), {s['problems']} unreadable or failed; year recognised in "
        f"{s['with_year']}, unit in {s['with_unit']}.",
        f"- Standard tables found: {s['tables_found']}; the 目录 lists {s['tables_listed']} table(s), of which "
        f"{s['tables_listed_found']} were found.",
        f"- Findings: {s['by_severity']['error']} errors, {s['by_severity']['warning']} warnings, "
        f"{s['by_severity']['info']} info; {s['documents_with_errors']} documents with an error; internal errors "
        f"{s['internal_errors']}; parse warnings (about budgetlens, not the documents) {s['parse_warnings']}.",
        f"- {s['pages']} pages read and checked in {s['seconds']} s of worker time: {s['seconds_per_page']} s per page.",
        "",
        "## Errors and warnings by rule, with their verdicts",
        "",
        "| rule | findings | real | false | not yet judged |",
        "|---|---:|---:|---:|---:|",
    ]
    for rule in sorted(by_rule):
        c = by_rule[rule]
        lines.append(f"| {rule} | {sum(c.values())} | {c['real']} | {c['false']} | {c['not yet judged']} |")
    total = Counter[str]()
    for c in by_rule.values():
        total.update(c)
    lines.append(f"| all | {sum(total.values())} | {total['real']} | {total['false']} | "
                 f"{total['not yet judged']} |")
    lines += ["", "## Per document", "", render_markdown(records, lang="en").rstrip("\n").rsplit("\n\n", 1)[0], ""]
    return "\n".join(lines)


def main() -> int:
    if not CORPUS.is_dir():
        print(f"{CORPUS} is absent", file=sys.stderr)
        return 2
    records = survey([CORPUS], jobs=2)
    judged = load_verdicts(HERE / "verdicts")
    entries = unjudged(records, judged)
    write_unjudged(entries)
    (REPO / "docs" / "corpus.md").write_text(corpus_markdown(records, judged), encoding="utf-8")
    write_outputs(records + survey(output_files(), jobs=1))
    print(f"{len(entries)} unjudged finding(s) written to tests/corpus/unjudged.yaml; "
          f"docs/corpus.md written ({len(records)} documents)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
