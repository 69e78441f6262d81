#!/usr/bin/env bash
# `npm stop`: stops what `npm start` started in this checkout (and KALCIFER_STATE_DIR, when set):
# the console and the services of its pid files, and the servers it started itself. A server
# `npm start` found running (started by scripts/infra.sh, the tests, someone else) is left alone.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/frontend.sh stop
bash scripts/services.sh stop
bash scripts/infra.sh stop --owner npm-start
