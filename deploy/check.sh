#!/usr/bin/env bash
# Checks of deploy/ that need no container engine (CI machines have none):
#   1. hadolint on deploy/Dockerfile, failing on warnings;
#   2. every kustomize overlay (and the base) rendered by kubectl and validated, strictly, against
#      the Kubernetes API schemas of $K8S_VERSION;
#   3. deploy/compose.yaml against the Compose Specification JSON schema;
#   4. the release build with the Dockerfile's command, then the server binary started with the
#      image's ENTRYPOINT, CMD and ENV (services/server/tests/container.rs) serving health on
#      0.0.0.0 and stopping on its STOPSIGNAL.
# The Python tools come pinned from deploy/requirements-ci.txt into a venv that is reused while
# that file is unchanged. Called by .ci/run; run it alone with `bash deploy/check.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."

K8S_VERSION=1.37.0
requirements=deploy/requirements-ci.txt
venv="${XDG_CACHE_HOME:-$HOME/.cache}/eventx-ci/deploy-venv"
if ! cmp -s "$requirements" "$venv/requirements-ci.txt" 2>/dev/null; then
    echo "--- installing the deploy check tools into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$venv/requirements-ci.txt"
fi
export PATH="$venv/bin:$PATH"

echo "--- hadolint deploy/Dockerfile"
hadolint --no-color --failure-threshold warning deploy/Dockerfile

for dir in deploy/k8s/base deploy/k8s/overlays/*/; do
    dir="${dir%/}"
    echo "--- kubectl kustomize $dir | kubernetes-validate --strict (Kubernetes $K8S_VERSION)"
    kubectl kustomize "$dir" | kubernetes-validate --strict --quiet --kubernetes-version "$K8S_VERSION" -
done

echo "--- deploy/compose.yaml against the Compose Specification schema"
check-jsonschema --builtin-schema vendor.compose-spec deploy/compose.yaml

echo "--- cargo build --release --locked (the Dockerfile's build) and the image's start-up"
cargo build --release --locked -p eventx-server -p eventx-client
target_dir=$(cargo metadata --no-deps --format-version 1 | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
EVENTX_SERVER_BIN="$target_dir/release/eventx-server" cargo test --locked -p eventx-server --test container
