#!/usr/bin/env bash
# The test command: unit, integration and doc tests of every crate in the workspace, then the
# Python and TypeScript client tests against the real server binary they start themselves.
# CI (.ci/run) calls this script, so a green local run means the same tests as CI. Arguments go
# to `cargo test` and then only the Rust tests run (`scripts/test.sh -p eventx-engine`).
# Needs cargo, python3 (3.9+, with venv) and node 20+ with npm; the client scripts install
# their packages into target/ and node_modules/.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace "$@"
if [[ $# -gt 0 ]]; then
    exit 0
fi
echo "--- client tests against the real server"
cargo build -p eventx-server
target_dir="${CARGO_TARGET_DIR:-target}"
[[ $target_dir == /* ]] || target_dir="$PWD/$target_dir"
export EVENTX_SERVER_BIN="$target_dir/debug/eventx-server"
echo "--- Python client (clients/python/test.sh)"
bash clients/python/test.sh
echo "--- TypeScript client (clients/typescript/test.sh)"
bash clients/typescript/test.sh
