#!/usr/bin/env bash
# Load benchmark (not a test): starts a release `busbar serve` on a fresh data folder, holds
# N simulated stations with busbar-bench and drives a mixed message rate. Prints the figures
# that go into docs/benchmarks.md. Only 127.0.0.1 is targeted.
#   scripts/bench.sh [stations] [rate msg/s] [duration s]
# Extra `busbar serve` options go in BUSBAR_SERVE_ARGS (e.g. "--commit-gather-ms 1").
# BUSBAR_HOG=35 adds a process burning 35 % of one core during the run (scripts/cpu-hog.c), to
# judge a change as in a slow host hour.
set -euo pipefail
cd "$(dirname "$0")/.."
stations=${1:-10000}
rate=${2:-5000}
duration=${3:-60}
scratch=${BUSBAR_SCRATCH:-.build-release}
swift build -c release --scratch-path "$scratch" --product busbar
swift build -c release --scratch-path "$scratch" --product busbar-bench
bin="$scratch/release"
data=$(mktemp -d /tmp/busbar-bench-XXXXXX)
ulimit -n "$(ulimit -Hn)"
# The run uses the API as a deployment would: with an operator key (only its hash is stored).
api_key=$("$bin/busbar" keys add --role operator --name bench --data-dir "$data")
"$bin/busbar" serve --data-dir "$data" --ocpp-host 127.0.0.1 --ocpp-port 19000 --api-port 18080 --log-level warning ${BUSBAR_SERVE_ARGS:-} &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:18080/healthz >/dev/null && break; sleep 0.1; done
if [ -n "${BUSBAR_HOG:-}" ]; then
  cc -O2 -o "$data/cpu-hog" scripts/cpu-hog.c
  "$data/cpu-hog" "$BUSBAR_HOG" &
  hog=$!
  trap 'kill $hog $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
fi
BUSBAR_API_KEY="$api_key" "$bin/busbar-bench" --url ws://127.0.0.1:19000/ocpp --api http://127.0.0.1:18080 --register \
  --stations "$stations" --rate "$rate" --duration "$duration" --warmup 10 --connect-concurrency 200 \
  --server-pid "$server"
