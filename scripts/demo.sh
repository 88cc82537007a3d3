#!/usr/bin/env bash
# The main job on the embedded default: deploy the platform into the local emulator and score it.
set -euo pipefail
CTC_EXTRAS="${CTC_EXTRAS:-dev}"
source "$(dirname "$0")/lib/bootstrap.sh"
cd "$ROOT"
if ctc-review --help >/dev/null 2>&1 && ctc-review demo --help >/dev/null 2>&1; then
  exec ctc-review demo "$@"
fi
exec ctc local up "$@"
