#!/usr/bin/env bash
# Regenerates every checked-in client stub from proto/: Python (grpcio-tools) and TypeScript
# (buf with local ts-proto). Rust stubs are generated at build time (proto/build.rs) and are not
# checked in. Each language's script pins its generator, so the output is the same bytes on every
# machine; .ci/run runs this and fails when the checked-in stubs differ.
set -euo pipefail
cd "$(dirname "$0")/.."
bash clients/python/generate.sh
bash clients/typescript/generate.sh
