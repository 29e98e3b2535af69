#!/usr/bin/env bash
# Create .venv and install budgetlens with its development tools. Idempotent: a second run only
# re-checks the installation. Optional Debian packages (LibreOffice, used only to regenerate the
# format-variant fixtures) are installed by scripts/install-system-deps.sh when asked for.
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
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null
.venv/bin/python -m pip install --quiet -e '.[dev]'
if [ "${BUDGETLENS_SYSTEM_DEPS:-0}" = "1" ] && [ -x scripts/install-system-deps.sh ]; then
  bash scripts/install-system-deps.sh
fi
