#!/usr/bin/env bash
# Install budgetlens (scripts/setup.sh: the Python package only) and run the main job on real
# disclosures: parse one, check a budget and its final account together (HTML report), and check a
# published PDF. The seeds are part of the repository; the PDF is read from the shared folder
# ($BUDGETLENS_SHARED, else ../shared beside the repository), which is never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
BL=.venv/bin/budgetlens
SEEDS=tests/data/seeds
SHARED=${BUDGETLENS_SHARED:-../shared}
SHANGHAI="$SHARED/samples/上海市普陀区财政局2024年度部门决算.pdf"
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
if [ -f "$SHANGHAI" ]; then
  run_check "$SHANGHAI" --format text
else
  echo "skipped: the PDF check of the Shanghai sample ($SHANGHAI is absent; set BUDGETLENS_SHARED to the folder holding samples/)"
fi
