"""Cases for the repository, configuration and Terraform checks."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from coattail.review.inventory import (
    AgentSpec,
    CheckovFinding,
    CIJob,
    CIStep,
    CIWorkflow,
    CodeUsage,
    ConfigFile,
    DocumentFacts,
    RepositoryFacts,
    S3Bucket,
    ScriptFacts,
    SecretMatch,
    TerraformLayout,
)
from coattail.review.model import Drift, Location, NotAssessed, SourceKind, SourceRun

NOW = datetime(2026, 11, 25, tzinfo=UTC)
GATES = (
    CIStep(name="Lint", run="ruff check ."),
    CIStep(name="Type-check", run="mypy -p review"),
    CIStep(name="Tests", run="./scripts/test.sh"),
    CIStep(name="Terraform", run="terraform fmt -check && terraform validate"),
    CIStep(name="Security scan", run="checkov -d platform/infra"),
)
PIPELINE_PATH = "platform/jobs/config/pipeline.yaml"


def _trigger(value: object) -> ConfigFile:
    return ConfigFile(path=PIPELINE_PATH, values={"streaming": {"trigger_seconds": value}})


PIPELINE = {
    "streaming": {"trigger_seconds": 60},
    "detectors": {
        "volume_anomaly": {"window": "60 seconds", "watermark": "30 seconds"},
        "spread": {"window": "30 seconds", "watermark": "15 seconds"},
    },
}


def workflow(
    *steps: CIStep, triggers: tuple[str, ...] = ("push", "pull_request"), soft_job: bool = False
) -> Any:
    return CIWorkflow(
        path=".github/workflows/ci.yml",
        triggers=triggers,
        jobs=(CIJob(id="ci", steps=steps, continue_on_error=soft_job),),
    )


def repo(**kw: Any) -> RepositoryFacts:
    return RepositoryFacts(root="/repo", **kw)


def cases(b: Any) -> dict[str, list[Any]]:
    R = b.Row
    P, F, U, NA = b.PASS, b.FAIL, b.UNKNOWN, b.NA

    def inv(r: RepositoryFacts | None = None, *resources: Any, **kw: Any) -> Any:
        return b.inventory(*resources, repository=r, **kw)

    ci = ".github/workflows/ci.yml"
    good_ci = repo(workflows=(workflow(*GATES),))
    runbook = DocumentFacts(
        path="docs/RUNBOOK.md",
        exists=True,
        headings=("Start", "Operate", "Rollback"),
        mentions={"rollback": 4},
    )
    start = ScriptFacts(
        path="scripts/start.sh",
        exists=True,
        executable=True,
        shebang="#!/usr/bin/env bash",
        commands=("ctc",),
        invocations=("ctc producer start", "ctc jobs start"),
    )
    stop = ScriptFacts(
        path="scripts/stop.sh",
        exists=True,
        executable=True,
        shebang="#!/usr/bin/env bash",
        commands=("ctc",),
        invocations=('exec "$python" -m coattail.cli.ops stop "$@"',),
        python_entry="coattail.cli.ops stop",
        aws_operations=("ecs:list_tasks", "ecs:stop_task", "emr-serverless:cancel_job_run"),
    )
    agents = tuple(
        AgentSpec(path=f"agents/{n}.md", name=n, inputs=(i,), outputs=(o,))
        for n, i, o in (
            ("analyst", "brief", "prd"),
            ("architect", "prd", "architecture"),
            ("engineer", "architecture", "code"),
        )
    )
    tf = TerraformLayout(
        root="platform/infra",
        exists=True,
        module_dirs=("modules/kinesis", "modules/iam"),
        root_variable_count=12,
        root_output_count=13,
        resource_count=40,
    )
    bucket = b.make(
        S3Bucket,
        "raw",
        source=SourceKind.TERRAFORM,
        id="module.s3.aws_s3_bucket.raw",
        tf_address="module.s3.aws_s3_bucket.raw",
        location=Location(path="platform/infra/modules/s3/main.tf", start_line=3),
    )
    bucket2 = bucket.model_copy(
        update={
            "name": "proc",
            "id": "module.s3.aws_s3_bucket.proc",
            "tf_address": "module.s3.aws_s3_bucket.proc",
        }
    )
    ck_fail = CheckovFinding(
        check_id="CKV_AWS_18",
        check_name="S3 access logging",
        result="FAILED",
        tf_address="module.s3.aws_s3_bucket.proc",
        resource_type="aws_s3_bucket",
        inventory_id="module.s3.aws_s3_bucket.proc",
    )
    ck_pass = ck_fail.model_copy(update={"result": "SKIPPED", "suppress_comment": "accepted"})
    tf_run = SourceRun(
        kind=SourceKind.TERRAFORM,
        target="t",
        collected_at=NOW,
        ok=True,
        detail="state: 58 Terraform resources; checkov: 0 open failures",
    )
    checkov_gap = NotAssessed(service="checkov", source=SourceKind.TERRAFORM, reason="checkov not installed")
    live_bucket = b.make(S3Bucket, "raw", id="arn:aws:s3:::raw")
    runs = (
        SourceRun(kind=SourceKind.LIVE, target="a", collected_at=NOW, ok=True),
        SourceRun(kind=SourceKind.TERRAFORM, target="t", collected_at=NOW, ok=True),
    )
    drift = Drift(
        resource_type="AWS::S3::Bucket",
        resource_id="arn:aws:s3:::raw",
        attribute="versioning",
        terraform_value="Enabled",
        live_value="Suspended",
    )
    pipeline = ConfigFile(path="platform/jobs/config/pipeline.yaml", values=PIPELINE)
    slow = ConfigFile(
        path="platform/jobs/config/pipeline.yaml",
        values={
            "streaming": {"trigger_seconds": 300},
            "detectors": {
                "volume_anomaly": {"window": "5 minutes", "watermark": "0 seconds"},
                "spread": {"window": "30s", "watermark": "15s"},
            },
        },
    )
    windows = {"detectors.volume_anomaly.window": "60 seconds", "detectors.spread.window": "30 seconds"}
    marks = {"detectors.volume_anomaly.watermark": "30 seconds", "detectors.spread.watermark": "15 seconds"}
    feeds = ConfigFile(
        path="platform/producer/config.yaml",
        values={"urls": {"binance": "wss://stream.binance.com:9443", "coinbase": "wss://x"}},
    )
    plain_feeds = ConfigFile(
        path="platform/producer/config.yaml",
        values={"urls": {"binance": "ws://stream.binance.com:9443", "coinbase": "wss://x"}},
    )
    dash = ConfigFile(path="platform/dashboard/config.json", values={"poll_interval_seconds": 10})
    eager = ConfigFile(path="platform/dashboard/config.json", values={"poll_interval_seconds": 1})
    js = ConfigFile(path="platform/dashboard/static/config.js", values={"apiBase": "", "pollMs": 10000})
    js_params = {"path": "platform/dashboard/static/config.js", "key": "pollMs", "unit_seconds": 0.001}
    return {
        "ci_workflow_quality_gates": [
            R(inv(good_ci), {P: {ci}}),
            R(inv(repo(workflows=(workflow(*GATES[:3]),))), {F: {ci}}),
            R(inv(repo()), {F: {".github/workflows"}}),
            R(inv(None), {U: {"repository:CI workflows"}}),
        ],
        "ci_gates_blocking": [
            R(inv(good_ci), {P: {ci}}),
            R(inv(repo(workflows=(workflow(*GATES, soft_job=True),))), {F: {ci}}),
            R(inv(repo(workflows=(workflow(*GATES, triggers=("workflow_dispatch",)),))), {F: {ci}}),
        ],
        "ci_security_scan": [
            R(inv(good_ci), {P: {ci}}),
            R(
                inv(
                    repo(
                        workflows=(workflow(*GATES[:4], CIStep(run="checkov -d .", continue_on_error=True)),)
                    )
                ),
                {F: {ci}},
            ),
            R(inv(good_ci), {F: {ci}}, {"scanners": ["checkov", "tfsec"]}),
        ],
        "checkov_no_failures": [
            R(
                inv(None, bucket, bucket2, checkov_findings=(ck_pass,)),
                {P: {"module.s3.aws_s3_bucket.raw", "module.s3.aws_s3_bucket.proc"}},
            ),
            R(
                inv(None, bucket, bucket2, checkov_findings=(ck_fail,)),
                {P: {"module.s3.aws_s3_bucket.raw"}, F: {"module.s3.aws_s3_bucket.proc"}},
            ),
            R(inv(None, bucket), {U: {"checkov"}}),
            # checkov ran (the Terraform source says so) and reported no failure at all
            R(inv(None, bucket, sources=(tf_run,)), {P: {"module.s3.aws_s3_bucket.raw"}}),
            R(inv(None, bucket, sources=(tf_run,), not_assessed=(checkov_gap,)), {U: {"checkov"}}),
            R(inv(None, live_bucket), {NA: {"inventory:Terraform resources"}}),
        ],
        "repo_no_secrets": [
            R(inv(repo(secrets_scanned_files=120)), {P: {"."}}),
            R(
                inv(
                    repo(
                        secrets_scanned_files=120,
                        secret_matches=(
                            SecretMatch(
                                kind="aws_access_key_id",
                                location=Location(path="src/settings.py", start_line=3),
                            ),
                        ),
                    )
                ),
                {F: {"src/settings.py"}},
            ),
            R(inv(repo()), {U: {"."}}),
        ],
        "runbook_rollback": [
            R(inv(repo(documents=(runbook,))), {P: {"docs/RUNBOOK.md"}}),
            R(inv(repo(documents=(runbook.model_copy(update={"mentions": {}}),))), {F: {"docs/RUNBOOK.md"}}),
            R(inv(repo()), {F: {"docs/RUNBOOK.md"}}),
        ],
        "scripts_start_stop": [
            R(inv(repo(scripts=(start, stop))), {P: {"scripts/start.sh", "scripts/stop.sh"}}),
            R(
                inv(repo(scripts=(start.model_copy(update={"executable": False}),))),
                {F: {"scripts/start.sh", "scripts/stop.sh"}},
            ),
        ],
        "scripts_stop_streaming": [
            R(inv(repo(scripts=(start, stop))), {P: {"scripts/stop.sh"}}),
            # the entry point stops the producer but never cancels the job run
            R(
                inv(repo(scripts=(stop.model_copy(update={"aws_operations": ("ecs:stop_task",)}),))),
                {F: {"scripts/stop.sh"}},
            ),
            # a word in the command line is not evidence: no readable entry point, no verdict
            R(
                inv(repo(scripts=(stop.model_copy(update={"python_entry": None, "aws_operations": ()}),))),
                {U: {"scripts/stop.sh"}},
            ),
            R(inv(repo()), {F: {"scripts/stop.sh"}}),
        ],
        "agent_specs_contracts": [
            R(
                inv(repo(agent_specs=agents)),
                {P: {"agents/analyst.md", "agents/architect.md", "agents/engineer.md"}},
                {"min_agents": 3, "external_inputs": ["brief"]},
            ),
            R(
                inv(repo(agent_specs=agents)),
                {F: {"agents", "agents/analyst.md"}, P: {"agents/architect.md", "agents/engineer.md"}},
                {"min_agents": 7},
            ),
        ],
        "structured_logging_correlation": [
            R(
                inv(
                    repo(
                        code_usage=(
                            CodeUsage(practice="structured_logging", files=("platform/api/logs.py",)),
                            CodeUsage(practice="correlation_id", files=("platform/api/logs.py",)),
                        )
                    )
                ),
                {P: {"platform/api/logs.py"}},
            ),
            R(
                inv(
                    repo(
                        code_usage=(
                            CodeUsage(practice="structured_logging", files=("platform/api/logs.py",)),
                        )
                    )
                ),
                {P: {"platform/api/logs.py"}, F: {"platform"}},
            ),
        ],
        "terraform_layout_counts": [
            R(
                inv(repo(terraform=tf)),
                {P: {"platform/infra"}},
                {"min_modules": 2, "root_variables": 12, "root_outputs": 13, "modules": ["kinesis", "iam"]},
            ),
            R(inv(repo(terraform=tf)), {F: {"platform/infra"}}, {"min_modules": 8, "modules": ["glue"]}),
            R(inv(repo()), {F: {"infra"}}),
        ],
        "terraform_no_drift": [
            R(inv(None, bucket, live_bucket, sources=runs), {P: {"raw"}}),
            R(inv(None, bucket, live_bucket, sources=runs, drift=(drift,)), {F: {"raw"}}),
            R(
                inv(None, live_bucket, sources=runs[:1]),
                {NA: {"inventory:resources seen by both Terraform and the account"}},
            ),
        ],
        "spark_checkpoint_interval": [
            R(inv(repo(config_files=(pipeline,))), {P: {"platform/jobs/config/pipeline.yaml"}}),
            R(inv(repo(config_files=(slow,))), {F: {"platform/jobs/config/pipeline.yaml"}}),
            R(inv(repo()), {F: {"platform/jobs/config/pipeline.yaml"}}),
            # "every 60 s" is a bound: checkpointing more often holds, never (0) or unreadable fails
            *(
                R(inv(repo(config_files=(_trigger(value),))), {status: {PIPELINE_PATH}})
                for value, status in ((5, P), ("30 seconds", P), (0, F), ("soon", F))
            ),
        ],
        "spark_watermarks": [
            R(
                inv(repo(config_files=(pipeline,))),
                {P: {"platform/jobs/config/pipeline.yaml"}},
                {"expected": marks},
            ),
            R(
                inv(repo(config_files=(slow,))),
                {F: {"platform/jobs/config/pipeline.yaml"}},
                {"expected": marks},
            ),
        ],
        "spark_tumbling_windows": [
            R(
                inv(repo(config_files=(pipeline,))),
                {P: {"platform/jobs/config/pipeline.yaml"}},
                {"expected": windows},
            ),
            R(
                inv(repo(config_files=(slow,))),
                {F: {"platform/jobs/config/pipeline.yaml"}},
                {"expected": windows},
            ),
        ],
        "repo_exchange_feeds_wss": [
            R(inv(repo(config_files=(feeds,))), {P: {"platform/producer/config.yaml"}}),
            R(inv(repo(config_files=(plain_feeds,))), {F: {"platform/producer/config.yaml"}}),
            R(inv(repo()), {F: {"platform/producer/config.yaml"}}),
        ],
        "iceberg_partitioning_in_code": [
            R(
                inv(
                    repo(
                        code_usage=(
                            CodeUsage(
                                practice="iceberg_hidden_partitioning",
                                files=("platform/jobs/sinks/iceberg.py",),
                            ),
                        )
                    )
                ),
                {P: {"platform/jobs/sinks/iceberg.py"}},
            ),
            R(inv(repo()), {F: {"platform"}}),
        ],
        "columnar_storage_in_code": [
            R(
                inv(
                    repo(
                        code_usage=(
                            CodeUsage(practice="columnar_storage", files=("platform/jobs/sinks/iceberg.py",)),
                        )
                    )
                ),
                {P: {"platform/jobs/sinks/iceberg.py"}},
            ),
            R(inv(repo(code_usage=(CodeUsage(practice="columnar_storage", files=()),))), {F: {"platform"}}),
            R(inv(None), {U: {"repository:Parquet/Iceberg writers"}}),
        ],
        "producer_circuit_breaker": [
            R(
                inv(
                    repo(
                        code_usage=(
                            CodeUsage(practice="circuit_breaker", files=("platform/producer/app.py",)),
                        )
                    )
                ),
                {P: {"platform/producer/app.py"}},
            ),
            R(inv(repo()), {F: {"platform"}}),
            R(inv(None), {U: {"repository:circuit breaker in use"}}),
        ],
        "emr_job_retry_policy": [
            R(
                inv(
                    repo(
                        code_usage=(
                            CodeUsage(practice="job_retry_policy", files=("platform/jobs/submit.py",)),
                        )
                    )
                ),
                {P: {"platform/jobs/submit.py"}},
            ),
            R(inv(repo()), {F: {"platform"}}),
        ],
        "dashboard_poll_interval": [
            R(inv(repo(config_files=(dash,))), {P: {"platform/dashboard/config.json"}}),
            R(inv(repo(config_files=(eager,))), {F: {"platform/dashboard/config.json"}}),
            R(inv(repo(config_files=(js,))), {P: {"platform/dashboard/static/config.js"}}, js_params),
            R(
                inv(repo(config_files=(js,))),
                {F: {"platform/dashboard/static/config.js"}},
                {**js_params, "min_seconds": 30},
            ),
        ],
    }
