#!/usr/bin/env bash
# The whole test suite: lint, type-check, tests. Creates .venv and installs what it needs.
set -euo pipefail
source "$(dirname "$0")/lib/bootstrap.sh"
cd "$ROOT"
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "[test] installing Debian chromium for the browser tests"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "[test] chromium install failed; browser tests will fail" >&2
fi
echo "[test] ruff"; ruff check .
echo "[test] mypy"; mypy; mypy tests benchmarks
echo "[test] pytest"; pytest "$@"
echo "[test] self-gate"; ctc-review self-gate  # own Terraform + repository vs review/baselines/self.json, --fail-on-regression
