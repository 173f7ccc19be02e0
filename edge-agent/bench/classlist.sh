#!/usr/bin/env bash
# Regenerates src/deb/cds/agent.classlist: the classes the packaged agent loads in its first 40 s
# (synthetic BME280, INA219, DS18B20, tachometer and an ADXL345 burst, publishing to a local
# Mosquitto). The package builds its class data sharing archive from this list on the device
# (src/deb/bin/prognos-agent-cds). A class the list lacks is loaded from its jar as usual, and a
# listed class that no longer exists is skipped: regenerate after larger changes to the agent.
#
#   edge-agent/bench/classlist.sh            (after ./mvnw -pl edge-agent package)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=$(ls target/edge-agent-*.jar | grep -v -e tests -e sources | head -1)
WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() { kill "${AGENT:-}" "${BROKER:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$PORT" > "$WORK/mosquitto.conf"
/usr/sbin/mosquitto -c "$WORK/mosquitto.conf" >"$WORK/mosquitto.log" 2>&1 & BROKER=$!
cat > "$WORK/agent.yaml" <<YAML
device: {id: classlist-1, site: bench, asset-type: centrifugal-pump}
broker: {url: "tcp://127.0.0.1:$PORT"}
sensors:
  - {type: bme280, address: 0x76, rate-hz: 1}
  - {type: ina219, address: 0x40, rate-hz: 1}
  - {type: ds18b20, one-wire-id: 28-0316a2794cff, rate-hz: 1}
  - {type: tachometer, pin: 17, rate-hz: 1}
  - {type: adxl345, address: 0x53, burst: {sample-rate-hz: 1600, duration-s: 1, every-s: 10}}
YAML
java -Xmx32m -XX:+UseSerialGC -XX:DumpLoadedClassList="$WORK/classlist" -cp "$JAR:target/lib/*" \
  dev.prognos.edge.AgentCommand --config "$WORK/agent.yaml" --data-dir "$WORK/data" --synthetic >"$WORK/agent.log" 2>&1 & AGENT=$!
sleep 40
kill -TERM "$AGENT"; wait "$AGENT" || true
grep -q 'dev/prognos/edge/AgentCommand' "$WORK/classlist" || { echo "no agent classes in the list" >&2; cat "$WORK/agent.log" >&2; exit 1; }
{
  echo "# Classes the agent loads (edge-agent/bench/classlist.sh, $(java -version 2>&1 | head -1)); input of -XX:SharedClassListFile."
  cat "$WORK/classlist"
} > src/deb/cds/agent.classlist
echo "wrote src/deb/cds/agent.classlist: $(grep -vc '^#' src/deb/cds/agent.classlist) classes"
