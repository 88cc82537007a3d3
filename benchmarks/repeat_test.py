"""Run one test N times in a row (one pytest session each) and print how many passed (flakiness check).

Usage: python benchmarks/repeat_test.py NODE_ID [--times 20] [--results FILE]
e.g.   python benchmarks/repeat_test.py \\
           tests/jobs/test_killed_job_restart.py::test_sigkilled_job_resumes_from_its_checkpoint --times 20
The figures (passes, failures, the time of each run, the machine's load) are printed and, with
--results, appended to that file.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("node_id")
    parser.add_argument("--times", type=int, default=20)
    parser.add_argument("--results", type=Path, default=None)
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rf", args.node_id]
    outcomes: list[tuple[bool, float]] = []
    failures: list[str] = []
    for run in range(1, args.times + 1):
        began = time.monotonic()
        done = subprocess.run(command, capture_output=True, text=True)
        output = done.stdout + done.stderr
        ok = done.returncode == 0 and re.search(r"\b1 passed\b", output) is not None
        outcomes.append((ok, time.monotonic() - began))
        print(f"run {run}: {'passed' if ok else 'FAILED'} in {outcomes[-1][1]:.0f} s", flush=True)
        if not ok:
            failures.append(f"run {run}: " + " | ".join(output.strip().splitlines()[-3:]))
    wall = time.monotonic() - started
    passed = sum(1 for ok, _ in outcomes if ok)
    seconds = [s for _, s in outcomes]
    lines = [
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC  {args.node_id}",
        f"  runs {args.times} in a row: {passed} passed, {args.times - passed} failed",
        f"  per run (session) min {min(seconds):.0f} s, max {max(seconds):.0f} s; all {wall:.0f} s",
        f"  load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after; {os.cpu_count()} cores",
        *(f"  {f}" for f in failures),
    ]
    report = "\n".join(lines)
    print(report)
    if args.results is not None:
        with args.results.open("a", encoding="utf-8") as out:
            out.write(report + "\n")
    return 0 if passed == args.times else 1


if __name__ == "__main__":
    raise SystemExit(main())
