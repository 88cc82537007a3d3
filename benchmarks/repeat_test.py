"""Run one test N times in a row in one pytest session and print how many passed (flakiness check).

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
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rf", "--durations=0"]
    command += ["--keep-duplicates", *[args.node_id] * args.times]
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.monotonic() - started
    output = done.stdout + done.stderr
    passed = int(m.group(1)) if (m := re.search(r"(\d+) passed", output)) else 0
    failed = int(m.group(1)) if (m := re.search(r"(\d+) failed", output)) else 0
    calls = [float(s) for s in re.findall(r"^([\d.]+)s call\s", output, re.MULTILINE)]
    lines = [
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC  {args.node_id}",
        f"  runs {args.times}: {passed} passed, {failed} failed (pytest exit {done.returncode})",
        f"  per run (call) min {min(calls, default=0):.1f} s, max {max(calls, default=0):.1f} s; "
        f"whole session {wall:.0f} s",
        f"  load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after; {os.cpu_count()} cores",
    ]
    lines += [f"  {line}" for line in output.splitlines() if line.startswith("FAILED")]
    report = "\n".join(lines)
    print(report)
    if args.results is not None:
        with args.results.open("a", encoding="utf-8") as out:
            out.write(report + "\n")
    return 0 if failed == 0 and passed == args.times else 1


if __name__ == "__main__":
    raise SystemExit(main())
