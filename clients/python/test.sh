#!/usr/bin/env bash
# Tests the Python client against the real server: mypy --strict on the wrapper, the example and
# the tests, then pytest (which starts target/debug/eventx-server, or $EVENTX_SERVER_BIN).
# Needs only python3 (3.9 or newer, with venv and pip) and cargo. Run from anywhere.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
target="${CARGO_TARGET_DIR:-$root/target}"

if [ -z "${EVENTX_SERVER_BIN:-}" ]; then
  (cd "$root" && cargo build -p eventx-server)
  EVENTX_SERVER_BIN="$target/debug/eventx-server"
fi
export EVENTX_SERVER_BIN

venv="$target/python-venv"
stamp="$(python3 --version 2>&1) $(cat "$here/requirements-test.txt")"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements-test.txt"
  printf '%s' "$stamp" > "$venv/.stamp"
fi
# The package itself, rebuilt every run (as a user would install it, not in editable mode).
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$here"
"$venv/bin/python" -m pip check --disable-pip-version-check >/dev/null

cd "$here"
"$venv/bin/python" -m mypy
"$venv/bin/python" -m pytest "$@"
