# Sourced by the set-up commands: creates .venv and installs the project with what it needs.
# Idempotent: a second run only re-checks.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.venv"
PYTHON="${PYTHON:-python3}"

if [ ! -x "$VENV/bin/python" ]; then
  echo "[bootstrap] creating virtualenv in $VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --upgrade pip
fi
stamp="$VENV/.installed-$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)-${CTC_EXTRAS:-dev}"
if [ ! -f "$stamp" ]; then
  echo "[bootstrap] installing the project and its dependencies"
  "$VENV/bin/pip" install --quiet -e "$ROOT[${CTC_EXTRAS:-dev}]"
  touch "$stamp"
fi
export PATH="$VENV/bin:$PATH"
command -v terraform >/dev/null || { echo "[bootstrap] terraform is required on PATH (https://developer.hashicorp.com/terraform/install)" >&2; exit 2; }
command -v java >/dev/null || { echo "[bootstrap] Java 17 is required for Spark local mode" >&2; exit 2; }
