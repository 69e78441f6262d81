#!/usr/bin/env bash
# `npm run report`: builds, starts the infrastructure, runs the property, chaos and load suites
# (bench/report/report.ts) and writes docs/reliability-report.md. `npm run report -- --quick`:
# one chaos round and 10 s per load scenario.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/ensure-deps.sh
bash scripts/infra.sh start >/dev/null
eval "$(bash scripts/infra.sh env)"
npm run build --silent
export LOG_LEVEL="${LOG_LEVEL:-warn}"
node bench/dist/bench/report/report.js "$@"
