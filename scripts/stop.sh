#!/usr/bin/env bash
# `npm stop`: stops everything `npm start` started.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/frontend.sh stop
bash scripts/services.sh stop
bash scripts/infra.sh stop
