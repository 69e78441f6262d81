#!/usr/bin/env bash
# `npm run chaos`: builds, starts the infrastructure, then runs the chaos suite (bench/chaos.ts):
# every service and NATS, Redis and FerretDB killed in turn under load, three rounds; prints the
# ledger's verdict (lost, duplicated, stuck, timer lateness, recovery per component) and ends
# with one JSON line. `npm run chaos -- --quick` runs one round (what npm test runs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/ensure-deps.sh
bash scripts/infra.sh start >/dev/null
eval "$(bash scripts/infra.sh env)"
npm run build --silent
export LOG_LEVEL="${LOG_LEVEL:-warn}"
node bench/dist/bench/chaos.js "$@"
