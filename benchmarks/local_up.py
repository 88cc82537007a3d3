"""How long `ctc local up` and `ctc local down` take for the whole platform on this machine.

Usage: python benchmarks/local_up.py [--runs 1]
Runs the real CLI as subprocesses in a temporary working folder on a free port and prints the
wall-clock figures (target for `up`: under 2 minutes; the floor is the provider's own waiters).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def ctc(*args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    script = Path(sys.executable).with_name("ctc")
    started = time.perf_counter()
    proc = subprocess.run([str(script), "local", *args], capture_output=True, text=True, check=False)
    return time.perf_counter() - started, proc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    print(f"# ctc local up/down — {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC")
    print(
        f"# python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores, "
        f"load average at start {os.getloadavg()[0]:.2f} (a shared, busy machine)"
    )
    for run in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory() as tmp:
            workdir = str(Path(tmp) / "local")
            up_s, up = ctc("up", "--workdir", workdir, "--json")
            if up.returncode != 0:
                print(f"run {run}: up failed:\n{up.stderr[-2000:]}")
                ctc("down", "--workdir", workdir, "--force")
                sys.exit(1)
            _, status = ctc("status", "--workdir", workdir, "--json")
            resources = json.loads(status.stdout)["resource_count"]
            down_s, down = ctc("down", "--workdir", workdir)
            summary = next((line for line in up.stderr.splitlines() if "deployed" in line), "")
            print(
                f"run {run}: ctc local up {up_s:.1f}s wall ({resources} resources; {summary.strip()}); "
                f"ctc local down {down_s:.1f}s (exit {down.returncode}); "
                f"load average now {os.getloadavg()[0]:.2f}"
            )


if __name__ == "__main__":
    main()
