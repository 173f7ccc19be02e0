#!/usr/bin/env bash
# End-to-end check of ./prognos demo, as a person would use it:
#   1. the demo starts and prints an alert from the simulated fleet;
#   2. a reading published by hand with mosquitto_pub reaches prognos.telemetry, and one that is
#      malformed reaches prognos.deadletter with its reason;
#   3. Ctrl-C (SIGINT to the demo's process group, as a terminal sends it) leaves no process.
# Uses its own ports and data directory, so it does not disturb a demo already running.
# Prints "N passed, N failed" at the end; exits non-zero when a check failed.
set -uo pipefail
set -m # job control: the demo gets its own process group, like a command typed in a terminal

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
WORK="$(mktemp -d /tmp/prognos-smoke.XXXXXX)"
export PROGNOS_HOME="$WORK/home"
export PROGNOS_GATEWAY_HTTP_PORT=18080
export PROGNOS_CONSOLE_HTTP_PORT=18088
MQTT_PORT=11883
KAFKA_PORT=19092
KAFKA="127.0.0.1:$KAFKA_PORT"
ALERT_DEADLINE_S=180 # the issue asks for alerts within two minutes of start; 3 on a loaded CI machine
LOG="$WORK/demo.out"

passed=0
failed=0
check() { # NAME CONDITION-EXIT-CODE
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "PASS $1"; else failed=$((failed + 1)); echo "FAIL $1"; fi
}
# poll_until SECONDS COMMAND...: runs COMMAND every second until it succeeds or time runs out
poll_until() {
  local limit=$1; shift
  local deadline=$((SECONDS + limit))
  until "$@"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 1
  done
}

./prognos build >/dev/null || { echo "FAIL build"; echo "0 passed, 1 failed"; exit 1; }

started=$SECONDS
./prognos demo --mqtt-port "$MQTT_PORT" --kafka-port "$KAFKA_PORT" >"$LOG" 2>&1 &
DEMO=$!

poll_until 240 grep -q '^\[6/6\] Running' "$LOG"
check "demo starts every part and says where to look" $?
grep -q "mqtt://127.0.0.1:$MQTT_PORT" "$LOG"
check "demo prints its MQTT broker as mqtt://HOST:PORT" $?

poll_until "$ALERT_DEADLINE_S" grep -qE ' CRITICAL OPEN +pump-[0-9]+ ' "$LOG"
rc=$?
check "an alert from the simulated fleet within $ALERT_DEADLINE_S s ($((SECONDS - started)) s after start)" $rc
grep -qE 'readings in: [0-9,]+ \([0-9.]+/s\)' "$LOG"
check "demo prints readings in every few seconds" $?

now_ms=$(($(date +%s) * 1000))
mosquitto_pub -V mqttv5 -q 1 -h 127.0.0.1 -p "$MQTT_PORT" -t prognos/v1/plant-a/pump-999/telemetry \
  -m '{"v":1,"device":"pump-999","site":"plant-a","asset":"centrifugal-pump","seq":1,"ts":'"$now_ms"',"readings":{"vib_rms_mm_s":9.3}}'
hand_reading() { ./prognos telemetry --kafka "$KAFKA" --device pump-999 2>/dev/null | grep -q '"seq":1,'; }
poll_until 60 hand_reading
check "a reading published by hand with mosquitto_pub reaches prognos.telemetry" $?

mosquitto_pub -V mqttv5 -q 1 -h 127.0.0.1 -p "$MQTT_PORT" -t prognos/v1/plant-a/pump-998/telemetry \
  -m '{"v":1,"device":"pump-998","site":"plant-a","asset":"centrifugal-pump","ts":1,"readings":{"x_c":1}}'
dead_letter() { ./prognos deadletters --kafka "$KAFKA" 2>/dev/null | grep -q "field 'seq': is required"; }
poll_until 60 dead_letter
check "a malformed reading reaches prognos.deadletter with the field named" $?

grep -q "http://127.0.0.1:$PROGNOS_CONSOLE_HTTP_PORT/" "$LOG"
check "demo prints the console's address" $?
console_alert() {
  curl -fsS -u "admin:$(cat "$PROGNOS_HOME/console/admin-password")" \
    "http://127.0.0.1:$PROGNOS_CONSOLE_HTTP_PORT/api/v1/alerts?state=OPEN" 2>/dev/null | grep -q '"device":"pump-'
}
poll_until 60 console_alert
check "the console lists an open alert of the simulated fleet (REST API, admin from the demo's password file)" $?

hand_alert() { ./prognos alerts --kafka "$KAFKA" 2>/dev/null | grep -q ' pump-999 '; }
poll_until 60 hand_alert
check "the hand-published 9.3 mm/s reading raises an alert" $?

# Ctrl-C: a terminal sends SIGINT to the whole foreground process group.
kill -INT -- "-$DEMO" 2>/dev/null
stopped() { ! kill -0 "$DEMO" 2>/dev/null; }
poll_until 60 stopped
check "demo exits on Ctrl-C" $?
# [j]ava, not java: the pattern must not match the command line of this check itself.
no_leftovers() { ! pgrep -g "$DEMO" >/dev/null 2>&1 && ! pgrep -f "[j]ava .*$PROGNOS_HOME|[m]osquitto .*$PROGNOS_HOME" >/dev/null 2>&1; }
poll_until 10 no_leftovers
rc=$?
check "no java or mosquitto process left after Ctrl-C" $rc
if [ $rc -ne 0 ]; then ps -o pid,pgid,args -g "$DEMO" 2>/dev/null; pkill -KILL -g "$DEMO" 2>/dev/null; fi

if [ "$failed" -gt 0 ]; then
  echo "---- demo output ($LOG) ----"
  tail -n 60 "$LOG"
  for f in "$PROGNOS_HOME"/logs/*.log; do echo "---- $f"; tail -n 30 "$f"; done
fi
./prognos clean >/dev/null 2>&1
[ -d "$PROGNOS_HOME" ]
check "./prognos clean removes all local data" $((1 - $?))
rm -rf "$WORK"
echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
