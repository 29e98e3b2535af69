"""Generate src/budgetlens/check/rule_catalogue.py, every rule's data for listing the rules without
importing them, from the registered rules (run after adding a rule or changing its title, severity,
group, kinds, basis or docstring).

    python scripts/gen_rule_catalogue.py          # write it
    python scripts/gen_rule_catalogue.py --check  # exit 1 when it is stale
"""

from __future__ import annotations

import sys
from pathlib import Path

from budgetlens.check.registry import catalogue_source

TARGET = Path(__file__).resolve().parent.parent / "src" / "budgetlens" / "check" / "rule_catalogue.py"


def main() -> None:
    text = catalogue_source()
    if "--check" in sys.argv[1:]:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET.name} is stale: run python scripts/gen_rule_catalogue.py", file=sys.stderr)
            sys.exit(1)
        return
    TARGET.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
