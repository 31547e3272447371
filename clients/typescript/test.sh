#!/usr/bin/env bash
# Builds and tests the TypeScript client against the real eventx-server binary.
# Needs node 20+, npm and (unless EVENTX_SERVER_BIN names a built server) cargo.
# Run from anywhere: bash clients/typescript/test.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

if [ -z "${EVENTX_SERVER_BIN:-}" ]; then
    echo "--- cargo build -p eventx-server"
    (cd "$repo" && cargo build -p eventx-server)
    target_dir="${CARGO_TARGET_DIR:-target}"
    case "$target_dir" in
        /*) ;;
        *) target_dir="$repo/$target_dir" ;;
    esac
    export EVENTX_SERVER_BIN="$target_dir/debug/eventx-server"
fi
echo "--- server: $EVENTX_SERVER_BIN"

cd "$here"
echo "--- npm ci"
npm ci --no-audit --no-fund
echo "--- npm run build"
npm run build
echo "--- npm test"
npm test
