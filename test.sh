#!/usr/bin/env bash
# Set up everything and run the tests:  ./test.sh [pytest options ...]
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup_env.sh test,viz,study,ema,ray  # the browser view, the parameter-study adapters and sweeps on Ray are tested too
.venv/bin/python -m ruff check sim analysis tests scripts benchmarks
exec .venv/bin/python -m pytest "$@"
