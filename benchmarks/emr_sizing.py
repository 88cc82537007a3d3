"""Right-size the EMR Serverless application from the measured Spark profile.

Reads the profile ``benchmarks/jobs_throughput.py --profile-out`` wrote and the targets in
``platform/jobs/config/sizing.yaml``, prints the arithmetic (coattail.jobs.sizing) and writes the
recommendation to ``platform/infra/sizing/emr_capacity.json``: the Terraform root's defaults for the
application's maximum capacity and driver, recorded on the application as tags for the review's
``emr_capacity_right_sized`` check. ``--check`` only compares (exit 1 when the file differs).

Usage: python benchmarks/emr_sizing.py [--profile benchmarks/results/jobs_profile.json] [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from coattail.jobs.config import load_config  # noqa: E402
from coattail.jobs.sizing import capacity_file, load_profile, load_targets, recommend  # noqa: E402

CAPACITY_FILE = ROOT / "platform/infra/sizing/emr_capacity.json"
REPORT = "benchmarks/results/emr_sizing.txt"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profile", type=Path, default=ROOT / "benchmarks/results/jobs_profile.json")
    ap.add_argument("--check", action="store_true", help="compare with the committed capacity file only")
    args = ap.parse_args()

    profile = load_profile(args.profile)
    targets = load_targets()
    trigger = load_config().streaming.trigger_seconds
    rec = recommend(profile, targets, trigger)
    print(
        f"EMR Serverless right-sizing from {args.profile.relative_to(ROOT)} (measured {profile.measured_at})"
    )
    for step in rec.steps:
        print(f"  - {step}")
    print(
        f"recommended: maximum {rec.max_cpu} / {rec.max_memory};"
        f" driver {rec.driver_cpu} / {rec.driver_memory}"
    )
    content = json.dumps(capacity_file(rec, profile, REPORT), indent=2) + "\n"
    if args.check:
        same = CAPACITY_FILE.exists() and CAPACITY_FILE.read_text() == content
        print(f"{CAPACITY_FILE.relative_to(ROOT)}: {'up to date' if same else 'differs from this report'}")
        return 0 if same else 1
    CAPACITY_FILE.parent.mkdir(parents=True, exist_ok=True)
    CAPACITY_FILE.write_text(content)
    print(f"wrote {CAPACITY_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
