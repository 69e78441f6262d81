#!/usr/bin/env bash
# The console (frontend/, its own npm project).
#   start  builds it if needed and serves it in the background on CONSOLE_PORT (4200), forwarding
#          the API to the gateway on HTTP_PORT (8080); prints its URL first. Log:
#          <state>/logs/console.log; pid: <state>/run/console.pid (<state>: KALCIFER_STATE_DIR or .kalcifer).
#   stop   stops that server.
#   test   npm ci in frontend/, the production builds (console and Web Component), then the browser tests (Debian's Chromium
#          driving the console against the whole stack); ends with one line "N passed, N failed".
#          Expects built services (npm run build) unless KALCIFER_BUILT=1 says they are; uses the
#          infrastructure in NATS_URL/MONGODB_URL/... or starts scripts/infra.sh's.
#          KALCIFER_TEST_LOCK=<file> runs the tests under `flock <file>`.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
state="${KALCIFER_STATE_DIR:-$root/.kalcifer}"
run="$state/run"; logs="$state/logs"; reports="$root/.kalcifer/reports"
mkdir -p "$run" "$logs" "$reports"
port="${CONSOLE_PORT:-4200}"
gateway="${GATEWAY_URL:-http://127.0.0.1:${HTTP_PORT:-8080}}"

fail() { echo "[console] $1" >&2; echo "0 passed, 1 failed"; exit 1; }

install_and_build() {
  (cd frontend && npm ci --no-audit --no-fund --loglevel=error) || return 1
  (cd frontend && npm run build --silent) || return 1
}

# Alive and still the console's server (a reused pid is not ours to stop).
is_running() {
  [ -f "$run/console.pid" ] && kill -0 "$(cat "$run/console.pid")" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$(cat "$run/console.pid")/cmdline" 2>/dev/null | grep -qF frontend/server/serve.mjs
}

case "${1:-}" in
  start)
    if [ ! -f frontend/dist/console/browser/index.html ] || [ -n "$(find frontend/src frontend/package-lock.json -newer frontend/dist/console/browser/index.html -print -quit)" ]; then
      echo "[console] building the console"
      install_and_build >>"$logs/console-build.log" 2>&1 || { echo "[console] build failed; see $logs/console-build.log" >&2; exit 1; }
    fi
    if ! is_running; then
      PORT="$port" GATEWAY_URL="$gateway" setsid nohup node frontend/server/serve.mjs >>"$logs/console.log" 2>&1 </dev/null &
      echo $! >"$run/console.pid"
      for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 0.1; done
    fi
    echo "Console: http://127.0.0.1:$port/   (sign in with the workspace's API key)"
    # The demo journey of scripts/seed-demo.js, when it exists: a link that opens it on the canvas.
    demo=$(GATEWAY="$gateway" STATE="$state" node -e '
      const { apiKey } = JSON.parse(require("fs").readFileSync(process.env.STATE + "/demo.json", "utf8"));
      fetch(`${process.env.GATEWAY}/v1/journeys?limit=200`, { headers: { authorization: `Bearer ${apiKey}` } })
        .then((r) => r.json())
        .then((b) => { const j = b.journeys.find((j) => j.name === "Welcome series (demo)"); if (j) console.log(j.id); })
        .catch(() => {});
    ' 2>/dev/null || true)
    if [ -n "$demo" ]; then
      echo "Demo journey on the canvas: http://127.0.0.1:$port/journeys/$demo"
      echo "The editor as a Web Component in a plain page: http://127.0.0.1:$port/element/demo.html?journey=$demo&key=<the API key>"
    fi
    ;;
  stop)
    if is_running; then kill -TERM "$(cat "$run/console.pid")"; echo "[console] stopped"; fi
    rm -f "$run/console.pid"
    ;;
  test)
    [ -x /usr/bin/chromium ] || fail "no /usr/bin/chromium: install Debian's chromium (apt-get install -y chromium)"
    start=$(date +%s)
    install_and_build || fail "install or build of frontend/ failed"
    echo "[console] installed and built in $(($(date +%s) - start)) s"
    if [ "${KALCIFER_BUILT:-}" != "1" ]; then npm run build --silent || fail "build of the services failed"; fi
    if [ -z "${NATS_URL:-}" ]; then
      bash scripts/infra.sh start || fail "infrastructure failed to start"
      eval "$(bash scripts/infra.sh env)"
    fi
    lock=()
    [ -n "${KALCIFER_TEST_LOCK:-}" ] && lock=(flock "$KALCIFER_TEST_LOCK")
    rm -f "$reports/console.json"
    LOG_LEVEL="${LOG_LEVEL:-warn}" "${lock[@]}" npx jest -c frontend/jest.config.js --runInBand --forceExit --verbose \
      --json --outputFile="$reports/console.json"
    rc=$?
    node -e '
      let passed = 0, failed = 1;
      try {
        const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        passed = r.numPassedTests;
        failed = r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
      } catch {}
      console.log(`${passed} passed, ${failed} failed`);
    ' "$reports/console.json"
    echo "[console] whole run: $(($(date +%s) - start)) s"
    exit $rc
    ;;
  *) echo "usage: scripts/frontend.sh start|stop|test" >&2; exit 2 ;;
esac
