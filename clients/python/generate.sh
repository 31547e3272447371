#!/usr/bin/env bash
# Regenerates the checked-in Python stubs of eventx.v1 from proto/eventx/v1/*.proto.
#
# The stubs land in clients/python/src/eventx/v1/ as <name>_pb2.py, <name>_pb2.pyi and
# service_pb2_grpc.py. They are made by one pinned grpcio-tools (its bundled protoc), installed in
# a venv of its own under ${XDG_CACHE_HOME:-$HOME/.cache}/eventx-ci/, so the output is the same
# bytes on every machine and every run: CI runs this script and fails on any diff.
#
# proto/google/rpc/status.proto is only on the include path: its Python module is the canonical
# google.rpc.status_pb2 of googleapis-common-protos, which the generated code imports.
set -euo pipefail
export LC_ALL=C

GRPCIO_TOOLS_VERSION=1.80.1
# The runtime the generator venv installs with grpcio-tools; pinned too so the venv is the same
# everywhere (the output only depends on grpcio-tools' protoc and plugins).
PINS="grpcio-tools==$GRPCIO_TOOLS_VERSION grpcio==1.80.1 protobuf==6.33.6"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$here/src/eventx/v1"

venv="${XDG_CACHE_HOME:-$HOME/.cache}/eventx-ci/python-grpcio-tools-$GRPCIO_TOOLS_VERSION"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.pins" 2>/dev/null)" != "$PINS" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  # shellcheck disable=SC2086 # PINS is a list of requirements
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check $PINS
  echo "$PINS" > "$venv/.pins"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$root"
protos=(proto/eventx/v1/*.proto)
"$venv/bin/python" -m grpc_tools.protoc -I proto \
  --python_out="$tmp" --pyi_out="$tmp" "${protos[@]}"
# Only service.proto declares a service; the other files would get empty *_pb2_grpc.py modules.
"$venv/bin/python" -m grpc_tools.protoc -I proto \
  --grpc_python_out="$tmp" proto/eventx/v1/service.proto

# Replace every generated file, so a proto file that was removed loses its module too;
# the hand-written __init__.py stays.
mkdir -p "$out"
find "$out" -maxdepth 1 -type f \( -name '*_pb2.py' -o -name '*_pb2.pyi' -o -name '*_pb2_grpc.py' \) -delete
for f in "$tmp"/eventx/v1/*; do
  install -m 0644 "$f" "$out/"
done
echo "generated $(find "$out" -maxdepth 1 -type f -name '*_pb2*' | wc -l) files in ${out#"$root"/} with grpcio-tools $GRPCIO_TOOLS_VERSION"
