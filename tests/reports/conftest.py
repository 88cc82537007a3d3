"""A realistic synthetic ``ReviewResults`` builder for the report tests.

Six pillars, the seed's 44 Decisions rows with evidence, failing checks with Terraform locations,
an active and an expired waiver, not-assessed services, drift and a cost summary. Scores are
computed from the check verdicts by a small severity-weighted rule so they move when a check
flips (the real rubric lives in the engine; the reports only render what they are given).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from coattail.review.model import (
    AppliedWaiver,
    CheckMeta,
    CheckResult,
    DecisionResult,
    Drift,
    Finding,
    Improvement,
    Location,
    NotAssessed,
    Pillar,
    PillarScore,
    ReviewResults,
    Scores,
    Severity,
    SourceKind,
    SourceRun,
    Status,
    Waiver,
)

P = Pillar
ACCOUNT = "123456789012"
REGION = "us-east-1"

# (pillar, area, claim, evidence) — the seed's Decisions rows.
SEED_DECISIONS: list[tuple[Pillar, str, str, str]] = [
    (
        P.OPERATIONAL_EXCELLENCE,
        "Infrastructure as Code",
        "All resources in Terraform",
        "platform/infra/main.tf",
    ),
    (P.OPERATIONAL_EXCELLENCE, "CI/CD", "GitHub Actions quality gates", ".github/workflows/ci.yml"),
    (
        P.OPERATIONAL_EXCELLENCE,
        "Observability",
        "Dashboard, 3 alarms, CryptoPulse metrics",
        f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:dashboard/ctc-dev-platform",
    ),
    (P.OPERATIONAL_EXCELLENCE, "Runbooks", "Runbook with rollback procedures", "docs/RUNBOOK.md"),
    (P.OPERATIONAL_EXCELLENCE, "Start/Stop Lifecycle", "Start/stop scripts", "scripts/start.sh"),
    (
        P.OPERATIONAL_EXCELLENCE,
        "Configuration Management",
        "6 SSM parameters",
        f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/ctc/dev/config/symbols",
    ),
    (P.OPERATIONAL_EXCELLENCE, "Agent Specs", "7 agent specifications", "agents/architect.md"),
    (
        P.SECURITY,
        "IAM Least Privilege",
        "Roles scoped to specific ARNs",
        f"arn:aws:iam::{ACCOUNT}:role/ctc-dev-emr-execution",
    ),
    (
        P.SECURITY,
        "Encryption at Rest",
        "AES256 + bucket key, KMS, SSE",
        f"arn:aws:s3:::ctc-dev-raw-{ACCOUNT}",
    ),
    (P.SECURITY, "Encryption in Transit", "TLS and WSS", "platform/producer/connectors.py"),
    (P.SECURITY, "No Secrets in Code", "SSM for config, no API keys", "platform/infra/ssm.tf"),
    (
        P.SECURITY,
        "Data Governance",
        "Lake Formation permissions and LF-Tags",
        "platform/infra/modules/lake-formation/main.tf",
    ),
    (
        P.SECURITY,
        "Analyst Access Control",
        "Analyst role with MFA",
        f"arn:aws:iam::{ACCOUNT}:role/ctc-dev-analyst",
    ),
    (P.SECURITY, "Security Scanning", "checkov in CI", ".github/workflows/ci.yml"),
    (P.SECURITY, "Public Data Only", "No PII, no API keys", "docs/ARCHITECTURE.md"),
    (
        P.RELIABILITY,
        "Dead Letter Queue",
        "Kinesis DLQ 48h",
        f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/ctc-dev-trades-dlq",
    ),
    (
        P.RELIABILITY,
        "Spark Checkpointing",
        "S3 checkpoints every 60s",
        f"arn:aws:s3:::ctc-dev-checkpoint-{ACCOUNT}",
    ),
    (P.RELIABILITY, "Data Quality DLQ", "S3 DLQ zone", "platform/jobs/streaming/quality.py"),
    (
        P.RELIABILITY,
        "Idempotent Writes",
        "alert_id partition key",
        f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/ctc-dev-alerts",
    ),
    (P.RELIABILITY, "Watermarking", "30s / 15s watermarks", "platform/jobs/config.yaml"),
    (P.RELIABILITY, "Multi-AZ by Default", "Managed multi-AZ services", "AWS managed"),
    (
        P.RELIABILITY,
        "Batch Error Handling",
        "Step Functions retry + catch",
        f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:ctc-dev-batch",
    ),
    (
        P.RELIABILITY,
        "S3 Versioning",
        "Processed bucket versioned",
        f"arn:aws:s3:::ctc-dev-processed-{ACCOUNT}",
    ),
    (
        P.PERFORMANCE_EFFICIENCY,
        "Serverless Compute",
        "EMR Serverless, Lambda, on-demand DynamoDB",
        f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:ctc-dev-api",
    ),
    (
        P.PERFORMANCE_EFFICIENCY,
        "Kinesis ON_DEMAND",
        "On-demand capacity",
        f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/ctc-dev-trades",
    ),
    (
        P.PERFORMANCE_EFFICIENCY,
        "EMR Initial Capacity",
        "1 driver 2 vCPU 4 GB",
        "platform/infra/modules/emr-serverless/main.tf",
    ),
    (
        P.PERFORMANCE_EFFICIENCY,
        "Iceberg Table Format",
        "Hidden partitioning",
        "glue:ctc_dev_lakehouse.raw_trades",
    ),
    (
        P.PERFORMANCE_EFFICIENCY,
        "DynamoDB GSIs",
        "type-time-index, symbol-time-index",
        f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/ctc-dev-alerts",
    ),
    (
        P.PERFORMANCE_EFFICIENCY,
        "S3 Bucket Keys",
        "Bucket keys enabled",
        f"arn:aws:s3:::ctc-dev-processed-{ACCOUNT}",
    ),
    (
        P.PERFORMANCE_EFFICIENCY,
        "Spark 3.4",
        "emr-spark-8.0.0 runtime",
        "platform/infra/modules/emr-serverless/main.tf",
    ),
    (P.PERFORMANCE_EFFICIENCY, "Tumbling Windows", "60s / 30s windows", "platform/jobs/config.yaml"),
    (P.COST_OPTIMIZATION, "Serverless-First", "Pay-per-use", "platform/infra/main.tf"),
    (
        P.COST_OPTIMIZATION,
        "Billing Alarm",
        "25 USD threshold",
        f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:ctc-dev-billing",
    ),
    (
        P.COST_OPTIMIZATION,
        "EMR Auto-Stop",
        "15 minutes idle",
        "platform/infra/modules/emr-serverless/main.tf",
    ),
    (
        P.COST_OPTIMIZATION,
        "DynamoDB TTL",
        "ttl_epoch, 24h",
        f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/ctc-dev-alerts",
    ),
    (P.COST_OPTIMIZATION, "S3 Lifecycle", "IA 30d, delete 90d / 7d", f"arn:aws:s3:::ctc-dev-raw-{ACCOUNT}"),
    (P.COST_OPTIMIZATION, "Start/Stop Scripts", "Manual cost control", "scripts/stop.sh"),
    (
        P.COST_OPTIMIZATION,
        "DynamoDB PITR Disabled",
        "PITR off",
        f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/ctc-dev-alerts",
    ),
    (P.COST_OPTIMIZATION, "No NAT Gateway", "No VPC", f"{ACCOUNT}/{REGION}: 0 NAT gateways"),
    (
        P.SUSTAINABILITY,
        "Right-Sized Compute",
        "Max 4 vCPU / 8 GB",
        "platform/infra/modules/emr-serverless/main.tf",
    ),
    (P.SUSTAINABILITY, "Efficient Data Formats", "Parquet via Iceberg", "glue:ctc_dev_lakehouse.raw_trades"),
    (P.SUSTAINABILITY, "Scale-to-Zero", "Serverless services", "platform/infra/main.tf"),
    (P.SUSTAINABILITY, "Data Retention", "Lifecycle policies", f"arn:aws:s3:::ctc-dev-raw-{ACCOUNT}"),
    (P.SUSTAINABILITY, "Minimal Polling", "Dashboard polls every 10 s", "platform/dashboard/static/app.js"),
]

PRINCIPLES = {
    P.OPERATIONAL_EXCELLENCE: "Perform operations as code. Make frequent, small, reversible changes.",
    P.SECURITY: "Apply security at all layers. Enable traceability.",
    P.RELIABILITY: "Automatically recover from failure. Test recovery procedures.",
    P.PERFORMANCE_EFFICIENCY: "Use serverless to remove operational burden. Go global in minutes.",
    P.COST_OPTIMIZATION: "Implement cloud financial management. Adopt a consumption model.",
    P.SUSTAINABILITY: "Understand your impact. Minimize required resources.",
}
BP = {
    P.OPERATIONAL_EXCELLENCE: "OPS",
    P.SECURITY: "SEC",
    P.RELIABILITY: "REL",
    P.PERFORMANCE_EFFICIENCY: "PERF",
    P.COST_OPTIMIZATION: "COST",
    P.SUSTAINABILITY: "SUS",
}
SEVERITY_WEIGHT = {
    Severity.CRITICAL: 8,
    Severity.HIGH: 4,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
    Severity.INFO: 0.5,
}
TF_FILES = [
    "platform/infra/main.tf",
    "platform/infra/modules/s3/main.tf",
    "platform/infra/modules/iam/main.tf",
    "platform/infra/modules/monitoring/main.tf",
    "platform/infra/modules/kinesis/main.tf",
]
SEVERITIES = [Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO]


def check_id(pillar: Pillar, n: int) -> str:
    return f"{BP[pillar].lower()}_check_{n:02d}"


def make_check(
    pillar: Pillar, n: int, status: Status, *, waived_by: str | None = None, findings: int = 2
) -> CheckResult:
    sev = SEVERITIES[n % len(SEVERITIES)]
    meta = CheckMeta(
        id=check_id(pillar, n),
        title=f"{pillar.title} property {n} <holds> & is 'checked'",
        pillar=pillar,
        bp_id=f"{BP[pillar]}{(n % 11) + 1:02d}-BP{(n % 5) + 1:02d}",
        severity=sev,
        service=["s3", "kinesis", "iam", "dynamodb", "cloudwatch"][n % 5],
        resource_type="AWS::S3::Bucket",
        rationale=f"Because property {n} matters for {pillar.title}.",
        remediation=f"Set property {n} in the module.",
        remediation_terraform=f'resource "aws_x" "y" {{ property_{n} = true }}',
        reference_url="https://docs.aws.amazon.com/wellarchitected/latest/framework/welcome.html",
    )
    fs: list[Finding] = []
    for i in range(findings):
        tf = i % 2 == 0
        fstatus = status
        if status == Status.FAIL and i == 1:
            fstatus = Status.PASS  # a check failing on one of its resources
        fs.append(
            Finding(
                resource_id=(
                    f"module.s3.aws_s3_bucket.b{n}_{i}" if tf else f"arn:aws:s3:::ctc-dev-b{n}-{i}-{ACCOUNT}"
                ),
                resource_type="aws_s3_bucket" if tf else "AWS::S3::Bucket",
                source=SourceKind.TERRAFORM if tf else SourceKind.LIVE,
                status=fstatus,
                message=f"property {n} is {'off' if fstatus == Status.FAIL else 'on'} on resource {i}",
                observed={"property": fstatus != Status.FAIL, "n": n},
                region=None if tf else REGION,
                account=None if tf else ACCOUNT,
                location=Location(path=TF_FILES[n % len(TF_FILES)], start_line=10 + n, end_line=20 + n)
                if tf
                else None,
                waived_by=waived_by if fstatus == Status.FAIL else None,
            )
        )
    return CheckResult(meta=meta, status=status, findings=tuple(fs), waived=waived_by is not None)


def score_pillar(pillar: Pillar, checks: list[CheckResult], expired: set[str]) -> PillarScore:
    mine = [c for c in checks if c.meta.pillar == pillar]

    def counts(c: CheckResult) -> bool:
        return c.status == Status.FAIL and (not c.waived or any(f.waived_by in expired for f in c.findings))

    failed = [c for c in mine if counts(c)]
    passed = [c for c in mine if c.status == Status.PASS or (c.status == Status.FAIL and not counts(c))]
    unknown = [c for c in mine if c.status == Status.UNKNOWN]
    total = sum(SEVERITY_WEIGHT[c.meta.severity] for c in failed + passed) or 1
    ok = sum(SEVERITY_WEIGHT[c.meta.severity] for c in passed)
    applicable = sum(SEVERITY_WEIGHT[c.meta.severity] for c in failed + passed + unknown) or 1
    return PillarScore(
        pillar=pillar,
        score=round(1 + 4 * ok / total, 1),
        passed=len(passed),
        failed=len(failed),
        unknown=len(unknown),
        waived=sum(1 for c in mine if c.waived),
        not_applicable=sum(1 for c in mine if c.status == Status.NOT_APPLICABLE),
        confidence=round(total / applicable, 2),
        key_strength=f"{pillar.title} strength from passing checks",
        key_gap=(f"{failed[0].meta.title}" if failed else "No failing check"),
    )


def build_results(
    *,
    fail: set[str] | None = None,
    extra_checks: int = 0,
    cost: dict[str, Any] | None = None,
) -> ReviewResults:
    """Eight checks per pillar; ``fail`` names extra check ids to make FAIL (to weaken results)."""
    fail = fail or set()
    checks: list[CheckResult] = []
    for pillar in Pillar:
        for n in range(8 + extra_checks):
            cid = check_id(pillar, n)
            status = Status.PASS
            waived_by = None
            if n == 1 or cid in fail:
                status = Status.FAIL
            elif n == 2:
                status = Status.UNKNOWN
            elif n == 3:
                status = Status.NOT_APPLICABLE
            if n == 4 and pillar == P.COST_OPTIMIZATION:
                status, waived_by = Status.FAIL, "w-pitr"
            if n == 4 and pillar == P.SECURITY:
                status, waived_by = Status.FAIL, "w-old"
            checks.append(make_check(pillar, n, status, waived_by=waived_by))
    waivers = (
        AppliedWaiver(
            waiver=Waiver(
                id="w-pitr",
                check_id=check_id(P.COST_OPTIMIZATION, 4),
                resource="*",
                justification="PITR disabled for cost on a portfolio project",
                expires=date(2027, 6, 30),
                owner="platform",
            ),
            expired=False,
            matched_findings=1,
        ),
        AppliedWaiver(
            waiver=Waiver(
                id="w-old",
                check_id=check_id(P.SECURITY, 4),
                resource="module.s3.*",
                justification="Accepted until the VPC work lands",
                expires=date(2026, 1, 31),
                owner="security",
            ),
            expired=True,
            matched_findings=1,
        ),
    )
    expired = {w.waiver.id for w in waivers if w.expired}
    pillars = tuple(score_pillar(p, checks, expired) for p in Pillar)
    overall = round(sum(p.score for p in pillars) / len(pillars), 1)
    decisions = tuple(
        DecisionResult(
            pillar=p,
            area=area,
            claim=claim,
            implementation=f"{claim} (observed: {area.lower()} configured)",
            evidence=(ev, "platform/infra/main.tf"),
            check_ids=(check_id(p, 0), check_id(p, 5)),
            status=Status.FAIL if area == "S3 Versioning" and check_id(p, 5) in fail else Status.PASS,
        )
        for p, area, claim, ev in SEED_DECISIONS
    )
    improvements = tuple(
        [Improvement(pillar=p, text=f"Profile improvement for {p.title}", origin="profile") for p in Pillar]
        + [
            Improvement(
                pillar=c.meta.pillar, text=c.meta.remediation, origin=c.meta.id, severity=c.meta.severity
            )
            for c in checks
            if c.status == Status.FAIL and not c.waived
        ]
    )
    now = datetime(2026, 11, 26, 0, 0, tzinfo=UTC)
    return ReviewResults(
        tool_version="0.1.0",
        generated_at=now,
        profile_id="ctc",
        profile_title="Coat Tail Capital",
        design_principles=PRINCIPLES,
        sources=(
            SourceRun(
                kind=SourceKind.LIVE,
                target=f"{ACCOUNT}/{REGION} via http://127.0.0.1:5000",
                collected_at=now,
                ok=True,
                api_calls=123,
            ),
            SourceRun(kind=SourceKind.TERRAFORM, target="platform/infra", collected_at=now, ok=True),
            SourceRun(kind=SourceKind.REPOSITORY, target=".", collected_at=now, ok=True),
        ),
        checks=tuple(checks),
        not_assessed=(
            NotAssessed(
                service="lakeformation",
                source=SourceKind.LIVE,
                reason="AccessDenied on ListPermissions",
                error_code="AccessDeniedException",
                region=REGION,
                account=ACCOUNT,
            ),
        ),
        waivers=waivers,
        decisions=decisions,
        improvements=improvements,
        drift=(
            Drift(
                resource_type="AWS::Kinesis::Stream",
                resource_id="ctc-dev-trades-dlq",
                attribute="retention_period_hours",
                terraform_value=48,
                live_value=24,
            ),
        ),
        scores=Scores(pillars=pillars, overall=overall, confidence=0.9, rubric="synthetic-test-v1"),
        cost=cost,
    )


@pytest.fixture()
def results_factory() -> Callable[..., ReviewResults]:
    return build_results


@pytest.fixture()
def results() -> ReviewResults:
    return build_results()


@pytest.fixture(scope="session")
def seed_decision_areas() -> list[tuple[Pillar, str]]:
    return [(p, area) for p, area, _claim, _ev in SEED_DECISIONS]
