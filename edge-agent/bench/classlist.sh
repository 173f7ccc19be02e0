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
# shellcheck source=bench-env.sh
. bench/bench-env.sh --vibration
java -Xmx32m -XX:+UseSerialGC -XX:DumpLoadedClassList="$WORK/classlist" -cp "$CP" \
  dev.prognos.edge.AgentCommand --config "$WORK/agent.yaml" --data-dir "$WORK/data" --synthetic >"$WORK/agent.log" 2>&1 & AGENT=$!
sleep 40
kill -TERM "$AGENT"; wait "$AGENT" || true
grep -q 'dev/prognos/edge/AgentCommand' "$WORK/classlist" || { echo "no agent classes in the list" >&2; cat "$WORK/agent.log" >&2; exit 1; }
{
  echo "# Classes the agent loads (edge-agent/bench/classlist.sh, $(java -version 2>&1 | head -1)); input of -XX:SharedClassListFile."
  cat "$WORK/classlist"
} > src/deb/cds/agent.classlist
echo "wrote src/deb/cds/agent.classlist: $(grep -vc '^#' src/deb/cds/agent.classlist) classes"
