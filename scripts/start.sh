#!/usr/bin/env bash
# `npm start`: installs what is missing, builds, starts the infrastructure and every service,
# creates a demo workspace (admin key = $KALCIFER_API_KEY when set) and a demo journey, and says
# where everything is. `npm stop` undoes it, and only it: servers that were already running (the
# tests' infrastructure, another checkout's) are used as they are, and `npm stop` leaves them.
# KALCIFER_STATE_DIR (and the KALCIFER_*_PORT variables) give a stack of its own: data, logs, pids.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/ensure-deps.sh
bash scripts/infra.sh start --owner npm-start
eval "$(bash scripts/infra.sh env)"
echo "[start] building"
npm run build --silent
bash scripts/services.sh start
# The console's address comes first in what the user reads: the seed's summary waits for it.
summary="$(node scripts/seed-demo.js)"
bash scripts/frontend.sh start
echo "$summary"
