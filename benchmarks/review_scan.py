"""Live scan cost of ``ctc-review``: wall time and AWS API calls, platform vs 5x and 10x extra resources.

Usage: python benchmarks/review_scan.py [--endpoint-url URL] [--repeats 3] [--generic-only]
                                        [--seeds core,monitoring,...]
Without --endpoint-url an emulator is started and the platform deployed into it by its own
Terraform. Extra resources (buckets, roles, tables, streams, alarms) are then added in steps of
the platform's own counts so the figures show how API calls grow with the number of resources.

Then the generic account (tests/generic_account: the clean ordinary account every account check is
tested on, plus regional resources in a second region) is scanned in two regions in a fresh
emulator: CPU seconds of the review process (the emulator is another process), API calls, and the
whole review (collect + every check + scoring) — the bound is 5 s of CPU for 30-60 resources.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import boto3

from coattail.review.collectors.live import LiveOptions, collect_live

os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
REGION = "us-east-1"
LAMBDA = {"Service": "lambda.amazonaws.com"}
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": LAMBDA, "Action": "sts:AssumeRole"}]})  # fmt: skip
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bench/*"}]})  # fmt: skip


def _real_gaps(result: Any) -> list[Any]:
    """Services the scan could not read, but for those the emulator does not implement at all."""
    from coattail.emulator import UNSUPPORTED_SERVICES

    return [g for g in result.inventory.not_assessed if g.service not in UNSUPPORTED_SERVICES]


def scan(endpoint: str, repeats: int) -> dict[str, Any]:
    times, calls, attempts, resources = [], [], [], 0
    for _ in range(repeats):
        started = time.perf_counter()
        result = collect_live(LiveOptions(endpoint_url=endpoint, regions=(REGION,), max_attempts=3))
        times.append(time.perf_counter() - started)
        calls.append(result.api_calls)
        attempts.append(sum(result.counter.attempts.values()))
        resources = sum(result.inventory.counts.values())
        if _real_gaps(result):
            raise SystemExit(f"scan incomplete: {_real_gaps(result)}")
    counts = result.inventory.counts
    return {
        "resources": resources,
        "buckets": counts.get("s3_buckets", 0),
        "roles": counts.get("iam_roles", 0),
        "tables": counts.get("dynamodb_tables", 0),
        "streams": counts.get("kinesis_streams", 0),
        "alarms": counts.get("cloudwatch_alarms", 0),
        "api_calls": calls[-1],
        "http_attempts": attempts[-1],
        "wall_s_median": statistics.median(times),
        "wall_s_min": min(times),
    }


def add_resources(endpoint: str, step: int, base: dict[str, Any]) -> None:
    """Create ``base`` counts of each type once more (tagged ``bench-<step>-*``)."""
    session = boto3.session.Session(region_name=REGION)

    def client(name: str) -> Any:
        return session.client(name, endpoint_url=endpoint)  # type: ignore[call-overload]

    s3, iam, ddb, kinesis, cw = (client(n) for n in ("s3", "iam", "dynamodb", "kinesis", "cloudwatch"))
    for i in range(base["buckets"]):
        name = f"bench-{step}-{i}-bucket"
        s3.create_bucket(Bucket=name)
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    for i in range(base["roles"]):
        role = f"bench-{step}-{i}-role"
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=TRUST)
        iam.put_role_policy(RoleName=role, PolicyName="inline", PolicyDocument=POLICY)
    for i in range(base["tables"]):
        ddb.create_table(
            TableName=f"bench-{step}-{i}-table",
            BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        )
    for i in range(base["streams"]):
        kinesis.create_stream(
            StreamName=f"bench-{step}-{i}-stream", StreamModeDetails={"StreamMode": "ON_DEMAND"}
        )
    for i in range(base["alarms"]):
        cw.put_metric_alarm(
            AlarmName=f"bench-{step}-{i}-alarm",
            Namespace="Bench",
            MetricName="M",
            Statistic="Sum",
            Period=300,
            EvaluationPeriods=1,
            Threshold=1.0,
            ComparisonOperator="GreaterThanThreshold",
        )


def _second_region(aws: Any, region: str) -> None:
    """Regional resources of the kinds the clean account holds, in a second region."""
    from tests.generic_account.seed_core import TAGS, tag_list

    for i in range(3):
        aws("sqs", region).create_queue(
            QueueName=f"shop-eu-{i}", Attributes={"SqsManagedSseEnabled": "true"}, tags=TAGS
        )
        aws("sns", region).create_topic(
            Name=f"shop-eu-{i}", Attributes={"KmsMasterKeyId": "alias/aws/sns"}, Tags=tag_list()
        )
        aws("dynamodb", region).create_table(
            TableName=f"shop-eu-{i}",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            Tags=tag_list(),
        )
        aws("logs", region).create_log_group(logGroupName=f"/shop/eu/{i}", tags=TAGS)


def scan_generic(repeats: int, only: tuple[str, ...] = ()) -> dict[str, Any]:
    """The generic account in two regions: CPU of the review process, API calls, resources."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the seeds live in tests/generic_account
    from coattail.emulator.server import EmulatorServer
    from coattail.review.checks._registry import load_checks
    from coattail.review.decisions import review_plan
    from coattail.review.engine import review
    from coattail.review.profile import load_profile
    from tests.generic_account.harness import SEEDS, client_factory

    server = EmulatorServer(port=0, log_dir=Path(tempfile.mkdtemp(prefix="ctc-bench-generic-")))
    server.start()
    try:
        aws = client_factory(server.endpoint_url)
        chosen = [s for s in SEEDS if not only or s.__module__.removeprefix("generic_account_seed_") in only]
        for seed in chosen:
            seed(aws)
        _second_region(aws, "eu-west-1")
        checks = load_checks()
        plan = review_plan(load_profile("generic", checks))
        options = LiveOptions(endpoint_url=server.endpoint_url, regions=(REGION, "eu-west-1"), max_attempts=3)
        cpu, wall, review_cpu = [], [], []
        for _ in range(repeats):
            c0, w0 = time.process_time(), time.perf_counter()
            result = collect_live(options)
            c1 = time.process_time()
            review(result.inventory, checks, plan)
            review_cpu.append(time.process_time() - c1)
            cpu.append(c1 - c0)
            wall.append(time.perf_counter() - w0)
            if _real_gaps(result):
                raise SystemExit(f"scan incomplete: {_real_gaps(result)}")
        regions = {r.region for r in result.inventory.resources() if r.region}
        return {
            "resources": sum(result.inventory.counts.values()),
            "types": len(result.inventory.counts),
            "regions": sorted(regions),
            "api_calls": result.api_calls,
            # the first scan in the process is what `ctc-review score` pays: it decodes the service
            # models; later scans in the same process share them (collectors.live.new_session)
            "collect_cpu_s": cpu[0],
            "review_cpu_s": review_cpu[0],
            "wall_s": wall[0],
            "warm_cpu_s": statistics.median(c + r for c, r in zip(cpu[1:], review_cpu[1:], strict=True))
            if repeats > 1
            else None,
            "cli_cpu_s": cli_scan_cpu(server.endpoint_url, (REGION, "eu-west-1")),
        }
    finally:
        server.stop()


def cli_scan_cpu(endpoint: str, regions: tuple[str, ...]) -> float:
    """CPU of a whole `ctc-review score` process (imports, collect, checks, scoring, results.json)."""
    import resource
    import subprocess
    import sys

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run(
            [str(Path(sys.executable).parent / "ctc-review"), "score", "--endpoint-url", endpoint,
             "--source", "live", *(a for r in regions for a in ("--region", r)),
             "--review-profile", "generic", "--no-reports", "--output-dir", out],
            check=False, capture_output=True, text=True,
        )  # fmt: skip
        if not (Path(out) / "results.json").exists():
            raise SystemExit(f"ctc-review score wrote no results (exit {done.returncode}): {done.stderr}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def print_generic(r: dict[str, Any], repeats: int, only: tuple[str, ...] = ()) -> None:
    total = r["collect_cpu_s"] + r["review_cpu_s"]
    print()
    part = f"seeds {', '.join(only)}" if only else "every seed"
    print(f"generic account ({part}), 2 regions (CPU of the review process, emulator excluded)")
    print(f"machine load average (1, 5, 15 min) at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"resources {r['resources']} of {r['types']} types in {', '.join(r['regions'])}; "
        f"API calls {r['api_calls']} ({r['api_calls'] / r['resources']:.2f} per resource)"
    )
    print(
        f"first scan in a process: collect CPU {r['collect_cpu_s']:.2f} s + checks and scoring CPU "
        f"{r['review_cpu_s']:.2f} s = {total:.2f} s (bound 5 s: {'within' if total <= 5 else 'EXCEEDED'}); "
        f"wall {r['wall_s']:.2f} s"
    )
    if r["warm_cpu_s"] is not None:
        print(f"later scans in the same process (models already decoded), median of {repeats - 1}: "
              f"{r['warm_cpu_s']:.2f} s CPU")  # fmt: skip
    cli = r["cli_cpu_s"]
    print(f"a whole `ctc-review score` process (Python start, imports, results.json): {cli:.2f} s CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--endpoint-url", default=None, help="An emulator with the platform already deployed."
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--generic-only", action="store_true", help="Only the generic account's scan.")
    parser.add_argument(
        "--seeds",
        default="",
        help="Seed only these parts of the generic account (tests/generic_account/seed_<name>.py, "
        "comma-separated; default: all): a smaller account of the same kinds.",
    )
    args = parser.parse_args()
    if args.generic_only:
        only = tuple(n for n in args.seeds.split(",") if n)
        print_generic(scan_generic(args.repeats, only), args.repeats, only)
        return
    server = None
    endpoint = args.endpoint_url
    deploy_s = None
    if endpoint is None:
        from coattail.cli.local import Deployment
        from coattail.emulator.server import EmulatorServer

        workdir = Path(tempfile.mkdtemp(prefix="ctc-bench-review-"))
        server = EmulatorServer(port=0, log_dir=workdir / "emulator")
        server.start()
        endpoint = server.endpoint_url
        started = time.perf_counter()
        Deployment(endpoint_url=endpoint, workdir=workdir).apply()
        deploy_s = time.perf_counter() - started
    try:
        rows = [("platform", scan(endpoint, args.repeats))]
        base = dict(rows[0][1])
        for step in range(1, 11):
            add_resources(endpoint, step, base)
            if step in (5, 10):
                rows.append((f"platform + {step}x extra", scan(endpoint, args.repeats)))
    finally:
        if server is not None:
            server.stop()
    print_report(rows, deploy_s, args.repeats)
    print_generic(scan_generic(args.repeats), args.repeats)


def print_report(rows: list[tuple[str, dict[str, Any]]], deploy_s: float | None, repeats: int) -> None:
    print("ctc-review live scan: wall time and AWS API calls (moto emulator, every resource spec, 1 region)")
    print(
        f"machine: {platform.machine()} {os.cpu_count()} cpus, python {platform.python_version()}; "
        f"median of {repeats} scans; 4 worker threads"
    )
    if deploy_s is not None:
        print(f"platform deployed by Terraform in {deploy_s:.0f} s (not part of the scan figures)")
    header = (
        f"{'account':<22}{'resources':>10}{'buckets':>9}{'roles':>7}{'tables':>8}{'streams':>9}"
        f"{'alarms':>8}{'API calls':>11}{'HTTP':>7}{'wall s':>9}"
    )
    print(header)
    print("-" * len(header))
    for name, r in rows:
        print(
            f"{name:<22}{r['resources']:>10}{r['buckets']:>9}{r['roles']:>7}{r['tables']:>8}{r['streams']:>9}"
            f"{r['alarms']:>8}{r['api_calls']:>11}{r['http_attempts']:>7}{r['wall_s_median']:>9.2f}"
        )
    base = rows[0][1]
    print()
    for name, r in rows[1:]:
        added = r["resources"] - base["resources"]
        extra_calls = r["api_calls"] - base["api_calls"]
        print(
            f"{name}: +{added} resources -> +{extra_calls} API calls ({extra_calls / added:.2f} per added "
            f"resource), wall {r['wall_s_median'] / base['wall_s_median']:.1f}x the platform scan"
        )
    if len(rows) >= 3:
        (_, a), (_, b) = rows[1], rows[2]
        per_a = (a["api_calls"] - base["api_calls"]) / (a["resources"] - base["resources"])
        per_b = (b["api_calls"] - base["api_calls"]) / (b["resources"] - base["resources"])
        print(
            f"linearity: marginal calls per resource {per_a:.2f} (5x) vs {per_b:.2f} (10x) — "
            f"{'linear' if abs(per_a - per_b) / per_a < 0.05 else 'NOT linear'}"
        )


if __name__ == "__main__":
    main()
