#!/usr/bin/env bash
# Soak run (not a test): a release `busbar serve` on a fresh data folder carries N simulated
# stations for T minutes at a steady message mix (busbar-bench), plus a trickle of operator API
# traffic (CSMS→station GetVariables and history reads), while the server's resident memory and
# open descriptors are sampled every 10 s. Prints the samples' first, last and extreme values and
# the least-squares slope over the steady part (from the end of the bench's warm-up plus two
# minutes), per hour. A leak shows as a slope that does not shrink with a longer run.
#   scripts/soak.sh [stations] [rate msg/s] [minutes]
# The samples are kept in $BUSBAR_SOAK_OUT (default /tmp/busbar-soak-<time>.csv).
set -euo pipefail
cd "$(dirname "$0")/.."
stations=${1:-10000}
rate=${2:-5000}
minutes=${3:-30}
interval=10
warmup=10
scratch=${BUSBAR_SCRATCH:-.build-release}
out=${BUSBAR_SOAK_OUT:-/tmp/busbar-soak-$(date +%Y%m%dT%H%M%S).csv}
swift build -c release --scratch-path "$scratch" --product busbar
swift build -c release --scratch-path "$scratch" --product busbar-bench
bin="$scratch/release"
data=$(mktemp -d /tmp/busbar-soak-XXXXXX)
api=http://127.0.0.1:18080
ulimit -n "$(ulimit -Hn)"
# With an operator key, as a deployment would run (only its hash is stored).
BUSBAR_API_KEY=$("$bin/busbar" keys add --role operator --name soak --data-dir "$data")
export BUSBAR_API_KEY
"$bin/busbar" serve --data-dir "$data" --ocpp-host 127.0.0.1 --ocpp-port 19000 --api-port 18080 --log-level warning ${BUSBAR_SERVE_ARGS:-} &
server=$!
pids=()
trap 'kill "${pids[@]}" $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -sf "$api/healthz" >/dev/null && break; sleep 0.1; done

# The server's RSS (KiB) and descriptor count every $interval seconds.
sample() {
  local start
  start=$(date +%s)
  echo "seconds,rss_kib,fds" >"$out"
  while kill -0 "$server" 2>/dev/null; do
    local rss fds
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$server/status" 2>/dev/null || echo 0)
    fds=$(find "/proc/$server/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
    echo "$(($(date +%s) - start)),$rss,$fds" >>"$out"
    sleep "$interval"
  done
}
sample &
pids+=($!)

# About two operator requests a second once the stations are connected: a CSMS→station call to a
# random station and a page of transaction history.
operator_traffic() {
  sleep 60
  while kill -0 "$server" 2>/dev/null; do
    local id
    id=$(printf 'BENCH-%06d' $((RANDOM % stations)))
    curl -s -o /dev/null -X POST -H 'Content-Type: application/json' ${BUSBAR_API_KEY:+-H "Authorization: Bearer $BUSBAR_API_KEY"} \
      "$api/api/v1/stations/$id/requests/GetVariables?timeout=5" \
      -d '{"getVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}}]}' || true
    curl -s -o /dev/null ${BUSBAR_API_KEY:+-H "Authorization: Bearer $BUSBAR_API_KEY"} "$api/api/v1/transactions?limit=50" || true
    sleep 1
  done
}
operator_traffic &
pids+=($!)

"$bin/busbar-bench" --url ws://127.0.0.1:19000/ocpp --api "$api" --register \
  --stations "$stations" --rate "$rate" --duration $((minutes * 60)) --warmup "$warmup" --connect-concurrency 200 \
  --server-pid "$server"

echo
echo "soak samples: $out"
# Steady part: after the connect phase (the first sample with at least 98 % of the most
# descriptors seen) plus the warm-up plus two minutes.
awk -F, -v settle=$((warmup + 120)) '
  NR == 1 { next }
  { t[n] = $1; r[n] = $2 / 1024; f[n] = $3; n++ }
  END {
    if (n < 3) { print "too few samples"; exit 1 }
    minr = maxr = r[0]; minf = maxf = f[0]
    for (i = 0; i < n; i++) {
      if (r[i] < minr) minr = r[i]; if (r[i] > maxr) maxr = r[i]
      if (f[i] < minf) minf = f[i]; if (f[i] > maxf) maxf = f[i]
    }
    start = 0
    for (i = 0; i < n; i++) if (f[i] >= 0.98 * maxf) { start = i; break }
    from = t[start] + settle
    m = 0; st = sr = sf = stt = str = stf = 0
    for (i = 0; i < n; i++) {
      if (t[i] < from) continue
      m++; st += t[i]; sr += r[i]; sf += f[i]; stt += t[i] * t[i]; str += t[i] * r[i]; stf += t[i] * f[i]
    }
    printf "samples: %d every %s s over %d s; steady part from %d s: %d samples\n", n, t[1] - t[0], t[n - 1], from, m
    printf "RSS MiB: first %.1f  last %.1f  min %.1f  max %.1f\n", r[0], r[n - 1], minr, maxr
    printf "descriptors: first %d  last %d  min %d  max %d\n", f[0], f[n - 1], minf, maxf
    if (m < 3) { print "steady part too short for a slope"; exit 0 }
    d = m * stt - st * st
    printf "slope over the steady part: RSS %+.2f MiB/hour, descriptors %+.2f /hour\n", \
      (m * str - st * sr) / d * 3600, (m * stf - st * sf) / d * 3600
  }' "$out"
