#!/usr/bin/env bash
# `npm run bench`: builds, starts the infrastructure, runs the engine benchmark (its own stack on
# test ports and bench_* databases) and prints figures; the last line is one JSON object.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/ensure-deps.sh
bash scripts/infra.sh start >/dev/null
eval "$(bash scripts/infra.sh env)"
npm run build --silent
node bench/dist/bench/engine.bench.js
