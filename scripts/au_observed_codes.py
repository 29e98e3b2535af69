"""Derive the ``observed`` 科目 entries of ``data/classification/<year>.yaml`` from official disclosures.

Where no published 政府收支分类科目 list for a year could be reached, the codes and names that the
official documents of that year print in their classification tables are the next best source. This
script reads the given disclosures, keeps only the coded rows the code reader trusts (a table whose
code column reads as codes, no doubt about the row: no figure or second code read into the name, no
sentence, no unit name), and writes, per year, each code not already published for that year with
the name the documents print and the documents that print it. A code printed under two names that
are not one the truncation of the other is kept only when one name has more documents than any
other and at least two; otherwise it is left out.

    python scripts/au_observed_codes.py ../shared/corpus/*.pdf            # print the sections
    python scripts/au_observed_codes.py --write ../shared/corpus/*.pdf    # write them into the files

Run it again after writing until it adds nothing: codes observed in one pass let more tables read
as codes in the next (the corpus of 2019–2026 disclosures settles on the second pass).

The documents are named by unit, year and kind as their own pages say, never by a local path.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from typing import Any

import yaml

from budgetlens.check.classification import DATA_DIR, available_years, for_year, well_formed
from budgetlens.check.rules.codes import table_codes

KIND_WORD = {"budget": "预算", "final": "决算"}


def _name(printed: str) -> str:
    s = re.sub(r"\s+", "", printed)
    s = s.replace("(", "（").replace(")", "）")
    s = re.sub(r"^(?:其中[:：])", "", s)
    return re.sub(r"（(?:类|款|项)）$", "", s)


def _document_label(d: Any) -> str:
    title = re.sub(r"\s+", "", d.title or "")
    kind = KIND_WORD.get(str(d.kind.value) if d.kind else "", "")
    base = f"{d.unit.name}{d.year}年{kind}公开" if d.unit.name else f"{d.year}年{kind}公开"
    return f"{base}《{title}》" if title and title not in base else base


def collect(paths: list[str]) -> tuple[dict[int, dict[str, dict[str, set[str]]]], dict[str, str]]:
    from budgetlens.check.api import load

    seen: dict[int, dict[str, dict[str, set[str]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    labels: dict[str, str] = {}
    for p in paths:
        try:
            d, _ = load(p)
        except Exception as exc:  # a document that cannot be read gives nothing
            print(f"{p}: {exc}", file=sys.stderr)
            continue
        if d.year is None:
            continue
        data, _ = for_year(d.year)
        if data is None:
            continue
        label = _document_label(d)
        doc_id = f"{d.year}-{len([k for k in labels if k.startswith(str(d.year))]) + 1:03d}"
        used = False
        for _t, tc in table_codes(d, data):
            if not tc.sound:
                continue
            for x in tc.rows.values():
                if x.doubt or x.status not in ("known", "unknown") or not well_formed(x.code):
                    continue
                if x.kind == "economic" and len(x.code) == 7:
                    continue  # a local subdivision, no 科目 of its own
                name = _name(x.printed)
                if not re.search(r"[\u4e00-\u9fff]", name) or re.search(r"\d", name):
                    continue
                seen[d.year][x.code][name].add(doc_id)
                used = True
        if used:
            labels[doc_id] = label
    return seen, labels


def resolve(names: dict[str, set[str]]) -> tuple[str, set[str]] | None:
    """One name for a code: the longest, when every other is its truncation; else the name most
    documents print (at least two, more than any other); else None."""
    longest = max(names, key=len)
    if all(longest.startswith(n) for n in names):
        return longest, set().union(*names.values())
    ranked = sorted(names.items(), key=lambda kv: -len(kv[1]))
    if len(ranked[0][1]) >= 2 and len(ranked[0][1]) > len(ranked[1][1]):
        return ranked[0]
    return None


def sections(seen: dict[int, dict[str, dict[str, set[str]]]], labels: dict[str, str]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for year, codes in sorted(seen.items()):
        data, _ = for_year(year)
        function: dict[str, Any] = {}
        economic: dict[str, Any] = {}
        used: set[str] = set()
        for code in sorted(codes):
            if data is not None and data.status_of(code) == "published":
                continue
            got = resolve(codes[code])
            if got is None:
                continue
            name, docs = got
            entry = {"name": name, "source": sorted(docs)}
            (function if code.startswith("2") else economic)[code] = entry
            used.update(docs)
        out[year] = {"documents": {k: labels[k] for k in sorted(used)}, "function": function, "economic": economic}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--write", action="store_true", help="write the sections into data/classification/<year>.yaml")
    args = ap.parse_args(argv)
    seen, labels = collect(args.paths)
    result = sections(seen, labels)
    for year, section in result.items():
        text = yaml.safe_dump({"observed": section}, allow_unicode=True, sort_keys=False, width=200)
        if not args.write:
            print(f"# {year}\n{text}")
            continue
        path = DATA_DIR / f"{year}.yaml"
        if year not in available_years():
            print(f"{year}: no data file; create {path.name} first", file=sys.stderr)
            continue
        current = path.read_text(encoding="utf-8")
        head = current.split("\nobserved:", 1)[0].rstrip("\n")
        path.write_text(head + "\n" + text, encoding="utf-8")
        n = len(section["function"]) + len(section["economic"])
        print(f"{path.name}: {n} observed codes from {len(section['documents'])} documents")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
