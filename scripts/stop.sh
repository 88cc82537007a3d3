#!/usr/bin/env bash
# Stop everything that bills by the hour: the producer task first (no new records), the streaming
# job once it has committed what the trades stream holds (then its application), and finally the
# streams themselves (Terraform run state "stopped"; the dead-letter stream archived to S3 first).
# Data and configuration stay: buckets, Iceberg tables, the alerts table, parameters, roles.
#   scripts/stop.sh                        # the configured AWS account
#   CTC_ENDPOINT_URL=http://127.0.0.1:5000 scripts/stop.sh    # the local emulator
# Idempotent: stopping what is already stopped reports "already-stopped". See docs/RUNBOOK.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${CTC_PYTHON:-$root/.venv/bin/python}"
[[ -x "$python" ]] || python="$(command -v python3)"
# the Terraform root whose run_state switches the streams: a `ctc local up` deployment when the
# emulator is the target, else the checkout's module (initialised by the operator)
if [[ -z "${CTC_TERRAFORM_DIR:-}" ]]; then
  if [[ -n "${CTC_ENDPOINT_URL:-}" ]]; then export CTC_TERRAFORM_DIR="$root/.local/terraform/infra"
  else export CTC_TERRAFORM_DIR="$root/platform/infra"; fi
fi
exec "$python" -m coattail.cli.ops stop "$@"
