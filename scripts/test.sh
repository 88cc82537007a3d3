#!/usr/bin/env bash
# The whole test suite: lint, type-check, tests, the self-gate, and the date-sensitive tests again with
# the clock moved a year ahead (time-machine, tests/conftest.py). Creates .venv and installs what it needs.
set -euo pipefail
source "$(dirname "$0")/lib/bootstrap.sh"
cd "$ROOT"
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "[test] installing Debian chromium for the browser tests"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "[test] chromium install failed; browser tests will fail" >&2
fi
# The day waivers are judged on: the tested commit's date, so a commit's verdict holds on any day.
AS_OF="$(git log -1 --format=%cI 2>/dev/null || date -u +%Y-%m-%dT%H:%M:%SZ)"
export CTC_TEST_REVIEW_DAY="$AS_OF"
echo "[test] ruff"; ruff check .; ruff format --check .
echo "[test] mypy"; mypy; mypy tests benchmarks
echo "[test] pytest"; pytest --durations=30 "$@"  # the slowest tests: what to trim first (budget ~25 min)
echo "[test] self-gate"; ctc-review self-gate --as-of "$AS_OF"  # own Terraform + repository vs review/baselines/self.json
echo "[test] clock +1 year: the date-sensitive tests (marker 'clock') and every test without a service"
CTC_TEST_CLOCK_SHIFT_DAYS=365 pytest -p no:cacheprovider -m "clock or not (emulator or spark or browser)" "$@"
