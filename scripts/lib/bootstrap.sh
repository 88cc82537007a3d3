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
# A strict editable install links every package file into one tree that mypy can read (the folders
# map into the `coattail` namespace); a file added or removed needs a re-install, hence the stamp
# covers the list of package files as well as the build configuration.
layout="$(cd "$ROOT" && { cat pyproject.toml setup.py; git ls-files core review platform 2>/dev/null || find core review platform -type f; } | sha256sum | cut -c1-16)"
stamp="$VENV/.installed-$layout-${CTC_EXTRAS:-dev}"
if [ ! -f "$stamp" ]; then
  echo "[bootstrap] installing the project and its dependencies"
  "$VENV/bin/pip" install --quiet -e "$ROOT[${CTC_EXTRAS:-dev}]" --config-settings editable_mode=strict
  rm -f "$VENV"/.installed-*
  touch "$stamp"
fi
export PATH="$VENV/bin:$PATH"
command -v terraform >/dev/null || { echo "[bootstrap] terraform is required on PATH (https://developer.hashicorp.com/terraform/install)" >&2; exit 2; }
command -v java >/dev/null || { echo "[bootstrap] Java 17 is required for Spark local mode" >&2; exit 2; }
