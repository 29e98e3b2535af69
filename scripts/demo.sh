#!/usr/bin/env bash
# Install budgetlens (scripts/setup.sh) and run the main job on real disclosures: parse one,
# then check a budget and its final account together and write an HTML report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
BL=.venv/bin/budgetlens
SEEDS=tests/data/seeds
mkdir -p out
"$BL" parse "$SEEDS/003_0b52c0e090209c00.txt" --format text
"$BL" parse "$SEEDS/003_0b52c0e090209c00.txt" --format json --output out/003.json
echo "wrote out/003.json"
if "$BL" --help | grep -q " check "; then
  set +e
  "$BL" check "$SEEDS/001_c42624e4ee949ba4.txt" "$SEEDS/000_b61820042bea01b0.txt" --format html --output out/report.html
  code=$?
  set -e
  [ "$code" -le 1 ] || exit "$code"
  echo "wrote out/report.html (check exit code $code: 0 clean, 1 findings)"
fi
