#!/usr/bin/env bash
# Set up everything and open the interactive view of one organisation:  ./view.sh [--port N]
# Serves on 127.0.0.1 only (this machine); open the address it prints. Works without internet once set up:
# the page's scripts and fonts are fetched once, at set-up, from the npm registry (scripts/view_assets.py).
set -euo pipefail
cd "$(dirname "$0")"
port="${PORT:-8765}"
if [ "${1:-}" = "--port" ] && [ -n "${2:-}" ]; then port="$2"; fi
scripts/setup_env.sh viz
.venv/bin/python scripts/view_assets.py
echo "Open http://127.0.0.1:${port}/ in a browser (Ctrl-C stops the view)." >&2
export SOLARA_TELEMETRY_MIXPANEL_ENABLE=False  # no telemetry calls to the internet
exec .venv/bin/solara run sim/viz.py --host 127.0.0.1 --port "$port" --production
