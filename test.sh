#!/usr/bin/env bash
# Set up everything and run the tests:  ./test.sh [pytest options ...]
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup_env.sh test,viz,study,ema,ray  # the browser view, the parameter-study adapters and sweeps on Ray are tested too
.venv/bin/python -m ruff check sim analysis tests scripts benchmarks
if ! command -v "${CHROMIUM:-chromium}" >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  echo "note: chromium was not found, so the browser tests (tests/test_browser.py) will not run;" \
    "install it (Debian/Ubuntu: sudo apt-get install chromium) or point CHROMIUM at it" >&2
fi
exec .venv/bin/python -m pytest "$@"
