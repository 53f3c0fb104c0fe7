#!/usr/bin/env bash
# Set up (or reuse) the project's virtual environment in .venv with Python 3.12 or newer.
# Usage: scripts/setup_env.sh [extras]   (e.g. "test" or "test,viz", comma-separated)
# Prints nothing but progress on stderr; the venv's python is at .venv/bin/python.
set -euo pipefail
cd "$(dirname "$0")/.."
extra="${1:-}"

is_ok() { "$@" -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1; }

find_python() {
  local c
  if [ -n "${PYTHON:-}" ] && is_ok "$PYTHON"; then echo "$PYTHON"; return; fi
  for c in python3.13 python3.12 python3.14 python3 python; do
    if is_ok "$c"; then command -v "$c"; return; fi
  done
  # pyenv installs that are not the active version (their shims fail until activated)
  if command -v pyenv >/dev/null 2>&1; then
    local root; root="$(pyenv root)"
    for c in "$root"/versions/3.13*/bin/python3 "$root"/versions/3.12*/bin/python3 "$root"/versions/3.1[4-9]*/bin/python3; do
      if [ -x "$c" ] && is_ok "$c"; then echo "$c"; return; fi
    done
  fi
  for c in /usr/local/bin/python3.1[2-9] /opt/homebrew/bin/python3.1[2-9]; do
    if [ -x "$c" ] && is_ok "$c"; then echo "$c"; return; fi
  done
  return 1
}

venv_ok() { [ -x .venv/bin/python ] && is_ok .venv/bin/python; }

if ! venv_ok; then
  if ! py="$(find_python)"; then
    cat >&2 <<'MSG'
error: this project needs Python 3.12 or newer, and none was found
(tried $PYTHON, python3.13, python3.12, python3, python and pyenv's versions).
Install one, for example:
  - pyenv:   pyenv install 3.12 && PYTHON="$(pyenv root)/versions/3.12.*/bin/python3" ./run.sh
  - Debian/Ubuntu: sudo apt install python3.12 python3.12-venv
  - macOS:   brew install python@3.12
or point PYTHON at an interpreter: PYTHON=/path/to/python3.12 ./run.sh
MSG
    exit 1
  fi
  echo "Creating .venv with $py ($("$py" --version 2>&1))" >&2
  rm -rf .venv
  "$py" -m venv .venv
fi

spec="."
[ -n "$extra" ] && spec=".[$extra]"
stamp=".venv/.installed-$(cat pyproject.toml | cksum | cut -d' ' -f1)-${extra:-base}"
if [ ! -f "$stamp" ]; then
  echo "Installing the project and its pinned dependencies ($spec) into .venv ..." >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
  if ! .venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$spec" 2> >(grep -v '^WARNING: Location' >&2); then
    echo "error: installing the project into .venv failed (see above)" >&2
    exit 1
  fi
  touch "$stamp"
fi
