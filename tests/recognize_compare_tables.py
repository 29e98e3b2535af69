"""Measure the table recogniser against the hand-read expected files (a script, not a test)."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from budgetlens.model import Disclosure
from budgetlens.read import read_source
from budgetlens.recognize import recognize

ROOT = Path(__file__).resolve().parents[1]


def compare(seed: str, verbose: bool = False) -> tuple[int, int, list[str]]:
    exp_path = next((ROOT / "tests/expected").glob(f"{seed}*.yaml"))
    exp = yaml.safe_load(exp_path.read_text(encoding="utf-8"))
    src = read_source(str(ROOT / "tests/data/seeds" / exp["document"]))
    doc: Disclosure = recognize(src)
    total = matched = 0
    misses: list[str] = []
    for et in exp.get("tables") or []:
        t = doc.table(et["id"])
        total += 1
        if t is not None and bool(t.empty) == bool(et.get("empty")):
            matched += 1
        else:
            misses.append(f"{et['id']}: empty {None if t is None else t.empty} != {et.get('empty')}")
        erows = et.get("rows") or []
        rows = t.rows if t else []
        for i, er in enumerate(erows):
            r = rows[i] if i < len(rows) else None
            for k, ev in er.items():
                total += 1
                if r is None:
                    got = None
                    misses.append(f"{et['id']} row {i} missing ({er.get('name')})")
                elif k == "code":
                    got = r.code
                elif k == "name":
                    got = r.name
                elif k == "side":
                    got = r.side
                elif k == "project" and et["id"] == "B07":
                    got = r.project
                else:
                    v = r.values.get(k, "absent")
                    got = None if v is None else str(v)
                if r is not None and got == ev:
                    matched += 1
                elif r is not None:
                    misses.append(f"{et['id']} row {i} {er.get('name')} {k}: got {got!r} expected {ev!r}")
        if "rows" in et and len(rows) != len(erows):
            misses.append(f"{et['id']}: {len(rows)} rows, expected {len(erows)}")
    for i, ep in enumerate(exp.get("project_list") or []):
        p = doc.project_list[i] if i < len(doc.project_list) else None
        for k in ("name", "amount", "code"):
            total += 1
            got = None if p is None else (str(getattr(p, k)) if getattr(p, k) is not None else None)
            if got == ep.get(k):
                matched += 1
            else:
                misses.append(f"project {i} {k}: got {got!r} expected {ep.get(k)!r}")
    return matched, total, misses


if __name__ == "__main__":
    for seed in sys.argv[1:] or ["001", "002"]:
        m, t, misses = compare(seed)
        print(f"seed {seed}: {m}/{t} table figures matched")
        for x in misses[:60]:
            print("   ", x)
