#!/usr/bin/env bash
# Resident memory and CPU of the packaged agent at 1 reading/s from 4 sensors (synthetic BME280,
# INA219, DS18B20, tachometer; optionally an ADXL345 burst of 1 s at 1600 Hz every 10 s), publishing
# to a local Mosquitto, with the systemd unit's JVM flags (read from the unit) and its class data
# sharing archive (built into target/cds by the package's own src/deb/bin/prognos-agent-cds).
# Prints VmRSS every 10 s and a summary with the load average, which inflates the CPU figure.
#
#   edge-agent/bench/footprint.sh [SECONDS] [--vibration]     (after ./mvnw -pl edge-agent package)
#
# Needs Debian's mosquitto. Uses free ports and a temporary directory; cleans up on exit (bench-env.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-300}"
VIB="${2:-}"
# The systemd unit's defaults (src/deb/systemd/prognos-agent.service); override with JAVA_OPTS=...
UNIT_OPTS=$(sed -n 's/^Environment="JAVA_OPTS=\(.*\)"$/\1/p' src/deb/systemd/prognos-agent.service)
JAVA_OPTS="${JAVA_OPTS:-$UNIT_OPTS}"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}"
# shellcheck source=bench-env.sh
. bench/bench-env.sh "$VIB"
# The unit's archive lives in /var/cache/prognos-agent; here in target/cds, built as the unit builds it.
JAVA_OPTS="${JAVA_OPTS//\/var\/cache\/prognos-agent\/agent.jsa/target/cds/agent.jsa}"
case "$JAVA_OPTS" in
  *SharedArchiveFile=target/cds/agent.jsa*) src/deb/bin/prognos-agent-cds target/cds/agent.jsa src/deb/cds/agent.classlist "$CP" ;;
esac
# shellcheck disable=SC2086
java $JAVA_OPTS -cp "$CP" dev.prognos.edge.AgentCommand --config "$WORK/agent.yaml" \
  --data-dir "$WORK/data" --synthetic >"$WORK/agent.log" 2>&1 & AGENT=$!
HZ=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$AGENT/stat"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$AGENT/status"; }
anon_file() { awk '/^RssAnon/ {a=$2} /^RssFile/ {f=$2} END {printf "anon %.1f MB, file %.1f MB", a/1024, f/1024}' "/proc/$AGENT/status"; }
sleep 20 # start-up (class loading, JIT) is not the steady state
t0=$(ticks); s0=$(date +%s.%N); max=0; sum=0; n=0; load0=$(cut -d' ' -f1 /proc/loadavg)
cds=$(grep -q 'cds/agent.jsa' "/proc/$AGENT/maps" && echo "agent's CDS archive mapped" || echo "no agent CDS archive")
echo "MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX java $JAVA_OPTS, $(java -version 2>&1 | head -1), $cds, sensors: $(grep -c -- '- {type' "$WORK/agent.yaml")"
end=$((SECONDS + SECONDS_TO_RUN))
while [ $SECONDS -lt $end ]; do
  r=$(rss_kb); n=$((n + 1)); sum=$((sum + r)); [ "$r" -gt "$max" ] && max=$r
  printf '%4ds VmRSS %6.1f MB (%s)\n' "$((SECONDS_TO_RUN - end + SECONDS))" "$(echo "$r/1024" | bc -l)" "$(anon_file)"
  sleep 10
done
t1=$(ticks); s1=$(date +%s.%N)
cpu=$(echo "($t1 - $t0) / $HZ / ($s1 - $s0) * 100" | bc -l)
kill -TERM "$AGENT"; wait "$AGENT" || true
delivered=$(grep -o 'last seq [0-9]*' "$WORK/agent.log" | tail -1)
printf 'summary: %d s, VmRSS mean %.1f MB, max %.1f MB, CPU %.2f %% of one core (load average %s at the start, %s at the end); agent %s\n' \
  "$SECONDS_TO_RUN" "$(echo "$sum/$n/1024" | bc -l)" "$(echo "$max/1024" | bc -l)" "$cpu" "$load0" "$(cut -d' ' -f1 /proc/loadavg)" "$delivered"
grep -E 'WARN|ERROR' "$WORK/agent.log" | head -5 || true
