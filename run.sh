#!/usr/bin/env bash
# Set up everything and run the main job on the default config:  ./run.sh [hydra overrides ...]
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup_env.sh
exec .venv/bin/python -m sim "$@"
