#!/usr/bin/env bash
# Load benchmark (not a test): starts a release `busbar serve` on a fresh data folder, holds
# N simulated stations with busbar-bench and drives a mixed message rate. Prints the figures
# that go into docs/benchmarks.md. Only 127.0.0.1 is targeted.
#   scripts/bench.sh [stations] [rate msg/s] [duration s]
# Extra `busbar serve` options go in BUSBAR_SERVE_ARGS (e.g. "--commit-gather-ms 1").
# BUSBAR_BENCH_SITES=200x50 puts every bench station on a site (200 sites of 50 stations, from
# scripts/bench-sites.py) so the energy manager plans them as transactions start and end.
# BUSBAR_BENCH_WARMUP=60 measures only after a minute of load (default 10 s), e.g. once the energy
# manager has sent every station its first profiles.
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
sites_args=()
if [ -n "${BUSBAR_BENCH_SITES:-}" ]; then
  scripts/bench-sites.py "$data/sites" "${BUSBAR_BENCH_SITES%x*}" "${BUSBAR_BENCH_SITES#*x}"
  sites_args=(--sites "$data/sites")
fi
"$bin/busbar" serve --data-dir "$data" --ocpp-host 127.0.0.1 --ocpp-port 19000 --api-port 18080 --log-level warning \
  "${sites_args[@]}" ${BUSBAR_SERVE_ARGS:-} &
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
  --stations "$stations" --rate "$rate" --duration "$duration" --warmup "${BUSBAR_BENCH_WARMUP:-10}" --connect-concurrency 200 \
  --server-pid "$server"
if [ -n "${BUSBAR_BENCH_SITES:-}" ]; then
  # What the energy manager did meanwhile (Prometheus counters summed over the sites).
  curl -sf -H "Authorization: Bearer $api_key" http://127.0.0.1:18080/metrics | awk '
    /^busbar_energy_plans_total/ { plans += $NF }
    /^busbar_energy_plan_duration_seconds_sum/ { seconds += $NF }
    /^busbar_energy_profiles_sent_total/ {
      split($0, a, "outcome=\""); split(a[2], b, "\""); sent[b[1]] += $NF
      split($0, c, "purpose=\""); split(c[2], d, "\""); purpose[d[1]] += $NF
    }
    END {
      printf "energy manager: %d plans, mean %.1f ms; profiles", plans, plans ? seconds * 1000 / plans : 0
      for (k in sent) printf " %s %d", k, sent[k]
      printf "; by purpose"
      for (k in purpose) printf " %s %d", k, purpose[k]
      printf "\n"
    }'
fi
