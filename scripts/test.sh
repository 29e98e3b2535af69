#!/usr/bin/env bash
# The project's checks: lint, type-check, tests. .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# LibreOffice (the PDF round-trip tests) and a CJK font come from Debian's packages: installed when
# missing and possible (BUDGETLENS_SKIP_SYSTEM_DEPS=1 to skip); without them those tests are skipped.
if [ "${BUDGETLENS_SKIP_SYSTEM_DEPS:-0}" != "1" ] && ! command -v soffice >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null 2>&1; }; then
    echo "installing system packages (LibreOffice, CJK fonts) with apt-get…" >&2
    sh scripts/install-system-deps.sh >/dev/null 2>&1 \
      || echo "note: system packages not installed; the PDF-writing tests will be skipped" >&2
  else
    echo "note: LibreOffice (soffice) not found and cannot be installed here (needs apt-get as root or" \
      "with sudo); the PDF-writing tests will be skipped" >&2
  fi
fi
export PATH="$PWD/.venv/bin:$PATH"
ruff check src tests scripts benchmarks
mypy
pytest -p no:cacheprovider -rs "$@"
