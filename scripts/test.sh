#!/usr/bin/env bash
# The project's checks: lint, type-check, tests. .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
ruff check src tests scripts benchmarks
mypy
pytest -p no:cacheprovider -rs "$@"
