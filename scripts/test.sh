#!/usr/bin/env bash
# `npm test`: installs what is missing, starts the infrastructure once, builds, runs every test
# (unit tests in parallel, integration and end-to-end tests one file at a time, then the console's
# build and browser tests), and ends with one line "N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/ensure-deps.sh || exit 1
was_running=$(bash scripts/infra.sh status 2>/dev/null | grep -c running || true)
bash scripts/infra.sh start || { echo "[test] infrastructure failed to start"; echo "0 passed, 1 failed"; exit 1; }
eval "$(bash scripts/infra.sh env)"
npm run build --silent || { echo "[test] build failed"; echo "0 passed, 1 failed"; exit 1; }

mkdir -p .kalcifer/reports
export LOG_LEVEL="${LOG_LEVEL:-warn}"
npx jest --selectProjects unit --forceExit --json --outputFile=.kalcifer/reports/unit.json "$@"
unit_rc=$?
npx jest --selectProjects integration e2e --runInBand --forceExit --json --outputFile=.kalcifer/reports/integration.json "$@"
int_rc=$?
# The console (frontend/, its own npm project): install, production build, unit and browser tests.
KALCIFER_BUILT=1 bash scripts/frontend.sh test
console_rc=$?

node -e '
const fs = require("fs");
let passed = 0, failed = 0;
for (const f of [".kalcifer/reports/unit.json", ".kalcifer/reports/integration.json", ".kalcifer/reports/console.json"]) {
  try {
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    passed += r.numPassedTests;
    failed += r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
  } catch { failed += 1; }
}
console.log(`${passed} passed, ${failed} failed`);
'
if [ "$was_running" = "0" ] && [ "${KALCIFER_KEEP_INFRA:-}" != "1" ]; then bash scripts/infra.sh stop >/dev/null 2>&1 || true; fi
[ $unit_rc -eq 0 ] && [ $int_rc -eq 0 ] && [ $console_rc -eq 0 ]
