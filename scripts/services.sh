#!/usr/bin/env bash
# Starts/stops the Kalcifer services as background processes (used by npm start / npm stop).
# Logs: <state>/logs/<service>.log; pids: <state>/run/<service>.pid, where <state> is
# KALCIFER_STATE_DIR or .kalcifer (as for scripts/infra.sh: a second stack keeps its own).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
state="${KALCIFER_STATE_DIR:-$root/.kalcifer}"
run="$state/run"; logs="$state/logs"
mkdir -p "$run" "$logs"

SERVICES=(orchestrator scheduler channels ai-designer analytics api-gateway)
export GRPC_ADDRESS="${GRPC_ADDRESS:-127.0.0.1:50051}"
export ORCHESTRATOR_GRPC_URL="${ORCHESTRATOR_GRPC_URL:-$GRPC_ADDRESS}"
export HTTP_PORT="${HTTP_PORT:-8080}"
export CHANNELS_GRPC_ADDRESS="${CHANNELS_GRPC_ADDRESS:-127.0.0.1:50053}"
export CHANNELS_GRPC_URL="${CHANNELS_GRPC_URL:-$CHANNELS_GRPC_ADDRESS}"
export AI_DESIGNER_GRPC_ADDRESS="${AI_DESIGNER_GRPC_ADDRESS:-127.0.0.1:50054}"
export AI_DESIGNER_GRPC_URL="${AI_DESIGNER_GRPC_URL:-$AI_DESIGNER_GRPC_ADDRESS}"
export ANALYTICS_GRPC_ADDRESS="${ANALYTICS_GRPC_ADDRESS:-127.0.0.1:50055}"
export ANALYTICS_GRPC_URL="${ANALYTICS_GRPC_URL:-$ANALYTICS_GRPC_ADDRESS}"
export WEBHOOK_PUBLIC_URL="${WEBHOOK_PUBLIC_URL:-http://127.0.0.1:$HTTP_PORT}"
# Provider credentials are sealed with this key (AES-256-GCM). Development: one random key,
# kept in .kalcifer/ so that credentials stored yesterday still open today. Production: set it.
if [ -z "${KALCIFER_ENCRYPTION_KEY:-}" ]; then
  keyfile="$root/.kalcifer/encryption.key"
  [ -s "$keyfile" ] || (umask 077 && head -c 32 /dev/urandom | base64 >"$keyfile")
  KALCIFER_ENCRYPTION_KEY="$(cat "$keyfile")"
fi
export KALCIFER_ENCRYPTION_KEY

health_port() {
  case "$1" in
    orchestrator) echo "${ORCHESTRATOR_HEALTH_PORT:-9101}" ;;
    scheduler) echo "${SCHEDULER_HEALTH_PORT:-9102}" ;;
    channels) echo "${CHANNELS_HEALTH_PORT:-9103}" ;;
    ai-designer) echo "${AI_DESIGNER_HEALTH_PORT:-9104}" ;;
    analytics) echo "${ANALYTICS_HEALTH_PORT:-9105}" ;;
    api-gateway) echo "$HTTP_PORT" ;;
  esac
}

# The pid file's process is alive and still is that service (a pid reused by another process is
# not ours to stop).
is_running() {
  local pidfile="$run/$1.pid" pid
  [ -f "$pidfile" ] || return 1
  pid="$(cat "$pidfile")"
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "services/$1/dist/main.js"
}

wait_ready() {
  local name=$1 port; port=$(health_port "$1")
  for _ in $(seq 1 150); do
    if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then return 0; fi
    if ! is_running "$name"; then
      echo "[services] $name exited during start; last lines of $logs/$name.log:" >&2
      tail -n 20 "$logs/$name.log" >&2
      return 1
    fi
    sleep 0.2
  done
  echo "[services] $name not ready after 30 s; see $logs/$name.log" >&2
  return 1
}

start_one() {
  local name=$1
  if is_running "$name"; then echo "[services] $name already running (pid $(cat "$run/$name.pid"))"; return 0; fi
  HEALTH_PORT="$(health_port "$name")" MAILPIT_API_URL="${MAILPIT_API_URL:-${MAILPIT_URL:-}}" \
    setsid nohup node "services/$name/dist/main.js" >>"$logs/$name.log" 2>&1 </dev/null &
  echo $! >"$run/$name.pid"
  wait_ready "$name"
  echo "[services] $name started (pid $(cat "$run/$name.pid"))"
}

stop_one() {
  local name=$1 pidfile="$run/$1.pid"
  if ! is_running "$name"; then rm -f "$pidfile"; return 0; fi
  local pid; pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  echo "[services] $name stopped"
}

case "${1:-}" in
  start) for s in "${SERVICES[@]}"; do start_one "$s"; done ;;
  stop) for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do stop_one "${SERVICES[$i]}"; done ;;
  status) for s in "${SERVICES[@]}"; do if is_running "$s"; then echo "$s running"; else echo "$s stopped"; fi; done ;;
  *) echo "usage: scripts/services.sh start|stop|status" >&2; exit 2 ;;
esac
