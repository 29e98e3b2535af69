#!/usr/bin/env bash
# Install budgetlens (scripts/setup.sh) and run the main job on real disclosures: parse one,
# check a budget and its final account together (HTML report), and check a published PDF.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
BL=.venv/bin/budgetlens
SEEDS=tests/data/seeds
mkdir -p out
"$BL" parse "$SEEDS/003_0b52c0e090209c00.txt" --format text
"$BL" parse "$SEEDS/003_0b52c0e090209c00.txt" --format json --output out/003.json
echo "wrote out/003.json"
# Exit code 1 means "findings of severity error" — the job worked; only 2 is a failure.
run_check() {
  set +e
  "$BL" check "$@"
  code=$?
  set -e
  [ "$code" -le 1 ] || exit "$code"
}
run_check "$SEEDS/001_c42624e4ee949ba4.txt" "$SEEDS/000_b61820042bea01b0.txt" --format html --output out/report.html
echo "wrote out/report.html (a budget and its final account, checked together)"
run_check tests/data/samples/shanghai_putuo_finance_2024_final.pdf --format text
