"""Rewrite tests/corpus/unjudged.yaml: the errors and warnings on ../shared/corpus not yet judged.

Run after a change to reading or rules; then read each entry on its page and move it into a
verdict file (tests/corpus/verdicts/*.yaml) as real or false.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import yaml

from budgetlens.corpus import Key, finding_key, load_verdicts, survey

REPO = Path(__file__).resolve().parents[1]
HERE = REPO / "tests" / "corpus"
CORPUS = Path(os.environ.get("BUDGETLENS_SHARED") or REPO.parent / "shared") / "corpus"


def main() -> int:
    if not CORPUS.is_dir():
        print(f"{CORPUS} is absent", file=sys.stderr)
        return 2
    judged = set(load_verdicts(HERE / "verdicts"))
    rows: dict[Key, dict[str, object]] = {}
    for rec in survey([CORPUS], jobs=2):
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
    out = sorted(rows.values(), key=lambda e: (str(e["document"]), str(e["rule"]), str(e["page"]).zfill(4), str(e["row"])))
    header = (
        "# Errors and warnings on ../shared/corpus not yet judged (written by scripts/corpus_unjudged.py).\n"
        "# Read each on its page and move it into tests/corpus/verdicts/*.yaml as real or false.\n"
    )
    (HERE / "unjudged.yaml").write_text(header + yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=200),
                                        encoding="utf-8")
    print(f"{len(out)} unjudged finding(s) written to {HERE / 'unjudged.yaml'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
