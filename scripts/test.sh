#!/usr/bin/env bash
# The test command: unit, integration and doc tests of every crate in the workspace.
# CI (.ci/run) calls this script, so a green local run means the same tests as CI.
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo test --workspace "$@"
