#!/usr/bin/env bash
# Create .venv and install budgetlens with its development tools. Idempotent: a second run only
# re-checks the installation. Installs Python packages only; the Debian packages used for PDF
# *writing* (LibreOffice, a CJK font) come from scripts/install-system-deps.sh, which
# scripts/test.sh runs when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "budgetlens needs Python 3.11 or newer (found $("$PYTHON" --version 2>&1))" >&2
  exit 2
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -qq --upgrade pip
.venv/bin/python -m pip install -qq -e '.[dev]'
