#!/usr/bin/env bash
# Scale-out on loopback (BENCHMARKS.md, "Scale-out over three servers"): three release servers
# on 127.0.0.1:50061-50063 (metrics on :9101-9103), the CLI batch over one and over all three,
# `eventx bench` over one and over all three, then a batch over all three during which one server
# is killed with SIGKILL. Prints throughput and the Extract calls each server answered, read from
# its /metrics. Bounded: 20,000 articles per batch, 5 s per bench run, loopback only.
#   cargo build --release -p eventx-server -p eventx-client && scripts/scale_out.sh
set -euo pipefail
cd "$(dirname "$0")/.."
B=${B:-target/release}
ARTICLES=${ARTICLES:-/tmp/eventx-scale-out.jsonl}
OUT=$(mktemp)
[ -s "$ARTICLES" ] || python3 scripts/synthetic_articles.py 20000 2500 > "$ARTICLES"
THREE=127.0.0.1:50061,127.0.0.1:50062,127.0.0.1:50063

pids=()
for i in 1 2 3; do
    "$B/eventx-server" --addr "127.0.0.1:5006$i" --metrics-addr "127.0.0.1:910$i" --drain-delay 0s --log-level warn &
    pids+=($!)
done
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -f "$OUT"' EXIT
for i in 1 2 3; do
    until "$B/eventx" health --server "http://127.0.0.1:5006$i" >/dev/null; do sleep 0.1; done
done

# Successful Extract calls of each server so far (0 for a server that is gone).
counts() {
    for i in 1 2 3; do
        { curl -sf "127.0.0.1:910$i/metrics" || true; } | awk 'BEGIN {n = 0}
            /^eventx_requests_total\{/ && /ExtractionService\/Extract"/ && /code="OK"/ {n = $NF}
            END {print n}'
    done | paste -sd' '
}
# Per-server difference between two `counts` lines.
delta() { python3 -c 'import sys; b, a = sys.argv[1].split(), sys.argv[2].split(); print(*[int(y) - int(x) for x, y in zip(b, a)])' "$1" "$2"; }
seconds() { python3 -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.2f}")' "$1" "$2"; }

batch() {
    local label=$1 before after start end
    shift
    before=$(counts)
    start=$(date +%s.%N)
    "$B/eventx" extract --jsonl "$ARTICLES" "$@" > "$OUT"
    end=$(date +%s.%N)
    after=$(counts)
    echo "$label: $(wc -l < "$OUT") answers in $(seconds "$start" "$end") s; Extract OK per server: $(delta "$before" "$after")"
}
bench() {
    local label=$1 before
    shift
    before=$(counts)
    echo "$label:"
    "$B/eventx" bench --mode unary --concurrency 32 --duration 5 "$@" | sed -n '1,3s/^/    /p'
    echo "    Extract OK per server: $(delta "$before" "$(counts)")"
}

batch "batch, one server, one ExtractStream (--server http://127.0.0.1:50061)" --server http://127.0.0.1:50061
batch "batch, one server, balanced unary (--server dns:///127.0.0.1:50061)" --server dns:///127.0.0.1:50061
batch "batch, three servers, balanced unary (--server $THREE)" --server "$THREE"
batch "batch, three servers, balanced unary, --concurrency 8" --server "$THREE" --concurrency 8
bench "bench, one server" --server http://127.0.0.1:50061
bench "bench, three servers" --server "$THREE"

before=$(counts)
( sleep 2; kill -9 "${pids[1]}" ) &
killer=$!
start=$(date +%s.%N)
status=0
"$B/eventx" extract --jsonl "$ARTICLES" --server "$THREE" > "$OUT" 2>/dev/null || status=$?
end=$(date +%s.%N)
wait "$killer"
ids=$(python3 -c 'import json, sys; print(len({json.loads(l)["articleId"] for l in open(sys.argv[1])}))' "$OUT")
# Each article is answered once: what the survivors did not answer, the killed server answered
# before it died (its metrics died with it).
read -r first _ third <<< "$(delta "$before" "$(counts)")"
echo "batch over three, 127.0.0.1:50062 killed (SIGKILL) at 2 s: exit code $status, $(wc -l < "$OUT") answers," \
    "$ids distinct articles in $(seconds "$start" "$end") s; Extract OK: 127.0.0.1:50061 $first," \
    "127.0.0.1:50063 $third, so 127.0.0.1:50062 answered $((ids - first - third)) before it was killed"
