#!/usr/bin/env bash
# Start the paid streaming parts: the Spark streaming job on EMR Serverless, then the producer task.
#   scripts/start.sh                       # the configured AWS account (AWS_PROFILE / AWS_REGION)
#   CTC_ENDPOINT_URL=http://127.0.0.1:5000 scripts/start.sh   # the local emulator
#   scripts/start.sh --components job      # only one of job,producer
# Everything else is always-on serverless and costs nothing idle. See docs/RUNBOOK.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${CTC_PYTHON:-$root/.venv/bin/python}"
[[ -x "$python" ]] || python="$(command -v python3)"
exec "$python" -m coattail.cli.ops start "$@"
