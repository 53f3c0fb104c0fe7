#!/usr/bin/env bash
# Set up everything and run the tests:  ./test.sh [pytest options ...]
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup_env.sh test,viz,study,ema,ray  # the browser view, the parameter-study adapters and sweeps on Ray are tested too
.venv/bin/python -m ruff check sim analysis tests scripts benchmarks
# the view's assets (once, from the npm registry), for its browser test; without npm that test says why it did not run
.venv/bin/python scripts/view_assets.py || echo "note: the view's assets could not be fetched (see above)" >&2
if ! command -v "${CHROMIUM:-chromium}" >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  echo "note: chromium was not found, so the browser tests (tests/test_browser.py) will not run;" \
    "install it (Debian/Ubuntu: sudo apt-get install chromium) or point CHROMIUM at it" >&2
fi
exec .venv/bin/python -m pytest "$@"
