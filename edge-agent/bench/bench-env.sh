# Sourced by footprint.sh and classlist.sh (from edge-agent/): a temporary directory $WORK, a
# Mosquitto on a free port, and $WORK/agent.yaml with synthetic BME280, INA219, DS18B20 and
# tachometer at 1 reading/s, plus an ADXL345 burst (1 s at 1600 Hz every 10 s) when $1 is
# --vibration. Sets JAR and CP (the packaged agent: jar + lib); kills $AGENT and the broker and
# removes $WORK on exit. Needs Debian's mosquitto.
JAR=$(ls target/edge-agent-*.jar | grep -v -e tests -e sources | head -1)
CP="$JAR:target/lib/*"
WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() { kill "${AGENT:-}" "${BROKER:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$PORT" > "$WORK/mosquitto.conf"
/usr/sbin/mosquitto -c "$WORK/mosquitto.conf" >"$WORK/mosquitto.log" 2>&1 & BROKER=$!
cat > "$WORK/agent.yaml" <<YAML
device: {id: bench-1, site: bench, asset-type: centrifugal-pump}
broker: {url: "tcp://127.0.0.1:$PORT"}
sensors:
  - {type: bme280, address: 0x76, rate-hz: 1}
  - {type: ina219, address: 0x40, rate-hz: 1}
  - {type: ds18b20, one-wire-id: 28-0316a2794cff, rate-hz: 1}
  - {type: tachometer, pin: 17, rate-hz: 1}
YAML
if [ "${1:-}" = --vibration ]; then
  echo "  - {type: adxl345, address: 0x53, burst: {sample-rate-hz: 1600, duration-s: 1, every-s: 10}}" >> "$WORK/agent.yaml"
fi
