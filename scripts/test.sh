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
# Chromium (the web app's browser test) from Debian's packages, quietly, when missing and possible;
# without it that test is skipped.
if [ "${BUDGETLENS_SKIP_SYSTEM_DEPS:-0}" != "1" ] && ! { command -v chromium && command -v chromedriver; } >/dev/null 2>&1 \
  && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null 2>&1 \
    || echo "note: chromium not installed; the browser test will be skipped" >&2
fi
export PATH="$PWD/.venv/bin:$PATH"
# A throwaway PostgreSQL (Debian's packages, 127.0.0.1 only) for the library's tests; without it
# those tests run on SQLite only and the PostgreSQL ones are skipped.
if [ -z "${BUDGETLENS_TEST_PG_URL:-}" ]; then
  if pg_env=$(bash scripts/start-postgres.sh); then
    eval "$pg_env"
    trap 'bash scripts/start-postgres.sh --stop "$BUDGETLENS_TEST_PG_DIR"' EXIT
  else
    echo "note: no PostgreSQL for the library's tests; they run on SQLite only" >&2
  fi
fi
ruff check src tests scripts benchmarks
mypy
pytest -p no:cacheprovider -rs "$@"
