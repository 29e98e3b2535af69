"""Print how many expected figures of each seed the parser matches (and the first mismatches)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from budgetlens.read import read_source
from budgetlens.recognize import recognize
from expectations import compare, document_path, expected_files, load_expected, summarize


def main() -> None:
    only = sys.argv[1:] and sys.argv[1]
    show = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    results = []
    for name in expected_files():
        if only and not name.startswith(only):
            continue
        exp = load_expected(name)
        label = name[:3] if name[:3].isdigit() else name.removesuffix(".yaml")
        path = document_path(exp)
        if not path.is_file():
            print(f"  {label}: skipped, {path} is absent (a shared sample, not committed)")
            continue
        doc = recognize(read_source(path))
        tallies = compare(exp, doc)
        results.append((label, tallies))
        for section, t in tallies.items():
            for m in t.mismatches[:show]:
                print(f"  {label} {section}: {m}")
    print(summarize(results))


if __name__ == "__main__":
    main()
