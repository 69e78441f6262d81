#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Local infrastructure for development and tests: NATS (JetStream), Redis, FerretDB v2 on
# DocumentDB in PostgreSQL (MongoDB wire protocol) and Mailpit (SMTP + REST API). Installs pinned
# versions into .kalcifer/ at the repo root and runs them bound to 127.0.0.1.
# See scripts/README.md.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/infra-common.sh
source "$SCRIPT_DIR/lib/infra-common.sh"
# shellcheck source=lib/infra-install.sh
source "$SCRIPT_DIR/lib/infra-install.sh"
# shellcheck source=lib/infra-documentdb.sh
source "$SCRIPT_DIR/lib/infra-documentdb.sh"
# shellcheck source=lib/infra-servers.sh
source "$SCRIPT_DIR/lib/infra-servers.sh"

usage() {
  cat <<EOF
Usage: scripts/infra.sh <command>

  install     install what is missing (apt packages, Go-built servers); no-op when present
  start       install, then start every server not already running; prints env lines
              (--owner NAME: record that NAME started the ones it starts; npm start is npm-start)
  stop        stop every server this script started (--owner NAME: only those NAME started;
              the others are named and left running)
  status      one line per server
  env         print export lines, for: eval "\$(scripts/infra.sh env)"
  check       probe each server for real (JetStream on, PING, OP_MSG ping, Mailpit API)
  reset-data  stop, then delete .kalcifer/data (clean slate)
  kill NAME   SIGKILL one server (nats, redis, ferretdb or mailpit), as a crash would; \`start\`
              brings it back (the chaos suite). PostgreSQL is not offered: it runs here without
              fsync, so a crash could corrupt the disposable data

Ports (env overrides): KALCIFER_NATS_PORT=$NATS_PORT KALCIFER_NATS_HTTP_PORT=$NATS_HTTP_PORT
  KALCIFER_REDIS_PORT=$REDIS_PORT KALCIFER_PG_PORT=$PG_PORT KALCIFER_MONGO_PORT=$MONGO_PORT
  KALCIFER_SMTP_PORT=$SMTP_PORT KALCIFER_MAILPIT_PORT=$MAILPIT_PORT
Set NATS_URL, REDIS_URL, MONGODB_URL or SMTP_URL to use an existing server instead of ours.
EOF
}

# Serialises install/start/stop between concurrent callers (e.g. parallel test runs).
# Spawned servers close fd 9, so they never hold the lock.
take_lock() {
  mkdir -p "$RUN_DIR"
  exec 9>"$RUN_DIR/infra.lock"
  flock -w 900 9 || die "another scripts/infra.sh still holds $RUN_DIR/infra.lock"
}

# Prints `export VAR=value` for each URL: the caller's own value when it points elsewhere,
# ours otherwise.
print_env() {
  local var own value
  for var in NATS_URL REDIS_URL MONGODB_URL SMTP_URL MAILPIT_URL; do
    own="OWN_$var"
    if [[ "$var" == MAILPIT_URL ]] && is_external SMTP_URL "$OWN_SMTP_URL" && [[ -z "${MAILPIT_URL:-}" ]]; then
      echo "# MAILPIT_URL not set: SMTP_URL points to an external server"
      continue
    fi
    value="${!own}"
    is_external "$var" "${!own}" && value="${!var}"
    printf 'export %s=%q\n' "$var" "$value"
  done
}

cmd_install() {
  take_lock
  local started=$SECONDS
  install_all
  log "installed (nats-server $NATS_VERSION, mailpit $MAILPIT_VERSION, helm $HELM_VERSION, ferretdb $FERRETDB_VERSION," \
    "redis $(redis-server --version | sed -n 's/.*v=\([0-9.]*\).*/\1/p'), postgresql $(basename "$(dirname "$(pg_bin_dir)")")) in $((SECONDS - started))s"
}

cmd_start() {
  take_lock
  install_all
  if is_external NATS_URL "$OWN_NATS_URL"; then log "nats: using NATS_URL=$NATS_URL"; else start_nats; fi
  if is_external REDIS_URL "$OWN_REDIS_URL"; then log "redis: using REDIS_URL=$REDIS_URL"; else start_redis; fi
  if is_external MONGODB_URL "$OWN_MONGODB_URL"; then
    log "mongodb: using MONGODB_URL=$MONGODB_URL (not starting postgres + ferretdb)"
  else
    start_postgres
    prepare_documentdb
    start_ferretdb
  fi
  if is_external SMTP_URL "$OWN_SMTP_URL"; then log "smtp: using SMTP_URL=$SMTP_URL"; else start_mailpit; fi
  log "ready; environment:"
  print_env
}

# Stops what our pid files name, whatever the URL variables say: those files exist only for
# servers this script started, so an external server is never touched. With an owner, only the
# servers that owner started (npm stop: what npm start started, not a server someone else runs).
cmd_stop() {
  local owner="${1:-}" kept=()
  take_lock
  owned() {
    [[ -z "$owner" || ! -f "$(pid_file "$1")" || "$(owner_of "$1")" == "$owner" ]] && return 0
    kept+=("$1 (started by $(owner_of "$1"))")
    return 1
  }
  if owned mailpit; then stop_pid mailpit "$BIN_DIR/mailpit"; fi
  if owned ferretdb; then stop_pid ferretdb "$BIN_DIR/ferretdb"; fi
  if owned postgres; then stop_postgres; fi
  if owned redis; then stop_pid redis redis-server; fi
  if owned nats; then stop_pid nats "$BIN_DIR/nats-server"; fi
  if ((${#kept[@]} > 0)); then
    log "left running, not started by $owner: ${kept[*]}; stop them with scripts/infra.sh stop (KALCIFER_STATE_DIR=$STATE_DIR)"
  fi
  log "stopped"
}

cmd_status() {
  if is_external NATS_URL "$OWN_NATS_URL"; then
    status_line nats external "$NATS_URL"
  else status_simple nats "$BIN_DIR/nats-server" "$NATS_PORT" "monitoring $NATS_HTTP_PORT"; fi
  if is_external REDIS_URL "$OWN_REDIS_URL"; then
    status_line redis external "$REDIS_URL"
  else status_simple redis redis-server "$REDIS_PORT"; fi
  if is_external MONGODB_URL "$OWN_MONGODB_URL"; then
    status_line mongodb external "$MONGODB_URL"
  else
    status_postgres
    status_simple ferretdb "$BIN_DIR/ferretdb" "$MONGO_PORT"
  fi
  if is_external SMTP_URL "$OWN_SMTP_URL"; then
    status_line mailpit external "$SMTP_URL"
  else status_simple mailpit "$BIN_DIR/mailpit" "$SMTP_PORT" "http api $MAILPIT_PORT"; fi
}

# check_one NAME PROBE: prints ok/FAILED; returns the probe's result.
check_one() {
  if "$2" >/dev/null 2>&1; then
    status_line "$1" ok ""
  else
    status_line "$1" FAILED "see $LOG_DIR/$1.log"
    return 1
  fi
}

cmd_check() {
  local failed=0
  is_external NATS_URL "$OWN_NATS_URL" || check_one nats nats_ready || failed=1
  is_external REDIS_URL "$OWN_REDIS_URL" || check_one redis redis_ready || failed=1
  if ! is_external MONGODB_URL "$OWN_MONGODB_URL"; then
    check_one postgres postgres_ready || failed=1
    check_one ferretdb mongo_ready || failed=1
  fi
  is_external SMTP_URL "$OWN_SMTP_URL" || check_one mailpit mailpit_ready || failed=1
  return "$failed"
}

cmd_kill() {
  local name="${1:-}" exe pid
  case "$name" in
    nats) exe="$BIN_DIR/nats-server" ;;
    redis) exe=redis-server ;;
    ferretdb) exe="$BIN_DIR/ferretdb" ;;
    mailpit) exe="$BIN_DIR/mailpit" ;;
    *) die "kill: name one of nats, redis, ferretdb, mailpit (got '$name')" ;;
  esac
  pid="$(live_pid "$name" "$exe")" || die "kill: $name is not running (or was not started by this script)"
  kill -KILL "$pid"
  while process_alive "$pid"; do sleep 0.05; done
  rm -f "$(pid_file "$name")"
  log "$name killed (pid $pid)"
}

cmd_reset_data() {
  cmd_stop
  log "deleting $DATA_DIR"
  rm -rf "$DATA_DIR"
}

# --owner NAME (after the command): who starts (start) or whose servers to stop (stop).
owner=""
if [[ "${2:-}" == "--owner" ]]; then
  owner="${3:?--owner needs a name}"
  START_OWNER="$owner"
fi

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop "$owner" ;;
  status) cmd_status ;;
  env) print_env ;;
  check) cmd_check ;;
  reset-data) cmd_reset_data ;;
  kill) cmd_kill "${2:-}" ;;
  -h | --help | help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
