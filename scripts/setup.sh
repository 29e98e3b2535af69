#!/usr/bin/env bash
# Create .venv and install budgetlens with its development tools. Idempotent: a second run only
# re-checks the installation. Debian packages (LibreOffice for PDF rendering, a CJK font) are
# installed by scripts/install-system-deps.sh when missing.
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
# LibreOffice (PDF rendering and its round-trip tests) and a CJK font come from Debian's packages.
# Installed when missing and possible; without them only PDF *writing* is unavailable.
if [ "${BUDGETLENS_SKIP_SYSTEM_DEPS:-0}" != "1" ] && ! command -v soffice >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null 2>&1; }; then
    echo "installing system packages (LibreOffice, CJK fonts) with apt-get…" >&2
    sh scripts/install-system-deps.sh >/dev/null 2>&1 || echo "warning: system packages not installed; PDF rendering unavailable" >&2
  else
    echo "note: LibreOffice (soffice) not found; PDF rendering unavailable" >&2
  fi
fi
