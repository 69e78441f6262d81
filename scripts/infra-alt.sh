#!/usr/bin/env bash
# A second, independent infrastructure (ports +100, state under .kalcifer/alt) so that one
# engineer can run integration tests while another runs the main suite. Usage:
#   eval "$(scripts/infra-alt.sh start)"   # or: stop | status | env
set -euo pipefail
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export KALCIFER_STATE_DIR="$SCRIPT_DIR/../.kalcifer/alt"
export KALCIFER_NATS_PORT=4322 KALCIFER_NATS_HTTP_PORT=8322 KALCIFER_REDIS_PORT=6479
export KALCIFER_PG_PORT=54429 KALCIFER_MONGO_PORT=27117 KALCIFER_SMTP_PORT=1125 KALCIFER_MAILPIT_PORT=8125
exec bash "$SCRIPT_DIR/infra.sh" "$@"
