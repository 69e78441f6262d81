# shellcheck shell=bash
# Start, stop, readiness and status of each local server for scripts/infra.sh.
# Every server: data in .kalcifer/data/<name>, log in .kalcifer/logs/<name>.log,
# pid in .kalcifer/run/<name>.pid.

# --- readiness probes -------------------------------------------------------------------

nats_ready() {
  if command -v curl >/dev/null; then
    # healthz fails until JetStream is up.
    curl -sf --max-time 2 "http://$HOST:$NATS_HTTP_PORT/healthz?js-enabled-only=true" >/dev/null
  else
    port_open "$NATS_PORT"
  fi
}

redis_ready() {
  [[ "$(redis-cli -h "$HOST" -p "$REDIS_PORT" ping 2>/dev/null)" == "PONG" ]]
}

postgres_ready() {
  "$(pg_bin_dir)/pg_isready" -q -h "$HOST" -p "$PG_PORT"
}

# Sends a real MongoDB wire-protocol OP_MSG {ping: 1} and expects {ok: 1}; falls back to a
# TCP connect when node is absent.
mongo_ready() {
  command -v node >/dev/null || {
    port_open "$MONGO_PORT"
    return
  }
  # shellcheck disable=SC2016 # JavaScript, not shell
  node -e '
    const net = require("net");
    const [host, port] = [process.argv[1], Number(process.argv[2])];
    const i32 = (n) => { const b = Buffer.alloc(4); b.writeInt32LE(n); return b; };
    const cstr = (s) => Buffer.concat([Buffer.from(s), Buffer.from([0])]);
    const db = cstr("admin");
    const body = Buffer.concat([
      Buffer.from([0x10]), cstr("ping"), i32(1),
      Buffer.from([0x02]), cstr("$db"), i32(db.length), db, Buffer.from([0]),
    ]);
    const msg = Buffer.concat([i32(0), Buffer.from([0]), i32(body.length + 4), body]);
    const header = Buffer.concat([i32(16 + msg.length), i32(1), i32(0), i32(2013)]);
    setTimeout(() => process.exit(2), 3000);
    const socket = net.connect(port, host, () => socket.write(Buffer.concat([header, msg])));
    socket.on("error", () => process.exit(3));
    let buf = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 4 || buf.length < buf.readInt32LE(0)) return;
      socket.destroy();
      // Reply: header(16) flags(4) kind(1) document; look for a top-level double "ok" == 1.
      const ok = buf.indexOf(Buffer.concat([Buffer.from([0x01]), cstr("ok")]), 21);
      process.exit(buf.readInt32LE(12) === 2013 && ok > 0 && buf.readDoubleLE(ok + 4) === 1 ? 0 : 1);
    });
  ' "$HOST" "$MONGO_PORT"
}

mailpit_ready() {
  port_open "$SMTP_PORT" || return 1
  if command -v curl >/dev/null; then
    curl -sf --max-time 2 "$OWN_MAILPIT_URL/api/v1/messages?limit=1" >/dev/null
  else
    port_open "$MAILPIT_PORT"
  fi
}

# --- simple servers (one process we spawn ourselves) ------------------------------------

# start_simple NAME EXE PROBE PORT... -- COMMAND...
start_simple() {
  local name="$1" exe="$2" probe="$3"
  shift 3
  local ports=()
  while [[ "$1" != "--" ]]; do
    ports+=("$1")
    shift
  done
  shift
  if live_pid "$name" "$exe" >/dev/null; then
    wait_ready "$name" "$exe" "$probe"
    log "$name already running (pid $(live_pid "$name" "$exe"))"
    return 0
  fi
  local port
  for port in "${ports[@]}"; do require_free_port "$name" "$port"; done
  mkdir -p "$DATA_DIR/$name"
  spawn "$name" "$@"
  record_owner "$name"
  wait_ready "$name" "$exe" "$probe"
  log "$name started (pid $(live_pid "$name" "$exe")), log $LOG_DIR/$name.log"
}

start_nats() {
  start_simple nats "$BIN_DIR/nats-server" nats_ready "$NATS_PORT" "$NATS_HTTP_PORT" -- \
    "$BIN_DIR/nats-server" -js -a "$HOST" -p "$NATS_PORT" \
    -m "$NATS_HTTP_PORT" -sd "$DATA_DIR/nats"
}

start_redis() {
  start_simple redis redis-server redis_ready "$REDIS_PORT" -- \
    "$(command -v redis-server)" --port "$REDIS_PORT" --bind "$HOST" --save '' \
    --appendonly no --daemonize no --dir "$DATA_DIR/redis"
}

start_ferretdb() {
  # FerretDB v2 speaks the MongoDB wire protocol and runs every command as a DocumentDB call
  # in PostgreSQL's `postgres` database, over PostgreSQL's Unix socket (measured: a third less
  # CPU per compare-and-set update than over TCP). --no-auth: local development servers;
  # --debug-addr=- turns off its metrics/pprof HTTP listener (default 127.0.0.1:8088);
  # --telemetry=disable stops it reporting to its vendor.
  start_simple ferretdb "$BIN_DIR/ferretdb" mongo_ready "$MONGO_PORT" -- \
    "$BIN_DIR/ferretdb" --no-auth \
    --postgresql-url="postgres://postgres@/postgres?host=$PG_SOCKET_DIR&port=$PG_PORT&pool_max_conns=100" \
    --listen-addr="$HOST:$MONGO_PORT" --state-dir="$DATA_DIR/ferretdb" \
    --debug-addr=- --telemetry=disable --log-level=warn
}

start_mailpit() {
  # --max 0: keep every message (tests send thousands); SMTP accepts any or no auth;
  # no reverse-DNS lookup per connection (no DNS here).
  start_simple mailpit "$BIN_DIR/mailpit" mailpit_ready "$SMTP_PORT" "$MAILPIT_PORT" -- \
    "$BIN_DIR/mailpit" --smtp "$HOST:$SMTP_PORT" --listen "$HOST:$MAILPIT_PORT" \
    --database "$DATA_DIR/mailpit/mailpit.db" --max 0 \
    --smtp-auth-accept-any --smtp-auth-allow-insecure --smtp-disable-rdns \
    --disable-version-check
}

# --- PostgreSQL with DocumentDB (FerretDB's storage) -----------------------------------
# postgres refuses to run as root: initdb and the server run as the postgres system user.
# The data dir is named for what it holds: one made for FerretDB 1.x ($DATA_DIR/postgres) is
# left alone (reset-data removes it).

PG_DATA="$DATA_DIR/documentdb"
PG_SOCKET_DIR="$RUN_DIR/postgres"

as_postgres() { (cd / && runuser -u postgres -- "$@"); }

pg_running() {
  [[ -f "$PG_DATA/PG_VERSION" ]] && as_postgres "$(pg_bin_dir)/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

# The postgres user must be able to walk down to its data dir (e.g. a checkout under /root).
make_traversable_for_postgres() {
  local path="$1" part="" component
  as_postgres test -x "$path" 2>/dev/null && return 0
  IFS=/ read -ra parts <<<"${path#/}"
  for component in "${parts[@]}"; do
    part="$part/$component"
    if ! as_postgres test -x "$part" 2>/dev/null; then
      log "chmod o+x $part (so the postgres user can reach its data dir)"
      chmod o+x "$part"
    fi
  done
}

record_postmaster_pid() {
  head -n1 "$PG_DATA/postmaster.pid" >"$(pid_file postgres)"
}

start_postgres() {
  local pgbin
  pgbin="$(pg_bin_dir)"
  if pg_running; then
    record_postmaster_pid
    wait_ready postgres postgres postgres_ready
    log "postgres already running (pid $(head -n1 "$(pid_file postgres)"))"
    return 0
  fi
  require_free_port postgres "$PG_PORT"

  mkdir -p "$PG_DATA" "$PG_SOCKET_DIR"
  touch "$LOG_DIR/postgres.log"
  chown postgres:postgres "$PG_DATA" "$PG_SOCKET_DIR" "$LOG_DIR/postgres.log"
  chmod 700 "$PG_DATA"
  make_traversable_for_postgres "$PG_DATA"
  make_traversable_for_postgres "$PG_SOCKET_DIR"

  if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
    log "initialising PostgreSQL data dir $PG_DATA"
    as_postgres "$pgbin/initdb" -D "$PG_DATA" -U postgres --auth=trust --encoding=UTF8 \
      --locale=C --no-sync >>"$LOG_DIR/postgres.log" 2>&1 ||
      die "initdb failed; see $LOG_DIR/postgres.log"
  fi

  # DocumentDB's preloads and the throwaway-data settings (lib/postgresql-documentdb.conf).
  install -o postgres -g postgres -m 0644 "$SCRIPT_DIR/lib/postgresql-documentdb.conf" "$PG_DATA/kalcifer.conf"
  grep -qx "include_if_exists = 'kalcifer.conf'" "$PG_DATA/postgresql.conf" ||
    echo "include_if_exists = 'kalcifer.conf'" >>"$PG_DATA/postgresql.conf"
  local opts="-p $PG_PORT -k $PG_SOCKET_DIR -c listen_addresses=$HOST"
  # pg_ctl detaches the postmaster itself; setsid and the closed lock fd keep it from
  # holding on to this shell's session or lock. pg_ctl's own messages share the server log.
  # shellcheck disable=SC2094
  (cd / && setsid runuser -u postgres -- "$pgbin/pg_ctl" -D "$PG_DATA" -l "$LOG_DIR/postgres.log" \
    -o "$opts" -w -t "$START_TIMEOUT" start) </dev/null >>"$LOG_DIR/postgres.log" 2>&1 9>&- || {
    tail -n 20 "$LOG_DIR/postgres.log" >&2 || true
    die "postgres did not start; see $LOG_DIR/postgres.log"
  }
  record_postmaster_pid
  record_owner postgres
  wait_ready postgres postgres postgres_ready
  log "postgres started (pid $(head -n1 "$(pid_file postgres)")), log $LOG_DIR/postgres.log"
}

# DocumentDB lives in the `postgres` database (pg_cron's database); FerretDB v2 expects it there.
prepare_documentdb() {
  "$(pg_bin_dir)/psql" -h "$HOST" -p "$PG_PORT" -U postgres -d postgres -q -X -v ON_ERROR_STOP=1 \
    -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION IF NOT EXISTS documentdb CASCADE' \
    >>"$LOG_DIR/postgres.log" 2>&1 || die "could not create the documentdb extension; see $LOG_DIR/postgres.log"
}

stop_postgres() {
  if pg_running; then
    log "stopping postgres"
    as_postgres "$(pg_bin_dir)/pg_ctl" -D "$PG_DATA" stop -m fast -w -t "$STOP_TIMEOUT" \
      >>"$LOG_DIR/postgres.log" 2>&1 || stop_pid postgres postgres
  fi
  rm -f "$(pid_file postgres)" "$(owner_file postgres)"
}

# --- status -----------------------------------------------------------------------------

# status_line NAME STATE DETAIL
status_line() { printf '%-9s %-8s %s\n' "$1" "$2" "$3"; }

# status_simple NAME EXE PORT [NOTE]: NOTE names further ports, e.g. "http 8222".
status_simple() {
  local name="$1" exe="$2" port="$3" note="${4:+, $4}" pid
  if pid="$(live_pid "$name" "$exe")"; then
    if port_open "$port"; then
      status_line "$name" running "$HOST:$port$note (pid $pid)"
    else
      status_line "$name" starting "$HOST:$port$note not answering yet (pid $pid)"
    fi
  else
    status_line "$name" stopped "$HOST:$port$note"
  fi
}

status_postgres() {
  if pg_running; then
    status_line postgres running "$HOST:$PG_PORT (pid $(head -n1 "$PG_DATA/postmaster.pid"))"
  else
    status_line postgres stopped "$HOST:$PG_PORT"
  fi
}
