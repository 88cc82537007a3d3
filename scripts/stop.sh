#!/usr/bin/env bash
# Stop the paid streaming parts: the producer task first (no new records), then cancel the
# streaming job run and stop the EMR Serverless application.
#   scripts/stop.sh                        # the configured AWS account
#   CTC_ENDPOINT_URL=http://127.0.0.1:5000 scripts/stop.sh    # the local emulator
# Idempotent: stopping what is already stopped reports "already-stopped". See docs/RUNBOOK.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${CTC_PYTHON:-$root/.venv/bin/python}"
[[ -x "$python" ]] || python="$(command -v python3)"
exec "$python" -m coattail.cli.ops stop "$@"
