"""The streaming job's structured (JSON) log records are selected by field and its errors alarm."""

from __future__ import annotations

from coattail.review.checks._cis_metric_filters import PatternError, alarms_on, compile_pattern
from coattail.review.checks._common import Findings, each, finding
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, LogGroup, MetricFilter
from coattail.review.model import Finding, Status

# Records as the job writes them (coattail.jobs.joblog): an error of a micro-batch must match the
# filter, an ordinary batch summary must not; a plain-text line (what the job logged before its
# records were JSON) cannot be selected by a JSON pattern at all.
ERROR_RECORD = {
    "ts": "2026-12-07T19:00:00.000Z",
    "level": "ERROR",
    "logger": "jobs.pipeline",
    "message": "batch 7 failed",
    "query": "ctc-dev-streaming-stream",
    "batch_id": 7,
    "correlation_id": "ctc-dev-streaming-stream:7",
    "exception": "Traceback ...",
}
INFO_RECORD = {**ERROR_RECORD, "level": "INFO", "message": "batch 7: 500 rows, 1 new alerts"}


def _selects_errors(f: MetricFilter) -> str | None:
    """Why the filter does not select the job's JSON error records (None when it does)."""
    pattern = (f.filter_pattern or "").strip()
    if not pattern.startswith("{"):
        return f"pattern {pattern!r} is not a JSON pattern (it does not select record fields)"
    try:
        matches = compile_pattern(pattern)
    except PatternError as exc:
        return f"pattern {pattern!r} not understood ({exc})"
    if not matches(ERROR_RECORD):
        return f"pattern {pattern!r} misses an error record"
    if matches(INFO_RECORD):
        return f"pattern {pattern!r} also counts ordinary records"
    return None


@check(
    id="streaming_job_json_errors_alarmed",
    kind="claim",
    title="The streaming job's JSON log records are filtered by level and its errors raise an alarm",
    pillar="operational_excellence",
    bp_id="OPS08-BP02",
    severity="medium",
    service="logs",
    resource_type="AWS::Logs::LogGroup",
    rationale="Structured JSON records with the micro-batch's correlation id can be selected by field: a "
    "metric filter on `$.level` counts the job's errors and an alarm on it reaches the operator, where "
    "free text would need a fragile text match; the record it points to carries the batch and alert ids.",
    remediation="Log JSON lines from the job (coattail.jobs.joblog) and add a metric filter "
    '`{ $.level = "ERROR" }` on its log group with an alarm that notifies the alarms topic.',
    remediation_terraform='resource "aws_cloudwatch_log_metric_filter" "job_errors" {\n'
    '  pattern = "{ $.level = \\"ERROR\\" }"\n}',
    params={"log_group_prefix": "/aws/emr-serverless/"},
)
def streaming_job_json_errors_alarmed(inv: Inventory, p: Params) -> Findings:
    """Per job log group: PASS when a JSON metric filter selects error records (and not ordinary
    ones) and an alarm with actions watches its metric; FAIL naming what is missing."""
    prefix = p.str("log_group_prefix")

    def judge(group: LogGroup) -> Finding:
        filters = [
            f
            for f in inv.by_type(MetricFilter)
            if f.log_group_name == group.name and (f.region is None or group.region in (None, f.region))
        ]
        problems: list[str] = []
        for f in filters:
            why = _selects_errors(f)
            if why:
                problems.append(f"{f.name}: {why}")
                continue
            alarmed = [a for a in alarms_on(inv, f) if a.has_actions]
            if alarmed:
                return finding(
                    group,
                    Status.PASS,
                    f"metric filter {f.name} ({f.filter_pattern}) counts the job's error records; "
                    f"alarm {alarmed[0].name} notifies {', '.join(alarmed[0].alarm_actions)}",
                    metric_filter=f.name,
                    pattern=f.filter_pattern,
                    alarm=alarmed[0].name,
                )
            problems.append(f"{f.name}: no alarm with actions on its metric")
        return finding(
            group,
            Status.FAIL,
            "; ".join(problems) if problems else "no metric filter selects the job's error records",
            metric_filters=[f.name for f in filters],
        )

    yield from each(
        inv,
        LogGroup,
        f"log groups of EMR Serverless jobs ({prefix}*)",
        judge,
        select=lambda g: g.name.startswith(prefix),
    )
