#!/usr/bin/env bash
# Start the platform: the streams (Terraform run_state=started), the Spark streaming job on EMR
# Serverless, then the producer task.
#   scripts/start.sh                       # the configured AWS account (AWS_PROFILE / AWS_REGION)
#   CTC_ENDPOINT_URL=http://127.0.0.1:5000 scripts/start.sh   # the local emulator
#   scripts/start.sh --components job      # only some of streams,job,producer
# Everything else is serverless and costs nothing idle but stored data. See docs/RUNBOOK.md.
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
exec "$python" -m coattail.cli.ops start "$@"
