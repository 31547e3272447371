#!/usr/bin/env bash
# Regenerates the checked-in stubs in src/gen/ from ../../proto (the eventx contract) and
# proto/ (the google.rpc error details this client decodes), with buf and ts-proto run from
# node_modules at the versions pinned in package-lock.json. No network plugin, no timestamps:
# the same inputs give the same bytes, so CI can run this and fail on any diff.
set -euo pipefail
cd "$(dirname "$0")"

# Install the pinned tools when node_modules is missing or holds other versions than the lock.
installed_matches_lock() {
    node -e '
        const fs = require("fs");
        const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
        for (const name of ["ts-proto", "@bufbuild/buf", "@bufbuild/protobuf"]) {
            const want = lock.packages["node_modules/" + name].version;
            const have = JSON.parse(fs.readFileSync("node_modules/" + name + "/package.json", "utf8")).version;
            if (want !== have) process.exit(1);
        }
    ' 2>/dev/null
}
if ! installed_matches_lock; then
    npm ci --no-audit --no-fund
fi

node_modules/.bin/buf generate --template buf.gen.yaml
